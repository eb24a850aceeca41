"""Keyword chips under the title in the reader; choosing one searches for it."""

from __future__ import annotations

from pathlib import Path

from ui_helpers import palette_ready, screen_lines, settle, wait_for

from newsreader.archive import Archive
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.screens.main import MainScreen
from newsreader.ui.widgets.keyword_chips import Chip


def main(app: NewsreaderApp) -> MainScreen:
    assert isinstance(app.screen, MainScreen)
    return app.screen


def baojiaolou_id(db_path: Path) -> int:
    with Archive.open(db_path) as archive:
        return next(a.id for a in archive.articles() if "保交楼" in a.title)


async def test_chips_of_the_baojiaolou_article(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        screen.open_article(baojiaolou_id(db_path))
        await settle(pilot, app)
        words = screen.chips.keywords
        assert "保交楼" in words and "安置房" in words
        # The chips sit on the reader's line under the title and meta lines.
        reader = screen.reader
        assert reader.chips_y > 0
        assert reader.lines[0].role == "title"
        assert reader.lines[reader.chips_y].text == ""
        top = screen.chips.region.y
        assert top == reader.region.y + reader.chips_y
        assert "保交楼" in screen_lines(app)[top] and "安置房" in screen_lines(app)[top]


async def test_chips_follow_the_scroll_and_hide_off_screen(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        screen.open_article(baojiaolou_id(db_path))
        await settle(pilot, app)
        assert screen.chips.display
        screen.reader.focus()
        await pilot.press("pagedown")
        await pilot.pause()
        assert not screen.chips.display
        await pilot.press("home")
        await pilot.pause()
        assert screen.chips.display


async def test_selecting_a_chip_searches_for_it(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        screen.open_article(baojiaolou_id(db_path))
        await settle(pilot, app)
        chip = next(c for c in screen.chips.query(Chip) if c.word == "安置房")
        await pilot.click(chip)
        await settle(pilot, app)
        assert screen.search_box.value == "安置房"
        assert screen.query_text == "安置房"
        with Archive.open(db_path) as archive:
            expected = archive.search_ids("安置房")
        assert sorted(screen.article_list.ids) == sorted(expected)


async def test_enter_on_a_focused_chip_searches(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        screen.open_article(baojiaolou_id(db_path))
        await settle(pilot, app)
        chip = next(c for c in screen.chips.query(Chip) if c.word == "保交楼")
        chip.focus()
        await pilot.press("enter")
        await settle(pilot, app)
        assert screen.query_text == "保交楼"


async def test_palette_searches_a_keyword_of_the_open_article(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        screen.open_article(baojiaolou_id(db_path))
        await settle(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Search a keyword")
        await wait_for(pilot, palette_ready(app, "Search a keyword"))
        await pilot.press("enter")
        await wait_for(pilot, palette_ready(app, "安置房"))
        await pilot.press(*"安置房")
        await wait_for(pilot, palette_ready(app, "安置房"))
        await pilot.press("enter")
        await settle(pilot, app)
        assert screen.query_text == "安置房"


async def test_tab_reaches_the_chips_and_enter_searches_one(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        screen.open_article(baojiaolou_id(db_path))
        await settle(pilot, app)
        screen.reader.focus()
        await pilot.press("tab")
        chip = app.focused
        assert isinstance(chip, Chip) and chip.word == screen.chips.keywords[0]
        await pilot.press("right")
        chip = app.focused
        assert isinstance(chip, Chip) and chip.word == screen.chips.keywords[1]
        await pilot.press("enter")
        await settle(pilot, app)
        assert screen.search_box.value == chip.word
        await pilot.press("tab")  # from the reader: the chips again, then on round
        await pilot.press("tab")
        assert app.focused is screen.sections
