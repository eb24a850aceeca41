"""Markdown page text -> ParsedPage: headings, sections, articles, repair.

A newspaper page converted to Markdown has one heading per article, section
headings without a body of their own, column breaks that split paragraphs,
and datelines/bylines mixed into the text. This module undoes all that while
keeping every character of the input in some field (see ``kept_text``). The
block structure is CommonMark's (markdown-it-py); a broadcast transcript's
bundles of short stories become stories of their own.

Text with no field of its own goes into ``ParsedArticle.extra`` (the archive
stores it as JSON): ``byline_text`` / ``byline_head`` (credit lines as printed,
at the end / start), ``url_label`` (``查看原文``), ``url_before_byline``,
``edition_line`` (a ``《人民日报》（…）`` line under the article's heading) and
``section_path`` (nested section headings). An edition line outside any
article goes into ``ParsedPage.front_matter["_edition_line"]``, and the
page's furniture (the footer after its last rule) into ``["_page_meta"]``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from newsreader.models import Byline, ParsedArticle, ParsedPage
from newsreader.parse import bylines as by
from newsreader.parse.frontmatter import iso_date, split_front_matter, text_list

# --- block level -----------------------------------------------------------

_TABLE = re.compile(r"\s*\|")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)

# Markdown-significant characters: a paragraph without any skips inline work.
_INLINE_SYNTAX = re.compile(r"[*_\[\]<`~\\!&]")

# --- inline level ----------------------------------------------------------

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
_WHOLLY_STRONG = re.compile(r"\s*(\*\*|__)[^*_]+\1\s*")

# A lone link line (``[查看原文](https://…)``) or bare URL closing an article.
_URL_LINE = re.compile(
    r"\s*(?:\[([^\]\n]*)\]\(<?(\S+?)>?\)"
    r"|(?:([^\s:：\[\]()<>]{1,12}\s*[:：])\s*)?<?((?:https?|ftp)://[^\s<>]+)>?)\s*"
)

# --- repair ----------------------------------------------------------------

# Characters that sit on "wide" (CJK) side of a line join: no space added.
_WIDE = re.compile(
    "[\u1100-\u11ff\u2010-\u206f\u2e80-\u9fff\ua960-\ua97f\uac00-\ud7ff"
    "\uf900-\ufaff\ufe10-\ufe6f\uff00-\uffef\U00020000-\U0003ffff]"
)
_SENTENCE_END = re.compile(r"[。！？…；：.!?;:][”’\"'」』）)\]】》〉〕]*\s*$")

# --- edition metadata ------------------------------------------------------

_EDITION_LINE = re.compile(
    r"\s*《([^《》\n]{1,40})》\s*[（(]?\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*"
    r"(?:[,，、]?\s*第\s*([0-9０-９]+|[一二三四五六七八九十百零〇]+)\s*版)?\s*"
    r"(?:[:：]?\s*([^（）()\n]{0,20}?))?\s*[）)]?\s*"
)
_PATH_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})[-_./\\]?(0[1-9]|1[0-2])[-_./\\]?(0[1-9]|[12]\d|3[01])(?!\d)"
)


@dataclass(slots=True)
class _Para:
    """A paragraph as found: raw lines plus what kind of block held it."""

    lines: list[str]
    quote: bool = False
    list_item: bool = False
    table: bool = False
    barrier: bool = False  # a rule or an HTML block stands before it: never joined


@dataclass(slots=True)
class _Heading:
    level: int
    text: str


@dataclass(slots=True)
class _Entry:
    """One heading (None for text before the first heading) and its body."""

    heading: _Heading | None
    body: list[_Para] = field(default_factory=list)
    edition_lines: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Text:
    """A paragraph after inline processing."""

    text: str
    joinable: bool
    # Starts with a dateline or a number, or follows a rule: never the tail of
    # a broken paragraph.
    fresh: bool = False


def glue(left: str, right: str) -> str:
    """Join two pieces of one paragraph: no space next to CJK, one between Latin."""
    if not left:
        return right
    if not right:
        return left
    if _WIDE.match(left[-1]) or _WIDE.match(right[0]):
        return left + right
    return left + " " + right


def _markdown() -> MarkdownIt:
    """A CommonMark block parser: blocks only (inline text is read by ``inline``).

    Link reference definitions stay text (a page has no use for them and
    nothing may vanish), and line ends are normalised before (``parse_text``).
    """
    parser = MarkdownIt("commonmark")
    parser.core.ruler.disable(["normalize", "inline", "text_join"])
    parser.block.ruler.disable(["reference"])
    return parser


_MD = _markdown()
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_LIST_MARKER = re.compile(r"[ \t]{0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_QUOTE_MARKS = re.compile(r"[ \t]*(?:>[ \t]?[ \t]*)+")
# A numbered item (二、 （2） 2. 第二，) begins its own line of text: never a
# continuation of the line before.
_NUMBERED = re.compile(
    r"(?:[一二三四五六七八九十百]{1,4}、|[（(][0-9０-９一二三四五六七八九十]{1,3}[）)]"
    r"|[0-9０-９]{1,3}[.．、](?![0-9０-９])|第[一二三四五六七八九十百]{1,4}(?:[，,、：:]|是))"
)
_RULE = "rule"


@dataclass(slots=True)
class _Break:
    """A thematic break or an HTML block's edge: it ends a paragraph; no repair crosses it."""

    kind: str


def _split_lines(
    lines: list[str], out: list[_Heading | _Para | _Break], flags: dict[str, bool], plain: bool
) -> None:
    """Lines of one CommonMark paragraph -> paragraphs, split where a new one plainly starts.

    A line indented with an ideographic space (the Chinese paragraph indent),
    a dateline, a numbered item or a bold sub-head starts a new paragraph;
    with ``plain`` (.txt pages, often one paragraph per line) so does a line
    after one that ends a sentence.
    """
    if len(lines) == 1:  # most paragraphs are one line: nothing to split
        line = lines[0]
        stripped = line.strip()
        if stripped:
            table = stripped[0] == "|" and _TABLE.match(line) is not None
            out.append(_Para([line], table=table, **flags))
        return
    para: _Para | None = None
    previous_strong = False
    for line in lines:
        stripped = line.strip()
        if not stripped:
            para = None
            continue
        first = stripped[0]
        table = first == "|" and _TABLE.match(line) is not None
        strong = first in "*_" and _WHOLLY_STRONG.fullmatch(stripped) is not None
        if (
            para is None
            or para.table != table
            or strong
            or previous_strong
            or line[:1] == "\u3000"
            or (first in by.DATELINE_STARTS and by.starts_with_dateline(stripped))
            or ((first in _NUMBER_STARTS) and _NUMBERED.match(stripped) is not None)
            or (plain and ends_sentence(para.lines[-1].rstrip(" \\")))
        ):
            para = _Para([line], table=table, **flags)
            out.append(para)
            # Only a list item's first paragraph is the item; what a split
            # starts after it is ordinary text.
            flags = {**flags, "list_item": False} if flags.get("list_item") else flags
        else:
            para.lines.append(line)
        previous_strong = strong


_NUMBER_STARTS = frozenset("一二三四五六七八九十百（(0123456789０１２３４５６７８９第")


# Lines that may open block syntax: a run of lines without any, after a blank
# line, is one paragraph whatever came before (see ``_blocks``).
# (Searched from the run's start and after each line end: a "\n" prefix lets
# the regex engine skip ahead, where a multiline "^" tries every position.)
_BLOCK_LINE = re.compile(r"(?:[ \t#>\-*+_=<`~]|\d{1,9}[.)](?:[ \t]|$))", re.MULTILINE)
_BLOCK_LINE_AFTER = re.compile(r"\n(?:[ \t#>\-*+_=<`~]|\d{1,9}[.)](?:[ \t]|$))", re.MULTILINE)
_BLANK_LINES = re.compile(r"(\n(?:[ \t]*\n)+)")
# Blocks that may run on over blank lines (fences, <pre>, unclosed comments):
# with any of them the page is read by markdown-it whole.
_LONG_BLOCKS = re.compile(
    r"^ {0,3}(?:```|~~~|<(?:\?|![A-Za-z\[]|!--(?!.*-->)|(?:script|pre|style|textarea)\b))",
    re.MULTILINE | re.IGNORECASE,
)
_ATX = re.compile(r"#{1,6}(?=[ \t]|$)")


def _atx_title(rest: str) -> str:
    """An ATX heading's text without its optional closing ``###`` (no regex: linear)."""
    text = rest.strip(" \t")
    if text.endswith("#"):
        bare = text.rstrip("#")
        if not bare:
            return ""
        if bare[-1] in " \t":
            text = bare.rstrip(" \t")
    return text


def _blocks(text: str, line_paragraphs: bool = False) -> list[_Heading | _Para | _Break]:
    """Split page text into headings, paragraphs (lists of raw lines) and breaks.

    The block structure is CommonMark's (markdown-it-py): headings (ATX and
    setext), thematic breaks, HTML blocks, lists, quotes and code. HTML
    comments are markup, not text; other HTML blocks keep their text (a
    converter's ``<p>`` lines are the page's paragraphs).

    markdown-it-py is slow in Python, and most of a page is plain paragraphs:
    a blank-line-separated run of lines none of which starts with block syntax
    is a paragraph whatever precedes it (it closes any list or quote), and a
    lone ``# title`` line after a blank line is a heading. Only the other runs
    go through markdown-it; a test checks that both ways agree.
    """
    out: list[_Heading | _Para | _Break] = []
    if ("<" in text or "```" in text or "~~~" in text) and _LONG_BLOCKS.search(text):
        _commonmark_blocks(text.split("\n"), out, line_paragraphs)
        return out
    plain_flags = {"quote": False, "list_item": False}
    pending: list[str] = []  # runs that need markdown-it, with the blank lines between
    pieces = _BLANK_LINES.split(text)  # run, blank lines, run, ...
    for index in range(0, len(pieces), 2):
        run = pieces[index]
        if not run.strip(" \t\n"):
            continue
        heading = _ATX.match(run) if run[0] == "#" and "\n" not in run.strip("\n") else None
        if heading is None and (_BLOCK_LINE.match(run) or _BLOCK_LINE_AFTER.search(run)):
            pending.append(run)
            if index + 1 < len(pieces):
                pending.append(pieces[index + 1])
            continue
        if pending:
            _commonmark_blocks("".join(pending).split("\n"), out, line_paragraphs)
            pending = []
        if heading is None:
            _split_lines(run.split("\n"), out, plain_flags, line_paragraphs)
        elif title := _atx_title(run.strip("\n")[heading.end() :]):
            out.append(_Heading(heading.end(), title))
    if pending:
        _commonmark_blocks("".join(pending).split("\n"), out, line_paragraphs)
    return out


def _commonmark_blocks(
    lines: list[str], out: list[_Heading | _Para | _Break], line_paragraphs: bool
) -> None:
    """Read lines with markdown-it-py, appending headings, paragraphs and breaks to ``out``."""
    text = "\n".join(lines)
    quote = 0
    lists: list[bool] = []  # ordered?
    item_start = False
    heading: Token | None = None
    paragraph: Token | None = None
    for token in _MD.parse(text):
        kind = token.type
        if kind == "inline":
            if heading is not None:
                parts = [part.strip() for part in token.content.split("\n")]
                if heading.markup == "-" and _URL_LINE.fullmatch(parts[-1]):
                    # [查看原文](…) straight above a rule: text, a link line, then the
                    # rule (CommonMark would make the lot a heading).
                    flags = {"quote": quote > 0, "list_item": bool(lists)}
                    _split_lines(parts, out, flags, line_paragraphs)
                    out.append(_Break(_RULE))
                elif title := " ".join(parts).strip():
                    out.append(_Heading(int(heading.tag[1]), title))
            elif paragraph is not None and paragraph.map is not None:
                begin, end = paragraph.map
                raw = [_strip_containers(line, quote, bool(lists)) for line in lines[begin:end]]
                if item_start and lists:
                    raw[0] = _strip_marker(raw[0], keep=lists[-1])
                flags = {"quote": quote > 0, "list_item": bool(lists)}
                _split_lines(raw, out, flags, line_paragraphs)
                item_start = False
        elif kind == "paragraph_open":
            paragraph = token
        elif kind == "paragraph_close":
            paragraph = None
        elif kind == "heading_open":
            heading = token
        elif kind == "heading_close":
            heading = None
        elif kind == "hr":
            out.append(_Break(_RULE))
        elif kind == "html_block":
            _html_block(token.content, out, quote > 0, bool(lists))
        elif kind in ("code_block", "fence"):
            # Newspapers hold no code: an indented block is text indented by a converter.
            code = token.content.split("\n")
            flags = {"quote": quote > 0, "list_item": bool(lists)}
            _split_lines(code, out, flags, line_paragraphs)
        elif kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
        elif kind in ("bullet_list_open", "ordered_list_open"):
            lists.append(kind == "ordered_list_open")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            item_start = True


def _strip_containers(line: str, quote: int, in_list: bool) -> str:
    """A source line without its blockquote markers and list indentation."""
    if quote:
        marks = _QUOTE_MARKS.match(line)
        if marks:
            line = line[marks.end() :]
    if in_list:
        line = line.lstrip(" \t")
    return line


def _strip_marker(line: str, keep: bool) -> str:
    """A list item's first line without its bullet; an ordered item keeps its number."""
    marker = _LIST_MARKER.match(line)
    if marker is None:
        return line
    return line.lstrip(" \t") if keep else line[marker.end() :]


_HTML_TAG = re.compile(r"</?(?!br\b)[A-Za-z][A-Za-z0-9-]{0,40}(?:\s[^<>]{0,1000})?/?>", re.I)


def _html_block(
    content: str, out: list[_Heading | _Para | _Break], quote: bool, in_list: bool
) -> None:
    """An HTML block: its comments and tags are markup; its text stays.

    Its edges are breaks: what a converter wrapped in HTML (or marked with a
    comment) is never glued to the paragraphs around it. ``<br>`` is left for
    ``_join_lines``, which reads it as a line break.
    """
    out.append(_Break("html"))
    if "<!--" in content:
        content = _COMMENT.sub("\n", content)
        if "<!--" in content:  # an unclosed comment runs to the end of the block
            content = content[: content.index("<!--")]
    content = _HTML_TAG.sub("", content)
    rest = [line for line in content.split("\n") if line.strip()]
    if rest:
        _split_lines(rest, out, {"quote": quote, "list_item": in_list}, False)
        out.append(_Break("html"))


def _entries(blocks: list[_Heading | _Para | _Break]) -> list[_Entry]:
    """Group blocks under their heading; edition lines are set apart."""
    entries = [_Entry(None)]
    barrier = False
    for block in blocks:
        if isinstance(block, _Break):
            barrier = True
            continue
        if isinstance(block, _Heading):
            entries.append(_Entry(block))
            barrier = False
            continue
        if (
            len(block.lines) == 1
            and "《" in block.lines[0]
            and _EDITION_LINE.fullmatch(block.lines[0])
        ):
            entries[-1].edition_lines.append(block.lines[0].strip())
            continue
        block.barrier = barrier
        barrier = False
        entries[-1].body.append(block)
    return entries


# A footer line after the page's last rule: 更新时间：…, 来源：…, © …
_FOOTER_LINE = re.compile(
    r"\s*(?:[\u3400-\u9fffA-Za-z][\u3400-\u9fffA-Za-z ]{0,11}[:：]\s*\S"
    r"|©|\(c\)|Copyright|版权所有)",
    re.IGNORECASE,
)
_MAX_FOOTER = 300


def _split_footer(blocks: list[_Heading | _Para | _Break]) -> list[str]:
    """Remove the page furniture after the last rule (``更新时间：…``): its lines.

    Only short ``label：value`` lines at the very end of a page that has
    headings count; anything else after a rule is story text.
    """
    last = max(
        (i for i, b in enumerate(blocks) if isinstance(b, _Break) and b.kind == _RULE), default=-1
    )
    if last < 0 or not any(isinstance(b, _Heading) for b in blocks[:last]):
        return []
    tail = blocks[last + 1 :]
    if not tail or not all(isinstance(b, _Para) and not (b.quote or b.list_item) for b in tail):
        return []
    lines = [line.strip() for b in tail if isinstance(b, _Para) for line in b.lines]
    if sum(map(len, lines)) > _MAX_FOOTER or not all(_FOOTER_LINE.match(x) for x in lines):
        return []
    del blocks[last:]
    return lines


def _join_lines(lines: list[str]) -> str:
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
    if not _INLINE_SYNTAX.search(text):
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
            text = _COMMENT.sub("", text)
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


def _light(line: str) -> str:
    """A line with emphasis and a hard-break backslash removed, for spotting bylines."""
    line = line.strip()
    if line.endswith("\\") and not line.endswith("\\\\"):
        line = line[:-1].rstrip()
    return inline(line, []) if _INLINE_SYNTAX.search(line) else line


def _split_url(body: list[_Para]) -> tuple[str, str]:
    """Remove a trailing link line: ``(url, label)``."""
    if not body:
        return "", ""
    last = body[-1].lines[-1]
    if "://" not in last or len(last) > 2500:
        return "", ""
    match = _URL_LINE.fullmatch(last)
    if match is None:
        return "", ""
    url = match[2] or match[4]
    if not url or "://" not in url:
        return "", ""
    body[-1].lines.pop()
    if not body[-1].lines:
        body.pop()
    return url, match[1] or match[3] or ""


def _split_tail_bylines(body: list[_Para]) -> list[str]:
    """Remove byline lines at the end of the body (own lines, or split over two)."""
    taken: list[str] = []
    while body and len(taken) < 6:
        lines = body[-1].lines
        last = _light(lines[-1])
        if by.is_byline(last):
            taken.insert(0, last)
            lines.pop()
        else:
            previous = _light(lines[-2]) if len(lines) > 1 else None
            if previous is None and len(body) > 1:
                previous = _light(body[-2].lines[-1])
            if previous is None or len(previous) > 12:
                break
            pair = previous + " " + last
            if not by.is_byline(pair) or by.is_byline(previous):
                break
            taken.insert(0, pair)
            lines.pop()
            if lines:
                lines.pop()
            else:
                body.pop()
                body[-1].lines.pop()
        while body and not body[-1].lines:
            body.pop()
    return taken


def ends_sentence(text: str) -> bool:
    """True when a paragraph ends with sentence-ending punctuation (maybe then a quote)."""
    return _SENTENCE_END.search(text, max(0, len(text) - 12)) is not None


_NAMES_LINE = re.compile("[\u3400-\u9fff·]{2,5}(?:[ \t\u3000、，,]+[\u3400-\u9fff·]{2,5}){2,}")
_BRACKETED = re.compile(r"[（(【\[《][^（()）【】\[\]]{0,40}[）)】\]》]")


def _complete_line(text: str) -> bool:
    """A line of its own kind, never a piece of a broken paragraph.

    Names (丁薛祥　习近平　蔡奇), a bracketed note, a rubric (记者手记), a short
    numbered head (二、会议文件).
    """
    if len(text) > 120:
        return False
    return (
        _NAMES_LINE.fullmatch(text) is not None
        or _BRACKETED.fullmatch(text) is not None
        or (len(text) <= 12 and by.is_rubric(text))
        or (len(text) <= 30 and _numbered_head(text))
    )


def _numbered_head(text: str) -> bool:
    """A short numbered line without punctuation after its number: 二、会议文件."""
    number = _NUMBERED.match(text) if text[:1] in _NUMBER_STARTS else None
    return number is not None and _PUNCTUATED.search(text, number.end()) is None


_PUNCTUATED = re.compile(r"[，,。．.；;：:！!？?、]")


def _repair(paras: list[_Text]) -> list[str]:
    """Join paragraphs split by a column break (no sentence end, next is body)."""
    out: list[_Text] = []
    for para in paras:
        if (
            out
            and out[-1].joinable
            and para.joinable
            and not para.fresh
            and not ends_sentence(out[-1].text)
        ):
            out[-1] = _Text(glue(out[-1].text, para.text), True)
        else:
            out.append(para)
    return [p.text for p in out if p.text]


_MAX_TITLE = 60


@dataclass(slots=True)
class _Built:
    """An article's content before page-level metadata is applied."""

    title: str
    level: int
    section: str
    section_path: tuple[str, ...]
    dateline: str
    paragraphs: tuple[str, ...]
    bylines: tuple[Byline, ...]
    url: str
    links: tuple[str, ...]
    extra: dict[str, Any]


def _build(
    title: str, level: int, sections: tuple[str, ...], entry: _Entry, columns: bool = True
) -> _Built:
    """Turn one heading's body into an article's fields.

    ``columns`` is False for a page that was never set in columns (a
    broadcast transcript): no paragraph of it is the tail of another.
    """
    links: list[str] = []
    extra: dict[str, Any] = {}
    body = entry.body  # consumed here: trailing url and byline lines are popped off
    plain_title = inline(title, links)
    url, label = _split_url(body)
    tail = _split_tail_bylines(body)
    if not url and tail:
        url, label = _split_url(body)
        if url:
            extra["url_before_byline"] = True
    texts: list[_Text] = []
    for para in body:
        lines = para.lines
        raw = lines[0].strip() if len(lines) == 1 and "<" not in lines[0] else _join_lines(lines)
        plain = inline(raw, links)
        # Lists, tables, bold subheadings, credit lines, name lists and other
        # lines complete in themselves are not broken sentences.
        joinable = not (
            para.list_item
            or para.table
            or (raw[:1] in "*_" and _WHOLLY_STRONG.fullmatch(raw) is not None)
            or (len(raw) <= by.MAX_LINE and by.is_byline(raw))
            or _complete_line(plain)
        )
        fresh = (
            para.barrier
            or (plain[:1] in by.DATELINE_STARTS and by.starts_with_dateline(plain))
            or (plain[:1] in _NUMBER_STARTS and _NUMBERED.match(plain) is not None)
        )
        texts.append(_Text(plain, joinable, fresh))
    head: list[str] = []
    if texts:
        first = texts[0].text
        if by.is_byline(first):
            head.append(first)
            texts.pop(0)
    if texts and not tail:
        rest, glued = by.split_glued(texts[-1].text)
        if glued:
            texts[-1] = _Text(rest, texts[-1].joinable, texts[-1].fresh)
            tail.append(glued)
    paragraphs = _repair(texts) if columns else [t.text for t in texts if t.text]
    if (
        not plain_title
        and level == 0
        and len(paragraphs) > 1
        and len(paragraphs[0]) <= _MAX_TITLE
        and not ends_sentence(paragraphs[0])
        and by.starts_with_dateline(paragraphs[1])
    ):
        # Plain text: a short first line right above 本报讯 ... is the title.
        plain_title = paragraphs.pop(0)
    dateline = ""
    if paragraphs:
        dateline, rest = by.split_dateline(paragraphs[0])
        if dateline:
            if rest:
                paragraphs[0] = rest
            else:
                paragraphs.pop(0)
    credits: list[Byline] = []
    for text in head:
        credits.extend(by.byline_pairs(text))
    credits.extend(by.dateline_bylines(dateline))
    for text in tail:
        credits.extend(by.byline_pairs(text))
    if head:
        extra["byline_head"] = head
    if tail:
        extra["byline_text"] = tail
    if label:
        extra["url_label"] = label
    if entry.edition_lines:
        extra["edition_line"] = list(entry.edition_lines)
    if len(sections) > 1:
        extra["section_path"] = list(sections)
    return _Built(
        title=plain_title,
        level=level,
        section=sections[-1] if sections else "",
        section_path=sections,
        dateline=dateline,
        paragraphs=tuple(paragraphs),
        bylines=tuple(dict.fromkeys(credits)),
        url=url,
        links=tuple(dict.fromkeys(links)),
        extra=extra,
    )


# Where a page's furniture (the footer after its last rule) is kept.
PAGE_META = "_page_meta"

# Bundle headings (国际联播快讯, 简讯, 要闻简报): a story each bold line.
_BUNDLE_HEAD_MAX = 80
_BUNDLE_TITLE = re.compile("快讯|简讯|短讯|简报|速览|速递|集锦|一句话新闻|新闻链接|综合消息")
_HEADLINE_MIN = 6


def _strong_head(para: _Para) -> str:
    """The text of a one-line bold sub-head (``**伊拉克…**``), else ""."""
    if len(para.lines) != 1 or para.list_item or para.quote or para.table:
        return ""
    line = para.lines[0].strip()
    if line[:1] not in "*_" or _WHOLLY_STRONG.fullmatch(line) is None:
        return ""
    text = inline(line, []).strip()
    if not text or len(text) > _BUNDLE_HEAD_MAX or ends_sentence(text):
        return ""
    if text[:1] in _NUMBER_STARTS and _NUMBERED.match(text):
        return ""  # 一、… numbered parts of one article
    return text


def _bundle(entry: _Entry) -> list[tuple[str, list[_Para]]] | None:
    """Split a heading's body into stories when it is a run of (bold line, text) pairs.

    None when it is not: a single story, or bold lines without text between.
    """
    body = entry.body
    if len(body) < 4 or not _strong_head(body[0]):
        return None
    stories: list[tuple[str, list[_Para]]] = []
    for para in body:
        if _strong_head(para):
            if stories and not stories[-1][1]:
                return None  # two bold lines in a row
            stories.append((para.lines[0].strip(), []))  # read as a title by _build
        else:
            stories[-1][1].append(para)
    if len(stories) < 2 or not stories[-1][1]:
        return None
    if entry.heading is not None and _BUNDLE_TITLE.search(entry.heading.text):
        return stories
    # Untitled as a bundle: only a clear run of headlines, each over text.
    headline = all(len(inline(head, [])) >= _HEADLINE_MIN for head, _ in stories)
    return stories if len(stories) >= 3 and headline else None


def _build_bundle(
    heading: _Heading,
    path: tuple[str, ...],
    entry: _Entry,
    stories: list[tuple[str, list[_Para]]],
    columns: bool,
) -> list[_Built]:
    """The stories of a bundle, each under the bundle heading as its section.

    The bundle's closing link (``[查看原文](…)``) is every story's URL.
    """
    bundle_title = inline(heading.text, [])
    section_path = (*path, bundle_title)
    built = []
    for head, body in stories:
        story = _Entry(heading, body, [])
        built.append(_build(head, heading.level + 1, section_path, story, columns))
    last = built[-1]
    if entry.edition_lines:
        built[0].extra["edition_line"] = list(entry.edition_lines)
    for story_built in built[:-1]:
        if not story_built.url and last.url:
            story_built.url = last.url
    return built


_PAGE_NUMBER = re.compile(r"第\s*([0-9０-９]{1,3})\s*版")


def _page_label(number: str) -> str:
    """``06``, ``6`` or ``０６`` -> ``第06版``; Chinese numerals are kept as written."""
    number = number.translate(_FULLWIDTH_DIGITS)
    if number.isdigit():
        number = f"{int(number):02d}"
    return f"第{number}版"


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def _edition(line: str) -> tuple[str, str, str]:
    """``《人民日报》（2025年01月03日第 06 版）`` -> (publication, date, page)."""
    match = _EDITION_LINE.fullmatch(line)
    if match is None:
        return "", "", ""
    date = iso_date(f"{match[2]}-{match[3]}-{match[4]}")
    page = _page_label(match[5]) if match[5] else ""
    return match[1].strip(), date, page


# 《新闻联播》（20260201）: a programme and its day, not a printed page.
_BROADCAST_TITLE = re.compile(r"\s*《[^《》\n]{1,40}》\s*[（(]\s*(?:19|20)\d{6}\s*[）)]\s*")


_FIRST_LINE = re.compile(r"\s*#+([^\n]*)")


def _broadcast(entries: list[_Entry]) -> bool:
    """True for a broadcast transcript: its edition heading names a programme and a day.

    A transcript was never set in columns, so no paragraph of it is joined to
    the one before (a paragraph without a full stop there is just that).
    """
    if len(entries) < 2 or entries[0].body:
        return False
    heading = entries[1].heading
    return heading is not None and _BROADCAST_TITLE.fullmatch(inline(heading.text, [])) is not None


_QUOTED_NAME = re.compile(r"《([^《》\n]{1,40})》")
# A publication's name opening an edition heading: 人民日报 2025年…, 郑州日报 · 高新区新闻.
_LEADING_NAME = re.compile(
    r"\s*([\u3400-\u9fff]{1,12}?(?:日报|晚报|早报|时报|商报|周报|周刊|画报|报|杂志|新闻|联播))"
    r"(?=\s|[·•|｜/—–-]|\d|$)"
)


def edition_heading(title: str) -> tuple[str, str, str]:
    """``(publication, date, page)`` read from an edition heading; "" where it says nothing.

    ``《新闻联播》（20260201）``, ``人民日报 2025年01月03日 第06版``,
    ``郑州日报 · 高新区新闻``.
    """
    quoted = _QUOTED_NAME.search(title)
    if quoted:
        publication = quoted[1].strip()
    else:
        leading = _LEADING_NAME.match(title)
        publication = leading[1] if leading and leading.end() < len(title) else ""
    number = _PAGE_NUMBER.search(title)
    return publication, iso_date(title), _page_label(number[1]) if number else ""


def path_date(name: str) -> str:
    """The last valid date in a file path (``2023-10-12``, ``20231012``, ``2023/10/12``)."""
    for match in reversed(list(_PATH_DATE.finditer(name))):
        date = iso_date(f"{match[1]}-{match[2]}-{match[3]}")
        if date:
            return date
    return ""


def _page_name(value: Any) -> str:
    """Front matter ``section``: ``第06版`` as given; a bare number 6 becomes ``第06版``."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"第{value:02d}版"
    return _str(value)


def _str(value: Any) -> str:
    return "" if value is None else str(value).strip()


def parse_text(text: str, name: str = "", encoding: str = "utf-8") -> ParsedPage:
    """Parse decoded page text (any line ends) into a ParsedPage."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    front, _raw, body_text, warnings = split_front_matter(text)
    plain_text = name.lower().endswith(".txt")
    # A transcript is not wrapped: a line that ends a sentence ends its paragraph.
    first = _FIRST_LINE.match(body_text)
    transcript = first is not None and bool(_BROADCAST_TITLE.fullmatch(first[1]))
    blocks = _blocks(body_text, line_paragraphs=plain_text or transcript)
    footer = _split_footer(blocks)
    entries = _entries(blocks)

    levels = [e.heading.level for e in entries if e.heading is not None]
    columns = not _broadcast(entries)
    edition_title = ""
    page_lines: list[str] = list(entries[0].edition_lines)
    built: list[_Built] = []
    sections: list[tuple[int, str]] = []
    for index, entry in enumerate(entries):
        heading = entry.heading
        if heading is None:
            if entry.body:
                built.append(_build("", 0, (), entry, columns))
            continue
        following = entries[index + 1].heading if index + 1 < len(entries) else None
        if not entry.body:
            # The edition title is the first heading, alone at the top level.
            if index == 1 and following is not None and heading.level < min(levels[1:]):
                edition_title = inline(heading.text, [])
                page_lines.extend(entry.edition_lines)
                continue
            if following is not None and following.level > heading.level:
                while sections and sections[-1][0] >= heading.level:
                    sections.pop()
                sections.append((heading.level, inline(heading.text, [])))
                page_lines.extend(entry.edition_lines)
                continue
        while sections and sections[-1][0] >= heading.level:
            sections.pop()
        path = tuple(s for _, s in sections)
        stories = _bundle(entry)
        if stories is None:
            built.append(_build(heading.text, heading.level, path, entry, columns))
        else:
            built.extend(_build_bundle(heading, path, entry, stories, columns))

    publication = _str(front.get("publication"))
    date = iso_date(front.get("date"))
    page = _page_name(front.get("section"))
    line_meta = [_edition(line) for line in page_lines]
    for b in built:
        line_meta.extend(_edition(line) for line in b.extra.get("edition_line", ()))
    for pub, day, number in line_meta:
        publication = publication or pub
        date = date or day
        page = page or number
    if edition_title:
        # 人民日报 2025年01月03日 第06版, 《新闻联播》（20260201）: the edition
        # title often says it all.
        pub, day, number = edition_heading(edition_title)
        publication = publication or pub
        date = date or day
        page = page or number
    if not date and name:
        date = path_date(name)
    if front.get("date") and not iso_date(front.get("date")):
        warnings.append(f"front matter: date {front.get('date')!r} not understood")
    if page_lines:
        front = {**front, "_edition_line": page_lines}
    if footer:
        front = {**front, PAGE_META: footer}

    section_name = _str(front.get("section_name"))
    author = _str(front.get("author"))
    keywords = text_list(front.get("keywords"))
    source_url = _str(front.get("source_url"))
    fm_title = _str(front.get("title"))
    if fm_title and len(built) == 1 and not built[0].title:
        built[0].title = fm_title
    elif fm_title and not edition_title:
        edition_title = fm_title

    articles = tuple(
        ParsedArticle(
            position=position,
            title=b.title,
            level=b.level,
            section=b.section or section_name,
            page=page,
            publication=publication,
            date=date,
            dateline=b.dateline,
            paragraphs=b.paragraphs,
            bylines=b.bylines,
            url=b.url or source_url,
            author=author,
            keywords=keywords,
            links=b.links,
            extra=b.extra,
        )
        for position, b in enumerate(built)
    )
    return ParsedPage(
        articles=articles,
        encoding=encoding,
        edition_title=edition_title,
        publication=publication,
        date=date,
        page=page,
        front_matter=front,
        warnings=tuple(warnings),
    )


def _flatten(value: Any) -> str:
    if isinstance(value, dict):
        return "".join(f"{k}{_flatten(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "".join(_flatten(v) for v in value)
    return "" if value is None else str(value)


def kept_text(page: ParsedPage) -> str:
    """Every stored field of a page, concatenated in reading order.

    The nothing-lost property test checks that the input's characters (minus
    Markdown syntax) appear in this text in order; it also documents which
    fields the archive must keep.
    """
    own = ("_edition_line", PAGE_META)
    parts = [_flatten({k: v for k, v in page.front_matter.items() if k not in own})]
    articles = list(page.articles)
    # Text before the first heading precedes the edition title (the first heading).
    if articles and articles[0].level == 0:
        parts.append(_article_text(articles.pop(0)))
    parts.append(page.edition_title)
    parts.append(_flatten(page.front_matter.get("_edition_line", ())))
    parts.extend(_article_text(article) for article in articles)
    parts.append(_flatten(page.front_matter.get(PAGE_META, ())))
    return "\n".join(parts)


def _article_text(article: ParsedArticle) -> str:
    extra = article.extra
    parts = [
        _flatten(extra.get("section_path", article.section)),
        article.title,
        _flatten(extra.get("edition_line", ())),
        _flatten(extra.get("byline_head", ())),
        article.dateline,
        *article.paragraphs,
        _flatten(extra.get("byline_text", ())),
        extra.get("url_label", ""),
        article.url,
        _flatten(article.links),
    ]
    if extra.get("url_before_byline"):
        parts[-4:-1] = parts[-3:-1] + parts[-4:-3]
    return "\n".join(parts)
