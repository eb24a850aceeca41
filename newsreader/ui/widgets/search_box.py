"""The search input: typing searches; Down moves into the list."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType
from textual.message import Message
from textual.widgets import Input

from newsreader.ui import keys

__all__ = ["SearchBox"]


class SearchBox(Input):
    """An ``Input`` that asks its screen to move on to the list (``ToList``)."""

    BINDINGS: ClassVar[list[BindingType]] = [*keys.SEARCH_BINDINGS]

    class ToList(Message):
        """Down was pressed in the box."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            placeholder='/ to search: 保交楼, "exact phrase", -exclude, 记者:孙庆辉 …',
            id=id,
            select_on_focus=False,
        )

    def action_to_list(self) -> None:
        self.post_message(self.ToList())
