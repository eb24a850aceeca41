"""newsboat's everyday actions: browser, links, next unread, mark all read, half pages."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from ui_helpers import palette_ready, settle, wait_for

from newsreader.archive import Archive
from newsreader.config import KEYMAP_PRESETS, load_config
from newsreader.features.feed_refresh import add_feed
from newsreader.features.links import open_link
from newsreader.features.unread import mark_all_read, next_unread
from newsreader.models import SectionKey
from newsreader.ui import keys
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.commands import palette_commands
from newsreader.ui.screens.add_feed import AddFeedScreen
from newsreader.ui.screens.feed_actions import CONFIRM_MARK_ALL
from newsreader.ui.screens.links import LinksScreen
from newsreader.ui.screens.main import MainScreen
from newsreader.ui.settings import keymap_problems

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>测试频道</title><link>https://example.org/</link>
<description>d</description>
<item><title>第一条新闻</title><link>https://example.org/a/1</link>
<pubDate>Mon, 01 Jan 2024 08:00:00 +0000</pubDate>
<description>&lt;p&gt;正文一 &lt;a href="https://example.org/more/1"&gt;更多&lt;/a&gt;
&lt;a href="javascript:alert(1)"&gt;坏&lt;/a&gt;&lt;/p&gt;</description></item>
<item><title>第二条新闻</title><link>https://example.org/a/2</link>
<pubDate>Tue, 02 Jan 2024 08:00:00 +0000</pubDate><description>正文二</description></item>
<item><title>第三条新闻</title><link>https://example.org/a/3</link>
<pubDate>Wed, 03 Jan 2024 08:00:00 +0000</pubDate><description>正文三</description></item>
</channel></rss>
"""


@pytest.fixture
def feed_db(tmp_path: Path) -> Path:
    """Three feed items, newest first in the list; the oldest has a second link."""
    feed = tmp_path / "feed.xml"
    feed.write_text(FEED, encoding="utf-8")
    path = tmp_path / "feed.db"
    with Archive.open(path) as archive:
        assert archive.import_paths([str(feed)]).ok and archive.count() == 3
    return path


def reader_app(path: Path, opened: list[str]) -> NewsreaderApp:
    app = NewsreaderApp(path, live=False)

    def opener(url: str) -> bool:
        opened.append(url)
        return True

    app.services = dataclasses.replace(app.services, open_url=opener)
    return app


def main(app: NewsreaderApp) -> MainScreen:
    assert isinstance(app.screen, MainScreen)
    return app.screen


def titles(app: NewsreaderApp) -> list[str]:
    screen = main(app)
    rows = screen.archive.rows(screen.article_list.ids)
    return [row.title for row in rows]


async def test_open_in_browser_opens_the_article_url(feed_db: Path) -> None:
    opened: list[str] = []
    app = reader_app(feed_db, opened)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert titles(app)[0] == "第三条新闻"
        await pilot.press("O")
        await settle(pilot, app)
        assert opened == ["https://example.org/a/3"]


async def test_links_screen_lists_web_links_and_enter_opens_one(feed_db: Path) -> None:
    opened: list[str] = []
    app = reader_app(feed_db, opened)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("G", "L")
        await settle(pilot, app)
        assert isinstance(app.screen, LinksScreen)
        # The javascript: link of the untrusted page is left out.
        assert app.screen.urls == ["https://example.org/a/1", "https://example.org/more/1"]
        await pilot.press("down", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen)
        assert opened == ["https://example.org/more/1"]


async def test_next_and_previous_unread_skip_read_articles(feed_db: Path) -> None:
    with Archive.open(feed_db) as archive:
        middle = next(a.id for a in archive.articles() if a.title == "第二条新闻")
        archive.set_read(middle)
    app = reader_app(feed_db, [])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        await pilot.press("J")  # the cursor's own row is the first unread
        await settle(pilot, app)
        assert screen.reader.article is not None and screen.reader.article.title == "第三条新闻"
        await pilot.press("J")  # the read middle one is skipped
        await settle(pilot, app)
        assert screen.reader.article.title == "第一条新闻"
        assert screen.article_list.cursor == 2
        await pilot.press("J")  # nothing unread below: stays
        await settle(pilot, app)
        assert screen.reader.article.title == "第一条新闻"
        assert any("No unread" in n.message for n in app._notifications)
        # Mark the newest unread again, then go back up to it over the read one.
        screen.archive.set_read(screen.article_list.ids[0], False)
        await pilot.press("K")
        await settle(pilot, app)
        assert screen.reader.article.title == "第三条新闻"


async def test_mark_all_read_marks_every_article_of_the_list(feed_db: Path) -> None:
    app = reader_app(feed_db, [])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("A")
        await settle(pilot, app)
        with Archive.open(feed_db) as archive:
            assert all(article.read for article in archive.articles())
        assert any("Marked 3 articles read" in n.message for n in app._notifications)


async def test_mark_all_read_asks_first_for_a_long_list(
    feed_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("newsreader.ui.screens.feed_actions.CONFIRM_MARK_ALL", 2)
    app = reader_app(feed_db, [])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("A")
        await wait_for(pilot, palette_ready(app, "Mark all 3 articles"))
        await pilot.press("escape")  # cancelled: nothing marked
        await settle(pilot, app)
        with Archive.open(feed_db) as archive:
            assert not any(article.read for article in archive.articles())
        await pilot.press("A")
        await wait_for(pilot, palette_ready(app, "Mark all 3 articles"))
        await pilot.press("enter")
        await settle(pilot, app)
        with Archive.open(feed_db) as archive:
            assert all(article.read for article in archive.articles())
    assert CONFIRM_MARK_ALL == 100


async def test_half_pages_in_the_list_and_the_reader(db_path: Path) -> None:
    app = NewsreaderApp(db_path, live=False)
    async with app.run_test(size=(120, 12)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        await pilot.press("ctrl+d")
        assert screen.article_list.cursor > 0
        await pilot.press("ctrl+u")
        assert screen.article_list.cursor == 0
        await pilot.press("G", "enter")  # the longest article
        await settle(pilot, app)
        assert screen.reader.max_scroll_y > 2
        await pilot.press("ctrl+d")
        await settle(pilot, app)
        assert screen.reader.scroll_y > 0
        await pilot.press("ctrl+u")
        await settle(pilot, app)
        assert screen.reader.scroll_y == 0


def test_every_new_action_has_a_palette_entry() -> None:
    actions = {action for _title, action, _key in palette_commands()}
    for action in ("open_in_browser", "show_links", "next_unread", "mark_all_read"):
        assert action in actions
    assert "previous_unread" in actions


def test_next_unread_walks_past_one_chunk(tmp_path: Path, feed_db: Path) -> None:
    with Archive.open(feed_db) as archive:
        ids = [a.id for a in archive.articles()]
        # A list longer than a chunk: the unread one is far down it.
        long_list = [ids[0]] * 1200 + [ids[1]]
        archive.set_read(ids[0])
        assert next_unread(archive.db, long_list, 0) == 1200
        assert next_unread(archive.db, long_list, 1200, -1) is None
        assert mark_all_read(archive.db, long_list) == 1
        assert next_unread(archive.db, long_list, -1) is None


def test_open_link_reports_a_missing_browser() -> None:
    assert open_link("https://example.org/", lambda url: False) == (
        "No browser found: set $BROWSER"
    )


NEW_ITEM = """<item><title>第四条新闻</title><link>https://example.org/a/4</link>
<pubDate>Thu, 04 Jan 2024 08:00:00 +0000</pubDate><description>正文四</description></item>
</channel>"""


@pytest.fixture
def subscribed(tmp_path: Path, db_path: Path) -> tuple[Path, Path]:
    """The sample archive subscribed to a local feed file of three items: (db, feed file)."""
    feed = tmp_path / "feed.xml"
    feed.write_text(FEED, encoding="utf-8")
    with Archive.open(db_path) as archive:
        line, ok = add_feed(archive, str(feed))
        assert ok and line.startswith("Added 测试频道: 3 new"), line
        assert archive.count() == 7
    return db_path, feed


async def test_reload_all_feeds_in_a_worker_with_progress(subscribed: tuple[Path, Path]) -> None:
    db, feed = subscribed
    app = reader_app(db, [])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        feed.write_text(FEED.replace("</channel>", NEW_ITEM), encoding="utf-8")
        await pilot.press("F")
        await settle(pilot, app)
        messages = [n.message for n in app._notifications]
        assert "1/1 测试频道: 1 new" in messages
        assert "Reloaded 1 of 1 feeds" in messages
        assert len(main(app).article_list.ids) == 8


async def test_reload_this_feed_from_its_article_and_unread_counts(
    subscribed: tuple[Path, Path],
) -> None:
    db, feed = subscribed
    app = reader_app(db, [])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        key = SectionKey("feed", (str(feed.resolve()),))
        entry = screen.sections.find(key)
        assert entry is not None and "3/3" in str(entry.label)  # unread/all
        screen.action_show_scope("all")
        await settle(pilot, app)
        # The newest article is a feed item: f reloads its feed only.
        assert titles(app)[0] == "第三条新闻"
        await pilot.press("enter")  # read one: the feed has 2 unread of 3
        await settle(pilot, app)
        entry = screen.sections.find(key)
        assert entry is not None and "2/3" in str(entry.label)
        feed.write_text(FEED.replace("</channel>", NEW_ITEM), encoding="utf-8")
        await pilot.press("f")
        await settle(pilot, app)
        assert "1/1 测试频道: 1 new" in [n.message for n in app._notifications]
        entry = screen.sections.find(key)
        assert entry is not None and "3/4" in str(entry.label)


async def test_reload_this_feed_refuses_an_article_of_no_feed(db_path: Path) -> None:
    app = reader_app(db_path, [])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("f")
        await settle(pilot, app)
        assert any("Not from a subscribed feed" in n.message for n in app._notifications)


async def test_add_a_feed_from_the_reader(db_path: Path, tmp_path: Path) -> None:
    feed = tmp_path / "new-feed.xml"
    feed.write_text(FEED, encoding="utf-8")
    app = reader_app(db_path, [])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("plus")
        await settle(pilot, app)
        assert isinstance(app.screen, AddFeedScreen)
        await pilot.press(*str(feed), "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen)
        assert "Added 测试频道: 3 new" in [n.message for n in app._notifications]
        assert len(main(app).article_list.ids) == 7
        await pilot.press("plus")
        await settle(pilot, app)
        await pilot.press(*str(tmp_path / "missing.xml"), "enter")
        await settle(pilot, app)
        assert any("not an http(s) URL nor a feed file" in n.message for n in app._notifications)


def test_newsboat_preset_names_only_real_bindings_and_no_key_twice(config_file: Path) -> None:
    config_file.write_text('keymap = "newsboat"\n', encoding="utf-8")
    config, problems = load_config(config_file)
    assert problems == []
    assert config.keymap == KEYMAP_PRESETS["newsboat"]
    assert keymap_problems(config.keymap) == []
    # Every key bound on the main screen once: what the preset takes, it moves.
    screen_keys: list[str] = []
    for binding in (*keys.APP_BINDINGS, *keys.SCREEN_BINDINGS, *keys.NEWSBOAT_BINDINGS):
        screen_keys.extend(config.keymap.get(binding.id or "", binding.key).split(","))
    assert len(screen_keys) == len(set(screen_keys))


def test_a_preset_with_overrides_and_an_unknown_preset(config_file: Path) -> None:
    config_file.write_text('[keymap]\npreset = "newsboat"\nlinks = "U"\n', encoding="utf-8")
    config, problems = load_config(config_file)
    assert problems == [] and config.keymap["links"] == "U"
    assert config.keymap["open-in-browser"] == "o"
    config_file.write_text('keymap = "mutt"\n', encoding="utf-8")
    config, problems = load_config(config_file)
    assert config.keymap == {}
    assert len(problems) == 1 and "keymap preset 'mutt'" in problems[0]


async def test_newsboat_keys_in_the_running_reader(feed_db: Path, config_file: Path) -> None:
    config_file.write_text('keymap = "newsboat"\n', encoding="utf-8")
    opened: list[str] = []
    app = reader_app(feed_db, opened)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        await pilot.press("o")  # the browser, not the sort
        await settle(pilot, app)
        assert opened == ["https://example.org/a/3"] and screen.sort == "rank"
        await pilot.press("n", "n")  # next unread, twice
        await settle(pilot, app)
        assert screen.reader.article is not None and screen.reader.article.title == "第二条新闻"
        screen.archive.set_read(screen.article_list.ids[0], False)
        await pilot.press("p")  # previous unread: the first one, marked unread again
        await settle(pilot, app)
        assert screen.reader.article.title == "第三条新闻"
        await pilot.press("S")  # sort moved here
        await settle(pilot, app)
        assert screen.sort == "date"
