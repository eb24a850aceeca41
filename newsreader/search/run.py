"""Run a compiled query: totals, ranked pages of ids, every id in order.

Ranking: title matches first, then BM25 while the result set is small enough
for it to be cheap, then newest first. Pinyin matches (a Latin term matching
a title's or byline's pinyin or initials) come after the direct matches.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

from newsreader.index.tokens import term_expression
from newsreader.models import SectionKey
from newsreader.search.bounds import bounded_rows, storable
from newsreader.search.compile import Compiled, compile_query, direct_ids_sql
from newsreader.search.query import parse_query
from newsreader.search.snippets import make_snippet
from newsreader.store.side import SideConnection
from newsreader.text import fold

# Above this many matches BM25 costs more than a keystroke can afford (~1 µs a row).
BM25_LIMIT = 3_000
# Column weights for bm25(), in index.COLUMNS order: body, title, section,
# people, page, pinyin (the last two hold marked tokens, matched on purpose only).
BM25_WEIGHTS = (1.0, 10.0, 2.0, 2.0, 1.0, 1.0)


def _count_match(db: Any, match: str, compiled: Compiled) -> int:
    if not compiled.where:
        sql = "SELECT count(*) FROM search_index WHERE search_index MATCH ?"
        return db.execute(sql, [match]).fetchone()[0]
    sql = (
        "SELECT count(*) FROM search_index f JOIN articles a ON a.doc = f.rowid "
        f"WHERE search_index MATCH ? AND {' AND '.join(compiled.where)}"
    )
    return db.execute(sql, [match, *compiled.params]).fetchone()[0]


def _count(db: Any, compiled: Compiled) -> int:
    if compiled.single_char and not compiled.where:
        row = db.execute("SELECT df FROM char_df WHERE ch = ?", [compiled.single_char]).fetchone()
        return row[0] if row else 0
    if compiled.match:
        return _count_match(db, compiled.match, compiled)
    sql, params = direct_ids_sql(compiled)
    return db.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]


def _limit(limit: int | None, offset: int) -> str:
    offset = bounded_rows(offset)
    if limit is None:
        return f" LIMIT -1 OFFSET {offset}" if offset else ""
    return f" LIMIT {bounded_rows(limit)} OFFSET {offset}"


def _page(
    db: Any, match: str, compiled: Compiled, by_score: bool, limit: int | None, offset: int
) -> list[tuple[int, float]]:
    """One page of ``match`` as ``(id, score)``, best first or newest first.

    The index's rowid is the article's date-ordered ``doc`` key, so newest
    first is FTS5's own iteration order and stops after ``limit`` rows.
    """
    filters = "".join(f" AND {w}" for w in compiled.where)
    if by_score:
        weights = ", ".join(str(w) for w in BM25_WEIGHTS)
        score, order = f"bm25(search_index, {weights})", "score, f.rowid DESC"
    else:
        score, order = "0.0", "f.rowid DESC"
    sql = (
        f"SELECT a.id, {score} AS score FROM search_index f JOIN articles a ON a.doc = f.rowid "
        f"WHERE search_index MATCH ?{filters} ORDER BY {order}{_limit(limit, offset)}"
    )
    return db.execute(sql, [match, *compiled.params]).fetchall()


def _title_page(db: Any, title_match: str, limit: int | None) -> list[tuple[int, float]]:
    """Newest title matches from the small title index (no body doclists read)."""
    sql = (
        "SELECT a.id, 0.0 FROM title_index t JOIN articles a ON a.doc = t.rowid "
        f"WHERE title_index MATCH ? ORDER BY t.rowid DESC{_limit(limit, 0)}"
    )
    return db.execute(sql, [title_match]).fetchall()


def _bm25_affordable(compiled: Compiled, sort: str, direct_total: int) -> bool:
    """Rank by BM25 only when sorting by rank and few enough articles match directly."""
    return sort != "date" and compiled.match is not None and direct_total <= BM25_LIMIT


def _ranked(
    db: Any, compiled: Compiled, by_score: bool, limit: int | None, offset: int, sort: str
) -> tuple[list[int], dict[int, float]]:
    if compiled.match is None:
        sql, params = direct_ids_sql(compiled)
        rows = db.execute(
            f"SELECT a.id FROM articles a WHERE a.id IN ({sql}) "
            f"ORDER BY a.doc DESC{_limit(limit, offset)}",
            params,
        ).fetchall()
        return [r[0] for r in rows], {}
    if sort == "date" or not compiled.title_match:
        rows = _page(db, compiled.match, compiled, by_score, limit, offset)
    else:
        # Title matches first: two ranked runs, paged as one list. The first
        # run is read up to the end of the page only; its full size is counted
        # only when the page reaches past it.
        in_title = f"({compiled.title_match}) AND ({compiled.match})"
        elsewhere = f"({compiled.match}) NOT ({compiled.title_match})"
        end = None if limit is None else offset + limit
        if compiled.single_clause and not compiled.where and not by_score:
            head = _title_page(db, compiled.title_match, end)
        else:
            head = _page(db, in_title, compiled, by_score, end, 0)
        if end is not None and len(head) == end:
            rows = head[offset:]
        else:
            title_total = len(head)
            rows = head[offset:]
            rest = None if limit is None else limit - len(rows)
            if rest is None or rest > 0:
                rows += _page(db, elsewhere, compiled, by_score, rest, max(0, offset - title_total))
    return [r[0] for r in rows], ({r[0]: -r[1] for r in rows} if by_score else {})


PageResult = TypeVar("PageResult")


def run(
    db: Any,
    text: str,
    limit: int | None,
    offset: int,
    sort: str,
    scope: SectionKey | None,
) -> tuple[int, list[int], dict[int, float]]:
    """``(total, ids of the requested page, scores)`` for a query string."""
    total, _direct, (ids, scores) = run_with_page(
        db, text, limit, offset, sort, scope, None, lambda ids, scores: (ids, scores)
    )
    return total, ids, scores


def run_with_page(
    db: Any,
    text: str,
    limit: int | None,
    offset: int,
    sort: str,
    scope: SectionKey | None,
    side: SideConnection | None,
    on_page: Callable[[list[int], dict[int, float]], PageResult],
    small_guess: bool = False,
) -> tuple[int, int, PageResult]:
    """``(total, direct total, on_page(ids, scores))``: the page is worked on while counting.

    The exact total (FTS5 counting every match) and the page with its
    snippets (``on_page``, Python) are the two costly parts of a search. With
    ``side`` the total is counted on the helper thread while this thread
    builds the page, so they share both cores. Whether the page is ranked by
    BM25 depends on that count (at most ``BM25_LIMIT`` direct matches), so
    the page is built on a guess (``small_guess``: the caller expects a small
    result, e.g. the previous keystroke's was) and built again when the
    count proves the guess wrong.
    """
    query = parse_query(storable(text))  # what SQLite can bind: see bounds.py
    compiled = compile_query(query, scope)
    if compiled.impossible:
        return 0, 0, on_page([], {})
    try:
        if side is None or limit == 0 or _total_is_cheap(compiled):
            direct_total, total = _totals(db, compiled)
            by_score = _bm25_affordable(compiled, sort, direct_total)
            ids, scores = _page_ids(db, compiled, by_score, limit, offset, sort)
            return total, direct_total, on_page(ids, scores)
        counting = side.submit(functools.partial(_totals, compiled=compiled))
        guess = small_guess and _bm25_affordable(compiled, sort, 0)
        ids, scores = _page_ids(db, compiled, guess, limit, offset, sort)
        page = on_page(ids, scores)
        direct_total, total = counting.result()
        # BM25 orders the direct matches only: with none, the page stands.
        by_score = _bm25_affordable(compiled, sort, direct_total)
        if direct_total and by_score != guess:
            ids, scores = _page_ids(db, compiled, by_score, limit, offset, sort)
            page = on_page(ids, scores)
        return total, direct_total, page
    except sqlite3.OperationalError as error:
        # Every token is quoted, so an FTS5 complaint can only be one of its
        # limits (a query too long to parse): no results, not a crash. Any
        # other error (a damaged or foreign archive) must be seen.
        if not str(error).startswith("fts5:"):
            raise
        return 0, 0, on_page([], {})


def _total_is_cheap(compiled: Compiled) -> bool:
    """One character with no filters: its count is one row of char_df."""
    return compiled.single_char is not None and not compiled.where and not compiled.has_pinyin


def _totals(db: Any, compiled: Compiled) -> tuple[int, int]:
    """``(direct matches, all matches)``: they differ by the pinyin-only matches."""
    direct = _count(db, compiled)
    if compiled.extended is None:
        return direct, direct
    # One FTS5 expression (direct OR marked pinyin tokens) merges two doclists:
    # ~1.5 ms for `gd` at 100k, where a NOT IN across two tables took ~7 ms.
    return direct, _count_match(db, compiled.extended, compiled)


def _page_ids(
    db: Any,
    compiled: Compiled,
    by_score: bool,
    limit: int | None,
    offset: int,
    sort: str,
) -> tuple[list[int], dict[int, float]]:
    """The requested page: direct matches ranked, then pinyin-only ones newest first."""
    if compiled.extended is None or compiled.match is None:
        return _ranked(db, compiled, by_score, limit, offset, sort)
    wanted = None if limit is None else offset + limit
    ids, scores = _ranked(db, compiled, by_score, wanted, 0, sort)
    if wanted is None or len(ids) < wanted:
        rest = None if wanted is None else wanted - len(ids)
        # Pinyin-only matches, newest first straight off the index.
        pinyin_only = f"({compiled.extended}) NOT ({compiled.match})"
        ids.extend(r[0] for r in _page(db, pinyin_only, compiled, False, rest, 0))
    page = ids[offset:] if limit is None else ids[offset : offset + limit]
    return page, scores


def document_frequency(db: Any, term: str) -> int:
    """In how many articles ``term`` occurs as a word of the body or title (an exact count)."""
    expression = term_expression(term)
    if expression is None:
        return 0
    sql = "SELECT count(*) FROM search_index WHERE search_index MATCH ?"
    return db.execute(sql, ["{body title} : " + expression]).fetchone()[0]


def warm_up() -> None:
    """Build the lazy tables a first search needs (folding: ~0.1-0.3 s) ahead of time.

    The reader calls this in a background thread at start-up so the first
    keystroke does not pay for it.
    """
    fold("經濟ＡＢＣ")
    make_snippet("保交楼", ["保交"], 10)
    parse_query('保交 OR "经济" -x title:y date:2023')
