"""Archive health: `doctor` finds damage, `rebuild` re-creates the archive from its sources.

Both work on an archive that may be damaged, so they read it through a plain
read-only SQLite connection and report problems as short lines instead of
raising. A rebuild writes a new file beside the old one and swaps it in with
``os.replace`` only once it is complete, so an interrupted rebuild leaves the
old archive untouched; the old file is kept as ``<name>.bak``.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlite_utils

from newsreader.archive import Archive
from newsreader.models import Byline, ParsedArticle, ParsedPage
from newsreader.store.paths import path_text, real_path
from newsreader.store.schema import SCHEMA_VERSION, ArchiveError, one_line, write_transaction

__all__ = ["RebuildReport", "check_archive", "rebuild_archive"]

# Articles checked against the search index: enough to notice an index out of
# step with its table, few enough that `doctor` stays quick at a million.
SEARCH_SAMPLE = 60
# integrity_check stops after this many messages; more would drown the report.
MAX_INTEGRITY_MESSAGES = 20
REQUIRED_TABLES = (
    "sources",
    "articles",
    "bylines",
    "state",
    "settings",
    "roots",
    "index_queue",
)
REQUIRED_INDEXES = ("search_index", "title_index")
# Phrase material: no whitespace (phrase trimming) and no quote (phrase end).
_PHRASE_CHARS = re.compile(r"[^\s\"＂“”]{2,}")
PHRASE_LENGTH = 8
# How Archive.import_paths reports a file it parsed but could not write.
_STORE_FAILURE = "could not be stored"


def _is_remote(path: str) -> bool:
    return "://" in path and not path.startswith("file://")


def _local_path(path: str) -> Path:
    # Names that are not UTF-8 are stored escaped (store/paths.py).
    return Path(real_path(path[len("file://") :] if path.startswith("file://") else path))


def read_only_uri(path: Path) -> str:
    """An SQLite URI that opens ``path`` read-only, whatever characters it holds.

    The path is percent-quoted (a ``#`` or ``?`` would otherwise end it and
    SQLite would open, even create, another file). In a folder we cannot
    write, a WAL archive cannot get its shared-memory file; nobody can write
    the archive there either, so it is opened as immutable instead.
    """
    uri = f"file:{quote(os.fsencode(os.path.abspath(path)))}?mode=ro"
    folder = path.parent if str(path.parent) else Path(".")
    if not os.access(folder, os.W_OK | os.X_OK) and not Path(f"{path}-shm").exists():
        uri += "&immutable=1"
    return uri


def _connect_read_only(path: Path, *, salvage: bool = False) -> sqlite3.Connection:
    """A read-only connection that never creates or migrates anything.

    ``salvage`` lets SQLite read a truncated file (it otherwise refuses any
    file shorter than its header says), so a rebuild can recover the sources
    and marks that are still there.
    """
    conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=10)
    conn.isolation_level = None
    if salvage:
        conn.execute("PRAGMA writable_schema = ON")
    return conn


def _truncation(path: Path) -> str:
    """Say so when the file is shorter than the page count in its header."""
    with path.open("rb") as handle:
        header = handle.read(100)
    if len(header) < 100:
        return "truncated: shorter than an SQLite header"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    valid = header[24:28] == header[92:96]
    actual = path.stat().st_size // page_size if page_size else 0
    if valid and pages and actual < pages:
        return f"truncated: {actual} of its {pages} pages are left"
    return ""


# ---------------------------------------------------------------------- doctor
def check_archive(path: str | Path, *, quick: bool = False) -> list[str]:
    """Every problem found in the archive at ``path``, one line each; ``[]`` means healthy.

    Never raises for a bad archive: an unreadable or foreign file is itself
    the problem reported. ``quick`` runs SQLite's ``quick_check`` instead of
    the full ``integrity_check`` (which reads every index and, at a million
    articles, takes minutes).
    """
    path = Path(path).expanduser()
    if not path.exists():
        return [f"{path}: no such archive"]
    if not path.is_file():
        return [f"{path}: not a file"]
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError as error:
        return [f"{path}: unreadable ({error.strerror or error})"]
    if len(header) == 0:
        return [f"{path}: empty file, not an archive"]
    if header != b"SQLite format 3\x00":
        return [f"{path}: not an SQLite database"]
    try:
        with closing(_connect_read_only(path)) as conn:
            problems = _check_schema(conn)
            if problems:
                return problems
            problems.extend(_check_integrity(conn, quick))
            problems.extend(_check_sources(conn))
    except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
        # A garbled schema can make SQLite's message multi-line, or not UTF-8.
        problems = [f"{path}: damaged ({one_line(error)})"]
        truncated = _truncation(path)
        return [*problems, f"{path}: {truncated}"] if truncated else problems
    if not any(p.startswith("integrity:") for p in problems):
        problems.extend(_check_search(path))
    return problems


def _check_schema(conn: sqlite3.Connection) -> list[str]:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        return [
            f"schema v{version} is newer than this newsreader (v{SCHEMA_VERSION}); "
            "upgrade newsreader"
        ]
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    if version == 0:
        return ["not a newsreader archive (no schema version)"]
    missing = [t for t in (*REQUIRED_TABLES, *REQUIRED_INDEXES) if t not in names]
    if missing:
        return [f"schema v{version} is missing tables: {', '.join(missing)}"]
    if version < SCHEMA_VERSION:
        return [f"schema v{version} is older than v{SCHEMA_VERSION}: open it once to migrate"]
    return []


def _check_integrity(conn: sqlite3.Connection, quick: bool) -> list[str]:
    check = "quick_check" if quick else "integrity_check"
    rows = conn.execute(f"PRAGMA {check}({MAX_INTEGRITY_MESSAGES})").fetchall()
    problems = [f"integrity: {row[0]}" for row in rows if row[0] != "ok"]
    for table, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check").fetchall()[:20]:
        problems.append(f"integrity: {table} row {rowid} points to a missing {parent} row")
    return problems


def _check_sources(conn: sqlite3.Connection) -> list[str]:
    problems = []
    rows = conn.execute(
        "SELECT s.path, s.kind, count(a.id) FROM sources s "
        "LEFT JOIN articles a ON a.source_id = s.id GROUP BY s.id ORDER BY s.path"
    ).fetchall()
    for source, _kind, articles in rows:
        if _is_remote(source):
            continue
        if not _local_path(source).is_file():
            problems.append(f"missing source: {source} ({articles} articles kept in the archive)")
    return problems


def _sample_phrase(texts: list[str]) -> str:
    """A distinctive piece of an article's own text: the middle of its longest run."""
    runs = [m.group() for text in texts for m in _PHRASE_CHARS.finditer(text)]
    if not runs:
        return ""
    longest = max(runs, key=len)
    start = max(0, (len(longest) - PHRASE_LENGTH) // 2)
    return longest[start : start + PHRASE_LENGTH]


def _check_search(path: Path) -> list[str]:
    """Articles that searching for their own text does not find (index out of step)."""
    # Our own read-only connection: it copes with any path and with a folder
    # we cannot write, like the other checks.
    try:
        archive = Archive(sqlite_utils.Database(_connect_read_only(path)), path, read_only=True)
    except sqlite3.DatabaseError as error:
        return [f"cannot search: {error}"]
    problems = []
    with archive:
        queued = archive.pending_index()
        if queued:
            problems.append(
                f"search: {queued:,} stored articles are not indexed yet (an import was "
                "interrupted); `newsreader import` finishes indexing them"
            )
        # Only indexed articles are sampled: queued ones are expected to be missing.
        indexed = "FROM articles WHERE doc NOT IN (SELECT doc FROM index_queue)"
        total = archive.db.execute(f"SELECT count(*) {indexed}").fetchone()[0]
        if total == 0:
            return problems
        # Evenly spread by rank, not by id value: ids have gaps (per-day key ranges).
        step = max(1, total // SEARCH_SAMPLE)
        ids = [
            row[0]
            for row in archive.db.execute(
                "SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n "
                f"{indexed}) WHERE n % ? = 0 LIMIT ?",
                [step, SEARCH_SAMPLE],
            )
        ]
        for article_id in ids:
            article = archive.article(article_id)
            if article is None:
                continue
            texts = [text for _field, _index, text in article.text_fields()]
            phrase = _sample_phrase(texts)
            if not phrase:
                continue
            found = archive.search_ids(f'"{phrase}"')
            if article_id not in found:
                problems.append(
                    f"search: article {article_id} is not found by its own text "
                    f"({phrase!r}); the search index is out of step: run `newsreader rebuild`"
                )
    return problems


# --------------------------------------------------------------------- rebuild
@dataclass(frozen=True, slots=True)
class RebuildReport:
    """What a rebuild did.

    ``reimported`` sources were read again from their files; ``carried`` ones
    (remote feeds, files that are gone) had their articles copied from the old
    archive so that nothing is lost; ``failed`` holds ``(source, reason)``.
    """

    path: str
    backup: str
    reimported: tuple[str, ...]
    carried: tuple[str, ...]
    failed: tuple[tuple[str, str], ...]
    articles_before: int
    articles_after: int
    marks_kept: int

    @property
    def ok(self) -> bool:
        return not self.failed


def _old_rows(conn: sqlite3.Connection, sql: str, params: list[Any] | None = None) -> list[Any]:
    """Rows from a possibly damaged archive; a damaged table reads as empty."""
    try:
        return conn.execute(sql, params or []).fetchall()
    except sqlite3.DatabaseError:
        return []


def rebuild_archive(
    path: str | Path, *, progress: Callable[[str], None] | None = None
) -> RebuildReport:
    """Re-create the archive at ``path`` from its recorded sources, keeping marks.

    Raises ``ArchiveError`` (one line) when the old archive cannot be read at
    all, is newer than this program, or is in use by another process.
    """
    path = Path(path).expanduser()
    if not path.is_file():
        raise ArchiveError(f"{path}: no such archive")
    # The new file is renamed over the old one, so both must be writable:
    # a read-only archive is the user's choice, not something to replace.
    if not os.access(path, os.W_OK):
        raise ArchiveError(f"{path}: read-only; rebuild needs to replace it")
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise ArchiveError(f"{path.parent}: not writable; rebuild writes the new archive there")
    say = progress or (lambda _message: None)
    try:
        old = _connect_read_only(path, salvage=True)
        version = old.execute("PRAGMA user_version").fetchone()[0]
        old_tables = {row[0] for row in old.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as error:
        raise ArchiveError(f"{path}: cannot be read, nothing to rebuild from ({error})") from None
    with closing(old):
        if version > SCHEMA_VERSION:
            raise ArchiveError(
                f"{path}: archive schema v{version} is newer than this newsreader "
                f"(v{SCHEMA_VERSION}); upgrade newsreader"
            )
        if "sources" not in old_tables:
            raise ArchiveError(f"{path}: not a newsreader archive (no sources table)")
        sources = _old_rows(old, "SELECT id, path, kind, hash, root FROM sources ORDER BY id")
        if not sources and _old_rows(old, "SELECT 1 FROM articles LIMIT 1"):
            raise ArchiveError(f"{path}: its sources table cannot be read, nothing to rebuild from")
        roots = [row[0] for row in _old_rows(old, "SELECT path FROM roots ORDER BY path")]
        state = _old_rows(old, "SELECT identity, read, starred, read_at, starred_at FROM state")
        settings = _old_rows(old, "SELECT key, value FROM settings")
        before = (_old_rows(old, "SELECT count(*) FROM articles") or [(0,)])[0][0]

        temp = path.with_name(path.name + ".rebuild")
        _remove_database_files(temp)
        try:
            report = _build_new(temp, old, sources, roots, state, settings, say)
        except (sqlite3.Error, ArchiveError) as error:  # a full disk, most likely
            _remove_database_files(temp)
            raise ArchiveError(
                f"{path}: rebuild stopped ({error}); the archive is unchanged"
            ) from None
        except BaseException:
            _remove_database_files(temp)
            raise
    stored_failures = [reason for _s, reason in report[2] if reason.startswith(_STORE_FAILURE)]
    if stored_failures:
        # The new archive could not be written: never swap a partial archive
        # in for a complete one.
        _remove_database_files(temp)
        raise ArchiveError(
            f"{path}: rebuild stopped, the new archive could not be written "
            f"({stored_failures[0]}); the archive is unchanged"
        )
    backup = path.with_name(path.name + ".bak")
    _swap(path, temp, backup)
    return RebuildReport(
        path=str(path),
        backup=str(backup),
        reimported=report[0],
        carried=report[1],
        failed=report[2],
        articles_before=before,
        articles_after=report[3],
        marks_kept=report[4],
    )


def _build_new(
    temp: Path,
    old: sqlite3.Connection,
    sources: list[Any],
    roots: list[str],
    state: list[Any],
    settings: list[Any],
    say: Callable[[str], None],
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, str], ...], int, int]:
    reimported: list[str] = []
    carried: list[str] = []
    failed: list[tuple[str, str]] = []
    with Archive.open(temp) as new:
        # Marks first: the import applies them to each article it inserts.
        with write_transaction(new.db):
            new.db.conn.executemany(
                "INSERT OR REPLACE INTO state (identity, read, starred, read_at, starred_at) "
                "VALUES (?, ?, ?, ?, ?)",
                state,
            )
            new.db.conn.executemany(
                "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", settings
            )
        live_roots = [_local_path(root) for root in roots if _local_path(root).is_dir()]
        for root in live_roots:
            say(f"importing {path_text(root)}")
            report = new.import_paths([root])
            reimported.extend(report.added)
            failed.extend(report.failed)
        done = set(reimported)
        tried = {source for source, _reason in failed}
        for source_id, source, kind, digest, _root in sources:
            if source in done:
                continue
            local = not _is_remote(source) and _local_path(source).is_file()
            if local and source not in tried:
                say(f"importing {source}")
                report = new.import_paths([_local_path(source)])
                if report.ok:
                    reimported.append(source)
                    continue
                failed.extend(report.failed)
            # Gone, remote, or no longer readable: keep what the old archive had.
            say(f"keeping {source} from the old archive")
            carry = _carry_source(new, old, source_id, source, kind or "page", digest or "")
            if carry == "":
                carried.append(source)
            elif not local or carry.startswith(_STORE_FAILURE):
                failed.append((source, carry))
        after = new.count()
        marks = new.db.execute(
            "SELECT count(*) FROM articles WHERE read = 1 OR starred = 1"
        ).fetchone()[0]
        new.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return tuple(reimported), tuple(carried), tuple(failed), after, marks


def _carry_source(
    new: Archive, old: sqlite3.Connection, source_id: int, source: str, kind: str, digest: str
) -> str:
    """Copy one source's articles from the old archive (its file is gone or remote).

    Returns "" when done, else why not.
    """
    unreadable = "its file is gone and its articles cannot be read"
    columns = (
        "position, identity, title, level, section, page, publication, date, dateline, "
        "paragraphs, bylines, url, author, keywords, links, extra"
    )
    try:
        rows = old.execute(
            f"SELECT {columns} FROM articles WHERE source_id = ? ORDER BY position", [source_id]
        ).fetchall()
        meta = old.execute(
            "SELECT encoding, edition_title, publication, date, page, front_matter, size, mtime "
            "FROM sources WHERE id = ?",
            [source_id],
        ).fetchone()
        articles = tuple(_parsed_article(row) for row in rows)
    except (sqlite3.DatabaseError, ValueError, TypeError):
        return unreadable
    if meta is None:
        return unreadable
    if not articles:
        return ""
    encoding, edition_title, publication, date, page_name, front, size, mtime = meta
    page = ParsedPage(
        articles=articles,
        encoding=encoding or "",
        edition_title=edition_title or "",
        publication=publication or "",
        date=date or "",
        page=page_name or "",
        front_matter=_json_or(front, {}),
    )
    report = new.store_page(
        source, page, content_hash=digest, size=size or 0, mtime=mtime or 0.0, kind=kind
    )
    return report.failed[0][1] if report.failed else ""


def _json_or(raw: str | None, default: Any) -> Any:
    try:
        return json.loads(raw) if raw else default
    except ValueError:
        return default


def _parsed_article(row: tuple[Any, ...]) -> ParsedArticle:
    (position, identity, title, level, section, page, publication, date, dateline) = row[:9]
    paragraphs, bylines, url, author, keywords, links, extra = row[9:]
    return ParsedArticle(
        position=position or 0,
        title=title or "",
        level=level or 0,
        section=section or "",
        page=page or "",
        publication=publication or "",
        date=date or "",
        dateline=dateline or "",
        paragraphs=tuple(str(p) for p in _json_or(paragraphs, [])),
        bylines=tuple(Byline(str(r), str(n)) for r, n in _json_or(bylines, [])),
        url=url or "",
        author=author or "",
        keywords=tuple(str(k) for k in _json_or(keywords, [])),
        links=tuple(str(link) for link in _json_or(links, [])),
        # The stored identity keeps read and starred marks attached.
        identity=identity or "",
        extra=_json_or(extra, {}),
    )


def _remove_database_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _swap(path: Path, temp: Path, backup: Path) -> None:
    """Put ``temp`` in place of ``path``, keeping the old file as ``backup``.

    The old archive leaves WAL mode first, which folds its write-ahead log
    into it and needs it to be the only connection: a log left beside the new
    file would be replayed onto it, and another process would keep writing to
    the file that becomes the backup. The archive path always names a complete
    archive: the old file is hard-linked to the backup name, then the new one
    is renamed over it in one step.
    """
    try:
        conn = sqlite3.connect(path, timeout=2)
        with closing(conn):
            conn.execute("PRAGMA journal_mode = DELETE").fetchone()
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            _remove_database_files(temp)
            raise ArchiveError(
                f"{path}: in use by another process; close it and run rebuild again"
            ) from None
    except sqlite3.DatabaseError:
        pass  # damaged beyond a checkpoint: its log files go along with the backup
    _remove_database_files(backup)
    for suffix in ("-wal", "-shm", "-journal"):
        leftover = Path(str(path) + suffix)
        if leftover.exists():
            os.replace(leftover, Path(str(backup) + suffix))
    try:
        os.link(path, backup)
    except OSError:  # no hard links here: a brief moment without the file
        os.replace(path, backup)
    os.replace(temp, path)
    for suffix in ("-wal", "-shm"):
        Path(str(temp) + suffix).unlink(missing_ok=True)
