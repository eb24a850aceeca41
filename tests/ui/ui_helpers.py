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


# ------------------------------------------------------------------ contrast
#: Drawing characters (box drawing, blocks): borders, edges and scrollbars, not text.
_NOT_TEXT = range(0x2500, 0x25A0)


def _luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG 2 contrast ratio of two colours, 1 to 21."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def low_contrast_text(
    app: App, minimum: float = 4.5, region: tuple[int, int, int, int] | None = None
) -> list[str]:
    """Every run of text on screen below ``minimum``, in truecolor and in 256 colours.

    Colours are read from each rendered segment's Rich style (reversed when
    the style says so; the theme's colours where a segment leaves one unset).
    256 colours are what Rich sends such a terminal: each colour downgraded to
    the nearest palette entry. ``region`` (x, y, width, height) limits the check.
    """
    from rich.color import Color, ColorSystem

    theme = app.current_theme
    default_fg = Color.parse(theme.foreground or ("#e0e0e0" if theme.dark else "#000000"))
    default_bg = Color.parse(theme.background or ("#121212" if theme.dark else "#ffffff"))
    problems: list[str] = []
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        x = 0
        for segment in strip:
            text, style = segment.text, segment.style
            start, x = x, x + segment.cell_length
            if region is not None:
                rx, ry, rw, rh = region
                if not (ry <= y < ry + rh and start >= rx and x <= rx + rw):
                    continue
            if not any(c.strip() and ord(c) not in _NOT_TEXT for c in text):
                continue
            if style is not None and style.dim:  # how dim is up to the terminal
                problems.append(f"line {y} col {start}: dim text {text.strip()!r}")
            fg = (style.color if style else None) or default_fg
            bg = (style.bgcolor if style else None) or default_bg
            if style is not None and style.reverse:
                fg, bg = bg, fg
            for system in ("truecolor", "256"):
                if system == "256":
                    fg_, bg_ = (c.downgrade(ColorSystem.EIGHT_BIT) for c in (fg, bg))
                else:
                    fg_, bg_ = fg, bg
                ratio = contrast_ratio(tuple(fg_.get_truecolor()), tuple(bg_.get_truecolor()))
                if ratio < minimum:
                    problems.append(
                        f"line {y} col {start} {system} {ratio:.1f}:1 "
                        f"{fg_.get_truecolor().hex} on {bg_.get_truecolor().hex}: {text.strip()!r}"
                    )
    return problems


def shows_count(text: str, name: str, count: str) -> bool:
    """Does the sections pane in ``text`` show ``name`` with ``count`` at its right?"""
    return re.search(re.escape(name) + r" {2,}" + re.escape(count) + r"(?![\d,])", text) is not None
