"""A reader and an importer at the same time: the reader never sees an error.

A second process (forked before any connection is opened, so it has its own
SQLite connection, like a second `newsreader` window) searches in a loop
while this process imports. WAL lets the reader go on while the writer
commits; the busy timeout covers the moments a checkpoint needs the lock.
The reader also checks that it only ever sees whole commits: while files are
only being added, a query's total never goes down and every hit has a row.
Two importers at once (a `watch` and a manual import) must both finish.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import threading
import traceback
from pathlib import Path
from typing import Any

from newsreader import Archive

WORDS = [
    *("经济", "会议", "召开", "企业", "创新", "群众", "服务", "建设", "工作"),
    *("推进", "质量", "科技", "政策", "改革", "郑州", "河南", "社区", "居民"),
]
QUERIES = ("经济", "会议 企业", '"创新群众"', "郑州 OR 河南", "社区 -居民", "zhengzhou", "title:第")


def write_pages(folder: Path, which: range, seed: int) -> None:
    rng = random.Random(seed)
    for n in which:
        lines = [f"> 《并发日报》（2024年{n % 12 + 1:02d}月{n % 28 + 1:02d}日第 01 版）", ""]
        for i in range(1 + n % 3):
            lines += [f"## 第{n}页第{i}篇 {rng.choice(WORDS)}", ""]
            body = "".join(rng.choice(WORDS) for _ in range(rng.randint(30, 80)))
            lines += [f"本报讯 {body}。", ""]
        (folder / f"page-{n:03d}.md").write_text("\n".join(lines), encoding="utf-8")


def search_loop(db: Path, ready_w: int, stop_r: int, result_w: int, additions_only: bool) -> None:
    """The reader process: search until told to stop, then report what it saw."""
    seen: dict[str, Any] = {"searches": 0, "errors": [], "shrunk": [], "ghosts": 0}
    last: dict[str, int] = {}
    os.set_blocking(stop_r, False)
    try:
        with Archive.open(db) as archive:
            os.write(ready_w, b"r")
            while True:
                try:
                    if os.read(stop_r, 1):
                        break
                except BlockingIOError:
                    pass
                for query in QUERIES:
                    try:
                        result = archive.search(query, limit=20)
                        ids = archive.search_ids(query, sort="date")
                        rows = archive.rows(ids[:50])
                        archive.sections(query)
                        if ids:
                            archive.article(ids[0])
                    except Exception:
                        seen["errors"].append(traceback.format_exc(limit=3))
                        continue
                    seen["searches"] += 1
                    if additions_only and result.total < last.get(query, 0):
                        seen["shrunk"].append((query, last[query], result.total))
                    last[query] = result.total
                    # A row that vanished between the id query and the row query
                    # would mean the reader saw half a commit.
                    seen["ghosts"] += len(ids[:50]) - len(rows)
    except Exception:
        seen["errors"].append(traceback.format_exc(limit=3))
    with os.fdopen(result_w, "w", encoding="utf-8") as pipe:
        json.dump(seen, pipe)


def run_reader_during(db: Path, work: Any, additions_only: bool) -> dict[str, Any]:
    """Fork a reader, run ``work()`` here while it searches, return what it saw."""
    ready_r, ready_w = os.pipe()
    stop_r, stop_w = os.pipe()
    result_r, result_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the reader process
        status = 0
        try:
            for fd in (ready_r, stop_w, result_r):
                os.close(fd)
            search_loop(db, ready_w, stop_r, result_w, additions_only)
        except BaseException:
            status = 1
        finally:
            os._exit(status)
    for fd in (ready_w, stop_r, result_w):
        os.close(fd)
    try:
        assert os.read(ready_r, 1) == b"r", "the reader did not start"
        work()
    finally:
        os.write(stop_w, b"s")
        with os.fdopen(result_r, encoding="utf-8") as pipe:
            text = pipe.read()
        _pid, status = os.waitpid(pid, 0)
    assert status == 0, "the reader process crashed"
    return json.loads(text)


def test_searching_during_an_import_sees_no_error(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    write_pages(folder, range(20), seed=1)
    db = tmp_path / "news.db"
    with Archive.open(db) as archive:
        assert archive.import_paths([folder], workers=1).ok
    write_pages(folder, range(20, 220), seed=2)
    reports = []

    def import_more() -> None:
        with Archive.open(db) as archive:
            reports.append(archive.import_paths([folder], workers=1))

    seen = run_reader_during(db, import_more, additions_only=True)
    assert seen["errors"] == []
    assert seen["shrunk"] == [], "a total went down while only additions were committed"
    assert seen["ghosts"] == 0
    assert seen["searches"] >= len(QUERIES), "the reader did not overlap the import"
    assert reports[0].ok and len(reports[0].added) == 200


def test_searching_during_a_reimport_of_changed_files_sees_no_error(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    write_pages(folder, range(150), seed=3)
    db = tmp_path / "news.db"
    with Archive.open(db) as archive:
        assert archive.import_paths([folder], workers=1).ok
    write_pages(folder, range(0, 150, 2), seed=4)  # half the files change
    for n in range(140, 150):
        (folder / f"page-{n:03d}.md").unlink()  # and some disappear
    reports = []

    def reimport() -> None:
        with Archive.open(db) as archive:
            reports.append(archive.import_paths([folder], workers=1))
            archive.set_read(1)

    seen = run_reader_during(db, reimport, additions_only=False)
    assert seen["errors"] == []
    assert seen["searches"] >= len(QUERIES)
    report = reports[0]
    assert report.ok and len(report.removed) == 10 and len(report.updated) == 70


def test_two_imports_at_once_both_complete(tmp_path: Path) -> None:
    """`newsreader watch` and a manual import may write at the same time: both must finish."""
    folders = [tmp_path / "a", tmp_path / "b"]
    for number, folder in enumerate(folders):
        folder.mkdir()
        write_pages(folder, range(number * 100, number * 100 + 100), seed=5 + number)
    db = tmp_path / "news.db"
    Archive.open(db).close()  # created once, so neither child races to create the schema
    children = []
    for folder in folders:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - an importer process
            outcome: dict[str, Any] = {}
            try:
                os.close(read_end)
                with Archive.open(db) as archive:
                    report = archive.import_paths([folder], workers=1)
                outcome = {"added": len(report.added), "failed": report.failed}
            except BaseException:
                outcome = {"error": traceback.format_exc(limit=3)}
            finally:
                with os.fdopen(write_end, "w", encoding="utf-8") as pipe:
                    json.dump(outcome, pipe)
                os._exit(0)
        os.close(write_end)
        children.append((pid, read_end))
    outcomes = []
    for pid, read_end in children:
        with os.fdopen(read_end, encoding="utf-8") as pipe:
            outcomes.append(json.load(pipe))
        os.waitpid(pid, 0)
    assert outcomes == [{"added": 100, "failed": []}] * 2
    with Archive.open(db, read_only=True) as archive:
        sources = {Path(a.source).parent.name for a in archive.articles()}
        assert archive.count() == sum(1 + n % 3 for n in range(200))
    assert sources == {"a", "b"}


def test_a_write_that_reads_first_waits_for_another_writer(tmp_path: Path) -> None:
    """The race CI once hit, made deterministic: a fresh connection starts an
    import while another holds the write lock and commits a moment later.
    FTS5 reads its config when a connection first uses the index, before it
    writes; inside a deferred transaction that read pins a snapshot, and
    SQLite then fails at once with "database is locked" instead of waiting."""
    folder = tmp_path / "pages"
    folder.mkdir()
    write_pages(folder, range(3), seed=5)
    db = tmp_path / "a.db"
    Archive.open(db).close()
    other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO settings (key, value) VALUES ('other', '1')")
    # Commit from another thread once the import is waiting for the lock.
    threading.Timer(0.3, lambda: other.execute("COMMIT")).start()
    with Archive.open(db) as archive:
        report = archive.import_paths([folder], workers=1)
        assert len(report.added) == 3 and not report.failed
        assert archive.search("经济 OR 会议 OR 企业").total > 0
    other.close()


_ENDLESS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"


def test_interrupt_aborts_queries_running_on_another_thread(tmp_path: Path) -> None:
    """The reader interrupts a stale worker's archive from the UI thread: both
    its connection and the side connection stop at once."""
    import time

    Archive.open(tmp_path / "a.db").close()
    opened: list[Archive] = []
    errors: list[str] = []

    def worker(on_side: bool) -> None:
        with Archive.open(tmp_path / "a.db") as archive:
            archive.search("热身")  # opens the side connection
            opened.append(archive)
            side = archive._side
            assert side is not None
            try:
                if on_side:
                    side.submit(lambda db: db.execute(_ENDLESS).fetchone()).result()
                else:
                    archive.db.execute(_ENDLESS).fetchone()
            except sqlite3.OperationalError as error:
                errors.append(str(error))

    threads = [threading.Thread(target=worker, args=(side,), daemon=True) for side in (False, True)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    assert len(opened) == 2
    for archive in opened:
        archive.interrupt()
    for thread in threads:
        thread.join(5)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == ["interrupted", "interrupted"]


def test_interrupting_a_closed_archive_does_nothing(tmp_path: Path) -> None:
    """A worker cancelled just as its call ended finds its archive closed: the
    interrupt must not raise (it used to: "Cannot operate on a closed database")."""
    archive = Archive.open(tmp_path / "a.db")
    archive.search("热身")  # opens the side connection too
    archive.close()
    archive.interrupt()
