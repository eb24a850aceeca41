"""Keywords scored against the archive as it is now (TF-IDF, at display time).

Candidates come from word segmentation (``keywords``); each candidate's
document frequency is an exact count from the search index, cached per
process until the index changes. Nothing is computed at import, so keywords
follow the archive as it grows.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from functools import partial
from pathlib import Path

import sqlite_utils

from newsreader.models import Article
from newsreader.search import run as search_engine
from newsreader.search.keywords import (
    KEYWORD_MIN_OCCURRENCES,
    DocumentFrequencies,
    article_terms,
    keyword_text,
    top_keywords,
)
from newsreader.store import articles as stored

# Candidate words whose document frequency is looked up for an article's keywords.
KEYWORD_CANDIDATES = 120
# Words' document frequencies, counted once until the index changes (keywords).
_FREQUENCIES = DocumentFrequencies()


def article_keywords(
    db: sqlite_utils.Database, path: Path, article: Article, k: int
) -> list[tuple[str, float]]:
    """The article's top ``k`` keywords (segmenting one article: ~1-2 ms)."""
    terms = article_terms(keyword_text(article.title, article.paragraphs))
    return _tf_idf(db, path, terms, k)


def common_terms(
    db: sqlite_utils.Database, path: Path, articles: Iterable[Article], k: int
) -> list[tuple[str, float]]:
    """The top ``k`` keywords of ``articles`` taken together as one text."""
    terms: Counter[str] = Counter()
    for article in articles:
        terms.update(article_terms(keyword_text(article.title, article.paragraphs)))
    return _tf_idf(db, path, terms, k)


def _tf_idf(
    db: sqlite_utils.Database, path: Path, terms: Counter[str], k: int
) -> list[tuple[str, float]]:
    # The most frequent candidates only: each costs one index count the
    # first time (then _FREQUENCIES has it until the index changes).
    candidates = dict(
        sorted(terms.items(), key=lambda item: (-item[1], -len(item[0])))[:KEYWORD_CANDIDATES]
    )
    n_docs = stored.count(db)
    df = _FREQUENCIES.get(
        _file_key(db, path),
        _index_stamp(db, path, n_docs),
        candidates,
        partial(search_engine.document_frequency, db),
    )
    return top_keywords(candidates, df, n_docs, k, min_occurrences=KEYWORD_MIN_OCCURRENCES)


def _file_key(db: sqlite_utils.Database, path: Path) -> str:
    """The archive's file, as the frequency cache knows it (one key per open in-memory db)."""
    if str(path) == ":memory:":
        return f":memory:{id(db)}"
    return os.path.realpath(path)


def _index_stamp(db: sqlite_utils.Database, path: Path, n_docs: int) -> tuple[object, ...]:
    """Changes whenever the search index does, read from FTS5's own table.

    Its structure record (rowid 10) changes on every write to the index.
    An archive deleted and built again at the same path (same inode,
    same write history) can have the same structure record, so the last
    block written, which holds terms and their articles, goes in too,
    with the article count and the file's identity.
    """
    data = "SELECT block FROM search_index_data WHERE id = ?"
    structure = db.execute(data, [10]).fetchone()
    last = db.execute(
        "SELECT block FROM search_index_data WHERE id > 10 ORDER BY id DESC LIMIT 1"
    ).fetchone()
    try:
        stat = os.stat(path)
        file_id: tuple[int, ...] = (stat.st_dev, stat.st_ino)
    except OSError:
        file_id = ()
    return (
        structure[0] if structure else None,
        hash(last[0]) if last else None,
        n_docs,
        file_id,
    )
