"""Opening an article's source file in the user's editor, with the reader suspended."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass

from textual.app import App, SuspendNotSupported
from textual.notifications import SeverityLevel

from newsreader.store.paths import real_path
from newsreader.ui.render.strips import safe

__all__ = ["EditorOutcome", "editor_command", "open_in_editor"]


def editor_command(path: str, environ: Mapping[str, str] | None = None) -> list[str]:
    """``$VISUAL`` or ``$EDITOR`` (which may carry arguments) then the path; ``vi`` by default.

    The path is one argument, never passed through a shell.
    """
    env = os.environ if environ is None else environ
    editor = env.get("VISUAL") or env.get("EDITOR") or "vi"
    try:
        parts = shlex.split(editor)
    except ValueError:
        parts = [editor]
    return [*(parts or ["vi"]), path]


@dataclass(frozen=True, slots=True)
class EditorOutcome:
    """The one notice to show once the reader is back."""

    message: str
    severity: SeverityLevel = "information"


def open_in_editor(
    app: App[object], path: str, environ: Mapping[str, str] | None = None
) -> EditorOutcome:
    """Run the editor on ``path`` with ``app`` suspended; the app always resumes.

    An editor that cannot be found is reported before suspending anything.
    Textual resumes the app only when the ``with app.suspend()`` block ends
    normally, so every error of the editor's start is caught inside it: one
    escaping the block left the terminal blank and the keys dead.
    """
    command = editor_command(real_path(path), environ)  # stored escaped: see store/paths.py
    env_path = None if environ is None else environ.get("PATH", os.defpath)
    if shutil.which(command[0], path=env_path) is None:
        return EditorOutcome(
            safe(f"Cannot open an editor: {command[0]} was not found (set $EDITOR)"), "error"
        )
    failure: Exception | None = None
    try:
        with app.suspend():
            try:
                subprocess.run(command, check=False)
            except (OSError, ValueError, subprocess.SubprocessError) as error:
                failure = error
    except SuspendNotSupported:
        return EditorOutcome("Cannot open an editor here (the terminal cannot be suspended).")
    if failure is not None:
        return EditorOutcome(safe(f"Could not run {command[0]}: {failure}"), "error")
    return EditorOutcome("Press r to re-import the file if you changed it.")
