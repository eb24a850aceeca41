"""Core answers to the faults of issue 16: processes, names, read-only and damaged
archives, bounded inputs. Each test fails without its fix."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from watchfiles import Change

from newsreader import Archive
from newsreader.config import load_config
from newsreader.features.live import FOLDER_GONE, undecodable_root, watch_folders
from newsreader.features.maintenance import check_archive
from newsreader.features.polling import FolderPoller, watchable
from newsreader.features.watchwords import WordSpans
from newsreader.models import ImportReport, SectionKey
from newsreader.search.bounds import MAX_ROWS, bounded_rows
from newsreader.search.snippets import find_spans
from newsreader.store.damage import ArchiveDamaged, is_damage
from newsreader.store.paths import path_text, real_path
from newsreader.store.schema import ArchiveError, read_only_uris
from newsreader.store.walk import walk_files
from newsreader.ui.watchlist import watch_marker

ROOT = Path(__file__).resolve().parent.parent
WORDS = "经济会议召开企业创新群众服务建设工作推进质量科技政策改革郑州河南社区居民"


def write_pages(folder: Path, count: int, articles: int = 4) -> None:
    """``count`` small dated pages of ``articles`` articles each."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        lines = [
            f"> 《测试日报》（2024年{n % 12 + 1:02d}月{n % 28 + 1:02d}日第 {n % 8 + 1:02d} 版）",
            "",
        ]
        for i in range(articles):
            body = "".join(WORDS[(n * 7 + i * 3 + k) % len(WORDS)] for k in range(300))
            lines += [f"## 第{n}页第{i}篇", "", f"本报讯 {body}，编号{n}-{i}。", ""]
        (folder / f"page-{n:04d}.md").write_text("\n".join(lines), encoding="utf-8")


# ---------------------------------------------------------------- processes
def _children(pid: int) -> set[int]:
    """Processes whose parent is ``pid`` (read from /proc)."""
    found = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        with suppress(OSError):
            stat = Path(f"/proc/{entry}/stat").read_text()
            # "pid (comm) state ppid ...": comm may hold spaces, so split after ')'.
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry))
    return found


def _alive(pid: int) -> bool:
    """Running (a zombie has ended: it only waits to be reaped)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one CPU: imports use no worker pool")
def test_killed_import_leaves_no_worker_behind(tmp_path: Path) -> None:
    """SIGKILL the real `newsreader import` once its pool workers exist."""
    folder = tmp_path / "pages"
    write_pages(folder, 600)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "newsreader", "import", "--db", str(tmp_path / "n.db"), str(folder)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    try:
        while not workers:
            assert process.poll() is None, "the import ended before its workers were seen"
            assert time.monotonic() < deadline, "no worker processes appeared"
            workers |= _children(process.pid)
            time.sleep(0.01)
        settle = time.monotonic() + 0.3  # the pool starts its workers one after another
        while time.monotonic() < settle and process.poll() is None:
            workers |= _children(process.pid)
            time.sleep(0.01)
    finally:
        process.send_signal(signal.SIGKILL)  # only the importer: its workers must follow
        process.wait()
    deadline = time.monotonic() + 5
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [pid for pid in workers if _alive(pid)]
    for pid in left:  # clean up before failing
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    assert not left, f"workers still running 5 s after the importer was killed: {left}"


def test_a_worker_whose_parent_is_gone_exits(tmp_path: Path) -> None:
    """The portable fallback alone: the parent id changes, the worker exits."""
    script = (
        "import os, sys, time\n"
        "from newsreader.store import workers\n"
        "workers.PARENT_POLL_SECONDS = 0.05\n"
        "if os.fork() == 0:\n"
        "    workers._ask_kernel_for_death_signal = lambda: False\n"
        "    workers.end_with_parent(os.getppid())\n"
        "    print(os.getpid(), flush=True)\n"
        "    time.sleep(30)\n"
        "    os._exit(0)\n"
        "time.sleep(0.5)\n"
        "os._exit(0)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=30
    )
    child = int(done.stdout.split()[0])
    deadline = time.monotonic() + 5
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = _alive(child)
    if alive:
        os.kill(child, signal.SIGKILL)
    assert not alive


# ---------------------------------------------------------------- read-only folders
def _archive_with_changes_in_wal(folder: Path, changes: int = 10) -> Path:
    """An archive whose last ``changes`` commits (stars) are only in its WAL.

    The writer stops checkpointing and is killed after committing, as a
    crash or another process still writing would leave it: the -wal and
    -shm files stay beside the archive.
    """
    write_pages(folder / "pages", 4, articles=4)
    db = folder / "news.db"
    with Archive.open(db) as archive:
        archive.import_paths([folder / "pages"], workers=1)
    script = (
        "import os, sys\n"
        "from newsreader import Archive\n"
        "archive = Archive.open(sys.argv[1])\n"
        "archive.db.execute('PRAGMA wal_autocheckpoint = 0')\n"
        f"for article_id in archive.list_ids()[:{changes}]:\n"
        "    archive.set_starred(article_id)\n"
        "os._exit(0)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", script, str(db)], env=env, check=True, timeout=60)
    assert Path(f"{db}-wal").stat().st_size > 0
    return db


def _starred(archive: Archive) -> int:
    return len(archive.list_ids(scope=SectionKey("starred")))


def test_a_read_only_folder_shows_changes_still_in_the_wal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder is reported unwritable (tests run as root, where chmod stops
    nothing): the old code then opened ``immutable=1`` and saw 0 of the 10."""
    db = _archive_with_changes_in_wal(tmp_path)
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if Path(p) == tmp_path else real_access(p, mode)
    )
    with Archive.open(db, read_only=True) as archive:
        assert _starred(archive) == 10


def test_read_only_uris_try_the_wal_first() -> None:
    uris = read_only_uris(Path("/a dir/news#1?.db"))
    assert uris == [
        "file:/a%20dir/news%231%3F.db?mode=ro",
        "file:/a%20dir/news%231%3F.db?mode=ro&immutable=1",
    ]


_READ_IN_READ_ONLY_MOUNT = """
import sys
from newsreader import Archive
from newsreader.models import SectionKey
with Archive.open(sys.argv[1], read_only=True) as archive:
    print(len(archive.list_ids(scope=SectionKey("starred"))))
"""


def _read_in_read_only_mount(folder: Path, db: Path) -> int:
    """Count stars with ``folder`` bind-mounted read-only in a mount namespace of its own."""
    command = f'mount --bind -o ro "{folder}" "{folder}" && exec "{sys.executable}" -c "$0" "{db}"'
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        ["unshare", "-m", "sh", "-c", command, _READ_IN_READ_ONLY_MOUNT],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return int(done.stdout)


def _can_mount_read_only(tmp_path: Path) -> bool:
    probe = tmp_path / "probe"
    probe.mkdir()
    with suppress(OSError, subprocess.SubprocessError):
        done = subprocess.run(
            [
                "unshare",
                "-m",
                "sh",
                "-c",
                f'mount --bind -o ro "{probe}" "{probe}" && ! touch "{probe}/x" 2>/dev/null',
            ],
            capture_output=True,
            timeout=10,
        )
        return done.returncode == 0
    return False


def test_a_truly_read_only_folder(tmp_path: Path) -> None:
    """Where a read-only bind mount can be made (root with mount namespaces):
    with the -shm left by the writer all 10 changes are read; without it SQLite
    cannot read the WAL there, and the archive still opens (as last checkpointed)."""
    if not _can_mount_read_only(tmp_path):
        pytest.skip("cannot make a read-only bind mount here")
    db = _archive_with_changes_in_wal(tmp_path / "a")
    assert _read_in_read_only_mount(db.parent, db) == 10
    Path(f"{db}-shm").unlink()
    assert _read_in_read_only_mount(db.parent, db) == 0


# ---------------------------------------------------------------- damaged archives
@pytest.fixture(scope="module")
def healthy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A checkpointed archive of 160 articles, to copy and damage."""
    folder = tmp_path_factory.mktemp("healthy")
    write_pages(folder / "pages", 40, articles=4)
    db = folder / "news.db"
    with Archive.open(db) as archive:
        archive.import_paths([folder / "pages"], workers=1)
        archive.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db


def _flipped(healthy: Path, target: Path, seed: int) -> Path:
    """200 bytes flipped past the first page (the header stays readable)."""
    data = bytearray(healthy.read_bytes())
    rng = random.Random(seed)
    for _ in range(200):
        data[rng.randrange(4096, len(data))] ^= 0xFF
    target.write_bytes(bytes(data))
    return target


def _dropped(healthy: Path, target: Path, table: str) -> Path:
    shutil.copy(healthy, target)
    conn = sqlite3.connect(target)
    conn.execute(f"DROP TABLE {table}")
    conn.commit()
    conn.close()
    return target


def _every_reading_call(archive: Archive) -> list[Callable[[], object]]:
    return [
        archive.count,
        lambda: list(archive.articles()),
        lambda: archive.article(1),
        lambda: archive.list_ids(),
        lambda: archive.rows(list(range(1, 200))),
        lambda: archive.search("经济"),
        lambda: archive.search("经济 -改革", sort="date"),
        lambda: archive.search_ids("郑州"),
        lambda: archive.count_matches("会议"),
        lambda: archive.sections(),
        lambda: archive.sections("经济"),
        lambda: archive.stats(),
        lambda: archive.dates("经济"),
        lambda: archive.keywords(1),
        lambda: archive.source_path(1),
        lambda: archive.roots(),
    ]


def _answers(archive: Archive) -> list[str]:
    """What each call did: "ok", or the one line of its ArchiveError."""
    outcomes = []
    for call in _every_reading_call(archive):
        try:
            call()
        except ArchiveError as error:
            message = str(error)
            assert "\n" not in message
            outcomes.append(message)
        else:
            outcomes.append("ok")
    return outcomes


@pytest.mark.parametrize("table", ["articles", "sources", "search_index"])
def test_a_dropped_table_is_named_as_damage(healthy: Path, tmp_path: Path, table: str) -> None:
    db = _dropped(healthy, tmp_path / "news.db", table)
    try:
        archive = Archive.open(db)
    except ArchiveError as error:  # the open may see it first: also one line
        assert "\n" not in str(error)
        return
    with archive:
        answers = _answers(archive)
    damaged = [a for a in answers if a != "ok"]
    assert damaged, "no call reached the dropped table"
    for message in damaged:
        assert "damaged" in message and "newsreader doctor" in message
        assert "newsreader rebuild" in message


@pytest.mark.parametrize("seed", range(6))
def test_flipped_bytes_are_named_as_damage(healthy: Path, tmp_path: Path, seed: int) -> None:
    """Every call either works or raises ArchiveError: never a bare sqlite3 error;
    and `newsreader doctor`, which the message points to, finds the damage."""
    db = _flipped(healthy, tmp_path / "news.db", seed)
    problems = check_archive(db)
    assert problems and all("\n" not in p for p in problems)
    try:
        archive = Archive.open(db, read_only=True)
    except ArchiveError as error:
        assert "\n" not in str(error)
        return
    with archive:
        _answers(archive)


def test_damage_is_one_class_of_archive_error() -> None:
    assert issubclass(ArchiveDamaged, ArchiveError)
    interrupted = sqlite3.OperationalError("interrupted")
    interrupted.sqlite_errorcode = sqlite3.SQLITE_INTERRUPT  # type: ignore[attr-defined]
    assert not is_damage(interrupted)
    corrupt = sqlite3.DatabaseError("database disk image is malformed")
    corrupt.sqlite_errorcode = sqlite3.SQLITE_CORRUPT  # type: ignore[attr-defined]
    assert is_damage(corrupt)


# ---------------------------------------------------------------- bounded inputs
@pytest.mark.parametrize(
    "query",
    ["\ud800", "经济\udfff", "\udcff\udcfe", 'title:"\ud800"', "-\udcff 郑州", "经济 OR \ud800"],
)
def test_query_text_sqlite_cannot_store_never_raises(healthy: Path, query: str) -> None:
    """Lone surrogates: from a broken caller, or a command-line byte that is not UTF-8."""
    with Archive.open(healthy, read_only=True) as archive:
        result = archive.search(query)
        assert result.total == len(archive.search_ids(query)) == archive.count_matches(query)
        archive.sections(query)
        archive.dates(query)
        archive.hits(archive.list_ids()[:3], query)
        archive.match_spans(archive.list_ids()[0], query)


def test_surrogates_do_not_change_what_the_rest_finds(healthy: Path) -> None:
    with Archive.open(healthy, read_only=True) as archive:
        plain = set(archive.search_ids("郑州"))
        assert plain
        assert set(archive.search_ids("郑州 OR \ud800")) == plain
        assert archive.search_ids("郑州 \ud800") == []


def test_absurd_offsets_and_limits_are_bounded(healthy: Path) -> None:
    huge = 99_999_999_999_999_999_999
    with Archive.open(healthy, read_only=True) as archive:
        total = archive.search("经济").total
        assert total > 0
        assert archive.search("经济", offset=huge).hits == ()
        assert archive.search("经济", offset=huge).total == total
        assert len(archive.search("经济", limit=huge).hits) == total
        assert archive.search("经济", limit=-5).hits == ()
        assert len(archive.search("经济", offset=-5).hits) == min(50, total)
        assert len(archive.list_ids(limit=huge)) == archive.count()
        assert archive.list_ids(limit=-1) == []
    assert bounded_rows(huge) == MAX_ROWS and bounded_rows(-1) == 0


def test_a_folder_1200_deep_imports(tmp_path: Path) -> None:
    top = tmp_path / "deep"
    bottom = top
    for _ in range(1200):  # one level at a time: mkdir(parents=True) recurses too
        bottom = bottom / "d"
        bottom.mkdir(parents=bottom.parent == top)
    try:
        write_pages(bottom, 1, articles=2)
        (top / "first.md").write_text("# 顶层\n\n本报讯 顶层的一篇。\n", encoding="utf-8")
        with Archive.open(tmp_path / "news.db") as archive:
            report = archive.import_paths([top], workers=1)
            assert report.ok, report.failed
            assert len(report.added) == 2 and archive.count() == 3
    finally:
        _remove_chain(top, bottom)


def _remove_chain(top: Path, bottom: Path) -> None:
    """Delete the deep folder from the bottom up: shutil.rmtree (and so pytest's
    own clean-up of old temporary folders) recurses into RecursionError on it."""
    folder = bottom
    while folder != top.parent:
        for entry in folder.iterdir():
            if not entry.is_dir():
                entry.unlink()
        folder.rmdir()
        folder = folder.parent


def test_the_walk_keeps_os_walks_order(tmp_path: Path) -> None:
    """Own files first, then each subfolder by name; hidden folders and links skipped."""
    for name in ["b/z.md", "b/a.md", "a/c/x.md", "a/y.md", "m.md", ".h/n.md", "a/.i/o.md", "k.txt"]:
        path = tmp_path / "t" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    (tmp_path / "t" / "link").symlink_to(tmp_path / "t" / "b")
    expected = []
    for dirpath, dirnames, filenames in os.walk(tmp_path / "t"):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        expected += [Path(dirpath, f) for f in sorted(filenames) if f.endswith(".md")]
    found = list(walk_files(tmp_path / "t", lambda p: p.suffix == ".md"))
    assert found == expected
    assert [p.relative_to(tmp_path / "t").as_posix() for p in found] == [
        "m.md",
        "a/y.md",
        "a/c/x.md",
        "b/a.md",
        "b/z.md",
    ]


# ---------------------------------------------------------------- names that are not UTF-8
GBK_NAME = "经济新闻.md".encode("gbk")  # b'\xbe\xad\xbc\xc3\xd0\xc2\xce\xc5.md'
GBK_TEXT = "\\xbe\\xad\\xbc\\xc3\\xd0\\xc2\\xce\\xc5.md"  # how it is stored and shown
PAGE = "## 经济新闻{n}\n\n本报讯 第{n}条经济新闻的正文。\n\n记者 王浩\n"


def _write_gbk(folder: Path, n: int = 1) -> bytes:
    """A page whose file name is GBK bytes; returns its full path as bytes."""
    path = os.fsencode(folder) + b"/" + GBK_NAME
    with open(path, "wb") as handle:
        handle.write(PAGE.format(n=n).encode("utf-8"))
    return path


def test_path_text_round_trips(tmp_path: Path) -> None:
    assert GBK_NAME == b"\xbe\xad\xbc\xc3\xd0\xc2\xce\xc5.md"
    raw = _write_gbk(tmp_path)
    text = path_text(os.fsdecode(raw))
    assert text == f"{tmp_path}/{GBK_TEXT}"
    text.encode("utf-8")  # storable, printable
    assert os.fsencode(real_path(text)) == raw
    assert path_text("/新闻/a\\x41.md") == "/新闻/a\\x41.md"  # UTF-8 names unchanged
    assert real_path("/新闻/a.md") == "/新闻/a.md"


@pytest.mark.parametrize("others", [0, 30])  # in this process, and in the worker pool
def test_a_gbk_named_page_is_imported(tmp_path: Path, others: int) -> None:
    folder = tmp_path / "share"
    write_pages(folder, others, articles=1)
    raw = _write_gbk(folder)
    with Archive.open(tmp_path / "news.db") as archive:
        report = archive.import_paths([folder], workers=2)
        assert report.ok, report.failed
        assert f"{folder}/{GBK_TEXT}" in report.added
        (hit,) = archive.search("第1条经济新闻").hits
        assert archive.source_path(hit.id) == f"{folder}/{GBK_TEXT}"
        again = archive.import_paths([folder], workers=2)
        assert again.ok and f"{folder}/{GBK_TEXT}" in again.unchanged
        os.remove(raw)
        gone = archive.import_paths([folder], workers=2)
        assert gone.removed == (f"{folder}/{GBK_TEXT}",)
        assert archive.search("第1条经济新闻").total == 0


def test_a_gbk_named_folder_argument_is_imported(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path) + b"/" + "新闻".encode("gbk")
    os.mkdir(folder)
    _write_gbk(Path(os.fsdecode(folder)))
    with Archive.open(tmp_path / "news.db") as archive:
        report = archive.import_paths([os.fsdecode(folder)])
        assert report.ok and len(report.added) == 1
        assert [os.fsencode(root) for root in archive.roots()] == [folder]


def _watching(
    db: Path, folders: list[Path], reports: list[ImportReport]
) -> tuple[threading.Thread, threading.Event]:
    stop = threading.Event()
    thread = threading.Thread(
        target=watch_folders,
        args=(db, folders, reports.append, stop),
        kwargs={"debounce_ms": 100},
        daemon=True,
    )
    thread.start()
    return thread, stop


def _wait(condition: Callable[[], bool], seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def _found(db: Path, query: str) -> int:
    """Matches of ``query``; -1 while the watch is still creating the archive."""
    try:
        with Archive.open(db, read_only=True) as archive:
            return archive.search(query).total
    except ArchiveError:
        return -1


def test_watch_imports_a_gbk_name_and_keeps_watching(tmp_path: Path) -> None:
    folder = tmp_path / "share"
    write_pages(folder, 1, articles=1)
    db = tmp_path / "news.db"
    reports: list[ImportReport] = []
    thread, stop = _watching(db, [folder], reports)
    try:
        assert _wait(lambda: db.exists() and _found(db, "第0页第0篇") == 1)
        raw = _write_gbk(folder, 1)
        assert _wait(lambda: _found(db, "第1条经济新闻") == 1)
        (folder / "later.md").write_text(PAGE.format(n=2), encoding="utf-8")
        assert _wait(lambda: _found(db, "第2条经济新闻") == 1)  # still watching
        os.remove(raw)
        assert _wait(lambda: _found(db, "第1条经济新闻") == 0)
        assert thread.is_alive()
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()
    assert all(not r.failed for r in reports)


def test_undecodable_events_name_their_folder(tmp_path: Path) -> None:
    roots = [tmp_path / "a", tmp_path / "b"]
    error = RuntimeError(f'Unable to decode path "{roots[1]}/x/\\xBE\\xAD.md" to string')
    assert undecodable_root(error, roots) == [roots[1]]
    assert undecodable_root(RuntimeError('Unable to decode path "/elsewhere"'), roots) == roots
    assert undecodable_root(RuntimeError("something else"), roots) is None


def test_a_deleted_watched_folder_keeps_its_articles(tmp_path: Path) -> None:
    """Files deleted in a folder that exists are forgotten; a whole folder gone is kept."""
    kept, other = tmp_path / "share", tmp_path / "local"
    write_pages(kept, 5, articles=2)
    (other / "one.md").parent.mkdir()
    (other / "one.md").write_text(PAGE.format(n=1), encoding="utf-8")
    (other / "two.md").write_text(PAGE.format(n=2), encoding="utf-8")
    db = tmp_path / "news.db"
    reports: list[ImportReport] = []
    thread, stop = _watching(db, [kept, other], reports)
    try:
        assert _wait(lambda: db.exists() and _found(db, "第2条经济新闻") == 1)
        (other / "two.md").unlink()
        assert _wait(lambda: _found(db, "第2条经济新闻") == 0)
        shutil.rmtree(kept)
        assert _wait(lambda: any(r.failed for r in reports))
        (other / "three.md").write_text(PAGE.format(n=3), encoding="utf-8")
        assert _wait(lambda: _found(db, "第3条经济新闻") == 1)
    finally:
        stop.set()
        thread.join(timeout=10)
    failed = [f for r in reports for f in r.failed]
    assert failed == [(str(kept), FOLDER_GONE)]
    with Archive.open(db, read_only=True) as archive:
        assert len(archive.list_ids()) == 10 + 2  # the share's 10, one.md and three.md


def test_the_poller_reports_what_changed(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path) + b"/" + "新闻".encode("gbk")
    os.mkdir(folder)
    root = Path(os.fsdecode(folder))
    assert not watchable(root) and watchable(tmp_path)
    (root / "a.md").write_text("a", encoding="utf-8")
    (root / "b.md").write_text("b", encoding="utf-8")
    poller = FolderPoller([root], interval=3600)
    assert poller.poll() == set()  # not due yet
    (root / "a.md").write_text("a, longer", encoding="utf-8")
    (root / "b.md").unlink()
    raw = _write_gbk(root)
    assert poller.poll(force=True) == {
        (Change.modified, str(root / "a.md")),
        (Change.deleted, str(root / "b.md")),
        (Change.added, os.fsdecode(raw)),
    }
    assert poller.poll(force=True) == set()


# ---------------------------------------------------------------- year 0001
RSS_YEAR_ONE = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>古报</title><link>https://example.com/</link>
<item><title>元年快讯</title><link>https://example.com/1</link>
<pubDate>Mon, 01 Jan 0001 08:00:00 +0000</pubDate><description>元年的快讯。</description></item>
<item><title>两位年份</title><link>https://example.com/2</link>
<pubDate>Mon, 01 Jan 24 08:00:00 +0000</pubDate><description>两位年份的快讯。</description></item>
</channel></rss>
"""


def test_year_0001_stays_year_0001(tmp_path: Path) -> None:
    """In front matter and in an RSS date: never read as 2001 (two-digit years still are)."""
    (tmp_path / "page.md").write_text(
        "---\npublication: 古报\ndate: 0001-01-01\n---\n\n# 元年新闻\n\n本报讯 元年的一篇。\n",
        encoding="utf-8",
    )
    (tmp_path / "feed.xml").write_text(RSS_YEAR_ONE, encoding="utf-8")
    with Archive.open(tmp_path / "news.db") as archive:
        assert archive.import_paths([tmp_path / "page.md", tmp_path / "feed.xml"]).ok
        dates = {archive.article(i).title: archive.article(i).date for i in archive.list_ids()}
        assert archive.search("date:0001").total == 2
        assert archive.search("date:2001").total == 0
    assert dates == {"元年新闻": "0001-01-01", "元年快讯": "0001-01-01", "两位年份": "2024-01-01"}


# ---------------------------------------------------------------- a large watchlist
ALPHABET = "经济会议经經ＡaA新闻"


@given(
    text=st.text(alphabet=ALPHABET, max_size=60),
    words=st.lists(st.text(alphabet=ALPHABET, max_size=4), max_size=8),
)
def test_compiled_watchlist_equals_one_scan_per_word(text: str, words: list[str]) -> None:
    """The compiled scan gives exactly the spans of the per-word loop it replaced
    (repeats like 经经经 with 经经 test the non-overlapping rule; Ａ/a/A and 經/经 folding)."""
    assert WordSpans(words).spans(text) == find_spans(text, words)


def test_compiled_watchlist_cases() -> None:
    assert WordSpans(["aa"]).spans("aaa") == find_spans("aaa", ["aa"]) == [(0, 2)]
    assert WordSpans(["aa", "a"]).spans("aaa") == [(0, 3)]
    assert WordSpans(["經濟"]).spans("经济會議") == [(0, 2)]
    assert WordSpans([]).spans("经济") == [] and not WordSpans(["", ""])


def test_a_50000_word_watchlist_loads_whole(tmp_path: Path) -> None:
    """Every word kept, in order, once; the speed is in benchmarks/bench_watchlist.py."""
    words = [f"词{n:05d}" for n in range(50_000)]
    quoted = ", ".join(f'"{w}"' for w in [*words, words[0], "  "]) + ", 7"
    path = tmp_path / "config.toml"
    path.write_text(f'[[watchlist]]\nname = "大"\nwords = [{quoted}]\n', encoding="utf-8")
    config, problems = load_config(path)
    assert config.watch_groups[0].words == tuple(words)
    assert len(problems) == 1 and "non-text words dropped" in problems[0]
    marker = watch_marker(config.watch_groups)
    assert marker is not None
    assert [(s, e) for s, e, _ in marker("今天词00042和词49999。")] == [(2, 8), (9, 15)]


def test_a_file_only_tomlkit_explains_still_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "x"\n[[watchlist]]\nwords = ["a",\n', encoding="utf-8")
    config, problems = load_config(path)
    assert config == load_config(tmp_path / "missing.toml")[0]
    assert len(problems) == 1 and "line 3" in problems[0]


def test_an_archive_in_a_gbk_named_folder_opens_read_only(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path) + b"/" + "新闻".encode("gbk")
    os.mkdir(folder)
    db = Path(os.fsdecode(folder)) / "news.db"
    with Archive.open(db) as archive:
        archive.import_paths([ROOT / "content"])
    with Archive.open(db, read_only=True) as archive:
        assert archive.count() == 4
    assert read_only_uris(db)[0].endswith("/%D0%C2%CE%C5/news.db?mode=ro")
    assert check_archive(db) == []
