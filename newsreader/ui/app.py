"""The reader application: opens the archive, shows ``MainScreen``, nothing else.

State and behaviour live in the screen and the widgets; the app only owns the
UI thread's ``Archive`` and hands worker threads their own one.
"""

from __future__ import annotations

import asyncio
import functools
import os
import sqlite3
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar, TypeVar

from textual.app import App

from newsreader.archive import Archive
from newsreader.config import Config, default_config_path, load_config
from newsreader.store.schema import ArchiveError
from newsreader.text import visible
from newsreader.ui import keys
from newsreader.ui.archive_thread import ArchiveThread
from newsreader.ui.data import ExtraSections
from newsreader.ui.render.strips import safe
from newsreader.ui.screens.main import MainScreen
from newsreader.ui.settings import apply_config
from newsreader.ui.theme import DARK, THEMES, nr_variables
from newsreader.ui.watchlist import make_extra_sections

__all__ = ["CANNOT_OPEN", "NewsreaderApp", "run_app"]

T = TypeVar("T")
Opener = Callable[[Path], Archive]


class NewsreaderApp(App[int]):
    """``NewsreaderApp(db_path)``; ``run()`` returns the exit status."""

    CSS_PATH = "app.tcss"
    TITLE = "newsreader"
    BINDINGS: ClassVar = keys.APP_BINDINGS

    def __init__(
        self,
        db_path: Path | str,
        *,
        config_path: Path | None = None,
        opener: Opener | None = None,
        read_only: bool = False,
        live: bool = True,
    ) -> None:
        """Open the archive now, so a bad database fails before the terminal is taken.

        ``live``: watch the folders imported before (off for read-only archives).
        """
        super().__init__()
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = DARK.name  # until the config's theme is applied on mount
        self.db_path = Path(db_path)
        self.config_path = Path(config_path) if config_path else default_config_path()
        self.read_only = read_only
        if opener is None:
            opener = functools.partial(Archive.open, read_only=True) if read_only else Archive.open
        self._opener: Opener = opener
        self.live = live and not read_only
        self.archive = self._opener(self.db_path)
        #: Where the searches typed in the reader run, on an archive kept open.
        self.searcher = ArchiveThread(functools.partial(self._opener, self.db_path))
        #: Set once the first list of articles is on screen (benchmarks wait on it).
        self.list_ready = asyncio.Event()
        #: More groups for the sections pane (watchlist, topics, feeds), if any.
        self.extra_sections: ExtraSections | None = None
        #: Set on unmount: stops the live-folder thread.
        self.stop_watching = threading.Event()
        self.config, self.config_problems = load_config(self.config_path)
        self.use_config(self.config)

    def use_config(self, config: Config) -> None:
        """Take ``config``'s watchlist and topics (at start, and after a word is watched)."""
        self.config = config
        self.extra_sections = make_extra_sections(config.watch_groups, config.topics)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """The ``nr-*`` colours ``app.tcss`` needs, for themes that do not set them."""
        return {**super().get_theme_variable_defaults(), **nr_variables(self.current_theme.dark)}

    def on_mount(self) -> None:
        """Theme and keymap need a running app; every problem is one notice."""
        problems = [*self.config_problems, *apply_config(self, self.config)]
        for problem in problems:
            self.notify(safe(problem), title="config", severity="warning", markup=False, timeout=8)

    def get_default_screen(self) -> MainScreen:
        return MainScreen()

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
        archive = self._opener(self.db_path)
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

    def on_unmount(self) -> None:
        self.stop_watching.set()
        self.searcher.close()
        self.archive.close()


#: Exit status when the archive cannot be opened: the CLI's status for a bad archive.
CANNOT_OPEN = 2


def name_a_size_if_the_terminal_has_none() -> None:
    """Give Textual 80x24 when the terminal reports no size (a pty nobody sized).

    Textual then falls back to 80x24 in one place and 80x25 in another, and
    the screen flips between the two on every layout: the event loop never
    settles and the first list never arrives. ``COLUMNS``/``LINES`` are what
    both fallbacks read first; a terminal with a size is left alone.
    """
    try:
        columns, lines = os.get_terminal_size(sys.__stdout__.fileno())
    except (AttributeError, OSError, ValueError):
        columns = lines = 0
    if columns <= 0 or lines <= 0:
        os.environ.setdefault("COLUMNS", "80")
        os.environ.setdefault("LINES", "24")


def run_app(db_path: Path, *, config_path: Path | None = None, read_only: bool = False) -> int:
    """Run the reader on ``db_path``: 0 on a normal exit; one line and status 2 if it cannot open.

    The error names the path, which may hold any character: it is made visible first.
    """
    name_a_size_if_the_terminal_has_none()  # before the app reads the size
    try:
        app = NewsreaderApp(db_path, config_path=config_path, read_only=read_only)
    except (ArchiveError, OSError, sqlite3.Error) as error:
        print(f"newsreader: {visible(str(error))}", file=sys.stderr)
        return CANNOT_OPEN
    result = app.run()
    return result if isinstance(result, int) else (app.return_code or 0)
