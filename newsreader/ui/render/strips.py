"""Build terminal lines (``Strip``) from untrusted text with explicit styles.

The list and the reader draw with the Line API, so they make their own
segments. Every string goes through ``safe`` first: no markup is ever parsed
and no control character reaches the terminal, while the text keeps its
length so highlight offsets stay valid.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from newsreader.text import cell_width, visible

__all__ = ["parse_style", "pieces_with_spans", "safe", "strip_from_pieces"]

_LAYOUT = str.maketrans({"\t": " ", "\n": " ", "\r": " "})


def safe(text: str) -> str:
    """``visible`` and then tab/newline as spaces: one char in, one char out.

    Lines are laid out by cells, so layout characters would misalign them.
    """
    return visible(text).translate(_LAYOUT)


def pieces_with_spans(
    text: str,
    base: Style,
    spans: Iterable[tuple[int, int, Style]],
) -> list[tuple[str, Style]]:
    """Cut ``text`` into ``(piece, style)`` with each span's style on top of ``base``.

    Spans may be unsorted, overlap or run past the text; later spans win.
    """
    n = len(text)
    if not n:
        return []
    styles: list[Style] = [base] * n
    for start, end, style in spans:
        combined = base + style
        for i in range(max(start, 0), min(end, n)):
            styles[i] = combined
    pieces: list[tuple[str, Style]] = []
    run_start = 0
    for i in range(1, n + 1):
        if i == n or styles[i] is not styles[run_start]:
            pieces.append((text[run_start:i], styles[run_start]))
            run_start = i
    return pieces


def strip_from_pieces(pieces: Sequence[tuple[str, Style]], width: int, fill: Style) -> Strip:
    """One line of exactly ``width`` cells: the pieces, cropped or padded with ``fill``."""
    segments = [Segment(text, style) for text, style in pieces if text]
    length = sum(cell_width(text) for text, _ in pieces)
    return Strip(segments, length).crop_extend(0, width, fill)


@lru_cache(maxsize=256)
def parse_style(style: str) -> Style:
    """A style string from outside (a config file) as a Rich Style; unknown ones draw plain."""
    try:
        return Style.parse(style)
    except Exception:  # rich raises StyleSyntaxError and others: never worth a crash
        return Style()
