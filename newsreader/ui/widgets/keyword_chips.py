"""A row of keyword chips under an article's title; choosing one asks for a search.

The widget only reports the choice (``KeywordChips.Selected``): searching is
the app's job ("attributes down, messages up"). Keywords come from article
text, which is untrusted, so every chip is plain text (``markup=False``) with
control characters made visible; the message carries the original word.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from newsreader.text import visible

__all__ = ["Chip", "KeywordChips"]


class Chip(Static, can_focus=True):
    """One keyword; Enter, Space or a click selects it."""

    DEFAULT_CSS = """
    Chip {
        width: auto;
        height: 1;
        padding: 0 1;
        margin-right: 1;
        background: $boost;
        color: $text-muted;
    }
    Chip:hover { background: $panel-lighten-1; color: $text; }
    Chip:focus { background: $accent; color: $text; text-style: bold; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Search keyword", show=False),
        Binding("space", "select", "Search keyword", show=False),
    ]

    class Pressed(Message):
        """Private: tells the KeywordChips row which chip was chosen."""

        def __init__(self, chip: Chip) -> None:
            self.chip = chip
            super().__init__()

    def __init__(self, word: str, *, id: str | None = None) -> None:
        super().__init__(visible(word), markup=False, id=id)
        self.word = word

    def action_select(self) -> None:
        self.post_message(self.Pressed(self))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.focus()
        self.post_message(self.Pressed(self))


class KeywordChips(HorizontalScroll, can_focus=False):
    """``KeywordChips(["保交楼", "安置房"])``; set ``keywords`` to change them."""

    DEFAULT_CSS = """
    KeywordChips {
        height: 1;
        width: 1fr;
        scrollbar-size: 0 0;
        overflow: hidden hidden;
    }
    KeywordChips.-empty { display: none; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(-1)", "Previous keyword", show=False),
        Binding("right", "move(1)", "Next keyword", show=False),
    ]

    keywords: reactive[tuple[str, ...]] = reactive((), recompose=True)

    class Selected(Message):
        """A keyword was chosen: the app should search for ``word``."""

        def __init__(self, chips: KeywordChips, word: str) -> None:
            self.chips = chips
            self.word = word
            super().__init__()

        @property
        def control(self) -> KeywordChips:
            return self.chips

    def __init__(
        self,
        keywords: Iterable[str] = (),
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(KeywordChips.keywords, tuple(keywords))
        self.set_class(not self.keywords, "-empty")

    def compose(self) -> ComposeResult:
        for word in self.keywords:
            yield Chip(word)

    def watch_keywords(self, keywords: tuple[str, ...]) -> None:
        self.set_class(not keywords, "-empty")

    @property
    def chips(self) -> list[Chip]:
        return list(self.query_children(Chip))

    def action_move(self, step: int) -> None:
        """Move focus to the neighbouring chip (stays inside the row)."""
        chips = self.chips
        focused = self.screen.focused
        if not isinstance(focused, Chip) or focused not in chips:
            return
        index = max(0, min(len(chips) - 1, chips.index(focused) + step))
        chips[index].focus()
        chips[index].scroll_visible(animate=False)

    def on_chip_pressed(self, event: Chip.Pressed) -> None:
        event.stop()
        self.post_message(self.Selected(self, event.chip.word))
