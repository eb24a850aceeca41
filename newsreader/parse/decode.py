"""Bytes -> text: detect the encoding instead of assuming UTF-8.

Chinese archives come in UTF-8, UTF-16 (with a BOM), GB18030/GBK/GB2312 and
Big5. Strict decoders are tried first because they are fast and exact;
charset-normalizer is only a fallback, as it is slow and can guess wrong on
short Chinese text.
"""

from __future__ import annotations

import codecs
import re

from newsreader.parse.errors import ParseError

# BOMs, longest first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)

# Magic numbers of formats that often sit next to pages in an archive folder.
_MAGIC = (
    b"%PDF-",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"SQLite format 3",
    b"\x7fELF",
    b"BZh",
    b"\xfd7zXZ",
    b"Rar!",
)

# Control bytes that never occur in text (tab, LF, FF, CR and ESC may).
_CONTROL = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
_SAMPLE = 65536
_SCORE_SAMPLE = 16384

# Characters common in Chinese news text, in both scripts. When GB18030 and
# Big5 both decode a file strictly, the right one yields far more of these;
# the wrong one yields rare characters and kana.
_COMMON = re.compile(
    "[的一是不了在人有我他这個个们們中来來上大为為和国國地到以说說时時要就出会會可也"
    "你对對生能而子那得于於着著下自之年过過发發后後作里裏用道行所然家种種事成方多经經"
    "么麼去法学學如都同现現当當没沒动動面起看定天分还還进進好小部其些主样樣理心她本前"
    "开開但因只从從想实實日军軍者意无無力它与與长長把机機十民第公此已工使情明性知全三"
    "又关關点點正业業外将將两兩高间間由问問很最重并並物手应應战戰向头頭文体體政美相见"
    "見被利什二等产產或新己制身果加西月话話合回特代内內信表化老给給世位次度门門任常先"
    "海通教儿兒原东東声聲提立及比员員解水名真论論处處走义義各入几幾口认認条條平系气氣"
    "题題活更别別打女变變四神总總何电電数數安少报報才结結反受目太量再感建务務做接必场"
    "場件计計管期市直德资資命山金指克许許统統区區保至队隊形社便空决決治展马馬科司五基"
    "记記者近日省县縣镇鎮村讯訊企业業党黨委府会議]"
)

ENCODINGS_TRIED = "utf-8, gb18030, big5"  # (cp950 and big5hkscs are Big5 variants)


def is_binary(data: bytes) -> bool:
    """True for data that is clearly not a text page (NUL bytes, magic, controls)."""
    if data.startswith(_MAGIC):
        return True
    head = data[:_SAMPLE]
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL))
    return controls > 8 and controls * 100 > len(head)


def decode(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)`` for a page's bytes, or raise ParseError.

    The BOM, if any, is removed from the text; the encoding name says which
    BOM it was (``utf-8-sig``, ``utf-16-le`` ...).
    """
    text, encoding, _warnings = decode_page(data)
    return text, encoding


def decode_page(data: bytes) -> tuple[str, str, tuple[str, ...]]:
    """Like ``decode``, plus warnings (a few damaged bytes replaced by U+FFFD)."""
    try:
        text, encoding = _decode_strict(data)
        return text, encoding, ()
    except ParseError as error:
        if not error.reason.startswith("cannot decode"):
            raise
        damaged = _tolerant(data)
        if damaged is None:
            damaged = _fallback(data)
        if damaged is None:
            raise
        return damaged


def _decode_strict(data: bytes) -> tuple[str, str]:
    """Every decoder in strict mode; ParseError when none accepts the bytes."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), name
            except UnicodeDecodeError:
                raise ParseError(f"cannot decode (invalid {name})") from None
    if b"\x00" in data[:_SAMPLE] and not data.startswith(_MAGIC):
        guessed = _utf16_without_bom(data)
        if guessed is not None:
            return guessed
    if is_binary(data):
        raise ParseError("binary file")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates: list[tuple[int, int, str]] = []
    for order, codec in enumerate(_CHINESE_CODECS):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if codec == "gb18030" and _looks_simplified(text):
            return text, "gb18030"
        candidates.append((_score(text[:_SCORE_SAMPLE]), -order, text))
    if candidates:
        points, order, text = max(candidates)
        if points <= 0:
            # Decodes, but reads as no Chinese at all (Latin-1 text "decodes"
            # as GB18030 too): let charset-normalizer have a say.
            other = _fallback(data)
            if other is not None:
                return other[0], other[1]
        return text, _CHINESE_CODECS[-order]
    raise ParseError(f"cannot decode (tried {ENCODINGS_TRIED})")


# Big5 variants: cp950 (Windows) and HKSCS add characters plain Big5 lacks.
_CHINESE_CODECS = ("gb18030", "big5", "cp950", "big5hkscs")
_KANA = re.compile("[\u3040-\u30ff]")


def _score(sample: str) -> int:
    """Common Chinese characters, minus kana (Big5 bytes read as GB yield kana)."""
    return len(_COMMON.findall(sample)) - 2 * len(_KANA.findall(sample))


def _looks_simplified(text: str) -> bool:
    """Fast path: a GB18030 decoding rich in common characters needs no Big5 try."""
    sample = text[:2048]
    wide = len(sample) - len(sample.encode("ascii", "ignore"))
    return wide >= 40 and len(_COMMON.findall(sample)) * 4 >= wide


# Characters expected in a page; anything else in a UTF-16 guess means the
# bytes were not UTF-16 text (random bytes land here about half the time).
_IMPLAUSIBLE = re.compile("[^\t\n\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u2e80-\u9fff\uff00-\uffef]")


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text saved without a BOM has NUL bytes; tell it from binary data."""
    if len(data) % 2:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        sample = text[:4096]
        has_lines = "\n" in sample or "\r" in sample
        if has_lines and len(_IMPLAUSIBLE.findall(sample)) * 100 <= len(sample):
            return text, codec
    return None


# A file that is almost all valid (a truncated last character, a stray byte)
# is read with U+FFFD for the damage rather than refused.
_MAX_DAMAGE = 0.002


def _tolerant(data: bytes) -> tuple[str, str, tuple[str, ...]] | None:
    """The decoding that needs the fewest replacements, if they are very few."""
    best: tuple[int, str, str] | None = None
    for codec in ("utf-8", "gb18030", "big5"):
        text = data.decode(codec, "replace")
        damage = text.count("\ufffd") - data.count(b"\xef\xbf\xbd") * (codec == "utf-8")
        if codec != "utf-8" and _score(text[:_SCORE_SAMPLE]) <= 0:
            continue  # Latin-1 and friends also "almost" decode as GB18030
        if best is None or damage < best[0]:
            best = (damage, codec, text)
    if best is None or best[0] > max(2, len(data) * _MAX_DAMAGE):
        return None
    damage, codec, text = best
    return text, codec, (f"{damage} undecodable byte sequence(s) replaced by U+FFFD",)


def _fallback(data: bytes) -> tuple[str, str, tuple[str, ...]] | None:
    """Ask charset-normalizer; only used when no Chinese decoding fits."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 4 * _SAMPLE]).best()
    if best is None or best.encoding is None:
        return None
    try:
        return data.decode(best.encoding), best.encoding, ()
    except (UnicodeDecodeError, LookupError):
        return None
