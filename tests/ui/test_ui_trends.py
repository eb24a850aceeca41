"""Trends from the reader: ``t`` on a section or the search, and the palette."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from ui_helpers import palette_ready, settle, wait_for

from newsreader.archive import Archive
from newsreader.config import Topic, WatchGroup
from newsreader.features.trends import trend_day_counts
from newsreader.features.watchlist import group_key, topic_key, word_key
from newsreader.models import SectionKey
from newsreader.ui import data
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.screens.main import MainScreen
from newsreader.ui.screens.trend import TrendScreen, trend_title
from newsreader.ui.widgets.trend_chart import TrendChart

# (date, title, body): 保交楼 twice on 10-02, once on 10-04, once in November;
# 安置房 once; one article with neither.
PAGES = (
    ("2023-10-02", "保交楼项目交付", "高新区保交楼项目今日交付。"),
    ("2023-10-02", "再谈保交楼", "保交楼工作持续推进,回迁群众满意。"),
    ("2023-10-04", "保交楼一周", "保交楼进展顺利。"),
    ("2023-10-04", "安置房建设", "安置房建设加快。"),
    ("2023-11-20", "保交楼收官", "保交楼任务全部完成。"),
    ("2023-11-21", "科技新闻", "众创空间新增两家。"),
)
CONFIG = """\
[[watchlist]]
name = "住房"
colour = "green"
words = ["保交楼", "安置房"]

[topics]
"城市建设" = ["保交楼", "安置房"]
"""
HOUSING = WatchGroup("住房", "green", ("保交楼", "安置房"))
CITY = Topic("城市建设", ("保交楼", "安置房"))


@pytest.fixture
def dated_db(tmp_path: Path, config_file: Path) -> Path:
    pages = tmp_path / "dated"
    pages.mkdir()
    for n, (date, title, body) in enumerate(PAGES):
        head = f"---\npublication: 测试日报\ndate: {date}\npage: 第0{n + 1}版\n---\n\n"
        text = f"{head}# {title}\n\n{body}\n"
        (pages / f"page{n}.md").write_text(text, encoding="utf-8")
    path = tmp_path / "dated.db"
    with Archive.open(path) as archive:
        assert archive.import_paths([str(pages)]).ok
        assert archive.count() == len(PAGES)
    config_file.write_text(CONFIG, encoding="utf-8")
    return path


def main(app: NewsreaderApp) -> MainScreen:
    assert isinstance(app.screen, MainScreen)
    return app.screen


def expected_days(*words: str) -> dict[str, int]:
    return dict(Counter(d for d, t, b in PAGES if any(w in t + b for w in words)))


def nonzero(buckets: list[tuple[str, int]]) -> dict[str, int]:
    return {label: n for label, n in buckets if n}


async def test_t_on_a_watched_word_opens_its_trend(dated_db: Path) -> None:
    app = NewsreaderApp(dated_db, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        node = screen.sections.find(word_key(HOUSING, "保交楼"))
        assert node is not None
        await pilot.pause()
        screen.sections.focus()
        screen.sections.move_cursor(node)
        await pilot.press("t")
        await settle(pilot, app)
        assert isinstance(app.screen, TrendScreen)
        trend = app.screen
        assert trend.trend_title == "保交楼"
        assert nonzero(trend.buckets_by["day"]) == expected_days("保交楼")
        assert nonzero(trend.buckets_by["month"]) == {"2023-10": 3, "2023-11": 1}
        # Continuous buckets: the quiet days between are there as zeros.
        assert trend.buckets_by["day"][0] == ("2023-10-02", 2)
        assert ("2023-10-03", 0) in trend.buckets_by["day"]
        assert app.screen.query_one(TrendChart).buckets == trend.buckets_by[trend.granularity]
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


@pytest.mark.parametrize(
    ("key", "title"), [(group_key(HOUSING), "住房"), (topic_key(CITY), "城市建设")]
)
async def test_t_on_a_watched_group_or_topic_counts_any_of_its_words(
    dated_db: Path, key: SectionKey, title: str
) -> None:
    app = NewsreaderApp(dated_db, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        node = screen.sections.find(key)
        assert node is not None, key
        await pilot.pause()
        screen.sections.focus()
        screen.sections.move_cursor(node)
        await pilot.press("t")
        await settle(pilot, app)
        assert isinstance(app.screen, TrendScreen)
        trend = app.screen
        assert trend.trend_title == title
        assert nonzero(trend.buckets_by["day"]) == expected_days("保交楼", "安置房")
        assert nonzero(trend.buckets_by["month"]) == {"2023-10": 4, "2023-11": 1}


async def test_t_on_the_search(dated_db: Path) -> None:
    app = NewsreaderApp(dated_db, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"安置房", "down")
        await settle(pilot, app)
        await pilot.press("t")
        await settle(pilot, app)
        assert isinstance(app.screen, TrendScreen)
        assert app.screen.trend_title == "安置房"
        assert nonzero(app.screen.buckets_by["day"]) == expected_days("安置房")


async def test_t_with_nothing_chosen_says_what_to_do(dated_db: Path) -> None:
    app = NewsreaderApp(dated_db, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("t")
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen)
        assert any("search first" in n.message for n in app._notifications)


async def test_palette_trend_of_a_topic(dated_db: Path) -> None:
    app = NewsreaderApp(dated_db, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Trend of a word")
        await wait_for(pilot, palette_ready(app, "Trend of a word"))
        await pilot.press("enter")
        await wait_for(pilot, palette_ready(app, "topic 城市建设"))
        await pilot.press(*"topic 城市建设")
        await wait_for(pilot, palette_ready(app, "topic 城市建设"))
        await pilot.press("enter")
        await settle(pilot, app)
        await wait_for(pilot, lambda: isinstance(app.screen, TrendScreen))
        trend = app.screen
        assert trend.trend_title == "城市建设"
        assert nonzero(trend.buckets_by["day"]) == expected_days("保交楼", "安置房")
        assert nonzero(trend.buckets_by["week"]) == {"2023-W40": 4, "2023-W47": 1}


def test_trend_titles() -> None:
    assert trend_title("", word_key(HOUSING, "保交楼")) == "保交楼"
    assert trend_title("高新区", SectionKey("topic", ("城市建设", "保交楼 OR 安置房"))) == (
        "城市建设 · 高新区"
    )
    assert trend_title("x\x1b[2J", None) == "x␛[2J"


def test_snapshot_trend_of_a_watched_word(
    snap_compare, dated_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(data, "perf_counter", lambda: 0.0)

    async def trend(pilot) -> None:  # type: ignore[no-untyped-def]
        app = pilot.app
        await settle(pilot, app)
        screen = main(app)
        node = screen.sections.find(word_key(HOUSING, "保交楼"))
        await pilot.pause()
        screen.sections.focus()
        screen.sections.move_cursor(node)
        await pilot.press("t")
        await settle(pilot, app)
        await wait_for(pilot, lambda: isinstance(app.screen, TrendScreen))
        await pilot.pause()

    app = NewsreaderApp(dated_db, live=False)
    assert snap_compare(app, terminal_size=(100, 30), run_before=trend)


def test_trend_day_counts_of_a_search_within_a_topic_or_word(dated_db: Path) -> None:
    topic = SectionKey("topic", ("城市建设", "保交楼 OR 安置房"))
    with Archive.open(dated_db) as archive:
        for query, scope in (("交付", topic), ("", topic), ("加快", word_key(HOUSING, "安置房"))):
            got = trend_day_counts(archive, query, scope)
            words = ("安置房",) if scope.kind == "watch" else ("保交楼", "安置房")
            expected = Counter(
                d for d, t, b in PAGES if query in t + b and any(w in t + b for w in words)
            )
            assert got == sorted(expected.items())
            assert dict(got) == Counter(archive.dates(query, scope))  # what the archive says too
