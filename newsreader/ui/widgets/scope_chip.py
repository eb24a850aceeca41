"""The chip at the end of the search line naming where a search looks (``in: Starred``)."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from newsreader.ui.render.strips import safe

__all__ = ["ScopeChip"]

#: The longest chip, in cells: a long feed name must leave room to type.
MAX_CELLS = 40


class ScopeChip(Widget):
    """Set ``text`` (``""`` hides the chip). Section names are untrusted: drawn as plain text."""

    DEFAULT_CSS = """
    ScopeChip {
        width: auto; height: 1; padding: 0 1;
        background: $accent; color: $text; text-style: bold;
        display: none;
    }
    ScopeChip.-shown { display: block; }
    """

    text: reactive[str] = reactive("", layout=True)

    def watch_text(self, text: str) -> None:
        self.set_class(bool(text), "-shown")

    def render(self) -> Content:
        return Content(safe(self.text)).truncate(MAX_CELLS, ellipsis=True)
