"""The help screen: every key, grouped, from the same lists the bindings use."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from newsreader.ui.keys import help_rows

__all__ = ["HelpScreen"]


def help_content(keymap: dict[str, str] | None = None) -> Content:
    """The key table as styled Content (no markup parsing involved)."""
    groups = help_rows(keymap)
    width = max(len(k) for _t, rows in groups for k, _d in rows) + 2
    parts: list[Content] = []
    for n, (title, rows) in enumerate(groups):
        if n:
            parts.append(Content("\n"))
        parts.append(Content.styled(title, "bold $accent"))
        for key, description in rows:
            parts.append(Content("\n  "))
            parts.append(Content.styled(key.ljust(width), "bold"))
            parts.append(Content(description))
        parts.append(Content("\n"))
    parts.append(Content.styled("\nThe mouse works too: click a section, a row, scroll.", "dim"))
    return Content.assemble(*parts)


class HelpScreen(ModalScreen[None]):
    """Escape, q or ? closes it."""

    BINDINGS: ClassVar = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help-close"),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 64; max-width: 100%; height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    """

    def compose(self) -> ComposeResult:
        # The app's active keymap (set by ``set_keymap``), so remapped keys show as remapped.
        keymap = getattr(self.app, "_keymap", None)
        with VerticalScroll() as scroll:
            scroll.border_title = "Keys"
            yield Static(help_content(keymap), id="help-keys")
