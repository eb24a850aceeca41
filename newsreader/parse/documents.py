"""Several page documents in one file: an export of several editions.

``newsreader export -o one.md`` writes one document per edition, each with
its own YAML front matter. Read as one page, the second ``---`` block was a
rule and a setext heading (946 articles for 754, titled ``date: '…'``). So a
file is cut into documents before the page parser sees it, and their
articles are put together again, numbered in file order.

A new document starts only where a ``---`` line follows a blank line and
opens a block that parses to a mapping naming an edition field: a rule in
the middle of a page followed by ordinary text is never taken for one.
"""

from __future__ import annotations

import re
from dataclasses import replace

from newsreader.models import ParsedPage
from newsreader.parse.frontmatter import split_front_matter
from newsreader.parse.page import parse_text

__all__ = ["EDITION_KEYS", "join_pages", "parse_documents", "split_documents"]

#: Front matter keys that say "a new edition begins here".
EDITION_KEYS = frozenset(
    {"publication", "date", "section", "section_name", "page", "author", "keywords"}
)

_CANDIDATE = re.compile(r"\n[ \t]*\n(?=---[ \t]*\n)")
#: Enough text after a ``---`` to hold the largest front matter block read.
_BLOCK_LOOKAHEAD = 70_000


def parse_documents(text: str, name: str, encoding: str) -> ParsedPage:
    """``parse_text`` for each document in ``text``, as one page."""
    return join_pages([parse_text(doc, name, encoding) for doc in split_documents(text)])


def split_documents(text: str) -> list[str]:
    """``text`` cut before every later front matter block (one piece if none)."""
    if "\n---" not in text:
        return [text]
    pieces: list[str] = []
    start = 0
    for match in _CANDIDATE.finditer(text):
        at = match.end()
        block = text[at : at + _BLOCK_LOOKAHEAD]
        fields, raw, _body, _warnings = split_front_matter(block)
        if raw and EDITION_KEYS & set(fields):
            pieces.append(text[start:at])
            start = at
    pieces.append(text[start:])
    return [p for p in pieces if p.strip()] or [text]


def join_pages(pages: list[ParsedPage]) -> ParsedPage:
    """One page holding every document's articles, numbered in file order.

    The file-level fields (edition title, publication, date) are the first
    document's: each article keeps its own edition fields.
    """
    if len(pages) == 1:
        return pages[0]
    articles = [a for page in pages for a in page.articles]
    numbered = tuple(replace(a, position=i) for i, a in enumerate(articles))
    warnings = tuple(w for page in pages for w in page.warnings)
    return replace(pages[0], articles=numbered, warnings=warnings)
