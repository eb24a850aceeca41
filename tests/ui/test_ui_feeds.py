"""Feeds in the running reader: a Feeds group in the sections pane, one entry a feed."""

from __future__ import annotations

from pathlib import Path

from ui_helpers import screen_text, settle, shows_count

from newsreader.archive import Archive
from newsreader.models import SectionKey
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.screens.main import MainScreen
from newsreader.ui.widgets.article_list import ArticleList

FEED = Path(__file__).resolve().parents[1] / "fixtures" / "feeds" / "rss2.xml"


async def test_a_feed_is_listed_under_feeds_and_selecting_it_shows_its_items(
    db_path: Path,
) -> None:
    with Archive.open(db_path) as archive:
        assert archive.import_paths([FEED]).ok
        feed_ids = {a.id for a in archive.articles() if a.identity.startswith("feed:")}
        assert archive.count() == 4 + len(feed_ids) == 7
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        tree = screen.sections
        group = tree.find(SectionKey("feeds"))
        assert group is not None and "Feeds" in str(group.label)
        entry = tree.find(SectionKey("feed", (str(FEED.resolve()),)))
        assert entry is not None and "高新区时讯" in str(entry.label)
        await pilot.press("h")
        await settle(pilot, app)
        tree.move_cursor(entry)
        await pilot.press("enter")
        await settle(pilot, app)
        assert screen.scope is not None and screen.scope.kind == "feed"
        assert set(screen.article_list.ids) == feed_ids
        assert isinstance(app.focused, ArticleList)
        text = screen_text(app)
        assert shows_count(text, "Feeds", "3") and shows_count(text, "高新区时讯", "3")
        assert "高新区召开党纪教育警示" in text and "3 articles" in text
