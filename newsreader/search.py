"""Run a parsed query against the bigram index, rank it, and build hits.

Every query becomes one FTS5 MATCH expression passed as a bound parameter;
its tokens are always double-quoted (``index.term_expression``), so nothing
a user types is FTS5 or SQL syntax. Filters (dates, read state, the selected
section) become fixed SQL with bound values.

Ranking: title matches first, then BM25 while the result set is small enough
for it to be cheap, then newest first. Pinyin matches (a Latin term matching
a title's or byline's pinyin or initials) come after the direct matches.
"""

from __future__ import annotations

import functools
import json
import re
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from newsreader.index import PAGE_MARK, PINYIN_MARK, single_character, term_expression
from newsreader.models import Article, Hit, MatchSpan, SectionKey, SectionNode
from newsreader.pinyin import is_pinyin_query
from newsreader.query import Clause, Query, Term, parse_query
from newsreader.side import SideConnection
from newsreader.snippets import count_matches, find_spans, make_snippet
from newsreader.text import fold, fold_aliases, fold_cached, non_ascii_fold_aliases

# Above this many matches BM25 costs more than a keystroke can afford (~1 µs a row).
BM25_LIMIT = 3_000
SNIPPET_CELLS = 80
# Column weights for bm25(), in index.COLUMNS order: body, title, section,
# people, page, pinyin (the last two hold marked tokens, matched on purpose only).
BM25_WEIGHTS = (1.0, 10.0, 2.0, 2.0, 1.0, 1.0)
REPORTER_ROLE_PATTERN = "%记者%"
# The most prolific reporters only: a pane of 70,000 names helps nobody.
REPORTERS_SHOWN = 500

# Sections-pane headings: selecting one shows everything.
GROUP_KINDS = frozenset(
    {"all", "editions", "sections", "reporters", "feeds", "watchlist", "topics"}
)

# Column filters of fielded terms. An unfielded term needs none: the only
# other columns (page, pinyin) hold marked tokens it cannot match.
_FIELD_COLUMNS = {"title": "title", "author": "people", "section": "section"}


@dataclass
class Compiled:
    """A query turned into an FTS5 expression plus SQL filters on ``articles a``."""

    match: str | None = None
    # ``match`` with each clause's pinyin alternative ORed in (None without pinyin).
    extended: str | None = None
    exclude: str | None = None
    title_match: str | None = None
    pinyin_clauses: list[tuple[str | None, str | None]] = field(default_factory=list)
    where: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)
    impossible: bool = False
    # One positive clause, no exclusions: a title match is then a full match.
    single_clause: bool = False
    # The query is one unfielded character: its count is in char_df.
    single_char: str | None = None

    @property
    def has_pinyin(self) -> bool:
        return any(py for _, py in self.pinyin_clauses)


def _columns_expr(term: Term) -> str | None:
    expression = term_expression(term.text)
    if expression is None:
        return None
    column = _FIELD_COLUMNS.get(term.field) if term.field else None
    if column is None:
        return expression
    fielded = "{" + column + "} : " + expression
    if term.field == "section":  # the page too (第06版), by its marked tokens
        return f"({fielded} OR {term_expression(term.text, PAGE_MARK)})"
    return fielded


def _clause_expr(clause: Clause) -> str | None:
    parts = [p for p in (_columns_expr(t) for t in clause.alternatives) if p]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def _pinyin_expr(clause: Clause) -> str | None:
    parts = [
        term_expression(t.text, PINYIN_MARK)
        for t in clause.alternatives
        if t.field is None and is_pinyin_query(t.text)
    ]
    parts = [p for p in parts if p]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def scope_filter(scope: SectionKey | None) -> tuple[str, list[Any]]:
    """SQL (on ``articles a``) selecting the articles of a sections-pane entry."""
    if scope is None or scope.kind in GROUP_KINDS:
        return "1", []
    value = list(scope.value)
    if scope.kind == "unread":
        return "a.read = 0", []
    if scope.kind == "starred":
        return "a.starred = 1", []
    if scope.kind == "edition":
        names = ("a.publication", "a.date", "a.page")[: len(value)]
        return " AND ".join(f"{n} = ?" for n in names) or "1", value
    if scope.kind == "section":
        return "a.section = ?", value[:1]
    if scope.kind == "reporter":
        return "a.id IN (SELECT article_id FROM bylines WHERE name = ?)", value[:1]
    if scope.kind == "feed":
        return "a.source_id IN (SELECT id FROM sources WHERE path = ?)", value[:1]
    if scope.kind in ("query", "watch", "topic"):
        # value[-1] is a query string (a watched word, or a topic's words joined by OR)
        if not value:
            return "0", []
        # Watched words and topic words match as written, not by pinyin: they
        # are chosen words, and a scope must stay one uncorrelated index lookup.
        inner = compile_query(parse_query(value[-1]), pinyin=False)
        if inner.impossible:
            return "0", []
        sql, params = _direct_ids_sql(inner)
        if inner.match and not inner.where:
            return "a.doc IN (SELECT rowid FROM search_index WHERE search_index MATCH ?)", [
                inner.match
            ]
        return f"a.id IN (SELECT * FROM ({sql}))", params
    if scope.kind == "ids":
        marks = ",".join("?" * len(value))
        return f"a.id IN ({marks})", [int(v) for v in value]
    return "0", []


def compile_query(
    query: Query, scope: SectionKey | None = None, *, pinyin: bool = True
) -> Compiled:
    compiled = Compiled()
    positives: list[str] = []
    negatives: list[str] = []
    title_terms: list[str] = []
    for clause in query.clauses:
        expression = _clause_expr(clause)
        if clause.negated:
            if expression:
                negatives.append(expression)
            continue
        if expression is None:
            compiled.impossible = True  # a required term that is empty matches nothing
            continue
        positives.append(expression)
        compiled.pinyin_clauses.append((expression, _pinyin_expr(clause) if pinyin else None))
        for term in clause.alternatives:
            if term.field in (None, "title"):
                title_expression = term_expression(term.text)
                if title_expression:
                    title_terms.append(title_expression)
    if positives:
        compiled.match = _all_of(positives)
    if compiled.has_pinyin:
        compiled.extended = _all_of(
            [
                f"({direct} OR {pinyin})" if pinyin else direct
                for direct, pinyin in compiled.pinyin_clauses
            ]
        )
    if negatives:
        compiled.exclude = " OR ".join(negatives)
        if compiled.match:
            compiled.match = f"{compiled.match} NOT ({compiled.exclude})"
        if compiled.extended:
            compiled.extended = f"{compiled.extended} NOT ({compiled.exclude})"
    if title_terms:
        compiled.title_match = "{title} : (" + " OR ".join(title_terms) + ")"
    compiled.single_clause = len(positives) == 1 and not negatives
    alternatives = query.clauses[0].alternatives if len(query.clauses) == 1 else ()
    if compiled.single_clause and len(alternatives) == 1 and alternatives[0].field is None:
        compiled.single_char = single_character(alternatives[0].text)
    if query.date_from:
        compiled.where.append("a.date >= ?")
        compiled.params.append(query.date_from)
    if query.date_to:
        compiled.where.append("a.date <= ? AND a.date != ''")
        compiled.params.append(query.date_to)
    if query.unread is not None:
        compiled.where.append("a.read = ?")
        compiled.params.append(0 if query.unread else 1)
    if query.starred is not None:
        compiled.where.append("a.starred = ?")
        compiled.params.append(1 if query.starred else 0)
    scope_sql, scope_params = scope_filter(scope)
    if scope_sql != "1":
        compiled.where.append(scope_sql)
        compiled.params.extend(scope_params)
    return compiled


def _all_of(expressions: list[str]) -> str:
    return expressions[0] if len(expressions) == 1 else "(" + " AND ".join(expressions) + ")"


_IN_INDEX = "a.doc IN (SELECT rowid FROM search_index WHERE search_index MATCH ?)"
_NOT_IN_INDEX = "a.doc NOT IN (SELECT rowid FROM search_index WHERE search_index MATCH ?)"


def _direct_ids_sql(compiled: Compiled) -> tuple[str, list[Any]]:
    """A SELECT of matching article ids (unordered), filters included."""
    where = list(compiled.where)
    params = list(compiled.params)
    if compiled.match:
        where.insert(0, _IN_INDEX)
        params.insert(0, compiled.match)
    elif compiled.exclude:
        where.insert(0, _NOT_IN_INDEX)
        params.insert(0, compiled.exclude)
    return f"SELECT a.id FROM articles a WHERE {' AND '.join(where) or '1'}", params


def _extended_ids_sql(compiled: Compiled) -> tuple[str, list[Any]]:
    """Like ``_direct_ids_sql`` but a Latin term may also match by pinyin."""
    where = [_IN_INDEX, *compiled.where]
    return f"SELECT a.id FROM articles a WHERE {' AND '.join(where)}", [
        compiled.extended,
        *compiled.params,
    ]


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
    sql, params = _direct_ids_sql(compiled)
    return db.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]


def _limit(limit: int | None, offset: int) -> str:
    if limit is None:
        return f" LIMIT -1 OFFSET {int(offset)}" if offset else ""
    return f" LIMIT {int(limit)} OFFSET {int(offset)}"


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
        sql, params = _direct_ids_sql(compiled)
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
    query = parse_query(text)
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


def matching_ids_sql(text: str, scope: SectionKey | None = None) -> tuple[str, list[Any]] | None:
    """An unordered SELECT of every matching id (for counts by section), or None."""
    query = parse_query(text)
    compiled = compile_query(query, scope)
    if compiled.impossible:
        return None
    if compiled.has_pinyin:
        return _extended_ids_sql(compiled)
    return _direct_ids_sql(compiled)


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


def highlight_terms(text: str) -> tuple[str, ...]:
    return parse_query(text).highlight_terms()


# ---------------------------------------------------------------------- hits
def make_hit(row: dict[str, Any], terms: Sequence[str], score: float) -> Hit:
    """A result row: snippet around the first match outside the title, spans, counts.

    The body fields are folded once, joined by newlines (folding is per
    character, so offsets carry over); counting and finding the snippet's
    field then work on that one string. This runs for every shown row.
    """
    title = row["title"] or ""
    paragraphs = json.loads(row["paragraphs"] or "[]")
    bylines = [f"{r} {n}".strip() for r, n in json.loads(row["bylines"] or "[]")]
    fields = [f for f in (row["section"] or "", row["dateline"] or "", *paragraphs, *bylines) if f]
    needles = tuple(dict.fromkeys(f for f in map(fold_cached, terms) if f))
    joined = "\n".join(fields)
    count, first, folded = _count_and_find(joined, needles)
    matches = count_matches(title, terms, folded=fold_cached(title)) + count
    snippet_source = None
    snippet_folded = None
    if first >= 0:
        offset = 0
        for candidate in fields:
            if first < offset + len(candidate):
                snippet_source = candidate
                # Folding is per character, so this slice is fold(candidate)
                # (or, with no aliases, matches exactly where it would).
                if folded is not None:
                    snippet_folded = folded[offset : offset + len(candidate)]
                break
            offset += len(candidate) + 1
    if snippet_source is None:
        snippet_source = (row["dateline"] + " " if row["dateline"] else "") + (
            paragraphs[0] if paragraphs else ""
        )
    snippet, spans = make_snippet(snippet_source, terms, SNIPPET_CELLS, folded=snippet_folded)
    folded_title = fold_cached(title)
    return Hit(
        id=row["id"],
        title=title,
        date=row["date"] or "",
        section=row["section"] or "",
        page=row["page"] or "",
        publication=row["publication"] or "",
        snippet=snippet,
        spans=tuple(spans),
        title_spans=tuple(find_spans(title, terms, folded=folded_title)),
        hits=matches,
        score=score,
        read=bool(row["read"]),
        starred=bool(row["starred"]),
        reporter=row["reporter"] or "",
    )


def _count_and_find(text: str, needles: tuple[str, ...]) -> tuple[int, int, str | None]:
    """Matches of the needles in ``fold(text)``: ``(count, first offset or -1, folded)``.

    Folding an article costs ~45 µs; most need none of it. With no character
    that folds into a needle's, the raw text is as good as the folded one.
    With only ASCII case variants of ASCII needles (``GDP`` for ``gdp``), an
    ASCII case-insensitive regex counts them. ``folded`` is None when the
    text was not folded (the caller folds the snippet's field alone).
    """
    aliases = fold_aliases(needles)
    if aliases is None or aliases.search(text) is None:
        count = sum(text.count(n) for n in needles)
        first = min((i for i in (text.find(n) for n in needles) if i >= 0), default=-1)
        return count, first, text
    if all(n.isascii() and " " not in n for n in needles):
        others = non_ascii_fold_aliases(needles)
        if others is None or others.search(text) is None:
            count, first = 0, -1
            for needle in needles:
                for found in _ascii_pattern(needle).finditer(text):
                    count += 1
                    if first < 0 or found.start() < first:
                        first = found.start()
            return count, first, None
    folded = fold(text)
    count = sum(folded.count(n) for n in needles)
    first = min((i for i in (folded.find(n) for n in needles) if i >= 0), default=-1)
    return count, first, folded


@functools.lru_cache(maxsize=64)
def _ascii_pattern(needle: str) -> re.Pattern[str]:
    return re.compile(re.escape(needle), re.ASCII | re.IGNORECASE)


def article_spans(article: Article, terms: Sequence[str]) -> list[MatchSpan]:
    """Spans of every match, per text field, in reading order."""
    if not terms:
        return []
    return [
        MatchSpan(name, index, start, end)
        for name, index, text in article.text_fields()
        for start, end in find_spans(text, terms)
    ]


# ------------------------------------------------------------------ sections
_SECTION_COLUMNS = "id, publication, date, page, section, read, starred, source_id"


def section_tree(db: Any, text: str) -> list[SectionNode]:
    """All / Unread / Starred, Editions, Sections and Reporters with counts.

    With a query the counts are hits, so the pane shows where the results are.
    """
    # Only the narrow edition index is read (never the article rows, which
    # hold the text): the pane stays cheap in time and memory at any size.
    source = f"(SELECT {_SECTION_COLUMNS} FROM articles INDEXED BY idx_articles_edition)"
    params: list[Any] = []
    if text.strip():
        matched = matching_ids_sql(text)
        if matched is None:
            source, params = "(SELECT * FROM articles WHERE 0)", []
        else:
            # Run the search once, not once per group below.
            ids_sql, ids_params = matched
            db.execute("CREATE TEMP TABLE IF NOT EXISTS matched_ids (id INTEGER PRIMARY KEY)")
            db.execute("DELETE FROM temp.matched_ids")
            db.execute(f"INSERT INTO temp.matched_ids {ids_sql}", ids_params)
            source = (
                f"(SELECT {_SECTION_COLUMNS} FROM articles INDEXED BY idx_articles_edition "
                "WHERE id IN (SELECT id FROM temp.matched_ids))"
            )

    def rows(sql: str) -> list[tuple[Any, ...]]:
        return db.execute(sql.replace("{src}", source), params).fetchall()

    total, unread, starred = rows(
        "SELECT count(*), coalesce(sum(read = 0), 0), coalesce(sum(starred), 0) FROM {src} a"
    )[0]
    nodes = [
        SectionNode(SectionKey("all"), "All", total),
        SectionNode(SectionKey("unread"), "Unread", unread),
        SectionNode(SectionKey("starred"), "Starred", starred),
    ]
    editions: dict[str, dict[str, list[SectionNode]]] = {}
    for publication, date, page, count in rows(
        "SELECT publication, date, page, count(*) FROM {src} a "
        "GROUP BY publication, date, page ORDER BY date DESC, publication, page"
    ):
        node = SectionNode(
            SectionKey("edition", (publication or "", date or "", page or "")),
            page or "(no page)",
            count,
        )
        editions.setdefault(publication or "", {}).setdefault(date or "", []).append(node)
    edition_nodes = []
    for publication, dates in editions.items():
        date_nodes = tuple(
            SectionNode(
                SectionKey("edition", (publication, date)),
                date or "(no date)",
                sum(p.count for p in pages),
                tuple(pages),
            )
            for date, pages in dates.items()
        )
        edition_nodes.append(
            SectionNode(
                SectionKey("edition", (publication,)),
                publication or "(no publication)",
                sum(d.count for d in date_nodes),
                date_nodes,
            )
        )
    nodes.append(
        SectionNode(
            SectionKey("editions"),
            "Editions",
            sum(e.count for e in edition_nodes),
            tuple(edition_nodes),
        )
    )
    section_nodes = tuple(
        SectionNode(SectionKey("section", (name,)), name, count)
        for name, count in rows(
            "SELECT section, count(*) FROM {src} a WHERE section != '' "
            "GROUP BY section ORDER BY count(*) DESC, section"
        )
    )
    nodes.append(SectionNode(SectionKey("sections"), "Sections", len(section_nodes), section_nodes))
    reporter_sql = (
        "SELECT b.name, count(DISTINCT b.article_id) FROM bylines b WHERE b.role LIKE ? "
        + ("AND b.article_id IN (SELECT id FROM {src}) " if text.strip() else "")
        + "GROUP BY b.name ORDER BY count(DISTINCT b.article_id) DESC, b.name "
        + f"LIMIT {REPORTERS_SHOWN}"
    )
    reporter_rows = db.execute(
        reporter_sql.replace("{src}", source), [REPORTER_ROLE_PATTERN, *params]
    ).fetchall()
    reporter_nodes = tuple(
        SectionNode(SectionKey("reporter", (name,)), name, count) for name, count in reporter_rows
    )
    nodes.append(
        SectionNode(SectionKey("reporters"), "Reporters", len(reporter_nodes), reporter_nodes)
    )
    feed_rows = db.execute(
        "SELECT s.path, coalesce(nullif(s.edition_title, ''), s.path), count(a.id) "
        "FROM sources s LEFT JOIN " + source + " a ON a.source_id = s.id "
        "WHERE s.kind = 'feed' GROUP BY s.id ORDER BY 2",
        params,
    ).fetchall()
    if feed_rows:
        feed_nodes = tuple(
            SectionNode(SectionKey("feed", (path,)), title, count)
            for path, title, count in feed_rows
        )
        nodes.append(
            SectionNode(SectionKey("feeds"), "Feeds", sum(f.count for f in feed_nodes), feed_nodes)
        )
    return nodes
