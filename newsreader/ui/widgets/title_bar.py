"""One header line: the app and archive name (and read-only), article and unread counts."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from newsreader.ui.render.strips import safe

__all__ = ["TitleBar"]


class TitleBar(Widget):
    """Set ``archive_name``, ``total`` and ``unread``; it redraws itself."""

    DEFAULT_CSS = """
    TitleBar { height: 1; background: $panel; color: $foreground; padding: 0 1; }
    """

    archive_name: reactive[str] = reactive("")
    total: reactive[int] = reactive(0)
    unread: reactive[int] = reactive(0)
    read_only: reactive[bool] = reactive(False)

    def render(self) -> Content:
        left = Content.assemble(("newsreader", "bold"), "  ", safe(self.archive_name))
        if self.read_only:
            left = Content.assemble(left, "  ", ("read-only", "reverse"))
        right = Content(f"{self.total} articles · {self.unread} unread")
        gap = self.size.width - left.cell_length - right.cell_length
        return Content.assemble(left, " " * max(gap, 1), right)
