"""Watched words: highlighting, counts in the sections pane, ``w``, editing from the app."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.color import Color
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input
from ui_helpers import palette_ready, settle, wait_for

from newsreader.archive import Archive
from newsreader.config import WatchGroup
from newsreader.features.watchlist import group_key, word_key
from newsreader.models import SectionKey
from newsreader.text import fold
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.render.contrast import readable_style
from newsreader.ui.screens.main import MainScreen
from newsreader.ui.screens.watch_word import WatchWordScreen
from newsreader.ui.watchlist import watch_marker

CONFIG = """\
# my own notes: keep me
theme = "textual-dark"

[[watchlist]]
name = "廉政"   # red, as it should be
colour = "red"
words = ["反腐败", "纪委"]

[[watchlist]]
name = "住房"
colour = "green"
words = ["保交楼"]

[topics]
"城市建设" = ["保交楼", "安置房"]
"""

LIANZHENG = WatchGroup("廉政", "red", ("反腐败", "纪委"))
HOUSING = WatchGroup("住房", "green", ("保交楼",))


@pytest.fixture
def watching(config_file: Path) -> Path:
    config_file.write_text(CONFIG, encoding="utf-8")
    return config_file


def main(app: NewsreaderApp) -> MainScreen:
    assert isinstance(app.screen, MainScreen)
    return app.screen


def articles_with(db_path: Path, *words: str, also: str = "") -> set[int]:
    """Oracle: ids of articles whose text (folded) has any of ``words`` (and ``also``)."""
    with Archive.open(db_path) as archive:
        out = set()
        for article in archive.articles():
            text = fold(article.plain_text())
            if any(fold(w) in text for w in words) and (not also or fold(also) in text):
                out.add(article.id)
        return out


def styled(strip: Strip, word: str) -> list[Color | None]:
    """The colours of the segments that draw ``word``'s characters."""
    return [seg.style.color for seg in strip if seg.text and seg.text in word and seg.style]


def shown(widget: Widget, colour: str) -> Color | None:
    """A watch group's colour as ``widget`` draws it: made readable on its background."""
    style = Style(color=Color.parse(colour))
    return readable_style(style, widget.rich_style.bgcolor, widget.app.ansi_theme).color


def underlined(strip: Strip, word: str) -> bool:
    """Is ``word`` underlined (a watched word on a cursor row)?"""
    return any(s.style.underline for s in strip if s.text and s.text in word and s.style)


def label_of(screen: MainScreen, key: SectionKey) -> str:
    node = screen.sections.find(key)
    assert node is not None, key
    return str(node.label)


# ---------------------------------------------------------------------- marker


def test_marker_uses_search_folding_and_group_colours() -> None:
    marker = watch_marker([LIANZHENG, HOUSING])
    assert marker is not None
    text = "推進反腐敗,紀委;ＢＯ保交樓"  # traditional characters: folded like search
    marks = marker(text)
    assert sorted((text[s:e], style) for s, e, style in marks) == [
        ("保交樓", "bold green"),
        ("反腐敗", "bold red"),
        ("紀委", "bold red"),
    ]
    assert watch_marker([WatchGroup("空", "red", ())]) is None


# ---------------------------------------------------------------------- highlighting


async def test_watched_words_are_highlighted_in_list_and_reader(
    db_path: Path, watching: Path
) -> None:
    text = CONFIG + '[[watchlist]]\nname = "地方"\ncolour = "blue"\nwords = ["高新区"]\n'
    watching.write_text(text, encoding="utf-8")
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        ids = screen.article_list.ids
        # Titles that start with 高新区 show it in blue in the list.
        with Archive.open(db_path) as archive:
            starts = [r.id for r in archive.rows(ids) if r.title.startswith("高新区")]
        listing = screen.article_list
        assert [i for i in starts if ids.index(i) != listing.cursor]
        for article_id in starts:
            index = ids.index(article_id)
            row = listing.render_line(index)
            if index == listing.cursor:  # in the cursor row's colour, underlined
                assert underlined(row, "高新区")
            else:
                assert shown(listing, "blue") in styled(row, "高新区")
        target = next(iter(articles_with(db_path, "反腐败")))
        screen.open_article(target, focus=False)
        await settle(pilot, app)
        reader = screen.reader
        lines = [y for y, ln in enumerate(reader.lines) if "反腐败" in ln.text]
        assert lines
        strip = reader.render_line(lines[0] - int(reader.scroll_y))
        assert shown(reader, "red") in styled(strip, "反腐败")
        # A word nobody watches is drawn plain.
        assert shown(reader, "red") not in styled(strip, "推动")


async def test_watchlist_and_counts_in_sections_pane(db_path: Path, watching: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        for group in (LIANZHENG, HOUSING):
            expected = len(articles_with(db_path, *group.words))
            assert label_of(screen, group_key(group)) == f"{group.name}  {expected}"
            for word in group.words:
                expected = len(articles_with(db_path, word))
                assert label_of(screen, word_key(group, word)) == f"{word}  {expected}"
        assert "Watchlist" in [str(n.label).split()[0] for n in screen.sections.root.children]
        # Each word and group in its colour, as in the text.
        label = screen.sections.find(word_key(LIANZHENG, "纪委")).label
        assert label.style and label.style.color == Color.parse("red")
        label = screen.sections.find(group_key(HOUSING)).label
        assert label.style and label.style.color == Color.parse("green")


async def test_with_a_query_counts_are_hits_within_it(db_path: Path, watching: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"安置房")
        await settle(pilot, app)
        screen = main(app)
        for word in ("保交楼", "纪委"):
            expected = len(articles_with(db_path, word, also="安置房"))
            group = HOUSING if word == "保交楼" else LIANZHENG
            assert label_of(screen, word_key(group, word)) == f"{word}  {expected}"


async def test_selecting_a_watched_word_lists_its_articles(db_path: Path, watching: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        node = screen.sections.find(word_key(HOUSING, "保交楼"))
        assert node is not None
        await pilot.pause()
        screen.sections.move_cursor(node)
        screen.sections.focus()
        await pilot.press("enter")
        await settle(pilot, app)
        assert screen.scope == word_key(HOUSING, "保交楼")
        assert set(screen.article_list.ids) == articles_with(db_path, "保交楼")


# ---------------------------------------------------------------------- w


async def test_w_goes_to_each_watched_word_then_the_next_article(
    db_path: Path, watching: Path
) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        ids = screen.article_list.ids
        watched = ("反腐败", "纪委", "保交楼")
        having = articles_with(db_path, *watched)
        order = [i for i in ids if i in having]
        assert len(order) >= 2  # the sample page has two such articles
        await pilot.press("w")
        await settle(pilot, app)
        reader = screen.reader
        assert reader.article is not None and reader.article.id == order[0]
        seen = []
        while reader.article.id == order[0]:
            seen.append(reader.current_mark_text)
            await pilot.press("w")
            await settle(pilot, app)
        # Every watched word of the first article, in reading order, before moving on.
        first = screen.archive.article(order[0])
        expected = sum(fold(first.plain_text()).count(fold(w)) for w in watched)
        assert len(seen) == expected and set(seen) <= set(watched)
        assert reader.article.id == order[1]
        assert reader.current_mark_text in watched
        assert screen.article_list.current_id == order[1]


async def test_w_without_watched_words_says_so(db_path: Path, config_file: Path) -> None:
    config_file.write_text("watchlist = []\n", encoding="utf-8")
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("w")
        await settle(pilot, app)
        assert main(app).reader.article is None
        assert any("No watched words" in n.message for n in app._notifications)


# ---------------------------------------------------------------------- editing


async def run_palette(pilot, app: NewsreaderApp, title: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*title)
    await wait_for(pilot, palette_ready(app, title))
    await pilot.press("enter")
    await pilot.pause()


async def test_watch_word_from_palette_keeps_comments(db_path: Path, watching: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await run_palette(pilot, app, "Watch word…")
        await wait_for(pilot, lambda: isinstance(app.screen, WatchWordScreen))
        await pilot.press(*"安置房", "enter")  # the word, then the group (prefilled: 廉政)
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen)
        text = watching.read_text(encoding="utf-8")
        assert "# my own notes: keep me" in text
        assert "# red, as it should be" in text
        assert '"反腐败", "纪委", "安置房"' in text
        assert text.replace(', "安置房"', "", 1) == CONFIG  # nothing else changed
        # Highlighted and counted at once, without a restart.
        group = app.config.watch_groups[0]
        assert group.words == ("反腐败", "纪委", "安置房")
        screen = main(app)
        expected = len(articles_with(db_path, "安置房"))
        assert label_of(screen, word_key(group, "安置房")) == f"安置房  {expected}"
        assert screen.reader.marker is not None
        assert screen.reader.marker("安置房")


async def test_watch_the_current_search_term(db_path: Path, watching: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"回迁")
        await settle(pilot, app)
        await pilot.press("down")  # into the list (the query stays)
        await run_palette(pilot, app, "Watch the current search term")
        await wait_for(pilot, lambda: isinstance(app.screen, WatchWordScreen))
        assert isinstance(app.screen, WatchWordScreen)
        # The term as typed, and a new group named after it (not the first group).
        assert app.screen.query_one("#watch-word", Input).value == "回迁"
        assert app.screen.query_one("#watch-group", Input).value == "回迁"
        await pilot.press("enter", "enter")
        await settle(pilot, app)
        groups = {group.name: group.words for group in app.config.watch_groups}
        assert groups["回迁"] == ("回迁",)
        assert groups["廉政"] == ("反腐败", "纪委")
        assert '"回迁"' in watching.read_text(encoding="utf-8")
        messages = [n.message for n in app._notifications]
        assert "Watching 「回迁」 in 回迁" in messages


async def test_watch_search_term_is_trimmed_and_goes_to_the_group_picked(
    db_path: Path, watching: Path
) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"  芯片 in:starred  ")
        await settle(pilot, app)
        await run_palette(pilot, app, "Watch the current search term")
        await wait_for(pilot, lambda: isinstance(app.screen, WatchWordScreen))
        assert app.screen.query_one("#watch-word", Input).value == "芯片"
        await pilot.press("enter")
        group = app.screen.query_one("#watch-group", Input)
        group.value = "住房"
        await pilot.press("enter")
        await settle(pilot, app)
        groups = {g.name: g.words for g in app.config.watch_groups}
        assert groups["住房"] == ("保交楼", "芯片")
        assert groups["廉政"] == ("反腐败", "纪委")
        assert "Watching 「芯片」 in 住房" in [n.message for n in app._notifications]


async def test_unwatch_word_from_palette(db_path: Path, watching: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await run_palette(pilot, app, "Unwatch word…")
        await wait_for(pilot, palette_ready(app, "纪委"))
        await pilot.press(*"纪委")
        await wait_for(pilot, palette_ready(app, "纪委  (廉政)"))
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.config.watch_groups[0].words == ("反腐败",)
        text = watching.read_text(encoding="utf-8")
        assert "# my own notes: keep me" in text and "纪委" not in text
        assert main(app).sections.find(word_key(LIANZHENG, "纪委")) is None


# ---------------------------------------------------------------------- snapshot


def test_snapshot_reader_with_chips_and_watched_words(
    snap_compare, db_path: Path, watching: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsreader.ui import data

    monkeypatch.setattr(data, "perf_counter", lambda: 0.0)
    target = next(iter(articles_with(db_path, "保交楼")))

    async def read(pilot) -> None:  # type: ignore[no-untyped-def]
        app = pilot.app
        await settle(pilot, app)
        main(app).open_article(target)
        await settle(pilot, app)
        await pilot.press("w")  # the first watched word, drawn as the current one
        await settle(pilot, app)

    app = NewsreaderApp(db_path, live=False)
    assert snap_compare(app, terminal_size=(120, 40), run_before=read)


async def test_markup_like_watched_words_are_literal_in_the_palette(
    db_path: Path, config_file: Path
) -> None:
    config_file.write_text(
        '[[watchlist]]\nname = "[b]组"\ncolour = "red"\nwords = ["[bold red]词[/]", "a[b"]\n',
        encoding="utf-8",
    )
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await run_palette(pilot, app, "Unwatch word…")
        await wait_for(pilot, palette_ready(app, "[bold red]词[/]  ([b]组)"))
        await wait_for(pilot, palette_ready(app, "a[b  ([b]组)"))
        await pilot.press(*"词")
        await wait_for(pilot, palette_ready(app, "[bold red]词[/]"))
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.config.watch_groups[0].words == ("a[b",)


async def test_watched_words_are_highlighted_in_snippets(db_path: Path, watching: Path) -> None:
    text = CONFIG + '[[watchlist]]\nname = "地方"\ncolour = "blue"\nwords = ["高新區"]\n'
    watching.write_text(text, encoding="utf-8")  # written traditional: folded like search
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"安置房")
        await settle(pilot, app)
        listing = main(app).article_list
        rows = [
            listing.render_line(index * listing.row_height + 1 - int(listing.scroll_offset.y))
            for index in range(len(listing.ids))
        ]
        snippets = [row for row in rows if "高新区" in row.text]
        assert snippets, [row.text for row in rows]  # a watched word beside the match
        for row in snippets:
            blue = shown(listing, "blue")
            assert blue in styled(row, "高新区") or underlined(row, "高新区")
            assert blue not in styled(row, "安置房")
