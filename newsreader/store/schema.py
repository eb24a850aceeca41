"""The SQLite schema, its migrations and connection settings (via sqlite-utils).

Schema versions live in ``PRAGMA user_version``; each migration is a function
that moves the database one version up inside a transaction, so an archive
written by an older newsreader opens in a newer one. An archive written by a
newer newsreader is refused with a clear message instead of being damaged.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import sqlite_utils

from newsreader.index.tokens import COLUMNS, tokenizer_clause

SCHEMA_VERSION = 4
BUSY_TIMEOUT_MS = 10_000
READ_CACHE_KB = 16_384
IMPORT_CACHE_KB = 131_072
WAL_LIMIT_BYTES = 64 << 20


class ArchiveError(Exception):
    """A database that cannot be used; the message is one line for the user."""


def utc_now() -> str:
    """The time stamp every table stores (UTC, ISO 8601, to the second)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class ArchiveDamaged(ArchiveError, sqlite3.DatabaseError):
    """The archive's file is damaged; the message says what to run (see damage.py).

    Still a ``sqlite3.DatabaseError``, so code that handled SQLite's own
    error (doctor on a damaged index, an import's one-line stop) goes on
    handling it.
    """


def one_line(error: BaseException) -> str:
    """An error's text on one line (SQLite quotes damaged schema text, newlines and all)."""
    return " ".join(str(error).split())


def damage_message(path: str | Path, error: BaseException) -> str:
    """One line: the archive at ``path`` is damaged (``error`` says how), and what to run."""
    return (
        f"{path}: the archive is damaged ({one_line(error)[:200]}); `newsreader doctor` "
        "checks it and `newsreader rebuild` builds it again from its sources"
    )


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """A transaction that takes the write lock first (``BEGIN IMMEDIATE``).

    sqlite-utils' ``atomic()`` begins a deferred transaction. When such a
    transaction reads before it writes (FTS5 reads its config, an upsert its
    row) and another process commits in between, SQLite cannot upgrade it and
    fails at once with "database is locked", busy timeout or not. Taking the
    lock first makes concurrent writers wait their turn instead. Nested use
    falls back to a savepoint inside the open transaction.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def read_only_uris(path: Path) -> list[str]:
    """Read-only SQLite URIs for any file name (``#``, ``?`` and ``%`` quoted), best first.

    ``mode=ro`` reads what is still in the WAL (committed by a writer that
    has not checkpointed, or was killed). SQLite needs the shared-memory
    file for that: it opens an existing ``-shm`` even in a folder it cannot
    write, but cannot create one there, and then fails to open or read the
    archive at all. Only then ``immutable=1``: the main file as last
    checkpointed (a cleanly closed archive keeps nothing in a WAL).
    (``immutable`` first, as before, hid every change still in the WAL.)
    """
    uri = f"file:{quote(os.fsencode(path.resolve()), safe='/')}?mode=ro"  # bytes: any name
    return [uri, f"{uri}&immutable=1"]


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """The first of ``read_only_uris`` that SQLite can open and read."""
    *better, last = read_only_uris(path)
    for uri in better:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError as error:
            conn.close()
            code = getattr(error, "sqlite_errorcode", 0) & 0xFF  # the primary code
            if code not in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY):
                raise
            continue
        return conn
    return sqlite3.connect(last, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)


def connect(path: str | Path, *, read_only: bool = False) -> sqlite_utils.Database:
    """Open ``path`` with WAL, a busy timeout and the pragmas import speed needs."""
    in_memory = str(path) == ":memory:"
    path = Path(path)
    try:
        if in_memory:
            conn = sqlite3.connect(":memory:")
        elif read_only:
            conn = _connect_read_only(path)
        else:
            if path.parent and not path.parent.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists() and not os.access(path.parent, os.W_OK):
                raise ArchiveError(
                    f"{path}: cannot create the archive: {path.parent} is not writable"
                )
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
        # Autocommit at the driver; every write goes through ``write_transaction``.
        conn.isolation_level = None
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not read_only and not in_memory:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            # A bulk import's big transactions grow the WAL to ~1 GB at 1M
            # articles; without a limit the file keeps that size afterwards.
            conn.execute(f"PRAGMA journal_size_limit = {WAL_LIMIT_BYTES}")
            # Builds compiled with SECURE_DELETE (Debian's, so this Python's)
            # zero every freed page: FTS5 merges free whole segments, and the
            # v3 upgrade of a 1M archive wrote ~10 GB of zeros to the WAL in one
            # transaction. FAST still clears deleted cells on pages being
            # written anyway, at no extra I/O.
            conn.execute("PRAGMA secure_delete = FAST")
        conn.execute("PRAGMA foreign_keys = ON")
        # A bounded page cache and no mmap: memory-mapped pages count as the
        # process's own memory, and the reader must stay small at any size.
        conn.execute(f"PRAGMA cache_size = -{READ_CACHE_KB}")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA mmap_size = 0")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except UnicodeDecodeError as error:  # SQLite quoting a garbled schema: damage
        raise ArchiveDamaged(damage_message(path, error)) from None
    except sqlite3.DatabaseError as error:
        raise ArchiveError(f"{path}: not a usable newsreader archive ({one_line(error)})") from None
    except OSError as error:
        raise ArchiveError(f"{path}: cannot open ({error.strerror or error})") from None
    return sqlite_utils.Database(conn)


def _create_v1(db: sqlite_utils.Database) -> None:
    db.table("sources").create(
        {
            "id": int,
            "path": str,
            "root": str,
            "kind": str,
            "hash": str,
            "size": int,
            "mtime": float,
            "encoding": str,
            "edition_title": str,
            "publication": str,
            "date": str,
            "page": str,
            "front_matter": str,
            "warnings": str,
            "imported_at": str,
        },
        pk="id",
        not_null={"path"},
    )
    db.table("sources").create_index(["path"], unique=True)
    db.table("sources").create_index(["root"])
    db.table("articles").create(
        {
            "id": int,
            "doc": int,
            "source_id": int,
            "position": int,
            "identity": str,
            "title": str,
            "level": int,
            "section": str,
            "page": str,
            "publication": str,
            "date": str,
            "dateline": str,
            "paragraphs": str,
            "bylines": str,
            "url": str,
            "author": str,
            "keywords": str,
            "links": str,
            "extra": str,
            "reporter": str,
            "chars": int,
            "read": int,
            "starred": int,
        },
        pk="id",
        foreign_keys=[("source_id", "sources", "id")],
        defaults={"read": 0, "starred": 0},
    )
    db.table("articles").create_index(["source_id", "position"])
    # ``doc`` is the search index's rowid and sorts newest first (see doc_key),
    # so "newest first" is FTS5's own rowid order and an index scan here.
    db.table("articles").create_index(["doc"], unique=True)
    db.table("articles").create_index(["date"])
    db.table("articles").create_index(["identity"])
    db.table("articles").create_index(["section"])
    # Covers everything the sections pane counts, so it never reads article rows.
    db.execute(
        "CREATE INDEX idx_articles_edition ON articles "
        "(publication, date, page, section, read, starred, source_id)"
    )
    db.table("articles").create_index(["reporter"])
    # Partial indexes: new articles (unread, unstarred) cost nothing to index,
    # and the Unread and Starred counts read only the few marked rows.
    db.execute("CREATE INDEX idx_articles_read ON articles (id) WHERE read = 1")
    db.execute("CREATE INDEX idx_articles_starred ON articles (id) WHERE starred = 1")
    db.table("bylines").create(
        {"article_id": int, "role": str, "name": str},
        foreign_keys=[("article_id", "articles", "id")],
    )
    db.table("bylines").create_index(["article_id"])
    # Covers the Reporters group (name, role, article) without reading the table.
    db.table("bylines").create_index(["name", "role", "article_id"])
    db.table("state").create(
        {"identity": str, "read": int, "starred": int, "read_at": str, "starred_at": str},
        pk="identity",
    )
    db.table("settings").create({"key": str, "value": str}, pk="key")
    db.table("roots").create({"path": str, "added_at": str}, pk="path")
    # The v1 search index (v3 replaces it): the columns as they were then.
    db.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5(body, title, section, people, page, "
        f"content='', prefix='1', columnsize=1, detail=full, tokenize={tokenizer_clause()})"
    )
    # In how many articles each character occurs: a one-character query's count.
    db.execute("CREATE TABLE char_df (ch TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID")
    _create_title_index(db)
    db.execute(
        "CREATE VIRTUAL TABLE pinyin_index USING fts5(keys, content='', "
        f"prefix='1', tokenize={tokenizer_clause()})"
    )


def _create_title_index(db: sqlite_utils.Database) -> None:
    """Titles alone, so "title matches first" reads a small index, not the body's."""
    db.execute(
        "CREATE VIRTUAL TABLE title_index USING fts5(title, content='', "
        f"prefix='1', tokenize={tokenizer_clause()})"
    )


def _create_search_index(db: sqlite_utils.Database) -> None:
    """The search index of ``index.COLUMNS``, with its merge settings."""
    columns = ", ".join(COLUMNS)
    db.execute(
        f"CREATE VIRTUAL TABLE search_index USING fts5({columns}, content='', "
        f"prefix='1', columnsize=1, detail=full, tokenize={tokenizer_clause()})"
    )
    # Bigger pages, lazier merging and a bigger pending buffer make bulk imports cheaper.
    for setting, value in (
        ("pgsz", 4050),
        ("automerge", 8),
        ("crisismerge", 32),
        ("hashsize", FTS_HASH_BYTES),
    ):
        db.execute("INSERT INTO search_index(search_index, rank) VALUES(?, ?)", [setting, value])


# FTS5 flushes its pending terms to a new segment whenever they pass this
# size (1 MB by default): a bigger buffer writes fewer, larger segments while
# indexing (+13% articles/s measured, for up to this much memory).
FTS_HASH_BYTES = 64 << 20


def _add_index_queue_v2(db: sqlite_utils.Database) -> None:
    """v2: articles stored but not yet indexed (imports store first, then index)."""
    db.execute("CREATE TABLE index_queue (doc INTEGER PRIMARY KEY, nonce INTEGER NOT NULL)")
    db.execute(
        "INSERT INTO search_index(search_index, rank) VALUES('hashsize', ?)", [FTS_HASH_BYTES]
    )


def _marked_columns_v3(db: sqlite_utils.Database) -> None:
    """v3: page and pinyin tokens marked, in the search index (pinyin_index is gone).

    FTS5 cannot change a table's columns, and a contentless table keeps no
    text to rebuild from, so the indexes are made anew and every article is
    queued: the next import, or the reader at start, indexes them again
    (search finds only what is re-indexed until then).
    """
    for table in ("search_index", "title_index", "pinyin_index"):
        db.execute(f"DROP TABLE IF EXISTS {table}")
    _create_search_index(db)
    _create_title_index(db)
    db.execute("DELETE FROM char_df")
    db.execute(
        "INSERT OR REPLACE INTO index_queue (doc, nonce) "
        "SELECT doc, random() & 4611686018427387903 FROM articles WHERE doc IS NOT NULL"
    )


def _fold_by_word_v4(db: sqlite_utils.Database) -> None:
    """v4: folding by word (OpenCC phrases, NFKC forms), run-on datelines and
    pinyin by syllable change every index's tokens: made anew, as in v3."""
    _marked_columns_v3(db)


MIGRATIONS: dict[int, Callable[[sqlite_utils.Database], None]] = {
    1: _create_v1,
    2: _add_index_queue_v2,
    3: _marked_columns_v3,
    4: _fold_by_word_v4,
}


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: sqlite_utils.Database) -> None:
    """Bring the schema up to ``SCHEMA_VERSION``, one transaction per step."""
    version = schema_version(db)
    if version > SCHEMA_VERSION:
        raise ArchiveError(
            f"{db.conn.execute('PRAGMA database_list').fetchone()[2]}: archive schema "
            f"v{version} is newer than this newsreader (v{SCHEMA_VERSION}); upgrade newsreader"
        )
    if version == 0 and db.table_names() and "articles" not in db.table_names():
        raise ArchiveError("this SQLite file is not a newsreader archive")
    while version < SCHEMA_VERSION:
        with write_transaction(db):
            # Another process may have migrated while we waited for the lock.
            version = schema_version(db)
            if version < SCHEMA_VERSION:
                MIGRATIONS[version + 1](db)
                db.execute(f"PRAGMA user_version = {version + 1}")
        version = schema_version(db)
