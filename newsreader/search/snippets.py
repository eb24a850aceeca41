"""Match spans and one-line snippets, measured in terminal cells.

Pure functions over plain strings: search uses them on the rows it shows
(about 50) and the reader on one article, so they favour simplicity over
an index. Matching folds both sides with ``text.fold``; a span found in the
folded text is taken back through the fold's offset map (``fold_mapped``),
so it marks exactly the user's own characters (full-width, traditional,
upper case, ℃ for °C).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence

from newsreader.text import cell_prefix, fold, fold_cached, fold_mapped, visible

__all__ = ["ELLIPSIS", "count_matches", "find_spans", "make_snippet", "merge_spans"]

ELLIPSIS = "…"


def _folded_terms(terms: Iterable[str]) -> list[str]:
    """Folded, non-empty, distinct terms (a repeated term adds nothing)."""
    out: dict[str, None] = {}
    for t in terms:
        if t:
            # Cached: the same few terms are folded for every row and field.
            out.setdefault(fold_cached(t), None)
    return list(out)


def _occurrences(haystack: str, needle: str) -> Iterable[tuple[int, int]]:
    """Non-overlapping occurrences, left to right (how ``str.count`` counts)."""
    n = len(needle)
    i = haystack.find(needle)
    while i != -1:
        yield i, i + n
        i = haystack.find(needle, i + n)


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort spans and merge the overlapping or touching ones."""
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            if e > merged[-1][1]:
                merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def find_spans(
    text: str, terms: Sequence[str], *, folded: str | None = None
) -> list[tuple[int, int]]:
    """Where any term occurs in ``text`` (folded), as merged ``(start, end)`` offsets.

    Each term's occurrences are taken non-overlapping left to right; spans
    of different terms that overlap or touch are merged, so highlighting
    draws one run. Empty terms are ignored. Pass ``folded`` (``fold(text)``)
    if you already have it: folding is most of the cost. A ``folded`` of
    another length than ``text`` is ignored (its offsets need the map).
    """
    needles = _folded_terms(terms)
    if not needles or not text:
        return []
    mapping = None
    if folded is None or len(folded) != len(text):
        folded, mapping = fold_mapped(text)
    spans: list[tuple[int, int]] = []
    for needle in needles:
        spans.extend(_occurrences(folded, needle))
    if mapping is not None:
        spans = [mapping.span(s, e) for s, e in spans]
    return merge_spans(spans)


def count_matches(text: str, terms: Sequence[str], *, folded: str | None = None) -> int:
    """Number of matches: non-overlapping occurrences of each term, summed.

    ``folded`` is ``fold(text)`` if the caller already has it.
    """
    needles = _folded_terms(terms)
    if not needles or not text:
        return 0
    if folded is None or len(folded) != len(text):
        folded = fold(text)
    return sum(folded.count(n) for n in needles)


def _one_line(text: str) -> str:
    """Terminal-safe, single-line copy of ``text`` with the same length
    (line breaks and tabs become spaces, other controls are made visible)."""
    for ch in "\n\r\t":
        if ch in text:
            text = text.replace(ch, " ")
    return visible(text)


def _fill(prefix: Sequence[int], start: int, width: int, open_start: bool, open_end: bool) -> int:
    """Extend ``start`` forward to use ``width`` cells; returns the end.

    ``prefix[i]`` is the cells of the line's first ``i`` characters, so every
    step is a bisection. Reserves one cell for each ellipsis a cut needs;
    ``open_start`` / ``open_end`` say the line is a slice of a longer text.
    """
    n = len(prefix) - 1
    base = prefix[start]
    avail = width - (1 if start > 0 or open_start else 0)
    end = bisect_right(prefix, base + avail, start, n + 1) - 1
    if end < n or open_end:  # cut: make room for the trailing ellipsis
        end = max(start, bisect_right(prefix, base + avail - 1, start, n + 1) - 1)
    return end


def _window(
    line: str,
    prefix: Sequence[int],
    anchor: int,
    width: int,
    context: int,
    open_start: bool,
    open_end: bool,
) -> tuple[int, int]:
    """``[start, end)`` of ``line`` to show in ``width`` cells around ``anchor``.

    Up to ``context`` cells go before the anchor; if the text ends before the
    width is used, the spare cells go to more context before.
    """
    n = len(line)
    start = bisect_left(prefix, prefix[anchor] - context, 0, anchor)
    while (start > 0 or open_start) and start < anchor and line[start] == " ":
        start += 1  # "… text", not "…  text"
    end = _fill(prefix, start, width, open_start, open_end)
    if end <= anchor < n and start < anchor:
        # The context pushed the anchor out of a narrow window: drop it.
        start = anchor
        end = _fill(prefix, start, width, open_start, open_end)
    if end == n and not open_end and start > 0:
        # Earliest start whose cells plus a leading ellipsis still fit; the
        # very start of the text needs no ellipsis, so it may fit one more.
        total = prefix[end]
        earlier = bisect_left(prefix, total - (width - 1), 0, start)
        if earlier == 1 and not open_start and total <= width:
            earlier = 0
        start = earlier
    return start, end


def make_snippet(
    text: str, terms: Sequence[str], width: int = 80, *, folded: str | None = None
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A one-line excerpt of about ``width`` cells around the first match.

    Returns the snippet and the match spans inside it (offsets into the
    snippet, ellipsis included). Newlines and tabs become spaces and control
    characters are made visible (``text.visible``), so the snippet is safe
    to print. Cuts fall between characters: a wide character is never
    halved. Without a match the snippet is the start of the text.
    ``folded`` is ``fold(text)`` if the caller already has it.
    """
    if width <= 0 or not text:
        return "", ()
    spans = find_spans(text, terms, folded=folded)
    anchor = spans[0][0] if spans else 0
    # Work on a slice around the anchor: a window of ``width`` cells needs
    # at most about ``width`` characters on either side (fewer are shown
    # only if the slice is full of zero-width characters).
    lo = max(0, anchor - width - 2)
    hi = min(len(text), anchor + 2 * width + 2)
    return _snippet(text, spans, width, lo, hi)


def _snippet(
    text: str, spans: list[tuple[int, int]], width: int, lo: int, hi: int
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """``make_snippet`` on ``text[lo:hi]``, a slice holding the window."""
    anchor = spans[0][0] if spans else 0
    line = _one_line(text[lo:hi])
    prefix = cell_prefix(line)
    n = len(line)
    open_start, open_end = lo > 0, hi < len(text)
    at = anchor - lo
    context = width // 4
    if spans:
        # A match too long for the window starts it, without context.
        first_cells = prefix[min(spans[0][1] - lo, n)] - prefix[at]
        if first_cells > width - context - 2:
            context = 0
    if width < 4:
        # Too narrow for ellipses to help: just the match onwards.
        start = at
        end = bisect_right(prefix, prefix[at] + width, at, n + 1) - 1
        lead = tail = ""
    else:
        start, end = _window(line, prefix, at, width, context, open_start, open_end)
        lead = ELLIPSIS if start > 0 or open_start else ""
        tail = ELLIPSIS if end < n or open_end else ""
    shift = len(lead) - start - lo
    out: list[tuple[int, int]] = []
    first = bisect_right(spans, (start + lo, len(text) + 1)) - 1
    for s, e in spans[max(first, 0) :]:
        if s >= end + lo:
            break
        s, e = max(s, start + lo), min(e, end + lo)
        if s < e:
            out.append((s + shift, e + shift))
    return lead + line[start:end] + tail, tuple(out)
