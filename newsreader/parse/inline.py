"""Inline Markdown -> plain text, and the shape tests every later stage shares.

Kept apart from the block reader because every stage needs it: the block
reader asks whether a line ends a sentence or is wholly bold, the bundle
reader reads bold sub-heads, the repair joins paragraphs with ``glue``, and
the export (``features/export.py``) asks ``ends_sentence`` too. Nothing here
knows about headings or articles.
"""

from __future__ import annotations

import html
import re

_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)

# Markdown-significant characters: a paragraph without any skips inline work.
INLINE_SYNTAX = re.compile(r"[*_\[\]<`~\\!&]")

# Spans are bounded ({1,N}) so that untrusted text with thousands of
# unmatched markers cannot make a substitution quadratic.
_IMAGE = re.compile(r"!\[([^\]\n]{0,500})\]\(<?([^()\s<>]{1,2000})>?\)")
_LINK = re.compile(r"(?<!\\)\[([^\]\n]{1,500})\]\(<?([^()\s<>]{1,2000})>?\)")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^<>\s]{1,2000})>")
_STRONG = re.compile(r"(?<!\\)(\*\*|__)(?=\S)(.{1,500}?)(?<=\S)\1")
_STRIKE = re.compile(r"(?<!\\)~~(?=\S)(.{1,500}?)(?<=\S)~~")
_EM = re.compile(r"(?<![\\*])\*(?=[^\s*])([^*\n]{1,300}?)(?<=[^\s*\\])\*(?!\*)")
_EM_UNDER = re.compile(r"(?<![\\\w])_(?=[^\s_])([^_\n]{1,300}?)(?<=[^\s_\\])_(?!\w)")
_CODE = re.compile(r"(?<!\\)`([^`\n]{1,500})`")
# Formatting tags that HTML-to-Markdown converters leave behind; they carry
# no text, so they go (other tags stay as written).
_TAG = re.compile(
    r"</?(?:p|div|span|font|strong|b|em|i|u|center|sup|sub|small|big)(?:\s[^<>]{0,300})?/?>",
    re.IGNORECASE,
)
_ESCAPE_OR_ENTITY = re.compile(
    r"\\([!-/:-@\[-`{-~])|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
)
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
WHOLLY_STRONG = re.compile(r"\s*(\*\*|__)[^*_]+\1\s*")

# A lone link line (``[查看原文](https://…)``) or bare URL closing an article.
URL_LINE = re.compile(
    r"\s*(?:\[([^\]\n]*)\]\(<?(\S+?)>?\)"
    r"|(?:([^\s:：\[\]()<>]{1,12}\s*[:：])\s*)?<?((?:https?|ftp)://[^\s<>]+)>?)\s*"
)

# Characters that sit on "wide" (CJK) side of a line join: no space added.
_WIDE = re.compile(
    "[\u1100-\u11ff\u2010-\u206f\u2e80-\u9fff\ua960-\ua97f\uac00-\ud7ff"
    "\uf900-\ufaff\ufe10-\ufe6f\uff00-\uffef\U00020000-\U0003ffff]"
)
_SENTENCE_END = re.compile(r"[。！？…；：.!?;:][”’\"'」』）)\]】》〉〕]*\s*$")


def glue(left: str, right: str) -> str:
    """Join two pieces of one paragraph: no space next to CJK, one between Latin."""
    if not left:
        return right
    if not right:
        return left
    if _WIDE.match(left[-1]) or _WIDE.match(right[0]):
        return left + right
    return left + " " + right


def ends_sentence(text: str) -> bool:
    """True when a paragraph ends with sentence-ending punctuation (maybe then a quote)."""
    return _SENTENCE_END.search(text, max(0, len(text) - 12)) is not None


def join_lines(lines: list[str]) -> str:
    """One paragraph's lines as one string (soft and hard breaks joined)."""
    if len(lines) == 1:
        return _BR.sub(" ", lines[0]).strip() if "<" in lines[0] else lines[0].strip()
    text = ""
    for line in lines:
        stripped = line.strip()
        if stripped.endswith("\\") and not stripped.endswith("\\\\"):
            stripped = stripped[:-1].rstrip()
        if "<" in stripped:
            stripped = _BR.sub(" ", stripped).strip()
        text = glue(text, stripped)
    return text


def inline(text: str, links: list[str]) -> str:
    """Inline Markdown -> plain text; link and image URLs are appended to ``links``."""
    if not INLINE_SYNTAX.search(text):
        return text
    if "](" in text:

        def _keep(match: re.Match[str]) -> str:
            links.append(match[2])
            return match[1] or match[2]

        def _image(match: re.Match[str]) -> str:
            links.append(match[2])  # an image without alt text leaves only its URL
            return match[1]

        text = _IMAGE.sub(_image, text)
        text = _LINK.sub(_keep, text)
    if "<" in text:

        def _auto(match: re.Match[str]) -> str:
            links.append(match[1])
            return match[1]

        if "<!--" in text:
            text = COMMENT.sub("", text)
        text = _AUTOLINK.sub(_auto, text)
        text = _TAG.sub("", text)
    if "`" in text:
        text = _CODE.sub(r"\1", text)
    if "**" in text or "__" in text:
        text = _STRONG.sub(r"\2", text)
    if "~~" in text:
        text = _STRIKE.sub(r"\1", text)
    if "*" in text:
        text = _EM.sub(r"\1", text)
    if "_" in text:
        text = _EM_UNDER.sub(r"\1", text)
    if "\\" in text or "&" in text:
        # One pass, so an escaped ampersand (\\&#xA;) stays the literal text &#xA;.
        text = _ESCAPE_OR_ENTITY.sub(_unescape, text)
    return text


def _unescape(match: re.Match[str]) -> str:
    """A backslash escape as its character; an HTML entity (``&nbsp;``) decoded.

    Unknown entities stay as written.
    """
    escaped = match[1]
    return escaped if escaped is not None else html.unescape(match[0])


def light(line: str) -> str:
    """A line with emphasis and a hard-break backslash removed, for spotting bylines."""
    line = line.strip()
    if line.endswith("\\") and not line.endswith("\\\\"):
        line = line[:-1].rstrip()
    return inline(line, []) if INLINE_SYNTAX.search(line) else line
