"""The main screen's watchlist actions: ``w``, and watching words from the app.

A mixin so the main screen stays about panes and loading. Adding or removing
a word edits the config file in place (``config.save_watch_word`` keeps the
user's comments), then reloads it, so what is highlighted is always what
the file says.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING

from textual import work

from newsreader.config import ConfigError, load_config, remove_watch_word, save_watch_word
from newsreader.ui.commands import pick
from newsreader.ui.render.strips import safe
from newsreader.ui.screens.watch_word import WatchWordScreen
from newsreader.ui.watchlist import key_styles, watch_marker, watch_query

if TYPE_CHECKING:
    from newsreader.archive import Archive
    from newsreader.ui.screens.main import MainScreen

__all__ = ["DEFAULT_GROUP", "WatchActions"]

#: The group a word goes to when the config has none.
DEFAULT_GROUP = "关注"


def _matching_ids(archive: Archive, query: str) -> set[int]:
    return set(archive.search_ids(query, sort="date"))


class WatchActions:
    """``w`` (next watched word, across articles) and the palette's watch commands."""

    def apply_watchlist(self: MainScreen) -> None:
        """Highlight the app's watched words (at start and after a change)."""
        groups = self.nr_app.config.watch_groups
        self.set_marker(watch_marker(groups))
        self.sections.key_styles = key_styles(groups)

    def _watched_words(self: MainScreen) -> list[str]:
        return [w for g in self.nr_app.config.watch_groups for w in g.words]

    # ------------------------------------------------------------------ w
    def action_next_watched(self: MainScreen) -> None:
        if not self._watched_words():
            self.notify("No watched words: add one with “Watch word…” (ctrl+p).", timeout=3)
            return
        if self.reader.article is not None and self.reader.next_mark():
            return
        self._next_watched_article()

    @work(exclusive=True, group="watch", exit_on_error=False)
    async def _next_watched_article(self: MainScreen) -> None:
        """Open the next article in the list with a watched word, at its first one."""
        ids = self.article_list.ids
        if not ids:
            return
        query = watch_query(self._watched_words())
        matching = await asyncio.to_thread(self.nr_app.in_own_archive, _matching_ids, query)
        current = self.reader.article.id if self.reader.article else None
        start = ids.index(current) + 1 if current in ids else self.article_list.cursor
        for index in range(start, len(ids)):
            if ids[index] in matching:
                self.article_list.move_to(index)
                self.open_article(ids[index], focus=self.narrow)
                if not self.reader.next_mark():
                    self.notify("A watched word is in this article's metadata.", timeout=2)
                return
        self.notify("No more watched words in this list.", timeout=2)

    # ------------------------------------------------------------------ editing
    def _first_group(self: MainScreen) -> str:
        groups = self.nr_app.config.watch_groups
        return groups[0].name if groups else DEFAULT_GROUP

    def action_watch_word(self: MainScreen) -> None:
        """Palette "Watch word…": ask for the word and its group."""

        def done(result: tuple[str, str] | None) -> None:
            if result is not None:
                word, group = result
                self.add_watch_word(word, group or self._first_group())

        self.app.push_screen(WatchWordScreen("", self._first_group()), done)

    def action_watch_search(self: MainScreen) -> None:
        """Palette "Watch the current search term"."""
        word = self._input_query()
        if not word:
            self.notify("Type a search first, then watch it.", timeout=2)
            return
        self.add_watch_word(word, self._first_group())

    def add_watch_word(self: MainScreen, word: str, group: str) -> None:
        try:
            changed = save_watch_word(self.nr_app.config_path, group, word)
        except (ConfigError, OSError) as error:
            self.notify(safe(f"Could not save the config: {error}"), severity="error", markup=False)
            return
        message = f"Watching “{word}” in {group}" if changed else f"“{word}” is already watched"
        self.notify(safe(message), markup=False, timeout=2)
        self._config_changed()

    def action_unwatch_word(self: MainScreen) -> None:
        """Palette "Unwatch word…": pick one of the watched words."""
        commands = [
            (f"{word}  ({group.name})", partial(self.unwatch_word, group.name, word))
            for group in self.nr_app.config.watch_groups
            for word in group.words
        ]
        if not commands:
            self.notify("No watched words.", timeout=2)
            return
        pick(self.app, commands, placeholder="Unwatch which word?")

    def unwatch_word(self: MainScreen, group: str, word: str) -> None:
        try:
            changed = remove_watch_word(self.nr_app.config_path, group, word)
        except (ConfigError, OSError) as error:
            self.notify(safe(f"Could not save the config: {error}"), severity="error", markup=False)
            return
        if changed:
            self.notify(safe(f"No longer watching “{word}”"), markup=False, timeout=2)
        self._config_changed()

    def _config_changed(self: MainScreen) -> None:
        """Reload the file just written: highlights and the sections pane follow it."""
        config, problems = load_config(self.nr_app.config_path)
        for problem in problems:
            self.notify(safe(problem), title="config", severity="warning", markup=False)
        self.nr_app.use_config(config)
        self.apply_watchlist()
        self.reload_sections()
