"""Walking an import folder without recursion, names kept as the bytes they are.

``os.walk`` recurses once per level in Python 3.11, so a folder 1,200 deep
raised RecursionError from inside an import. This walk keeps its own stack.
Names that are not UTF-8 come back as ``os.fsdecode`` makes them (lone
surrogates for the odd bytes), so the file can still be opened; see
``store/paths.py`` for how they are stored and shown.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

__all__ = ["walk_files"]


def walk_files(top: Path, wanted: Callable[[Path], bool]) -> Iterator[Path]:
    """Files under ``top`` for which ``wanted(path)`` holds, sorted, depth first.

    The same order as the ``os.walk`` it replaces: a folder's own files, then
    each subfolder in name order. Hidden folders are skipped, symbolic links to
    folders are not followed, and a folder that cannot be listed is passed over.
    """
    stack = [os.fspath(top)]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError:
            continue
        folders: list[str] = []
        files: list[str] = []
        for entry in listed:
            try:
                is_folder = entry.is_dir()  # a link to a folder is one too, not a file
                descend = is_folder and not entry.is_symlink()
            except OSError:
                is_folder = descend = False
            if not is_folder:
                files.append(entry.name)
            elif descend and not entry.name.startswith("."):
                folders.append(entry.name)
        for name in sorted(files):
            candidate = Path(folder, name)
            if wanted(candidate):
                yield candidate
        stack.extend(os.path.join(folder, name) for name in sorted(folders, reverse=True))
