"""Live folders: a page written while watching is imported; a deleted one is forgotten."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from newsreader import Archive
from newsreader.live import watch_folders
from newsreader.models import ImportReport

PAGE = "## 新闻{n}\n\n本报讯 第{n}条新闻的正文。\n\n记者 王浩\n"


def wait_for(condition, seconds: float = 15.0) -> bool:
    """Poll until ``condition()`` holds; correctness, not speed, is under test."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def count(db: Path) -> int:
    with Archive.open(db) as archive:
        return archive.count()


def test_written_and_deleted_pages_follow(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "one.md").write_text(PAGE.format(n=1), encoding="utf-8")
    db = tmp_path / "live.db"
    reports: list[ImportReport] = []
    stop = threading.Event()
    thread = threading.Thread(
        target=watch_folders, args=(db, [folder], reports.append, stop), daemon=True
    )
    thread.start()
    try:
        assert wait_for(lambda: db.exists() and count(db) == 1)
        (folder / "two.md").write_text(PAGE.format(n=2), encoding="utf-8")
        (folder / "notes.docx").write_bytes(b"PK\x03\x04")  # not a page or feed: ignored
        assert wait_for(lambda: count(db) == 2)
        (folder / "one.md").unlink()
        assert wait_for(lambda: count(db) == 1)
        with Archive.open(db) as archive:
            assert archive.search("第2条").total == 1
            assert archive.search("第1条").total == 0
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()
    assert any(r.added for r in reports) and any(r.removed for r in reports)
    assert all(not r.failed for r in reports)
