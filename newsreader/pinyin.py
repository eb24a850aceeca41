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


class _Table(dict[int, str | None]):
    """Astral-character table: unknown characters are dropped (None)."""

    __slots__ = ()

    def __missing__(self, key: int) -> None:
        self[key] = None
        return None


_lock = threading.Lock()
_full_bmp: list[str | None] = []
_init_bmp: list[str | None] = []
_full_astral = _Table()
_init_astral = _Table()
_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")


def _strip_tones(reading: str) -> str:
    """``lǜ`` -> ``lv``: tone marks removed via NFD, ü as v."""
    decomposed = unicodedata.normalize("NFD", reading.lower()).replace("u\u0308", "v")
    return "".join(c for c in decomposed if c.isascii() and c.isalpha()).lower()


def _build() -> None:
    """Fill the tables once (lazily, thread-safe; ~50 ms)."""
    if _full_bmp:
        return
    with _lock:
        if _full_bmp:
            return
        from pypinyin.pinyin_dict import pinyin_dict

        # (full, initial) per code point. Latin letters and digits (also
        # full-width ones) pass through lower-cased, whole, into both keys.
        keys: dict[int, tuple[str, str]] = {}
        folded_bmp = fold("".join(map(chr, range(0x10000))))
        for cp, f in enumerate(folded_bmp):
            if f.isascii() and f.isalnum():
                keys[cp] = (f, f)
        for cp, readings in pinyin_dict.items():
            first = _strip_tones(readings.split(",", 1)[0])
            if first and cp not in keys:
                keys[cp] = (first, first[0])
        init_bmp: list[str | None] = [None] * 0x10000
        full_bmp: list[str | None] = [None] * 0x10000
        for cp, (r, initial) in keys.items():
            if cp < 0x10000:
                full_bmp[cp] = r
                init_bmp[cp] = initial
            else:
                _full_astral[cp] = r
                _init_astral[cp] = initial
        for cp in range(0x10000):
            _full_astral[cp] = full_bmp[cp]
            _init_astral[cp] = init_bmp[cp]
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
