"""Articles -> Markdown, JSON or JSON Lines, for scripts and for re-import.

JSON and JSONL carry every field. Markdown is written in the same page
format the importer reads (docs: issue 2), so an export imports back to the
same articles: one YAML front matter per edition (publication, date, page),
``##`` section headings without a body, ``###`` article headings, the
dateline as the first words of the first paragraph, bylines as a last line
(``记者 孙庆辉 通讯员 张慧丽``) and the URL as ``[查看原文](url)``.

Because the page parser repairs column breaks (it joins a paragraph that
does not end a sentence with the next one) and reads Markdown syntax, the
writer escapes ASCII Markdown punctuation with backslashes and marks a
paragraph that must not be joined as wholly bold (``**…**``), which the
parser keeps apart and strips. An export spanning several editions is
either one file per edition (``export_markdown_files``) or one file holding
one document per edition, each opening with its own front matter (the
importer cuts such a file into its documents: ``parse/documents.py``).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal, TextIO

import yaml

from newsreader.models import Article, Byline
from newsreader.parse.bylines import dateline_bylines, is_byline
from newsreader.parse.inline import ends_sentence

__all__ = [
    "FORMATS",
    "article_dict",
    "edition_key",
    "export_articles",
    "export_markdown_files",
    "markdown_edition",
]

FORMATS = ("md", "json", "jsonl")
Format = Literal["md", "json", "jsonl"]
URL_LABEL = "查看原文"

# Characters the page parser treats as inline syntax (it unescapes \X for
# any ASCII punctuation X, so a backslash before them reads back as them).
_INLINE = frozenset("\\*_[]`~<")
# At the start of a paragraph these begin a heading, quote, list, table or rule.
_LINE_START = frozenset("#>-+=|")
# C1 controls and bidi overrides: escaped in JSON so a terminal never sees them.
_UNSAFE_IN_JSON = re.compile("[\u0080-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_ORDERED = re.compile(r"\d{1,9}[.)]")


# --------------------------------------------------------------------------
# JSON / JSONL
# --------------------------------------------------------------------------


def article_dict(article: Article) -> dict[str, Any]:
    """Every field of an article as JSON-ready data (bylines as role/name)."""
    return {
        "id": article.id,
        "identity": article.identity,
        "source": article.source,
        "position": article.position,
        "title": article.title,
        "level": article.level,
        "section": article.section,
        "page": article.page,
        "publication": article.publication,
        "date": article.date,
        "dateline": article.dateline,
        "paragraphs": list(article.paragraphs),
        "bylines": [{"role": b.role, "name": b.name} for b in article.bylines],
        "url": article.url,
        "author": article.author,
        "keywords": list(article.keywords),
        "links": list(article.links),
        "read": article.read,
        "starred": article.starred,
    }


def _json(value: Any, indent: int | None) -> str:
    """JSON with real characters, but C1 and bidi controls as \\u escapes."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


# --------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------


def edition_key(article: Article) -> tuple[str, str, str]:
    """What one page file shares: ``(publication, date, page)``."""
    return (article.publication, article.date, article.page)


def _one_line(text: str) -> str:
    """Field text on one line (a line break inside would be joined anyway)."""
    return text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ").strip()


def _escape(text: str, also: str = "") -> str:
    """Text that the page parser reads back as exactly ``text``."""
    text = _one_line(text)
    out = "".join("\\" + ch if ch in _INLINE or ch in also else ch for ch in text)
    if out[:1] in _LINE_START:
        out = "\\" + out
    elif (match := _ORDERED.match(out)) and out[match.end() : match.end() + 1] in (" ", "\t"):
        # "1. text" would be read as a list item; escape its dot or bracket.
        out = out[: match.end() - 1] + "\\" + out[match.end() - 1 :]
    return out


def _escape_heading(text: str) -> str:
    """A heading's text: also ``#`` anywhere (a trailing ``#`` run is syntax)."""
    return _escape(text, also="#")


def _byline_lines(article: Article) -> list[str]:
    """Bylines as lines the parser recognises, credited-in-dateline ones left out."""
    in_dateline = set(dateline_bylines(article.dateline)) if article.dateline else set()
    parts = _byline_groups(b for b in article.bylines if b not in in_dateline)
    if not parts:
        return []
    whole = " ".join(parts)
    if is_byline(whole):
        return [whole]
    return parts  # one line per role; the parser takes up to six such lines


def _paragraph_texts(article: Article) -> list[str]:
    """The body as written: dateline glued to the first paragraph."""
    paragraphs = [_one_line(p) for p in article.paragraphs if _one_line(p)]
    if article.dateline:
        dateline = _one_line(article.dateline)
        paragraphs = [f"{dateline} {paragraphs[0]}", *paragraphs[1:]] if paragraphs else [dateline]
    return paragraphs


# The page parser reads ``**…**`` as bold only up to this many characters.
_BOLD_MAX = 500


def _can_bold(escaped: str) -> bool:
    """Would ``**escaped**`` read back as exactly ``escaped``, kept apart?"""
    return "*" not in escaped and "_" not in escaped and len(escaped) <= _BOLD_MAX


def _body_blocks(article: Article) -> list[str]:
    """Markdown blocks of an article's body, protected against repair."""
    texts = _paragraph_texts(article)
    blocks = [_escape(t) for t in texts]
    if blocks and not article.url and "://" in blocks[-1] and " " not in blocks[-1]:
        blocks[-1] = blocks[-1].replace("://", "\\://")  # not the article's URL line
    bold = [False] * len(blocks)
    for i in range(len(blocks) - 1):
        if ends_sentence(texts[i]) or bold[i]:
            continue
        if _can_bold(blocks[i]):
            bold[i] = True
        elif _can_bold(blocks[i + 1]):
            bold[i + 1] = True
    return [f"**{b}**" if strong else b for b, strong in zip(blocks, bold, strict=True)]


def _front_matter(key: tuple[str, str, str], articles: Sequence[Article]) -> str:
    publication, date, page = key
    data: dict[str, Any] = {}
    if publication:
        data["publication"] = publication
    if date:
        data["date"] = date
    if page:
        data["section"] = page
    authors = {a.author for a in articles}
    if len(authors) == 1 and (author := authors.pop()):
        data["author"] = author
    keyword_sets = {a.keywords for a in articles}
    if len(keyword_sets) == 1 and (keywords := keyword_sets.pop()):
        data["keywords"] = list(keywords)
    if not data:
        return ""
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{dumped}---\n\n"


def _edition_title(articles: Sequence[Article]) -> str:
    publication, date, page = edition_key(articles[0])
    return " ".join(p for p in (publication, date, page) if p) or "newsreader export"


def markdown_edition(articles: Sequence[Article]) -> str:
    """One page file (one edition) for ``articles``, in their order."""
    if not articles:
        return ""
    parts: list[str] = [_front_matter(edition_key(articles[0]), articles)]
    current_section: str | None = None
    first_heading = 0 if articles[0].title else 1  # an untitled first article has none
    for index, article in enumerate(articles):
        section = _one_line(article.section)
        if index == first_heading:
            # A top "#" heading: otherwise the parser would take the first
            # section heading (alone at the top level) for the edition title.
            parts.append(f"# {_escape_heading(_edition_title(articles))}\n\n")
        if not article.title and index == 0:
            level = 0  # text before the first heading: an untitled article
        elif section:
            if section != current_section:
                parts.append(f"## {_escape_heading(section)}\n\n")
                current_section = section
            level = 3
        else:
            current_section = None
            level = 2
        if level:
            title = _escape_heading(article.title) if article.title.strip() else "\\-"
            parts.append(f"{'#' * level} {title}\n\n")
        for block in _body_blocks(article):
            parts.append(block + "\n\n")
        for line in _byline_lines(article):
            parts.append(line + "\n\n")
        if article.url:
            url = article.url.strip().replace(" ", "%20").replace(">", "%3E")
            parts.append(f"[{URL_LABEL}]({url})\n\n")
    return "".join(parts).rstrip("\n") + "\n"


def _editions(articles: Iterable[Article]) -> list[list[Article]]:
    """Articles grouped by edition, editions in order of first appearance.

    The page format has an author and keywords only per file (front
    matter), so articles that differ in them (feed items by several authors
    or with their own tags) go to separate files of the same edition, and
    both come back on import. A page's articles share them: one file still.
    """
    groups: dict[tuple[Any, ...], list[Article]] = {}
    for article in articles:
        key = (*edition_key(article), article.author, article.keywords)
        groups.setdefault(key, []).append(article)
    return list(groups.values())


def _safe_name(text: str) -> str:
    cleaned = "".join(
        ch if (ch.isalnum() or ch in "-_") else "-" for ch in unicodedata.normalize("NFC", text)
    )
    return "-".join(part for part in cleaned.split("-") if part)[:60]


# File names are at most 255 bytes on common file systems; leave room for
# "-123456.md" when names collide.
NAME_BYTES = 255 - len("-123456.md")


def _fit_bytes(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` UTF-8 bytes, on a character boundary."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", "ignore").rstrip("-")


def export_markdown_files(articles: Iterable[Article], directory: str | Path) -> list[Path]:
    """Write one importable page file per edition into ``directory``."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for group in _editions(articles):
        publication, date, page = edition_key(group[0])
        stem = "-".join(
            p for p in (_safe_name(date), _safe_name(publication), _safe_name(page)) if p
        )
        stem = _fit_bytes(stem, NAME_BYTES) or "articles"
        path = directory / f"{stem}.md"
        number = 2
        while path.exists() or path in written:
            path = directory / f"{stem}-{number}.md"
            number += 1
        path.write_text(markdown_edition(group), encoding="utf-8")
        written.append(path)
    return written


# --------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------


def export_articles(articles: Iterable[Article], fmt: Format, out: TextIO) -> int:
    """Write ``articles`` to ``out`` as md, json or jsonl; return how many.

    Markdown: one document per edition, each with its own front matter;
    a single-edition export is one page file that imports back exactly.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (choose md, json or jsonl)")
    count = 0
    if fmt == "jsonl":
        for article in articles:
            out.write(_json(article_dict(article), None) + "\n")
            count += 1
        return count
    if fmt == "json":
        items = [article_dict(a) for a in articles]
        out.write(_json(items, 2) + "\n")
        return len(items)
    for index, group in enumerate(_editions(articles)):
        document = markdown_edition(group)
        if index:
            out.write("\n")
            if not document.startswith("---\n"):
                # Front matter is what starts a new edition on import: an
                # edition without publication, date or page says so.
                document = _NO_EDITION + document
        out.write(document)
        count += len(group)
    return count


#: The front matter of an edition with no publication, date or page.
_NO_EDITION = "---\npublication: ''\n---\n\n"


def _byline_groups(bylines: Iterable[Byline]) -> list[str]:
    """``["记者 孙庆辉", "通讯员 张慧丽 曹庆海"]``: consecutive names of a role together."""
    groups: list[tuple[str, list[str]]] = []
    for byline in bylines:
        if groups and groups[-1][0] == byline.role:
            groups[-1][1].append(byline.name)
        else:
            groups.append((byline.role, [byline.name]))
    return [f"{role} {' '.join(names)}".strip() for role, names in groups]


def bylines_text(bylines: Iterable[Byline]) -> str:
    """``记者 孙庆辉 通讯员 张慧丽``: bylines the way a page prints them."""
    return " ".join(_byline_groups(bylines))
