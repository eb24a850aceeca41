"""An article laid out as reader lines, with its search hits (pure, no widgets).

The reader shows title, meta line, dateline, paragraphs, bylines and url.
Search hits come from the archive as ``MatchSpan`` over
``Article.text_fields()``; here each span is placed on the block that shows
that field and numbered in reading order, so "hit 3/12" and ``n``/``N`` agree
with what is highlighted on screen. Wrapping uses ``wrap_cells`` so the
offsets survive line breaks.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from newsreader.models import Article, MatchSpan
from newsreader.ui.render.strips import safe
from newsreader.ui.render.wrap import wrap_cells

__all__ = [
    "Block",
    "DocLine",
    "Marker",
    "article_blocks",
    "find_line",
    "hit_line_numbers",
    "layout",
]

Marker = Callable[[str], Sequence[tuple[int, int, str]]]
"""``marker(text) -> [(start, end, style), ...]``: extra highlights on displayed
text (watched words, issue 5). ``style`` is a Rich style string such as
``"bold red"``; search hits are drawn over marks."""

_FIELD_ORDER = {"title": 0, "section": 1, "dateline": 2, "paragraph": 3, "byline": 4}
BYLINE_GAP = "  "
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Block:
    """One displayed unit; ``hits`` are ``(start, end, hit number)`` in ``text``."""

    role: str
    text: str
    hits: tuple[tuple[int, int, int], ...] = ()
    marks: tuple[tuple[int, int, str], ...] = ()


@dataclass(frozen=True, slots=True)
class DocLine:
    """One screen line of a laid-out article; ``hits`` and ``marks`` are relative to ``text``.

    ``block`` and ``start`` say where the line comes from (-1 for a blank
    line), so a new layout can find the same place after a resize.
    """

    role: str
    text: str
    hits: tuple[tuple[int, int, int], ...] = ()
    marks: tuple[tuple[int, int, str], ...] = ()
    block: int = -1
    start: int = 0


def _meta_line(article: Article) -> tuple[str, int]:
    """``date · publication · page · section`` and the offset of the section in it."""
    parts = [p for p in (article.date, article.publication, article.page) if p]
    head = " · ".join(parts)
    if not article.section:
        return head, -1
    prefix = f"{head} · " if head else ""
    return prefix + article.section, len(prefix)


def article_blocks(
    article: Article, spans: Sequence[MatchSpan] = (), marker: Marker | None = None
) -> tuple[list[Block], int]:
    """The blocks of ``article`` with ``spans`` placed on them; also the number of hits.

    ``marker``, if given, marks words in every block except the url.
    """
    meta, section_at = _meta_line(article)
    byline_texts = [str(b) for b in article.bylines]
    byline_offsets = []
    at = 0
    for text in byline_texts:
        byline_offsets.append(at)
        at += len(text) + len(BYLINE_GAP)

    # (role, block position) for each field; offset of the field inside the block.
    where: dict[tuple[str, int], tuple[int, int]] = {}
    blocks: list[tuple[str, str]] = [("title", article.title or "(untitled)")]
    where[("title", 0)] = (0, 0)
    if meta:
        blocks.append(("meta", meta))
        if section_at >= 0:
            where[("section", 0)] = (len(blocks) - 1, section_at)
    if article.dateline:
        blocks.append(("dateline", article.dateline))
        where[("dateline", 0)] = (len(blocks) - 1, 0)
    for i, paragraph in enumerate(article.paragraphs):
        blocks.append(("paragraph", paragraph))
        where[("paragraph", i)] = (len(blocks) - 1, 0)
    if byline_texts:
        blocks.append(("byline", BYLINE_GAP.join(byline_texts)))
        for i, offset in enumerate(byline_offsets):
            where[("byline", i)] = (len(blocks) - 1, offset)
    if article.url:
        blocks.append(("url", article.url))

    ordered = sorted(spans, key=lambda s: (_FIELD_ORDER.get(s.field, 9), s.index, s.start))
    per_block: dict[int, list[tuple[int, int, int]]] = {}
    number = 0
    for span in ordered:
        place = where.get((span.field, span.index))
        if place is None or span.end <= span.start:
            continue
        block, offset = place
        per_block.setdefault(block, []).append((offset + span.start, offset + span.end, number))
        number += 1
    result = []
    for i, (role, text) in enumerate(blocks):
        shown = safe(text)
        marks = tuple(marker(shown)) if marker is not None and role != "url" else ()
        result.append(Block(role, shown, tuple(per_block.get(i, ())), marks))
    return result, number


def layout(blocks: Sequence[Block], width: int) -> list[DocLine]:
    """Wrap every block to ``width`` cells, a blank line between blocks.

    The title and the meta line stay together; a hit cut by a line break is
    split into one piece per line, each with the same hit number.
    """
    lines: list[DocLine] = []
    for n, block in enumerate(blocks):
        if n and not (block.role == "meta" and blocks[n - 1].role == "title"):
            lines.append(DocLine("blank", ""))
        hits, marks = _Ranges(block.hits), _Ranges(block.marks)
        for start, end in wrap_cells(block.text, width):
            lines.append(
                DocLine(
                    block.role,
                    block.text[start:end],
                    hits.clipped(start, end),
                    marks.clipped(start, end),
                    n,
                    start,
                )
            )
    return lines


class _Ranges(Generic[T]):
    """``(start, end, tag)`` ranges of one block, found by line in logarithmic time.

    A long paragraph with a common search term has tens of thousands of hits
    on tens of thousands of lines: testing every range on every line took
    minutes on the UI thread.
    """

    def __init__(self, ranges: Sequence[tuple[int, int, T]]) -> None:
        self._ranges = sorted(ranges, key=lambda r: r[0])
        self._starts = [r[0] for r in self._ranges]
        self._longest = max((e - s for s, e, _tag in self._ranges), default=0)

    def clipped(self, start: int, end: int) -> tuple[tuple[int, int, T], ...]:
        """The ranges overlapping ``[start, end)``, relative to ``start`` and cut to it."""
        if not self._ranges:
            return ()
        # A range overlapping the line starts after start - longest and before end.
        low = bisect_right(self._starts, start - self._longest)
        high = bisect_left(self._starts, end)
        return tuple(
            (max(s, start) - start, min(e, end) - start, tag)
            for s, e, tag in self._ranges[low:high]
            if e > start
        )


def find_line(lines: Sequence[DocLine], block: int, offset: int) -> int:
    """The line showing character ``offset`` of ``block`` (or the nearest before it)."""
    found = 0
    for y, line in enumerate(lines):
        if line.block > block or (line.block == block and line.start > offset):
            break
        if line.block >= 0:
            found = y
    return found


def hit_line_numbers(lines: Sequence[DocLine]) -> dict[int, int]:
    """Hit number -> the first line showing it (for ``n``/``N`` scrolling)."""
    found: dict[int, int] = {}
    for y, line in enumerate(lines):
        for _s, _e, k in line.hits:
            found.setdefault(k, y)
    return found
