"""The reader application: opens the archive, shows ``MainScreen``, nothing else.

State and behaviour live in the screen and the widgets; the app only owns the
UI thread's ``Archive`` and hands worker threads their own one.
"""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar, TypeVar

from textual.app import App

from newsreader.archive import Archive
from newsreader.store import ArchiveError
from newsreader.ui import keys
from newsreader.ui.data import ExtraSections
from newsreader.ui.screens.main import MainScreen

__all__ = ["NewsreaderApp", "run_app"]

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
    ) -> None:
        """Open the archive now, so a bad database fails before the terminal is taken."""
        super().__init__()
        self.db_path = Path(db_path)
        self.config_path = config_path
        self._opener: Opener = opener or Archive.open
        self.archive = self._opener(self.db_path)
        #: Set once the first list of articles is on screen (benchmarks wait on it).
        self.list_ready = asyncio.Event()
        #: More groups for the sections pane (watchlist, topics, feeds), if any.
        self.extra_sections: ExtraSections | None = None

    def get_default_screen(self) -> MainScreen:
        return MainScreen()

    def in_own_archive(self, function: Callable[..., T], *args: object) -> T:
        """Run ``function(archive, *args)`` on a fresh Archive (call from a worker thread)."""
        archive = self._opener(self.db_path)
        try:
            return function(archive, *args)
        finally:
            archive.close()

    def on_unmount(self) -> None:
        self.archive.close()


def run_app(db_path: Path, *, config_path: Path | None = None) -> int:
    """Run the reader on ``db_path``: 0 on a normal exit, 1 with one line if it cannot open."""
    try:
        app = NewsreaderApp(db_path, config_path=config_path)
    except (ArchiveError, OSError, sqlite3.Error) as error:
        print(f"newsreader: {error}", file=sys.stderr)
        return 1
    result = app.run()
    return result if isinstance(result, int) else (app.return_code or 0)
