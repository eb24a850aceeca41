"""The main screen: search box, sections | article list | reader, status line.

The screen owns the state (query, scope, sort, the open article) and pushes
it down to the widgets; widgets report back with messages. Queries run in a
worker (debounced, exclusive, on a thread with its own Archive); results
whose query no longer matches the search box are dropped.
"""

from __future__ import annotations

import asyncio
import functools
import sqlite3
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import on, work
from textual.app import ComposeResult, SuspendNotSupported
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Tree
from textual.worker import Worker, WorkerState

from newsreader.models import ArticleRow, Hit, ImportReport, SectionKey
from newsreader.search.hits import article_spans, query_terms
from newsreader.store.schema import ArchiveError
from newsreader.ui import keys
from newsreader.ui.commands import ReaderCommands, pick
from newsreader.ui.data import (
    PAGE_SIZE,
    Outcome,
    Request,
    SectionsOutcome,
    load,
    load_sections,
    scope_label,
    shorter_query,
)
from newsreader.ui.editor import editor_command
from newsreader.ui.live_folders import LiveFolders
from newsreader.ui.render.document import Marker
from newsreader.ui.render.strips import safe
from newsreader.ui.screens.help import HelpScreen
from newsreader.ui.screens.trending import TrendActions
from newsreader.ui.screens.watching import WatchActions
from newsreader.ui.state import SETTING_KEY, UiState
from newsreader.ui.widgets.article_list import ArticleList
from newsreader.ui.widgets.keyword_chips import KeywordChips
from newsreader.ui.widgets.reader import Reader, SpanFinder
from newsreader.ui.widgets.search_box import SearchBox
from newsreader.ui.widgets.sections import GROUP_KINDS, SectionsTree
from newsreader.ui.widgets.status_bar import StatusBar
from newsreader.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from newsreader.archive import Archive
    from newsreader.ui.app import NewsreaderApp

__all__ = ["NARROW_WIDTH", "PANES", "MainScreen"]

NARROW_WIDTH = 100
PANES = ("sections", "list", "reader")
DEBOUNCE = 0.1
# The sections pane's hit counts wait this long after a query's list: they
# cost 0.1-0.5 s at 100k articles and are stale by the next keystroke.
SECTIONS_DELAY = 0.3
# Rows fetched for the first paint; the full id list follows in the same worker.
FIRST_PAINT_ROWS = 200

F = TypeVar("F", bound=Callable[..., Any])


def guarded(method: F) -> F:
    """Archive errors on the UI thread (a locked, damaged or vanished database)
    become a notification instead of a crash with a traceback."""

    @functools.wraps(method)
    def wrapper(self: MainScreen, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except (sqlite3.Error, ArchiveError) as error:
            message = safe(f"Archive error: {error}")
            self.notify(message, title="newsreader", severity="error", markup=False)
            return None

    return wrapper  # type: ignore[return-value]


EMPTY_ARCHIVE = (
    "This archive has no articles yet.\n\n"
    "Import newspaper pages (Markdown files or folders) with:\n\n"
    "    newsreader import PATH ...\n\n"
    "then start newsreader again, or press r here to re-import folders imported before."
)


READ_ONLY = "This archive was opened read-only: marks and imports are off."


class MainScreen(WatchActions, TrendActions, Screen[None]):
    """Three panes (one at a time below 100 columns) and the keys that drive them."""

    BINDINGS: ClassVar = keys.SCREEN_BINDINGS
    COMMANDS: ClassVar = {ReaderCommands}

    def __init__(self) -> None:
        super().__init__()
        self.query_text = ""
        self.scope = SectionKey("all")
        self.sort = "rank"
        self.pane = "list"
        self._restore: UiState | None = None
        self._open_top_when_ready = False
        self._loaded = False
        # A cursor to put back once the full list is in (first paint shows a part).
        self._pending_cursor: int | None = None
        self._had_target = False
        self._had_hits = False
        # Kept as attributes (not queried): state is saved on unmount, after
        # the children are gone from the DOM.
        self.title_bar = TitleBar(id="title")
        self.search_box = SearchBox(id="search")
        self.sections = SectionsTree(id="sections")
        self.article_list = ArticleList(self._fetch, id="list")
        self.reader = Reader(id="reader")
        self.chips = KeywordChips(id="chips")
        self.status = StatusBar(id="status")
        self.live: LiveFolders | None = None

    # ------------------------------------------------------------------ plumbing
    @property
    def nr_app(self) -> NewsreaderApp:
        return self.app  # type: ignore[return-value]

    @property
    def archive(self) -> Archive:
        return self.nr_app.archive

    def compose(self) -> ComposeResult:
        yield self.title_bar
        yield self.search_box
        with Horizontal(id="panes"):
            yield self.sections
            yield self.article_list
            with Vertical(id="reader-pane"):
                yield self.reader
                yield self.chips
        yield self.status
        yield Footer()

    @guarded
    def _fetch(self, ids: Sequence[int], query: str) -> Sequence[ArticleRow | Hit]:
        """Rows for a page of the list, on the UI thread's archive (an id page is ~1 ms)."""
        return self.archive.hits(ids, query) if query else self.archive.rows(ids)

    def on_mount(self) -> None:
        self.title_bar.archive_name = self.nr_app.db_path.name
        self.title_bar.read_only = self.nr_app.read_only
        try:
            saved = self.archive.get_setting(SETTING_KEY, None)
        except ValueError:  # a hand-edited value that is not JSON: start on the defaults
            saved = None
        state = UiState.from_json(saved)
        sort = state.sort if isinstance(saved, dict) and "sort" in saved else None
        self.scope, self.sort = state.scope, sort or self.nr_app.config.default_sort
        self._restore = state
        self.apply_watchlist()
        self._apply_layout()
        self.watch(self.reader, "scroll_y", self._place_chips, init=False)
        self.article_list.focus()
        self.status.message = "Loading…"
        self.reload()
        pending = 0 if self.nr_app.read_only else self.archive.pending_index()
        if pending:
            self._finish_indexing(pending)

    @work(exclusive=True, group="import", exit_on_error=False)
    async def _finish_indexing(self, pending: int) -> None:
        """Index stored articles search cannot find yet: an interrupted import
        left them queued, or an upgrade of the index format queued them all."""
        self.notify(
            f"Indexing {pending:,} articles for search; results fill in as it goes…",
            timeout=5 if pending < 10_000 else 30,
        )
        indexed = await asyncio.to_thread(self.nr_app.in_own_archive, _index_pending)
        self.notify(f"Indexed {indexed:,} articles.", timeout=3)
        self.reload()

    def on_resize(self) -> None:
        self._apply_layout()
        self.call_after_refresh(self._place_chips)

    @property
    def narrow(self) -> bool:
        return self.size.width < NARROW_WIDTH

    def _apply_layout(self) -> None:
        """Wide: all three panes. Narrow: only ``self.pane``."""
        narrow = self.narrow
        self.set_class(narrow, "-narrow")
        for name in PANES:
            shown = not narrow or name == self.pane
            self.query_one(f"#{name}").display = shown
            if name == "reader":  # and its container with the keyword chips
                self.query_one("#reader-pane").display = shown
        widths = self.nr_app.config.pane_widths
        for name in ("sections", "list"):
            width = widths.get(name)
            self.query_one(f"#{name}").styles.width = f"{width}%" if width and not narrow else None

    def show_pane(self, name: str) -> None:
        self.pane = name
        self._apply_layout()
        self.query_one(f"#{name}").focus()

    def on_descendant_focus(self, event: object) -> None:
        """Remember the pane in use (Textual refreshes the footer on focus itself)."""
        focused = self.focused
        if focused is not None and focused.id in PANES:
            self.pane = focused.id

    # ------------------------------------------------------------------ loading
    def _input_query(self) -> str:
        return self.search_box.value.strip()

    def reload(self, *, debounce: float = 0.0, sections: bool = True) -> None:
        """Ask for the list (then the sections) for the current query, scope and sort."""
        self._load(Request(self._input_query(), self.scope, self.sort), debounce, sections)

    @work(exclusive=True, group="search", exit_on_error=False)
    async def _load(self, request: Request, debounce: float, sections: bool) -> None:
        if debounce:
            await asyncio.sleep(debounce)
        if not self._loaded and not request.query:
            # First paint from the newest screenfuls; every id follows at once.
            quick = replace(request, limit=FIRST_PAINT_ROWS)
            outcome = await self.nr_app.searcher.call(load, quick)
            if not self.apply(outcome) or len(outcome.ids) < FIRST_PAINT_ROWS:
                self._pending_cursor = None  # that was the whole list
                if sections:
                    self.reload_sections()
                return
        quick_ms, by_pinyin = None, 0
        if self._loaded and request.query:
            # Search as you type: the first page and the total at once, then
            # every id in order (what scrolling needs) right behind it.
            quick = replace(request, limit=PAGE_SIZE)
            outcome = await self.nr_app.searcher.call(load, quick)
            if not self.apply(outcome):
                return
            if outcome.count <= len(outcome.ids):
                if sections:
                    self.reload_sections(delay=SECTIONS_DELAY)
                return  # that was every result
            quick_ms, by_pinyin = outcome.elapsed_ms, outcome.by_pinyin
        outcome = await self.nr_app.searcher.call(load, request)
        if quick_ms is not None:
            # The results appeared when the first page did (which counted the pinyin ones).
            outcome = replace(outcome, elapsed_ms=quick_ms, by_pinyin=by_pinyin)
        if self.apply(outcome) and sections:
            self.reload_sections(delay=SECTIONS_DELAY if request.query else 0.0)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.status.message = f"Error: {error}"
            self.notify(safe(str(error)), title="newsreader", severity="error", markup=False)

    def apply(self, outcome: Outcome) -> bool:
        """Show ``outcome`` unless it is stale (the search box or scope moved on)."""
        request = outcome.request
        if request.query.strip() != self._input_query():
            return False
        if request.scope != self.scope or request.sort != self.sort:
            return False
        first_load = not self._loaded
        self._loaded = True
        query = request.query.strip()
        changed_query = query != self.query_text
        self.query_text = query
        restore = self._restore if first_load else None
        # A new query starts at its top result; a new sort or section, or a
        # re-import, keeps the cursor on the article it was on.
        if restore is not None:
            cursor_id = restore.article
            self._pending_cursor = restore.article
        elif self._pending_cursor is not None and not changed_query:
            cursor_id = self._pending_cursor  # the restored article, now that every id is in
        else:
            cursor_id = None if changed_query else self.article_list.current_id
        if outcome.request.limit is None:
            self._pending_cursor = None
        self.article_list.show(
            outcome.ids,
            query,
            outcome.first,
            cursor_id=cursor_id,
            message=self._empty_message(query),
        )
        self._status_for(outcome)
        if restore is not None:
            self._restore = None
            if restore.article is not None and self.archive.article(restore.article):
                self.open_article(
                    restore.article, mark_read=False, focus=False, scroll=restore.scroll
                )
        elif changed_query and self.reader.article is not None:
            self.reader.set_spans(find_spans=self._span_finder())
        self.nr_app.list_ready.set()
        if first_load:  # the watch's catch-up import must not delay the first paint
            self.call_after_refresh(self._start_live)
        if self._open_top_when_ready:
            self._open_top_when_ready = False
            self._open_top()
        return True

    def set_marker(self, marker: Marker | None) -> None:
        """Extra highlights (watched words) in the list and the reader; ``None`` removes them."""
        self.article_list.set_marker(marker)
        self.reader.set_marker(marker)

    def _empty_message(self, query: str) -> str:
        if query:
            shorter = shorter_query(query)
            hint = f" such as “{shorter}”" if shorter else ""
            return f"No results for “{query}”.\n\nTry a shorter query{hint}, or fewer words."
        if self.scope.kind != "all":
            return "Nothing in this section."
        return EMPTY_ARCHIVE

    def _status_for(self, outcome: Outcome) -> None:
        n, request = outcome.count, outcome.request
        where = scope_label(request.scope)
        if request.query.strip():
            noun = "result" if n == 1 else "results"
            in_scope = f" · in {where}" if request.scope.kind != "all" else ""
            pinyin = f" · {outcome.by_pinyin} by pinyin" if outcome.by_pinyin else ""
            self.status.message = (
                f"{n} {noun}{pinyin} in {outcome.elapsed_ms:.0f} ms{in_scope}"
                f" · sorted by {request.sort}"
            )
        else:
            noun = "article" if n == 1 else "articles"
            self.status.message = f"{n} {noun} · {where}"

    def _span_finder(self) -> SpanFinder | None:
        """What finds the current query's hits in an article (pure: may run on a thread)."""
        if not self.query_text:
            return None
        terms, pinyin = query_terms(self.query_text)  # pinyin: title characters matched by sound
        return functools.partial(article_spans, terms=terms, pinyin=pinyin)

    # ------------------------------------------------------------------ messages
    @on(Input.Changed, "#search")
    def _search_changed(self) -> None:
        self.reload(debounce=DEBOUNCE)

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        if self._input_query() != self.query_text or self._busy():
            self._open_top_when_ready = True
        else:
            self._open_top()

    def _busy(self) -> bool:
        return any(w.group == "search" and w.is_running for w in self.workers)

    def _open_top(self) -> None:
        ids = self.article_list.ids
        if ids:
            self.article_list.move_to(0)
            self.open_article(ids[0])

    @on(SearchBox.ToList)
    def _search_to_list(self) -> None:
        self.show_pane("list")

    @on(ArticleList.Opened)
    def _list_opened(self, event: ArticleList.Opened) -> None:
        self.open_article(event.article_id)

    @on(ArticleList.Highlighted)
    def _list_highlighted(self, event: ArticleList.Highlighted) -> None:
        # The footer recomposes on refresh_bindings (~10 ms): only when the
        # keys that need an article can have changed, never on every move.
        has_target = event.article_id is not None
        if has_target != self._had_target:
            self._had_target = has_target
            self.refresh_bindings()

    @on(Reader.HitChanged)
    def _hit_changed(self, event: Reader.HitChanged) -> None:
        if event.total:
            self.status.hits = f"hit {event.index + 1}/{event.total}"
        else:
            self.status.hits = ""
        if bool(event.total) != self._had_hits:  # n/N appear in the footer or go
            self._had_hits = bool(event.total)
            self.refresh_bindings()
        self._place_chips()  # a long article's lines arrive after it opened

    @on(Tree.NodeSelected, "#sections")
    def _section_selected(self, event: Tree.NodeSelected[SectionKey]) -> None:
        key = event.node.data
        if key is None or key.kind in GROUP_KINDS:
            return
        self.scope = key
        self._save_state()
        self.reload(sections=False)
        self.show_pane("list")

    # ------------------------------------------------------------------ opening
    @guarded
    def open_article(
        self, article_id: int, *, mark_read: bool = True, focus: bool = True, scroll: int = 0
    ) -> None:
        """Show the article in the reader from line ``scroll``, and mark it read."""
        article = self.archive.article(article_id)
        if article is None:
            self.notify("That article is no longer in the archive.", severity="warning")
            return
        if mark_read and not article.read and not self.nr_app.read_only:
            self.archive.set_read(article_id, True)
            self._marks_changed(article_id, read=True, starred=article.starred, was_read=False)
        self.chips.keywords = ()
        # The chip line is kept from the start, so keywords arriving later
        # never shift the text (or a restored scroll position) down a line.
        self.reader.show(article, find_spans=self._span_finder(), chip_row=True, scroll=scroll)
        self._place_chips()
        self._load_keywords(article_id)
        self._save_state()
        if focus:
            self.show_pane("reader")

    def _marks_changed(self, article_id: int, *, read: bool, starred: bool, was_read: bool) -> None:
        self.article_list.set_marks(article_id, read=read, starred=starred)
        title = self.title_bar
        if read != was_read:
            title.unread = max(0, title.unread + (-1 if read else 1))
        self.reload_sections()

    def reload_sections(self, *, delay: float = 0.0) -> None:
        """The sections pane for the current query (also after marks change counts)."""
        self._load_sections(self._input_query(), delay)

    @work(exclusive=True, group="sections", exit_on_error=False)
    async def _load_sections(self, query: str, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)  # a newer keystroke cancels this first
        extra = self.nr_app.extra_sections
        result = await self.nr_app.interruptible(load_sections, query, extra)
        self.apply_sections(result)

    def apply_sections(self, result: SectionsOutcome) -> bool:
        """Show the sections tree unless the query has moved on."""
        if result.query != self._input_query():
            return False
        if result.counts is not None:
            self.title_bar.total, self.title_bar.unread = result.counts
        self.sections.load(result.nodes, self.scope)
        return True

    def _target_id(self) -> int | None:
        """The article a key acts on: the open one in the reader, else the list's cursor."""
        if self.focused is self.reader and self.reader.article is not None:
            return self.reader.article.id
        current = self.article_list.current_id
        if current is not None:
            return current
        return self.reader.article.id if self.reader.article is not None else None

    # ------------------------------------------------------------------ chips
    @work(exclusive=True, group="keywords", exit_on_error=False)
    async def _load_keywords(self, article_id: int) -> None:
        """The open article's keywords, computed away from the UI thread."""
        pairs = await self.nr_app.interruptible(_keywords, article_id)
        article = self.reader.article
        if article is None or article.id != article_id:
            return  # another article was opened meanwhile
        words = tuple(word for word, _score in pairs)
        self.chips.keywords = words
        self.call_after_refresh(self._place_chips)

    def _place_chips(self) -> None:
        """Keep the chips on the reader's line under the title, scrolling with it."""
        y = self.reader.chips_y - int(self.reader.scroll_y)
        height = self.reader.scrollable_content_region.height
        visible = bool(self.chips.keywords) and 0 <= y < height
        self.chips.display = visible
        if visible:
            self.chips.styles.offset = (1, y)

    @on(KeywordChips.Selected)
    def _chip_selected(self, event: KeywordChips.Selected) -> None:
        self.search_for(event.word)

    def search_for(self, word: str) -> None:
        """Search for ``word`` (the search box's Changed message runs the search)."""
        self.search_box.value = word
        self.reader.focus()

    def action_search_keyword(self) -> None:
        """Palette: the chips from the keyboard (Tab moves between panes, not chips)."""
        words = self.chips.keywords
        if not words:
            self.notify("Open an article to search for one of its keywords.", timeout=2)
            return
        commands = [((word), functools.partial(self.search_for, word)) for word in words]
        pick(self.app, commands, placeholder="Search for which keyword?")

    # ------------------------------------------------------------------ live folders
    def _start_live(self) -> None:
        """Watch the folders imported before, if the archive can be written."""
        if not self.nr_app.live or self.live is not None or not self.is_attached:
            return
        roots = self.archive.roots()
        if roots:
            app = self.nr_app
            self.live = LiveFolders(
                app, app.db_path, roots, self.live_report, self._live_error, app.stop_watching
            )
            self.live.start()

    def _live_error(self, error: Exception) -> None:
        message = safe(f"Stopped watching the folders: {error}")
        self.notify(message, title="newsreader", severity="warning", markup=False)

    def live_report(self, report: ImportReport) -> None:
        """Pages changed on disk were imported: refresh, keeping the cursor and the article."""
        pages = len(report.added) + len(report.updated)
        noun = "page" if pages == 1 else "pages"
        parts = [f"{pages} {noun} imported"] if pages or not report.removed else []
        if report.removed:
            parts.append(f"{len(report.removed)} removed")
        if report.failed:
            parts.append(f"{len(report.failed)} failed")
        self.notify(", ".join(parts), timeout=3)
        self.reload()

    def _save_state(self) -> None:
        if self.nr_app.read_only:
            return
        article = self.reader.article
        state = UiState(
            self.scope, self.sort, article.id if article else None, int(self.reader.scroll_y)
        )
        try:
            self.archive.set_setting(SETTING_KEY, state.to_json())
        except Exception as error:  # a read-only or vanished database: not worth a crash
            self.log.warning(f"could not save the reader state: {error}")

    def on_unmount(self) -> None:
        if self.live is not None:
            self.live.stop()
        self._save_state()

    # ------------------------------------------------------------------ actions
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # False hides a key from the footer, None shows it greyed out.
        if action in ("next_hit", "previous_hit"):
            return bool(self.reader.hit_total)
        if action in ("toggle_star", "toggle_read", "copy", "edit"):
            return True if self._target_id() is not None else None
        if action in ("next_article", "previous_article"):
            return True if self.article_list.ids else None
        return True

    def action_show_pane(self, name: str) -> None:
        if name in PANES:
            self.show_pane(name)

    def action_show_scope(self, kind: str) -> None:
        self.scope = SectionKey(kind)
        target = self.sections.find(self.scope)
        if target is not None:
            self.sections.move_cursor(target)
        self._save_state()
        self.reload(sections=False)
        self.show_pane("list")

    def action_focus_search(self) -> None:
        self.search_box.focus()

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())

    def action_back(self) -> None:
        focused = self.focused
        if focused is self.search_box:
            if self.search_box.value:
                self.search_box.value = ""
            else:
                self.show_pane(self.pane)
            return
        if focused is self.reader:
            self.show_pane("list")
        elif focused is self.article_list:
            self.show_pane("sections")

    def _current_pane(self) -> str:
        focused = self.focused
        return focused.id if focused is not None and focused.id in PANES else self.pane

    def action_next_pane(self, wrap: bool = False) -> None:
        """l stops at the reader; Tab goes round to the sections."""
        if self.focused is self.search_box:
            self.show_pane("list")
            return
        self.show_pane(_step(self._current_pane(), 1, wrap))

    def action_previous_pane(self, wrap: bool = False) -> None:
        if self.focused is self.search_box:
            self.show_pane("sections")
            return
        self.show_pane(_step(self._current_pane(), -1, wrap))

    def _refuse_read_only(self) -> bool:
        """True (with a notice) when the archive cannot be written."""
        if self.nr_app.read_only:
            self.notify(READ_ONLY, severity="warning", timeout=3)
        return self.nr_app.read_only

    def _markable_row(self) -> ArticleRow | None:
        """The row a star/read key acts on, or None (read-only, or nothing there)."""
        if self._refuse_read_only():
            return None
        target = self._target_id()
        rows = self.archive.rows([target]) if target is not None else []
        return rows[0] if rows else None

    @guarded
    def action_toggle_star(self) -> None:
        row = self._markable_row()
        if row is None:
            return
        self.archive.set_starred(row.id, not row.starred)
        self._marks_changed(row.id, read=row.read, starred=not row.starred, was_read=row.read)
        self.notify("Starred" if not row.starred else "Unstarred", timeout=1.5)

    @guarded
    def action_toggle_read(self) -> None:
        row = self._markable_row()
        if row is None:
            return
        self.archive.set_read(row.id, not row.read)
        self._marks_changed(row.id, read=not row.read, starred=row.starred, was_read=row.read)
        self.notify("Marked read" if not row.read else "Marked unread", timeout=1.5)

    def action_toggle_sort(self) -> None:
        self.sort = "date" if self.sort == "rank" else "rank"
        self._save_state()
        if not self.query_text:
            self.notify(f"Searches will be sorted by {self.sort}", timeout=2)
        self.reload(sections=False)

    def action_next_hit(self) -> None:
        self.reader.next_hit()

    def action_previous_hit(self) -> None:
        self.reader.previous_hit()

    def _step_article(self, step: int) -> None:
        ids = self.article_list.ids
        if not ids:
            return
        current = self.reader.article.id if self.reader.article else self.article_list.current_id
        try:
            index = ids.index(current) + step if current is not None else 0
        except ValueError:
            index = self.article_list.cursor
        if not 0 <= index < len(ids):
            self.notify("No more articles" if step > 0 else "This is the first", timeout=1.5)
            return
        self.article_list.move_to(index)
        self.open_article(ids[index], focus=False)

    def action_next_article(self) -> None:
        self._step_article(1)

    def action_previous_article(self) -> None:
        self._step_article(-1)

    @guarded
    def action_copy(self) -> None:
        target = self._target_id()
        article = self.archive.article(target) if target is not None else None
        if article is None:
            return
        self.app.copy_to_clipboard(article.plain_text())
        self.notify("Copied the article to the clipboard", timeout=2)

    @guarded
    def action_edit(self) -> None:
        target = self._target_id()
        path = self.archive.source_path(target) if target is not None else ""
        if not path:
            self.notify("This article has no source file.", severity="warning")
            return
        command = editor_command(path)
        try:
            with self.app.suspend():
                subprocess.run(command, check=False)
        except SuspendNotSupported:
            self.notify("Cannot open an editor here (the terminal cannot be suspended).")
            return
        except OSError as error:
            message = safe(f"Could not run {command[0]}: {error}")
            self.notify(message, severity="error", markup=False)
            return
        self.notify("Press r to re-import the file if you changed it.", timeout=3)

    def action_reimport(self) -> None:
        if self._refuse_read_only():
            return
        self.status.message = "Re-importing…"
        self._reimport()

    @work(exclusive=True, group="import", exit_on_error=False)
    async def _reimport(self) -> None:
        report = await asyncio.to_thread(self.nr_app.in_own_archive, _reimport_roots)
        if report is None:
            self.notify("No folders were imported before: use `newsreader import PATH`.")
        else:
            changed = len(report.added) + len(report.updated) + len(report.removed)
            failed = f", {len(report.failed)} failed" if report.failed else ""
            self.notify(f"Re-imported: {changed} changed files{failed}", timeout=3)
        self.reload()


def _keywords(archive: Archive, article_id: int) -> list[tuple[str, float]]:
    return archive.keywords(article_id)


def _index_pending(archive: Archive) -> int:
    return archive.index_pending()


def _reimport_roots(archive: Archive) -> object:
    roots = archive.roots()
    return archive.import_paths(roots) if roots else None


def _step(pane: str, step: int, wrap: bool) -> str:
    """The pane ``step`` away from ``pane``: around the ends or stopping at them."""
    index = PANES.index(pane) + step
    if wrap:
        return PANES[index % len(PANES)]
    return PANES[max(0, min(index, len(PANES) - 1))]
