"""Pinyin keys of titles and bylines, so ``baojiaolou`` or ``bjl`` finds 保交楼.

pypinyin's API costs ~170 µs a title, too slow to import 100k articles, so
the table is built once from pypinyin's own per-character data and applied
with ``str.translate``. A polyphone takes the first reading pypinyin lists
(its most common one, e.g. 行 -> xing, 长 -> zhang), unless it is part of
a word in pypinyin's phrase list that reads it otherwise (银行 -> yinhang,
重庆 -> chongqing, 长沙 -> changsha): titles name places and institutions
people type by sound. Names in bylines get no surname readings (单 -> dan).
ü is written ``v``, as pinyin input methods do (绿 -> lv).
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
_phrases: dict[str, tuple[str, ...]] = {}
_context_re: re.Pattern[str] = re.compile("(?!)")


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
        _build_phrases(full_bmp)
        _init_bmp.extend(init_bmp)
        _full_bmp.extend(full_bmp)  # last: it is the "built" flag


def _build_phrases(full_bmp: list[str | None]) -> None:
    """Words of 2-4 characters whose reading differs from the per-character one.

    From pypinyin's phrase list: 重庆 chongqing, 长沙 changsha, 银行 yinhang,
    调整 tiaozheng. Only words that change something are kept, and only the
    characters they change trigger the (slower) contextual pass.
    """
    global _context_re
    from pypinyin.phrases_dict import phrases_dict

    items = [(w, rs) for w, rs in phrases_dict.items() if 2 <= len(w) <= 4 and len(rs) == len(w)]
    flat = _strip_tones([r[0] if r else "" for _, rs in items for r in rs])
    pos = 0
    context: set[str] = set()
    for word, rs in items:
        n = len(rs)
        readings = flat[pos : pos + n]
        pos += n
        if not all(readings):
            continue
        changed = [
            c
            for c, r in zip(word, readings, strict=True)
            if ord(c) >= 0x10000 or full_bmp[ord(c)] != r
        ]
        if changed:
            key = fold(word)
            _phrases[key] = tuple(readings)
            context.update(fold("".join(changed)))
    if context:
        _context_re = re.compile("[" + "".join(re.escape(c) for c in sorted(context)) + "]")


def pinyin_keys(text: str) -> tuple[str, str]:
    """(full pinyin, initials) of ``text``: lower case, no tones, no separators.

    保交楼 -> ("baojiaolou", "bjl"). Latin letters and digits go into both
    lower-cased ("GDP增长" -> ("gdpzengzhang", "gdpzz")); anything else
    (punctuation, spaces, characters without a reading) is dropped.
    """
    if not _full_bmp:
        _build()
    folded = fold(text)
    if _context_re.search(folded) is not None:
        return _keys_in_context(text, folded)
    if _ASTRAL_RE.search(text) is None:
        return text.translate(_full_bmp), text.translate(_init_bmp)
    return text.translate(_full_astral), text.translate(_init_astral)


def _keys_in_context(text: str, folded: str) -> tuple[str, str]:
    """Per-character readings, corrected by the longest listed word around
    each character whose reading depends on its word (left to right)."""
    full = [_full_astral[ord(c)] for c in text]
    init = [_init_astral[ord(c)] for c in text]
    covered = 0
    for m in _context_re.finditer(folded):
        i = m.start()
        if i < covered:
            continue
        for size in (4, 3, 2):
            for j in range(max(covered, i - size + 1), i + 1):
                readings = _phrases.get(folded[j : j + size])
                if readings is not None:
                    full[j : j + size] = readings
                    init[j : j + size] = [r[0] for r in readings]
                    covered = j + size
                    break
            else:
                continue
            break
    return "".join(filter(None, full)), "".join(filter(None, init))


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
