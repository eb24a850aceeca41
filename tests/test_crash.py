"""Crash safety: an import killed with SIGKILL at random points leaves every file whole.

For several seeds, an import of ~150 small pages runs in a child process
(forked, so it starts in milliseconds; it is a real process with its own
SQLite connection) and is killed with its whole process group at a random
point of its work. The point is a count of SQLite steps, not a time: the
child kills itself from SQLite's progress handler (called every ``STEP``
virtual-machine instructions, inside the import's statements and
transactions), so where the kill lands depends on the seed only, never on how
busy the machine is (a timer calibrated while another test loaded the CPU let
the import finish first). The import is serial (``workers=1``): the writer is
what a kill can damage, and parse workers write nothing. After each kill the
archive must pass ``PRAGMA integrity_check`` and the doctor's checks, and
every file must be wholly in (exactly the articles the parser yields for the
stored version of the file, in order) or wholly out. A second kill lands in a
re-import of changed files, where each file must be wholly old or wholly new.
A final run completes. The real command is killed from outside just after its
first commit (at any instruction, a write included), and a disk that fills up
mid-import (``RLIMIT_FSIZE``) must leave the same guarantees.
"""

from __future__ import annotations

import json
import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing, suppress
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from click.testing import CliRunner

from newsreader import Archive
from newsreader.archive import INDEXING
from newsreader.cli.main import cli
from newsreader.features.maintenance import check_archive
from newsreader.parse.dispatch import parse_any
from newsreader.store.prepare import content_hash

PAGES = 150
# SQLite virtual-machine instructions between two steps of the kill hook: about
# a thousand steps for one import of the folder, so kills land all through it.
STEP = 100
SEEDS = (1, 2, 3)
FULL_DISK_PAGES = 120
WORDS = [
    *("经济", "会议", "召开", "企业", "创新", "群众", "服务", "建设", "工作"),
    *("推进", "质量", "科技", "政策", "改革", "郑州", "河南", "社区", "居民"),
]

# path -> {content hash: article titles in file order}
Versions = dict[str, dict[str, list[str]]]


def page_text(n: int, version: int, rng: random.Random) -> str:
    """A small page whose article count and titles depend on ``version``."""
    articles = 1 + (n + version) % 4
    lines = [
        f"> 《测试日报》（2024年{n % 12 + 1:02d}月{n % 28 + 1:02d}日第 {n % 8 + 1:02d} 版）",
        "",
    ]
    for i in range(articles):
        lines.append(f"## 第{n}页第{i}篇 版本{version} {rng.choice(WORDS)}")
        lines.append("")
        body = "".join(rng.choice(WORDS) for _ in range(rng.randint(20, 60)))
        lines.append(f"本报讯 {body}，编号{n}-{i}-{version}。")
        lines.append("")
    return "\n".join(lines)


def write_pages(folder: Path, which: range, version: int, seed: int) -> Versions:
    rng = random.Random(seed * 1000 + version)
    versions: Versions = {}
    for n in which:
        path = folder / f"page-{n:03d}.md"
        data = page_text(n, version, rng).encode("utf-8")
        path.write_bytes(data)
        key = str(path.resolve())
        titles = [a.title for a in parse_any(data, key).articles]
        versions.setdefault(key, {})[content_hash(data)] = titles
    return versions


def merge(a: Versions, b: Versions) -> Versions:
    merged = {path: dict(hashes) for path, hashes in a.items()}
    for path, hashes in b.items():
        merged.setdefault(path, {}).update(hashes)
    return merged


class ImportSteps(NamedTuple):
    """Where an uninterrupted import of the folder is, counted in kill-hook steps."""

    stored: int  # stage 1 done: every file stored (articles not yet indexed)
    total: int  # stage 2 done: every article indexed


def import_and_kill(db: Path, folder: Path, at_step: int) -> bool:
    """Import in a child process that SIGKILLs its process group at SQLite step ``at_step``.

    Returns True when the import had already finished (``at_step`` past its end).
    """
    done_r, done_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.setsid()  # its own process group, so the kill reaches any helper too
            os.close(done_r)
            steps = 0

            def step() -> int:
                nonlocal steps
                steps += 1
                if steps >= at_step:
                    os.killpg(os.getpgrp(), signal.SIGKILL)
                return 0  # carry on

            with Archive.open(db) as archive:
                archive.db.conn.set_progress_handler(step, STEP)
                archive.import_paths([folder], workers=1)
                archive.db.conn.set_progress_handler(None, 0)
            os.write(done_w, b"d")
        finally:
            os._exit(0)
    os.close(done_w)
    _pid, status = os.waitpid(pid, 0)
    finished = os.read(done_r, 1) == b"d"
    os.close(done_r)
    # Not finished means killed, not stopped by an error in the child.
    assert finished or os.WTERMSIG(status) == signal.SIGKILL, status
    return finished


def stored(db: Path) -> dict[str, tuple[str, list[str]]]:
    """path -> (hash, titles in position order) as the archive holds them."""
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        result = {}
        for source_id, path, digest in conn.execute("SELECT id, path, hash FROM sources"):
            titles = [
                row[0]
                for row in conn.execute(
                    "SELECT title FROM articles WHERE source_id = ? ORDER BY position", [source_id]
                )
            ]
            result[path] = (digest, titles)
        orphans = conn.execute(
            "SELECT count(*) FROM articles WHERE source_id NOT IN (SELECT id FROM sources)"
        ).fetchone()[0]
    assert orphans == 0, "articles of a file that is not in the archive"
    return result


def queued(db: Path) -> int:
    """Articles stored but not yet indexed (the import's second stage)."""
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        return conn.execute("SELECT count(*) FROM index_queue").fetchone()[0]


def assert_whole(db: Path, versions: Versions) -> int:
    """Every stored file is exactly one version of itself; returns how many are in."""
    held = stored(db)
    for path, (digest, titles) in held.items():
        assert path in versions, f"unknown source {path}"
        assert digest in versions[path], f"{path}: stored hash is no version of the file"
        assert titles == versions[path][digest], f"{path}: articles of a partial file"
    # Killed while indexing, articles are stored and still queued: the only
    # problem allowed, and the doctor says how to finish.
    problems = check_archive(db)
    assert all("not indexed yet" in p for p in problems), problems
    return len(held)


@pytest.fixture(scope="module")
def import_steps(tmp_path_factory: pytest.TempPathFactory) -> ImportSteps:
    """Kill-hook steps of an uninterrupted import of the folder (kill points range over them).

    A count of SQLite's work, the same on a busy machine as on an idle one.
    """
    folder = tmp_path_factory.mktemp("calibrate")
    write_pages(folder, range(PAGES), 0, 0)
    steps = stored_at = 0

    def step() -> int:
        nonlocal steps
        steps += 1
        return 0

    def progress(done: int, total: int, path: str) -> None:
        nonlocal stored_at
        if path != INDEXING:
            stored_at = steps

    with Archive.open(folder.parent / "calibrate.db") as archive:
        archive.db.conn.set_progress_handler(step, STEP)
        assert archive.import_paths([folder], workers=1, progress=progress).ok
        archive.db.conn.set_progress_handler(None, 0)
    # Enough steps in each stage for the kills to land at many different points.
    assert 100 < stored_at < steps - 100
    return ImportSteps(stored=stored_at, total=steps)


@pytest.mark.parametrize("seed", SEEDS)
def test_killed_import_leaves_every_file_whole(
    tmp_path: Path, seed: int, import_steps: ImportSteps
) -> None:
    rng = random.Random(seed)
    folder = tmp_path / "content"
    folder.mkdir()
    versions = write_pages(folder, range(PAGES), 0, seed)
    db = tmp_path / "news.db"

    # First kill: during a fresh import.
    import_and_kill(db, folder, rng.randint(1, import_steps.total))
    first = assert_whole(db, versions)

    # Second kill: during a re-import where a third of the files changed.
    changed = range(rng.randrange(0, PAGES // 2), PAGES, 3)
    versions = merge(versions, write_pages(folder, changed, 1, seed))
    # (A re-import does less work: a late kill may find it finished, all files new.)
    import_and_kill(db, folder, rng.randint(1, import_steps.total))
    assert_whole(db, versions)

    # A re-run completes the import: every file in, at its newest version.
    with Archive.open(db) as archive:
        report = archive.import_paths([folder], workers=1)
        assert report.ok, report.failed
    held = stored(db)
    assert len(held) == PAGES
    for path, (digest, titles) in held.items():
        assert digest == content_hash(Path(path).read_bytes())
        assert titles == versions[path][digest]
    assert check_archive(db) == []
    assert 0 <= first <= PAGES


@pytest.mark.parametrize("stage", ["storing", "indexing"])
def test_kills_land_inside_imports(tmp_path: Path, import_steps: ImportSteps, stage: str) -> None:
    """The kill points above are meaningful: a kill halfway through a stage leaves it partial."""
    folder = tmp_path / "content"
    folder.mkdir()
    versions = write_pages(folder, range(PAGES), 0, 99)
    db = tmp_path / "news.db"
    stored, total = import_steps
    at_step = stored // 2 if stage == "storing" else (stored + total) // 2
    finished = import_and_kill(db, folder, at_step)
    held = assert_whole(db, versions)
    assert not finished
    if stage == "storing":
        assert 0 < held < PAGES  # some batches committed, the rest not stored
    else:
        assert held == PAGES and queued(db) > 0  # every file stored, articles still queued


def _sources(db: Path) -> int:
    """Files committed so far (0 while the archive is still being created)."""
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)) as conn:
            return conn.execute("SELECT count(*) FROM sources").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_killed_cli_import_leaves_every_file_whole(tmp_path: Path) -> None:
    """The real command, `python -m newsreader import`, with its worker pool, killed mid-write."""
    folder = tmp_path / "content"
    folder.mkdir()
    versions = write_pages(folder, range(PAGES), 0, 7)
    db = tmp_path / "news.db"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    process = subprocess.Popen(
        [sys.executable, "-m", "newsreader", "import", "--db", str(db), str(folder)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # one process group with its parse workers
    )
    deadline = time.monotonic() + 60
    # Wait for the first committed batch, then kill somewhere in the next ones.
    while _sources(db) == 0 and process.poll() is None:
        assert time.monotonic() < deadline, "the import never committed"
        time.sleep(0.005)
    time.sleep(random.Random(7).uniform(0.0, 0.02))
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert_whole(db, versions)
    with Archive.open(db) as archive:
        assert archive.import_paths([folder], workers=1).ok
    assert assert_whole(db, versions) == PAGES


def _with_disk_full(db: Path, headroom: int, work: Any) -> Any:
    """Run ``work()`` in a child whose writes fail once files outgrow ``db`` by ``headroom``.

    ``RLIMIT_FSIZE`` makes a write past the limit fail with EFBIG, as a full
    disk fails with ENOSPC: SQLite sees an I/O error mid-transaction. Returns
    what ``work`` returned, or the repr of what it raised.
    """
    limit = db.stat().st_size + headroom
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.close(read_end)
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
            try:
                outcome = work()
            except BaseException as error:
                outcome = {"raised": repr(error)}
            with os.fdopen(write_end, "w", encoding="utf-8") as pipe:
                json.dump(outcome, pipe)
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, encoding="utf-8") as pipe:
        text = pipe.read()
    os.waitpid(pid, 0)
    return json.loads(text)


def _full_disk_case(tmp_path: Path) -> tuple[Path, Path, Versions]:
    folder = tmp_path / "content"
    folder.mkdir()
    versions = write_pages(folder, range(20), 0, 11)
    db = tmp_path / "news.db"
    with Archive.open(db) as archive:
        assert archive.import_paths([folder], workers=1).ok
        archive.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    versions = merge(versions, write_pages(folder, range(20, FULL_DISK_PAGES), 0, 12))
    return db, folder, versions


def test_a_full_disk_mid_import_leaves_every_file_whole(tmp_path: Path) -> None:
    db, folder, versions = _full_disk_case(tmp_path)

    def work() -> Any:
        with Archive.open(db) as archive:
            report = archive.import_paths([folder], workers=1)
        return {"failed": len(report.failed)}

    outcome = _with_disk_full(db, 200_000, work)
    assert outcome.get("raised") or outcome.get("failed"), "the disk never filled up"
    held = assert_whole(db, versions)
    # The disk filled while storing (files missing) or while indexing (articles queued).
    assert 20 <= held <= FULL_DISK_PAGES
    assert held < FULL_DISK_PAGES or queued(db) > 0
    with Archive.open(db) as archive:
        assert archive.import_paths([folder], workers=1).ok
    assert assert_whole(db, versions) == FULL_DISK_PAGES
    assert queued(db) == 0 and check_archive(db) == []


def test_a_full_disk_mid_import_is_one_line(tmp_path: Path) -> None:
    db, folder, _versions = _full_disk_case(tmp_path)

    def work() -> Any:
        result = CliRunner().invoke(cli, ["import", "--db", str(db), str(folder)], obj={})
        crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
        error = repr(result.exception) if crashed else ""
        return {"code": result.exit_code, "err": result.stderr, "crashed": error}

    outcome = _with_disk_full(db, 200_000, work)
    assert not outcome["crashed"], outcome["crashed"]
    assert outcome["code"] in (1, 2)
    assert outcome["err"].strip() and len(outcome["err"].strip().splitlines()) <= 2
