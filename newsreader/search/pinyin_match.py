"""Which query terms may match by pinyin, and where they match a title.

A term may match by pinyin when it is unfielded, not quoted, made of at
least two ASCII letters and not all capitals (``AI``, ``GDP``, ``APEC`` are
literal only). Where it matches a title by pinyin, those characters are
highlighted like any hit.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsreader.index.pinyin import is_pinyin_query, pinyin_spans
from newsreader.search.query import Query, Term
from newsreader.text import fold

__all__ = ["pinyin_term", "pinyin_terms", "pinyin_title_spans"]


def pinyin_term(term: Term) -> str | None:
    """The lower-case letters ``term`` searches pinyin for, or None if it is literal only."""
    if term.field is not None or term.phrase or not is_pinyin_query(term.text):
        return None
    return fold(term.text)


def pinyin_terms(query: Query) -> tuple[str, ...]:
    """The positive terms of ``query`` that may match by pinyin (folded, no repeats)."""
    seen: dict[str, None] = {}
    for clause in query.positive:
        for term in clause.alternatives:
            letters = pinyin_term(term)
            if letters:
                seen.setdefault(letters, None)
    return tuple(seen)


def pinyin_title_spans(title: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    """Character spans of ``title`` that the pinyin ``terms`` match."""
    return [span for term in terms for span in pinyin_spans(title, term)]
