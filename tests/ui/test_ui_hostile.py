"""Article text is shown literally: no markup, no control sequence reaches the terminal."""

from __future__ import annotations

import re
from pathlib import Path

from textual.app import App, ComposeResult
from ui_helpers import screen_text, settle, terminal_output

from newsreader.models import Article, ArticleRow, Byline, Hit, MatchSpan, SectionKey, SectionNode
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.widgets.article_list import ArticleList
from newsreader.ui.widgets.reader import Reader
from newsreader.ui.widgets.sections import SectionsTree

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")

EVIL = "清屏\x1b[2J后\x1b]52;c;aGk=\x07剪贴\x9b31m单 [bold red]字面[/bold red] \x07铃"


def assert_clean(output: str) -> None:
    bad = CONTROL.findall(output.replace("\n", ""))
    assert not bad, f"control characters reached the terminal: {bad!r}"


async def test_hostile_article_through_the_whole_app(hostile_db: Path) -> None:
    app = NewsreaderApp(hostile_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        assert_clean(terminal_output(app))
        text = screen_text(app)
        assert "[bold red]" in text
        await pilot.press("slash", *"保交楼")
        await settle(pilot, app)
        assert_clean(terminal_output(app))
        assert "[bold red]" in screen_text(app)


class _WidgetsApp(App[None]):
    """The list and the reader alone, fed raw hostile strings (no parser in between)."""

    def compose(self) -> ComposeResult:
        row = Hit(1, EVIL, "2024", EVIL, "", "", EVIL, ((0, 2),), ((0, 2),), 3, 1.0, reporter=EVIL)
        lst = ArticleList(
            lambda ids, q: (
                [row] if q else [ArticleRow(1, EVIL, "", EVIL, "", "", EVIL, False, True)]
            )
        )
        self.lst = lst
        yield lst
        self.reader = Reader()
        yield self.reader

    def on_mount(self) -> None:
        self.lst.show([1], "q")
        article = Article(
            1,
            "x",
            0,
            EVIL,
            1,
            EVIL,
            "",
            EVIL,
            "2024",
            EVIL,
            (EVIL, EVIL),
            (Byline(EVIL, EVIL),),
            EVIL,
        )
        self.reader.show(article, [MatchSpan("paragraph", 0, 0, 4)])


async def test_raw_control_characters_never_reach_the_terminal() -> None:
    app = _WidgetsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        output = terminal_output(app)
        assert_clean(output)
        assert "[bold red]字面[/bold red]" in screen_text(app)
        assert "␛[2J" in screen_text(app)  # ESC shown as a visible symbol
        assert "\x1b]52" not in output


class _DateApp(App[None]):
    """A row whose date is hostile too (feeds and hand-edited archives bring any text)."""

    def compose(self) -> ComposeResult:
        self.lst = ArticleList(
            lambda ids, q: [ArticleRow(1, "标题", "\x1b[2J\x07", "", "", "", "", False, False)]
        )
        yield self.lst

    def on_mount(self) -> None:
        self.lst.show([1], "")


async def test_a_hostile_date_in_a_row_is_shown_literally() -> None:
    app = _DateApp()
    async with app.run_test(size=(100, 10)) as pilot:
        await pilot.pause()
        assert_clean(terminal_output(app))
        assert "␛[2J" in screen_text(app)


class _SectionsApp(App[None]):
    """The sections pane fed hostile names (section and reporter names come from articles)."""

    def compose(self) -> ComposeResult:
        self.sections = SectionsTree()
        yield self.sections

    def on_mount(self) -> None:
        evil = SectionNode(SectionKey("section", (EVIL,)), EVIL, 1)
        self.sections.load(
            [
                SectionNode(SectionKey("all"), "All", 1),
                SectionNode(SectionKey("sections"), "Sections", 1, (evil,)),
                SectionNode(SectionKey("reporters"), "Reporters", 1, (evil,)),
            ]
        )


async def test_hostile_section_and_reporter_names_are_shown_literally() -> None:
    app = _SectionsApp()
    async with app.run_test(size=(100, 10)) as pilot:
        await pilot.pause()
        tree = app.sections
        for node in tree.root.children:
            node.expand()
        await pilot.pause()
        assert_clean(terminal_output(app))
        text = screen_text(app)
        assert text.count("[bold red]字面[/bold red]") == 2
        assert "␛[2J" in text
