"""Overlapping-bigram tokens for SQLite FTS5, so any substring is findable.

Word segmentation misses partial words typed while searching, and FTS5's
trigram tokenizer cannot find 1- and 2-character terms. Instead every text
segment is folded (``text.fold``) and stored as its overlapping bigrams plus
its last character alone: ``ABCD`` -> ``AB BC CD D``. Then a 1-character term
is a prefix query (``"A"*``), a 2-character term is one token and a longer term
is a phrase of consecutive bigrams. That is exact at every length.

FTS5's ``ascii`` tokenizer, with every ASCII punctuation mark declared a token
character, splits only on spaces and folds nothing but ASCII case (which
``fold`` already did), so the tokens we write are the tokens it indexes.
Spaces and control characters inside a bigram are mapped to private-use
characters first, and a private-use boundary token separates segments so no
phrase can match across two paragraphs.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable

from newsreader.text import fold

# Columns of the search index. Unfielded queries search all but ``page``.
# ``body`` comes first: FTS5 writes a column marker (2 bytes) before the
# positions of every column but the first, for every term of every article,
# and the body holds nearly all the tokens.
COLUMNS = ("body", "title", "section", "people", "page")
TEXT_COLUMNS = ("body", "title", "section", "people")

_PRIVATE_BASE = 0xF0000
BOUNDARY = chr(_PRIVATE_BASE + 0x100)
_UNSAFE = [chr(c) for c in range(0x21)] + ["\x7f"]
_TOKEN_SAFE = str.maketrans({c: chr(_PRIVATE_BASE + ord(c)) for c in _UNSAFE})
_ASCII_PUNCTUATION = "".join(chr(c) for c in range(33, 127) if not chr(c).isalnum())


def tokenizer_clause() -> str:
    """The ``tokenize=`` argument of the FTS5 tables (quoted for CREATE)."""
    chars = _ASCII_PUNCTUATION.replace("'", "''").replace('"', '""')
    return f"\"ascii tokenchars '{chars}'\""


def _safe(text: str) -> str:
    return fold(text).translate(_TOKEN_SAFE)


def segment_tokens(segment: str) -> str:
    """One segment as space-separated bigram tokens ("" for empty text)."""
    safe = _safe(segment)
    if not safe:
        return ""
    if len(safe) == 1:
        return safe
    return " ".join(map(operator.add, safe, safe[1:])) + " " + safe[-1]


def column_tokens(segments: Iterable[str]) -> str:
    """Several segments of one column, kept apart by a boundary token."""
    parts = [tokens for tokens in map(segment_tokens, segments) if tokens]
    return f" {BOUNDARY} ".join(parts)


def first_characters(segments: Iterable[str]) -> str:
    """Every distinct character that starts a token of these segments, sorted.

    A one-character query is a prefix query matching exactly the articles
    holding that character, so a table of these sets answers its count
    without reading the index.
    """
    chars: set[str] = set()
    for segment in segments:
        chars.update(_safe(segment))
    return "".join(sorted(chars))


def single_character(term: str) -> str | None:
    """The token character a one-character term searches for, else None."""
    safe = _safe(term)
    return safe if len(safe) == 1 else None


def term_expression(term: str) -> str | None:
    """The FTS5 expression matching ``term`` as a folded substring, or None if empty.

    Tokens are always double-quoted, so nothing in a term is FTS5 syntax.
    """
    safe = _safe(term)
    if not safe:
        return None
    if len(safe) == 1:
        return '"' + safe.replace('"', '""') + '"*'
    phrase = " ".join(map(operator.add, safe, safe[1:]))
    return '"' + phrase.replace('"', '""') + '"'
