"""Watched folders that watchfiles cannot watch, polled instead.

watchfiles (1.3) passes paths between Rust and Python as UTF-8 text: it
refuses to watch a folder whose name is not UTF-8, and fails (stopping
every watch) on the first event for a file so named. Such folders are
compared against a snapshot of their files' sizes and modification times
every ``POLL_SECONDS`` instead; the differences come out as the same
``(Change, path)`` events watchfiles gives, so one code path imports them.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path

from watchfiles import Change

from newsreader.parse.dispatch import is_importable
from newsreader.store.walk import walk_files

__all__ = ["POLL_SECONDS", "FolderPoller", "watchable"]

# A stat of every file: ~0.1 s a poll for 16k files, so not much more often.
POLL_SECONDS = 1.0

Snapshot = dict[str, tuple[int, int]]


def watchable(path: str | os.PathLike[str]) -> bool:
    """Whether watchfiles can take ``path`` (its name is UTF-8)."""
    try:
        os.fspath(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def snapshot(root: Path) -> Snapshot:
    """Size and modification time of every importable file under ``root`` ({} if it is gone)."""
    files: Snapshot = {}
    for path in walk_files(root, is_importable):
        try:
            stat = path.stat()
        except OSError:
            continue
        files[str(path)] = (stat.st_size, stat.st_mtime_ns)
    return files


class FolderPoller:
    """``poll()`` returns what changed in its folders since the last poll."""

    def __init__(self, roots: Iterable[Path] = (), interval: float = POLL_SECONDS) -> None:
        self.interval = interval
        self._snapshots: dict[Path, Snapshot] = {}
        self._due = time.monotonic() + interval
        for root in roots:
            self.add(root)

    @property
    def roots(self) -> list[Path]:
        return list(self._snapshots)

    def add(self, root: Path) -> None:
        """Poll ``root`` from now on; changes before this call are not reported."""
        self._snapshots[root] = snapshot(root)

    def poll(self, *, force: bool = False) -> set[tuple[Change, str]]:
        """Changes since the last poll, once ``interval`` has passed (or ``force``)."""
        now = time.monotonic()
        if not self._snapshots or (now < self._due and not force):
            return set()
        self._due = now + self.interval
        changes: set[tuple[Change, str]] = set()
        for root, before in self._snapshots.items():
            after = snapshot(root)
            for path, signature in after.items():
                if path not in before:
                    changes.add((Change.added, path))
                elif before[path] != signature:
                    changes.add((Change.modified, path))
            changes.update((Change.deleted, path) for path in before.keys() - after.keys())
            self._snapshots[root] = after
        return changes
