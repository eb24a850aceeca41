"""The reader: one article, wrapped by cells, with its search hits highlighted.

A Line API widget rather than a Markdown or Static widget because Textual
wraps on whitespace and Chinese has none; ``document.layout`` wraps by cells
with the punctuation rules and keeps hit offsets, so the current hit can be
drawn differently and scrolled to.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.style import Style
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from newsreader.models import Article, MatchSpan
from newsreader.ui import keys
from newsreader.ui.document import (
    Block,
    DocLine,
    Marker,
    article_blocks,
    find_line,
    hit_line_numbers,
    layout,
)
from newsreader.ui.strips import parse_style, pieces_with_spans, strip_from_pieces

__all__ = ["Reader"]

_EMPTY = "Select an article and press Enter to read it."


class Reader(ScrollView, can_focus=True):
    """Shows ``article``; ``n``/``N`` come in through ``next_hit``/``previous_hit``."""

    BINDINGS: ClassVar = keys.READER_BINDINGS

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reader--title",
        "reader--meta",
        "reader--dateline",
        "reader--paragraph",
        "reader--byline",
        "reader--url",
        "reader--match",
        "reader--current",
        "reader--current-mark",
        "reader--empty",
    }

    DEFAULT_CSS = """
    Reader { overflow-x: hidden; padding: 0 1; scrollbar-gutter: stable; }
    Reader > .reader--title { text-style: bold; color: $text-primary; }
    Reader > .reader--meta { color: $text-muted; }
    Reader > .reader--dateline { text-style: bold; }
    Reader > .reader--byline { color: $text-muted; text-style: dim; }
    Reader > .reader--url { color: $text-secondary; text-style: underline; }
    Reader > .reader--match { background: $warning 40%; text-style: underline; }
    Reader > .reader--current { background: $error; color: $text; text-style: bold reverse; }
    Reader > .reader--current-mark { text-style: bold reverse; }
    Reader > .reader--empty { color: $text-muted; }
    """

    class HitChanged(Message):
        """The current hit changed: ``index`` is 0-based, ``total`` may be 0."""

        def __init__(self, index: int, total: int) -> None:
            super().__init__()
            self.index = index
            self.total = total

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.article: Article | None = None
        self._blocks: list[Block] = []
        self._hit_total = 0
        self.current_hit = -1
        self._lines: list[DocLine] = []
        self._hit_lines: dict[int, int] = {}
        self._width = 0
        self._strips: LRUCache[tuple[int, int, int], Strip] = LRUCache(512)
        self._spans: tuple[MatchSpan, ...] = ()
        self.marker: Marker | None = None
        #: Leave one line under the title for keyword chips (drawn by the screen).
        self.chip_row = False
        #: The line kept for the chips, or -1.
        self.chips_y = -1
        #: The watched word ``w`` went to: (line, start, end), drawn reversed.
        self.current_mark: tuple[int, int, int] | None = None
        # The same as (block, start, end): survives a new layout (resize, chips).
        self._mark: tuple[int, int, int] | None = None

    # ------------------------------------------------------------------ content
    @property
    def hit_total(self) -> int:
        return self._hit_total

    @property
    def lines(self) -> list[DocLine]:
        """The laid-out lines (what the screen shows, in order)."""
        return self._lines

    def show(self, article: Article | None, spans: Sequence[MatchSpan] = ()) -> None:
        """Show ``article`` from the top, with ``spans`` highlighted (first hit current)."""
        self.article = article
        self._spans = tuple(spans)
        if article is None:
            self._blocks, self._hit_total = [], 0
        else:
            self._blocks, self._hit_total = article_blocks(article, spans, self.marker)
        self.current_hit = 0 if self._hit_total else -1
        self._mark = None
        self.chip_row = False
        self._relayout(force=True)
        self.scroll_to(y=0, animate=False, immediate=True, force=True)
        self.post_message(self.HitChanged(self.current_hit, self._hit_total))

    def set_spans(self, spans: Sequence[MatchSpan]) -> None:
        """New highlights for the same article (the query changed), keeping the scroll."""
        self._spans = tuple(spans)
        if self.article is not None:
            self._blocks, self._hit_total = article_blocks(self.article, spans, self.marker)
            self.current_hit = 0 if self._hit_total else -1
            self._relayout(force=True)
            self.post_message(self.HitChanged(self.current_hit, self._hit_total))

    def set_marker(self, marker: Marker | None) -> None:
        """Mark words (watched words) in the article shown now and the next ones."""
        self.marker = marker
        self._mark = None
        if self.article is not None:
            current = self.current_hit
            self._blocks, self._hit_total = article_blocks(self.article, self._spans, marker)
            self.current_hit = current
            self._relayout(force=True)

    def set_chip_row(self, on: bool) -> None:
        """Keep (or give back) the line under the title where the keyword chips go."""
        if on != self.chip_row:
            self.chip_row = on
            self._relayout(force=True)

    # ------------------------------------------------------------------ marks
    def _locate_mark(self) -> tuple[int, int, int] | None:
        """The current mark in line coordinates of the current layout."""
        if self._mark is None:
            return None
        block, start, end = self._mark
        for y, line in enumerate(self._lines):
            if line.block == block and line.start <= start < line.start + len(line.text):
                return (y, start - line.start, min(end - line.start, len(line.text)))
        return None

    def next_mark(self) -> bool:
        """Go to the next marked (watched) word after the current one; False if none.

        Without a current one it starts at the top of the view, so ``w`` after
        scrolling finds what is on screen first.
        """
        mark = self.current_mark
        after = mark[:2] if mark is not None else (int(self.scroll_y), -1)
        for y in range(max(after[0], 0), len(self._lines)):
            line = self._lines[y]
            for start, _end, _style in sorted(line.marks):
                at = line.start + start
                if (y, start) <= after or self._inside_mark(line.block, at):
                    continue  # passed, or the rest of a word cut by a line break
                self._mark = self._whole_mark(line.block, at)
                self.current_mark = self._locate_mark()
                if self.current_mark is not None:
                    self._strips.clear()
                    self.refresh()
                    view = self.scrollable_content_region.height
                    top = self.scroll_offset.y
                    if not top <= y < top + view:
                        target = max(0, y - view // 3)
                        self.scroll_to(y=target, animate=False, immediate=True, force=True)
                    return True
        return False

    @property
    def current_mark_text(self) -> str:
        """The whole watched word ``w`` went to ("" if none)."""
        if self._mark is None:
            return ""
        block, start, end = self._mark
        return self._blocks[block].text[start:end]

    def _inside_mark(self, block: int, at: int) -> bool:
        mark = self._mark
        return mark is not None and mark[0] == block and mark[1] <= at < mark[2]

    def _whole_mark(self, block: int, at: int) -> tuple[int, int, int]:
        """The block's whole marked word starting at ``at`` (lines may cut it)."""
        for start, end, _style in self._blocks[block].marks:
            if start <= at < end:
                return (block, start, end)
        return (block, at, at + 1)

    def _relayout(self, *, force: bool = False) -> None:
        """Wrap for the current width, keeping the first line on screen in place."""
        width = max(self.scrollable_content_region.width, 10)
        if not force and width == self._width:
            return
        anchor = None
        top = int(self.scroll_y)
        if top > 0:
            below = (ln for ln in self._lines[top:] if ln.block >= 0)
            line = next(below, None)
            anchor = (line.block, line.start) if line is not None else None
        self._width = width
        self._lines = layout(self._blocks, width)
        self.chips_y = -1
        if self.chip_row and self._lines:
            heading = [y for y, ln in enumerate(self._lines) if ln.role in ("title", "meta")]
            self.chips_y = (heading[-1] + 1) if heading else 0
            self._lines.insert(self.chips_y, DocLine("blank", ""))
        self.current_mark = self._locate_mark()
        self._hit_lines = hit_line_numbers(self._lines)
        self._strips.clear()
        self.virtual_size = Size(0, len(self._lines))
        if anchor is not None:
            y = find_line(self._lines, *anchor)
            self.scroll_to(y=y, animate=False, immediate=True, force=True)
        self.refresh()

    def on_resize(self) -> None:
        self._relayout()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    # ------------------------------------------------------------------ hits
    def go_to_hit(self, index: int) -> None:
        """Make hit ``index`` (wrapping around) current and scroll it into view."""
        if not self._hit_total:
            return
        self.current_hit = index % self._hit_total
        self._strips.clear()
        self.refresh()
        line = self._hit_lines.get(self.current_hit, 0)
        view = self.scrollable_content_region.height
        y = self.scroll_offset.y
        if not y <= line < y + view:
            self.scroll_to(y=max(0, line - view // 3), animate=False, immediate=True, force=True)
        self.post_message(self.HitChanged(self.current_hit, self._hit_total))

    def next_hit(self) -> None:
        self.go_to_hit(self.current_hit + 1)

    def previous_hit(self) -> None:
        self.go_to_hit(self.current_hit - 1)

    # ------------------------------------------------------------------ scrolling
    def action_cursor_down(self) -> None:
        self.scroll_to(y=self.scroll_offset.y + 1, animate=False)

    def action_cursor_up(self) -> None:
        self.scroll_to(y=self.scroll_offset.y - 1, animate=False)

    def action_cursor_top(self) -> None:
        self.scroll_to(y=0, animate=False)

    def action_cursor_bottom(self) -> None:
        self.scroll_to(y=self.max_scroll_y, animate=False)

    def action_page_down(self) -> None:
        page = max(1, self.scrollable_content_region.height - 1)
        self.scroll_to(y=self.scroll_offset.y + page, animate=False)

    def action_page_up(self) -> None:
        page = max(1, self.scrollable_content_region.height - 1)
        self.scroll_to(y=self.scroll_offset.y - page, animate=False)

    # ------------------------------------------------------------------ drawing
    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"reader--{name}", partial=True)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        vy = self.scroll_offset.y + y
        if self.article is None:
            if vy == 0:
                return strip_from_pieces([(_EMPTY, base + self._style("empty"))], width, base)
            return Strip.blank(width, base)
        if vy >= len(self._lines):
            return Strip.blank(width, base)
        key = (vy, width, self.current_hit)
        strip = self._strips.get(key)
        if strip is None:
            line = self._lines[vy]
            style = base + self._style(line.role) if line.role != "blank" else base
            match, current = self._style("match"), self._style("current")
            spans = [(s, e, parse_style(style)) for s, e, style in line.marks]
            mark = self._mark
            if mark is not None and mark[0] == line.block:
                start, end = mark[1] - line.start, mark[2] - line.start
                if end > 0 and start < len(line.text):
                    spans.append((max(start, 0), end, self._style("current-mark")))
            spans += [(s, e, current if k == self.current_hit else match) for s, e, k in line.hits]
            strip = strip_from_pieces(pieces_with_spans(line.text, style, spans), width, base)
            self._strips.set(key, strip)
        return strip
