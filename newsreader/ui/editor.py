"""The command that opens an article's source file in the user's editor."""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping

__all__ = ["editor_command"]


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
