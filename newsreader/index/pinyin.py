"""Pinyin of titles and bylines, so ``baojiaolou``, ``bjl`` or ``baojiaol`` finds 保交楼.

pypinyin's API costs ~170 µs a title, too slow to import 100k articles, so
the table is built once from pypinyin's own per-character data and applied
with ``str.translate``. A polyphone takes the first reading pypinyin lists
(its most common one, e.g. 行 -> xing, 长 -> zhang), unless it is part of
a word in pypinyin's phrase list, or in the few place and person names
listed here, that reads it otherwise (银行 -> yinhang, 重庆 -> chongqing,
朝阳区 -> chaoyangqu, 单县 -> shanxian, 曾国藩 -> zengguofan): titles name
places and institutions people type by sound. The longest word wins. In a
byline name the first character takes its surname reading (单 -> shan,
曾 -> zeng). ü is written ``v``, as pinyin input methods do (绿 -> lv).

Matching (``pinyin_spans``, and the index tokens of ``pinyin_token_text``)
is by syllable: a Latin term matches the readings of consecutive
characters when it is their whole syllables, their initials, or whole
syllables ending in a prefix of the next one (``xjp``, ``xijinp``); never
a piece that starts inside a syllable (``nba`` is not xinwe-n ba-n).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise

from newsreader.text import fold, fold_mapped

__all__ = [
    "INITIAL_PREFIX",
    "is_pinyin_query",
    "pinyin_keys",
    "pinyin_phrases",
    "pinyin_spans",
    "pinyin_splits",
    "pinyin_token_text",
    "reading",
    "readings",
]

# Words whose reading pypinyin's phrase list lacks or gives otherwise, as
# news text reads them (place names, a few people).
_NAMED_WORDS = {
    "朝阳": "chao yang",
    "单县": "shan xian",
    "曾国藩": "zeng guo fan",
    "重庆": "chong qing",
    "六安": "lu an",
    "蚌埠": "beng bu",
    "番禺": "pan yu",
    "乐亭": "lao ting",
    "铅山": "yan shan",
    "尉迟": "yu chi",
}
# Surname readings of polyphones, for the first character of a byline name.
_SURNAMES = {
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "仇": "qiu",
    "朴": "piao",
    "查": "zha",
    "区": "ou",
    "盖": "ge",
    "缪": "miao",
    "折": "she",
    "翟": "zhai",
    "覃": "qin",
    "华": "hua",
    "纪": "ji",
    "尉": "yu",
    "乐": "yue",
}


_lock = threading.Lock()
_full_bmp: list[str | None] = []
# ``str.translate`` table: a BMP character -> its reading ("" if none) + NUL.
_split_bmp: list[str] = []
_init_bmp: list[str | None] = []
_astral: dict[int, tuple[str, str]] = {}
_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")
_NOT_PINYIN_RE = re.compile("[^a-z,]")
_phrases: dict[str, tuple[str, ...]] = {}
_phrase_prefixes: set[str] = set()
_context_re: re.Pattern[str] = re.compile("(?!)")
_longest_word = 4
# Code points that are Latin letters or digits (they pass through, they are no reading).
_latin: set[int] = set()
_syllables: set[str] = set()
_prefixes: set[str] = set()
# Index tokens: a syllable is stored as ``PINYIN_MARK + syllable``, an
# initial as ``PINYIN_MARK + INITIAL_PREFIX + letter``, so the two never
# match each other's prefix queries.
INITIAL_PREFIX = "^"
# Between a syllable and the next in a pair token (``bao>jiao``).
PAIR = ">"


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
        folded_bmp, mapping = fold_mapped("".join(map(chr, range(0x10000))))
        for m in re.finditer("(?<![0-9a-z])[0-9a-z](?![0-9a-z])|[0-9a-z]", folded_bmp):
            cp = m.start() if mapping is None else mapping.starts[m.start()]
            if fold(chr(cp)) == m.group():
                full_bmp[cp] = init_bmp[cp] = m.group()
                _latin.add(cp)
        every = _strip_tones([r for cp in cps for r in pinyin_dict[cp].split(",")])
        _syllables.update(r for r in every if r)
        _prefixes.update(r[:i] for r in _syllables for i in range(1, len(r) + 1))
        _build_phrases(full_bmp)
        _split_bmp.extend(
            ("" if cp in _latin or r is None else r) + "\x00" for cp, r in enumerate(full_bmp)
        )
        _init_bmp.extend(init_bmp)
        _full_bmp.extend(full_bmp)  # last: it is the "built" flag


def _build_phrases(full_bmp: list[str | None]) -> None:
    """Words whose reading differs from the per-character one.

    From pypinyin's phrase list (重庆 chongqing, 长沙 changsha, 银行 yinhang,
    朝阳区 chaoyangqu) and ``_NAMED_WORDS``. Only words that change something
    are kept, and only the characters they change trigger the (slower)
    contextual pass.
    """
    global _context_re, _longest_word
    from pypinyin.phrases_dict import phrases_dict

    items = [(w, rs) for w, rs in phrases_dict.items() if 2 <= len(w) <= 8 and len(rs) == len(w)]
    flat = _strip_tones([r[0] if r else "" for _, rs in items for r in rs])
    words: dict[str, list[str]] = {}
    pos = 0
    for word, rs in items:
        n = len(rs)
        words[word] = flat[pos : pos + n]
        pos += n
    words.update((w, r.split()) for w, r in _NAMED_WORDS.items())
    context: set[str] = set()
    for word, readings in words.items():
        if not all(readings):
            continue
        changed = [
            c
            for c, r in zip(word, readings, strict=True)
            if ord(c) >= 0x10000 or full_bmp[ord(c)] != r
        ]
        if changed:
            key = fold(word)
            if len(key) != len(word):
                continue
            _phrases[key] = tuple(readings)
            _phrase_prefixes.update(key[:k] for k in range(2, len(key) + 1))
            _longest_word = max(_longest_word, len(key))
            context.update(fold("".join(changed)))
    if context:
        _context_re = re.compile("[" + "".join(re.escape(c) for c in sorted(context)) + "]")


def readings(text: str, *, name: bool = False) -> list[str]:
    """The reading of each character of ``text`` ("" for none), by word.

    Latin letters, digits, punctuation and characters without a reading
    get "". With ``name`` the first character takes its surname reading.
    """
    return list(_readings_cached(text, name))


@lru_cache(maxsize=2048)
def _readings_cached(text: str, name: bool) -> tuple[str, ...]:
    """``readings`` kept for the titles shown keystroke after keystroke."""
    return tuple(_readings(text, name))


def _readings(text: str, name: bool) -> list[str]:
    if not _full_bmp:
        _build()
    if _ASTRAL_RE.search(text) is None:
        # One C-level pass: each character becomes its reading and a NUL.
        full = text.translate(_split_bmp).split("\x00")[:-1]
    else:
        full = ["" if ord(c) in _latin else (_full_astral[ord(c)] or "") for c in text]
    folded = fold(text)
    if len(folded) != len(text):  # a compatibility form expanded: fold alone
        folded = "".join(f if len(f := fold(c)) == 1 else c for c in text)
    if _context_re.search(folded) is not None:
        _apply_words(folded, full)
    if name and text:
        first = _SURNAMES.get(folded[0])
        if first:
            full[0] = first
    return full


def _apply_words(folded: str, full: list[str]) -> None:
    """Correct ``full`` by the longest listed word around each character
    whose reading depends on its word (left to right)."""
    covered = 0
    for m in _context_re.finditer(folded):
        i = m.start()
        if i < covered:
            continue
        # The longest word covering i, the leftmost of equals; each start
        # is extended only while it spells the beginning of some word.
        best_size, best_start = 0, 0
        for j in range(max(covered, i - _longest_word + 1), i + 1):
            size = 2
            while j + size <= len(folded) and folded[j : j + size] in _phrase_prefixes:
                if j + size > i and size > best_size and folded[j : j + size] in _phrases:
                    best_size, best_start = size, j
                size += 1
        if best_size:
            full[best_start : best_start + best_size] = _phrases[
                folded[best_start : best_start + best_size]
            ]
            covered = best_start + best_size


def pinyin_keys(text: str) -> tuple[str, str]:
    """(full pinyin, initials) of ``text``: lower case, no tones, no separators.

    保交楼 -> ("baojiaolou", "bjl"). Latin letters and digits go into both
    lower-cased ("GDP增长" -> ("gdpzengzhang", "gdpzz")); anything else
    (punctuation, spaces, characters without a reading) is dropped.
    """
    if not _full_bmp:
        _build()
    folded = fold(text)
    if _context_re.search(folded) is None and len(folded) == len(text):
        if _ASTRAL_RE.search(text) is None:
            return text.translate(_full_bmp), text.translate(_init_bmp)
        return text.translate(_full_astral), text.translate(_init_astral)
    full = readings(text)
    for i, c in enumerate(text):
        if ord(c) in _latin:
            full[i] = _full_bmp[ord(c)] or ""
    return "".join(full), "".join(r[:1] for r in full)


def pinyin_token_text(names: list[tuple[str, bool]]) -> list[list[str]]:
    """Runs of index tokens (unmarked) for ``(text, is_name)`` pairs.

    Each run of characters with a reading gives three runs of tokens: its
    syllables (``bao jiao lou``), each syllable paired with the next
    (``bao>jiao jiao>lou``) and its initials (``^b ^j ^l``). The pairs let
    ``baojiaol`` be the exact token ``bao>jiao`` then the prefix ``jiao>l``,
    a scan of the few tokens so spelled instead of every syllable in l. A
    character without a reading ends the run, so no term matches across it.
    """
    out: list[list[str]] = []
    for text, name in names:
        run: list[str] = []
        for r in [*_readings(text, name), ""]:
            if r:
                run.append(r)
            elif run:
                out.append(run)
                if len(run) > 1:
                    out.append([a + PAIR + b for a, b in pairwise(run)])
                out.append([INITIAL_PREFIX + x[0] for x in run])
                run = []
    return out


def pinyin_phrases(term: str) -> list[tuple[list[str], bool]]:
    """The token phrases (unmarked) a pinyin term matches, each with whether
    its last token is a prefix: its initials, then one phrase per split."""
    out: list[tuple[list[str], bool]] = [([INITIAL_PREFIX + c for c in term], False)]
    for split in pinyin_splits(term):
        if len(split) == 1:
            out.append((split, True))
        else:
            out.append(([a + PAIR + b for a, b in pairwise(split)], True))
    return out


def pinyin_spans(text: str, term: str, *, name: bool = False) -> list[tuple[int, int]]:
    """Where ``term`` (lower-case letters) matches ``text`` by pinyin, as character spans.

    At each character: the term is the initials of the next characters, or
    their whole syllables with the last piece a prefix of the next one.
    Occurrences are taken left to right without overlap.
    """
    full = _readings_cached(text, name)
    initials = "".join(r[:1] or " " for r in full)
    spans: list[tuple[int, int]] = []
    i = initials.find(term[:1]) if term else -1
    while i >= 0:
        end = _match_at(full, i, term)
        if end > i:
            spans.append((i, end))
            i = initials.find(term[0], end)
        else:
            i = initials.find(term[0], i + 1)
    return spans


def _match_at(full: Sequence[str], i: int, term: str) -> int:
    """The end of a pinyin match of ``term`` starting at character ``i``, else -1."""
    if not full[i]:
        return -1
    k = len(term)
    if i + k <= len(full) and all(full[i + j][:1] == term[j] for j in range(k)):
        return i + k
    pos, j = 0, i
    while j < len(full) and full[j]:
        r = full[j]
        if r.startswith(term[pos:]):
            return j + 1
        if not term.startswith(r, pos):
            return -1
        pos += len(r)
        j += 1
    return -1


def pinyin_splits(term: str, limit: int = 24) -> list[list[str]]:
    """Ways to read ``term`` as whole syllables ending in a prefix of one.

    ``xijinp`` -> [["xi", "jin", "p"], ...]: every piece but the last is a
    syllable, the last is a prefix of one (or a whole one). At most
    ``limit`` ways, longest pieces first.
    """
    if not _full_bmp:
        _build()
    out: list[list[str]] = []

    def walk(pos: int, pieces: list[str]) -> None:
        if len(out) >= limit:
            return
        rest = term[pos:]
        if rest in _prefixes:
            out.append([*pieces, rest])
        for size in range(min(6, len(rest) - 1), 0, -1):
            piece = rest[:size]
            if piece in _syllables:
                walk(pos + size, [*pieces, piece])

    if term:
        walk(0, [])
    return out


def reading(ch: str) -> str:
    """The toneless reading used for one character ("" if it has none)."""
    return pinyin_keys(ch)[0] if len(ch) == 1 else ""


def is_pinyin_query(term: str) -> bool:
    """True when a term could be pinyin: only ASCII letters, at least two,
    not all capitals (``AI``, ``GDP`` and ``APEC`` are literal only).

    Full-width letters count (they fold to ASCII); the caller should look the
    term up folded, i.e. lower case.
    """
    if len(term) < 2 or not any(c.islower() for c in term):
        return False
    t = fold(term)
    return t.isascii() and t.isalpha()
