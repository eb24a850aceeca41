"""Import stage 1: find the changed files, prepare them in workers, store their rows.

Each file's rows go in whole or not at all (a file that fails to store is
left out of its batch's transaction), user state is carried over by article
identity, and every stored article is queued for the search index, which
``indexer`` builds afterwards. Files that vanished from a re-imported folder,
or that ``forget_paths`` is told about, lose their articles here too.
"""

from __future__ import annotations

import json
import os
import random
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlite_utils

from newsreader.models import ImportReport, ParsedPage
from newsreader.parse import ParseError, read_page_bytes
from newsreader.parse.dispatch import is_importable
from newsreader.store import indexer
from newsreader.store.entries import TEXT_COLUMNS_SQL, article_from_texts, index_entry
from newsreader.store.indexer import CharDelta, Progress
from newsreader.store.paths import path_text, real_path
from newsreader.store.prepare import PreparedFile, content_hash, prepare_file, prepare_page
from newsreader.store.schema import IMPORT_CACHE_KB, READ_CACHE_KB, utc_now, write_transaction
from newsreader.store.walk import walk_files
from newsreader.store.workers import worker_pool

# Document keys: (day number << DOC_DAY_SHIFT) | counter; see doc_day.
# 8,192 keys a day keep the rowid gaps between days small (2-byte varints in
# every doclist); a day that fills up spills into the next day's range.
DOC_DAY_SHIFT = 13
DOC_SPILL_DAYS = 100_000
_EPOCH = date(1800, 1, 1)
# Below this many changed files the process pool costs more than it saves.
PARALLEL_THRESHOLD = 24
# Files queued to the worker processes at once (bounds memory during big imports).
MAX_IN_FLIGHT = 256
# Files per transaction while storing.
BATCH_FILES = 64

# A changed file to store: its path, content hash, size and mtime.
Todo = tuple[str, str, int, float]


class ReportBuilder:
    """Mutable collector behind the frozen ``ImportReport``."""

    def __init__(self) -> None:
        self.added: list[str] = []
        self.updated: list[str] = []
        self.unchanged: list[str] = []
        self.removed: list[str] = []
        self.failed: list[tuple[str, str]] = []
        self.warnings: list[tuple[str, str]] = []
        self.articles_added = 0
        self.store_seconds = 0.0
        self.index_seconds = 0.0
        self.articles_removed = 0

    def build(self) -> ImportReport:
        return ImportReport(
            added=tuple(self.added),
            updated=tuple(self.updated),
            unchanged=tuple(self.unchanged),
            removed=tuple(self.removed),
            failed=tuple(self.failed),
            warnings=tuple(self.warnings),
            articles_added=self.articles_added,
            articles_removed=self.articles_removed,
            store_seconds=self.store_seconds,
            index_seconds=self.index_seconds,
        )


@dataclass
class _ImportRun:
    """One import under way: its report, the folders given, and progress to tell."""

    report: ReportBuilder
    roots: list[Path]
    total: int
    progress: Progress | None
    done: int = 0

    def advance(self, path: str) -> None:
        self.done += 1
        if self.progress:
            self.progress(self.done, self.total, path)


def walk(path: Path) -> Iterator[Path]:
    """Importable files under ``path`` in a stable order (sorted, depth first)."""
    return walk_files(path, is_importable)


def store_paths(
    db: sqlite_utils.Database,
    paths: Iterable[str | Path],
    report: ReportBuilder,
    *,
    progress: Progress | None = None,
    workers: int | None = None,
) -> None:
    """Stage 1 of ``Archive.import_paths``: store what changed, forget what vanished.

    Unchanged files (same content hash) are skipped; folders are remembered
    as roots. Sets ``report.store_seconds``; indexing is the caller's next step.
    """
    files: list[tuple[Path, Path | None]] = []
    roots: list[Path] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            root = path.resolve()
            roots.append(root)
            files.extend((f.resolve(), root) for f in walk(path))
        elif path.is_file():
            files.append((path.resolve(), None))
        elif path.exists():
            report.failed.append((path_text(path), "not a regular file"))
        else:
            report.failed.append((path_text(path), "no such file or folder"))

    known = {
        row["path"]: (row["hash"], row["size"], row["mtime"])
        for row in db.query("SELECT path, hash, size, mtime FROM sources")
    }
    todo: list[Todo] = []
    run = _ImportRun(report, roots, len(files), progress)
    for path, _root in files:
        key = path_text(path)  # the stored form (see store/paths.py)
        try:
            stat = path.stat()
            data = read_page_bytes(path)
        except ParseError as error:
            report.failed.append((key, error.reason))
            run.advance(key)
            continue
        except OSError as error:
            report.failed.append((key, f"unreadable ({error.strerror or error})"))
            run.advance(key)
            continue
        digest = content_hash(data)
        old = known.get(key)
        if old and old[0] == digest:
            report.unchanged.append(key)
            if old[2] != stat.st_mtime:
                with write_transaction(db):
                    db.execute("UPDATE sources SET mtime = ? WHERE path = ?", [stat.st_mtime, key])
            run.advance(key)
            continue
        todo.append((str(path), digest, len(data), stat.st_mtime))
        del data

    started = time.perf_counter()
    if todo:  # an unchanged re-import (or a live-folder no-op) writes nothing
        _store_changed(db, todo, workers, run)
    seen = {path_text(path) for path, _ in files}
    for root in roots:
        _remember_root(db, root)
        _remove_missing(db, root, seen, report)
    report.store_seconds = time.perf_counter() - started


def store_page(
    db: sqlite_utils.Database,
    report: ReportBuilder,
    source: str,
    page: ParsedPage,
    *,
    content_hash: str,
    size: int = 0,
    mtime: float = 0.0,
    kind: str = "feed",
) -> bool:
    """Store an already parsed page as one source; False if it was unchanged.

    The caller indexes what was stored (``Archive.store_page``).
    """
    old = db.execute("SELECT hash FROM sources WHERE path = ?", [source]).fetchone()
    if old and old[0] == content_hash:
        report.unchanged.append(source)
        return False
    prepared = PreparedFile(source, content_hash, size, mtime, page, prepare_page(source, page))
    _store_batch(db, [prepared], _ImportRun(report, [], 1, None))
    with write_transaction(db):
        db.execute("UPDATE sources SET kind = ? WHERE path = ?", [kind, source])
    return True


def forget_paths(db: sqlite_utils.Database, paths: Iterable[str | Path]) -> ImportReport:
    """Remove the articles of files that were deleted (live folders call this)."""
    report = ReportBuilder()
    for raw in paths:
        key = path_text(Path(raw).expanduser().resolve())
        row = db.execute("SELECT id FROM sources WHERE path = ?", [key]).fetchone()
        if row is not None:
            _remove_source(db, row[0], key, report)
    return report.build()


def roots(db: sqlite_utils.Database) -> list[str]:
    """Folders imported before (re-imported by `r` and watched by live folders)."""
    rows = db.execute("SELECT path FROM roots ORDER BY path")
    return [real_path(row[0]) for row in rows]


def doc_day(iso_date: str) -> int:
    """Day number for a document key: 1 for 1800-01-01 upward, 0 when undated.

    Undated articles get the lowest keys and so sort after every dated one.
    """
    try:
        return max(1, (date.fromisoformat(iso_date[:10]) - _EPOCH).days + 1) if iso_date else 0
    except ValueError:
        return 0


def _store_changed(
    db: sqlite_utils.Database, todo: list[Todo], workers: int | None, run: _ImportRun
) -> None:
    """Store the changed files (rows only: indexing follows) with a bigger page cache."""
    db.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KB}")
    try:
        batch: list[PreparedFile] = []
        for prepared in _prepare_all(todo, workers):
            batch.append(prepared)
            if len(batch) >= BATCH_FILES:
                _store_batch(db, batch, run)
                batch = []
        _store_batch(db, batch, run)
    finally:
        db.execute(f"PRAGMA cache_size = -{READ_CACHE_KB}")


def _prepare_all(todo: list[Todo], workers: int | None) -> Iterator[PreparedFile]:
    """Parse and tokenize in worker processes while this process writes.

    At most ``MAX_IN_FLIGHT`` files are queued at once, so memory stays
    bounded however large the import and however slow the writer.
    """
    if workers is None:
        workers = indexer.default_workers()
    if len(todo) < PARALLEL_THRESHOLD or workers <= 1:
        for item in todo:
            yield prepare_file(*item)
        return
    with worker_pool(workers) as pool:
        pending: deque[Future[PreparedFile]] = deque()
        for item in todo:
            pending.append(pool.submit(prepare_file, *item))
            if len(pending) >= MAX_IN_FLIGHT:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _store_batch(db: sqlite_utils.Database, batch: list[PreparedFile], run: _ImportRun) -> None:
    """Store files in one transaction; a file that fails to store is left out whole.

    No savepoints: FTS5 flushes its in-memory index at every savepoint (a
    re-imported file deletes its old index entries here), which would cost
    a segment per file. Instead, when one file fails, the transaction is
    rolled back and the batch is stored again without it. Files go in
    date order so that document keys grow as they are inserted (see
    ``_next_doc``), and the indexing stage then appends in key order.
    """
    report, given = run.report, run.roots
    for prepared in batch:
        if prepared.error or prepared.page is None:
            report.failed.append((prepared.path, prepared.error or "could not be read"))
    todo = sorted((p for p in batch if p.page is not None and not p.error), key=_first_day)
    known = [Path(r) for r in roots(db)]
    while todo:
        results: list[tuple[PreparedFile, bool, int, int]] = []
        delta = CharDelta()
        db.execute("BEGIN IMMEDIATE")
        current = todo[0]
        try:
            for prepared in todo:
                current = prepared
                root = _root_of(prepared.path, given) or _root_of(prepared.path, known)
                results.append((prepared, *_write_source(db, prepared, root, delta)))
            delta.apply(db)
        except Exception as error:
            db.execute("ROLLBACK")
            report.failed.append((current.path, f"could not be stored ({error})"))
            todo = [p for p in todo if p is not current]
            continue
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        for prepared, existed, added, removed in results:
            (report.updated if existed else report.added).append(prepared.path)
            assert prepared.page is not None
            report.warnings.extend((prepared.path, w) for w in prepared.page.warnings)
            report.articles_added += added
            report.articles_removed += removed
        break
    for prepared in batch:
        run.advance(prepared.path)


def _write_source(
    db: sqlite_utils.Database, prepared: PreparedFile, root: str, delta: CharDelta
) -> tuple[bool, int, int]:
    """Insert or replace one file's source row and articles: (existed, added, removed)."""
    page = prepared.page
    assert page is not None
    row = db.execute("SELECT id FROM sources WHERE path = ?", [prepared.path]).fetchone()
    removed = 0
    if row:
        source_id = row[0]
        removed = _delete_articles(db, "source_id = ?", [source_id], delta)
        db.execute(
            "UPDATE sources SET hash=?, size=?, mtime=?, encoding=?, edition_title=?, "
            "publication=?, date=?, page=?, front_matter=?, warnings=?, imported_at=?, "
            "root=? WHERE id=?",
            [*_source_values(prepared, page), root, source_id],
        )
    else:
        cursor = db.execute(
            "INSERT INTO sources (hash, size, mtime, encoding, edition_title, publication, "
            "date, page, front_matter, warnings, imported_at, root, path, kind) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [*_source_values(prepared, page), root, prepared.path, _kind_of(prepared)],
        )
        source_id = cursor.lastrowid
    _insert_articles(db, source_id, prepared)
    return bool(row), len(prepared.articles), removed


def _source_values(prepared: PreparedFile, page: ParsedPage) -> list[object]:
    return [
        prepared.content_hash,
        prepared.size,
        prepared.mtime,
        page.encoding,
        page.edition_title,
        page.publication,
        page.date,
        page.page,
        json.dumps(page.front_matter, ensure_ascii=False, default=str),
        json.dumps(list(page.warnings), ensure_ascii=False),
        utc_now(),
    ]


def _insert_articles(db: sqlite_utils.Database, source_id: int, prepared: PreparedFile) -> None:
    """Insert the file's articles with carried-over state, each queued for indexing."""
    conn = db.conn
    for item in reversed(prepared.articles):
        row = item.row
        row_doc = _next_doc(db, str(row["date"]))
        state = conn.execute(
            "SELECT read, starred FROM state WHERE identity = ?", [row["identity"]]
        ).fetchone()
        cursor = conn.execute(
            "INSERT INTO articles (doc, source_id, position, identity, title, level, section, "
            "page, publication, date, dateline, paragraphs, bylines, url, author, keywords, "
            "links, extra, reporter, chars, read, starred) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                row_doc,
                source_id,
                row["position"],
                row["identity"],
                row["title"],
                row["level"],
                row["section"],
                row["page"],
                row["publication"],
                row["date"],
                row["dateline"],
                row["paragraphs"],
                row["bylines"],
                row["url"],
                row["author"],
                row["keywords"],
                row["links"],
                row["extra"],
                row["reporter"],
                row["chars"],
                state[0] if state else 0,
                state[1] if state else 0,
            ],
        )
        article_id = cursor.lastrowid
        if item.bylines:
            conn.executemany(
                "INSERT INTO bylines (article_id, role, name) VALUES (?,?,?)",
                [(article_id, role, name) for role, name in item.bylines],
            )
        conn.execute(
            "INSERT INTO index_queue (doc, nonce) VALUES (?, ?)",
            [row_doc, random.getrandbits(62)],
        )


def _next_doc(db: sqlite_utils.Database, date: str) -> int:
    """The next document key of ``date``'s day: one above the highest used.

    FTS5 flushes its in-memory index whenever a rowid is not above the
    previous one, so keys must grow as they are inserted; a file's
    articles are inserted last to first, which makes newest-first
    iteration meet them in file order.
    """
    day = doc_day(date)
    for candidate in range(day, day + DOC_SPILL_DAYS):
        base = candidate << DOC_DAY_SHIFT
        top = base + (1 << DOC_DAY_SHIFT) - 1
        highest: int | None = db.execute(
            "SELECT max(doc) FROM articles WHERE doc BETWEEN ? AND ?", [base, top]
        ).fetchone()[0]
        if highest is None:
            return base
        if highest < top:
            return highest + 1
    raise RuntimeError(f"no free document key left near {date or 'undated'}")


def _delete_articles(
    db: sqlite_utils.Database, where: str, params: Sequence[object], delta: CharDelta
) -> int:
    """Delete articles with their index entries, or their queue rows if not yet indexed."""
    rows = db.execute(
        f"SELECT a.id, a.doc, q.doc IS NOT NULL, {TEXT_COLUMNS_SQL} FROM articles a "
        f"LEFT JOIN index_queue q ON q.doc = a.doc WHERE {where}",
        params,
    ).fetchall()
    if not rows:
        return 0
    conn = db.conn
    for _id, doc, queued, *texts in rows:
        if queued:
            conn.execute("DELETE FROM index_queue WHERE doc = ?", [doc])
            continue
        entry = index_entry(doc, 0, article_from_texts(*texts))
        indexer.index_rows(db, entry, delete=True)
        delta.subtract(entry.chars)
    ids = [row[0] for row in rows]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        conn.execute(f"DELETE FROM bylines WHERE article_id IN ({marks})", chunk)
        conn.execute(f"DELETE FROM articles WHERE id IN ({marks})", chunk)
    return len(rows)


def _remember_root(db: sqlite_utils.Database, root: Path) -> None:
    with write_transaction(db):
        db.execute(
            "INSERT OR IGNORE INTO roots (path, added_at) VALUES (?, ?)",
            [path_text(root), utc_now()],
        )


def _remove_missing(
    db: sqlite_utils.Database, root: Path, seen: set[str], report: ReportBuilder
) -> None:
    prefix = path_text(root) + os.sep
    rows = db.execute(
        "SELECT id, path FROM sources WHERE root = ? OR substr(path, 1, ?) = ?",
        [path_text(root), len(prefix), prefix],
    ).fetchall()
    for source_id, path in rows:
        if path not in seen:
            _remove_source(db, source_id, path, report)


def _remove_source(
    db: sqlite_utils.Database, source_id: int, path: str, report: ReportBuilder
) -> None:
    """Take a vanished file's source and articles out, in one transaction."""
    delta = CharDelta()
    with write_transaction(db):
        report.articles_removed += _delete_articles(db, "source_id = ?", [source_id], delta)
        db.execute("DELETE FROM sources WHERE id = ?", [source_id])
        delta.apply(db)
    report.removed.append(path)


def _first_day(prepared: PreparedFile) -> int:
    if not prepared.articles:
        return 0
    return min(doc_day(str(a.row["date"])) for a in prepared.articles)


def _root_of(path: str, roots: list[Path]) -> str:
    for root in roots:
        if path.startswith(path_text(root) + os.sep):
            return path_text(root)
    return ""


def _kind_of(prepared: PreparedFile) -> str:
    page = prepared.page
    return "feed" if page is not None and "feed" in page.front_matter else "page"
