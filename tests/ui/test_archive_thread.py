"""The reader's search thread: one Archive kept open, stale calls interrupted."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

import pytest

from newsreader.archive import Archive
from newsreader.ui.archive_thread import ArchiveThread

ENDLESS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"


async def test_calls_share_one_archive_on_one_thread(db_path: Path) -> None:
    opened: list[Archive] = []

    def open_archive() -> Archive:
        opened.append(Archive.open(db_path))
        return opened[-1]

    searcher = ArchiveThread(open_archive)
    seen = [await searcher.call(lambda archive: (archive, threading.get_ident())) for _ in range(3)]
    assert len(opened) == 1
    assert {archive for archive, _ in seen} == {opened[0]}
    assert len({thread for _, thread in seen}) == 1 != threading.get_ident()
    assert await searcher.call(lambda archive, q: archive.search(q).total, "保交楼") == 1
    searcher.close()
    with pytest.raises(sqlite3.ProgrammingError):  # closed with the thread
        opened[0].db.execute("SELECT 1")


async def test_a_cancelled_call_is_interrupted_and_the_next_one_runs(db_path: Path) -> None:
    errors: list[str] = []

    def count_forever(archive: Archive) -> object:
        try:
            return archive.db.execute(ENDLESS).fetchone()
        except sqlite3.OperationalError as error:
            errors.append(str(error))
            raise

    searcher = ArchiveThread(lambda: Archive.open(db_path))
    try:
        stale = asyncio.ensure_future(searcher.call(count_forever))
        await asyncio.sleep(0.3)
        stale.cancel()
        with pytest.raises(asyncio.CancelledError):
            await stale
        # The thread is free again: a newer call runs (and the stale one ended).
        total = await asyncio.wait_for(
            searcher.call(lambda archive: archive.search("的").total), timeout=5
        )
        assert total == 4
        assert errors == ["interrupted"]
    finally:
        searcher.close()
