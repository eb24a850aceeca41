"""Import stage 2: write the queued articles' tokens into the search index.

Stage 1 (``importer``) stores articles and queues their document keys;
this module drains the queue. Worker processes read queued articles on their
own connections and make the tokens (``entries``); this process writes them,
``INDEX_BATCH`` articles a transaction, in key order, so FTS5 appends
instead of merging. A bulk import then merges each index to one segment in
small steps (``optimize_index``).

The one-character counts (``char_df``) change with every index write or
delete, in both stages: ``CharDelta`` collects one transaction's changes and
writes them before it commits, so a rolled-back transaction leaves none.
"""

from __future__ import annotations

import itertools
import os
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from pathlib import Path

import sqlite_utils

from newsreader.index.tokens import COLUMNS as INDEX_COLUMNS
from newsreader.store.entries import (
    IndexChunk,
    IndexEntry,
    queued_entries,
    queued_entries_in_worker,
)
from newsreader.store.schema import IMPORT_CACHE_KB, READ_CACHE_KB, write_transaction
from newsreader.store.workers import worker_pool

FTS_TABLES = ("search_index", "title_index")
# Indexing at least this many articles merges the index once, at the end.
BULK_ARTICLES = 1_500
AUTOMERGE = 8
# Articles indexed per transaction: FTS5 writes one segment per transaction
# and its flush costs less an article the more articles share it (2,000:
# 0.37 ms, 4,000: ~0.2 ms, 8,000: 0.12 ms). 4,000 holds the write lock for
# ~6 s, well inside other writers' 10 s busy timeout; an interrupted import
# re-indexes at most one batch.
INDEX_BATCH = 4_000
# Leaf pages (~4 KB) one step of the final merge writes: ~0.3 s a step, so the
# write lock is released often and the WAL stays small (one 'optimize' held
# the lock for the whole merge: 18 s at 100k, and grew the WAL to ~10 GB at 1M).
MERGE_STEP_PAGES = 2_000
# Articles handed to an indexing worker at once, and how many such chunks
# may be queued (bounds the memory the token texts take).
INDEX_CHUNK = 128
INDEX_IN_FLIGHT = 16
# Label of the indexing stage in ``import_paths``'s progress calls.
INDEXING = "search index"

_INDEX_COLUMNS = ", ".join(INDEX_COLUMNS)

Progress = Callable[[int, int, str], object]


class CharDelta(Counter[str]):
    """One write transaction's changes to the character counts (``char_df``).

    Kept in memory and written once, just before the commit, as one upsert
    per character: per article it would be ~500 upserts. A transaction that
    rolls back drops its delta with it.
    """

    def apply(self, db: sqlite_utils.Database) -> None:
        """Write the pending changes, inside the caller's open transaction."""
        changes = [(ch, n) for ch, n in self.items() if n]
        self.clear()
        if changes:
            db.conn.executemany(
                "INSERT INTO char_df (ch, df) VALUES (?, ?) "
                "ON CONFLICT(ch) DO UPDATE SET df = df + excluded.df",
                changes,
            )
            db.execute("DELETE FROM char_df WHERE df <= 0")


def default_workers() -> int:
    """Worker processes for either stage: the cores, at most four."""
    return max(1, min(4, (os.cpu_count() or 1)))


def pending_index(db: sqlite_utils.Database) -> int:
    """How many stored articles the search index has not caught up with."""
    count: int = db.execute("SELECT count(*) FROM index_queue").fetchone()[0]
    return count


def index_pending(
    db: sqlite_utils.Database,
    path: Path,
    workers: int | None = None,
    progress: Progress | None = None,
) -> int:
    """Index every queued article of the archive at ``path``; returns how many.

    Workers open ``path`` themselves, so an in-memory archive indexes here.
    """
    docs = [row[0] for row in db.execute("SELECT doc FROM index_queue ORDER BY doc")]
    if not docs:
        return 0
    bulk = len(docs) >= BULK_ARTICLES
    db.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KB}")
    # A bulk import skips FTS5's incremental merging and merges once at the
    # end: less work overall, and one segment that searches faster.
    if bulk:
        set_automerge(db, 0)
    indexed = 0
    try:
        chunks = queued_chunks(db, path, docs, workers)
        if progress:  # per chunk: a batch of INDEX_BATCH took seconds between calls
            progress(0, len(docs), INDEXING)
            chunks = _told_per_chunk(chunks, len(docs), progress)
        while (batch := write_index(db, chunks)) is not None:
            indexed += batch
        if bulk:
            optimize_index(db)
    finally:
        if bulk:
            set_automerge(db, AUTOMERGE)
        db.execute(f"PRAGMA cache_size = -{READ_CACHE_KB}")
    return indexed


def queued_chunks(
    db: sqlite_utils.Database, path: Path, docs: list[int], workers: int | None
) -> Iterator[IndexChunk]:
    """Index entries for ``docs`` in key order, chunk by chunk (worker processes if many)."""
    chunks = [docs[i : i + INDEX_CHUNK] for i in range(0, len(docs), INDEX_CHUNK)]
    if workers is None:
        workers = default_workers()
    if len(docs) < BULK_ARTICLES or workers <= 1:
        for chunk in chunks:
            yield queued_entries(db, chunk)
        return
    with worker_pool(workers) as pool:
        pending: deque[Future[IndexChunk]] = deque()
        for chunk in chunks:
            pending.append(pool.submit(queued_entries_in_worker, str(path), chunk))
            if len(pending) >= INDEX_IN_FLIGHT:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def write_index(db: sqlite_utils.Database, chunks: Iterator[IndexChunk]) -> int | None:
    """Write the next ``INDEX_BATCH`` articles of ``chunks`` in one transaction.

    Chunks are written as they arrive from the workers, not gathered
    first: gathering a whole batch left this process waiting for the
    workers after every commit (they keep only ``INDEX_IN_FLIGHT`` chunks
    ready), ~10% of the import at 100k articles. Only entries whose queue
    row is still the one they were made from are written. Returns how
    many were written, or None when ``chunks`` had nothing left.
    """
    first = next(chunks, None)
    if first is None:
        return None
    conn = db.conn
    delta = CharDelta()
    written = size = 0
    with write_transaction(db):
        for chunk in itertools.chain([first], chunks):
            delta.update(chunk.chars)
            for entry in chunk.entries:
                taken = conn.execute(
                    "DELETE FROM index_queue WHERE doc = ? AND nonce = ?",
                    [entry.doc, entry.nonce],
                ).rowcount
                if not taken:  # deleted or replaced since it was read
                    delta.subtract(entry.chars)
                    continue
                index_rows(db, entry)
                written += 1
            size += len(chunk.entries)
            if size >= INDEX_BATCH:
                break
        delta.apply(db)
    return written


def index_rows(db: sqlite_utils.Database, entry: IndexEntry, *, delete: bool = False) -> None:
    """Insert one article's index rows, or with ``delete`` take them out.

    A contentless FTS5 table keeps no text, so a delete must hand it the
    very tokens that were inserted (its 'delete' command).
    """
    tables = (
        ("search_index", _INDEX_COLUMNS, entry.columns),
        ("title_index", "title", (entry.columns[1],)),
    )
    for table, columns, values in tables:
        if table != "search_index" and not any(values):
            continue
        marks = ",".join("?" * len(values))
        if delete:
            sql = f"INSERT INTO {table} ({table}, rowid, {columns}) VALUES ('delete', ?, "
        else:
            sql = f"INSERT INTO {table} (rowid, {columns}) VALUES (?, "
        sql += f"{marks})"
        db.conn.execute(sql, [entry.doc, *values])


def set_automerge(db: sqlite_utils.Database, value: int) -> None:
    """FTS5 keeps this setting in the database, so it is restored even after a crash."""
    with write_transaction(db):
        for table in FTS_TABLES:
            db.execute(f"INSERT INTO {table}({table}, rank) VALUES('automerge', ?)", [value])


def optimize_index(db: sqlite_utils.Database) -> None:
    """Merge every segment of the search indexes into one (after a bulk import).

    FTS5's 'merge' with a negative page count is 'optimize' done in steps:
    each step is its own transaction, so readers see a valid index all
    along, other writers get the lock between steps, and a checkpoint can
    reset the WAL. Same total work as one 'optimize' (measured).
    """
    for table in FTS_TABLES:
        while merge_step(db, table):
            pass


def merge_step(db: sqlite_utils.Database, table: str) -> bool:
    """One step of merging ``table`` towards one segment; False once there is nothing to do."""
    with write_transaction(db):
        before = db.conn.total_changes
        db.execute(f"INSERT INTO {table}({table}, rank) VALUES('merge', ?)", [-MERGE_STEP_PAGES])
        # FTS5's documented test for "no work done": fewer than two changes.
        return db.conn.total_changes - before >= 2


def _told_per_chunk(
    chunks: Iterator[IndexChunk], total: int, progress: Progress
) -> Iterator[IndexChunk]:
    """``chunks``, telling ``progress`` how many articles were handed on before each next one."""
    done = 0
    for chunk in chunks:
        yield chunk
        done += len(chunk.entries)
        progress(min(done, total), total, INDEXING)
