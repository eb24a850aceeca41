"""The command that opens an article's source file in the user's editor, at its line."""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping
from pathlib import PurePath

__all__ = ["editor_command", "title_line"]

# Editors that take ``+N`` before the file to start on line N.
PLUS_LINE = frozenset(
    [
        "vi",
        "vim",
        "nvim",
        "gvim",
        "view",
        "emacs",
        "emacsclient",
        "nano",
        "micro",
        "hx",
        "helix",
        "kak",
        "ne",
        "joe",
    ]
)
# Editors that take ``-g FILE:N`` (VS Code and its forks).
GOTO_LINE = frozenset({"code", "code-insiders", "codium", "cursor"})


def editor_command(
    path: str, environ: Mapping[str, str] | None = None, *, line: int | None = None
) -> list[str]:
    """``$VISUAL`` or ``$EDITOR`` (which may carry arguments) then the path; ``vi`` by default.

    With ``line`` (1-based), editors known to take one start there: ``+N``
    for vi/vim/nvim/emacs/nano/micro/hx, ``-g path:N`` for VS Code; other
    editors get the path alone rather than an argument they may misread.
    The path is one argument, never passed through a shell.
    """
    env = os.environ if environ is None else environ
    editor = env.get("VISUAL") or env.get("EDITOR") or "vi"
    try:
        parts = shlex.split(editor) or ["vi"]
    except ValueError:
        parts = [editor]
    name = PurePath(parts[0]).name.lower().removesuffix(".exe")
    if line is None or line < 1:
        return [*parts, path]
    if name in PLUS_LINE:
        return [*parts, f"+{line}", path]
    if name in GOTO_LINE:
        return [*parts, "-g", f"{path}:{line}"]
    return [*parts, path]


def title_line(text: str, title: str) -> int | None:
    """The 1-based line of ``text`` where ``title`` stands, or None if it is not there.

    The store keeps an article's position in its file, not its line, so the
    line is found when the editor is asked for: a line that is the title
    (after heading marks and spaces) beats one that merely contains it.
    """
    wanted = " ".join(title.split())
    if not wanted:
        return None
    contains: int | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = " ".join(raw.strip().lstrip("#").split())
        if line == wanted:
            return number
        if contains is None and wanted in line:
            contains = number
    return contains
