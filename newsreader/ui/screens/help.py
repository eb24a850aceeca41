"""The help screen: every key, grouped, from the same lists the bindings use."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from newsreader.ui.keys import GROUPS, HELP_LEFT_GROUPS, KeyGroup, help_rows

__all__ = ["HelpScreen"]


def help_content(
    keymap: dict[str, str] | None = None, groups_in: tuple[KeyGroup, ...] = GROUPS
) -> Content:
    """The key table as styled Content (no markup parsing involved)."""
    groups = help_rows(keymap, groups_in)
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
    return Content.assemble(*parts)


#: The query language in brief (``newsreader/query.py`` has the full rules).
SEARCH_SYNTAX: tuple[tuple[str, str], ...] = (
    ("保交楼 安置房", "both words"),
    ("保交楼 OR 安置房", "either word"),
    ("-安置房", "without a word"),
    ('"攻坚大会"', "an exact phrase"),
    ("title:  记者:  section:", "in one field"),
    ("date:2023-10", "by date (or a..b)"),
    ("is:unread  is:starred", "by marks"),
    ('in:"人民日报"  in:unread', "in one section"),
)


def syntax_content() -> Content:
    """The search cheat sheet, aligned by cells (the examples are Chinese)."""
    width = max(cell_len(example) for example, _ in SEARCH_SYNTAX) + 2
    parts: list[Content] = [Content.styled("Search syntax", "bold $accent")]
    for example, meaning in SEARCH_SYNTAX:
        pad = " " * (width - cell_len(example))
        parts.extend([Content("\n  "), Content.styled(example, "bold"), Content(pad + meaning)])
    return Content.assemble(*parts)


class HelpScreen(ModalScreen[None]):
    """Escape, q or ? closes it."""

    BINDINGS: ClassVar = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help-close"),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 96; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    HelpScreen Horizontal { height: auto; }
    HelpScreen .help-column { width: 1fr; height: auto; }
    HelpScreen.-narrow Horizontal { layout: vertical; }
    HelpScreen #help-mouse { color: $text-muted; }
    """

    def on_resize(self) -> None:
        """Two columns need about 96 cells; below that they stack."""
        self.set_class(self.size.width < 96, "-narrow")

    def compose(self) -> ComposeResult:
        # The app's active keymap (set by ``set_keymap``), so remapped keys show as remapped.
        keymap = getattr(self.app, "_keymap", None)
        with VerticalScroll() as scroll:
            scroll.border_title = "Keys"
            scroll.border_subtitle = "Esc to close"
            with Horizontal():
                left, right = GROUPS[:HELP_LEFT_GROUPS], GROUPS[HELP_LEFT_GROUPS:]
                yield Static(help_content(keymap, left), classes="help-column")
                with Vertical(classes="help-column"):
                    yield Static(help_content(keymap, right))
                    yield Static(syntax_content())
            yield Static(
                "The mouse works too: click a section or a row, scroll with the wheel.",
                id="help-mouse",
                markup=False,
            )
