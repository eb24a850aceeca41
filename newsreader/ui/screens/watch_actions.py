"""The watchlist's and the trends' actions: watched words, their highlights, charts.

``MainScreen`` builds on this; what it uses from there is declared here and
raises ``NotImplementedError``.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from pathlib import Path

from textual import work

from newsreader.config import ConfigError, WatchGroup
from newsreader.features.trends import chartable, trend_buckets, trend_choices
from newsreader.features.watchlist import (
    add_word,
    first_group,
    matching_ids,
    next_matching,
    remove_word,
    watch_query,
    watched_words,
)
from newsreader.models import SectionKey
from newsreader.ui.commands import pick
from newsreader.ui.render.strips import safe
from newsreader.ui.screens.feed_actions import FeedActionsScreen
from newsreader.ui.screens.trend import TrendScreen, trend_title
from newsreader.ui.screens.watch_word import WatchWordScreen
from newsreader.ui.watchlist import key_styles, watch_marker

__all__ = ["WatchActionsScreen"]


class WatchActionsScreen(FeedActionsScreen):
    """Watched words (w, the palette's watch/unwatch) and trend charts (t)."""

    def reload_sections(self, *, delay: float = 0.0) -> None:
        """The sections pane for the current query (MainScreen's)."""
        raise NotImplementedError

    def _list_scope(self) -> SectionKey:
        """Where the list looks (MainScreen's)."""
        raise NotImplementedError

    @property
    def _watch_groups(self) -> tuple[WatchGroup, ...]:
        return self.services.config.watch_groups

    def apply_watchlist(self) -> None:
        """Highlight the watched words (at start and after a change)."""
        self.set_marker(watch_marker(self._watch_groups))
        self.sections.key_styles = key_styles(self._watch_groups)

    def action_next_watched(self) -> None:
        """w: the next watched word in this article, else in the next article with one."""
        if not watched_words(self._watch_groups):
            self.notify("No watched words: add one with “Watch word…” (ctrl+p).", timeout=3)
            return
        if self.reader.article is not None and self.reader.next_mark():
            return
        self._next_watched_article()

    @work(exclusive=True, group="watch", exit_on_error=False)
    async def _next_watched_article(self) -> None:
        """Open the next article in the list with a watched word, at its first one."""
        ids = self.article_list.ids
        if not ids:
            return
        query = watch_query(watched_words(self._watch_groups))
        matching = await asyncio.to_thread(self.services.in_own_archive, matching_ids, query)
        current = self.reader.article.id if self.reader.article else None
        start = ids.index(current) + 1 if current in ids else self.article_list.cursor
        index = next_matching(ids, start, matching)
        if index is None:
            self.notify("No more watched words in this list.", timeout=2)
            return
        self.article_list.move_to(index)
        self.open_article(ids[index], focus=self.narrow)
        if not self.reader.next_mark():
            self.notify("A watched word is in this article's metadata.", timeout=2)

    def action_watch_word(self) -> None:
        """Palette "Watch word…": ask for the word and its group."""
        group = first_group(self._watch_groups)

        def done(result: tuple[str, str] | None) -> None:
            if result is not None:
                self._edit_watchlist(add_word, result[0], result[1] or group)

        self.app.push_screen(WatchWordScreen("", group), done)

    def action_watch_search(self) -> None:
        """Palette "Watch the current search term": the query's text (without ``in:``),
        into a group the user picks; offered: a new group named after the term."""
        word = self._input_query()
        if not word:
            self.notify("Type a search first, then watch it.", timeout=2)
            return

        def done(result: tuple[str, str] | None) -> None:
            if result is not None:
                self._edit_watchlist(add_word, result[0], result[1] or result[0])

        self.app.push_screen(WatchWordScreen(word, word), done)

    def action_unwatch_word(self) -> None:
        """Palette "Unwatch word…": pick one of the watched words."""
        edit = functools.partial(self._edit_watchlist, remove_word)
        commands = [
            (f"{word}  ({group.name})", functools.partial(edit, group.name, word))
            for group in self._watch_groups
            for word in group.words
        ]
        if not commands:
            self.notify("No watched words.", timeout=2)
            return
        pick(self.app, commands, placeholder="Unwatch which word?")

    def _edit_watchlist(self, edit: Callable[[Path, str, str], str], *args: str) -> None:
        """``edit(config_path, *args)``, then follow the file: highlights and sections."""
        try:
            message = edit(self.services.settings.path, *args)
        except (ConfigError, OSError) as error:
            self.notify(safe(f"Could not save the config: {error}"), severity="error", markup=False)
            return
        if message:
            self.notify(safe(message), markup=False, timeout=2)
        for problem in self.services.settings.reload():
            self.notify(safe(problem), title="config", severity="warning", markup=False)
        self.apply_watchlist()
        self.reload_sections()

    # ------------------------------------------------------------------ trends
    def action_trend(self) -> None:
        """t: the trend of the sections pane's entry (when focused) or the scope, and the search."""
        query = self._input_query()
        node = self.sections.cursor_node if self.focused is self.sections else None
        scope = chartable(node.data if node is not None else self._list_scope())
        if scope is None and not query:
            self.notify("Pick a section, a watched word or a topic, or search first.", timeout=3)
            return
        self.show_trend(query, scope)

    def action_trend_of(self) -> None:
        """Palette "Trend of a word…": every watched word and group, every topic, the search."""
        choices = trend_choices(
            self._input_query(), self._watch_groups, self.services.config.topics
        )
        commands = [(label, functools.partial(self.show_trend, q, k)) for label, q, k in choices]
        pick(self.app, commands, placeholder="Trend of …")

    @work(exclusive=True, group="trend", exit_on_error=False)
    async def show_trend(self, query: str, scope: SectionKey | None) -> None:
        """Chart ``query`` within ``scope`` (counted on a worker's archive)."""
        buckets = await self.services.interruptible(trend_buckets, query, scope)
        if not any(buckets.values()):
            self.notify("No dated articles to chart.", timeout=2)
            return
        self.app.push_screen(TrendScreen(trend_title(query, scope), buckets))
