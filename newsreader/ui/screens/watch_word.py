"""A small dialog asking for a word to watch and its group.

The command palette cannot take free text, so "Watch word…" opens this:
the word, then the group (the first group by default); Enter in the last
field confirms, Escape cancels. Dismissed with ``(word, group)`` or ``None``.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

__all__ = ["WatchWordScreen"]


class WatchWordScreen(ModalScreen[tuple[str, str] | None]):
    """``WatchWordScreen(word="", group="廉政")``."""

    DEFAULT_CSS = """
    WatchWordScreen { align: center middle; }
    WatchWordScreen > Vertical {
        width: 50; height: auto; border: round $accent; background: $surface; padding: 0 1;
    }
    WatchWordScreen Input { margin-bottom: 1; }
    WatchWordScreen Label { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", priority=True),
    ]

    def __init__(self, word: str = "", group: str = "") -> None:
        super().__init__()
        self._word = word
        self._group = group

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Watch a word"
            yield Label("Word", markup=False)
            yield Input(self._word, placeholder="纪委", id="watch-word")
            yield Label("Group (a new name makes a new group)", markup=False)
            yield Input(self._group, placeholder="廉政", id="watch-group")

    @on(Input.Submitted, "#watch-word")
    def _word_done(self) -> None:
        self.query_one("#watch-group", Input).focus()

    @on(Input.Submitted, "#watch-group")
    def _group_done(self) -> None:
        word = self.query_one("#watch-word", Input).value.strip()
        group = self.query_one("#watch-group", Input).value.strip()
        if not word:
            self.query_one("#watch-word", Input).focus()
            return
        self.dismiss((word, group))

    def action_cancel(self) -> None:
        self.dismiss(None)
