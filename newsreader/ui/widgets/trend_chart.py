"""A bar chart of articles over time (buckets from ``newsreader.features.trends``).

Plain data in: a title and ``[(label, count)]``. The title is a Textual label
(plain text, never markup: it may be a word from an article).

The bars are drawn here with eighth-block characters rather than with
textual-plotext: plotext placed tick labels differently from one process to
the next (it depends on string hash order), which made snapshots flaky, and
a chart this simple is a pure function of (buckets, size) in ~100 lines.
When there are more buckets than columns, each column sums the adjacent
buckets it stands for (the summary line says how many), so the total area
still reads as the number of articles. Months are each labelled, by their
number, with the year under the first month and under each January (six
evenly spaced labels left some month unnamed).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Label

from newsreader.text import visible

__all__ = ["TrendChart", "chart_lines", "summary"]

_BLOCKS = " ▁▂▃▄▅▆▇█"
_MAX_LABELS = 6
_MAX_CELL = 8  # a lone bucket should look like a bar, not a wall
_MONTH = re.compile(r"(\d{4})-(\d{2})")
#: Cells a bar needs so that each month's two-digit label fits with a gap.
_MONTH_CELL = 3


def summary(buckets: Sequence[tuple[str, int]], per_column: int = 1) -> str:
    """One line under the chart: total, peak and span (plain text)."""
    if not buckets:
        return "No articles"
    total = sum(n for _, n in buckets)
    label, peak = max(buckets, key=lambda b: b[1])
    span = buckets[0][0] if len(buckets) == 1 else f"{buckets[0][0]} – {buckets[-1][0]}"
    noun = "article" if total == 1 else "articles"
    line = f"{total:,} {noun} · peak {peak:,} in {label} · {span}"
    if per_column > 1:
        line += f" · 1 bar = {per_column} buckets"
    return line


def _columns(buckets: Sequence[tuple[str, int]], width: int) -> tuple[list[tuple[str, int]], int]:
    """Buckets grouped so they fit ``width`` columns: (groups, buckets per group)."""
    per = max(1, math.ceil(len(buckets) / max(width, 1)))
    if per == 1:
        return list(buckets), 1
    groups = [
        (buckets[i][0], sum(n for _, n in buckets[i : i + per]))
        for i in range(0, len(buckets), per)
    ]
    return groups, per


def chart_lines(
    buckets: Sequence[tuple[str, int]], width: int, height: int
) -> tuple[list[tuple[str, list[tuple[int, int]]]], int]:
    """The chart as text lines, each with its bar spans ``(start, end)``.

    Pure (no Textual): returns the lines, the spans that are bars (to be
    coloured) and how many buckets each bar stands for.
    """
    if not buckets or width < 8 or height < 3:
        return [], 1
    groups, per = _columns(buckets, width - len(str(max(n for _, n in buckets))) - 1)
    top = max(max(n for _, n in groups), 1)
    axis_w = len(str(top)) + 1
    if len(groups) > width - axis_w:  # sums made the axis wider: group again
        groups, per = _columns(buckets, width - axis_w)
    plot_w = width - axis_w
    n = len(groups)
    cell = max(1, min(plot_w // n, _MAX_CELL))
    bar = cell - 1 if cell >= 3 else cell
    months = (
        per == 1 and cell >= _MONTH_CELL and height >= 4
        and all(_MONTH.fullmatch(label) for label, _ in groups)
    )  # fmt: skip
    plot_h = height - (3 if months else 2)
    used = cell * n
    units = [0 if v <= 0 else max(1, round(v / top * plot_h * 8)) for _, v in groups]

    # y labels: the top edge of the top row, 0 under the bottom row, and the
    # top edge of the middle row when there is room.
    marks = {0: str(top), plot_h - 1: "0"}
    mid = (plot_h - 1) // 2
    if plot_h >= 5:
        marks[mid] = str(round(top * (plot_h - mid) / plot_h))
    lines: list[tuple[str, list[tuple[int, int]]]] = []
    for row in range(plot_h):
        level = (plot_h - 1 - row) * 8
        label = marks.get(row, "")
        head = label.rjust(axis_w - 1) + ("┤" if label else "│")
        cells = []
        spans = []
        for i, u in enumerate(units):
            fill = min(max(u - level, 0), 8)
            cells.append(_BLOCKS[fill] * bar + " " * (cell - bar))
            if fill:
                start = axis_w + i * cell
                spans.append((start, start + bar))
        lines.append((head + "".join(cells), spans))

    ticks = list(range(n)) if months else _tick_indexes(n)
    axis = ["─"] * used
    for i in ticks:
        axis[i * cell + bar // 2] = "┬"
    lines.append((" " * (axis_w - 1) + "└" + "".join(axis), []))
    if months:
        lines.extend(_month_rows(groups, width, axis_w, cell, bar))
        return lines, per

    label_row = [" "] * width
    free_from = 0
    for i in ticks:
        text = groups[i][0]
        centre = axis_w + i * cell + bar // 2
        start = min(max(centre - len(text) // 2, 0), width - len(text))
        if start < free_from:
            continue
        label_row[start : start + len(text)] = list(text)
        free_from = start + len(text) + 1
    lines.append(("".join(label_row).rstrip(), []))
    return lines, per


def _month_rows(
    groups: Sequence[tuple[str, int]], width: int, axis_w: int, cell: int, bar: int
) -> list[tuple[str, list[tuple[int, int]]]]:
    """Two label lines for monthly bars: every month's number, then the years."""
    month_row = [" "] * width
    year_row = [" "] * width
    free_from = 0
    for i, (label, _) in enumerate(groups):
        year, month = label.split("-")
        centre = axis_w + i * cell + bar // 2
        start = min(max(centre - 1, 0), width - 2)
        month_row[start : start + 2] = list(month)
        if (i == 0 or month == "01") and start >= free_from and start + 4 <= width:
            year_row[start : start + 4] = list(year)
            free_from = start + 5
    return [("".join(month_row).rstrip(), []), ("".join(year_row).rstrip(), [])]


def _tick_indexes(n: int) -> list[int]:
    """Up to ``_MAX_LABELS`` evenly spaced indexes, always the first and last."""
    if n <= _MAX_LABELS:
        return list(range(n))
    step = (n - 1) / (_MAX_LABELS - 1)
    return sorted({round(i * step) for i in range(_MAX_LABELS)})


class _Bars(Widget):
    """The drawing area; recomputed from ``buckets`` and its size at each render."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"bars--bar", "bars--axis"}

    DEFAULT_CSS = """
    _Bars { height: 1fr; width: 1fr; }
    _Bars > .bars--bar { color: $accent; }
    _Bars > .bars--axis { color: $text-muted; }
    """

    class Grouped(Message):
        """Private: how many buckets each bar now stands for (for the summary)."""

        def __init__(self, per_column: int) -> None:
            self.per_column = per_column
            super().__init__()

    def __init__(self, buckets: Sequence[tuple[str, int]]) -> None:
        super().__init__()
        self.buckets = list(buckets)
        self._per = 1

    def render(self) -> Text:
        lines, per = chart_lines(self.buckets, self.content_size.width, self.content_size.height)
        if per != self._per:
            self._per = per
            self.post_message(self.Grouped(per))
        axis: Style = self.get_component_rich_style("bars--axis")
        bar: Style = self.get_component_rich_style("bars--bar")
        text = Text(no_wrap=True, overflow="crop")
        for row, (line, spans) in enumerate(lines):
            if row:
                text.append("\n")
            start = len(text)
            text.append(line, style=axis)
            for a, b in spans:
                text.stylize(bar, start + a, start + b)
        return text


class TrendChart(Vertical):
    """``TrendChart("保交楼", [("2023-10", 4), ...])``; ``update_chart`` to change."""

    DEFAULT_CSS = """
    TrendChart { height: 1fr; width: 1fr; }
    TrendChart > #trend-title { width: 1fr; text-style: bold; padding: 0 1; }
    TrendChart > _Bars { padding: 1 1 0 1; }
    TrendChart > #trend-summary { width: 1fr; color: $text-muted; padding: 0 1; }
    """

    def __init__(
        self,
        title: str,
        buckets: Sequence[tuple[str, int]],
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._title = title
        self._buckets = list(buckets)

    @property
    def buckets(self) -> list[tuple[str, int]]:
        return list(self._buckets)

    def compose(self) -> ComposeResult:
        yield Label(visible(self._title), id="trend-title", markup=False)
        yield _Bars(self._buckets)
        yield Label(summary(self._buckets), id="trend-summary", markup=False)

    def on__bars_grouped(self, event: _Bars.Grouped) -> None:
        event.stop()
        self.query_one("#trend-summary", Label).update(summary(self._buckets, event.per_column))

    def update_chart(self, title: str, buckets: Sequence[tuple[str, int]]) -> None:
        """Show other data (e.g. another granularity) without remounting."""
        self._title = title
        self._buckets = list(buckets)
        self.query_one("#trend-title", Label).update(visible(title))
        bars = self.query_one(_Bars)
        bars.buckets = list(buckets)
        bars.refresh()
        self.query_one("#trend-summary", Label).update(summary(self._buckets, bars._per))
