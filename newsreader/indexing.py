"""The second stage of an import: index stored articles for search.

An import stores every article first (``prepare``: rows and bylines) and
queues its document key in ``index_queue`` with a random nonce; this module
turns queued articles, read back from the database, into index tokens. The
archive writes them and takes the queue row out in the same transaction, so
an import cut short anywhere leaves each article either indexed or queued,
and the next import finishes the queue.

The nonce guards the step between reading and writing: tokens made from an
article are written only if its queue row (same key, same nonce) is still
there, so an article deleted or replaced meanwhile by another process is
never indexed from stale text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from newsreader.index import column_tokens, first_characters, segment_tokens
from newsreader.models import Byline, ParsedArticle
from newsreader.pinyin import pinyin_keys

# The stored columns an article's index texts are made from.
TEXT_COLUMNS_SQL = "a.title, a.section, a.page, a.dateline, a.paragraphs, a.bylines"


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """What the index holds for one queued article."""

    doc: int
    nonce: int
    columns: tuple[str, str, str, str, str]
    pinyin: str
    chars: str


def article_from_texts(
    title: str | None,
    section: str | None,
    page: str | None,
    dateline: str | None,
    paragraphs: str | None,
    bylines: str | None,
) -> ParsedArticle:
    """The indexed fields of a stored article (``paragraphs``, ``bylines``: JSON)."""
    return ParsedArticle(
        position=0,
        title=title or "",
        level=0,
        section=section or "",
        page=page or "",
        dateline=dateline or "",
        paragraphs=tuple(json.loads(paragraphs or "[]")),
        bylines=tuple(Byline(role, name) for role, name in json.loads(bylines or "[]")),
    )


def index_columns(article: ParsedArticle) -> tuple[str, str, str, str, str]:
    """Token texts for the columns of ``index.COLUMNS`` (body, title, section, people, page)."""
    body = ([article.dateline] if article.dateline else []) + list(article.paragraphs)
    people = [f"{b.role} {b.name}".strip() for b in article.bylines]
    page = [article.page] if article.page else []
    return (
        column_tokens(body),
        segment_tokens(article.title),
        segment_tokens(article.section),
        column_tokens(people),
        column_tokens(page),
    )


def text_characters(article: ParsedArticle) -> str:
    """The distinct characters of the unfielded search columns (see ``index.TEXT_COLUMNS``)."""
    people = [f"{b.role} {b.name}".strip() for b in article.bylines]
    return first_characters(
        [article.dateline, *article.paragraphs, article.title, article.section, *people]
    )


def pinyin_tokens(article: ParsedArticle) -> str:
    """Pinyin and initials of the title and each byline name, as index tokens."""
    segments: list[str] = []
    for text in (article.title, *(b.name for b in article.bylines)):
        if text:
            full, initials = pinyin_keys(text)
            segments.extend(s for s in (full, initials) if s)
    return column_tokens(segments)


def queued_entries(db: Any, docs: list[int]) -> list[IndexEntry]:
    """Index entries for queued ``docs`` (gone ones are skipped), in key order."""
    marks = ",".join("?" * len(docs))
    rows = db.execute(
        f"SELECT q.doc, q.nonce, {TEXT_COLUMNS_SQL} FROM index_queue q "
        f"JOIN articles a ON a.doc = q.doc WHERE q.doc IN ({marks}) ORDER BY q.doc",
        docs,
    ).fetchall()
    entries = []
    for doc, nonce, *texts in rows:
        article = article_from_texts(*texts)
        entries.append(
            IndexEntry(
                doc=doc,
                nonce=nonce,
                columns=index_columns(article),
                pinyin=pinyin_tokens(article),
                chars=text_characters(article),
            )
        )
    return entries


_worker_connections: dict[str, Any] = {}


def queued_entries_in_worker(path: str, docs: list[int]) -> list[IndexEntry]:
    """``queued_entries`` in a worker process, on its own read-only connection."""
    db = _worker_connections.get(path)
    if db is None:
        from newsreader.store import connect

        db = _worker_connections[path] = connect(path, read_only=True)
    return queued_entries(db, docs)
