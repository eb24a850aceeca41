"""The second stage of an import: index stored articles for search.

An import stores every article first (``prepare``: rows and bylines) and
queues its document key in ``index_queue`` with a random nonce; this module
turns queued articles, read back from the database, into index tokens.
``indexer`` writes them and takes the queue row out in the same transaction, so
an import cut short anywhere leaves each article either indexed or queued,
and the next import finishes the queue.

The nonce guards the step between reading and writing: tokens made from an
article are written only if its queue row (same key, same nonce) is still
there, so an article deleted or replaced meanwhile by another process is
never indexed from stale text.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from newsreader.index.pinyin import pinyin_token_text
from newsreader.index.runs import run_text, text_runs
from newsreader.index.tokens import (
    BOUNDARY,
    PAGE_MARK,
    PINYIN_MARK,
    bigram_tokens,
    marked_tokens,
    safe_column_tokens,
    safe_text,
)
from newsreader.models import Byline, ParsedArticle

# The stored columns an article's index texts are made from.
TEXT_COLUMNS_SQL = "a.title, a.section, a.page, a.dateline, a.paragraphs, a.bylines"


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """What the index holds for one queued article."""

    doc: int
    nonce: int
    columns: tuple[str, str, str, str, str, str]
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


@dataclass(frozen=True, slots=True)
class IndexChunk:
    """Entries for a run of queued articles, their characters counted in the worker.

    ``chars`` maps each character to the number of entries holding it, so the
    writing process adds one small table a chunk instead of ~500 characters
    an article (that counting was 7% of its time).
    """

    entries: list[IndexEntry]
    chars: dict[str, int]


def index_entry(doc: int, nonce: int, article: ParsedArticle) -> IndexEntry:
    """The index texts of ``article``: each text is folded and made safe once.

    ``columns`` follow ``index.COLUMNS`` (body, title, section, people, and
    the marked page and pinyin tokens); ``chars`` are the distinct characters
    of the unfielded columns (``index.TEXT_COLUMNS``), in no order, for the
    one-character counts. The body is indexed by runs (``index.runs``): the
    dateline reads on into the first paragraph, the last paragraph into the
    first byline, so a phrase is found across those seams.
    """
    fields = [("dateline", 0, article.dateline)]
    fields += [("paragraph", i, p) for i, p in enumerate(article.paragraphs)]
    fields += [("byline", i, str(b)) for i, b in enumerate(article.bylines)]
    body = [safe_text(run_text(run)) for run in text_runs(fields) if run[0][0] != "byline"]
    title = safe_text(article.title)
    section = safe_text(article.section)
    people = [safe_text(f"{b.role} {b.name}".strip()) for b in article.bylines]
    page = [safe_text(article.page)] if article.page else []
    columns = (
        safe_column_tokens(body),
        bigram_tokens(title),
        bigram_tokens(section),
        safe_column_tokens(people),
        marked_tokens(safe_column_tokens(page), PAGE_MARK),
        pinyin_tokens(article),
    )
    chars = "".join(set("".join([*body, title, section, *people])))
    return IndexEntry(doc, nonce, columns, chars)


def pinyin_tokens(article: ParsedArticle) -> str:
    """Marked syllable and initial tokens of the title and each byline name.

    One token a character (``<mark>bao <mark>jiao <mark>lou``, then
    ``<mark>^b <mark>^j <mark>^l``), runs kept apart by boundary tokens, so a
    term matches whole syllables of consecutive characters only.
    """
    names = [(article.title, False), *((b.name, True) for b in article.bylines)]
    runs = pinyin_token_text([(text, name) for text, name in names if text])
    between = " " + PINYIN_MARK
    return f" {BOUNDARY} ".join(PINYIN_MARK + between.join(run) for run in runs)


def queued_entries(db: Any, docs: list[int]) -> IndexChunk:
    """Index entries for queued ``docs`` (gone ones are skipped), in key order."""
    marks = ",".join("?" * len(docs))
    rows = db.execute(
        f"SELECT q.doc, q.nonce, {TEXT_COLUMNS_SQL} FROM index_queue q "
        f"JOIN articles a ON a.doc = q.doc WHERE q.doc IN ({marks}) ORDER BY q.doc",
        docs,
    ).fetchall()
    entries = [index_entry(doc, nonce, article_from_texts(*texts)) for doc, nonce, *texts in rows]
    counts: Counter[str] = Counter()
    for entry in entries:
        counts.update(entry.chars)
    return IndexChunk(entries, dict(counts))


_worker_connections: dict[str, Any] = {}


def queued_entries_in_worker(path: str, docs: list[int]) -> IndexChunk:
    """``queued_entries`` in a worker process, on its own read-only connection."""
    db = _worker_connections.get(path)
    if db is None:
        from newsreader.store.schema import connect

        db = _worker_connections[path] = connect(path, read_only=True)
    return queued_entries(db, docs)
