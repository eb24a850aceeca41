"""The virtual article list: only visible rows are fetched and drawn.

The widget holds the ordered list of ids (cheap even at 100k) and asks its
``fetch`` callback for rows one page of ids at a time when a page first
becomes visible (``WHERE id IN (...)``, never ``OFFSET``). Drawn lines are
kept in an LRU cache of strips, so the cost of a cursor move is two
refreshed rows whatever the archive's size.

Browsing: one line per row (★, title, date, section, reporter). With a query,
two lines: the title with its matches, then the snippet and the hit count.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.strip import Strip

from newsreader.models import ArticleRow, Hit
from newsreader.text import cell_width, truncate_cells
from newsreader.ui import keys
from newsreader.ui.render.contrast import readable_style
from newsreader.ui.render.document import Marker
from newsreader.ui.render.strips import parse_style, pieces_with_spans, safe, strip_from_pieces
from newsreader.ui.render.wrap import wrap_lines

__all__ = ["ArticleList", "Fetch", "RowData"]

PAGE_SIZE = 50
_UNDERLINE = Style(underline=True)
# The meta column (date, section, reporter) has this width at most; dates start
# its left edge, padded to DATE_WIDTH, so they line up down the list.
META_WIDTH = 26
DATE_WIDTH = 10


@dataclass(frozen=True, slots=True)
class RowData:
    """What a row draws: an ``ArticleRow`` (browsing) or a ``Hit`` (searching)."""

    id: int
    title: str
    date: str
    section: str
    reporter: str
    read: bool
    starred: bool
    snippet: str = ""
    spans: tuple[tuple[int, int], ...] = ()
    title_spans: tuple[tuple[int, int], ...] = ()
    hits: int = 0
    # Where a ``【栏目】`` prefix moved to the end of ``title`` starts (drawn dim).
    column_start: int = -1

    @classmethod
    def of(cls, row: ArticleRow | Hit) -> RowData:
        """Every text made terminal-safe once, here (the date too: feeds bring any text)."""
        spans = row.title_spans if isinstance(row, Hit) else ()
        title, title_spans, column_start = column_last(safe(row.title), spans)
        if isinstance(row, Hit):
            return cls(
                row.id, title, safe(row.date), safe(row.section), safe(row.reporter),
                row.read, row.starred, safe(row.snippet), row.spans, title_spans, row.hits,
                column_start,
            )  # fmt: skip
        return cls(
            row.id, title, safe(row.date), safe(row.section), safe(row.reporter),
            row.read, row.starred, column_start=column_start,
        )  # fmt: skip


def column_last(
    title: str, spans: Sequence[tuple[int, int]] = ()
) -> tuple[str, tuple[tuple[int, int], ...], int]:
    """Move a leading ``【栏目】`` after the title, so the words that tell rows
    apart come first: ``(title, spans moved with it, where the column starts)``.

    Several rows in a row often share the column; it is kept (dim), not dropped.
    """
    end = title.find("】") + 1 if title.startswith("【") else 0
    rest = title[end:].lstrip()
    if not end or not rest:
        return title, tuple(spans), -1
    skip = len(title) - len(rest)  # the column and the spaces after it
    start = len(rest) + 1

    def moved(i: int) -> int:
        return start + i if i < end else max(i - skip, 0)

    out: list[tuple[int, int]] = []
    for s, e in spans:
        if s < end:  # the part in the column
            out.append((moved(s), moved(min(e, end) - 1) + 1))
        if e > skip:  # the part in the rest
            out.append((moved(max(s, skip)), moved(e - 1) + 1))
    return f"{rest} {title[:end]}", tuple(out), start


Fetch = Callable[[Sequence[int], str], Sequence[ArticleRow | Hit] | None]
"""``fetch(ids, query)``: rows (no query) or hits (query) for those ids; None if unreadable."""


class ArticleList(ScrollView, can_focus=True):
    """Rows for an ordered list of article ids; posts ``Opened`` and ``Highlighted``."""

    BINDINGS: ClassVar[list[BindingType]] = [*keys.LIST_BINDINGS]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--cursor",
        "article-list--cursor-blurred",
        "article-list--unread",
        "article-list--read",
        "article-list--star",
        "article-list--meta",
        "article-list--match",
        "article-list--snippet",
        "article-list--hits",
        "article-list--message",
    }

    DEFAULT_CSS = """
    ArticleList { overflow-x: hidden; scrollbar-gutter: stable; }
    ArticleList > .article-list--cursor { background: $accent 40%; }
    ArticleList > .article-list--cursor-blurred { background: $panel-lighten-2; }
    ArticleList > .article-list--unread { text-style: bold; }
    ArticleList > .article-list--read { color: $text-muted; }
    ArticleList > .article-list--star { color: $warning; }
    ArticleList > .article-list--meta { color: $text-muted; }
    ArticleList > .article-list--match { background: $warning 50%; text-style: bold; }
    ArticleList > .article-list--snippet { color: $text-muted; }
    ArticleList > .article-list--hits { color: $secondary; }
    ArticleList > .article-list--message { color: $text-muted; }
    """

    cursor: var[int] = var(0, init=False)

    class Opened(Message):
        """Enter or a click on a row: open this article."""

        def __init__(self, article_id: int) -> None:
            super().__init__()
            self.article_id = article_id

    class Highlighted(Message):
        """The cursor is on this article (``None``: the list is empty); ``moved``
        when the user moved it, not when a new list was shown."""

        def __init__(self, article_id: int | None, *, moved: bool = True) -> None:
            super().__init__()
            self.article_id = article_id
            self.moved = moved

    def __init__(
        self,
        fetch: Fetch | None = None,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._fetch: Fetch = fetch or (lambda ids, query: [])
        self._ids: list[int] = []
        self._query = ""
        self._message = ""
        self._pages: LRUCache[int, dict[int, RowData]] = LRUCache(64)
        self._strips: LRUCache[tuple[int, int, int, bool, bool], Strip] = LRUCache(1024)
        self._marks: dict[int, tuple[bool, bool]] = {}
        self.marker: Marker | None = None
        #: While a focused cursor row is drawn: its one text colour (hits keep theirs).
        self._cursor_colour: Style | None = None
        #: While any cursor row (focused or not) is drawn.
        self._on_cursor_row = False

    # ------------------------------------------------------------------ data
    @property
    def ids(self) -> list[int]:
        return self._ids

    @property
    def search_query(self) -> str:
        """The query the list shows results of ("" when browsing); not ``DOMNode.query``."""
        return self._query

    @property
    def row_height(self) -> int:
        return 2 if self._query else 1

    @property
    def current_id(self) -> int | None:
        return self._ids[self.cursor] if 0 <= self.cursor < len(self._ids) else None

    def show(
        self,
        ids: Sequence[int],
        query: str,
        first_rows: Sequence[ArticleRow | Hit] = (),
        *,
        cursor_id: int | None = None,
        message: str = "",
    ) -> None:
        """Replace the list. ``first_rows`` prefill the cache (they came with the search).

        The cursor goes to ``cursor_id`` if it is in the new list, else to the top.
        """
        self._ids = list(ids)
        self._query = query
        self._message = message
        self._pages.clear()
        self._strips.clear()
        self._marks.clear()
        if first_rows:
            page = {r.id: RowData.of(r) for r in first_rows}
            if all(i in page for i in self._ids[:PAGE_SIZE]):
                self._pages.set(0, page)
        index = 0
        if cursor_id is not None:
            try:
                index = self._ids.index(cursor_id)
            except ValueError:
                index = 0
        self.set_reactive(ArticleList.cursor, index)
        self.virtual_size = Size(0, len(self._ids) * self.row_height)
        self.scroll_to(y=0, animate=False, immediate=True, force=True)
        self._scroll_cursor_into_view(center=index > 0)
        self.refresh()
        self.post_message(self.Highlighted(self.current_id, moved=False))

    def set_marker(self, marker: Marker | None) -> None:
        """Mark words (watched words) in titles and snippets."""
        self.marker = marker
        self._strips.clear()
        self.refresh()

    def _marked(self, text: str, cut: int) -> list[tuple[int, int, Style]]:
        """Watched words in their group's colour; on the cursor row underlined in
        the row's colour instead (a colour picked for the list's background can
        be unreadable on the cursor's)."""
        if self.marker is None:
            return []
        marks = [(s, min(e, cut), parse_style(st)) for s, e, st in self.marker(text) if s < cut]
        background, ansi = self.rich_style.bgcolor, self.app.ansi_theme
        marks = [(s, e, readable_style(st, background, ansi)) for s, e, st in marks]
        if self._on_cursor_row:
            colour = self._cursor_colour or Style()
            marks = [(s, e, st.without_color + _UNDERLINE + colour) for s, e, st in marks]
        return marks

    def set_marks(self, article_id: int, *, read: bool, starred: bool) -> None:
        """Reflect a read/star change without refetching (the archive is already updated)."""
        self._marks[article_id] = (read, starred)
        self._strips.clear()
        self.refresh()

    def row(self, index: int) -> RowData | None:
        """The row at ``index`` (fetching its page on first use)."""
        if not 0 <= index < len(self._ids):
            return None
        page_no = index // PAGE_SIZE
        page = self._pages.get(page_no)
        if page is None:
            ids = self._ids[page_no * PAGE_SIZE : (page_no + 1) * PAGE_SIZE]
            page = {r.id: RowData.of(r) for r in self._fetch(ids, self._query) or ()}
            self._pages.set(page_no, page)
        data = page.get(self._ids[index])
        if data is not None and data.id in self._marks:
            read, starred = self._marks[data.id]
            data = replace(data, read=read, starred=starred)
        return data

    # ------------------------------------------------------------------ cursor
    def move_to(self, index: int) -> None:
        if not self._ids:
            return
        index = max(0, min(index, len(self._ids) - 1))
        if index == self.cursor:
            return
        self.cursor = index

    def watch_cursor(self, old: int, new: int) -> None:
        height = self.row_height
        self.refresh_lines(old * height, height)
        self.refresh_lines(new * height, height)
        self._scroll_cursor_into_view()
        self.post_message(self.Highlighted(self.current_id))

    def _scroll_cursor_into_view(self, *, center: bool = False) -> None:
        height = self.row_height
        top = self.cursor * height
        view = max(self.scrollable_content_region.height, height)
        y = self.scroll_offset.y
        if center:
            y = max(0, top - view // 2)
        elif top < y:
            y = top
        elif top + height > y + view:
            y = top + height - view
        if y != self.scroll_offset.y:
            self.scroll_to(y=y, animate=False, immediate=True, force=True)

    def _visible_rows(self) -> int:
        return max(1, self.scrollable_content_region.height // self.row_height)

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def action_cursor_top(self) -> None:
        self.move_to(0)

    def action_cursor_bottom(self) -> None:
        self.move_to(len(self._ids) - 1)

    def action_page_down(self) -> None:
        self.move_to(self.cursor + self._visible_rows())

    def action_page_up(self) -> None:
        self.move_to(self.cursor - self._visible_rows())

    def action_half_page_down(self) -> None:
        self.move_to(self.cursor + max(1, self._visible_rows() // 2))

    def action_half_page_up(self) -> None:
        self.move_to(self.cursor - max(1, self._visible_rows() // 2))

    def action_open(self) -> None:
        if (article_id := self.current_id) is not None:
            self.post_message(self.Opened(article_id))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = (self.scroll_offset.y + offset.y) // self.row_height
        if 0 <= index < len(self._ids):
            self.move_to(index)
            self.action_open()

    def on_focus(self) -> None:
        self._strips.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._strips.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    # ------------------------------------------------------------------ drawing
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        vy = self.scroll_offset.y + y
        if not self._ids:
            return self._message_line(vy, width, base)
        index, sub = divmod(vy, self.row_height)
        if index >= len(self._ids):
            return Strip.blank(width, base)
        key = (index, sub, width, index == self.cursor, self.has_focus)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._render_row_line(index, sub, width, base)
            self._strips.set(key, strip)
        return strip

    def _message_line(self, y: int, width: int, base: Style) -> Strip:
        lines = [line for para in self._message.split("\n") for line in wrap_lines(para, width)]
        if y >= len(lines):
            return Strip.blank(width, base)
        style = base + self.get_component_rich_style("article-list--message", partial=True)
        return strip_from_pieces([(safe(lines[y]), style)], width, base)

    def _style(self, name: str) -> Style:
        style = self.get_component_rich_style(f"article-list--{name}", partial=True)
        if self._cursor_colour is not None and name != "match":
            return style + self._cursor_colour
        return style

    def _render_row_line(self, index: int, sub: int, width: int, base: Style) -> Strip:
        """One line of a row. The focused cursor row is drawn in the cursor's colour
        (dim dates on the cursor's background would be unreadable); hits keep theirs."""
        if index == self.cursor:
            cursor = self._style("cursor" if self.has_focus else "cursor-blurred")
            base = base + cursor
            self._on_cursor_row = True
            if self.has_focus and cursor.color is not None:
                self._cursor_colour = Style(color=cursor.color)
        try:
            data = self.row(index)
            if data is None:
                return strip_from_pieces([("  …", base)], width, base)
            if sub == 0:
                return strip_from_pieces(self._title_pieces(data, width, base), width, base)
            return strip_from_pieces(self._snippet_pieces(data, width, base), width, base)
        finally:
            self._cursor_colour = None
            self._on_cursor_row = False

    def _title_pieces(self, data: RowData, width: int, base: Style) -> list[tuple[str, Style]]:
        star = "★ " if data.starred else "  "
        pieces: list[tuple[str, Style]] = [(star, base + self._style("star"))]
        meta = self._meta(data, max(0, (width - 2) * 2 // 5))
        room = width - 2 - (cell_width(meta) + 1 if meta else 0)
        title = truncate_cells(data.title, max(room, 0))
        cut = len(title) - 1 if title != data.title else len(title)
        style = base + self._style("read" if data.read else "unread")
        match = self._style("match")
        spans = self._marked(title, cut)
        if 0 <= data.column_start < cut:
            spans.insert(0, (data.column_start, cut, self._style("meta")))
        spans += [(s, min(e, cut), match) for s, e in data.title_spans if s < cut]
        pieces.extend(pieces_with_spans(title, style, spans))
        if meta:
            gap = width - 2 - cell_width(title) - cell_width(meta)
            pieces.append((" " * max(gap, 1), base))
            pieces.append((meta, base + self._style("meta")))
        return pieces

    @staticmethod
    def _meta(data: RowData, budget: int) -> str:
        """Date, then section and reporter as they fit, in a column of fixed width
        (``budget``, at most ``META_WIDTH``): dates line up whatever follows them."""
        width = min(budget, META_WIDTH)
        if data.date and cell_width(data.date) > width:
            return ""
        date = data.date.ljust(DATE_WIDTH) if data.date else ""
        parts = [p for p in (date, data.section, data.reporter) if p]
        while parts:
            text = "  ".join(parts)
            if cell_width(text) <= width:
                # Padded only with a date: an archive without dates keeps the room.
                return text + " " * (width - cell_width(text)) if date else text
            parts.pop()
        return ""

    def _snippet_pieces(self, data: RowData, width: int, base: Style) -> list[tuple[str, Style]]:
        count = f"{data.hits} hit{'s' if data.hits != 1 else ''}" if data.hits else ""
        room = width - 4 - (cell_width(count) + 1 if count else 0)
        snippet = truncate_cells(data.snippet, max(room, 0))
        cut = len(snippet) - 1 if snippet != data.snippet else len(snippet)
        match = self._style("match")
        spans = self._marked(snippet, cut)
        spans += [(s, min(e, cut), match) for s, e in data.spans if s < cut]
        pieces: list[tuple[str, Style]] = [("    ", base)]
        pieces.extend(pieces_with_spans(snippet, base + self._style("snippet"), spans))
        if count:
            gap = width - 4 - cell_width(snippet) - cell_width(count)
            pieces.append((" " * max(gap, 1), base))
            pieces.append((count, base + self._style("hits")))
        return pieces
