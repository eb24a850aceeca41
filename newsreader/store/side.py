"""A second connection on a helper thread, so one search can use both cores.

A search's exact total (FTS5 counting every match) and its first page plus
snippets are independent, and each can take several milliseconds on a large
archive. Python's sqlite3 releases the GIL while SQLite works, so the total
counted here runs in parallel with the page built on the caller's thread.
SQLite connections belong to one thread each, hence the connection is
opened, used and closed on the helper thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

Result = TypeVar("Result")


def _interrupt_connection(db: Any) -> None:
    db.conn.interrupt()


class SideConnection:
    """Runs functions of a database connection on one helper thread.

    ``connect`` may open anything that holds connections (the reader keeps
    an Archive on its search thread this way); ``interrupt`` then says how
    to stop what it is running.
    """

    def __init__(
        self,
        connect: Callable[[], Any],
        *,
        interrupt: Callable[[Any], None] = _interrupt_connection,
        name: str = "newsreader-side",
    ) -> None:
        self._connect = connect
        self._interrupt = interrupt
        self._db: Any = None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)

    def submit(self, work: Callable[[Any], Result]) -> Future[Result]:
        """Run ``work(db)`` on the helper thread, opening its connection on first use."""
        return self._pool.submit(self._run, work)

    def _run(self, work: Callable[[Any], Result]) -> Result:
        if self._db is None:
            self._db = self._connect()
        return work(self._db)

    def interrupt(self) -> None:
        """Abort what the connection is running (SQLite allows this from any thread)."""
        db = self._db
        if db is not None:
            self._interrupt(db)

    def close(self) -> None:
        """Close the connection on its own thread, then stop the thread."""
        self._pool.submit(self._close_db).result()
        self._pool.shutdown()

    def _close_db(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
