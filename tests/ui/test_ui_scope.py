"""Search looks everywhere unless scoped, visibly (issue 15): the chip, ``in:``,
``N here · M in All`` and widening, a restart, Esc in the list, the palette."""

from __future__ import annotations

from pathlib import Path

from ui_helpers import palette_ready, screen_text, settle, terminal_output, wait_for

from newsreader.archive import Archive
from newsreader.models import SectionKey, SectionNode
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.data import Outcome, Request, load, status_line
from newsreader.ui.screens.main import MainScreen
from newsreader.ui.search_scope import chip_text, find_section, resolve, split_scope
from newsreader.ui.widgets.article_list import ArticleList

STARRED = SectionKey("starred")
OLDER = SectionKey("edition", ("郑州日报", "2023-10-24"))


def main(app: NewsreaderApp) -> MainScreen:
    assert isinstance(app.screen, MainScreen)
    return app.screen


def search_ids(db_path: Path, query: str, scope: SectionKey | None = None) -> list[int]:
    with Archive.open(db_path) as archive:
        return archive.search_ids(query, scope=scope)


# ---------------------------------------------------------------------- pure parts


def test_split_scope_takes_the_first_in_out_of_the_query() -> None:
    assert split_scope("保交楼") == ("保交楼", None)
    assert split_scope("  保交楼 in:starred ") == ("保交楼", "starred")
    assert split_scope("in:Unread 经济 发展") == ("经济 发展", "Unread")
    assert split_scope('经济 in:"人民日报 海外版" 发展') == ("经济 发展", "人民日报 海外版")
    assert split_scope("经济 in:") == ("经济", None)  # still being typed
    assert split_scope('经济 in:"人民') == ("经济", "人民")  # no closing quote yet
    # Only a word that starts with in: names a scope.
    assert split_scope("login:x") == ("login:x", None)


def test_resolve_names_kinds_then_labels_nearest_the_top() -> None:
    page = SectionNode(SectionKey("edition", ("人民日报", "2024-01-02")), "2024-01-02", 1)
    paper = SectionNode(SectionKey("edition", ("人民日报",)), "人民日报", 1, (page,))
    feed = SectionNode(SectionKey("feed", ("Xinhua",)), "Xinhua", 2)
    heading = SectionNode(SectionKey("editions"), "Editions", 1, (paper,))
    nodes = [SectionNode(SectionKey("all"), "All", 3), heading, feed]
    assert resolve("STARRED", nodes) == STARRED
    assert resolve("all", nodes) == SectionKey("all")
    assert resolve("人民日报", nodes) == paper.key
    assert resolve("xinhua", nodes) == feed.key
    assert resolve("2024-01-02", nodes) == page.key
    assert find_section(nodes, "Editions") is None  # a heading is not a scope
    assert resolve("新华社", nodes) is None
    assert chip_text("Starred") == "in: Starred"
    assert "no such section" in chip_text("新华社", known=False)


def test_a_scoped_load_counts_the_whole_archive_too(editions_db: Path) -> None:
    with Archive.open(editions_db) as archive:
        scoped = load(archive, Request("保交楼", OLDER))
        everywhere = load(archive, Request("保交楼"))
    assert scoped.ids == search_ids(editions_db, "保交楼", OLDER) and len(scoped.ids) == 1
    assert scoped.everywhere == len(everywhere.ids) == 2
    assert everywhere.everywhere is None
    line = status_line(scoped, "i")
    assert line.startswith("1 here · 2 in All (i: search all) · ")
    # Finding as much as everywhere: no "here", the scope named as before.
    same = Outcome(Request("保交楼", OLDER), [1, 2], [], 1.0, everywhere=2)
    assert status_line(same).startswith("2 results in 1 ms · in 郑州日报 2023-10-24")


# ---------------------------------------------------------------------- in the app


async def star_top_and_browse_starred(pilot, app: NewsreaderApp) -> int:  # type: ignore[no-untyped-def]
    """Star the list's first article, then choose Starred in the sections pane."""
    screen = main(app)
    starred = screen.article_list.ids[0]
    await pilot.press("s")
    await settle(pilot, app)
    screen.sections.focus()
    node = screen.sections.find(STARRED)
    assert node is not None
    screen.sections.move_cursor(node)
    await pilot.press("enter")
    await settle(pilot, app)
    assert screen.scope == STARRED and screen.article_list.ids == [starred]
    return starred


async def test_typing_after_choosing_a_section_searches_everything(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        await star_top_and_browse_starred(pilot, app)
        assert screen.scope_chip.text == ""
        await pilot.press("slash", *"高新区")
        await settle(pilot, app)
        assert screen.article_list.ids == search_ids(db_path, "高新区")
        assert len(screen.article_list.ids) == 4
        assert not screen.scope_chip.display
        assert "here" not in screen.status.message and "Starred" not in screen.status.message


async def test_i_scopes_to_the_section_with_a_chip_and_widens_again(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        starred = await star_top_and_browse_starred(pilot, app)
        await pilot.press("i")
        await settle(pilot, app)
        assert screen.scope_chip.text == "in: Starred" and screen.scope_chip.display
        assert "in: Starred" in screen_lines_of(app)[1]  # on the search line
        await pilot.press("slash", *"高新区")
        await settle(pilot, app)
        assert screen.article_list.ids == [starred]
        assert screen.status.message.startswith("1 here · 4 in All (i: search all)")
        await pilot.press("down", "i")  # from the list, one key widens it
        await settle(pilot, app)
        assert screen.article_list.ids == search_ids(db_path, "高新区")
        assert screen.scope_chip.text == "" and not screen.scope_chip.display
        assert screen.status.message.startswith("4 results in ")


def screen_lines_of(app: NewsreaderApp) -> list[str]:
    return screen_text(app).splitlines()


async def test_in_in_the_query_scopes_and_i_takes_it_out(editions_db: Path) -> None:
    app = NewsreaderApp(editions_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        await pilot.press("slash", *"保交楼 in:2023-10-24")
        await settle(pilot, app)
        assert screen.scope_chip.text == "in: 郑州日报 2023-10-24"
        assert screen.query_text == "保交楼"
        assert screen.article_list.ids == search_ids(editions_db, "保交楼", OLDER)
        assert screen.status.message.startswith("1 here · 2 in All")
        await pilot.press("down", "i")
        await settle(pilot, app)
        assert screen.search_box.value == "保交楼"
        assert screen.scope_chip.text == ""
        assert screen.article_list.ids == search_ids(editions_db, "保交楼")
        # A whole paper by its name, any case of the kinds.
        screen.search_box.value = '保交楼 in:"郑州日报"'
        await settle(pilot, app)
        assert screen.scope_chip.text == "in: 郑州日报"
        assert len(screen.article_list.ids) == 2
        assert "here" not in screen.status.message  # nothing hidden by the scope


async def test_an_unknown_or_hostile_name_is_shown_literally_and_searches_all(
    db_path: Path,
) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        screen.search_box.value = '高新区 in:"[b]x\x1b[2J"'
        await settle(pilot, app)
        assert screen.article_list.ids == search_ids(db_path, "高新区")
        line = screen_lines_of(app)[1]
        assert "in: [b]x" in line and "no such section" in line
        assert "\x1b" not in terminal_output(app).replace("\x1b[", "")


async def test_a_restart_keeps_the_section_but_not_the_scope(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await star_top_and_browse_starred(pilot, app)
        await pilot.press("i")
        await settle(pilot, app)
        assert main(app).search_scope == STARRED
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        assert screen.scope == STARRED  # browsing: where the reader was
        assert len(screen.article_list.ids) == 1
        assert screen.search_scope is None and screen.scope_chip.text == ""
        await pilot.press("slash", *"高新区")
        await settle(pilot, app)
        assert screen.article_list.ids == search_ids(db_path, "高新区")


async def test_esc_in_the_list_clears_the_query(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        await pilot.press("slash", *"回迁")
        await settle(pilot, app)
        assert len(screen.article_list.ids) == 1
        await pilot.press("down")
        assert isinstance(app.focused, ArticleList)
        await pilot.press("escape")
        await settle(pilot, app)
        assert screen.search_box.value == "" and screen.query_text == ""
        assert len(screen.article_list.ids) == 4
        assert isinstance(app.focused, ArticleList)  # the query went, not the pane
        await pilot.press("escape")  # with nothing to clear: back to the sections
        assert app.focused is screen.sections


async def test_the_palettes_keyword_search_looks_everywhere(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        starred = await star_top_and_browse_starred(pilot, app)
        screen.open_article(starred)
        await settle(pilot, app)
        await wait_for(pilot, lambda: bool(screen.chips.keywords))
        word = "高新区" if "高新区" in screen.chips.keywords else screen.chips.keywords[0]
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Search a keyword")
        await wait_for(pilot, palette_ready(app, "Search a keyword"))
        await pilot.press("enter")
        await wait_for(pilot, palette_ready(app, word))
        await pilot.press(*word)
        await wait_for(pilot, palette_ready(app, word))
        await pilot.press("enter")
        await settle(pilot, app)
        assert screen.query_text == word
        assert screen.article_list.ids == search_ids(db_path, word)
        assert screen.scope_chip.text == ""
        # Scoped explicitly (i: the browsed section), it searches there, visibly.
        await pilot.press("i")
        await settle(pilot, app)
        assert screen.scope_chip.text == "in: Starred"
        assert screen.article_list.ids == [starred]
