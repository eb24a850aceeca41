"""Actions on the article's files and feeds: edit, re-import, links, unread, feeds.

newsboat's keys (open in browser, links, next/previous unread, mark all read,
reload feeds, add a feed) and the workers that edit and re-import source
files. ``MainScreen`` builds on this (through ``WatchActionsScreen``); what
it uses from there is declared here and raises ``NotImplementedError``.
"""

from __future__ import annotations

import asyncio
import functools
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from textual import work
from textual.screen import Screen

from newsreader.features.feed_refresh import add_feed, feed_of_article, refresh_feeds
from newsreader.features.links import article_links, open_link
from newsreader.features.unread import mark_all_read, next_unread
from newsreader.models import Article, ImportReport, SectionKey
from newsreader.store.paths import real_path
from newsreader.store.schema import ArchiveError
from newsreader.ui.commands import pick
from newsreader.ui.editor import open_in_editor, title_line
from newsreader.ui.live_folders import reimport_line
from newsreader.ui.render.strips import safe
from newsreader.ui.screens.add_feed import AddFeedScreen
from newsreader.ui.screens.links import LinksScreen
from newsreader.ui.screens.panes import PanesScreen
from newsreader.ui.services import Services

if TYPE_CHECKING:
    from newsreader.archive import Archive

__all__ = ["CONFIRM_MARK_ALL", "READ_ONLY", "FeedActionsScreen", "guarded"]

S = TypeVar("S", bound=Screen[None])
P = ParamSpec("P")
R = TypeVar("R")


def guarded(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R | None]:
    """Archive errors on the UI thread (a locked, damaged or vanished database)
    become a notification (and ``None``) instead of a crash with a traceback."""

    @functools.wraps(method)
    def wrapper(self: S, *args: P.args, **kwargs: P.kwargs) -> R | None:
        try:
            return method(self, *args, **kwargs)
        except (sqlite3.Error, ArchiveError) as error:
            message = safe(f"Archive error: {error}")
            self.notify(message, title="newsreader", severity="error", markup=False)
            return None

    return wrapper


# Mark all read asks first above this many articles (the palette confirms).
CONFIRM_MARK_ALL = 100

READ_ONLY = "This archive was opened read-only: marks and imports are off."


class FeedActionsScreen(PanesScreen):
    """The panes, plus the keys that act on an article's file, links and feed."""

    # Set by MainScreen.
    services: Services
    #: The section browsed.
    scope: SectionKey
    # A cursor to put back once the full list is in.
    _pending_cursor: int | None

    def reload(self, *, debounce: float = 0.0, sections: bool = True) -> None:
        """Ask for the list (then the sections) again (MainScreen's)."""
        raise NotImplementedError

    def open_article(
        self, article_id: int, *, mark_read: bool = True, focus: bool = True, scroll: int = 0
    ) -> None:
        """Show the article in the reader (MainScreen's)."""
        raise NotImplementedError

    @property
    def archive(self) -> Archive:
        """The UI thread's archive: ~1 ms reads and marks (``services`` says when)."""
        return self.services.archive

    def _refuse_read_only(self) -> bool:
        """True (with a notice) when the archive cannot be written."""
        if self.services.read_only:
            self.notify(READ_ONLY, severity="warning", timeout=3)
        return self.services.read_only

    @guarded
    def action_edit(self) -> None:
        target = self._target_id()
        path = self.archive.source_path(target) if target is not None else ""
        if not path:
            self.notify("This article has no source file.", severity="warning")
            return
        article = self.archive.article(target) if target is not None else None
        outcome = open_in_editor(self.app, path, line=_article_line(path, article))
        self.notify(outcome.message, severity=outcome.severity, markup=False, timeout=2)
        if not outcome.ran or article is None or self.services.read_only:
            return
        self._reload_edited(path, article.position, self.reader.scroll_offset.y)

    @work(exclusive=True, group="import", exit_on_error=False)
    async def _reload_edited(self, path: str, position: int, scroll: int) -> None:
        """Re-import the edited file and show it in place: the list keeps its
        row and the reader the article's new text (re-importing may change ids)."""
        await asyncio.to_thread(self.services.in_own_archive, _reimport_file, real_path(path))
        new_id = self.archive.article_at(path, position)
        if new_id is None:
            self.reload()
            return
        self._pending_cursor = new_id
        self.open_article(new_id, mark_read=False, focus=False, scroll=scroll)
        self.reload()

    def action_reimport(self) -> None:
        if self._refuse_read_only():
            return
        self.status.message = "Re-importing…"
        self._reimport()

    @work(exclusive=True, group="import", exit_on_error=False)
    async def _reimport(self) -> None:
        report = await asyncio.to_thread(self.services.in_own_archive, _reimport_roots)
        if report is None:
            self.notify("No folders were imported before: use `newsreader import PATH`.")
        else:
            self.notify(reimport_line(report), timeout=3)
        self.reload()

    # ------------------------------------------------------------------ newsboat's actions
    def action_open_in_browser(self) -> None:
        if links := self._links():
            self._open_link(links[0])

    def action_show_links(self) -> None:
        if links := self._links():
            self.app.push_screen(LinksScreen(links), self._open_link)

    def _open_link(self, url: str | None) -> None:
        if url:
            message = open_link(url, self.services.open_url)
            self.notify(safe(message), markup=False, timeout=3)

    @guarded
    def _links(self) -> list[str]:
        target = self._target_id()
        article = self.archive.article(target) if target is not None else None
        links = article_links(article) if article is not None else []
        if not links:
            self.notify("This article has no links.", severity="warning", timeout=2)
        return links

    def action_next_unread(self) -> None:
        self._step_unread(1)

    def action_previous_unread(self) -> None:
        self._step_unread(-1)

    @guarded
    def _step_unread(self, step: int) -> None:
        ids = self.article_list.ids
        opened = self.reader.article.id if self.reader.article is not None else None
        # From the open article; else the cursor's own row counts as next.
        start = ids.index(opened) if opened in ids else self.article_list.cursor - (step > 0)
        index = next_unread(self.archive.db, ids, start, step)
        if index is None:
            self.notify("No unread articles " + ("below" if step > 0 else "above"), timeout=2)
            return
        self.article_list.move_to(index)
        self.open_article(ids[index], focus=False)

    def action_mark_all_read(self) -> None:
        ids = list(self.article_list.ids)
        if self._refuse_read_only() or not ids:
            return
        if len(ids) <= CONFIRM_MARK_ALL:
            self._mark_all_read(ids)
            return
        confirm = f"Mark all {len(ids):,} articles of this list read"
        pick(self.app, [(confirm, lambda: self._mark_all_read(ids))], "Confirm (Esc cancels)")

    @guarded
    def _mark_all_read(self, ids: list[int]) -> None:
        marked = mark_all_read(self.archive.db, ids)
        self.title_bar.unread = max(0, self.title_bar.unread - marked)
        self.notify(f"Marked {marked:,} articles read", timeout=2)
        self.reload()

    @guarded
    def action_reload_feed(self) -> None:
        scope = self.scope
        feed = scope.value[0] if scope.kind == "feed" and scope.value else None
        url = feed or feed_of_article(self.archive, self._target_id())
        if url is None:
            self.notify("Not from a subscribed feed: F reloads them all.", timeout=3)
            return
        self._refresh_feeds([url])

    def action_reload_feeds(self) -> None:
        self._refresh_feeds(None)

    @work(exclusive=True, group="feeds", exit_on_error=False)
    async def _refresh_feeds(self, urls: list[str] | None) -> None:
        if self._refuse_read_only():
            return
        self.notify("Reloading feeds…", timeout=2)

        def progress(done: int, total: int, line: str) -> None:
            notice = safe(f"{done}/{total} {line}")
            self.app.call_from_thread(self.notify, notice, markup=False, timeout=3)

        work = self.services.in_own_archive
        ok, failed = await asyncio.to_thread(work, refresh_feeds, urls, progress)
        if ok + failed == 0:
            self.notify("No feeds: + adds one.", timeout=3)
        else:
            failures = f", {failed} failed" if failed else ""
            self.notify(f"Reloaded {ok} of {ok + failed} feeds{failures}", timeout=3)
        self.reload()

    def action_add_feed(self) -> None:
        if not self._refuse_read_only():
            self.app.push_screen(AddFeedScreen(), self._feed_typed)

    def _feed_typed(self, text: str | None) -> None:
        if text:
            self._add_feed(text)

    @work(exclusive=True, group="feeds", exit_on_error=False)
    async def _add_feed(self, text: str) -> None:
        self.notify("Adding the feed…", timeout=2)
        line, ok = await asyncio.to_thread(self.services.in_own_archive, add_feed, text)
        self.notify(safe(line), markup=False, severity="information" if ok else "error")
        self.reload()


def _reimport_file(archive: Archive, path: str) -> ImportReport:
    return archive.import_paths([path])


def _article_line(path: str, article: Article | None) -> int | None:
    """The line of ``article``'s title in its source file (None if unreadable or absent)."""
    if article is None:
        return None
    try:
        text = Path(real_path(path)).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return title_line(text, article.title)


def _reimport_roots(archive: Archive) -> ImportReport | None:
    roots = archive.roots()
    return archive.import_paths(roots) if roots else None
