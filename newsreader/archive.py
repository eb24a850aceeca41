"""The Archive: the one public entry point to storage, import and search.

The CLI, the UI, tests and outside scripts all go through this class, so the
rules that keep data safe live in one place: each file is imported inside its
own savepoint (an interrupted import leaves every file wholly old or wholly
new), user state is keyed by article identity (it survives re-imports), and
queries reach SQL only as bound parameters.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import threading
import time
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any

import sqlite_utils

from newsreader.index.tokens import COLUMNS as INDEX_COLUMNS
from newsreader.models import (
    Article,
    ArticleRow,
    Byline,
    Hit,
    ImportReport,
    MatchSpan,
    ParsedPage,
    SearchResult,
    SectionKey,
    SectionNode,
)
from newsreader.parse import ParseError, read_page_bytes
from newsreader.parse.dispatch import is_importable
from newsreader.search import compile as search_compile
from newsreader.search import hits as search_hits
from newsreader.search import run as search_engine
from newsreader.search import sections as search_sections
from newsreader.search.keywords import (
    DocumentFrequencies,
    article_terms,
    keyword_text,
    top_keywords,
)
from newsreader.store.entries import (
    TEXT_COLUMNS_SQL,
    IndexChunk,
    IndexEntry,
    article_from_texts,
    index_entry,
    queued_entries,
    queued_entries_in_worker,
)
from newsreader.store.prepare import PreparedFile, content_hash, prepare_file, prepare_page
from newsreader.store.schema import (
    IMPORT_CACHE_KB,
    READ_CACHE_KB,
    ArchiveError,
    connect,
    migrate,
    write_transaction,
)
from newsreader.store.side import SideConnection

__all__ = ["Archive", "ArchiveError"]

# Document keys: (day number << DOC_DAY_SHIFT) | counter; see doc_day.
# 8,192 keys a day keep the rowid gaps between days small (2-byte varints in
# every doclist); a day that fills up spills into the next day's range.
DOC_DAY_SHIFT = 13
DOC_SPILL_DAYS = 100_000
_EPOCH = date(1800, 1, 1)
# Below this many changed files the process pool costs more than it saves.
PARALLEL_THRESHOLD = 24
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
# Candidate words whose document frequency is looked up for an article's keywords.
KEYWORD_CANDIDATES = 120
# Words' document frequencies, counted once until the index changes (keywords).
_FREQUENCIES = DocumentFrequencies()
# Files queued to the worker processes at once (bounds memory during big imports).
MAX_IN_FLIGHT = 256
# Files per transaction while storing.
BATCH_FILES = 64

_ARTICLE_COLUMNS = (
    "id, source_id, position, identity, title, level, section, page, publication, date, "
    "dateline, paragraphs, bylines, url, author, keywords, links, read, starred"
)
_INDEX_COLUMNS = ", ".join(INDEX_COLUMNS)
_ROW_COLUMNS = "id, title, date, section, page, publication, reporter, read, starred"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _walk(path: Path) -> Iterator[Path]:
    """Importable files under ``path`` in a stable order (sorted, depth first)."""
    for dirpath, dirnames, filenames in os.walk(path):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            candidate = Path(dirpath, name)
            if is_importable(candidate):
                yield candidate


class Archive:
    """An archive of articles in one SQLite file."""

    def __init__(self, db: sqlite_utils.Database, path: Path, *, read_only: bool = False) -> None:
        self.db = db
        self.path = path
        self.read_only = read_only
        # Character document-frequency changes of the open write (see char_df).
        self._char_delta: Counter[str] = Counter()
        # Counts a search's total in parallel with its page (see side.py).
        self._side: SideConnection | None = None
        # interrupt() comes from another thread: it must never reach a
        # connection that is closing or closed (SQLite forbids the first,
        # Python raises for the second).
        self._closing = threading.Lock()
        self._closed = False
        self._recent = _RecentTotals()

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False) -> Archive:
        """Open (creating if missing) the archive at ``path``.

        Raises ``ArchiveError`` with a one-line message for a file that is not
        SQLite, is damaged, or was written by a newer newsreader.
        """
        path = Path(path).expanduser()
        if path.is_dir():
            raise ArchiveError(
                f"{path}: is a folder; give the archive's file (e.g. {path}/news.db)"
            )
        if read_only and not path.exists():
            raise ArchiveError(f"{path}: no such archive")
        if not read_only and str(path) != ":memory:" and not is_writable(path):
            raise ArchiveError(f"{path}: the archive is read-only (no permission to write it)")
        db = connect(path, read_only=read_only)
        try:
            if read_only:
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if version == 0:
                    raise ArchiveError(f"{path}: not a newsreader archive")
                from newsreader.store.schema import SCHEMA_VERSION

                if version > SCHEMA_VERSION:
                    raise ArchiveError(f"{path}: archive schema v{version} is newer than this")
                if version < SCHEMA_VERSION:
                    # Searching an older index with this version's queries would
                    # quietly give wrong results; upgrading needs to write.
                    raise ArchiveError(
                        f"{path}: archive schema v{version} is older than this newsreader "
                        f"(v{SCHEMA_VERSION}) and cannot be upgraded read-only; open it once "
                        "where it can be written"
                    )
            else:
                migrate(db)
        except ArchiveError:
            db.close()
            raise
        except Exception as error:
            db.close()
            raise ArchiveError(f"{path}: not a usable newsreader archive ({error})") from None
        return cls(db, path, read_only=read_only)

    def interrupt(self) -> None:
        """Abort the queries running on this archive's connections (from another thread).

        The interrupted call raises ``sqlite3.OperationalError``; the caller
        that asks for this has stopped waiting for it. A closed archive has
        nothing running: nothing happens (a worker cancelled just as its
        call finished and closed it).
        """
        with self._closing:
            if self._closed:
                return
            self.db.conn.interrupt()
            if self._side is not None:
                self._side.interrupt()

    def close(self) -> None:
        with self._closing:
            self._closed = True
        if self._side is not None:
            self._side.close()
            self._side = None
        self.db.close()

    def _side_connection(self) -> SideConnection | None:
        """The helper-thread connection for counting, opened on first use (files only)."""
        if self._side is None and str(self.path) != ":memory:":
            self._side = SideConnection(partial(connect, self.path, read_only=self.read_only))
        return self._side

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ import
    def import_paths(
        self,
        paths: Iterable[str | Path],
        *,
        progress: Any = None,
        workers: int | None = None,
    ) -> ImportReport:
        """Import files and folders; unchanged files are skipped by content hash.

        ``progress``, if given, is called as ``progress(done, total, path)``
        after each file. Folders are remembered, and files that disappeared
        from a re-imported folder lose their articles.
        """
        report = _ReportBuilder()
        files: list[tuple[Path, Path | None]] = []
        roots: list[Path] = []
        for raw in paths:
            path = Path(raw).expanduser()
            if path.is_dir():
                root = path.resolve()
                roots.append(root)
                files.extend((f.resolve(), root) for f in _walk(path))
            elif path.is_file():
                files.append((path.resolve(), None))
            elif path.exists():
                report.failed.append((str(path), "not a regular file"))
            else:
                report.failed.append((str(path), "no such file or folder"))

        known = {
            row["path"]: (row["hash"], row["size"], row["mtime"])
            for row in self.db.query("SELECT path, hash, size, mtime FROM sources")
        }
        todo: list[tuple[str, str, int, float]] = []
        run = _ImportRun(report, roots, len(files), progress)
        for path, _root in files:
            key = str(path)
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
                    with write_transaction(self.db):
                        self.db.execute(
                            "UPDATE sources SET mtime = ? WHERE path = ?", [stat.st_mtime, key]
                        )
                run.advance(key)
                continue
            todo.append((key, digest, len(data), stat.st_mtime))
            del data

        started = time.perf_counter()
        if todo:  # an unchanged re-import (or a live-folder no-op) writes nothing
            self._store_changed(todo, workers, run)
        seen = {str(path) for path, _ in files}
        for root in roots:
            self._remember_root(root)
            self._remove_missing(root, seen, report)
        report.store_seconds = time.perf_counter() - started
        # Also finishes what an interrupted import left queued.
        started = time.perf_counter()
        self.index_pending(workers, progress)
        report.index_seconds = time.perf_counter() - started
        return report.build()

    def _store_changed(
        self, todo: list[tuple[str, str, int, float]], workers: int | None, run: _ImportRun
    ) -> None:
        """Store the changed files (rows only: indexing follows) with a bigger page cache."""
        self.db.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KB}")
        try:
            self._store_all(todo, workers, run)
        finally:
            self.db.execute(f"PRAGMA cache_size = -{READ_CACHE_KB}")

    def pending_index(self) -> int:
        """How many stored articles the search index has not caught up with."""
        return self.db.execute("SELECT count(*) FROM index_queue").fetchone()[0]

    def index_pending(self, workers: int | None = None, progress: Any = None) -> int:
        """Index every queued article (see ``indexing``); returns how many were indexed.

        Workers read the queued articles on their own connections and make
        the tokens; this process writes them, ``INDEX_BATCH`` articles a
        transaction, in key order (FTS5 then appends instead of merging).
        """
        if self.read_only:
            return 0
        docs = [row[0] for row in self.db.execute("SELECT doc FROM index_queue ORDER BY doc")]
        if not docs:
            return 0
        bulk = len(docs) >= BULK_ARTICLES
        self.db.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KB}")
        # A bulk import skips FTS5's incremental merging and merges once at the
        # end: less work overall, and one segment that searches faster.
        if bulk:
            self._set_automerge(0)
        indexed = 0
        try:
            chunks = self._queued_entries(docs, workers)
            while (batch := self._write_index(chunks)) is not None:
                indexed += batch
                if progress:
                    progress(indexed, len(docs), INDEXING)
            if bulk:
                self._optimize_index()
        finally:
            if bulk:
                self._set_automerge(AUTOMERGE)
            self.db.execute(f"PRAGMA cache_size = -{READ_CACHE_KB}")
        return indexed

    def _queued_entries(self, docs: list[int], workers: int | None) -> Iterator[IndexChunk]:
        """Index entries for ``docs`` in key order, chunk by chunk (worker processes if many)."""
        chunks = [docs[i : i + INDEX_CHUNK] for i in range(0, len(docs), INDEX_CHUNK)]
        if workers is None:
            workers = max(1, min(4, (os.cpu_count() or 1)))
        if len(docs) < BULK_ARTICLES or workers <= 1:
            for chunk in chunks:
                yield queued_entries(self.db, chunk)
            return
        with ProcessPoolExecutor(max_workers=workers) as pool:
            pending: deque[Future[IndexChunk]] = deque()
            for chunk in chunks:
                pending.append(pool.submit(queued_entries_in_worker, str(self.path), chunk))
                if len(pending) >= INDEX_IN_FLIGHT:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()

    def _write_index(self, chunks: Iterator[IndexChunk]) -> int | None:
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
        conn = self.db.conn
        written = size = 0
        try:
            with write_transaction(self.db):
                for chunk in itertools.chain([first], chunks):
                    self._char_delta.update(chunk.chars)
                    for entry in chunk.entries:
                        taken = conn.execute(
                            "DELETE FROM index_queue WHERE doc = ? AND nonce = ?",
                            [entry.doc, entry.nonce],
                        ).rowcount
                        if not taken:  # deleted or replaced since it was read
                            self._char_delta.subtract(entry.chars)
                            continue
                        self._index_rows(entry)
                        written += 1
                    size += len(chunk.entries)
                    if size >= INDEX_BATCH:
                        break
                self._apply_char_delta()
        except BaseException:
            self._char_delta.clear()  # rolled back: none of it happened
            raise
        return written

    def _index_rows(self, entry: IndexEntry, *, delete: bool = False) -> None:
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
            self.db.conn.execute(sql, [entry.doc, *values])

    def _set_automerge(self, value: int) -> None:
        """FTS5 keeps this setting in the database, so it is restored even after a crash."""
        with write_transaction(self.db):
            for table in FTS_TABLES:
                self.db.execute(
                    f"INSERT INTO {table}({table}, rank) VALUES('automerge', ?)", [value]
                )

    def _optimize_index(self) -> None:
        """Merge every segment of the search indexes into one (after a bulk import).

        FTS5's 'merge' with a negative page count is 'optimize' done in steps:
        each step is its own transaction, so readers see a valid index all
        along, other writers get the lock between steps, and a checkpoint can
        reset the WAL. Same total work as one 'optimize' (measured).
        """
        for table in FTS_TABLES:
            while self._merge_step(table):
                pass

    def _merge_step(self, table: str) -> bool:
        """One step of merging ``table`` towards one segment; False once there is nothing to do."""
        with write_transaction(self.db):
            before = self.db.conn.total_changes
            self.db.execute(
                f"INSERT INTO {table}({table}, rank) VALUES('merge', ?)", [-MERGE_STEP_PAGES]
            )
            # FTS5's documented test for "no work done": fewer than two changes.
            return self.db.conn.total_changes - before >= 2

    def _store_all(
        self, todo: list[tuple[str, str, int, float]], workers: int | None, run: _ImportRun
    ) -> None:
        batch: list[PreparedFile] = []
        for prepared in self._prepare_all(todo, workers):
            batch.append(prepared)
            if len(batch) >= BATCH_FILES:
                self._store_batch(batch, run)
                batch = []
        self._store_batch(batch, run)

    def _prepare_all(
        self, todo: list[tuple[str, str, int, float]], workers: int | None
    ) -> Iterator[PreparedFile]:
        """Parse and tokenize in worker processes while this process writes.

        At most ``MAX_IN_FLIGHT`` files are queued at once, so memory stays
        bounded however large the import and however slow the writer.
        """
        if workers is None:
            workers = max(1, min(4, (os.cpu_count() or 1)))
        if len(todo) < PARALLEL_THRESHOLD or workers <= 1:
            for item in todo:
                yield prepare_file(*item)
            return
        with ProcessPoolExecutor(max_workers=workers) as pool:
            pending: deque[Future[PreparedFile]] = deque()
            items = iter(todo)
            for item in items:
                pending.append(pool.submit(prepare_file, *item))
                if len(pending) >= MAX_IN_FLIGHT:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()

    def _store_batch(self, batch: list[PreparedFile], run: _ImportRun) -> None:
        """Store files in one transaction; a file that fails to store is left out whole.

        No savepoints: FTS5 flushes its in-memory index at every savepoint (a
        re-imported file deletes its old index entries here), which would cost
        a segment per file. Instead, when one file fails, the transaction is
        rolled back and the batch is stored again without it. Files go in
        date order so that document keys grow as they are inserted (see
        ``_next_doc``), and the indexing stage then appends in key order.
        """
        report, roots = run.report, run.roots
        for prepared in batch:
            if prepared.error or prepared.page is None:
                report.failed.append((prepared.path, prepared.error or "could not be read"))
        todo = sorted((p for p in batch if p.page is not None and not p.error), key=_first_day)
        known = [Path(r) for r in self.roots()]
        while todo:
            results: list[tuple[PreparedFile, bool, int, int]] = []
            self.db.execute("BEGIN IMMEDIATE")
            current = todo[0]
            try:
                for prepared in todo:
                    current = prepared
                    root = _root_of(prepared.path, roots) or _root_of(prepared.path, known)
                    results.append((prepared, *self._write_source(prepared, root)))
                self._apply_char_delta()
            except Exception as error:
                self.db.execute("ROLLBACK")
                self._char_delta.clear()
                report.failed.append((current.path, f"could not be stored ({error})"))
                todo = [p for p in todo if p is not current]
                continue
            except BaseException:
                self.db.execute("ROLLBACK")
                self._char_delta.clear()
                raise
            self.db.execute("COMMIT")
            for prepared, existed, added, removed in results:
                (report.updated if existed else report.added).append(prepared.path)
                assert prepared.page is not None
                report.warnings.extend((prepared.path, w) for w in prepared.page.warnings)
                report.articles_added += added
                report.articles_removed += removed
            break
        for prepared in batch:
            run.advance(prepared.path)

    def _write_source(self, prepared: PreparedFile, root: str) -> tuple[bool, int, int]:
        page = prepared.page
        assert page is not None
        row = self.db.execute("SELECT id FROM sources WHERE path = ?", [prepared.path]).fetchone()
        removed = 0
        if row:
            source_id = row[0]
            removed = self._delete_articles("source_id = ?", [source_id])
            self.db.execute(
                "UPDATE sources SET hash=?, size=?, mtime=?, encoding=?, edition_title=?, "
                "publication=?, date=?, page=?, front_matter=?, warnings=?, imported_at=?, "
                "root=? WHERE id=?",
                [*self._source_values(prepared, page), root, source_id],
            )
        else:
            cursor = self.db.execute(
                "INSERT INTO sources (hash, size, mtime, encoding, edition_title, publication, "
                "date, page, front_matter, warnings, imported_at, root, path, kind) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    *self._source_values(prepared, page),
                    root,
                    prepared.path,
                    _kind_of(prepared),
                ],
            )
            source_id = cursor.lastrowid
        self._insert_articles(source_id, prepared)
        return bool(row), len(prepared.articles), removed

    @staticmethod
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
            _now(),
        ]

    def _insert_articles(self, source_id: int, prepared: PreparedFile) -> None:
        conn = self.db.conn
        for item in reversed(prepared.articles):
            row = item.row
            row_doc = self._next_doc(str(row["date"]))
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

    def _next_doc(self, date: str) -> int:
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
            highest = self.db.execute(
                "SELECT max(doc) FROM articles WHERE doc BETWEEN ? AND ?", [base, top]
            ).fetchone()[0]
            if highest is None:
                return base
            if highest < top:
                return highest + 1
        raise RuntimeError(f"no free document key left near {date or 'undated'}")

    def _delete_articles(self, where: str, params: Sequence[object]) -> int:
        """Delete articles with their index entries, or their queue rows if not yet indexed."""
        rows = self.db.execute(
            f"SELECT a.id, a.doc, q.doc IS NOT NULL, {TEXT_COLUMNS_SQL} FROM articles a "
            f"LEFT JOIN index_queue q ON q.doc = a.doc WHERE {where}",
            params,
        ).fetchall()
        if not rows:
            return 0
        conn = self.db.conn
        for _id, doc, queued, *texts in rows:
            if queued:
                conn.execute("DELETE FROM index_queue WHERE doc = ?", [doc])
                continue
            entry = index_entry(doc, 0, article_from_texts(*texts))
            self._index_rows(entry, delete=True)
            self._char_delta.subtract(entry.chars)
        ids = [row[0] for row in rows]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            conn.execute(f"DELETE FROM bylines WHERE article_id IN ({marks})", chunk)
            conn.execute(f"DELETE FROM articles WHERE id IN ({marks})", chunk)
        return len(rows)

    def keywords(self, article_id: int, k: int = 8) -> list[tuple[str, float]]:
        """The article's top keywords by TF-IDF against the archive as it is now.

        Candidates come from word segmentation of the article (at display
        time: ~1-2 ms); each candidate's document frequency is an exact count
        from the search index, so nothing is computed at import and keywords
        follow the archive as it grows.
        """
        article = self.article(article_id)
        if article is None:
            return []
        terms = article_terms(keyword_text(article.title, article.paragraphs))
        return self._tf_idf(terms, k)

    def common_terms(self, k: int = 30, sample: int = 300) -> list[tuple[str, float]]:
        """The archive's keywords now: TF-IDF over its newest ``sample`` articles taken together."""
        terms: Counter[str] = Counter()
        for article_id in self.list_ids(limit=sample):
            article = self.article(article_id)
            if article is not None:
                terms.update(article_terms(keyword_text(article.title, article.paragraphs)))
        return self._tf_idf(terms, k)

    def _tf_idf(self, terms: Counter[str], k: int) -> list[tuple[str, float]]:
        # The most frequent candidates only: each costs one index count the
        # first time (then _FREQUENCIES has it until the index changes).
        candidates = dict(
            sorted(terms.items(), key=lambda item: (-item[1], -len(item[0])))[:KEYWORD_CANDIDATES]
        )
        n_docs = self.count()
        df = _FREQUENCIES.get(
            self._file_key(),
            self._index_stamp(n_docs),
            candidates,
            partial(search_engine.document_frequency, self.db),
        )
        return top_keywords(candidates, df, n_docs, k)

    def _file_key(self) -> str:
        """This archive's file, as the frequency cache knows it (one key per open in-memory db)."""
        if str(self.path) == ":memory:":
            return f":memory:{id(self)}"
        return os.path.realpath(self.path)

    def _index_stamp(self, n_docs: int) -> tuple[object, ...]:
        """Changes whenever the search index does, read from FTS5's own table.

        Its structure record (rowid 10) changes on every write to the index.
        An archive deleted and built again at the same path (same inode,
        same write history) can have the same structure record, so the last
        block written, which holds terms and their articles, goes in too,
        with the article count and the file's identity.
        """
        data = "SELECT block FROM search_index_data WHERE id = ?"
        structure = self.db.execute(data, [10]).fetchone()
        last = self.db.execute(
            "SELECT block FROM search_index_data WHERE id > 10 ORDER BY id DESC LIMIT 1"
        ).fetchone()
        try:
            stat = os.stat(self.path)
            file_id: tuple[int, ...] = (stat.st_dev, stat.st_ino)
        except OSError:
            file_id = ()
        return (
            structure[0] if structure else None,
            hash(last[0]) if last else None,
            n_docs,
            file_id,
        )

    def _apply_char_delta(self) -> None:
        """Write the pending character-frequency changes (one upsert per character)."""
        changes = [(ch, n) for ch, n in self._char_delta.items() if n]
        self._char_delta.clear()
        if changes:
            self.db.conn.executemany(
                "INSERT INTO char_df (ch, df) VALUES (?, ?) "
                "ON CONFLICT(ch) DO UPDATE SET df = df + excluded.df",
                changes,
            )
            self.db.execute("DELETE FROM char_df WHERE df <= 0")

    def _remember_root(self, root: Path) -> None:
        with write_transaction(self.db):
            self.db.execute(
                "INSERT OR IGNORE INTO roots (path, added_at) VALUES (?, ?)", [str(root), _now()]
            )

    def _remove_missing(self, root: Path, seen: set[str], report: _ReportBuilder) -> None:
        prefix = str(root) + os.sep
        rows = self.db.execute(
            "SELECT id, path FROM sources WHERE root = ? OR substr(path, 1, ?) = ?",
            [str(root), len(prefix), prefix],
        ).fetchall()
        for source_id, path in rows:
            if path not in seen:
                self._remove_source(source_id, path, report)

    def _remove_source(self, source_id: int, path: str, report: _ReportBuilder) -> None:
        """Take a vanished file's source and articles out, in one transaction."""
        with write_transaction(self.db):
            report.articles_removed += self._delete_articles("source_id = ?", [source_id])
            self.db.execute("DELETE FROM sources WHERE id = ?", [source_id])
            self._apply_char_delta()
        report.removed.append(path)

    def store_page(
        self,
        source: str,
        page: ParsedPage,
        *,
        content_hash: str,
        size: int = 0,
        mtime: float = 0.0,
        kind: str = "feed",
    ) -> ImportReport:
        """Store an already parsed page (a feed) as one source, replacing its old articles."""
        report = _ReportBuilder()
        old = self.db.execute("SELECT hash FROM sources WHERE path = ?", [source]).fetchone()
        if old and old[0] == content_hash:
            report.unchanged.append(source)
            return report.build()
        prepared = PreparedFile(source, content_hash, size, mtime, page, prepare_page(source, page))
        self._store_batch([prepared], _ImportRun(report, [], 1, None))
        with write_transaction(self.db):
            self.db.execute("UPDATE sources SET kind = ? WHERE path = ?", [kind, source])
        self.index_pending(workers=1)
        return report.build()

    def forget_paths(self, paths: Iterable[str | Path]) -> ImportReport:
        """Remove the articles of files that were deleted (live folders call this)."""
        report = _ReportBuilder()
        for raw in paths:
            key = str(Path(raw).expanduser().resolve())
            row = self.db.execute("SELECT id FROM sources WHERE path = ?", [key]).fetchone()
            if row is not None:
                self._remove_source(row[0], key, report)
        return report.build()

    def roots(self) -> list[str]:
        """Folders imported before (re-imported by `r` and watched by live folders)."""
        return [row[0] for row in self.db.execute("SELECT path FROM roots ORDER BY path")]

    # ------------------------------------------------------------------ reading
    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def articles(self) -> Iterator[Article]:
        """Every article in archive order (by source, then position in the file)."""
        for row in self.db.query(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY source_id, position"
        ):
            yield self._article_from_row(row)

    def article(self, article_id: int) -> Article | None:
        row = next(
            self.db.query(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", [article_id]),
            None,
        )
        return self._article_from_row(row) if row else None

    def _article_from_row(self, row: dict[str, Any]) -> Article:
        return Article(
            id=row["id"],
            source=self._source_path(row["source_id"]),
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

    def _source_path(self, source_id: int) -> str:
        row = self.db.execute("SELECT path FROM sources WHERE id = ?", [source_id]).fetchone()
        return row[0] if row else ""

    def source_path(self, article_id: int) -> str:
        row = self.db.execute(
            "SELECT s.path FROM articles a JOIN sources s ON s.id = a.source_id WHERE a.id = ?",
            [article_id],
        ).fetchone()
        return row[0] if row else ""

    def rows(self, ids: Sequence[int]) -> list[ArticleRow]:
        """List rows for ``ids``, in the same order (ids that vanished are skipped)."""
        found: dict[int, ArticleRow] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(
                f"SELECT {_ROW_COLUMNS} FROM articles WHERE id IN ({marks})", chunk
            ):
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

    def list_ids(
        self, scope: SectionKey | None = None, sort: str = "date", limit: int | None = None
    ) -> list[int]:
        """Article ids in ``scope``: newest first, or print order for an edition or ``"file"``.

        ``limit`` lets a list paint its first screen before fetching the rest.
        """
        where, params = search_compile.scope_filter(scope)
        # An edition reads in print order; everything else newest first.
        by_file = sort == "file" or (scope is not None and scope.kind == "edition")
        order = "a.source_id, a.position" if by_file else "a.doc DESC"
        tail = "" if limit is None else f" LIMIT {int(limit)}"
        sql = f"SELECT a.id FROM articles a WHERE {where} ORDER BY {order}{tail}"
        return [row[0] for row in self.db.execute(sql, params)]

    # ------------------------------------------------------------------ search
    def search(
        self,
        query: str,
        limit: int = 50,
        offset: int = 0,
        sort: str = "rank",
        scope: SectionKey | None = None,
    ) -> SearchResult:
        """Search with the query language (see ``query.py``); never raises on a query."""
        started = time.perf_counter()
        total, direct_total, hits = search_engine.run_with_page(
            self.db,
            query,
            limit,
            offset,
            sort,
            scope,
            self._side_connection(),
            lambda ids, scores: self._hits(ids, query, scores),
            small_guess=self._recent.small_guess(query, scope),
        )
        self._recent.remember(query, scope, direct_total)
        elapsed = (time.perf_counter() - started) * 1000
        return SearchResult(query, total, tuple(hits), elapsed, pinyin_total=total - direct_total)

    def search_ids(
        self, query: str, sort: str = "rank", scope: SectionKey | None = None
    ) -> list[int]:
        """Every matching id in result order (for the virtual list)."""
        _total, ids, _scores = search_engine.run(self.db, query, None, 0, sort, scope)
        return ids

    def hits(self, ids: Sequence[int], query: str) -> list[Hit]:
        """Snippets and spans for a page of result ids."""
        return self._hits(list(ids), query, {})

    def _hits(self, ids: list[int], query: str, scores: dict[int, float]) -> list[Hit]:
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = {
            row["id"]: row
            for row in self.db.query(
                f"SELECT id, title, date, section, page, publication, reporter, read, starred, "
                f"dateline, paragraphs, bylines FROM articles WHERE id IN ({marks})",
                ids,
            )
        }
        terms, pinyin = search_hits.query_terms(query)
        hits = []
        for article_id in ids:
            row = rows.get(article_id)
            if row is None:
                continue
            hits.append(search_hits.make_hit(row, terms, scores.get(article_id, 0.0), pinyin))
        return hits

    def count_matches(self, query: str, scope: SectionKey | None = None) -> int:
        """How many articles match (for watchlist and topic counts)."""
        total, _ids, _scores = search_engine.run(self.db, query, 0, 0, "date", scope)
        return total

    def dates(self, query: str = "", scope: SectionKey | None = None) -> list[str]:
        """The dates of every matching article (all articles for an empty query), for trends."""
        if query.strip():
            matched = search_compile.matching_ids_sql(query, scope)
            if matched is None:
                return []
            sql, params = matched
        else:
            where, params = search_compile.scope_filter(scope)
            sql = f"SELECT a.id FROM articles a WHERE {where}"
        rows = self.db.execute(
            f"SELECT date FROM articles WHERE id IN ({sql}) AND date != ''", params
        )
        return [row[0] for row in rows]

    def match_spans(self, article_id: int, query: str) -> list[MatchSpan]:
        """Every match of the query's terms in the article, field by field."""
        article = self.article(article_id)
        if article is None:
            return []
        return search_hits.article_spans(article, *search_hits.query_terms(query))

    def sections(self, query: str | None = None) -> list[SectionNode]:
        """The sections tree with counts (hit counts when ``query`` is given)."""
        return search_sections.section_tree(self.db, query or "")

    # ------------------------------------------------------------------ state
    def set_read(self, article_id: int, read: bool = True) -> None:
        self._set_state(article_id, "read", read)

    def set_starred(self, article_id: int, starred: bool = True) -> None:
        self._set_state(article_id, "starred", starred)

    def _set_state(self, article_id: int, column: str, value: bool) -> None:
        assert column in ("read", "starred")
        row = self.db.execute("SELECT identity FROM articles WHERE id = ?", [article_id]).fetchone()
        if row is None:
            return
        identity = row[0]
        with write_transaction(self.db):
            self.db.execute(
                "INSERT INTO state (identity, read, starred) VALUES (?, 0, 0) "
                "ON CONFLICT(identity) DO NOTHING",
                [identity],
            )
            self.db.execute(
                f"UPDATE state SET {column} = ?, {column}_at = ? WHERE identity = ?",
                [int(value), _now(), identity],
            )
            self.db.execute(
                f"UPDATE articles SET {column} = ? WHERE identity = ?", [int(value), identity]
            )

    def get_setting(self, key: str, default: Any = None) -> Any:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        with write_transaction(self.db):
            self.db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, json.dumps(value, ensure_ascii=False)],
            )

    # ------------------------------------------------------------------ stats
    def stats(self) -> dict[str, Any]:
        """Counts and sizes for `newsreader stats` and the benchmarks."""
        one = self.db.execute
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
            "path": str(self.path),
            "articles": self.count(),
            "sources": one("SELECT count(*) FROM sources").fetchone()[0],
            "unread": self.count()
            - one("SELECT count(*) FROM articles WHERE read = 1").fetchone()[0],
            "starred": one("SELECT count(*) FROM articles WHERE starred = 1").fetchone()[0],
            "editions": one(
                "SELECT count(*) FROM (SELECT DISTINCT publication, date FROM articles)"
            ).fetchone()[0],
            "text_chars": text_chars,
            "text_bytes": text_bytes,
            "index_bytes": index_pages * page_size,
            "db_bytes": self.path.stat().st_size if self.path.exists() else 0,
            "first_date": one("SELECT min(date) FROM articles WHERE date != ''").fetchone()[0],
            "last_date": one("SELECT max(date) FROM articles").fetchone()[0],
        }


class _RecentTotals:
    """The direct-match counts of the last searches, to guess the next one's.

    Typing extends a query, and an extended query matches a subset (an
    added character or term only narrows it), so a query whose longest
    remembered prefix had few matches will have few too: its page is then
    built by BM25 from the start. A wrong guess costs a rebuild, never a
    wrong result (``search.run_with_page`` checks it against the count).
    """

    SIZE = 64

    def __init__(self) -> None:
        self._counts: dict[tuple[str, SectionKey | None], int] = {}

    def small_guess(self, query: str, scope: SectionKey | None) -> bool:
        best = -1, 0
        for (text, where), count in self._counts.items():
            if where == scope and query.startswith(text) and len(text) > best[0]:
                best = len(text), count
        return best[0] >= 0 and best[1] <= search_engine.BM25_LIMIT

    def remember(self, query: str, scope: SectionKey | None, direct_total: int) -> None:
        self._counts.pop((query, scope), None)
        self._counts[(query, scope)] = direct_total
        while len(self._counts) > self.SIZE:
            del self._counts[next(iter(self._counts))]


@dataclass
class _ImportRun:
    """One import under way: its report, the folders given, and progress to tell."""

    report: _ReportBuilder
    roots: list[Path]
    total: int
    progress: Any
    done: int = 0

    def advance(self, path: str) -> None:
        self.done += 1
        if self.progress:
            self.progress(self.done, self.total, path)


class _ReportBuilder:
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


def is_writable(path: Path) -> bool:
    """Whether an archive at ``path`` can be written: the file and its folder (WAL files)."""
    if path.exists():
        return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    return True  # creating it: connect() reports a folder that can't be written


def doc_day(iso_date: str) -> int:
    """Day number for a document key: 1 for 1800-01-01 upward, 0 when undated.

    Undated articles get the lowest keys and so sort after every dated one.
    """
    try:
        return max(1, (date.fromisoformat(iso_date[:10]) - _EPOCH).days + 1) if iso_date else 0
    except ValueError:
        return 0


def _first_day(prepared: PreparedFile) -> int:
    if not prepared.articles:
        return 0
    return min(doc_day(str(a.row["date"])) for a in prepared.articles)


def _root_of(path: str, roots: list[Path]) -> str:
    for root in roots:
        if path.startswith(str(root) + os.sep):
            return str(root)
    return ""


def _kind_of(prepared: PreparedFile) -> str:
    page = prepared.page
    return "feed" if page is not None and "feed" in page.front_matter else "page"
