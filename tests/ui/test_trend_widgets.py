"""Keyword chips, the trend chart and the trend screen, driven with Pilot at 80x24."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Label

from newsreader.features.trends import bucket_counts
from newsreader.ui.screens.trend import TrendScreen
from newsreader.ui.widgets.keyword_chips import Chip, KeywordChips
from newsreader.ui.widgets.trend_chart import TrendChart, chart_lines, summary

SIZE = (80, 24)
WORDS = ["保交楼", "安置房", "[bold red]x[/]", "张红军"]


def _dates() -> list[str]:
    """A fixed, uneven year of dated articles (no randomness: snapshots must be stable)."""
    out: list[str] = []
    for month in range(1, 13):
        for day in range(1, 29, 3):
            out.extend([f"2023-{month:02d}-{day:02d}"] * ((month * 7 + day) % 5))
    return out


BUCKETS_BY = {g: bucket_counts(_dates(), g) for g in ("day", "week", "month")}


class ChipsApp(App[None]):
    def __init__(self, words: list[str]) -> None:
        super().__init__()
        self.words = words
        self.selected: list[str] = []

    def compose(self) -> ComposeResult:
        yield Label("高新区全力推动群众回迁和保交楼工作", markup=False)
        yield KeywordChips(self.words, id="chips")

    def on_keyword_chips_selected(self, message: KeywordChips.Selected) -> None:
        assert message.control is self.query_one(KeywordChips)
        self.selected.append(message.word)


class TrendApp(App[None]):
    def __init__(self, buckets_by: dict[str, list[tuple[str, int]]] | None = None) -> None:
        super().__init__()
        self.buckets_by = BUCKETS_BY if buckets_by is None else buckets_by

    def compose(self) -> ComposeResult:
        yield Label("reader underneath")

    def on_mount(self) -> None:
        self.push_screen(TrendScreen("保交楼", self.buckets_by))


def screen_text(app: App) -> str:
    """What the terminal shows, as plain text lines."""
    update = app.screen._compositor.render_update(full=True)
    return "\n".join("".join(seg.text for seg in line) for line in update.strips)


# ---------------------------------------------------------------------------
# Keyword chips
# ---------------------------------------------------------------------------


async def test_chips_show_words_as_plain_text() -> None:
    app = ChipsApp([*WORDS, "\x1b[31m红"])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        chips = app.query(Chip)
        assert [c.word for c in chips] == [*WORDS, "\x1b[31m红"]
        text = screen_text(app)
        assert "[bold red]x[/]" in text  # markup shown literally, not applied
        assert "\x1b" not in text  # control characters made visible
        assert "保交楼" in text and "张红军" in text


async def test_click_chip_posts_selected() -> None:
    app = ChipsApp(WORDS)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.click(app.query(Chip)[1])
        await pilot.pause()
        assert app.selected == ["安置房"]


async def test_keyboard_moves_between_chips_and_selects() -> None:
    app = ChipsApp(WORDS)
    async with app.run_test(size=SIZE) as pilot:
        chips = list(app.query(Chip))
        chips[0].focus()
        await pilot.press("left", "enter")  # left at the first chip stays there
        await pilot.press("right", "right", "space")
        await pilot.press("right", "right", "right", "enter")  # stops at the last
        await pilot.pause()
        assert app.selected == ["保交楼", "[bold red]x[/]", "张红军"]


async def test_setting_keywords_replaces_chips_and_empty_hides() -> None:
    app = ChipsApp(WORDS)
    async with app.run_test(size=SIZE) as pilot:
        row = app.query_one(KeywordChips)
        row.keywords = ("经济普查", "五经普")
        await pilot.pause()
        assert [c.word for c in app.query(Chip)] == ["经济普查", "五经普"]
        row.keywords = ()
        await pilot.pause()
        assert not app.query(Chip)
        assert row.display is False or row.has_class("-empty")
        assert row.region.height == 0


# ---------------------------------------------------------------------------
# Trend chart and screen
# ---------------------------------------------------------------------------


def test_summary_line() -> None:
    assert summary([]) == "No articles"
    assert summary([("2023-10", 1)]) == "1 article · peak 1 in 2023-10 · 2023-10"
    assert summary([("2023-09", 2), ("2023-10", 5), ("2023-11", 0)]) == (
        "7 articles · peak 5 in 2023-10 · 2023-09 – 2023-11"
    )


def test_summary_counts_articles_with_thousands() -> None:
    assert summary([("2023-10", 1234), ("2023-11", 5)]).startswith("1,239 articles · peak 1,234")


def _labels(buckets: list[tuple[str, int]], width: int, height: int) -> tuple[str, str]:
    lines, per = chart_lines(buckets, width, height)
    assert per == 1 and len(lines) == height
    return lines[-2][0], lines[-1][0]


def test_every_month_is_labelled_with_the_years_under_them() -> None:
    months = [(f"2023-{m:02d}", m % 4) for m in range(2, 13)] + [
        (f"2024-{m:02d}", m) for m in range(1, 8)
    ]  # 18 months
    for width in (60, 80, 120):
        month_row, year_row = _labels(months, width, 12)
        assert month_row.split() == [label[5:] for label, _ in months], width
        assert year_row.split() == ["2023", "2024"]
        # each year sits under its first month (February 2023, January 2024)
        assert year_row.index("2023") == month_row.index("02")
        assert year_row.index("2024") == month_row.index("01")


def test_months_too_narrow_to_label_each_fall_back_to_evenly_spaced_dates() -> None:
    months = [(f"20{y:02d}-{m:02d}", 1) for y in range(20, 24) for m in range(1, 13)]
    lines, _ = chart_lines(months, 60, 12)
    assert "2020-01" in lines[-1][0] and "2023-12" in lines[-1][0]


async def test_trend_screen_opens_on_fitting_granularity_and_switches() -> None:
    app = TrendApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TrendScreen)
        # ~365 days and ~53 weeks: weeks are the finest that fit
        assert screen.granularity == "week"
        chart = screen.query_one(TrendChart)
        assert chart.buckets == BUCKETS_BY["week"]
        await pilot.press("m")
        assert screen.granularity == "month"
        assert chart.buckets == BUCKETS_BY["month"]
        assert "保交楼 · by month" in screen_text(app)
        await pilot.press("d")
        assert chart.buckets == BUCKETS_BY["day"]
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, TrendScreen)
        assert "reader underneath" in screen_text(app)


async def test_trend_screen_ignores_missing_granularity_and_empty_data() -> None:
    app = TrendApp({"month": []})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TrendScreen)
        assert screen.granularity == "month"
        await pilot.press("d", "w")
        assert screen.granularity == "month"
        assert "No articles" in screen_text(app)


def test_snapshot_chips(snap_compare) -> None:
    assert snap_compare(ChipsApp(WORDS), terminal_size=SIZE, press=["right"])


def test_snapshot_trend_screen_by_month(snap_compare) -> None:
    assert snap_compare(TrendApp(), terminal_size=SIZE, press=["m"])


def test_snapshot_trend_screen_by_week(snap_compare) -> None:
    assert snap_compare(TrendApp(), terminal_size=SIZE)


# ---------------------------------------------------------------------------
# The drawing itself (pure)
# ---------------------------------------------------------------------------


def test_chart_lines_heights_follow_counts() -> None:
    lines, per = chart_lines([("2023-10", 8), ("2023-11", 0), ("2023-12", 4)], 40, 7)
    assert per == 1
    rows = [text for text, _ in lines]
    assert len(rows) == 7 and all(len(r) <= 40 for r in rows)
    assert rows[0].startswith("8┤") and rows[3].startswith("0┤")
    plot = [r[2:] for r in rows[:4]]
    cell = 8
    full, empty, half = (col * cell for col in range(3))
    assert all(r[full] == "█" for r in plot)  # 8 of 8: every row full
    assert all(r[empty] == " " for r in plot)  # 0: nothing drawn
    assert [r[half] for r in plot] == [" ", " ", "█", "█"]  # 4 of 8: half
    assert rows[-2].split() == ["10", "11", "12"] and rows[-1].split() == ["2023"]


def test_chart_lines_bar_spans_cover_bars_only() -> None:
    lines, _ = chart_lines([("a", 1), ("b", 2)], 30, 5)
    for text, spans in lines:
        for start, end in spans:
            assert set(text[start:end]) <= set("▁▂▃▄▅▆▇█")


def test_chart_lines_groups_many_buckets_by_sum() -> None:
    buckets = [(f"2023-01-{d:02d}", 1) for d in range(1, 32)] * 10  # 310 buckets
    lines, per = chart_lines(buckets, 60, 8)
    assert per == 6
    assert all(len(text) <= 60 for text, _ in lines)
    assert lines[0][0].startswith("6┤")  # each bar sums 6 buckets of 1


def test_chart_lines_degenerate_sizes() -> None:
    assert chart_lines([], 80, 20) == ([], 1)
    assert chart_lines([("a", 1)], 4, 20) == ([], 1)
    lines, _ = chart_lines([("2023-10-07", 0)], 20, 4)
    assert lines[0][0].startswith("1┤")  # an all-zero chart still has a scale
