"""Live folders: import pages as they appear, change or disappear.

watchfiles reports file events in batches (debounced); each batch becomes
one incremental import of the changed files plus the removal of deleted
ones, on an Archive opened by the watching thread itself (SQLite
connections belong to one thread). Used by `newsreader watch` and by the
reader, which watches every folder imported before.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from watchfiles import Change, watch
from watchfiles._rust_notify import WatchfilesRustInternalError

from newsreader.archive import Archive
from newsreader.features.polling import FolderPoller, watchable
from newsreader.models import ImportReport
from newsreader.parse.dispatch import is_importable
from newsreader.store.paths import path_text

# Short enough for "imported within a second", long enough to let an editor
# finish writing (save-as-rename produces several events).
DEBOUNCE_MS = 250
# What a report says of a watched folder that disappeared as a whole.
FOLDER_GONE = "the watched folder is gone; its articles are kept"


def _importable_event(change: Change, path: str) -> bool:
    return change == Change.deleted or is_importable(Path(path))


def apply_changes(
    archive: Archive, changes: Iterable[tuple[Change, str]], roots: Sequence[Path] = ()
) -> ImportReport:
    """Import what was added or modified, forget what was deleted; one merged report.

    A deleted file is forgotten only while the watched folder (one of
    ``roots``) it was in still exists. When the whole folder is gone (an
    unmounted share, a renamed or deleted folder) its articles are kept and
    the report says so once: dropping 1,004 articles because a disk went
    away is not what anyone asked for.
    """
    changed: set[str] = set()
    deleted: set[str] = set()
    gone: set[Path] = set()
    for change, path in changes:
        if change == Change.deleted and not Path(path).exists():
            root = _root_of(Path(path), roots)
            if root is not None and not root.is_dir():
                gone.add(root)
            else:
                deleted.add(path)
        elif Path(path).is_file() and is_importable(Path(path)):
            changed.add(path)
    imported = archive.import_paths(sorted(changed)) if changed else ImportReport()
    forgotten = archive.forget_paths(sorted(deleted)) if deleted else ImportReport()
    kept = [(path_text(root), FOLDER_GONE) for root in sorted(gone)]
    return ImportReport(
        added=imported.added,
        updated=imported.updated,
        unchanged=imported.unchanged,
        removed=forgotten.removed,
        failed=(*imported.failed, *kept),
        warnings=imported.warnings,
        articles_added=imported.articles_added,
        articles_removed=imported.articles_removed + forgotten.articles_removed,
    )


def _root_of(path: Path, roots: Sequence[Path]) -> Path | None:
    """The watched folder ``path`` is in (the deepest, if folders nest), or None."""
    inside = [root for root in roots if path == root or root in path.parents]
    return max(inside, key=lambda root: len(root.parts)) if inside else None


def undecodable_root(error: Exception, roots: Sequence[Path]) -> list[Path] | None:
    """The watched folders to import again after watchfiles failed on a name, or None.

    watchfiles (1.3) raises, and stops watching everything, when a file name
    is not UTF-8 ("Unable to decode path ... to string"); the event is lost.
    The message starts with the path, so the folder it was in is known;
    other errors are not ours to handle (None).
    """
    message = str(error)
    if "Unable to decode path" not in message:
        return None
    named = [root for root in roots if f'"{root}{os.sep}' in message or f'"{root}"' in message]
    return named or list(roots)


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

    Folders with a name that is not UTF-8, or holding a file so named, are
    polled (see ``polling.py``): watchfiles cannot take the first and fails
    on the second. On such a failure the watch starts again without that
    folder, and the folder is imported again (incremental: only what changed
    is read), which catches the event watchfiles lost.
    """
    targets = [Path(f).expanduser().resolve() for f in folders]
    targets = [t for t in targets if t.exists()]
    if not targets:
        return
    watched = [t for t in targets if watchable(t)]
    poller = FolderPoller(t for t in targets if not watchable(t))
    again = list(targets) if catch_up else []
    with Archive.open(db_path) as archive:
        while True:
            try:
                _watch_once(archive, watched, poller, again, on_report, stop_event, debounce_ms)
                return
            except WatchfilesRustInternalError as error:
                named = undecodable_root(error, watched)
                if named is None:
                    raise
                for root in named:
                    watched.remove(root)
                    poller.add(root)
                    again.append(root)
            if stop_event is not None and stop_event.is_set():
                return


def _watch_once(
    archive: Archive,
    watched: list[Path],
    poller: FolderPoller,
    again: list[Path],
    on_report: Callable[[ImportReport], None] | None,
    stop_event: threading.Event | None,
    debounce_ms: int,
) -> None:
    """One run of the watcher over ``watched``; ``again`` are imported once it runs."""
    roots = [*watched, *poller.roots]
    for events in _events(watched, stop_event, debounce_ms):
        if again:
            # The watcher is running by the first yield, so nothing written
            # from here on can slip between this import and the events.
            report = archive.import_paths([root for root in again if root.is_dir()])
            again.clear()
            if on_report and _did_something(report):
                on_report(report)
        changes = set(events) | poller.poll()
        if not changes:
            continue
        report = apply_changes(archive, changes, roots)
        if on_report and _did_something(report):
            on_report(report)


def _events(
    watched: list[Path], stop_event: threading.Event | None, debounce_ms: int
) -> Iterator[set[tuple[Change, str]]]:
    """watchfiles' batches for ``watched`` (empty ones twice a second), until stopped."""
    if not watched:  # every folder is polled: just tick
        stop = stop_event or threading.Event()
        while not stop.wait(0.5):
            yield set()
        return
    yield from watch(
        *watched,
        watch_filter=_importable_event,
        debounce=debounce_ms,
        step=50,
        stop_event=stop_event,
        rust_timeout=500,
        yield_on_timeout=True,
        raise_interrupt=False,
    )


def _did_something(report: ImportReport) -> bool:
    return bool(report.added or report.updated or report.removed or report.failed)
