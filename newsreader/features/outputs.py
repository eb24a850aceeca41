"""Where an export may write: never over the archive or the pages it was built from.

``export -o news.db --db news.db`` once replaced the archive with JSON Lines.
An output path is refused when it is (or is a symlink or hard link to) the
archive, one of its journal files (``-wal``, ``-shm``, ``-journal``: SQLite
would read a file of ours as its log), or a source file the archive imported.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

__all__ = ["ARCHIVE_COMPANIONS", "refused_output"]

ARCHIVE_COMPANIONS = ("", "-wal", "-shm", "-journal")


def _same_file(a: Path, b: Path) -> bool:
    """Same file on disk (links followed); for paths not there yet, the same real path."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def _is_source(archive: Any, output: Path) -> bool:
    """Whether ``output`` names a file the archive imported (sources are stored resolved)."""
    if archive is None or not output.exists():
        return False
    names = {str(output), str(output.absolute()), os.path.realpath(output)}
    marks = ",".join("?" * len(names))
    query = f"SELECT 1 FROM sources WHERE path IN ({marks}) LIMIT 1"
    return archive.db.execute(query, sorted(names)).fetchone() is not None


def refused_output(output: Path, archive_path: Path, archive: Any = None) -> str | None:
    """Why ``output`` must not be written (None: it may be).

    ``archive`` (open) lets the sources be checked too; without it only the
    archive's own files are.
    """
    for suffix in ARCHIVE_COMPANIONS:
        companion = archive_path.with_name(archive_path.name + suffix)
        if _same_file(output, companion):
            what = "the archive" if not suffix else f"the archive's {suffix[1:]} file"
            return f"is {what} ({companion}); choose another output"
    if _is_source(archive, output):
        return "is a page the archive was imported from; choose another output"
    return None
