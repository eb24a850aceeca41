"""One heading and its body -> one article's fields (before the page's edition is known).

Here the edges of a story are read: the closing link line, credit lines at
the end or start, a dateline, a plain-text title above ``本报讯``. Kept apart
from the page (which decides what is an article) and from the bundle reader
(which makes several articles of one heading) because both build with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newsreader.models import Byline
from newsreader.parse import bylines as by
from newsreader.parse.blocks import Para
from newsreader.parse.inline import URL_LINE, ends_sentence, inline, light
from newsreader.parse.outline import Entry
from newsreader.parse.repair import Text, read_paragraph, repair


def _split_url(body: list[Para]) -> tuple[str, str]:
    """Remove a trailing link line: ``(url, label)``."""
    if not body:
        return "", ""
    last = body[-1].lines[-1]
    if "://" not in last or len(last) > 2500:
        return "", ""
    match = URL_LINE.fullmatch(last)
    if match is None:
        return "", ""
    url = match[2] or match[4]
    if not url or "://" not in url:
        return "", ""
    body[-1].lines.pop()
    if not body[-1].lines:
        body.pop()
    return url, match[1] or match[3] or ""


def _split_tail_bylines(body: list[Para]) -> list[str]:
    """Remove byline lines at the end of the body (own lines, or split over two)."""
    taken: list[str] = []
    while body and len(taken) < 6:
        lines = body[-1].lines
        last = light(lines[-1])
        if by.is_byline(last):
            taken.insert(0, last)
            lines.pop()
        else:
            previous = light(lines[-2]) if len(lines) > 1 else None
            if previous is None and len(body) > 1:
                previous = light(body[-2].lines[-1])
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


_MAX_TITLE = 60


@dataclass(slots=True)
class Built:
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


def build(
    title: str, level: int, sections: tuple[str, ...], entry: Entry, columns: bool = True
) -> Built:
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
    texts = [read_paragraph(para, links) for para in body]
    head: list[str] = []
    if texts:
        first = texts[0].text
        if by.is_byline(first):
            head.append(first)
            texts.pop(0)
    if texts and not tail:
        rest, glued = by.split_glued(texts[-1].text)
        if glued:
            texts[-1] = Text(rest, texts[-1].joinable, texts[-1].fresh)
            tail.append(glued)
    paragraphs = repair(texts) if columns else [t.text for t in texts if t.text]
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
    return Built(
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
