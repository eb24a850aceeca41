"""Page text -> blocks: headings, paragraphs (raw lines) and breaks.

The block structure is CommonMark's, read by markdown-it-py; this module is
the one place that knows markdown-it's tokens. markdown-it-py is slow in
Python and most of a page is plain paragraphs, so a fast path reads plain
runs itself (``split_blocks``); a property test checks that both ways agree.
Inside one CommonMark paragraph a newspaper often starts new paragraphs
without a blank line (an ideographic indent, a dateline, a numbered item):
``split_lines`` splits those here, before anything is joined again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

from newsreader.parse import bylines as by
from newsreader.parse.inline import COMMENT, URL_LINE, WHOLLY_STRONG, ends_sentence

_TABLE = re.compile(r"\s*\|")


@dataclass(slots=True)
class Para:
    """A paragraph as found: raw lines plus what kind of block held it."""

    lines: list[str]
    quote: bool = False
    list_item: bool = False
    table: bool = False
    barrier: bool = False  # a rule or an HTML block stands before it: never joined


@dataclass(slots=True)
class Heading:
    level: int
    text: str


RULE = "rule"


@dataclass(slots=True)
class Break:
    """A thematic break or an HTML block's edge: it ends a paragraph; no repair crosses it."""

    kind: str


Block = Heading | Para | Break


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
_LIST_MARKER = re.compile(r"[ \t]{0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_QUOTE_MARKS = re.compile(r"[ \t]*(?:>[ \t]?[ \t]*)+")
# A numbered item (二、 （2） 2. 第二，) begins its own line of text: never a
# continuation of the line before.
NUMBERED = re.compile(
    r"(?:[一二三四五六七八九十百]{1,4}、|[（(][0-9０-９一二三四五六七八九十]{1,3}[）)]"
    r"|[0-9０-９]{1,3}[.．、](?![0-9０-９])|第[一二三四五六七八九十百]{1,4}(?:[，,、：:]|是))"
)
NUMBER_STARTS = frozenset("一二三四五六七八九十百（(0123456789０１２３４５６７８９第")


def split_lines(lines: list[str], out: list[Block], flags: dict[str, bool], plain: bool) -> None:
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
            out.append(Para([line], table=table, **flags))
        return
    para: Para | None = None
    previous_strong = False
    for line in lines:
        stripped = line.strip()
        if not stripped:
            para = None
            continue
        first = stripped[0]
        table = first == "|" and _TABLE.match(line) is not None
        strong = first in "*_" and WHOLLY_STRONG.fullmatch(stripped) is not None
        if (
            para is None
            or para.table != table
            or strong
            or previous_strong
            or line[:1] == "\u3000"
            or (first in by.DATELINE_STARTS and by.starts_with_dateline(stripped))
            or ((first in NUMBER_STARTS) and NUMBERED.match(stripped) is not None)
            or (plain and ends_sentence(para.lines[-1].rstrip(" \\")))
        ):
            para = Para([line], table=table, **flags)
            out.append(para)
            # Only a list item's first paragraph is the item; what a split
            # starts after it is ordinary text.
            flags = {**flags, "list_item": False} if flags.get("list_item") else flags
        else:
            para.lines.append(line)
        previous_strong = strong


# Lines that may open block syntax: a run of lines without any, after a blank
# line, is one paragraph whatever came before (see ``split_blocks``).
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


def split_blocks(text: str, line_paragraphs: bool = False) -> list[Block]:
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
    out: list[Block] = []
    if ("<" in text or "```" in text or "~~~" in text) and _LONG_BLOCKS.search(text):
        commonmark_blocks(text.split("\n"), out, line_paragraphs)
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
            commonmark_blocks("".join(pending).split("\n"), out, line_paragraphs)
            pending = []
        if heading is None:
            split_lines(run.split("\n"), out, plain_flags, line_paragraphs)
        elif title := _atx_title(run.strip("\n")[heading.end() :]):
            out.append(Heading(heading.end(), title))
    if pending:
        commonmark_blocks("".join(pending).split("\n"), out, line_paragraphs)
    return out


def commonmark_blocks(lines: list[str], out: list[Block], line_paragraphs: bool) -> None:
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
                if heading.markup == "-" and URL_LINE.fullmatch(parts[-1]):
                    # [查看原文](…) straight above a rule: text, a link line, then the
                    # rule (CommonMark would make the lot a heading).
                    flags = {"quote": quote > 0, "list_item": bool(lists)}
                    split_lines(parts, out, flags, line_paragraphs)
                    out.append(Break(RULE))
                elif title := " ".join(parts).strip():
                    out.append(Heading(int(heading.tag[1]), title))
            elif paragraph is not None and paragraph.map is not None:
                begin, end = paragraph.map
                raw = [_strip_containers(line, quote, bool(lists)) for line in lines[begin:end]]
                if item_start and lists:
                    raw[0] = _strip_marker(raw[0], keep=lists[-1])
                flags = {"quote": quote > 0, "list_item": bool(lists)}
                split_lines(raw, out, flags, line_paragraphs)
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
            out.append(Break(RULE))
        elif kind == "html_block":
            _html_block(token.content, out, quote > 0, bool(lists))
        elif kind in ("code_block", "fence"):
            # Newspapers hold no code: an indented block is text indented by a converter.
            code = token.content.split("\n")
            flags = {"quote": quote > 0, "list_item": bool(lists)}
            split_lines(code, out, flags, line_paragraphs)
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


def _html_block(content: str, out: list[Block], quote: bool, in_list: bool) -> None:
    """An HTML block: its comments and tags are markup; its text stays.

    Its edges are breaks: what a converter wrapped in HTML (or marked with a
    comment) is never glued to the paragraphs around it. ``<br>`` is left for
    ``join_lines``, which reads it as a line break.
    """
    out.append(Break("html"))
    if "<!--" in content:
        content = COMMENT.sub("\n", content)
        if "<!--" in content:  # an unclosed comment runs to the end of the block
            content = content[: content.index("<!--")]
    content = _HTML_TAG.sub("", content)
    rest = [line for line in content.split("\n") if line.strip()]
    if rest:
        split_lines(rest, out, {"quote": quote, "list_item": in_list}, False)
        out.append(Break("html"))
