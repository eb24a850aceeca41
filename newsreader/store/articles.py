"""Reading stored articles, the user's marks on them, settings and stats.

Marks (read, starred) are kept by article identity in ``state`` and copied
onto the article rows, so they survive a re-import of the article's file
(``importer`` copies them back) and lists can filter on them without a join.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import sqlite_utils

from newsreader.models import Article, ArticleRow, Byline
from newsreader.store.schema import utc_now, write_transaction

_ARTICLE_COLUMNS = (
    "id, source_id, position, identity, title, level, section, page, publication, date, "
    "dateline, paragraphs, bylines, url, author, keywords, links, read, starred"
)
_ROW_COLUMNS = "id, title, date, section, page, publication, reporter, read, starred"


def count(db: sqlite_utils.Database) -> int:
    articles: int = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    return articles


def articles(db: sqlite_utils.Database) -> Iterator[Article]:
    """Every article in archive order (by source, then position in the file)."""
    for row in db.query(f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY source_id, position"):
        yield _article_from_row(db, row)


def article(db: sqlite_utils.Database, article_id: int) -> Article | None:
    row = next(
        db.query(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", [article_id]),
        None,
    )
    return _article_from_row(db, row) if row else None


def _article_from_row(db: sqlite_utils.Database, row: dict[str, Any]) -> Article:
    return Article(
        id=row["id"],
        source=_source_path(db, row["source_id"]),
        position=row["position"],
        title=row["title"] or "",
        level=row["level"] or 0,
        section=row["section"] or "",
        page=row["page"] or "",
        publication=row["publication"] or "",
        date=row["date"] or "",
        dateline=row["dateline"] or "",
        paragraphs=tuple(json.loads(row["paragraphs"] or "[]")),
        bylines=tuple(Byline(r, n) for r, n in json.loads(row["bylines"] or "[]")),
        url=row["url"] or "",
        identity=row["identity"] or "",
        author=row["author"] or "",
        keywords=tuple(json.loads(row["keywords"] or "[]")),
        links=tuple(json.loads(row["links"] or "[]")),
        read=bool(row["read"]),
        starred=bool(row["starred"]),
    )


def _source_path(db: sqlite_utils.Database, source_id: int) -> str:
    row = db.execute("SELECT path FROM sources WHERE id = ?", [source_id]).fetchone()
    return row[0] if row else ""


def source_path(db: sqlite_utils.Database, article_id: int) -> str:
    row = db.execute(
        "SELECT s.path FROM articles a JOIN sources s ON s.id = a.source_id WHERE a.id = ?",
        [article_id],
    ).fetchone()
    return row[0] if row else ""


def article_at(db: sqlite_utils.Database, path: str, position: int) -> int | None:
    """The id of the article at ``position`` in the file ``path`` (ids change on re-import)."""
    row = db.execute(
        "SELECT a.id FROM articles a JOIN sources s ON s.id = a.source_id "
        "WHERE s.path = ? AND a.position = ?",
        [path, position],
    ).fetchone()
    return row[0] if row else None


def rows(db: sqlite_utils.Database, ids: Sequence[int]) -> list[ArticleRow]:
    """List rows for ``ids``, in the same order (ids that vanished are skipped)."""
    found: dict[int, ArticleRow] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        for row in db.execute(f"SELECT {_ROW_COLUMNS} FROM articles WHERE id IN ({marks})", chunk):
            found[row[0]] = ArticleRow(
                id=row[0],
                title=row[1] or "",
                date=row[2] or "",
                section=row[3] or "",
                page=row[4] or "",
                publication=row[5] or "",
                reporter=row[6] or "",
                read=bool(row[7]),
                starred=bool(row[8]),
            )
    return [found[i] for i in ids if i in found]


def set_state(db: sqlite_utils.Database, article_id: int, column: str, value: bool) -> None:
    """Mark an article read or starred, by identity: the mark outlives re-imports."""
    assert column in ("read", "starred")
    row = db.execute("SELECT identity FROM articles WHERE id = ?", [article_id]).fetchone()
    if row is None:
        return
    identity = row[0]
    with write_transaction(db):
        db.execute(
            "INSERT INTO state (identity, read, starred) VALUES (?, 0, 0) "
            "ON CONFLICT(identity) DO NOTHING",
            [identity],
        )
        db.execute(
            f"UPDATE state SET {column} = ?, {column}_at = ? WHERE identity = ?",
            [int(value), utc_now(), identity],
        )
        db.execute(f"UPDATE articles SET {column} = ? WHERE identity = ?", [int(value), identity])


def get_setting(db: sqlite_utils.Database, key: str, default: Any = None) -> Any:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return json.loads(row[0]) if row else default


def set_setting(db: sqlite_utils.Database, key: str, value: Any) -> None:
    with write_transaction(db):
        db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, json.dumps(value, ensure_ascii=False)],
        )


def stats(db: sqlite_utils.Database, path: Path) -> dict[str, Any]:
    """Counts and sizes for `newsreader stats` and the benchmarks."""
    one = db.execute
    text_chars = one("SELECT coalesce(sum(chars), 0) FROM articles").fetchone()[0]
    page_size = one("PRAGMA page_size").fetchone()[0]
    index_pages = 0
    try:
        index_pages = one(
            "SELECT count(*) FROM dbstat WHERE name LIKE 'search_index%' "
            "OR name LIKE 'title_index%'"
        ).fetchone()[0]
    except Exception:  # dbstat is a compile-time option
        index_pages = 0
    text_bytes = one(
        "SELECT coalesce(sum(length(CAST(title AS BLOB)) + length(CAST(paragraphs AS BLOB))),"
        " 0) FROM articles"
    ).fetchone()[0]
    return {
        "path": str(path),
        "articles": count(db),
        "sources": one("SELECT count(*) FROM sources").fetchone()[0],
        "unread": count(db) - one("SELECT count(*) FROM articles WHERE read = 1").fetchone()[0],
        "starred": one("SELECT count(*) FROM articles WHERE starred = 1").fetchone()[0],
        "editions": one(
            "SELECT count(*) FROM (SELECT DISTINCT publication, date FROM articles)"
        ).fetchone()[0],
        "text_chars": text_chars,
        "text_bytes": text_bytes,
        "index_bytes": index_pages * page_size,
        "db_bytes": path.stat().st_size if path.exists() else 0,
        "first_date": one("SELECT min(date) FROM articles WHERE date != ''").fetchone()[0],
        "last_date": one("SELECT max(date) FROM articles").fetchone()[0],
    }
