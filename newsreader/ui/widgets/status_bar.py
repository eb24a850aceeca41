"""The status line: search results and timing on the left, the hit counter right."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from newsreader.ui.render.strips import safe

__all__ = ["StatusBar"]


class StatusBar(Widget):
    """``message`` (e.g. "12 results in 3 ms") and ``hits`` (e.g. "hit 3/12")."""

    DEFAULT_CSS = """
    StatusBar { height: 1; background: $boost; color: $text-muted; padding: 0 1; }
    """

    message: reactive[str] = reactive("")
    hits: reactive[str] = reactive("")

    def render(self) -> Content:
        left = Content(safe(self.message))
        right = Content(self.hits)
        gap = self.size.width - left.cell_length - right.cell_length
        if gap < 1:
            room = max(self.size.width - right.cell_length - 1, 0)
            return Content.assemble(left.truncate(room, ellipsis=True), " ", right)
        return Content.assemble(left, " " * gap, right)
