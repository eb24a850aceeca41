"""A modal trend chart for a word, watch group or topic, by day, week or month.

The caller computes every granularity up front (``newsreader.features.trends``) and
passes them in, so switching with d/w/m is instant and the screen never
touches the archive. It opens on the finest granularity that still fits
(at most ``_FIT`` buckets), so a week of news shows days and years show months.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from newsreader.models import SectionKey
from newsreader.ui.data import scope_label
from newsreader.ui.render.strips import safe
from newsreader.ui.widgets.trend_chart import TrendChart

__all__ = ["TrendScreen", "trend_title"]

_ORDER = ("day", "week", "month")
_FIT = 60


def trend_title(query: str, scope: SectionKey | None) -> str:
    """``纪委`` (a watched word), ``经济发展 · 保交楼`` (a topic within a search)."""
    parts = []
    if scope is not None:
        values = scope.value
        if scope.kind == "watch":
            parts.append(values[-2] if len(values) > 2 else values[0])
        elif scope.kind == "topic":
            parts.append(values[0])
        else:
            parts.append(scope_label(scope))
    if query:
        parts.append(query)
    return safe(" · ".join(parts))


def _initial(buckets_by: Mapping[str, Sequence[tuple[str, int]]]) -> str:
    """The finest granularity with at most ``_FIT`` buckets (else the coarsest)."""
    present = [g for g in _ORDER if g in buckets_by]
    if not present:
        return "month"
    for g in present:
        if len(buckets_by[g]) <= _FIT:
            return g
    return present[-1]


class TrendScreen(ModalScreen[None]):
    """``TrendScreen("保交楼", {"day": [...], "week": [...], "month": [...]})``."""

    DEFAULT_CSS = """
    TrendScreen { align: center middle; background: $background; }
    TrendScreen > #trend-dialog {
        width: 90%;
        height: 85%;
        min-width: 60;
        min-height: 16;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    TrendScreen #trend-keys { color: $text-muted; width: 1fr; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", priority=True),
        Binding("q", "close", "Close", show=False),
        Binding("d", "granularity('day')", "Day"),
        Binding("w", "granularity('week')", "Week"),
        Binding("m", "granularity('month')", "Month"),
    ]

    def __init__(
        self,
        title: str,
        buckets_by: Mapping[str, Sequence[tuple[str, int]]],
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.trend_title = title
        self.buckets_by = {g: list(b) for g, b in buckets_by.items()}
        self.granularity = _initial(self.buckets_by)

    def _chart_title(self) -> str:
        return f"{self.trend_title} · by {self.granularity}"

    def _keys_hint(self) -> str:
        marks = [f"{g[0]} {g}" + (" ●" if g == self.granularity else "") for g in _ORDER]
        return "   ".join(marks) + "   esc close"

    def compose(self) -> ComposeResult:
        with Vertical(id="trend-dialog"):
            yield TrendChart(
                self._chart_title(), self.buckets_by.get(self.granularity, []), id="trend-chart"
            )
            yield Label(self._keys_hint(), id="trend-keys", markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grey out granularities the caller did not compute."""
        if action == "granularity" and parameters and parameters[0] not in self.buckets_by:
            return None
        return True

    def action_granularity(self, granularity: str) -> None:
        if granularity not in self.buckets_by or granularity == self.granularity:
            return
        self.granularity = granularity
        self.query_one(TrendChart).update_chart(self._chart_title(), self.buckets_by[granularity])
        self.query_one("#trend-keys", Label).update(self._keys_hint())

    def action_close(self) -> None:
        self.dismiss(None)
