"""Text primitives shared by search, highlighting and display.

``fold`` maps ONE character to ONE character so that an offset found in folded
text is the same offset in the original: the highlighter can then mark the
user's own characters (full-width, traditional, upper case) without mapping.
``visible`` is the same idea for terminal safety: untrusted article text must
never reach the terminal as a control sequence, and keeping its length lets
spans computed on the raw text stay valid on the displayed text.

Pure standard library plus OpenCC (for the traditional -> simplified table);
never imports textual or rich.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from array import array
from functools import lru_cache
from itertools import accumulate

__all__ = [
    "cell_prefix",
    "cell_width",
    "char_width",
    "fold",
    "fold_aliases",
    "fold_cached",
    "fold_char",
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


def _opencc_t2s_table() -> dict[int, str]:
    """Per-character traditional -> simplified, only one-to-one results.

    One OpenCC call over every Han code point separated by newlines keeps its
    phrase dictionary from joining neighbours, so each line is that single
    character's conversion (~30 ms in total instead of a call per character).
    """
    import opencc  # imported lazily: only the first fold pays for it

    chars = [chr(cp) for lo, hi in _HAN_RANGES for cp in range(lo, hi + 1)]
    converter = opencc.OpenCC("t2s")
    out = converter.convert("\n".join(chars)).split("\n")
    if len(out) != len(chars):  # defensive: never trust alignment blindly
        out = [converter.convert(c) for c in chars]
    return {ord(c): s for c, s in zip(chars, out, strict=True) if len(s) == 1 and s != c}


def _fold_step(ch: str, t2s: dict[int, str]) -> str:
    """One pass of the per-character rules; ``_fold_one`` iterates to a fixed point."""
    n = unicodedata.normalize("NFKC", ch)
    if len(n) == 1:
        ch = n
    low = ch.lower()
    if len(low) == 1:
        ch = low
    ch = t2s.get(ord(ch), ch)
    if ch != "\n" and ch.isspace():
        ch = " "
    return ch


def _fold_one(ch: str, t2s: dict[int, str]) -> str:
    """Apply the rules until nothing changes, so ``fold`` is idempotent."""
    for _ in range(8):
        nxt = _fold_step(ch, t2s)
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


def _candidates(t2s: dict[int, str]) -> list[int]:
    """Code points some rule may change, found a block at a time.

    A block of 256 code points is skipped whole when it is NFKC-normalized,
    has no upper case, no whitespace and no traditional character: a
    character NFKC changes alone never occurs in normalized text, so the
    block test has no false "unchanged". In a Han block only the
    traditional characters are left, so about 40,000 characters are tested
    one by one instead of a quarter million.
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
            # Only the traditional characters of the block change.
            out.extend(cp for cp in cps if cp in t2s)
        else:
            out.extend(cps)
    return out


def _build() -> _FoldTable:
    """Build the folding tables once (thread-safe, lazy: ~50 ms on first use)."""
    global _table, _bmp_table, _ascii_table, _frequent_pairs, _rare_re
    with _table_lock:
        if _table is not None:
            return _table
        t2s = _opencc_t2s_table()
        table = _FoldTable()
        normalize = unicodedata.normalize
        for cp in _candidates(t2s):
            ch = chr(cp)
            # Cheap filters first: most code points are unchanged by every rule.
            if (
                cp not in t2s
                and not ch.isspace()
                and ch.lower() == ch
                and normalize("NFKC", ch) == ch
            ):
                continue
            folded = _fold_one(ch, t2s)
            if folded != ch:
                table[cp] = ord(folded)
        _ascii_table = bytes(table.get(b, b) for b in range(128)) + bytes(range(128, 256))
        _bmp_table = [table.get(cp, cp) for cp in range(0x10000)]
        frequent = {ord(c) for c in _FREQUENT_CHARS}
        _frequent_pairs = tuple((c, chr(table[ord(c)])) for c in _FREQUENT_CHARS)
        _rare_re = re.compile(
            _char_class([cp for cp in sorted(table) if cp < 0x10000 and cp not in frequent]) + "+"
        )
        _table = table
        return table


def fold(s: str) -> str:
    """Fold ``s`` for matching: width (NFKC), case, traditional -> simplified, spaces.

    Always ``len(fold(s)) == len(s)``: a character whose NFKC or lower case
    would be several characters is left as it is, and NFKC is applied per
    character (no composition across characters), so offsets carry over.
    Every whitespace character except ``"\\n"`` becomes ``" "``.
    Traditional -> simplified is per character, without OpenCC's word
    context, so a few simplified characters fold too (乾 -> 干): harmless,
    since query and text are folded alike. The first call builds the tables
    (~85 ms); later calls are pure lookups, safe from any thread.
    """
    table = _table if _table is not None else _build()
    if s.isascii():
        return s.encode("ascii").translate(_ascii_table).decode("ascii")
    if _ASTRAL_RE.search(s) is not None:
        # Rare (extension B ideographs, math letters): the full dict table.
        return s.translate(table)
    # Simplified Chinese changes only in its full-width punctuation and the
    # odd Latin capital or traditional character: replace the punctuation,
    # find the other runs with one regex scan, patch them. Text with many
    # changes (traditional Chinese) is translated whole: a list indexed by
    # code point is the fastest table str.translate accepts.
    for ch, rep in _frequent_pairs:
        if ch in s:
            s = s.replace(ch, rep)
    runs = _rare_re.finditer(s)
    first = next(runs, None)
    if first is None:
        return s
    parts: list[str] = []
    pos = 0
    m: re.Match[str] | None = first
    while m is not None:
        if len(parts) > 2 * _MAX_RUNS:
            return s.translate(_bmp_table)
        start, end = m.span()
        parts.append(s[pos:start])
        parts.append(m.group().translate(_bmp_table))
        pos = end
        m = next(runs, None)
    parts.append(s[pos:])
    return "".join(parts)


@lru_cache(maxsize=1024)
def fold_cached(s: str) -> str:
    """``fold`` with a small LRU cache, for texts folded again and again
    (the rows shown while a query is typed recur keystroke after keystroke).
    Thread-safe; hashing a string is far cheaper than folding it."""
    return fold(s)


_preimages: dict[int, list[int]] | None = None


@lru_cache(maxsize=256)
def _alias_codes(needles: tuple[str, ...]) -> frozenset[int]:
    """Code points that are not themselves a needle's character but fold into one."""
    global _preimages
    table = _table if _table is not None else _build()
    if _preimages is None:
        reverse: dict[int, list[int]] = {}
        for source, target in table.items():
            reverse.setdefault(target, []).append(source)
        _preimages = reverse
    wanted = {ord(ch) for needle in needles for ch in needle}
    return frozenset(cp for target in wanted for cp in _preimages.get(target, ())) - wanted


@lru_cache(maxsize=256)
def fold_aliases(needles: tuple[str, ...]) -> re.Pattern[str] | None:
    """A pattern of every character that is not itself but folds into a needle's.

    Where a text holds none of them, ``fold(text)`` and ``text`` agree at
    every occurrence of the (folded) needles: counting and finding them can
    skip folding the text (a regex scan of ~4 µs instead of ~25 µs for an
    article). None when no character folds into the needles at all.
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
