"""Next unread and mark-all-read over a list of article ids (newsboat's `n` and `A`).

The reader's list holds every id of the current list in order; these walk or
mark that list in chunks, so a 100k-article list costs a few indexed reads
and one write transaction, not one call per article.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlite_utils

from newsreader.store.schema import utc_now, write_transaction

__all__ = ["CHUNK", "mark_all_read", "next_unread", "unread_among"]

#: Ids per query: under SQLite's bound-parameter limit.
CHUNK = 500


def unread_among(db: sqlite_utils.Database, ids: Sequence[int]) -> set[int]:
    """The ids of ``ids`` not read yet."""
    unread: set[int] = set()
    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start : start + CHUNK])
        marks = ",".join("?" * len(chunk))
        rows = db.execute(f"SELECT id FROM articles WHERE read = 0 AND id IN ({marks})", chunk)
        unread.update(row[0] for row in rows)
    return unread


def next_unread(
    db: sqlite_utils.Database, ids: Sequence[int], current: int, step: int = 1
) -> int | None:
    """The index of the first unread article after (``step`` 1) or before (-1)
    index ``current`` in ``ids``; None when there is none that way."""
    if step > 0:
        for start in range(current + 1, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            unread = unread_among(db, chunk)
            for offset, article_id in enumerate(chunk):
                if article_id in unread:
                    return start + offset
        return None
    end = min(current, len(ids))
    while end > 0:
        start = max(0, end - CHUNK)
        chunk = ids[start:end]
        unread = unread_among(db, chunk)
        for offset in range(len(chunk) - 1, -1, -1):
            if chunk[offset] in unread:
                return start + offset
        end = start
    return None


def mark_all_read(db: sqlite_utils.Database, ids: Sequence[int]) -> int:
    """Mark every article of ``ids`` read, in one transaction; how many were unread.

    Marks go by identity (as ``set_state`` does) so they outlive re-imports.
    """
    unread = sorted(unread_among(db, ids))
    now = utc_now()
    with write_transaction(db):
        for start in range(0, len(unread), CHUNK):
            chunk = unread[start : start + CHUNK]
            marks = ",".join("?" * len(chunk))
            identities = [
                row[0]
                for row in db.execute(f"SELECT identity FROM articles WHERE id IN ({marks})", chunk)
            ]
            db.conn.executemany(
                "INSERT INTO state (identity, read, starred) VALUES (?, 0, 0) "
                "ON CONFLICT(identity) DO NOTHING",
                [[identity] for identity in identities],
            )
            db.conn.executemany(
                "UPDATE state SET read = 1, read_at = ? WHERE identity = ?",
                [[now, identity] for identity in identities],
            )
            db.conn.executemany(
                "UPDATE articles SET read = 1 WHERE identity = ?",
                [[identity] for identity in identities],
            )
    return len(unread)
