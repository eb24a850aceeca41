"""Helpers for the reader's UI tests: read the screen as text and as terminal output."""

from __future__ import annotations

import re
from collections.abc import Callable
from io import StringIO

from rich.console import Console
from textual.app import App
from textual.pilot import Pilot


def screen_lines(app: App) -> list[str]:
    """The text of every line on screen, as the compositor would draw it."""
    # The compositor is private, but it is exactly what reaches the terminal.
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip) for strip in strips]


def screen_text(app: App) -> str:
    return "\n".join(screen_lines(app))


_SGR = re.compile(r"\x1b\[[0-9;:]*m")


def terminal_output(app: App) -> str:
    """What a terminal would receive for the current screen, style codes removed.

    Styles become SGR sequences (``ESC [ ... m``); after removing those, any ESC,
    BEL or C1 character left can only have come from article text.
    """
    console = Console(file=StringIO(), force_terminal=True, color_system="truecolor")
    raw = "\n".join(strip.render(console) for strip in app.screen._compositor.render_strips())
    return _SGR.sub("", raw)


async def settle(pilot: Pilot, app: App) -> None:
    """Let debounced searches and other workers finish, then repaint.

    A finished search starts the sections worker, so wait until none is left.
    """
    await pilot.pause(0.15)
    for _ in range(20):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(worker.is_running for worker in app.workers):
            break


async def wait_for(pilot: Pilot, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    """Pause until ``predicate()`` holds (for things with their own timers, like the palette)."""
    waited = 0.0
    while not predicate():
        assert waited < timeout, "timed out waiting for the app"
        await pilot.pause(0.05)
        waited += 0.05


def palette_ready(app: App, text: str) -> Callable[[], bool]:
    """A predicate: the command palette lists an option whose prompt contains ``text``."""
    from textual.command import CommandList

    def ready() -> bool:
        try:
            options = app.screen.query_one(CommandList)
        except Exception:
            return False
        return any(text in str(o.prompt) for o in options.options)

    return ready
