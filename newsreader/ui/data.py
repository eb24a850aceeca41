"""What the list and the sections pane show, computed away from the UI thread.

``load`` runs in a worker thread on that thread's own ``Archive`` (SQLite
connections are per thread) and returns plain data; it never touches a
widget, so it is tested without an app.
"""

from __future__ import annotations

from dataclasses import dataclass
from time import perf_counter
from typing import TYPE_CHECKING

from newsreader.features.watchlist import ExtraSections
from newsreader.models import SECTION_KINDS, ArticleRow, Hit, SectionKey, SectionNode

if TYPE_CHECKING:
    from newsreader.archive import Archive

__all__ = [
    "PAGE_SIZE",
    "ExtraSections",
    "Outcome",
    "Request",
    "SectionsOutcome",
    "empty_message",
    "load",
    "load_sections",
    "scope_label",
    "shorter_query",
    "status_line",
]

PAGE_SIZE = 50
ALL = SectionKey("all")


@dataclass(frozen=True, slots=True)
class Request:
    """A list to show: ``query`` ("" = browse), ``scope`` and ``sort`` (rank or date)."""

    query: str
    scope: SectionKey = ALL
    sort: str = "rank"
    #: Only the first ``limit`` articles or results (a quick first paint; the rest follows).
    limit: int | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """The ids in order and the first page of rows (browsing) or hits (searching)."""

    request: Request
    ids: list[int]
    first: list[ArticleRow | Hit]
    elapsed_ms: float = 0.0
    #: How many results in all when ``ids`` is only the first page of them.
    total: int | None = None
    #: How many of the results match by pinyin only.
    by_pinyin: int = 0

    @property
    def count(self) -> int:
        return len(self.ids) if self.total is None else self.total


@dataclass(frozen=True, slots=True)
class SectionsOutcome:
    """The sections tree for ``query``; ``counts`` (articles, unread) when browsing."""

    query: str
    nodes: list[SectionNode]
    counts: tuple[int, int] | None = None


def _scope_arg(scope: SectionKey) -> SectionKey | None:
    return None if scope.kind == "all" else scope


def counts_of(nodes: list[SectionNode]) -> tuple[int, int]:
    """(articles, unread) from the top nodes of an unfiltered sections tree."""
    by_kind = {n.key.kind: n.count for n in nodes}
    return by_kind.get("all", 0), by_kind.get("unread", 0)


def _is_search_scope(scope: SectionKey | None) -> bool:
    return scope is not None and scope.search_query is not None


def _search_ids(archive: Archive, query: str, sort: str, scope: SectionKey | None) -> list[int]:
    """The search's ids in order, within ``scope``.

    A scope that is itself a search is intersected here: the archive's
    search scoped by a topic took 4-18 s at 100k articles, two plain
    searches take milliseconds.
    """
    if not _is_search_scope(scope):
        return archive.search_ids(query, sort=sort, scope=scope)
    assert scope is not None and scope.search_query is not None
    inside = set(archive.search_ids(scope.search_query, sort="date"))
    return [i for i in archive.search_ids(query, sort=sort) if i in inside]


def load(archive: Archive, request: Request) -> Outcome:
    """Run ``request`` on ``archive`` (any object with the Archive methods)."""
    started = perf_counter()
    query = request.query.strip()
    scope = _scope_arg(request.scope)
    first: list[ArticleRow | Hit]
    if query and request.limit is not None and not _is_search_scope(scope):
        # The first page and the exact total cost a few ms at 100k articles;
        # every id in rank order (for scrolling) can cost 100 ms.
        result = archive.search(query, limit=request.limit, sort=request.sort, scope=scope)
        elapsed = (perf_counter() - started) * 1000
        ids = [hit.id for hit in result.hits]
        return Outcome(request, ids, list(result.hits), elapsed, result.total, result.pinyin_total)
    if query:
        ids = _search_ids(archive, query, request.sort, scope)
        first = list(archive.hits(ids[:PAGE_SIZE], query))
    else:
        ids = archive.list_ids(scope=scope, sort="date", limit=request.limit)
        first = list(archive.rows(ids[:PAGE_SIZE]))
    elapsed = (perf_counter() - started) * 1000
    return Outcome(request, ids, first, elapsed)


def load_sections(
    archive: Archive, query: str, extra: ExtraSections | None = None
) -> SectionsOutcome:
    """The sections pane for ``query`` (hit counts) or for browsing (article counts).

    Loaded after the list, separately: at 100k articles the tree costs more
    than the list, and the list is what the user is waiting for.
    """
    query = query.strip()
    nodes = list(archive.sections(query or None))
    counts = None if query else counts_of(nodes)
    if extra is not None:
        nodes.extend(extra(archive, query))
    return SectionsOutcome(query, nodes, counts)


def shorter_query(query: str) -> str:
    """A query likely to match more: drop the last word, or the last character."""
    words = query.split()
    if len(words) > 1:
        return " ".join(words[:-1])
    return query[:-1].strip() if len(query) > 1 else ""


def scope_label(scope: SectionKey) -> str:
    """How the status line names a section: ``Unread``, ``郑州日报 2023-10-25 第06版``."""
    kind = SECTION_KINDS.get(scope.kind)
    if kind is not None and kind.label:
        return kind.label
    return " ".join(v for v in scope.value if v) or scope.kind


EMPTY_ARCHIVE = (
    "This archive has no articles yet.\n\n"
    "Import newspaper pages (Markdown files or folders) with:\n\n"
    "    newsreader import PATH ...\n\n"
    "then start newsreader again, or press r here to re-import folders imported before."
)


def empty_message(query: str, scope: SectionKey) -> str:
    """What the list says when ``query`` in ``scope`` has nothing to show."""
    if query:
        shorter = shorter_query(query)
        hint = f" such as “{shorter}”" if shorter else ""
        return f"No results for “{query}”.\n\nTry a shorter query{hint}, or fewer words."
    if scope.kind != "all":
        return "Nothing in this section."
    return EMPTY_ARCHIVE


def status_line(outcome: Outcome) -> str:
    """The status line for a list: how many, how fast, where, in what order."""
    n, request = outcome.count, outcome.request
    where = scope_label(request.scope)
    if request.query.strip():
        noun = "result" if n == 1 else "results"
        in_scope = f" · in {where}" if request.scope.kind != "all" else ""
        pinyin = f" · {outcome.by_pinyin} by pinyin" if outcome.by_pinyin else ""
        return (
            f"{n} {noun}{pinyin} in {outcome.elapsed_ms:.0f} ms{in_scope}"
            f" · sorted by {request.sort}"
        )
    noun = "article" if n == 1 else "articles"
    return f"{n} {noun} · {where}"
