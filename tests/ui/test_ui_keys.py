"""Every key of the issue, driven through Pilot."""

from __future__ import annotations

import contextlib
import subprocess
from pathlib import Path

import pytest
from textual import events
from ui_helpers import palette_ready, screen_text, settle, shows_count, wait_for

from newsreader.archive import Archive
from newsreader.ui import keys
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.screens.help import HelpScreen
from newsreader.ui.screens.main import MainScreen
from newsreader.ui.widgets.article_list import ArticleList
from newsreader.ui.widgets.reader import Reader
from newsreader.ui.widgets.sections import SectionsTree


def main(app: NewsreaderApp) -> MainScreen:
    assert isinstance(app.screen, MainScreen)
    return app.screen


@pytest.mark.parametrize(
    ("down", "up", "top", "bottom"),
    [("j", "k", "g", "G"), ("down", "up", "home", "end")],
)
async def test_list_movement_vim_and_arrows(
    db_path: Path, down: str, up: str, top: str, bottom: str
) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        lst = main(app).article_list
        assert lst.cursor == 0
        await pilot.press(down, down)
        assert lst.cursor == 2
        await pilot.press(up)
        assert lst.cursor == 1
        await pilot.press(bottom)
        assert lst.cursor == 3
        await pilot.press(down)
        assert lst.cursor == 3
        await pilot.press(top)
        assert lst.cursor == 0
        await pilot.press("pagedown")
        assert lst.cursor == 3
        await pilot.press("pageup")
        assert lst.cursor == 0


async def test_enter_opens_and_marks_read(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        second = screen.article_list.ids[1]
        await pilot.press("j", "enter")
        await settle(pilot, app)
        assert isinstance(app.focused, Reader)
        assert screen.reader.article is not None and screen.reader.article.id == second
        assert screen.archive.article(second).read
        assert screen.title_bar.unread == 3


async def test_tab_and_h_l_move_between_panes(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.focused, ArticleList)
        await pilot.press("tab")
        assert isinstance(app.focused, Reader)
        await pilot.press("shift+tab", "shift+tab")
        assert isinstance(app.focused, SectionsTree)
        await pilot.press("l")
        assert isinstance(app.focused, ArticleList)
        await pilot.press("l")
        assert isinstance(app.focused, Reader)
        await pilot.press("h", "h")
        assert isinstance(app.focused, SectionsTree)
        await pilot.press("h")  # h and l stop at the ends
        assert isinstance(app.focused, SectionsTree)
        await pilot.press("shift+tab")  # Tab goes round
        assert isinstance(app.focused, Reader)
        await pilot.press("l")
        assert isinstance(app.focused, Reader)
        await pilot.press("tab")
        assert isinstance(app.focused, SectionsTree)


async def test_sections_keys_and_selection_narrow_the_list(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        third = screen.article_list.ids[2]
        screen.archive.set_starred(third, True)
        await pilot.press("h")
        tree = screen.sections
        assert isinstance(app.focused, SectionsTree)
        await pilot.press("j", "j")  # All -> Unread -> Starred
        assert tree.cursor_node is not None and tree.cursor_node.data.kind == "starred"
        await pilot.press("k")
        assert tree.cursor_node.data.kind == "unread"
        await pilot.press("G")
        assert tree.cursor_line == tree.last_line
        await pilot.press("g")
        assert tree.cursor_line == 0
        await pilot.press("j", "j", "enter")
        await settle(pilot, app)
        assert screen.scope.kind == "starred"
        assert screen.article_list.ids == [third]
        assert isinstance(app.focused, ArticleList)


async def test_reader_paging_space_b_and_scroll_keys(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot, app)
        await pilot.press("G", "enter")  # the longest article
        await settle(pilot, app)
        reader = main(app).reader
        assert reader.max_scroll_y > 10
        await pilot.press("space")
        first_page = reader.scroll_y
        assert first_page > 5
        await pilot.press("b")
        assert reader.scroll_y == 0
        await pilot.press("j", "j")
        assert reader.scroll_y == 2
        await pilot.press("k")
        assert reader.scroll_y == 1
        await pilot.press("G")
        assert reader.scroll_y == reader.max_scroll_y
        await pilot.press("g")
        assert reader.scroll_y == 0
        await pilot.press("pagedown")
        assert reader.scroll_y == first_page
        # The arrows, Home/End and PgUp do the same in the reader.
        await pilot.press("pageup")
        assert reader.scroll_y == 0
        await pilot.press("down", "down", "up")
        assert reader.scroll_y == 1
        await pilot.press("end")
        assert reader.scroll_y == reader.max_scroll_y
        await pilot.press("home")
        assert reader.scroll_y == 0


async def test_brackets_step_through_articles_in_the_reader(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        ids = screen.article_list.ids
        await pilot.press("enter")
        await settle(pilot, app)
        assert screen.reader.article.id == ids[0]
        await pilot.press("right_square_bracket")
        assert screen.reader.article.id == ids[1]
        assert isinstance(app.focused, Reader)
        assert screen.article_list.cursor == 1
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
        assert screen.reader.article.id == ids[3]
        await pilot.press("left_square_bracket")
        assert screen.reader.article.id == ids[2]
        assert screen.archive.article(ids[2]).read


async def test_s_and_u_toggle_star_and_read(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        first = screen.article_list.ids[0]
        await pilot.press("s")
        await settle(pilot, app)
        assert screen.archive.article(first).starred
        assert screen.article_list.row(0).starred
        assert "★" in screen_text(app)
        assert shows_count(screen_text(app), "Starred", "1")
        await pilot.press("s")
        assert not screen.archive.article(first).starred
        await pilot.press("u")
        assert screen.archive.article(first).read
        assert screen.title_bar.unread == 3
        await pilot.press("u")
        assert not screen.archive.article(first).read
        assert screen.title_bar.unread == 4


async def test_o_toggles_sort_of_a_search(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        await pilot.press("slash", *"高新区", "down")
        await settle(pilot, app)
        assert "sorted by rank" in screen.status.message
        await pilot.press("o")
        await settle(pilot, app)
        assert screen.sort == "date"
        assert "sorted by date" in screen.status.message
        await pilot.press("o")
        await settle(pilot, app)
        assert screen.sort == "rank"


async def test_y_copies_the_article_as_text(db_path: Path, copied: list[str]) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("y")
        assert len(copied) == 1
        assert copied[0].startswith("郑州高新区党纪教育警示大会召开")
        assert "记者 孙庆辉" in copied[0]


async def test_e_opens_the_source_in_the_editor(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[list[str]] = []
    monkeypatch.setenv("EDITOR", "true --wait")  # found on PATH; run is replaced
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setattr(subprocess, "run", lambda cmd, **kw: calls.append(cmd))
    monkeypatch.setattr(NewsreaderApp, "suspend", lambda self: contextlib.nullcontext())
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("e")
        await pilot.pause()
    assert len(calls) == 1
    assert calls[0][:2] == ["true", "--wait"]
    assert calls[0][2].endswith("zhengzhou-high-tech-zone-page.md")


async def test_r_reimports_changed_files(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    page = pages / "p.md"
    page.write_text("# 第一篇\n\n本报讯 内容一。\n", encoding="utf-8")
    db = tmp_path / "r.db"
    with Archive.open(db) as archive:
        archive.import_paths([str(pages)])
    app = NewsreaderApp(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        assert len(screen.article_list.ids) == 1
        (pages / "q.md").write_text("# 第二篇\n\n本报讯 内容二。\n", encoding="utf-8")
        await pilot.press("r")
        await settle(pilot, app)
        await settle(pilot, app)
        assert len(screen.article_list.ids) == 2
        assert screen.title_bar.total == 2


async def test_question_mark_shows_every_key(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(100, 60)) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        every = (
            *keys.APP_BINDINGS,
            *keys.SCREEN_BINDINGS,
            *keys.NEWSBOAT_BINDINGS,
            *keys.LIST_BINDINGS,
            *keys.READER_BINDINGS,
            *keys.SECTIONS_BINDINGS,
            *keys.SEARCH_BINDINGS,
        )
        for binding in every:
            assert keys.describe(binding) in text, binding
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_ctrl_p_palette_runs_an_action(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.screen.id == "--command-palette"
        await pilot.press(*"Star / unstar")  # the long description of `s`
        await wait_for(pilot, palette_ready(app, "Star / unstar"))
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen)
        first = main(app).article_list.ids[0]
        assert main(app).archive.article(first).starred


async def test_q_quits(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running


async def test_mouse_click_on_a_row_opens_it(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        await pilot.click("#list", offset=(5, 2))
        await settle(pilot, app)
        assert screen.reader.article is not None
        assert screen.reader.article.id == screen.article_list.ids[2]


def test_every_binding_has_an_id() -> None:
    for group in keys.GROUPS:
        for binding in group.bindings:
            assert binding.id, binding


async def test_keymap_remaps_a_binding_by_id(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        app.set_keymap({"star": "x", "cursor-down": "ctrl+n"})
        await pilot.pause()
        first, second = main(app).article_list.ids[:2]
        await pilot.press("x")
        assert main(app).archive.article(first).starred
        await pilot.press("ctrl+n")
        assert main(app).article_list.current_id == second
        await pilot.press("question_mark")
        await pilot.pause()
        assert "x          Star / unstar the article" in screen_text(app)


async def test_palette_has_commands_without_keys(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        main(app).archive.set_starred(main(app).article_list.ids[1], True)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Show starred articles")
        await wait_for(pilot, palette_ready(app, "Show starred articles"))
        await pilot.press("enter")
        await settle(pilot, app)
        assert main(app).scope.kind == "starred"
        assert len(main(app).article_list.ids) == 1


async def test_e_without_a_suspendable_terminal_says_so(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[list[str]] = []
    monkeypatch.setattr(subprocess, "run", lambda cmd, **kw: calls.append(cmd))
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:  # headless: cannot suspend
        await settle(pilot, app)
        await pilot.press("e")
        await pilot.pause()
        assert calls == []
        assert any("Cannot open an editor" in n.message for n in app._notifications)


async def test_r_with_nothing_imported_from_folders(empty_db: Path) -> None:
    app = NewsreaderApp(empty_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("r")
        await settle(pilot, app)
        assert any("No folders were imported" in n.message for n in app._notifications)


def test_markdown_table_lists_every_key() -> None:
    table = keys.markdown_table()
    assert "| `j ↓` | Down |" in table
    assert "| `?` | Help |" in table
    assert "| `y` | Copy the article as text (OSC 52) |" in table
    for group in keys.GROUPS:
        assert f"**{group.title}**" in table


async def test_mouse_wheel_scrolls_the_reader_and_a_click_focuses_a_pane(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 20)) as pilot:
        await settle(pilot, app)
        await pilot.press("G", "enter")  # the longest article
        await settle(pilot, app)
        reader = main(app).reader
        assert reader.max_scroll_y > 3 and reader.scroll_y == 0
        for _ in range(3):
            reader.post_message(events.MouseScrollDown(reader, 5, 5, 0, 1, 0, False, False, False))
        await pilot.pause(0.3)  # the wheel scrolls smoothly
        assert reader.scroll_y > 0
        await pilot.click("#sections", offset=(2, 12))  # below the last section
        await settle(pilot, app)
        assert isinstance(app.focused, SectionsTree)
        await pilot.click("#reader", offset=(5, 5))
        assert isinstance(app.focused, Reader)


def footer_text(app: NewsreaderApp) -> str:
    return screen_text(app).splitlines()[-1]


async def test_footer_shows_the_keys_that_apply_now(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        footer = footer_text(app)
        assert "Open" in footer and "Search" in footer and "Quit" in footer
        assert "Next hit" not in footer  # nothing to step through yet
        await pilot.press("enter")
        await settle(pilot, app)
        footer = footer_text(app)
        assert "Open" not in footer and "Next hit" not in footer  # the reader, no search
        await pilot.press("slash", *"保交楼", "enter")
        await settle(pilot, app)
        assert "Next hit" in footer_text(app)
        assert main(app).status.hits.startswith("hit 1/")
        await pilot.press("slash", *"不存在的词")
        await settle(pilot, app)
        assert "Next hit" not in footer_text(app)
        assert main(app).status.hits == ""  # no "hit 0/0" left behind


def test_readme_lists_the_keys_the_app_binds() -> None:
    """README's key table is ``markdown_table()`` as it is now: a new key must be documented."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert keys.markdown_table() in readme
