"""One thread that keeps its own Archive open, for the searches typed in the reader.

Opening an Archive for each keystroke cost ~2-3 ms at 100k articles (the
connection, its schema check, the side connection's thread) and threw away
what a search learns for the next one (``Archive``'s remembered totals,
SQLite's page cache). SQLite connections belong to the thread that opened
them, so the archive lives on one helper thread and every call runs there.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from newsreader.archive import Archive

T = TypeVar("T")


class ArchiveThread:
    """Runs ``function(archive, *args)`` on one thread with an Archive it keeps open."""

    def __init__(
        self, open_archive: Callable[[], Archive], name: str = "newsreader-search"
    ) -> None:
        self._open = open_archive
        self._archive: Archive | None = None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)

    def _run(self, function: Callable[..., T], args: tuple[object, ...]) -> T:
        if self._archive is None:
            self._archive = self._open()
        return function(self._archive, *args)

    async def call(self, function: Callable[..., T], *args: object) -> T:
        """Await ``function(archive, *args)``; if the caller is cancelled, its SQL is interrupted.

        Calls run one at a time, so the one interrupted is the cancelled one
        (or an older, equally stale one); a call still queued never runs.
        """
        future = asyncio.wrap_future(self._pool.submit(self._run, function, args))
        try:
            return await future
        except asyncio.CancelledError:
            archive = self._archive
            if archive is not None:
                archive.interrupt()
            raise

    def close(self) -> None:
        """Close the archive on its own thread, then stop the thread."""
        self._pool.submit(self._close_archive).result()
        self._pool.shutdown()

    def _close_archive(self) -> None:
        if self._archive is not None:
            self._archive.close()
            self._archive = None
