"""Turn a parsed page into rows, ready for the database (import stage 1).

Parsing is the CPU-heavy part of storing and writes no database, so it runs
in worker processes while the main process spends its core on SQLite
writes. Index tokens are made later, from the stored rows (``indexing``).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, replace

from newsreader.models import ParsedArticle, ParsedPage
from newsreader.store.paths import path_text

REPORTER_ROLES = ("记者", "本报记者", "特约记者", "见习记者")


@dataclass(frozen=True, slots=True)
class PreparedArticle:
    """One article's database row (without ids) and its bylines.

    Its index texts are made later, from the stored row (see ``indexing``):
    storing first lets an import show every article long before the
    search index has caught up, and keeps the two stages measurable apart.
    """

    row: dict[str, object]
    bylines: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class PreparedFile:
    """A whole file, prepared; ``error`` is set instead when it could not be read."""

    path: str
    content_hash: str
    size: int
    mtime: float
    page: ParsedPage | None
    articles: tuple[PreparedArticle, ...]
    error: str = ""


def content_hash(data: bytes) -> str:
    """What an unchanged file is recognised by: its bytes, and the parser that read them."""
    from newsreader.parse import PARSER_VERSION

    person = f"parser-v{PARSER_VERSION}".encode()
    return hashlib.blake2b(data, digest_size=16, person=person).hexdigest()


def article_identity(article: ParsedArticle, source: str, seen: Counter[str]) -> str:
    """A key for user state that survives re-imports and edits elsewhere in the file.

    Built from where the article appeared in print (publication, date, page)
    and its title, numbered when a title repeats; the file path is used only
    when the page has no date and no publication to place it by.
    """
    if article.identity:
        return article.identity
    title = article.title or (article.paragraphs[0][:40] if article.paragraphs else "")
    place = (article.publication, article.date, article.page)
    if not any(place[:2]):
        place = (source, "", article.page)
    key = "\x1f".join((*place, title))
    seen[key] += 1
    key = f"{key}\x1f{seen[key]}"
    return hashlib.blake2b(key.encode("utf-8"), digest_size=12).hexdigest()


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def prepare_page(path: str, page: ParsedPage) -> tuple[PreparedArticle, ...]:
    seen: Counter[str] = Counter()
    prepared = []
    for article in page.articles:
        reporter = next((b.name for b in article.bylines if b.role in REPORTER_ROLES), "")
        if not reporter and article.bylines:
            reporter = article.bylines[0].name
        row = {
            "position": article.position,
            "identity": article_identity(article, path, seen),
            "title": article.title,
            "level": article.level,
            "section": article.section,
            "page": article.page,
            "publication": article.publication,
            "date": article.date,
            "dateline": article.dateline,
            "paragraphs": _json(list(article.paragraphs)),
            "bylines": _json([[b.role, b.name] for b in article.bylines]),
            "url": article.url,
            "author": article.author,
            "keywords": _json(list(article.keywords)),
            "links": _json(list(article.links)),
            "extra": _json(article.extra),
            "reporter": reporter,
            "chars": len(article.title) + sum(map(len, article.paragraphs)),
        }
        prepared.append(
            PreparedArticle(row=row, bylines=tuple((b.role, b.name) for b in article.bylines))
        )
    return tuple(prepared)


def prepare_file(path: str, digest: str, size: int, mtime: float) -> PreparedFile:
    """Read, parse and prepare one file; never raises for bad input (``error`` says why).

    The file is read here, in the worker, so the importing process never
    holds more than one file's bytes; if it changed since it was hashed, the
    new bytes and their hash are what gets stored.
    """
    from newsreader.parse import read_page_bytes
    from newsreader.parse.dispatch import parse_any

    file, path = path, path_text(path)  # opened as its bytes, stored and shown escaped
    try:
        data = read_page_bytes(file)
        if content_hash(data) != digest:
            digest, size = content_hash(data), len(data)
        page = parse_any(data, path)
    except Exception as error:  # a parser bug must not stop the rest of the import
        reason = getattr(error, "reason", "") or f"{type(error).__name__}: {error}"
        return PreparedFile(path, digest, size, mtime, None, (), error=str(reason).splitlines()[0])
    articles = prepare_page(path, page)
    # The rows carry the articles; the page goes back for its metadata only,
    # so the text is not pickled to the importing process twice.
    return PreparedFile(path, digest, size, mtime, replace(page, articles=()), articles)
