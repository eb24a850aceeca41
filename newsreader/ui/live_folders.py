"""Live folders in the reader: ``live.watch_folders`` on a thread of its own.

A plain daemon thread rather than a Textual worker: the watch never ends
while the app runs, and a worker that never completes would make every
``app.workers.wait_for_complete()`` (tests, benchmarks) wait forever.
Reports and errors reach the UI thread through ``App.call_from_thread``;
``stop`` sets the event ``watch_folders`` polls and waits a little for it.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from textual.app import App

from newsreader.features.live import watch_folders
from newsreader.models import ImportReport

if TYPE_CHECKING:
    from newsreader.ui.services import Services

__all__ = ["LiveFolders", "reimport_line", "report_line"]

T = TypeVar("T")


class LiveFolders:
    """``LiveFolders(app, db_path, roots, on_report, on_error).start()``; ``stop()`` on unmount."""

    def __init__(
        self,
        app: App,
        db_path: Path,
        roots: Sequence[str],
        on_report: Callable[[ImportReport], None],
        on_error: Callable[[Exception], None],
        stop_event: threading.Event | None = None,
    ) -> None:
        self.app = app
        self.db_path = db_path
        self.roots = list(roots)
        self.on_report = on_report
        self.on_error = on_error
        self.stop_event = stop_event or threading.Event()
        self.thread = threading.Thread(target=self._run, name="newsreader-live", daemon=True)

    @classmethod
    def start_for(
        cls,
        app: App[Any],
        services: Services,
        on_report: Callable[[ImportReport], None],
        on_error: Callable[[Exception], None],
    ) -> LiveFolders | None:
        """Watch the folders imported before, if the archive can be written; None if not."""
        if not services.live:
            return None
        roots = services.archive.roots()
        if not roots:
            return None
        live = cls(app, services.db_path, roots, on_report, on_error, services.stop_watching)
        live.start()
        return live

    def start(self) -> None:
        self.thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        """Ask the watch to end; wait up to ``timeout`` s (an import may take longer)."""
        self.stop_event.set()
        if self.thread.is_alive() and self.thread is not threading.current_thread():
            self.thread.join(timeout)

    def _run(self) -> None:
        try:
            watch_folders(self.db_path, self.roots, self._report, self.stop_event, catch_up=False)
        except Exception as error:  # a vanished folder, a locked archive: say so, keep reading
            self._to_ui(self.on_error, error)

    def _report(self, report: ImportReport) -> None:
        self._to_ui(self.on_report, report)

    def _to_ui(self, function: Callable[[T], None], value: T) -> None:
        if self.stop_event.is_set():
            return
        with contextlib.suppress(RuntimeError):  # the app has stopped running
            self.app.call_from_thread(function, value)


def report_line(report: ImportReport) -> str:
    """``3 pages imported, 1 removed``: what a live import did, for a notice."""
    pages = len(report.added) + len(report.updated)
    noun = "page" if pages == 1 else "pages"
    parts = [f"{pages} {noun} imported"] if pages or not report.removed else []
    if report.removed:
        parts.append(f"{len(report.removed)} removed")
    if report.failed:
        parts.append(f"{len(report.failed)} failed")
    return ", ".join(parts)


def reimport_line(report: ImportReport) -> str:
    """``Re-imported: 3 changed files, 1 failed``: what ``r`` did, for a notice."""
    changed = len(report.added) + len(report.updated) + len(report.removed)
    failed = f", {len(report.failed)} failed" if report.failed else ""
    return f"Re-imported: {changed} changed files{failed}"
