"""Plain data shared by parsing, storage, search and the UI.

Frozen dataclasses only: no I/O and no Textual/Rich imports, so every layer
can pass them around and tests can build them by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Byline:
    """One credited person: ``role`` as printed (记者, 通讯员, 摄影 ...), ``name``."""

    role: str
    name: str

    def __str__(self) -> str:
        return f"{self.role} {self.name}".strip()


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    """An article as the parser found it, before it has an archive id.

    ``position`` is its 0-based order in the file. ``level`` is the heading
    level (1 = most prominent, 0 = text before the first heading).
    ``identity`` is empty for pages (the archive derives one from date,
    publication, page and title); feeds set it from the item's id or guid.
    ``extra`` keeps anything that has no field of its own (front matter keys,
    stray Markdown) so that nothing in the input is lost.
    """

    position: int
    title: str
    level: int
    section: str = ""
    page: str = ""
    publication: str = ""
    date: str = ""
    dateline: str = ""
    paragraphs: tuple[str, ...] = ()
    bylines: tuple[Byline, ...] = ()
    url: str = ""
    author: str = ""
    keywords: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    identity: str = ""
    extra: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True, slots=True)
class ParsedPage:
    """What one input file yields: its articles and its edition metadata."""

    articles: tuple[ParsedArticle, ...]
    encoding: str
    edition_title: str = ""
    publication: str = ""
    date: str = ""
    page: str = ""
    front_matter: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Article:
    """A stored article. ``identity`` is stable across re-imports (user state key)."""

    id: int
    source: str
    position: int
    title: str
    level: int
    section: str
    page: str
    publication: str
    date: str
    dateline: str
    paragraphs: tuple[str, ...]
    bylines: tuple[Byline, ...]
    url: str
    identity: str = ""
    author: str = ""
    keywords: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    read: bool = False
    starred: bool = False

    def text_fields(self) -> list[tuple[str, int, str]]:
        """Every searchable field as ``(field, index, text)``, in reading order.

        Search, highlighting and the brute-force oracle all walk this list, so
        they agree on what "the article's text" is.
        """
        fields: list[tuple[str, int, str]] = [("title", 0, self.title)]
        if self.section:
            fields.append(("section", 0, self.section))
        if self.dateline:
            fields.append(("dateline", 0, self.dateline))
        fields.extend(("paragraph", i, p) for i, p in enumerate(self.paragraphs))
        fields.extend(("byline", i, str(b)) for i, b in enumerate(self.bylines))
        return fields

    def plain_text(self) -> str:
        """The article as readable plain text (for `show`, copy and export)."""
        head = [self.title] if self.title else []
        meta = " · ".join(x for x in (self.date, self.publication, self.page, self.section) if x)
        if meta:
            head.append(meta)
        body = list(self.paragraphs)
        if self.dateline and body:
            body[0] = f"{self.dateline} {body[0]}"
        elif self.dateline:
            body = [self.dateline]
        tail = [" ".join(str(b) for b in self.bylines)] if self.bylines else []
        if self.url:
            tail.append(self.url)
        return "\n\n".join(part for part in ("\n".join(head), *body, "\n".join(tail)) if part)


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """The few columns the article list needs for one row."""

    id: int
    title: str
    date: str
    section: str
    page: str
    publication: str
    reporter: str
    read: bool
    starred: bool


@dataclass(frozen=True, slots=True)
class MatchSpan:
    """A match inside one text field of an article (see ``Article.text_fields``)."""

    field: str
    index: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result with what the list needs to draw and highlight it."""

    id: int
    title: str
    date: str
    section: str
    page: str
    publication: str
    snippet: str
    spans: tuple[tuple[int, int], ...]
    title_spans: tuple[tuple[int, int], ...]
    hits: int
    score: float
    read: bool = False
    starred: bool = False
    reporter: str = ""


@dataclass(frozen=True, slots=True)
class SearchResult:
    """``total`` matching articles; ``hits`` is the requested page of them.

    ``pinyin_total`` of the ``total`` match only by pinyin (they come last).
    """

    query: str
    total: int
    hits: tuple[Hit, ...]
    elapsed_ms: float = 0.0
    pinyin_total: int = 0


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did, file by file; ``failed`` and ``warnings`` hold ``(path, text)``.

    A warning is something that was read but not as written (a feed item
    without content, malformed front matter kept as text): the file imported.
    """

    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    failed: tuple[tuple[str, str], ...] = ()
    warnings: tuple[tuple[str, str], ...] = ()
    articles_added: int = 0
    articles_removed: int = 0
    # Wall time of the two stages: storing the articles, then indexing them.
    store_seconds: float = 0.0
    index_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed


@dataclass(frozen=True, slots=True)
class SectionKind:
    """What one kind of ``SectionKey`` names (a row of ``SECTION_KINDS``)."""

    #: How the pane and the status line name it; "" when its value names it.
    label: str = ""
    #: A group heading (Editions, Watchlist): holds entries, is not a scope itself.
    heading: bool = False
    #: Its last value is a query string (a search, a watched word, a topic).
    search: bool = False


#: Every kind of section key: the one table search, the sections pane, the
#: saved reader state and the UI's loading all read.
SECTION_KINDS: dict[str, SectionKind] = {
    "all": SectionKind("All"),
    "unread": SectionKind("Unread"),
    "starred": SectionKind("Starred"),
    "edition": SectionKind(),
    "section": SectionKind(),
    "reporter": SectionKind(),
    "feed": SectionKind(),
    "ids": SectionKind(),
    "query": SectionKind(search=True),
    "watch": SectionKind(search=True),
    "topic": SectionKind(search=True),
    "editions": SectionKind("Editions", heading=True),
    "sections": SectionKind("Sections", heading=True),
    "reporters": SectionKind("Reporters", heading=True),
    "feeds": SectionKind("Feeds", heading=True),
    "watchlist": SectionKind("Watchlist", heading=True),
    "topics": SectionKind("Topics", heading=True),
}
#: Kinds of the sections pane's group headings.
HEADING_KINDS = frozenset(k for k, kind in SECTION_KINDS.items() if kind.heading)
#: Kinds whose last value is a query string.
SEARCH_KINDS = frozenset(k for k, kind in SECTION_KINDS.items() if kind.search)


@dataclass(frozen=True, slots=True)
class SectionKey:
    """Names a group of articles in the sections pane.

    ``kind`` is one of ``SECTION_KINDS``. ``value`` narrows it, e.g.
    ``("人民日报", "2025-01-03", "第06版")`` for an edition page; for a
    search kind (watched word, topic) its last value is the query.
    """

    kind: str
    value: tuple[str, ...] = ()

    @property
    def is_heading(self) -> bool:
        """A group heading (Editions, Watchlist): not a set of articles of its own."""
        return self.kind in HEADING_KINDS

    @property
    def is_everything(self) -> bool:
        """Selects every article: All, or a heading."""
        return self.kind == "all" or self.kind in HEADING_KINDS

    @property
    def search_query(self) -> str | None:
        """The query a search kind stands for (its last value), else None."""
        if self.kind in SEARCH_KINDS and self.value:
            return self.value[-1]
        return None


@dataclass(frozen=True, slots=True)
class SectionNode:
    """One line of the sections tree with its article (or hit) count."""

    key: SectionKey
    label: str
    count: int
    children: tuple[SectionNode, ...] = ()
    #: Unread among ``count`` where the pane shows it (a feed: ``3/12``, as newsboat).
    unread: int | None = None
