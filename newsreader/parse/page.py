"""Markdown page text -> ParsedPage: the steps in order, and what is kept where.

A newspaper page converted to Markdown has one heading per article, section
headings without a body of their own, column breaks that split paragraphs,
and datelines/bylines mixed into the text. Each step has its own module:
``blocks`` (CommonMark blocks), ``outline`` (headings with their bodies;
edition lines and the footer set apart), ``article`` with ``repair`` (one
article's fields; paragraphs a column break split joined again),
``bundles`` (a round-up's bold sub-heads become stories) and ``edition``
(publication, date and page). This module runs them in order and keeps
every character of the input in some field (see ``kept_text``).

Text with no field of its own goes into ``ParsedArticle.extra`` (the archive
stores it as JSON): ``byline_text`` / ``byline_head`` (credit lines as printed,
at the end / start), ``url_label`` (``查看原文``), ``url_before_byline``,
``edition_line`` (a ``《人民日报》（…）`` line under the article's heading) and
``section_path`` (nested section headings). An edition line outside any
article goes into ``ParsedPage.front_matter["_edition_line"]``, and the
page's furniture (the footer after its last rule) into ``["_page_meta"]``.
"""

from __future__ import annotations

from typing import Any

from newsreader.models import ParsedArticle, ParsedPage
from newsreader.parse import outline
from newsreader.parse.article import Built, build
from newsreader.parse.blocks import split_blocks
from newsreader.parse.bundles import build_bundle, bundle
from newsreader.parse.edition import opens_transcript, page_edition, text_value
from newsreader.parse.frontmatter import iso_date, split_front_matter, text_list
from newsreader.parse.inline import inline

# Where a page's furniture (the footer after its last rule) is kept.
PAGE_META = "_page_meta"


def parse_text(text: str, name: str = "", encoding: str = "utf-8") -> ParsedPage:
    """Parse decoded page text (any line ends) into a ParsedPage."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    front, _raw, body_text, warnings = split_front_matter(text)
    plain_text = name.lower().endswith(".txt")
    # A transcript is not wrapped: a line that ends a sentence ends its paragraph.
    transcript = opens_transcript(body_text)
    blocks = split_blocks(body_text, line_paragraphs=plain_text or transcript)
    footer = outline.split_footer(blocks)
    entries = outline.entries(blocks)

    levels = [e.heading.level for e in entries if e.heading is not None]
    columns = not outline.broadcast(entries)
    edition_title = ""
    page_lines: list[str] = list(entries[0].edition_lines)
    built: list[Built] = []
    sections: list[tuple[int, str]] = []
    for index, entry in enumerate(entries):
        heading = entry.heading
        if heading is None:
            if entry.body:
                built.append(build("", 0, (), entry, columns))
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
        stories = bundle(entry)
        if stories is None:
            built.append(build(heading.text, heading.level, path, entry, columns))
        else:
            built.extend(build_bundle(heading, path, entry, stories, columns))

    edition_lines = [*page_lines]
    for b in built:
        edition_lines.extend(b.extra.get("edition_line", ()))
    publication, date, page = page_edition(front, edition_lines, edition_title, name)
    if front.get("date") and not iso_date(front.get("date")):
        warnings.append(f"front matter: date {front.get('date')!r} not understood")
    if page_lines:
        front = {**front, "_edition_line": page_lines}
    if footer:
        front = {**front, PAGE_META: footer}

    section_name = text_value(front.get("section_name"))
    author = text_value(front.get("author"))
    keywords = text_list(front.get("keywords"))
    source_url = text_value(front.get("source_url"))
    fm_title = text_value(front.get("title"))
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
