"""The article's links, one a line: Enter opens the one under the cursor.

Dismissed with the chosen URL (the caller opens it) or ``None`` on Escape.
Links come from untrusted text: each is shown as plain text, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import OptionList

from newsreader.ui.render.strips import safe

__all__ = ["LinksScreen"]


class LinksScreen(ModalScreen[str | None]):
    """``LinksScreen(urls)``: pick one of ``urls``."""

    DEFAULT_CSS = """
    LinksScreen { align: center middle; }
    LinksScreen > OptionList {
        width: 80%; max-height: 80%; height: auto; border: round $accent; background: $surface;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", priority=True),
    ]

    def __init__(self, urls: Sequence[str]) -> None:
        super().__init__()
        self.urls = list(urls)

    def compose(self) -> ComposeResult:
        options = OptionList(*(Text(safe(url)) for url in self.urls), id="links")
        options.border_title = "Links (Enter opens, Esc closes)"
        yield options

    @on(OptionList.OptionSelected, "#links")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.urls[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
