"""What the main screen is given by the app: the archive, the config, the threads.

The app builds one ``Services`` and constructs ``MainScreen(services)`` with
it; screens never reach into the app. The UI reaches the archive in three
ways, chosen by what a call costs and who is waiting for it:

1. ``searcher`` (``ArchiveThread``): one thread keeping one Archive open, for
   the list the user is typing towards (``data.load``). SQLite's page cache
   and the archive's remembered totals carry over between keystrokes, and a
   call whose worker a newer keystroke cancels is interrupted. Calls run one
   at a time, so nothing but the typed search goes there.
2. ``in_own_archive`` / ``interruptible``: a worker thread with a short-lived
   Archive of its own, for the rest of what may take long: the sections pane
   and its counts (``data.load_sections``), keywords, trends, the articles
   with a watched word, indexing and re-imports. ``interruptible`` when a
   newer call makes the result stale (it interrupts SQLite on cancel).
3. ``archive``: the UI thread's own Archive, for what costs about a
   millisecond and must happen at once: a page of list rows, the article
   opened, marks, the saved reader position. Never a search.

Besides these, the live-folder thread (``live_folders.LiveFolders``) opens
the archive by its path (``features.live.watch_folders``): imports that write
and may take seconds, on a thread that lives as long as the app.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from newsreader.config import Config, load_config
from newsreader.features.links import Opener
from newsreader.features.watchlist import ExtraSections, make_extra_sections

if TYPE_CHECKING:
    from newsreader.archive import Archive
    from newsreader.ui.archive_thread import ArchiveThread

__all__ = ["CurrentConfig", "Services"]

T = TypeVar("T")


class CurrentConfig:
    """The config file and what the reader takes from it.

    Replaced as a whole when the watchlist is edited from the reader (the
    file is written, then read back), so what is highlighted and counted is
    always what the file says.
    """

    def __init__(self, path: Path, config: Config) -> None:
        self.path = path
        self.config = config
        #: The sections pane's Watchlist and Topics groups (``None``: none).
        self.extra_sections: ExtraSections | None = None
        self.use(config)

    def use(self, config: Config) -> None:
        """Take ``config``'s watchlist and topics."""
        self.config = config
        self.extra_sections = make_extra_sections(config.watch_groups, config.topics)

    def reload(self) -> list[str]:
        """Read the file again; its problems, one message each."""
        config, problems = load_config(self.path)
        self.use(config)
        return problems


@dataclass(frozen=True)
class Services:
    """Everything the main screen needs from outside it (see the module docstring)."""

    db_path: Path
    read_only: bool
    #: The UI thread's archive: ~1 ms reads and marks only.
    archive: Archive
    #: The thread the typed searches run on.
    searcher: ArchiveThread
    #: Opens a fresh Archive on the calling thread (for workers).
    open_archive: Callable[[], Archive]
    settings: CurrentConfig
    #: Watch the folders imported before (off for read-only archives).
    live: bool = False
    #: Set once the first list of articles is on screen (benchmarks wait on it).
    list_ready: asyncio.Event = field(default_factory=asyncio.Event)
    #: Set when the app ends: stops the live-folder thread.
    stop_watching: threading.Event = field(default_factory=threading.Event)
    #: Opens a URL in a browser (``None``: ``webbrowser.open``; tests pass their own).
    open_url: Opener | None = None

    @property
    def config(self) -> Config:
        return self.settings.config

    def in_own_archive(
        self,
        function: Callable[..., T],
        *args: object,
        opened: Callable[[Archive], object] | None = None,
    ) -> T:
        """Run ``function(archive, *args)`` on a fresh Archive (call from a worker thread).

        ``opened`` is told the archive first, so another thread can interrupt
        its queries (see ``interruptible``).
        """
        archive = self.open_archive()
        try:
            if opened is not None:
                opened(archive)
            return function(archive, *args)
        finally:
            archive.close()

    async def interruptible(self, function: Callable[..., T], *args: object) -> T:
        """``in_own_archive`` in a thread, for a worker that a newer one may cancel.

        Cancelling a worker does not stop its thread: a stale sections count
        would run on for up to half a second at 100k articles, competing with
        the search the user is waiting for. So a cancelled call interrupts
        SQLite (the thread then ends with an "interrupted" error nobody reads).
        """
        archives: list[Archive] = []
        try:
            return await asyncio.to_thread(
                self.in_own_archive, function, *args, opened=archives.append
            )
        except asyncio.CancelledError:
            for archive in archives:
                archive.interrupt()
            raise

    def close(self) -> None:
        """Stop the live folders and the search thread, close the UI thread's archive."""
        self.stop_watching.set()
        self.searcher.close()
        self.archive.close()
