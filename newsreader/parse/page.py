"""Markdown page text -> ParsedPage: headings, sections, articles, repair.

A newspaper page converted to Markdown has one heading per article, section
headings without a body of their own, column breaks that split paragraphs,
and datelines/bylines mixed into the text. This module undoes all that while
keeping every character of the input in some field (see ``kept_text``).

Text with no field of its own goes into ``ParsedArticle.extra`` (the archive
stores it as JSON): ``byline_text`` / ``byline_head`` (credit lines as printed,
at the end / start), ``url_label`` (``查看原文``), ``url_before_byline``,
``edition_line`` (a ``《人民日报》（…）`` line under the article's heading) and
``section_path`` (nested section headings). An edition line outside any
article goes into ``ParsedPage.front_matter["_edition_line"]``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from newsreader.models import Byline, ParsedArticle, ParsedPage
from newsreader.parse import bylines as by
from newsreader.parse.frontmatter import iso_date, split_front_matter, text_list

# --- block level -----------------------------------------------------------

_HEADING = re.compile(r" {0,3}(#{1,6})(?=[ \t]|$)")
_SETEXT = re.compile(r" {0,3}(?:=+|-+)[ \t]*")
_THEMATIC = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*")
_QUOTE = re.compile(r"(?: {0,3}>[ \t]?)+")
_BULLET = re.compile(r" {0,3}[-*+][ \t]+")
_ORDERED = re.compile(r" {0,3}\d{1,9}[.)][ \t]+")
_TABLE = re.compile(r"\s*\|")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)

# First characters of lines that may be Markdown block syntax.
_BLOCK_MARKERS = frozenset("#=-*_+|0123456789")

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
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
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
    fresh: bool = False  # starts with a dateline: never the tail of a broken paragraph


def glue(left: str, right: str) -> str:
    """Join two pieces of one paragraph: no space next to CJK, one between Latin."""
    if not left:
        return right
    if not right:
        return left
    if _WIDE.match(left[-1]) or _WIDE.match(right[0]):
        return left + right
    return left + " " + right


def _heading_text(rest: str) -> str:
    """A heading's text without its optional closing ``###`` (no regex: linear)."""
    text = rest.strip()
    if text.endswith("#"):
        bare = text.rstrip("#")
        if not bare or bare[-1] in " \t":
            text = bare.rstrip()
    return text


def _blocks(text: str, line_paragraphs: bool = False) -> list[_Heading | _Para]:
    """Split page text into headings and paragraphs (lists of raw lines).

    A line indented with an ideographic space (the Chinese paragraph indent)
    starts a new paragraph. With ``line_paragraphs`` (plain .txt pages, often
    one paragraph per line) a line ending a sentence ends its paragraph too.
    """
    out: list[_Heading | _Para] = []
    para: _Para | None = None
    for raw in text.split("\n"):
        stripped = raw.strip()
        if not stripped:
            para = None
            continue
        line = raw
        quote = False
        first = stripped[0]
        if first == ">":
            quoted = _QUOTE.match(raw)
            if quoted:
                quote = True
                line = raw[quoted.end() :]
                stripped = line.strip()
                if not stripped:
                    para = None
                    continue
                first = stripped[0]
        list_item = table = False
        if first in _BLOCK_MARKERS:
            if first == "#":
                heading = _HEADING.match(line)
                title = _heading_text(line[heading.end() :]) if heading else ""
                if heading and title:
                    out.append(_Heading(len(heading[1]), title))
                    para = None
                    continue
            if first in "=-*_":
                if (
                    para is not None
                    and len(para.lines) == 1
                    and not (para.quote or para.list_item or para.table or quote)
                    and first in "=-"
                    and _SETEXT.fullmatch(line)
                ):
                    out[-1] = _Heading(1 if first == "=" else 2, para.lines[0].strip())
                    para = None
                    continue
                if _THEMATIC.fullmatch(line):
                    para = None
                    continue
            if first in "-*+":
                bullet = _BULLET.match(line)
                if bullet:
                    line = line[bullet.end() :]
                    list_item = True
            elif first.isdigit():
                list_item = _ORDERED.match(line) is not None
            elif first == "|":
                table = _TABLE.match(line) is not None
        if (
            para is None
            or list_item
            or para.quote != quote
            or para.table != table
            or (para.list_item and not raw[:1].isspace() and not quote)
            or line[:1] == "\u3000"
            or (first in by.DATELINE_STARTS and by.starts_with_dateline(stripped))
            or (line_paragraphs and ends_sentence(para.lines[-1].rstrip(" \\")))
        ):
            para = _Para([line], quote=quote, list_item=list_item, table=table)
            out.append(para)
        else:
            para.lines.append(line)
    return out


def _entries(blocks: list[_Heading | _Para]) -> list[_Entry]:
    """Group blocks under their heading; edition lines are set apart."""
    entries = [_Entry(None)]
    for block in blocks:
        if isinstance(block, _Heading):
            entries.append(_Entry(block))
            continue
        if (
            len(block.lines) == 1
            and "《" in block.lines[0]
            and _EDITION_LINE.fullmatch(block.lines[0])
        ):
            entries[-1].edition_lines.append(block.lines[0].strip())
            continue
        entries[-1].body.append(block)
    return entries


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
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    if "&" in text:
        text = _ENTITY.sub(_unescape, text)
    return text


def _unescape(match: re.Match[str]) -> str:
    """One HTML entity (``&nbsp;``, ``&#8220;``) as its character; unknown ones stay."""
    return html.unescape(match[0])


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


def _build(title: str, level: int, sections: tuple[str, ...], entry: _Entry) -> _Built:
    """Turn one heading's body into an article's fields."""
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
        # Lists, tables, bold subheadings and credit lines are not broken sentences.
        joinable = not (
            para.list_item
            or para.table
            or (raw[:1] in "*_" and _WHOLLY_STRONG.fullmatch(raw) is not None)
            or (len(raw) <= by.MAX_LINE and by.is_byline(raw))
        )
        plain = inline(raw, links)
        fresh = plain[:1] in by.DATELINE_STARTS and by.starts_with_dateline(plain)
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
    paragraphs = _repair(texts)
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
    entries = _entries(_blocks(body_text, line_paragraphs=plain_text))

    levels = [e.heading.level for e in entries if e.heading is not None]
    edition_title = ""
    page_lines: list[str] = list(entries[0].edition_lines)
    built: list[_Built] = []
    sections: list[tuple[int, str]] = []
    for index, entry in enumerate(entries):
        heading = entry.heading
        if heading is None:
            if entry.body:
                built.append(_build("", 0, (), entry))
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
        built.append(_build(heading.text, heading.level, tuple(s for _, s in sections), entry))

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
        # "人民日报 2025年01月03日 第06版": the edition title often says it all.
        date = date or iso_date(edition_title)
        page_number = _PAGE_NUMBER.search(edition_title)
        if page_number and not page:
            page = _page_label(page_number[1])
    if not date and name:
        date = path_date(name)
    if front.get("date") and not iso_date(front.get("date")):
        warnings.append(f"front matter: date {front.get('date')!r} not understood")
    if page_lines:
        front = {**front, "_edition_line": page_lines}

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
    parts = [_flatten({k: v for k, v in page.front_matter.items() if k != "_edition_line"})]
    articles = list(page.articles)
    # Text before the first heading precedes the edition title (the first heading).
    if articles and articles[0].level == 0:
        parts.append(_article_text(articles.pop(0)))
    parts.append(page.edition_title)
    parts.append(_flatten(page.front_matter.get("_edition_line", ())))
    parts.extend(_article_text(article) for article in articles)
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
