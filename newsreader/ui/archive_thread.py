"""One thread that keeps its own Archive open, for the searches typed in the reader.

Opening an Archive for each keystroke cost ~2-3 ms at 100k articles (the
connection, its schema check, the side connection's thread) and threw away
what a search learns for the next one (``Archive``'s remembered totals,
SQLite's page cache). SQLite connections belong to the thread that opened
them, so the archive lives on one helper thread (``side.SideConnection``)
and every call runs there.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from newsreader.store.side import SideConnection

if TYPE_CHECKING:
    from newsreader.archive import Archive

T = TypeVar("T")


def _apply(function: Callable[..., T], args: tuple[object, ...], archive: Archive) -> T:
    return function(archive, *args)


def _interrupt(archive: Archive) -> None:
    archive.interrupt()


class ArchiveThread:
    """Runs ``function(archive, *args)`` on one thread with an Archive it keeps open."""

    def __init__(self, open_archive: Callable[[], Archive]) -> None:
        self._thread = SideConnection(open_archive, interrupt=_interrupt, name="newsreader-search")

    async def call(self, function: Callable[..., T], *args: object) -> T:
        """Await ``function(archive, *args)``; if the caller is cancelled, its SQL is interrupted.

        Calls run one at a time, so the one interrupted is the cancelled one
        (or an older, equally stale one); a call still queued never runs.
        """
        future = asyncio.wrap_future(self._thread.submit(partial(_apply, function, args)))
        try:
            return await future
        except asyncio.CancelledError:
            self._thread.interrupt()
            raise

    def close(self) -> None:
        """Close the archive on its own thread, then stop the thread."""
        self._thread.close()
