"""Damaged, foreign and unreachable archives and files: one clear line and an exit status.

Every case goes through the command line (click's runner, or a real process
where file permissions matter) and checks the message and the exit status;
none may end in a traceback. `doctor` and `rebuild` are checked on the same
damage: doctor names it, rebuild repairs what the sources allow and keeps
read and starred marks by article identity.
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import shutil
import signal
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import closing, suppress
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsreader import Archive
from newsreader.cli.main import cli
from newsreader.features.maintenance import check_archive, rebuild_archive
from newsreader.models import ParsedArticle, ParsedPage
from newsreader.store.schema import ArchiveError

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content" / "zhengzhou-high-tech-zone-page.md"


def page(n: int) -> str:
    return (
        f"---\npublication: 测试日报\ndate: 2024-02-{n % 28 + 1:02d}\nsection: 第{n:02d}版\n---\n\n"
        f"# 第{n}号新闻标题\n\n本报讯 第{n}篇正文讲述独特事件甲乙{n}丙丁的经过。\n\n"
        f"## 第{n}号副题报道\n\n另一段文字记载社区{n}号楼翻修工程。\n\n记者 王{n}\n"
    )


def run(*args: str) -> tuple[int, str, str]:
    """The CLI in-process; an uncaught exception fails the test (it would be a traceback)."""
    result = CliRunner().invoke(cli, list(args), obj={})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"traceback from {args}: {result.exception!r}")
    return result.exit_code, result.stdout, result.stderr


_CAP_VERSION_3 = 0x20080522
_CAP_DAC_OVERRIDE = 1
_CAP_DAC_READ_SEARCH = 2


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


def _obey_file_modes() -> None:
    """Make file permissions apply to this (forked) process even as root.

    The tests run as root, which reads and writes anything whatever the mode
    bits say; dropping the two capabilities that override them gives the
    permission checks an ordinary user meets.
    """
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    header = _CapHeader(_CAP_VERSION_3, 0)
    data = (_CapData * 2)()
    assert libc.capget(ctypes.byref(header), data) == 0, os.strerror(ctypes.get_errno())
    drop = ~((1 << _CAP_DAC_OVERRIDE) | (1 << _CAP_DAC_READ_SEARCH)) & 0xFFFFFFFF
    data[0].effective &= drop
    data[0].permitted &= drop
    data[0].inheritable &= drop
    assert libc.capset(ctypes.byref(header), data) == 0, os.strerror(ctypes.get_errno())


def run_restricted(*args: str) -> tuple[int, str, str]:
    """The CLI in a forked child that obeys file modes; same result shape as ``run``."""
    return run_in_child(args, _obey_file_modes)


def _disk_full_at(limit: int) -> Callable[[], None]:
    """Writes past ``limit`` bytes in any one file fail, as on a full disk."""

    def prepare() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return prepare


def run_in_child(args: tuple[str, ...], prepare: Callable[[], None]) -> tuple[int, str, str]:
    """The CLI in a forked child after ``prepare()``; an uncaught exception fails the test."""
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        status = 0
        try:
            os.close(read_end)
            prepare()
            result = CliRunner().invoke(cli, list(args), obj={})
            error = result.exception
            crashed = error is not None and not isinstance(error, SystemExit)
            payload = [
                result.exit_code,
                result.stdout,
                result.stderr,
                repr(error) if crashed else "",
            ]
        except BaseException as error:  # report anything, never return into pytest
            payload = [-1, "", "", repr(error)]
            status = 1
        with os.fdopen(write_end, "w", encoding="utf-8") as pipe:
            json.dump(payload, pipe)
        os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, encoding="utf-8") as pipe:
        code, out, err, crash = json.load(pipe)
    os.waitpid(child, 0)
    assert not crash, f"traceback from {args}: {crash}"
    return code, out, err


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


@pytest.fixture
def built(tmp_path: Path) -> Iterator[tuple[Path, Path, dict[str, tuple[bool, bool]]]]:
    """An archive of five pages with some marks; yields (db, folder, marks by identity)."""
    folder = tmp_path / "content"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / SAMPLE.name)
    for n in range(1, 5):
        (folder / f"page{n}.md").write_text(page(n), encoding="utf-8")
    db = tmp_path / "news.db"
    with Archive.open(db) as archive:
        assert archive.import_paths([folder]).ok
        articles = list(archive.articles())
        for article in articles[::3]:
            archive.set_read(article.id)
        for article in articles[1::4]:
            archive.set_starred(article.id)
        marks = {a.identity: (a.read, a.starred) for a in archive.articles()}
        archive.set_setting("ui", {"theme": "dark", "width": 42})
        archive.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    yield db, folder, marks


def marks_of(db: Path) -> dict[str, tuple[bool, bool]]:
    with Archive.open(db, read_only=True) as archive:
        return {a.identity: (a.read, a.starred) for a in archive.articles()}


# ------------------------------------------------------------ foreign files
@pytest.mark.parametrize(
    "content",
    [
        b"hello, this is a text file\n",
        bytes(range(256)) * 40,
        b"SQLite format 3\x00" + b"\xff" * 90,
    ],
    ids=["text", "binary", "fake-header"],
)
def test_a_file_that_is_not_sqlite_gives_one_line(tmp_path: Path, content: bytes) -> None:
    db = tmp_path / "news.db"
    db.write_bytes(content)
    for command in (
        ["list"],
        ["search", "新闻"],
        ["stats"],
        ["show", "1"],
        ["import", str(SAMPLE)],
    ):
        code, _out, err = run(*command, "--db", str(db))
        assert code == 2, (command, err)
        assert str(db) in one_line(err)
    code, out, _err = run("doctor", "--db", str(db))
    assert code == 1 and str(db) in out
    code, _out, err = run("rebuild", "--db", str(db))
    assert code == 2 and "nothing to rebuild from" in one_line(err)
    assert db.read_bytes() == content, "a foreign file must never be written to"


def test_a_truncated_archive_is_named_and_rebuilt_with_its_marks(
    built: tuple[Path, Path, dict[str, tuple[bool, bool]]],
) -> None:
    db, _folder, marks = built
    assert any(r or s for r, s in marks.values())
    size = db.stat().st_size
    with db.open("r+b") as handle:
        handle.truncate(size - 8192)
    code, _out, err = run("list", "--db", str(db))
    assert code == 2 and "malformed" in one_line(err)
    code, out, _err = run("doctor", "--db", str(db))
    assert code == 1 and "truncated" in out
    code, out, err = run("rebuild", "--db", str(db))
    assert code == 0, err
    assert "5 sources re-imported" in out
    assert check_archive(db) == []
    assert marks_of(db) == marks
    with Archive.open(db, read_only=True) as archive:
        assert archive.get_setting("ui") == {"theme": "dark", "width": 42}
    assert (db.parent / "news.db.bak").stat().st_size == size - 8192


def test_a_newer_schema_is_refused_and_left_alone(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    with Archive.open(db) as archive:
        archive.import_paths([SAMPLE])
        archive.db.execute("PRAGMA user_version = 99")
        archive.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = db.read_bytes()
    for command in (["list"], ["search", "郑州"], ["import", str(SAMPLE)]):
        code, _out, err = run(*command, "--db", str(db))
        assert code == 2 and "newer" in one_line(err), err
    code, out, _err = run("doctor", "--db", str(db))
    assert code == 1 and "v99 is newer" in out
    code, _out, err = run("rebuild", "--db", str(db))
    assert code == 2 and "newer" in one_line(err)
    assert db.read_bytes() == before


# ------------------------------------------------------------------ doctor
def test_doctor_passes_a_healthy_archive(
    built: tuple[Path, Path, dict[str, tuple[bool, bool]]],
) -> None:
    db, _folder, _marks = built
    code, out, _err = run("doctor", "--db", str(db))
    assert code == 0 and out.strip() == f"{db}: ok"
    code, _out, err = run("doctor", "--db", str(db.parent / "absent.db"))
    assert code == 2 and "no such archive" in one_line(err)
    assert not (db.parent / "absent.db").exists()


def test_doctor_finds_an_index_out_of_step_and_rebuild_repairs_it(
    built: tuple[Path, Path, dict[str, tuple[bool, bool]]],
) -> None:
    db, _folder, marks = built
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("INSERT INTO search_index (search_index) VALUES ('delete-all')")
        conn.commit()
    problems = check_archive(db)
    assert problems and all(p.startswith("search: article") for p in problems)
    assert check_archive(db, quick=True) == problems  # the index check runs either way
    code, out, _err = run("doctor", "--quick", "--db", str(db))
    assert code == 1 and out.splitlines() == problems
    with Archive.open(db, read_only=True) as archive:
        assert len(problems) == archive.count()  # small archive: every article sampled
    code, _out, _err = run("rebuild", "--db", str(db))
    assert code == 0
    assert check_archive(db) == []
    assert marks_of(db) == marks


def test_doctor_finds_row_damage(built: tuple[Path, Path, dict[str, tuple[bool, bool]]]) -> None:
    db, _folder, _marks = built
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("UPDATE articles SET source_id = 999 WHERE id = 1")
        conn.commit()
    problems = check_archive(db)
    assert "integrity: articles row 1 points to a missing sources row" in problems


def test_missing_sources_are_reported_and_their_articles_kept(
    built: tuple[Path, Path, dict[str, tuple[bool, bool]]],
) -> None:
    db, folder, marks = built
    gone = folder / "page2.md"
    gone.unlink()
    (folder / "page3.md").write_text(page(30), encoding="utf-8")  # changed since import
    with Archive.open(db, read_only=True) as archive:
        kept = sorted(
            (a.identity, a.title, a.paragraphs) for a in archive.articles() if a.source == str(gone)
        )
    assert kept
    code, out, _err = run("doctor", "--db", str(db))
    assert code == 1 and one_line(out) == f"missing source: {gone} (2 articles kept in the archive)"
    report = rebuild_archive(db)
    assert report.ok and report.carried == (str(gone),) and len(report.reimported) == 4
    with Archive.open(db, read_only=True) as archive:
        again = sorted(
            (a.identity, a.title, a.paragraphs) for a in archive.articles() if a.source == str(gone)
        )
        titles = {a.title for a in archive.articles()}
    assert again == kept
    assert "第30号新闻标题" in titles and "第3号新闻标题" not in titles
    after = marks_of(db)
    assert {k: v for k, v in marks.items() if k in after} == {
        k: v for k, v in after.items() if k in marks
    }


def test_rebuild_refuses_an_archive_in_use(
    built: tuple[Path, Path, dict[str, tuple[bool, bool]]],
) -> None:
    db, _folder, _marks = built
    reader = sqlite3.connect(db)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM articles").fetchone()
    try:
        with pytest.raises(ArchiveError, match="in use"):
            rebuild_archive(db)
    finally:
        reader.close()
    assert sorted(p.name for p in db.parent.iterdir() if p.name.startswith("news.db")) in (
        ["news.db"],
        ["news.db", "news.db-shm", "news.db-wal"],
    )
    assert check_archive(db) == []


# ------------------------------------------------------------------ places
def test_a_missing_content_folder_is_one_line(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    code, out, err = run("import", "--db", str(db), str(tmp_path / "nowhere"), str(SAMPLE))
    assert code == 1
    assert one_line(err) == f"newsreader: {tmp_path / 'nowhere'}: no such file or folder"
    assert "1 added" in out


def test_a_folder_given_as_the_archive_is_one_line(tmp_path: Path) -> None:
    for command in (["list"], ["import", str(SAMPLE)], []):  # [] is the reader
        code, _out, err = run("--db", str(tmp_path), *command)
        assert code == 2
        example = tmp_path / "news.db"
        assert one_line(err) == (
            f"newsreader: {tmp_path}: is a folder; give the archive's file (e.g. {example})"
        )


def test_a_dangling_link_is_an_unreadable_file(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "good.md")
    (folder / "broken.md").symlink_to(tmp_path / "gone.md")
    code, out, err = run("import", "--db", str(tmp_path / "news.db"), str(folder))
    assert code == 1 and "1 added" in out
    line = one_line(err)
    # Named by the link or by where it points (the import resolves links).
    assert line.startswith(
        (f"newsreader: {folder / 'broken.md'}:", f"newsreader: {tmp_path}/gone.md:")
    )
    assert line.endswith(": unreadable (No such file or directory)")


def _feed_fifo(fifo: Path, stop: threading.Event) -> None:
    """Serve a page to every reader of the FIFO until told to stop."""
    while not stop.is_set():
        descriptor = os.open(fifo, os.O_WRONLY)
        with suppress(BrokenPipeError):  # the test closed its read end first
            os.write(descriptor, "# 管道标题\n\n管道正文。\n".encode())
        os.close(descriptor)


def test_a_fifo_named_like_a_page_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "good.md")
    fifo = folder / "pipe.md"
    os.mkfifo(fifo)
    # A writer that waits for readers: a wrong read gets a page and an end of
    # file instead of hanging the suite; a right refusal leaves it waiting
    # until this test opens the read end itself.
    stop = threading.Event()
    writer = threading.Thread(target=_feed_fifo, args=(fifo, stop), daemon=True)
    writer.start()
    try:
        with Archive.open(tmp_path / "news.db") as archive:
            report = archive.import_paths([folder])
    finally:
        stop.set()
        reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        writer.join(5)
        os.close(reader)
    assert str(fifo) in [path for path, _reason in report.failed]


def test_a_read_only_archive_opens_read_only(
    built: tuple[Path, Path, dict[str, tuple[bool, bool]]],
) -> None:
    db, _folder, marks = built
    db.chmod(0o444)
    code, out, err = run_restricted("list", "--db", str(db))
    assert code == 0 and out.count("\n") == len(marks) == 12, err
    code, out, _err = run_restricted("search", "--db", str(db), "独特事件")
    assert code == 0 and "4 results" in out
    code, _out, err = run_restricted("rebuild", "--db", str(db))
    assert code == 2 and "read-only" in one_line(err)
    assert marks_of(db) == marks and db.stat().st_mode & 0o777 == 0o444


def test_importing_into_a_read_only_archive_is_one_line(
    built: tuple[Path, Path, dict[str, tuple[bool, bool]]],
) -> None:
    db, folder, marks = built
    db.chmod(0o444)
    (folder / "page1.md").write_text(page(41), encoding="utf-8")
    code, _out, err = run_restricted("import", "--db", str(db), str(folder))
    assert code == 2 and "read-only" in one_line(err)
    assert marks_of(db) == marks


def test_a_read_only_archive_says_so(
    built: tuple[Path, Path, dict[str, tuple[bool, bool]]],
) -> None:
    db, _folder, _marks = built
    db.chmod(0o444)
    code, _out, err = run_restricted("list", "--db", str(db))
    assert code == 0 and "read-only" in one_line(err)


def test_an_unwritable_database_folder_is_one_line(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    for db in (locked / "news.db", locked / "sub" / "news.db"):
        code, _out, err = run_restricted("import", "--db", str(db), str(SAMPLE))
        assert code == 2 and str(db.parent) in one_line(err), err
    assert list(locked.iterdir()) == []


def test_an_unreadable_page_is_named_and_the_rest_imported(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "good.md")
    secret = folder / "secret.md"
    secret.write_text(page(7), encoding="utf-8")
    secret.chmod(0o000)
    code, out, err = run_restricted("import", "--db", str(tmp_path / "news.db"), str(folder))
    assert code == 1 and "1 added" in out and "1 failed" in out
    assert one_line(err) == f"newsreader: {secret}: unreadable (Permission denied)"


def _archive_in(folder: Path) -> Path:
    folder.mkdir()
    db = folder / "news.db"
    with Archive.open(db) as archive:
        assert archive.import_paths([SAMPLE]).ok
    return db


def test_doctor_and_rebuild_take_any_path(tmp_path: Path) -> None:
    # "#" and "?" end an SQLite URI unless quoted: a read-only open would then
    # open (and create) "we ird" instead of the archive.
    db = _archive_in(tmp_path / "we ird#dir?x%41")
    assert check_archive(db) == []
    assert rebuild_archive(db).ok and check_archive(db) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["we ird#dir?x%41"]


def test_doctor_checks_an_archive_in_a_folder_it_cannot_write(tmp_path: Path) -> None:
    db = _archive_in(tmp_path / "locked")
    db.parent.chmod(0o555)
    code, out, err = run_restricted("doctor", "--db", str(db))
    assert code == 0 and out.strip() == f"{db}: ok", err
    code, _out, err = run_restricted("rebuild", "--db", str(db))
    assert code == 2 and "not writable" in one_line(err)


def test_a_read_only_archive_at_any_path_opens(tmp_path: Path) -> None:
    db = _archive_in(tmp_path / "we ird#dir?x%41")
    with Archive.open(db, read_only=True) as archive:
        assert archive.count() == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == ["we ird#dir?x%41"]


def test_an_archive_in_a_folder_it_cannot_write_is_listed(tmp_path: Path) -> None:
    db = _archive_in(tmp_path / "locked")
    db.parent.chmod(0o555)
    code, out, err = run_restricted("list", "--db", str(db))
    assert code == 0 and out.count("\n") == 4, err


def test_an_unwritable_database_folder_says_why(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    code, _out, err = run_restricted("import", "--db", str(locked / "news.db"), str(SAMPLE))
    assert code == 2
    line = one_line(err).lower()
    assert "permission" in line or "not writable" in line


def test_rebuild_rereads_local_feeds_and_keeps_remote_ones(tmp_path: Path) -> None:
    feed = tmp_path / "local.xml"
    shutil.copy(Path(__file__).parent / "fixtures" / "feeds" / "rss2.xml", feed)
    url = "https://example.com/rss.xml"
    remote = ParsedPage(
        articles=tuple(
            ParsedArticle(
                position=i,
                title=f"远程条目{i}",
                level=1,
                paragraphs=(f"远程正文{i}。",),
                identity=f"{url}#item{i}",
            )
            for i in range(3)
        ),
        encoding="feed-rss",
    )
    db = tmp_path / "news.db"
    with Archive.open(db) as archive:
        assert archive.import_paths([feed]).ok
        archive.store_page(url, remote, content_hash="r1", kind="feed")
        for article in archive.articles():
            archive.set_starred(article.id)
        before = {a.identity: (a.source, a.title, a.paragraphs) for a in archive.articles()}
    assert len(before) > 3
    report = rebuild_archive(db)
    assert report.ok
    assert report.reimported == (str(feed.resolve()),) and report.carried == (url,)
    with Archive.open(db, read_only=True) as archive:
        after = {a.identity: (a.source, a.title, a.paragraphs) for a in archive.articles()}
        assert all(a.starred for a in archive.articles())
        kinds = dict(archive.db.execute("SELECT path, kind FROM sources").fetchall())
    assert after == before
    assert kinds == {str(feed.resolve()): "feed", url: "feed"}


@pytest.mark.parametrize("room", [0.3, 0.8])
def test_rebuild_on_a_full_disk_leaves_the_archive_alone(
    built: tuple[Path, Path, dict[str, tuple[bool, bool]]], room: float
) -> None:
    db, _folder, _marks = built
    before = db.read_bytes()
    limit = int(len(before) * room)
    code, _out, err = run_in_child(("rebuild", "--db", str(db)), _disk_full_at(limit))
    assert code == 2 and "the archive is unchanged" in one_line(err), err
    assert db.read_bytes() == before
    leftovers = [p.name for p in db.parent.iterdir() if ".rebuild" in p.name or ".bak" in p.name]
    assert leftovers == []
    assert check_archive(db) == []
