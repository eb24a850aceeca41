"""The reader: one article, wrapped by cells, with its search hits highlighted.

A Line API widget rather than a Markdown or Static widget because Textual
wraps on whitespace and Chinese has none; ``document.layout`` wraps by cells
with the punctuation rules and keeps hit offsets, so the current hit can be
drawn differently and scrolled to.

Only the lines on screen are drawn, but finding hits, marking words and
wrapping walk the whole article: for a long one (a 5 MB paragraph is 1.7M
characters, ~1.5 s of that work) it happens on a thread, the article's title
and a "laying out" line shown meanwhile, so keys keep working.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from textual import work
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from newsreader.models import Article, MatchSpan
from newsreader.ui import keys
from newsreader.ui.render.contrast import readable_style
from newsreader.ui.render.document import (
    Block,
    DocLine,
    Marker,
    article_blocks,
    find_line,
    hit_line_numbers,
    layout,
)
from newsreader.ui.render.strips import parse_style, pieces_with_spans, safe, strip_from_pieces

__all__ = ["LARGE_ARTICLE_CHARS", "Reader", "SpanFinder"]

_EMPTY = "Select an article and press Enter to read it."
# Articles with more characters than this are prepared on a thread (a few
# tens of milliseconds of work on the UI thread at most).
LARGE_ARTICLE_CHARS = 100_000

# Seconds a long article's preparation waits for a newer change to replace
# it: opening one, and wrapping it again for a new width.
PREPARE_DELAY = 0.05
RELAYOUT_DELAY = 0.2

SpanFinder = Callable[[Article], Sequence[MatchSpan]]
"""Finds the search hits in an article; pure, so it may run on a thread."""


@dataclass(frozen=True, slots=True)
class _Content:
    """An article's blocks with its hits and marks placed (independent of width)."""

    spans: tuple[MatchSpan, ...]
    blocks: list[Block]
    hit_total: int


@dataclass(frozen=True, slots=True)
class _Layout:
    """``_Content`` wrapped for one width."""

    lines: list[DocLine]
    chips_y: int
    hit_lines: dict[int, int]


def _prepare_content(
    article: Article | None, find_spans: SpanFinder, marker: Marker | None
) -> _Content:
    if article is None:
        return _Content((), [], 0)
    spans = tuple(find_spans(article))
    blocks, total = article_blocks(article, spans, marker)
    return _Content(spans, blocks, total)


def _prepare_layout(blocks: Sequence[Block], width: int, chip_row: bool) -> _Layout:
    lines = layout(blocks, width)
    chips_y = -1
    if chip_row and lines:
        heading = [y for y, ln in enumerate(lines) if ln.role in ("title", "meta")]
        chips_y = (heading[-1] + 1) if heading else 0
        lines.insert(chips_y, DocLine("blank", ""))
    return _Layout(lines, chips_y, hit_line_numbers(lines))


def article_chars(article: Article | None) -> int:
    """How many characters the reader has to lay out for ``article``."""
    if article is None:
        return 0
    return sum(len(text) for _field, _index, text in article.text_fields())


def _no_spans(_article: Article) -> Sequence[MatchSpan]:
    return ()


def _given(spans: Sequence[MatchSpan]) -> SpanFinder:
    """A finder that returns ``spans`` whatever the article (hits found by the caller)."""
    found = tuple(spans)
    return lambda _article: found


class Reader(ScrollView, can_focus=True):
    """Shows ``article``; ``n``/``N`` come in through ``next_hit``/``previous_hit``."""

    BINDINGS: ClassVar[list[BindingType]] = [*keys.READER_BINDINGS]

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
        self._find_spans: SpanFinder = _no_spans
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
        # Bumped by every change of what is shown: a thread's result for an
        # older one is dropped. ``_content_stale``: the blocks held are not
        # the ones to show (new ones are being prepared on a thread), so the
        # next change prepares content too; ``_pending_scroll``: where the
        # article being prepared opens.
        self._generation = 0
        self._content_stale = False
        self._pending_scroll: int | None = None
        #: True while a long article is being prepared on a thread.
        self.preparing = False

    # ------------------------------------------------------------------ content
    @property
    def hit_total(self) -> int:
        return self._hit_total

    @property
    def lines(self) -> list[DocLine]:
        """The laid-out lines (what the screen shows, in order)."""
        return self._lines

    def show(
        self,
        article: Article | None,
        spans: Sequence[MatchSpan] = (),
        *,
        find_spans: SpanFinder | None = None,
        chip_row: bool = False,
        scroll: int = 0,
    ) -> None:
        """Show ``article`` at line ``scroll`` (the top), its hits highlighted, the first current.

        The hits are ``spans``, or what ``find_spans`` finds (on a thread for
        a long article). ``chip_row`` keeps a line for the keyword chips.
        """
        self.article = article
        self._find_spans = find_spans or _given(spans)
        self._mark = None
        self.chip_row = chip_row
        self._rebuild(content=True, scroll=scroll)

    def set_spans(
        self, spans: Sequence[MatchSpan] = (), *, find_spans: SpanFinder | None = None
    ) -> None:
        """New highlights for the same article (the query changed), keeping the scroll."""
        self._find_spans = find_spans or _given(spans)
        if self.article is not None:
            self._rebuild(content=True)

    def set_marker(self, marker: Marker | None) -> None:
        """Mark words (watched words) in the article shown now and the next ones."""
        self.marker = marker
        self._mark = None
        if self.article is not None:
            self._rebuild(content=True, keep_hit=True)

    def set_chip_row(self, on: bool) -> None:
        """Keep (or give back) the line under the title where the keyword chips go."""
        if on != self.chip_row:
            self.chip_row = on
            self._rebuild(content=False)

    def _rebuild(self, *, content: bool, scroll: int | None = None, keep_hit: bool = False) -> None:
        """Prepare what is shown again: the content (hits, marks) and the lines.

        ``scroll``: go to that line after (a new article), else keep the
        first line on screen in place. Runs here, or on a thread for a long
        article; either way the result is applied by ``_apply``.
        """
        self._generation += 1
        generation = self._generation
        if self._content_stale:  # the article being prepared was not shown yet
            content = True
            scroll = self._pending_scroll if scroll is None else scroll
        width = self._width = self._wrap_width()
        anchor = None if scroll is not None else self._anchor()
        article, find_spans, marker = self.article, self._find_spans, self.marker
        chip_row, shown = self.chip_row, _Content(self._spans, self._blocks, self._hit_total)

        def prepare() -> tuple[_Content, _Layout]:
            prepared = _prepare_content(article, find_spans, marker) if content else shown
            return prepared, _prepare_layout(prepared.blocks, width, chip_row)

        def apply(prepared: tuple[_Content, _Layout]) -> None:
            self._apply(*prepared, content=content, keep_hit=keep_hit)
            self._place(anchor, scroll)

        if article_chars(article) <= LARGE_ARTICLE_CHARS:
            self._prepared()
            apply(prepare())
            return
        if scroll is not None:  # a new article: its title, and a notice until it is ready
            assert article is not None
            self._show_notice(article, f"Laying out {article_chars(article):,} characters…")
        self._content_stale = content
        self._pending_scroll = scroll
        self.preparing = True
        # A burst of resizes (or keys through long articles) starts one thread, not many.
        delay = PREPARE_DELAY if scroll is not None else RELAYOUT_DELAY
        self._prepare_on_thread(generation, delay, prepare, apply)

    @work(exclusive=True, group="reader-layout", exit_on_error=False)
    async def _prepare_on_thread(
        self,
        generation: int,
        delay: float,
        prepare: Callable[[], tuple[_Content, _Layout]],
        apply: Callable[[tuple[_Content, _Layout]], None],
    ) -> None:
        await asyncio.sleep(delay)  # a newer change cancels this worker meanwhile
        try:
            prepared = await asyncio.to_thread(prepare)
        except Exception as error:  # a bug must not leave "Laying out…" forever
            if generation == self._generation and self.article is not None:
                self._prepared()
                reason = safe(f"{type(error).__name__}: {error}".splitlines()[0])
                self._show_notice(self.article, f"Could not lay out this article: {reason}")
                self._content_stale = True  # a later change tries again
            return
        if generation == self._generation:
            self._prepared()
            apply(prepared)

    def _prepared(self) -> None:
        """Nothing is being prepared on a thread any more."""
        self._content_stale = False
        self._pending_scroll = None
        self.preparing = False

    def _show_notice(self, article: Article, notice: str) -> None:
        """The article's title and ``notice`` in place of its text."""
        self._spans, self._blocks, self._hit_total = (), [], 0
        self.current_hit = -1
        title = safe(article.title or "(untitled)")
        self._lines = [DocLine("title", title), DocLine("meta", notice)]
        self._hit_lines = {}
        self.chips_y = -1
        self.current_mark = None
        self._strips.clear()
        self.virtual_size = Size(0, len(self._lines))
        self.scroll_to(y=0, animate=False, immediate=True, force=True)
        self.refresh()
        self.post_message(self.HitChanged(self.current_hit, self._hit_total))

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

    def _anchor(self) -> tuple[int, int] | None:
        """(block, offset) of the first text line on screen, to find again after a layout."""
        top = int(self.scroll_y)
        if top <= 0:
            return None
        below = (ln for ln in self._lines[top:] if ln.block >= 0)
        line = next(below, None)
        return (line.block, line.start) if line is not None else None

    def _apply(
        self, prepared: _Content, laid_out: _Layout, *, content: bool, keep_hit: bool
    ) -> None:
        """Show ``prepared`` as ``laid_out``; with ``content`` the hits are new."""
        if content:
            current = self.current_hit
            self._spans, self._blocks = prepared.spans, prepared.blocks
            self._hit_total = prepared.hit_total
            if not self._hit_total:
                self.current_hit = -1
            elif keep_hit and 0 <= current < self._hit_total:
                self.current_hit = current
            else:
                self.current_hit = 0
        self._lines, self.chips_y = laid_out.lines, laid_out.chips_y
        self._hit_lines = laid_out.hit_lines
        self.current_mark = self._locate_mark()
        self._strips.clear()
        self.virtual_size = Size(0, len(self._lines))
        self.refresh()
        if content:
            self.post_message(self.HitChanged(self.current_hit, self._hit_total))

    def _place(self, anchor: tuple[int, int] | None, scroll: int | None) -> None:
        """Scroll to line ``scroll``, or back to ``anchor`` (see ``_anchor``)."""
        if scroll is not None:
            self.scroll_to(y=scroll, animate=False, immediate=True, force=True)
        elif anchor is not None:
            y = find_line(self._lines, *anchor)
            self.scroll_to(y=y, animate=False, immediate=True, force=True)

    def _wrap_width(self) -> int:
        """The width lines are wrapped to (at least 10 cells, so nothing degenerates)."""
        return max(self.scrollable_content_region.width, 10)

    def _relayout(self) -> None:
        """Wrap again if the width changed, keeping the first line on screen in place."""
        if self._wrap_width() != self._width:
            self._rebuild(content=False)

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

    def action_half_page_down(self) -> None:
        half = max(1, self.scrollable_content_region.height // 2)
        self.scroll_to(y=self.scroll_offset.y + half, animate=False)

    def action_half_page_up(self) -> None:
        half = max(1, self.scrollable_content_region.height // 2)
        self.scroll_to(y=self.scroll_offset.y - half, animate=False)

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
            ansi = self.app.ansi_theme
            spans = [
                (s, e, readable_style(parse_style(mark), base.bgcolor, ansi))
                for s, e, mark in line.marks
            ]
            mark = self._mark
            if mark is not None and mark[0] == line.block:
                start, end = mark[1] - line.start, mark[2] - line.start
                if end > 0 and start < len(line.text):
                    spans.append((max(start, 0), end, self._style("current-mark")))
            spans += [(s, e, current if k == self.current_hit else match) for s, e, k in line.hits]
            strip = strip_from_pieces(pieces_with_spans(line.text, style, spans), width, base)
            self._strips.set(key, strip)
        return strip
