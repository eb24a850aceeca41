"""Live folders: import pages as they appear, change or disappear.

watchfiles reports file events in batches (debounced); each batch becomes
one incremental import of the changed files plus the removal of deleted
ones, on an Archive opened by the watching thread itself (SQLite
connections belong to one thread). Used by `newsreader watch` and by the
reader, which watches every folder imported before.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from watchfiles import Change, watch

from newsreader.archive import Archive
from newsreader.models import ImportReport
from newsreader.parse.dispatch import is_importable

# Short enough for "imported within a second", long enough to let an editor
# finish writing (save-as-rename produces several events).
DEBOUNCE_MS = 250


def _importable_event(change: Change, path: str) -> bool:
    return change == Change.deleted or is_importable(Path(path))


def apply_changes(archive: Archive, changes: Iterable[tuple[Change, str]]) -> ImportReport:
    """Import what was added or modified, forget what was deleted; one merged report."""
    changed: set[str] = set()
    deleted: set[str] = set()
    for change, path in changes:
        if change == Change.deleted and not Path(path).exists():
            deleted.add(path)
        elif Path(path).is_file() and is_importable(Path(path)):
            changed.add(path)
    imported = archive.import_paths(sorted(changed)) if changed else ImportReport()
    forgotten = archive.forget_paths(sorted(deleted)) if deleted else ImportReport()
    return ImportReport(
        added=imported.added,
        updated=imported.updated,
        unchanged=imported.unchanged,
        removed=forgotten.removed,
        failed=imported.failed,
        warnings=imported.warnings,
        articles_added=imported.articles_added,
        articles_removed=imported.articles_removed + forgotten.articles_removed,
    )


def watch_folders(
    db_path: str | Path,
    folders: Iterable[str | Path],
    on_report: Callable[[ImportReport], None] | None = None,
    stop_event: threading.Event | None = None,
    *,
    debounce_ms: int = DEBOUNCE_MS,
    catch_up: bool = True,
) -> None:
    """Watch ``folders`` until ``stop_event`` is set, importing every change.

    With ``catch_up``, each folder is imported once first, so changes made
    while nothing was watching are caught up (`newsreader watch`). The reader
    passes False: re-hashing a large archive's folders in its own process
    would stall the keyboard for seconds; `r` re-imports on demand. Reports
    that did something go to ``on_report``.
    """
    targets = [Path(f).expanduser().resolve() for f in folders]
    targets = [t for t in targets if t.exists()]
    if not targets:
        return
    with Archive.open(db_path) as archive:
        caught_up = False
        for changes in watch(
            *targets,
            watch_filter=_importable_event,
            debounce=debounce_ms,
            step=50,
            stop_event=stop_event,
            rust_timeout=500,
            yield_on_timeout=True,
            raise_interrupt=False,
        ):
            if catch_up and not caught_up:
                # The watcher is running by the first yield, so nothing written
                # from here on can slip between this catch-up and the events.
                caught_up = True
                report = archive.import_paths(targets)
                if on_report and _did_something(report):
                    on_report(report)
            if not changes:
                continue
            report = apply_changes(archive, changes)
            if on_report and _did_something(report):
                on_report(report)


def _did_something(report: ImportReport) -> bool:
    return bool(report.added or report.updated or report.removed or report.failed)
