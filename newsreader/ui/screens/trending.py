"""The main screen's trend actions: ``t`` and the palette's "Trend of a word…".

A trend is the dates of the articles of a scope (a watched word or group, a
topic, any section) and of the current search, bucketed by day, week and
month in a worker (``trends.buckets_of_day_counts``), then shown by
``TrendScreen``, which never touches the archive.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING

from textual import work

from newsreader.features.trends import buckets_of_day_counts
from newsreader.models import SectionKey
from newsreader.ui.commands import pick
from newsreader.ui.data import scope_label
from newsreader.ui.render.strips import safe
from newsreader.ui.screens.trend import TrendScreen
from newsreader.ui.watchlist import group_key, topic_key, word_key

if TYPE_CHECKING:
    from newsreader.archive import Archive
    from newsreader.ui.screens.main import MainScreen

__all__ = ["TrendActions", "trend_buckets", "trend_day_counts", "trend_title"]

#: Section kinds that are headings, not a set of articles.
_HEADINGS = frozenset({"editions", "sections", "reporters", "feeds", "watchlist", "topics"})
#: Section kinds whose last value is a query string.
_SEARCH_SCOPES = frozenset({"watch", "topic", "query"})


def trend_day_counts(
    archive: Archive, query: str, scope: SectionKey | None
) -> list[tuple[str, int]]:
    """``[(day, articles)]`` of the articles matching ``query`` in ``scope``, counted in SQL.

    A scope that is itself a search (watched word, topic) is run as a query:
    ``dates(query, scope=topic)`` took 10 s for a common word at 100k
    articles, the two id lists intersected here take about 0.1 s.
    """
    if scope is None or scope.kind not in _SEARCH_SCOPES or not scope.value:
        return archive.date_counts(query, scope)
    if not query:
        return archive.date_counts(scope.value[-1])
    ids = set(archive.search_ids(query, sort="date"))
    ids.intersection_update(archive.search_ids(scope.value[-1], sort="date"))
    return archive.date_counts_of(sorted(ids))


def trend_buckets(
    archive: Archive, query: str, scope: SectionKey | None
) -> dict[str, list[tuple[str, int]]]:
    """Day, week and month counts of the articles matching ``query`` in ``scope``."""
    return buckets_of_day_counts(trend_day_counts(archive, query, scope))


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


class TrendActions:
    """``t`` on the sections pane's entry or on the search; "Trend of a word…" in the palette."""

    def action_trend(self: MainScreen) -> None:
        query = self._input_query()
        scope: SectionKey | None = None
        if self.focused is self.sections and self.sections.cursor_node is not None:
            key = self.sections.cursor_node.data
            if key is not None and key.kind not in _HEADINGS and key.kind != "all":
                scope = key
        elif self.scope.kind != "all":
            scope = self.scope
        if scope is None and not query:
            self.notify("Pick a section, a watched word or a topic, or search first.", timeout=3)
            return
        self.show_trend(query, scope)

    def action_trend_of(self: MainScreen) -> None:
        """Palette "Trend of a word…": every watched word and group, every topic, the search."""
        config = self.nr_app.config
        commands = []
        query = self._input_query()
        if query:
            commands.append((f"the search “{query}”", partial(self.show_trend, query, None)))
        for group in config.watch_groups:
            if group.words:
                label = f"watch group {group.name}"
                commands.append((label, partial(self.show_trend, "", group_key(group))))
            for word in group.words:
                show = partial(self.show_trend, "", word_key(group, word))
                commands.append((f"{word}  ({group.name})", show))
        for topic in config.topics:
            commands.append((f"topic {topic.name}", partial(self.show_trend, "", topic_key(topic))))
        pick(self.app, commands, placeholder="Trend of …")

    def show_trend(self: MainScreen, query: str, scope: SectionKey | None) -> None:
        self._open_trend(query, scope)

    @work(exclusive=True, group="trend", exit_on_error=False)
    async def _open_trend(self: MainScreen, query: str, scope: SectionKey | None) -> None:
        buckets = await asyncio.to_thread(self.nr_app.in_own_archive, trend_buckets, query, scope)
        if not any(buckets.values()):
            self.notify("No dated articles to chart.", timeout=2)
            return
        self.app.push_screen(TrendScreen(trend_title(query, scope), buckets))
