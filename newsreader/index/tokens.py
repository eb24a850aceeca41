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

The ``page`` and ``pinyin`` columns are searched only on purpose
(``section:``, pinyin matching), so their tokens carry a private-use mark
(``第6`` is stored as ``<page mark>第6``): an unfielded term can never match
them, and needs no column filter, which FTS5 pays for on every position of
every matching row (15-35% of a count at 100k articles).
"""

from __future__ import annotations

import itertools
import operator
import re
from array import array
from collections.abc import Iterable

from newsreader.text import fold

# Columns of the search index. Unfielded queries search all but ``page``.
# ``body`` comes first: FTS5 writes a column marker (2 bytes) before the
# positions of every column but the first, for every term of every article,
# and the body holds nearly all the tokens.
COLUMNS = ("body", "title", "section", "people", "page", "pinyin")
TEXT_COLUMNS = ("body", "title", "section", "people")

_PRIVATE_BASE = 0xF0000
BOUNDARY = chr(_PRIVATE_BASE + 0x100)
PAGE_MARK = chr(_PRIVATE_BASE + 0x101)
PINYIN_MARK = chr(_PRIVATE_BASE + 0x102)
# Text holding one of the index's own private-use characters gets a stand-in
# for it, so no article can forge a boundary or a marked token.
_MARKS = (BOUNDARY, PAGE_MARK, PINYIN_MARK)
_UNSAFE = [chr(c) for c in range(0x21)] + ["\x7f"]
_TOKEN_SAFE = str.maketrans(
    {c: chr(_PRIVATE_BASE + ord(c)) for c in _UNSAFE}
    | {mark: chr(ord(mark) + len(_MARKS)) for mark in _MARKS}
)
_ASCII_PUNCTUATION = "".join(chr(c) for c in range(33, 127) if not chr(c).isalnum())


def tokenizer_clause() -> str:
    """The ``tokenize=`` argument of the FTS5 tables (quoted for CREATE)."""
    chars = _ASCII_PUNCTUATION.replace("'", "''").replace('"', '""')
    return f"\"ascii tokenchars '{chars}'\""


_UNSAFE_RE = re.compile("[\x00-\x20\x7f\U000f0100-\U000f0102]")
_SAFE_SPACE = _TOKEN_SAFE[ord(" ")]
# Code points as 4-byte unsigned ints, for building bigram texts with C-level
# strided copies (``bigram_tokens``); None where "I" is not 4 bytes.
_CODE_ARRAY = "I" if array("I").itemsize == 4 else None


def safe_text(text: str) -> str:
    """``text`` folded, with spaces and control characters made token characters.

    ``str.translate`` with a dict costs ~80 ns a character on Chinese text, so
    it runs only when an unsafe character is there: most paragraphs have
    none, and most of the rest only spaces.
    """
    folded = fold(text)
    if _UNSAFE_RE.search(folded) is None:
        return folded
    if " " in folded:
        folded = folded.replace(" ", _SAFE_SPACE)
        if _UNSAFE_RE.search(folded) is None:
            return folded
    return folded.translate(_TOKEN_SAFE)


# Characters of a segment turned into tokens at once: bounds the temporary
# arrays for a huge paragraph (a 20 MB one took ~250 MB for them whole).
TOKEN_PIECE = 1 << 20


def bigram_tokens(safe: str) -> str:
    """``ABCD`` -> ``AB BC CD D`` for an already safe text ("" for "").

    A segment longer than ``TOKEN_PIECE`` is done in overlapping pieces (each
    piece's last character starts the next one's first bigram), so memory
    beyond the result stays small however long the paragraph.
    """
    n = len(safe)
    if n <= TOKEN_PIECE:
        return _piece_tokens(safe)
    parts = []
    for start in range(0, n, TOKEN_PIECE):
        tokens = _piece_tokens(safe[start : start + TOKEN_PIECE + 1])
        if start + TOKEN_PIECE < n:
            tokens = tokens[:-2]  # " X": X begins the next piece
        parts.append(tokens)
    return " ".join(parts)


def _piece_tokens(safe: str) -> str:
    """``bigram_tokens`` in one go.

    The characters are laid out as an array of code points, ``s[i]`` at every
    third slot and ``s[i + 1]`` after it: ~20x faster than joining 1,300
    two-character strings.
    """
    n = len(safe)
    if n < 2:
        return safe
    if _CODE_ARRAY is None:  # pragma: no cover - platforms with a 2-byte "I"
        return " ".join(map(operator.add, safe, safe[1:])) + " " + safe[-1]
    codes = array(_CODE_ARRAY, safe.encode("utf-32-le"))
    out = array(_CODE_ARRAY, [0x20]) * (3 * n - 2)
    out[0::3] = codes
    out[1::3] = codes[1:]
    return out.tobytes().decode("utf-32-le")


def column_tokens(segments: Iterable[str]) -> str:
    """Several segments of one column, kept apart by a boundary token."""
    return safe_column_tokens(map(safe_text, segments))


def safe_column_tokens(safe_segments: Iterable[str]) -> str:
    """``column_tokens`` for segments already made safe (``safe_text``)."""
    parts = [tokens for tokens in map(bigram_tokens, safe_segments) if tokens]
    return f" {BOUNDARY} ".join(parts)


def marked_tokens(tokens: str, mark: str) -> str:
    """``tokens`` (space-separated) each prefixed with ``mark`` ("" stays "")."""
    return mark + tokens.replace(" ", " " + mark) if tokens else ""


def single_character(term: str) -> str | None:
    """The token character a one-character term searches for, else None."""
    safe = safe_text(term)
    return safe if len(safe) == 1 else None


def term_expression(term: str, mark: str = "") -> str | None:
    """The FTS5 expression matching ``term`` as a folded substring, or None if empty.

    With ``mark`` it matches the marked tokens of the page or pinyin column.
    Tokens are always double-quoted, so nothing in a term is FTS5 syntax.
    """
    safe = safe_text(term)
    if not safe:
        return None
    if len(safe) == 1:
        return '"' + (mark + safe).replace('"', '""') + '"*'
    phrase = " ".join(mark + a + b for a, b in itertools.pairwise(safe))
    return '"' + phrase.replace('"', '""') + '"'
