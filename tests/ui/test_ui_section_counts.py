"""Counts whole: in the sections pane the name is cut, never the number."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from ui_helpers import screen_lines

from newsreader.models import SectionKey, SectionNode
from newsreader.text import cell_width
from newsreader.ui.widgets.sections import SectionsTree, format_count

LONG = "一个非常非常长的订阅源名称而且还没有完"

NODES = [
    SectionNode(SectionKey("all"), "All", 2805),
    SectionNode(SectionKey("unread"), "Unread", 514),
    SectionNode(
        SectionKey("feeds"),
        "Feeds",
        1_234_567,
        (
            SectionNode(SectionKey("feed", ("a",)), LONG, 1_234_560),
            SectionNode(SectionKey("feed", ("b",)), "短名", 7),
        ),
    ),
]


class _Pane(App[None]):
    CSS = "SectionsTree { width: 26; }"

    def compose(self) -> ComposeResult:
        yield SectionsTree(id="sections")

    def on_mount(self) -> None:
        tree = self.query_one(SectionsTree)
        tree.load(NODES)
        tree.find(SectionKey("feed", ("a",)))  # opens Feeds


def test_thousands_are_separated() -> None:
    assert format_count(1234) == "1,234" and format_count(7) == "7"


@pytest.mark.parametrize("width", [26, 18])
async def test_names_are_cut_and_counts_stay_whole(width: int) -> None:
    app = _Pane()
    app.CSS = f"SectionsTree {{ width: {width}; }}"
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        lines = [line[:width].rstrip() for line in screen_lines(app)[:5]]
        assert lines[0].startswith("All") and lines[0].endswith(" 2,805")
        assert lines[1].endswith(" 514")
        assert lines[2].endswith(" 1,234,567")
        assert lines[3].endswith(" 1,234,560") and "…" in lines[3]  # the name gave way
        assert LONG[:2] in lines[3]
        assert lines[4].endswith(" 7") and "短名" in lines[4]
        # Every count ends at the same column: the pane's right edge.
        tree = app.query_one(SectionsTree)
        right = tree.scrollable_content_region.width
        assert {cell_width(line) for line in lines} == {right}
