"""Topics in the sections pane: counts (and hits within a search), selecting one."""

from __future__ import annotations

from pathlib import Path

from ui_helpers import settle

from newsreader.archive import Archive
from newsreader.config import Topic, default_config
from newsreader.features.watchlist import topic_key
from newsreader.text import fold
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.screens.main import MainScreen

CONFIG = """\
watchlist = []

[topics]
"城市建设" = ["保交楼", "安置房"]
"科技创新" = ["孵化器", "众创空间"]
"没有文章" = ["火星基地"]
"""

TOPICS = (
    Topic("城市建设", ("保交楼", "安置房")),
    Topic("科技创新", ("孵化器", "众创空间")),
    Topic("没有文章", ("火星基地",)),
)


def main(app: NewsreaderApp) -> MainScreen:
    assert isinstance(app.screen, MainScreen)
    return app.screen


def in_topic(db_path: Path, topic: Topic, also: str = "") -> set[int]:
    """Oracle: articles containing any word of ``topic`` (folded), and ``also`` if given."""
    with Archive.open(db_path) as archive:
        out = set()
        for article in archive.articles():
            text = fold(article.plain_text())
            if any(fold(w) in text for w in topic.words) and fold(also) in text:
                out.add(article.id)
        return out


def label(screen: MainScreen, topic: Topic) -> str:
    node = screen.sections.find(topic_key(topic))
    assert node is not None, topic
    return str(node.label)


async def test_topic_counts(db_path: Path, config_file: Path) -> None:
    config_file.write_text(CONFIG, encoding="utf-8")
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        counts = {t.name: len(in_topic(db_path, t)) for t in TOPICS}
        assert counts["城市建设"] >= 1 and counts["科技创新"] >= 1 and counts["没有文章"] == 0
        for topic in TOPICS:
            assert label(screen, topic) == f"{topic.name}  {counts[topic.name]}"
        headings = [str(n.label).split()[0] for n in screen.sections.root.children]
        assert "Topics" in headings and "Watchlist" not in headings  # no watched words


async def test_topic_counts_with_a_query_are_hits_within_it(
    db_path: Path, config_file: Path
) -> None:
    config_file.write_text(CONFIG, encoding="utf-8")
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"高新区")
        await settle(pilot, app)
        screen = main(app)
        for topic in TOPICS:
            expected = len(in_topic(db_path, topic, also="高新区"))
            assert label(screen, topic) == f"{topic.name}  {expected}"


async def test_selecting_a_topic_lists_its_articles(db_path: Path, config_file: Path) -> None:
    config_file.write_text(CONFIG, encoding="utf-8")
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        node = screen.sections.find(topic_key(TOPICS[1]))
        assert node is not None
        await pilot.pause()
        screen.sections.focus()
        screen.sections.move_cursor(node)
        await pilot.press("enter")
        await settle(pilot, app)
        assert screen.scope == topic_key(TOPICS[1])
        assert set(screen.article_list.ids) == in_topic(db_path, TOPICS[1])
        assert "科技创新" in screen.status.message


async def test_default_topics_appear_without_a_config(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        for topic in default_config().topics:
            assert screen.sections.find(topic_key(topic)) is not None


def test_search_within_a_topic_matches_the_archive(db_path: Path) -> None:
    from newsreader.ui.data import Request, load

    with Archive.open(db_path) as archive:
        for topic in TOPICS:
            key = topic_key(topic)
            for query in ("高新区", "保交楼", "火星"):
                for sort in ("rank", "date"):
                    got = load(archive, Request(query, key, sort)).ids
                    assert got == archive.search_ids(query, sort=sort, scope=key)
                    assert set(got) == in_topic(db_path, topic, also=query)
