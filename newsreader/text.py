"""Text primitives shared by search, highlighting and display.

``fold`` makes text comparable: width and compatibility forms (NFKC: ℃ is
°c), case, spaces, and traditional -> simplified by word (OpenCC's phrase
dictionaries: 瞭解 is 了解, 哪吒 stays 哪吒). Word conversion and NFKC may
change the length, so ``fold_mapped`` also returns where each folded
character came from: the highlighter marks the user's own characters. Most
text changes length nowhere and needs no map (the common, fast case).
``visible`` keeps its length for terminal safety: untrusted article text
must never reach the terminal as a control sequence, and spans computed on
the raw text stay valid on the displayed text.

Pure standard library plus OpenCC; never imports textual or rich.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from array import array
from collections.abc import Set
from functools import lru_cache
from itertools import accumulate

from newsreader.fold_context import CONTEXT, KEPT_CHARS

__all__ = [
    "KEPT_CHARS",
    "FoldMap",
    "cell_prefix",
    "cell_width",
    "char_width",
    "convert_han",
    "fold",
    "fold_aliases",
    "fold_cached",
    "fold_char",
    "fold_mapped",
    "is_cjk",
    "non_ascii_fold_aliases",
    "truncate_cells",
    "visible",
]

# --------------------------------------------------------------------------
# Folding
# --------------------------------------------------------------------------

# Code points above this have no NFKC, case or whitespace mapping and no
# traditional Chinese (planes 4-16 hold only tags, variation selectors and
# private use); scanning beyond it would only slow the one-time build.
_SCAN_LIMIT = 0x40000

# Han ideograph blocks handed to OpenCC in one call (it converts these only).
_HAN_RANGES: tuple[tuple[int, int], ...] = (
    (0x2E80, 0x2FDF),  # radicals supplement, Kangxi radicals
    (0x3400, 0x4DBF),  # extension A
    (0x4E00, 0x9FFF),  # unified ideographs
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0x20000, 0x323AF),  # extensions B-H and compatibility supplement
)


_converters: list[object] = []


def convert_han(text: str) -> str:
    """Traditional -> simplified by word: OpenCC's tw2s, then hk2s.

    tw2s is t2s after Taiwan forms (隨著 -> 随着, 著力 -> 着力), hk2s after
    Hong Kong ones (衞生 -> 卫生); both use OpenCC's phrase dictionaries, so
    瞭解 -> 了解 while 哪吒 and 乾隆 stay. Converting the output of one with
    the other changes nothing a simplified text holds.
    """
    if not _converters:
        import opencc  # imported lazily: only the first fold pays for it

        _converters.extend([opencc.OpenCC("tw2s"), opencc.OpenCC("hk2s")])
    tw2s, hk2s = _converters
    return hk2s.convert(tw2s.convert(text))  # type: ignore[attr-defined]


def _single_triggers() -> dict[int, str]:
    """Han characters ``convert_han`` changes on their own, with what they become.

    One call over every Han code point separated by newlines keeps the
    phrase dictionaries from joining neighbours (~20 ms instead of a call a
    character).
    """
    chars = [chr(cp) for lo, hi in _HAN_RANGES for cp in range(lo, hi + 1)]
    out = convert_han("\n".join(chars)).split("\n")
    if len(out) != len(chars):  # defensive: never trust alignment blindly
        out = [convert_han(c) for c in chars]
    return {ord(c): s for c, s in zip(chars, out, strict=True) if s != c}


def _fold_step(ch: str) -> str:
    """One pass of the per-character rules; ``_fold_one`` iterates to a fixed point."""
    n = unicodedata.normalize("NFKC", ch)
    if len(n) == 1:
        ch = n
    low = ch.lower()
    if len(low) == 1:
        ch = low
    if ch != "\n" and ch.isspace():
        ch = " "
    return ch


def _fold_one(ch: str) -> str:
    """Apply the rules until nothing changes, so folding is idempotent."""
    for _ in range(8):
        nxt = _fold_step(ch)
        if nxt == ch:
            break
        ch = nxt
    return ch


class _FoldTable(dict[int, int]):
    """``str.translate`` table: code point -> folded code point.

    Built with every character that changes; any other character is added as
    an identity entry the first time it is seen (``__missing__``), because a
    failed lookup inside ``str.translate`` costs an exception per character
    while a hit is a plain dict probe. Concurrent ``__missing__`` calls store
    the same value, so no lock is needed after the build.
    """

    __slots__ = ()

    def __missing__(self, key: int) -> int:
        self[key] = key
        return key


_table: _FoldTable | None = None
_bmp_table: list[int] = []
_ascii_table: bytes = b""
_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")
_table_lock = threading.Lock()
# Characters whose NFKC form is several characters (℃ -> °c, … -> ...,
# Ⅱ -> ii), already folded: the only length-changing rule besides the
# rare OpenCC word that changes length.
_expansions: dict[str, str] = {}
# Han characters that may change by word (see ``fold_context``), and what a
# changing one becomes on its own.
_triggers: frozenset[int] = frozenset()
_single: dict[int, str] = {}
_context: dict[int, str] = {}

# Anything that sends a text down the slow path: an expansion or a trigger.
# Each pattern comes twice: a class of scattered astral code points scans
# ~50x slower than a BMP one, so text without astral characters (nearly
# all) is scanned with the BMP half only.
_NEVER = re.compile("(?!)")
_slow_re: tuple[re.Pattern[str], re.Pattern[str]] = (_NEVER, _NEVER)
_expand_re: tuple[re.Pattern[str], re.Pattern[str]] = (_NEVER, _NEVER)
_trigger_re: tuple[re.Pattern[str], re.Pattern[str]] = (_NEVER, _NEVER)
_HAN_RUN_RE = re.compile(
    "[" + "".join(f"{re.escape(chr(lo))}-{re.escape(chr(hi))}" for lo, hi in _HAN_RANGES) + "]+"
)

# Full-width punctuation that fills Chinese text: replaced with str.replace
# (a memchr-speed pass each) before the scan for everything else.
_FREQUENT_CHARS = "，！？：；（）％\u3000"
_frequent_pairs: tuple[tuple[str, str], ...] = ()
_rare_re: re.Pattern[str] = re.compile("(?!)")
# Past this many runs of changing characters a whole-string translate is
# cheaper than patching the runs one by one.
_MAX_RUNS = 8


_BLOCK = 256
_SPACE_RE = re.compile(r"\s")


def _candidates() -> list[int]:
    """Code points a per-character rule may change, found a block at a time.

    A block of 256 code points is skipped whole when it is NFKC-normalized,
    has no upper case and no whitespace: a character NFKC changes alone
    never occurs in normalized text, so the block test has no false
    "unchanged". Han blocks are all skipped (OpenCC handles them by word).
    """
    out: list[int] = []
    is_normalized = unicodedata.is_normalized
    for base in range(0, _SCAN_LIMIT, _BLOCK):
        if 0xD800 <= base < 0xE000:
            continue  # surrogates
        cps = range(base, base + _BLOCK)
        block = "".join(map(chr, cps))
        if (
            is_normalized("NFKC", block)
            and block.lower() == block
            and _SPACE_RE.search(block) is None
        ):
            continue
        out.extend(cps)
    return out


def _build() -> _FoldTable:
    """Build the folding tables once (thread-safe, lazy: ~0.1 s on first use)."""
    global _table, _bmp_table, _ascii_table, _frequent_pairs, _rare_re
    global _triggers, _single, _context, _slow_re, _expand_re, _trigger_re
    with _table_lock:
        if _table is not None:
            return _table

        table = _FoldTable()
        expansions: dict[str, str] = {}
        normalize = unicodedata.normalize
        for cp in _candidates():
            ch = chr(cp)
            # Cheap filters first: most code points are unchanged by every rule.
            nfkc = normalize("NFKC", ch)
            if not ch.isspace() and ch.lower() == ch and nfkc == ch:
                continue
            folded = _fold_one(ch)
            if folded != ch:
                table[cp] = ord(folded)
        for cp in _candidates():
            ch = chr(table.get(cp, cp))
            nfkc = normalize("NFKC", ch)
            if len(nfkc) > 1:
                expansions[ch] = "".join(map(_fold_one, nfkc))
        kept = set(map(ord, KEPT_CHARS))
        single = {cp: out for cp, out in _single_triggers().items() if cp not in kept}
        _single = single
        _context = {ord(c): out for c, out in CONTEXT.items() if ord(c) not in kept}
        _triggers = frozenset(single) | frozenset(_context)
        _expansions.update(expansions)
        _expand_re = _class_pair(set(map(ord, expansions)))
        _trigger_re = _class_pair(set(_triggers))
        _slow_re = _class_pair(_triggers | set(map(ord, expansions)))
        _ascii_table = bytes(table.get(b, b) for b in range(128)) + bytes(range(128, 256))
        _bmp_table = [table.get(cp, cp) for cp in range(0x10000)]
        frequent = {ord(c) for c in _FREQUENT_CHARS}
        _frequent_pairs = tuple((c, chr(table[ord(c)])) for c in _FREQUENT_CHARS)
        _rare_re = re.compile(
            _char_class([cp for cp in sorted(table) if cp < 0x10000 and cp not in frequent]) + "+"
        )
        _table = table
        return table


def _class_pair(cps: Set[int]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(BMP-only class, full class) of ``cps``: see ``_slow_re``."""
    bmp = sorted(cp for cp in cps if cp < 0x10000)
    return re.compile(_char_class(bmp)), re.compile(_char_class(sorted(cps)))


def _fold_chars(s: str, table: _FoldTable) -> tuple[str, int]:
    """The per-character rules (width, case, spaces): one character in, one
    out; and 1 if the text holds astral characters, else 0."""
    if _ASTRAL_RE.search(s) is not None:
        # Rare (extension B ideographs, math letters): the full dict table.
        return s.translate(table), 1
    # Simplified Chinese changes only in its full-width punctuation and the
    # odd Latin capital: replace the punctuation, find the other runs with
    # one regex scan, patch them. Text with many changes is translated
    # whole: a list indexed by code point is the fastest table
    # str.translate accepts.
    for ch, rep in _frequent_pairs:
        if ch in s:
            s = s.replace(ch, rep)
    runs = _rare_re.finditer(s)
    first = next(runs, None)
    if first is None:
        return s, 0
    parts: list[str] = []
    pos = 0
    m: re.Match[str] | None = first
    while m is not None:
        if len(parts) > 2 * _MAX_RUNS:
            return s.translate(_bmp_table), 0
        start, end = m.span()
        parts.append(s[pos:start])
        parts.append(m.group().translate(_bmp_table))
        pos = end
        m = next(runs, None)
    parts.append(s[pos:])
    return "".join(parts), 0


class FoldMap:
    """Where each character of a folded text came from in the source.

    ``starts[i]`` and ``ends[i]`` bound the source characters that folded
    character ``i`` stands for: ``℃`` -> ``°c`` gives both characters the
    one source character; a word OpenCC rewrites to another length gives
    each of its characters the whole word. Only built when folding changed
    the length; otherwise offsets carry over unchanged.
    """

    __slots__ = ("ends", "starts")

    def __init__(self, starts: array[int], ends: array[int]) -> None:
        self.starts = starts
        self.ends = ends

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The source span of the folded span ``[start, end)`` (not empty)."""
        return self.starts[start], self.ends[max(start, end - 1)]

    def offset(self, index: int) -> int:
        """The source offset of folded offset ``index`` (the end maps to the end)."""
        return self.starts[index] if index < len(self.starts) else self.ends[-1]


def _identity(n: int) -> tuple[array[int], array[int]]:
    return array("q", range(n)), array("q", range(1, n + 1))


def _fold_words(text: str, want_map: bool, astral: int) -> tuple[str, FoldMap | None]:
    """Expansions and OpenCC's words over ``text`` (already folded per character).

    ``astral`` is 1 when ``text`` holds astral characters, else 0.
    """
    expand_re, trigger_re = _expand_re[astral], _trigger_re[astral]
    starts: array[int] | None = None
    ends: array[int] | None = None
    resized = False
    if expand_re.search(text) is not None:
        resized = True
        parts: list[str] = []
        pos = 0
        if want_map:
            starts, ends = array("q"), array("q")
        for m in expand_re.finditer(text):
            i = m.start()
            rep = _expansions[m.group()]
            parts.append(text[pos:i])
            parts.append(rep)
            if starts is not None and ends is not None:
                starts.extend(range(pos, i))
                ends.extend(range(pos + 1, i + 1))
                starts.extend([i] * len(rep))
                ends.extend([i + 1] * len(rep))
            pos = i + 1
        parts.append(text[pos:])
        if starts is not None and ends is not None:
            starts.extend(range(pos, len(text)))
            ends.extend(range(pos + 1, len(text) + 1))
        text = "".join(parts)
    runs = _trigger_runs(text, trigger_re)
    if runs:
        sources = [text[a:b] for a, b in runs]
        converted = convert_han("\n".join(sources)).split("\n")
        if len(converted) != len(sources):  # a newline inside a word: never seen
            converted = [convert_han(s) for s in sources]
        if any(k in text for k in KEPT_CHARS):
            converted = [_keep(src, out) for src, out in zip(sources, converted, strict=True)]
        parts = []
        pos = 0
        # Word conversion nearly always keeps lengths: then the map (if
        # any, from expansions) carries over unchanged and is not rebuilt.
        mapped = want_map and any(
            len(out) != len(src) for src, out in zip(sources, converted, strict=True)
        )
        if mapped and (starts is None or ends is None):
            starts, ends = _identity(len(text))
        new_starts: array[int] = array("q")
        new_ends: array[int] = array("q")
        for (a, b), out in zip(runs, converted, strict=True):
            parts.append(text[pos:a])
            parts.append(out)
            if mapped and starts is not None and ends is not None:
                new_starts.extend(starts[pos:a])
                new_ends.extend(ends[pos:a])
                if len(out) == b - a:
                    new_starts.extend(starts[a:b])
                    new_ends.extend(ends[a:b])
                else:
                    resized = True
                    new_starts.extend([starts[a]] * len(out))
                    new_ends.extend([ends[b - 1]] * len(out))
            pos = b
        parts.append(text[pos:])
        if mapped and starts is not None and ends is not None:
            new_starts.extend(starts[pos:])
            new_ends.extend(ends[pos:])
            starts, ends = new_starts, new_ends
        text = "".join(parts)
    if not resized or starts is None or ends is None:
        return text, None  # nothing changed length: offsets carry over
    return text, FoldMap(starts, ends)


def _trigger_runs(text: str, trigger_re: re.Pattern[str]) -> list[tuple[int, int]]:
    """Spans of the Han runs that hold a trigger.

    A few triggers (simplified text: 著 in 显著) are widened to their runs;
    many (traditional text) are matched against the runs in one merge.
    """
    triggers = [m.start() for m in trigger_re.finditer(text)]
    runs: list[tuple[int, int]] = []
    if len(triggers) <= 4:
        end = -1
        for p in triggers:
            if p < end:
                continue
            start = p
            while start > 0:  # back to the run's start, 32 characters at a time
                lo = max(0, start - 32)
                back = _HAN_RUN_RE.match(text[lo:start][::-1])
                if back is None:
                    break
                start -= back.end()
                if back.end() < 32:
                    break
            run = _HAN_RUN_RE.match(text, p)
            end = run.end() if run is not None else p + 1
            runs.append((start, end))
        return runs
    k, n = 0, len(triggers)
    for m in _HAN_RUN_RE.finditer(text):
        start, end = m.span()
        while k < n and triggers[k] < start:
            k += 1
        if k == n:
            break
        if triggers[k] < end:
            runs.append((start, end))
    return runs


def _keep(source: str, out: str) -> str:
    """``out`` with the ``KEPT_CHARS`` characters of ``source`` put back."""
    if len(out) != len(source) or not any(k in source for k in KEPT_CHARS):
        return out
    return "".join(s if s in KEPT_CHARS else o for s, o in zip(source, out, strict=True))


def fold(s: str) -> str:
    """Fold ``s`` for matching: width and compatibility forms (NFKC), case,
    traditional -> simplified by word, spaces.

    Per character: NFKC (℃ -> °c, Ⅱ -> ii, … -> ..., ① -> 1, ＡＢ -> ab),
    lower case, every whitespace but ``"\\n"`` -> ``" "``. Then each run of
    Han characters that may change is converted by word (``convert_han``):
    瞭解 -> 了解, 隨著 -> 随着, while 哪吒 and 乾隆 stay. Folding never looks
    across a non-Han character, so folding fields one by one or joined by
    newlines gives the same text. The length may change (``fold_mapped``
    gives the offset map). The first call builds the tables (~0.1 s); later
    calls are safe from any thread.
    """
    table = _table if _table is not None else _build()
    if s.isascii():
        return s.encode("ascii").translate(_ascii_table).decode("ascii")
    s, astral = _fold_chars(s, table)
    if _slow_re[astral].search(s) is None:
        return s
    return _fold_words(s, False, astral)[0]


def fold_mapped(s: str) -> tuple[str, FoldMap | None]:
    """``fold(s)`` and, when its length differs from ``s``'s, where each character came from.

    With None the offsets of the folded text are offsets in ``s``.
    """
    table = _table if _table is not None else _build()
    if s.isascii():
        return s.encode("ascii").translate(_ascii_table).decode("ascii"), None
    s, astral = _fold_chars(s, table)
    if _slow_re[astral].search(s) is None:
        return s, None
    return _fold_words(s, True, astral)


@lru_cache(maxsize=1024)
def fold_cached(s: str) -> str:
    """``fold`` with a small LRU cache, for texts folded again and again
    (the rows shown while a query is typed recur keystroke after keystroke).
    Thread-safe; hashing a string is far cheaper than folding it."""
    return fold(s)


_preimages: dict[int, list[int]] | None = None


@lru_cache(maxsize=256)
def _alias_codes(needles: tuple[str, ...]) -> frozenset[int]:
    """Code points that may fold into a needle's character, or change one in place.

    A character the per-character table maps onto a needle's, a compatibility
    form whose expansion holds one, every Han character whose conversion
    depends on its word (``fold_context``), and a Han character that changes
    alone into (or out of) a needle's character.
    """
    global _preimages
    table = _table if _table is not None else _build()
    if _preimages is None:
        reverse: dict[int, list[int]] = {}
        for source, target in table.items():
            reverse.setdefault(target, []).append(source)
        _preimages = reverse
    wanted = {ord(ch) for needle in needles for ch in needle}
    codes = {cp for target in wanted for cp in _preimages.get(target, ())} - wanted
    expanding = [ord(ch) for ch, rep in _expansions.items() if not wanted.isdisjoint(map(ord, rep))]
    codes.update(expanding)  # and what folds into them first (Ⅱ -> ⅱ -> ii)
    codes.update(cp for target in expanding for cp in _preimages.get(target, ()))
    if any(cp >= 0x2E80 for cp in wanted):
        codes.update(
            cp
            for cp, out in _context.items()
            if cp in wanted or not wanted.isdisjoint(map(ord, out))
        )
        codes.update(
            cp
            for cp, out in _single.items()
            if cp in wanted or not wanted.isdisjoint(map(ord, out))
        )
    return frozenset(codes)


@lru_cache(maxsize=256)
def fold_aliases(needles: tuple[str, ...]) -> re.Pattern[str] | None:
    """A pattern of every character that could make ``fold(text)`` differ from
    ``text`` where a (folded) needle occurs or could occur.

    Where a text holds none of them, the needles occur in ``fold(text)``
    exactly as in ``text`` (same count, and the offsets of ``text`` are the
    source offsets): counting and finding them can skip folding the text (a
    regex scan of ~4 µs instead of ~25 µs for an article). None when no
    character can.
    """
    return _alias_pattern(_alias_codes(needles))


@lru_cache(maxsize=256)
def non_ascii_fold_aliases(needles: tuple[str, ...]) -> re.Pattern[str] | None:
    """``fold_aliases`` without the ASCII ones (upper-case letters).

    Where a text holds none of these, an ASCII needle matches the folded
    text exactly where it matches the text under ASCII-only case folding
    (``re.ASCII | re.IGNORECASE``), so Latin terms need no folding either.
    """
    return _alias_pattern(frozenset(cp for cp in _alias_codes(needles) if cp >= 0x80))


def _alias_pattern(aliases: frozenset[int]) -> re.Pattern[str] | None:
    if not aliases:
        return None
    # Astral aliases (math letters) are lumped into one range: a class of
    # scattered astral code points makes the regex scan ~10x slower, and
    # astral text is rare enough to simply fold.
    bmp = sorted(cp for cp in aliases if cp < 0x10000)
    astral = "\U00010000-\U0010ffff" if len(bmp) < len(aliases) else ""
    return re.compile((_char_class(bmp)[:-1] if bmp else "[") + astral + "]")


def fold_char(ch: str) -> str:
    """``fold`` for a single character (for callers building their own tables)."""
    return fold(ch)


# --------------------------------------------------------------------------
# Terminal cells
# --------------------------------------------------------------------------


def _measure(ch: str) -> int:
    """Terminal cells of one character (uncached): see ``char_width``."""
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 2
    if unicodedata.category(ch) in ("Mn", "Me", "Cf", "Cc") or 0x1160 <= ord(ch) <= 0x11FF:
        return 0
    return 1


class _WidthCache(dict[str, int]):
    """Character -> cells, measured on first sight. A plain dict lookup is
    several times cheaper than an ``lru_cache`` call, and the number of
    distinct characters is bounded, so it never needs evicting."""

    __slots__ = ()

    def __missing__(self, ch: str) -> int:
        w = _measure(ch)
        self[ch] = w
        return w


_widths = _WidthCache()
_width_of = _widths.__getitem__


def char_width(ch: str) -> int:
    """Terminal cells of one character: 2 for East Asian Wide/Fullwidth,
    0 for combining marks, format characters and controls, else 1."""
    return _widths[ch]


def cell_width(s: str) -> int:
    """Terminal cells ``s`` occupies on one line (no newline handling)."""
    if s.isascii() and s.isprintable():
        return len(s)
    return sum(map(_width_of, s))


def cell_prefix(s: str) -> array[int]:
    """Running cell widths: ``result[i]`` is ``cell_width(s[:i])``.

    One C-level pass; windows and wrapping then find their cut points by
    bisection instead of a Python loop over characters. An array of
    machine integers, not a list: a list holds an int object for nearly
    every character, 61 MB for a 1.7M-character paragraph against 14 MB.
    """
    prefix = array("q", [0])
    prefix.extend(accumulate(map(_width_of, s)))
    return prefix


def truncate_cells(s: str, width: int, ellipsis: str = "…") -> str:
    """Cut ``s`` to at most ``width`` cells, ending in ``ellipsis`` when cut.

    Never splits a wide character: if the next one does not fit, the line is
    one cell short. The ellipsis counts in the width; if even it does not fit,
    the result is as much of ``s`` as fits, without an ellipsis. Only the
    first ``width`` cells or so are measured, so long texts cost no more.
    """
    if s.isascii() and s.isprintable() and len(s) <= width:
        return s
    ell = cell_width(ellipsis)
    budget = width - ell
    if budget < 0:
        budget, ellipsis = width, ""
    used = 0
    cut = -1  # first character that does not fit beside the ellipsis
    for i, ch in enumerate(s):
        used += _widths[ch]
        if cut < 0 and used > budget:
            cut = i
        if used > width:
            return s[:cut] + ellipsis if width > 0 else ""
    return s


_CJK_RANGES: tuple[tuple[int, int], ...] = (
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2E80, 0x2FDF),  # CJK radicals
    (0x3005, 0x3007),  # 々 〆 〇
    (0x3021, 0x3029),  # Hangzhou numerals
    (0x3038, 0x303B),
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3100, 0x312F),  # Bopomofo
    (0x3130, 0x318F),  # Hangul compatibility Jamo
    (0x31A0, 0x31BF),  # Bopomofo extended
    (0x31F0, 0x31FF),  # Katakana phonetic extensions
    (0x3400, 0x4DBF),  # extension A
    (0x4E00, 0x9FFF),  # unified ideographs
    (0xA960, 0xA97F),  # Hangul Jamo extended A
    (0xAC00, 0xD7FF),  # Hangul syllables and Jamo extended B
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFF66, 0xFF9F),  # half-width Katakana
    (0x1B000, 0x1B16F),  # Kana supplement / extended
    (0x20000, 0x323AF),  # extensions B-H
)


def is_cjk(ch: str) -> bool:
    """True for a letter of a script written without spaces between words
    (Han, Kana, Hangul, Bopomofo): text the index splits into bigrams.
    Punctuation, even full-width, is not CJK here."""
    if len(ch) != 1:
        return False
    cp = ord(ch)
    if cp < 0x1100:
        return False
    return any(lo <= cp <= hi for lo, hi in _CJK_RANGES)


# --------------------------------------------------------------------------
# Terminal safety
# --------------------------------------------------------------------------

#: Shown in place of characters that would act on the terminal or hide text.
MARKER = "\ufffd"


def _visible_map() -> dict[int, str]:
    """Character -> replacement for everything the terminal must not receive.

    C0 controls become their Unicode control pictures (ESC -> ␛), DEL -> ␡.
    C1 controls, bidi embeddings/overrides/isolates, zero-width and other
    invisible formatting characters (which can reorder or hide text) and the
    ASCII tag characters (used to smuggle hidden text) become U+FFFD, which
    every terminal draws in one cell. Tab and newline are layout: kept.
    """
    m: dict[int, str] = {cp: chr(0x2400 + cp) for cp in range(0x20) if cp not in (0x09, 0x0A)}
    m[0x7F] = "\u2421"
    hidden = [
        *range(0x80, 0xA0),  # C1 controls (CSI, OSC, ... as single bytes)
        0x061C,  # Arabic letter mark (bidi)
        0x115F,
        0x1160,
        0x3164,
        0xFFA0,  # Hangul fillers (blank but not space)
        0x180E,  # Mongolian vowel separator
        *range(0x200B, 0x2010),  # ZWSP, ZWNJ, ZWJ, LRM, RLM
        0x2028,
        0x2029,  # line / paragraph separators
        *range(0x202A, 0x202F),  # bidi embeddings and overrides
        *range(0x2060, 0x2065),  # word joiner, invisible operators
        *range(0x2066, 0x206A),  # bidi isolates
        *range(0x206A, 0x2070),  # deprecated formatting controls
        0xFEFF,  # BOM / zero-width no-break space
        *range(0xFFF9, 0xFFFC),  # interlinear annotation controls
        *range(0xE0000, 0xE0080),  # tags
    ]
    for cp in hidden:
        m[cp] = MARKER
    return m


_VISIBLE = _visible_map()


def _char_class(cps: list[int]) -> str:
    """A compact regex class (runs become ranges) so the scan stays fast."""
    parts: list[str] = []
    start = prev = cps[0]
    for cp in [*cps[1:], -1]:
        if cp == prev + 1:
            prev = cp
            continue
        lo, hi = re.escape(chr(start)), re.escape(chr(prev))
        parts.append(lo if start == prev else f"{lo}-{hi}")
        start = prev = cp
    return "[" + "".join(parts) + "]"


_VISIBLE_RE = re.compile(_char_class(sorted(_VISIBLE)))


def _visible_sub(m: re.Match[str]) -> str:
    return _VISIBLE[ord(m.group())]


def visible(s: str) -> str:
    """Make untrusted text safe to print: one character in, one out.

    Escape sequences lose their ESC (shown as ␛), so nothing after it is
    interpreted. Text without anything to replace is returned unchanged
    after a single regex scan.
    """
    if _VISIBLE_RE.search(s) is None:
        return s
    return _VISIBLE_RE.sub(_visible_sub, s)
