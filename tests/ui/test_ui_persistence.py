"""Read and starred marks, and the reader's position, survive a restart."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ui_helpers import settle

from newsreader.archive import Archive
from newsreader.models import SectionKey
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.state import SETTING_KEY, UiState
from newsreader.ui.widgets.article_list import ArticleList


async def test_star_and_read_persist_across_restarts(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        ids = list(app.screen.article_list.ids)
        await pilot.press("s", "j", "enter")  # star the first, read the second
        await settle(pilot, app)
        await pilot.press("q")
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        lst = app.screen.article_list
        rows = {lst.row(i).id: lst.row(i) for i in range(len(lst.ids))}
        assert rows[ids[0]].starred and not rows[ids[0]].read
        assert rows[ids[1]].read and not rows[ids[1]].starred
        assert not rows[ids[2]].read and not rows[ids[2]].starred
        assert app.screen.title_bar.unread == 3


async def test_section_article_and_scroll_come_back(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot, app)
        # Select "Unread" in the sections pane, open the last article, scroll a bit.
        await pilot.press("h", "j", "enter")
        await settle(pilot, app)
        assert app.screen.scope == SectionKey("unread")
        await pilot.press("G", "enter")
        await settle(pilot, app)
        opened = app.screen.reader.article.id
        await pilot.press("j", "j", "j")
        # Opening marked it read; mark it unread again so it stays in "Unread".
        await pilot.press("u")
        await settle(pilot, app)
        assert not app.screen.archive.article(opened).read
        await pilot.press("q")
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot, app)
        await pilot.pause()
        screen = app.screen
        assert screen.scope == SectionKey("unread")
        assert screen.sections.cursor_node.data == SectionKey("unread")
        assert screen.reader.article is not None and screen.reader.article.id == opened
        assert screen.reader.scroll_y == 3
        assert screen.article_list.current_id == opened
        assert isinstance(app.focused, ArticleList)


def test_ui_state_round_trip_and_junk() -> None:
    state = UiState(SectionKey("edition", ("郑州日报", "2023-10-25")), "date", 12, 40)
    assert UiState.from_json(state.to_json()) == state
    assert UiState.from_json(None) == UiState()
    assert UiState.from_json({"scope": "x", "sort": 3, "article": True, "scroll": -1}) == UiState()


async def test_a_saved_state_that_is_not_json_starts_on_the_defaults(db_path: Path) -> None:
    """A hand-edited settings row must not cost the launch (it is only where the reader was)."""
    with sqlite3.connect(db_path) as db:
        db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [SETTING_KEY, "{not json"],
        )
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert app.screen.scope == SectionKey("all")
        assert len(app.screen.article_list.ids) == 4
        await pilot.press("enter")  # opening an article saves a good state again
        await settle(pilot, app)
    with Archive.open(db_path) as archive:
        assert UiState.from_json(archive.get_setting(SETTING_KEY)).article is not None
