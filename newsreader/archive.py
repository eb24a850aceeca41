"""The Archive: the one public entry point to storage, import and search.

The CLI, the UI, tests and outside scripts all go through this class, so the
rules that keep data safe live in one place: each file is stored whole or
not at all (an interrupted import leaves every file wholly old or wholly
new), user state is keyed by article identity (it survives re-imports), and
queries reach SQL only as bound parameters.

The work itself is done elsewhere, and this class only says which step comes
when: ``store.importer`` (import stage 1: store the rows), ``store.indexer``
(stage 2: the search index), ``store.articles`` (reads, marks, settings,
stats), ``search`` (queries, sections, keyword scores).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import sqlite_utils

from newsreader.models import (
    Article,
    ArticleRow,
    Hit,
    ImportReport,
    MatchSpan,
    ParsedPage,
    SearchResult,
    SectionKey,
    SectionNode,
)
from newsreader.search import compile as search_compile
from newsreader.search import dates as search_dates
from newsreader.search import hits as search_hits
from newsreader.search import keyword_scores
from newsreader.search import run as search_engine
from newsreader.search import sections as search_sections
from newsreader.search.bounds import bounded_rows
from newsreader.store import articles as stored
from newsreader.store import importer, indexer
from newsreader.store.damage import damage_of, names_damage
from newsreader.store.indexer import INDEXING
from newsreader.store.page_meta import page_meta
from newsreader.store.schema import SCHEMA_VERSION, ArchiveError, connect, migrate, one_line
from newsreader.store.side import SideConnection

# INDEXING: the label of the indexing stage in import_paths' progress calls.
__all__ = ["INDEXING", "Archive", "ArchiveError", "is_writable"]


@names_damage
class Archive:
    """An archive of articles in one SQLite file."""

    def __init__(self, db: sqlite_utils.Database, path: Path, *, read_only: bool = False) -> None:
        self.db = db
        self.path = path
        self.read_only = read_only
        # Counts a search's total in parallel with its page (see side.py).
        self._side: SideConnection | None = None
        # interrupt() comes from another thread: it must never reach a
        # connection that is closing or closed (SQLite forbids the first,
        # Python raises for the second).
        self._closing = threading.Lock()
        self._closed = False
        self._recent = _RecentTotals()

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False) -> Archive:
        """Open (creating if missing) the archive at ``path``.

        Raises ``ArchiveError`` with a one-line message for a file that is not
        SQLite, is damaged, or was written by a newer newsreader.
        """
        path = Path(path).expanduser()
        if path.is_dir():
            raise ArchiveError(
                f"{path}: is a folder; give the archive's file (e.g. {path}/news.db)"
            )
        if read_only and not path.exists():
            raise ArchiveError(f"{path}: no such archive")
        if not read_only and str(path) != ":memory:" and not is_writable(path):
            raise ArchiveError(f"{path}: the archive is read-only (no permission to write it)")
        db = connect(path, read_only=read_only)
        try:
            if read_only:
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if version == 0:
                    raise ArchiveError(f"{path}: not a newsreader archive")
                if version > SCHEMA_VERSION:
                    raise ArchiveError(f"{path}: archive schema v{version} is newer than this")
                if version < SCHEMA_VERSION:
                    # Searching an older index with this version's queries would
                    # quietly give wrong results; upgrading needs to write.
                    raise ArchiveError(
                        f"{path}: archive schema v{version} is older than this newsreader "
                        f"(v{SCHEMA_VERSION}) and cannot be upgraded read-only; open it once "
                        "where it can be written"
                    )
            else:
                migrate(db)
        except ArchiveError:
            db.close()
            raise
        except UnicodeDecodeError as error:  # SQLite quoting a garbled schema
            db.close()
            raise damage_of(path, error) from None
        except Exception as error:
            db.close()
            reason = one_line(error)
            raise ArchiveError(f"{path}: not a usable newsreader archive ({reason})") from None
        return cls(db, path, read_only=read_only)

    def interrupt(self) -> None:
        """Abort the queries running on this archive's connections (from another thread).

        The interrupted call raises ``sqlite3.OperationalError``; the caller
        that asks for this has stopped waiting for it. A closed archive has
        nothing running: nothing happens (a worker cancelled just as its
        call finished and closed it).
        """
        with self._closing:
            if self._closed:
                return
            self.db.conn.interrupt()
            if self._side is not None:
                self._side.interrupt()

    def close(self) -> None:
        with self._closing:
            self._closed = True
        if self._side is not None:
            self._side.close()
            self._side = None
        self.db.close()

    def _side_connection(self) -> SideConnection | None:
        """The helper-thread connection for counting, opened on first use (files only)."""
        if self._side is None and str(self.path) != ":memory:":
            self._side = SideConnection(partial(connect, self.path, read_only=self.read_only))
        return self._side

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ import
    def import_paths(
        self,
        paths: Iterable[str | Path],
        *,
        progress: Any = None,
        workers: int | None = None,
    ) -> ImportReport:
        """Import files and folders; unchanged files are skipped by content hash.

        ``progress``, if given, is called as ``progress(done, total, path)``
        after each file. Folders are remembered, and files that disappeared
        from a re-imported folder lose their articles.
        """
        report = importer.ReportBuilder()
        importer.store_paths(self.db, paths, report, progress=progress, workers=workers)
        # Also finishes what an interrupted import left queued.
        started = time.perf_counter()
        self.index_pending(workers, progress)
        report.index_seconds = time.perf_counter() - started
        return report.build()

    def pending_index(self) -> int:
        """How many stored articles the search index has not caught up with."""
        return indexer.pending_index(self.db)

    def index_pending(self, workers: int | None = None, progress: Any = None) -> int:
        """Index every queued article (see ``store.indexer``); returns how many were indexed.

        Workers read the queued articles on their own connections and make
        the tokens; this process writes them, ``INDEX_BATCH`` articles a
        transaction, in key order (FTS5 then appends instead of merging).
        """
        if self.read_only:
            return 0
        return indexer.index_pending(self.db, self.path, workers, progress)

    def store_page(
        self,
        source: str,
        page: ParsedPage,
        *,
        content_hash: str,
        size: int = 0,
        mtime: float = 0.0,
        kind: str = "feed",
    ) -> ImportReport:
        """Store an already parsed page (a feed) as one source, replacing its old articles."""
        report = importer.ReportBuilder()
        if importer.store_page(
            self.db,
            report,
            source,
            page,
            content_hash=content_hash,
            size=size,
            mtime=mtime,
            kind=kind,
        ):
            self.index_pending(workers=1)
        return report.build()

    def forget_paths(self, paths: Iterable[str | Path]) -> ImportReport:
        """Remove the articles of files that were deleted (live folders call this)."""
        return importer.forget_paths(self.db, paths)

    def roots(self) -> list[str]:
        """Folders imported before (re-imported by `r` and watched by live folders)."""
        return importer.roots(self.db)

    # ------------------------------------------------------------------ keywords
    def keywords(self, article_id: int, k: int = 8) -> list[tuple[str, float]]:
        """The article's top keywords by TF-IDF against the archive as it is now.

        Candidates come from word segmentation of the article (at display
        time: ~1-2 ms); each candidate's document frequency is an exact count
        from the search index, so nothing is computed at import and keywords
        follow the archive as it grows.
        """
        article = self.article(article_id)
        if article is None:
            return []
        return keyword_scores.article_keywords(self.db, self.path, article, k)

    def common_terms(self, k: int = 30, sample: int = 300) -> list[tuple[str, float]]:
        """The archive's keywords now: TF-IDF over its newest ``sample`` articles taken together."""
        newest = (self.article(article_id) for article_id in self.list_ids(limit=sample))
        return keyword_scores.common_terms(
            self.db, self.path, (a for a in newest if a is not None), k
        )

    # ------------------------------------------------------------------ reading
    def count(self) -> int:
        return stored.count(self.db)

    def articles(self) -> Iterator[Article]:
        """Every article in archive order (by source, then position in the file)."""
        return stored.articles(self.db)

    def article(self, article_id: int) -> Article | None:
        return stored.article(self.db, article_id)

    def source_path(self, article_id: int) -> str:
        return stored.source_path(self.db, article_id)

    def article_at(self, path: str, position: int) -> int | None:
        return stored.article_at(self.db, path, position)

    def page_meta(self, article_id: int) -> list[str]:
        """The footer lines of the article's page (``更新时间：…``), [] if none."""
        return page_meta(self.db.conn, article_id)

    def rows(self, ids: Sequence[int]) -> list[ArticleRow]:
        """List rows for ``ids``, in the same order (ids that vanished are skipped)."""
        return stored.rows(self.db, ids)

    def list_ids(
        self, scope: SectionKey | None = None, sort: str = "date", limit: int | None = None
    ) -> list[int]:
        """Article ids in ``scope``: newest first, or print order for an edition or ``"file"``.

        ``limit`` lets a list paint its first screen before fetching the rest.
        Here, not in ``store``: the scope's filter is search's language.
        """
        where, params = search_compile.scope_filter(scope)
        # An edition reads in print order; everything else newest first.
        by_file = sort == "file" or (scope is not None and scope.kind == "edition")
        order = "a.source_id, a.position" if by_file else "a.doc DESC"
        tail = "" if limit is None else f" LIMIT {bounded_rows(limit)}"
        sql = f"SELECT a.id FROM articles a WHERE {where} ORDER BY {order}{tail}"
        return [row[0] for row in self.db.execute(sql, params)]

    # ------------------------------------------------------------------ search
    def search(
        self,
        query: str,
        limit: int = 50,
        offset: int = 0,
        sort: str = "rank",
        scope: SectionKey | None = None,
    ) -> SearchResult:
        """Search with the query language (see ``query.py``); never raises on a query."""
        started = time.perf_counter()
        total, direct_total, hits = search_engine.run_with_page(
            self.db,
            query,
            limit,
            offset,
            sort,
            scope,
            self._side_connection(),
            lambda ids, scores: self._hits(ids, query, scores),
            small_guess=self._recent.small_guess(query, scope),
        )
        self._recent.remember(query, scope, direct_total)
        elapsed = (time.perf_counter() - started) * 1000
        return SearchResult(query, total, tuple(hits), elapsed, pinyin_total=total - direct_total)

    def search_ids(
        self, query: str, sort: str = "rank", scope: SectionKey | None = None
    ) -> list[int]:
        """Every matching id in result order (for the virtual list)."""
        _total, ids, _scores = search_engine.run(self.db, query, None, 0, sort, scope)
        return ids

    def hits(self, ids: Sequence[int], query: str) -> list[Hit]:
        """Snippets and spans for a page of result ids."""
        return self._hits(list(ids), query, {})

    def _hits(self, ids: list[int], query: str, scores: dict[int, float]) -> list[Hit]:
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = {
            row["id"]: row
            for row in self.db.query(
                f"SELECT id, title, date, section, page, publication, reporter, read, starred, "
                f"dateline, paragraphs, bylines FROM articles WHERE id IN ({marks})",
                ids,
            )
        }
        terms, pinyin = search_hits.query_terms(query)
        hits = []
        for article_id in ids:
            row = rows.get(article_id)
            if row is None:
                continue
            hits.append(search_hits.make_hit(row, terms, scores.get(article_id, 0.0), pinyin))
        return hits

    def count_matches(self, query: str, scope: SectionKey | None = None) -> int:
        """How many articles match (for watchlist and topic counts)."""
        total, _ids, _scores = search_engine.run(self.db, query, 0, 0, "date", scope)
        return total

    def dates(self, query: str = "", scope: SectionKey | None = None) -> list[str]:
        """The dates of every matching article (all articles for an empty query), for trends."""
        if query.strip():
            matched = search_compile.matching_ids_sql(query, scope)
            if matched is None:
                return []
            sql, params = matched
        else:
            where, params = search_compile.scope_filter(scope)
            sql = f"SELECT a.id FROM articles a WHERE {where}"
        rows = self.db.execute(
            f"SELECT date FROM articles WHERE id IN ({sql}) AND date != ''", params
        )
        return [row[0] for row in rows]

    def date_counts(
        self, query: str = "", scope: SectionKey | None = None
    ) -> list[tuple[str, int]]:
        """``[(day, articles)]`` matching ``query`` in ``scope``, counted in SQL (trends)."""
        return search_dates.day_counts(self.db, query, scope)

    def date_counts_of(self, ids: Iterable[int]) -> list[tuple[str, int]]:
        """``[(day, articles)]`` of these articles (trends of an intersection)."""
        return search_dates.day_counts_of_ids(self.db, ids)

    def match_spans(self, article_id: int, query: str) -> list[MatchSpan]:
        """Every match of the query's terms in the article, field by field."""
        article = self.article(article_id)
        if article is None:
            return []
        return search_hits.article_spans(article, *search_hits.query_terms(query))

    def sections(self, query: str | None = None) -> list[SectionNode]:
        """The sections tree with counts (hit counts when ``query`` is given)."""
        return search_sections.section_tree(self.db, query or "")

    # ------------------------------------------------------------------ state
    def set_read(self, article_id: int, read: bool = True) -> None:
        stored.set_state(self.db, article_id, "read", read)

    def set_starred(self, article_id: int, starred: bool = True) -> None:
        stored.set_state(self.db, article_id, "starred", starred)

    def get_setting(self, key: str, default: Any = None) -> Any:
        return stored.get_setting(self.db, key, default)

    def set_setting(self, key: str, value: Any) -> None:
        stored.set_setting(self.db, key, value)

    # ------------------------------------------------------------------ stats
    def stats(self) -> dict[str, Any]:
        """Counts and sizes for `newsreader stats` and the benchmarks."""
        return stored.stats(self.db, self.path)


class _RecentTotals:
    """The direct-match counts of the last searches, to guess the next one's.

    Typing extends a query, and an extended query matches a subset (an
    added character or term only narrows it), so a query whose longest
    remembered prefix had few matches will have few too: its page is then
    built by BM25 from the start. A wrong guess costs a rebuild, never a
    wrong result (``search.run_with_page`` checks it against the count).
    """

    SIZE = 64

    def __init__(self) -> None:
        self._counts: dict[tuple[str, SectionKey | None], int] = {}

    def small_guess(self, query: str, scope: SectionKey | None) -> bool:
        best = -1, 0
        for (text, where), count in self._counts.items():
            if where == scope and query.startswith(text) and len(text) > best[0]:
                best = len(text), count
        return best[0] >= 0 and best[1] <= search_engine.BM25_LIMIT

    def remember(self, query: str, scope: SectionKey | None, direct_total: int) -> None:
        self._counts.pop((query, scope), None)
        self._counts[(query, scope)] = direct_total
        while len(self._counts) > self.SIZE:
            del self._counts[next(iter(self._counts))]


def is_writable(path: Path) -> bool:
    """Whether an archive at ``path`` can be written: the file and its folder (WAL files)."""
    if path.exists():
        return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    return True  # creating it: connect() reports a folder that can't be written
