"""A small dialog asking for a feed to subscribe to (an http(s) URL or a feed file).

Dismissed with the text typed (Enter) or ``None`` (Escape); the caller
subscribes and fetches it in a worker.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input

__all__ = ["AddFeedScreen"]


class AddFeedScreen(ModalScreen[str | None]):
    """``AddFeedScreen()``: one line of input."""

    DEFAULT_CSS = """
    AddFeedScreen { align: center middle; }
    AddFeedScreen > Vertical {
        width: 70; height: auto; border: round $accent; background: $surface; padding: 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", priority=True),
    ]

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Add a feed (Enter adds, Esc cancels)"
            yield Input(placeholder="https://example.org/feed.xml", id="feed-url")

    @on(Input.Submitted, "#feed-url")
    def _done(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if text:
            self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)
