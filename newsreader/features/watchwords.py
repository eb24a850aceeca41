"""A watchlist compiled once: every watched word found in one pass over a text.

``snippets.find_spans`` loops over its terms, one ``str.find`` scan of the
text per term: right for a search's few terms, but the watchlist marks every
list row and article, and with 50,000 watched words the reader took 32 s to
show its first screen (with the config's own word check). ``WordSpans``
folds the words once and keeps them in sets by length; a text is scanned
once, looking up the slice of each length at each position, so the cost is
the text's length times the number of distinct word lengths (a handful),
whatever the number of words. The spans are the same as ``find_spans``
gives: each word's occurrences taken left to right without overlapping each
other, then all merged.
"""

from __future__ import annotations

from collections.abc import Iterable

from newsreader.search.snippets import merge_spans
from newsreader.text import fold

__all__ = ["WordSpans"]


class WordSpans:
    """``WordSpans(words).spans(text)``: merged ``(start, end)`` of every word in ``text``."""

    def __init__(self, words: Iterable[str]) -> None:
        folded = {fold(word) for word in words if word}
        folded.discard("")
        self._lengths = sorted({len(word) for word in folded}, reverse=True)
        self._words = frozenset(folded)
        # First characters, to skip most positions with one set lookup.
        self._starts = frozenset(word[0] for word in folded)

    def __bool__(self) -> bool:
        return bool(self._words)

    def spans(self, text: str, *, folded: str | None = None) -> list[tuple[int, int]]:
        """Where any word occurs in ``text`` (matched after ``fold``, like search)."""
        if not self._words or not text:
            return []
        if folded is None or len(folded) != len(text):
            folded = fold(text)
        words, starts, lengths = self._words, self._starts, self._lengths
        # Where each word's last accepted occurrence ends: the next one of the
        # same word may not start before it (str.find's non-overlapping scan).
        free_from: dict[str, int] = {}
        found: list[tuple[int, int]] = []
        size = len(folded)
        for start, char in enumerate(folded):
            if char not in starts:
                continue
            for length in lengths:
                end = start + length
                if end > size:
                    continue
                word = folded[start:end]
                if word in words and free_from.get(word, 0) <= start:
                    free_from[word] = end
                    found.append((start, end))
        return merge_spans(found)
