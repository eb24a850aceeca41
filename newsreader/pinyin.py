"""Pinyin keys of titles and bylines, so ``baojiaolou`` or ``bjl`` finds 保交楼.

pypinyin's API costs ~170 µs a title, too slow to import 100k articles, so
the table is built once from pypinyin's own per-character data and applied
with ``str.translate``. A polyphone takes the first reading pypinyin lists
(its most common one, e.g. 行 -> xing, 长 -> zhang); phrase context is not
used. ü is written ``v``, as pinyin input methods do (绿 -> lv).
"""

from __future__ import annotations

import re
import threading
import unicodedata

from newsreader.text import fold

__all__ = ["is_pinyin_query", "pinyin_keys", "reading"]


_lock = threading.Lock()
_full_bmp: list[str | None] = []
_init_bmp: list[str | None] = []
_astral: dict[int, tuple[str, str]] = {}
_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")
_NOT_PINYIN_RE = re.compile("[^a-z,]")


class _AstralTable(dict[int, str | None]):
    """``str.translate`` table for text with astral characters (rare).

    Filled on demand from the BMP lists and the astral readings, so the
    build does not copy 65,536 entries for a case that almost never occurs;
    characters without a reading map to None (dropped).
    """

    __slots__ = ("_which",)

    def __init__(self, which: int) -> None:
        super().__init__()
        self._which = which

    def __missing__(self, key: int) -> str | None:
        if key < 0x10000:
            value = (_full_bmp, _init_bmp)[self._which][key]
        else:
            pair = _astral.get(key)
            if pair:
                value = pair[self._which]
            else:  # e.g. mathematical letters: fold to ASCII like the BMP ones
                f = fold(chr(key))
                value = f if f.isascii() and f.isalnum() else None
        self[key] = value
        return value


_full_astral = _AstralTable(0)
_init_astral = _AstralTable(1)


def _strip_tones(readings: list[str]) -> list[str]:
    """``lǜ`` -> ``lv``: tone marks removed via NFD, ü as v (one NFD call for all)."""
    joined = unicodedata.normalize("NFD", ",".join(readings).lower())
    return _NOT_PINYIN_RE.sub("", joined.replace("u\u0308", "v")).split(",")


def _build() -> None:
    """Fill the tables once (lazily, thread-safe; ~40 ms)."""
    if _full_bmp:
        return
    with _lock:
        if _full_bmp:
            return
        from pypinyin.pinyin_dict import pinyin_dict

        init_bmp: list[str | None] = [None] * 0x10000
        full_bmp: list[str | None] = [None] * 0x10000
        cps = list(pinyin_dict)
        firsts = _strip_tones([pinyin_dict[cp].split(",", 1)[0] for cp in cps])
        for cp, first in zip(cps, firsts, strict=True):
            if not first:
                continue
            if cp < 0x10000:
                full_bmp[cp] = first
                init_bmp[cp] = first[0]
            else:
                _astral[cp] = (first, first[0])
        # Latin letters and digits (also full-width ones) pass through
        # lower-cased, whole, into both keys; they win over any reading.
        folded_bmp = fold("".join(map(chr, range(0x10000))))
        for m in re.finditer("[0-9a-z]", folded_bmp):
            full_bmp[m.start()] = init_bmp[m.start()] = m.group()
        _init_bmp.extend(init_bmp)
        _full_bmp.extend(full_bmp)  # last: it is the "built" flag


def pinyin_keys(text: str) -> tuple[str, str]:
    """(full pinyin, initials) of ``text``: lower case, no tones, no separators.

    保交楼 -> ("baojiaolou", "bjl"). Latin letters and digits go into both
    lower-cased ("GDP增长" -> ("gdpzengzhang", "gdpzz")); anything else
    (punctuation, spaces, characters without a reading) is dropped.
    """
    if not _full_bmp:
        _build()
    if _ASTRAL_RE.search(text) is None:
        return text.translate(_full_bmp), text.translate(_init_bmp)
    return text.translate(_full_astral), text.translate(_init_astral)


def reading(ch: str) -> str:
    """The toneless reading used for one character ("" if it has none)."""
    return pinyin_keys(ch)[0] if len(ch) == 1 else ""


def is_pinyin_query(term: str) -> bool:
    """True when a term could be pinyin: only ASCII letters, at least two.

    Full-width letters count (they fold to ASCII); the caller should look the
    term up folded, i.e. lower case.
    """
    if len(term) < 2:
        return False
    t = fold(term)
    return t.isascii() and t.isalpha()
