"""The reader application: opens the archive, shows ``MainScreen``, nothing else.

State and behaviour live in the screen and the widgets; the app only builds
the ``Services`` the screen is given (the archive, its threads, the config)
and closes them at the end.
"""

from __future__ import annotations

import asyncio
import functools
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import BindingType

from newsreader.archive import Archive
from newsreader.config import Config, default_config_path, load_config
from newsreader.store.schema import ArchiveError
from newsreader.text import visible
from newsreader.ui import keys
from newsreader.ui.archive_thread import ArchiveThread
from newsreader.ui.render.strips import safe
from newsreader.ui.screens.main import MainScreen
from newsreader.ui.services import CurrentConfig, Services
from newsreader.ui.settings import apply_config
from newsreader.ui.theme import DARK, THEMES, nr_variables

__all__ = ["CANNOT_OPEN", "NewsreaderApp", "run_app"]

Opener = Callable[[Path], Archive]


class NewsreaderApp(App[int]):
    """``NewsreaderApp(db_path)``; ``run()`` returns the exit status."""

    CSS_PATH = "app.tcss"
    TITLE = "newsreader"
    BINDINGS: ClassVar[list[BindingType]] = [*keys.APP_BINDINGS]

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
        db_path = Path(db_path)
        if opener is None:
            opener = functools.partial(Archive.open, read_only=True) if read_only else Archive.open
        open_archive = functools.partial(opener, db_path)
        archive = open_archive()
        config_path = Path(config_path) if config_path else default_config_path()
        config, self.config_problems = load_config(config_path)
        self.services = Services(
            db_path=db_path,
            read_only=read_only,
            archive=archive,
            searcher=ArchiveThread(open_archive),
            open_archive=open_archive,
            settings=CurrentConfig(config_path, config),
            live=live and not read_only,
        )

    # What scripts, tests and benchmarks read of a running reader.
    @property
    def db_path(self) -> Path:
        return self.services.db_path

    @property
    def read_only(self) -> bool:
        return self.services.read_only

    @property
    def archive(self) -> Archive:
        return self.services.archive

    @property
    def config_path(self) -> Path:
        return self.services.settings.path

    @property
    def config(self) -> Config:
        return self.services.settings.config

    @property
    def list_ready(self) -> asyncio.Event:
        return self.services.list_ready

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """The ``nr-*`` colours ``app.tcss`` needs, for themes that do not set them."""
        return {**super().get_theme_variable_defaults(), **nr_variables(self.current_theme.dark)}

    def on_mount(self) -> None:
        """Theme and keymap need a running app; every problem is one notice."""
        problems = [*self.config_problems, *apply_config(self, self.config)]
        for problem in problems:
            self.notify(safe(problem), title="config", severity="warning", markup=False, timeout=8)

    def get_default_screen(self) -> MainScreen:
        return MainScreen(self.services)

    def on_unmount(self) -> None:
        self.services.close()


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
        stdout = sys.__stdout__
        columns, lines = os.get_terminal_size(stdout.fileno()) if stdout else (0, 0)
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
