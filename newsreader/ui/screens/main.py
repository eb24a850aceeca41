"""The main screen: what the panes show and the keys that act on articles.

The layout and moving between panes are ``PanesScreen``'s; this screen owns
the state (query, scope, sort, the open article) and pushes it down to the
widgets; widgets report back with messages. Everything from outside comes in
``Services`` (``ui/services.py`` says which of its three ways to the archive
each call takes). Queries run in a worker on the search thread (debounced,
exclusive); results whose query no longer matches the search box are dropped.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.binding import BindingType
from textual.widgets import Input, Tree

from newsreader.models import ArticleRow, Hit, ImportReport, SectionKey, SectionNode
from newsreader.search.hits import article_spans, query_terms
from newsreader.text import visible
from newsreader.ui import keys
from newsreader.ui.commands import ReaderCommands
from newsreader.ui.data import (
    PAGE_SIZE,
    Outcome,
    Request,
    SectionsOutcome,
    empty_message,
    load,
    load_sections,
    scope_label,
    status_line,
)
from newsreader.ui.live_folders import LiveFolders, report_line
from newsreader.ui.render.strips import safe
from newsreader.ui.screens.feed_actions import guarded
from newsreader.ui.screens.watch_actions import WatchActionsScreen
from newsreader.ui.search_scope import ALL, chip_text, resolve, split_scope
from newsreader.ui.services import Services
from newsreader.ui.state import SETTING_KEY, UiState
from newsreader.ui.widgets.article_list import ArticleList
from newsreader.ui.widgets.reader import Reader, SpanFinder

if TYPE_CHECKING:
    from newsreader.archive import Archive

__all__ = ["MainScreen"]

DEBOUNCE = 0.1
# The sections pane's hit counts wait this long after a query's list: they
# cost 0.1-0.5 s at 100k articles and are stale by the next keystroke.
SECTIONS_DELAY = 0.3
# The reader previews the row under the list's cursor once it rests this long
# (holding j merges into one preview; a preview costs ~1-3 ms plus layout).
PREVIEW_DELAY = 0.03
# Rows fetched for the first paint; the full id list follows in the same worker.
FIRST_PAINT_ROWS = 200


class MainScreen(WatchActionsScreen):
    """``MainScreen(services)``: the list, the sections and the reader, kept in step."""

    BINDINGS: ClassVar[list[BindingType]] = [*keys.SCREEN_BINDINGS, *keys.NEWSBOAT_BINDINGS]
    COMMANDS: ClassVar = {ReaderCommands}

    def __init__(self, services: Services) -> None:
        super().__init__(self._fetch, lambda: self.services.config.pane_widths)
        self.services = services
        self.query_text = ""
        #: The section browsed (kept across restarts); searches ignore it.
        self.scope = SectionKey("all")
        #: Where searches look when the user chose a scope (the chip); never saved.
        self.search_scope: SectionKey | None = None
        # The sections pane's entries when browsing: what ``in:NAME`` can name.
        self._section_nodes: list[SectionNode] = []
        self.sort = "rank"
        self._restore: UiState | None = None
        self._open_top_when_ready = False
        self._loaded = False
        # A cursor to put back once the full list is in (first paint shows a part).
        self._pending_cursor: int | None = None
        self.live: LiveFolders | None = None
        # The hit to show once the article n/N stepped to has its hits (-1: the last).
        self._hit_after_open: int | None = None

    # ------------------------------------------------------------------ plumbing
    @guarded
    def _fetch(self, ids: Sequence[int], query: str) -> Sequence[ArticleRow | Hit]:
        """Rows for a page of the list, on the UI thread's archive (an id page is ~1 ms)."""
        return self.archive.hits(ids, query) if query else self.archive.rows(ids)

    def on_mount(self) -> None:
        self.title_bar.archive_name = self.services.db_path.name
        self.title_bar.read_only = self.services.read_only
        try:
            saved = self.archive.get_setting(SETTING_KEY, None)
        except ValueError:  # a hand-edited value that is not JSON: start on the defaults
            saved = None
        state = UiState.from_json(saved)
        sort = state.sort if isinstance(saved, dict) and "sort" in saved else None
        self.scope, self.sort = state.scope, sort or self.services.config.default_sort
        self._restore = state
        self.apply_watchlist()
        self._apply_layout()
        self.watch(self.reader, "scroll_y", self._place_chips, init=False)
        self.article_list.focus()
        self.status.message = "Loading…"
        self.reload()
        pending = 0 if self.services.read_only else self.archive.pending_index()
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
        indexed = await asyncio.to_thread(self.services.in_own_archive, _index_pending)
        self.notify(f"Indexed {indexed:,} articles.", timeout=3)
        self.reload()

    # ------------------------------------------------------------------ loading
    def reload(self, *, debounce: float = 0.0, sections: bool = True) -> None:
        """Ask for the list (then the sections) for the current query, scope and sort."""
        self._show_chip()
        self._load(Request(self._input_query(), self._list_scope(), self.sort), debounce, sections)

    # ------------------------------------------------------------------ scope
    def _input_query(self) -> str:
        """The search box's query without its ``in:`` scope (what the engine searches)."""
        return split_scope(self.search_box.value)[0]

    def _typed_scope(self) -> tuple[str | None, SectionKey | None]:
        """The ``in:`` name in the search box and the section it names (if any)."""
        name = split_scope(self.search_box.value)[1]
        return name, resolve(name, self._section_nodes) if name is not None else None

    def _list_scope(self) -> SectionKey:
        """A search looks everywhere unless a scope was chosen; browsing shows the section."""
        typed = self._typed_scope()[1]
        if typed is not None:
            return typed
        if self._input_query():
            return self.search_scope or ALL
        return self.scope

    def _show_chip(self) -> None:
        name, typed = self._typed_scope()
        if typed is not None:
            self.scope_chip.text = chip_text(scope_label(typed))
        elif name is not None:
            self.scope_chip.text = chip_text(name, known=False)
        elif self.search_scope is not None:
            self.scope_chip.text = chip_text(scope_label(self.search_scope))
        else:
            self.scope_chip.text = ""

    def _key_of(self, binding_id: str) -> str:
        """The key now bound to ``binding_id`` (the config's keymap applied)."""
        return keys.key_for(binding_id, getattr(self.app, "_keymap", None))

    def action_search_scope(self) -> None:
        """i: search only the browsed section, or (with a scope) search everything again."""
        name = self._typed_scope()[0]
        if name is not None or self.search_scope is not None:
            self.search_scope = None
            if name is not None:  # the box's Changed message reloads
                self.search_box.value = split_scope(self.search_box.value)[0]
        elif self.scope.kind != "all":
            self.search_scope = self.scope
        else:
            self.notify("Choose a section first (Enter in the sections pane), then i.", timeout=3)
            return
        self.reload(sections=False)

    @work(exclusive=True, group="search", exit_on_error=False)
    async def _load(self, request: Request, debounce: float, sections: bool) -> None:
        if debounce:
            await asyncio.sleep(debounce)
        if not self._loaded and not request.query:
            # First paint from the newest screenfuls; every id follows at once.
            quick = replace(request, limit=FIRST_PAINT_ROWS)
            outcome = await self.services.searcher.call(load, quick)
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
            outcome = await self.services.searcher.call(load, quick)
            if not self.apply(outcome):
                return
            if outcome.count <= len(outcome.ids):
                if sections:
                    self.reload_sections(delay=SECTIONS_DELAY)
                return  # that was every result
            quick_ms, by_pinyin = outcome.elapsed_ms, outcome.by_pinyin
        outcome = await self.services.searcher.call(load, request)
        if quick_ms is not None:
            # The results appeared when the first page did (which counted the pinyin ones).
            outcome = replace(outcome, elapsed_ms=quick_ms, by_pinyin=by_pinyin)
        if self.apply(outcome) and sections:
            self.reload_sections(delay=SECTIONS_DELAY if request.query else 0.0)

    def apply(self, outcome: Outcome) -> bool:
        """Show ``outcome`` unless it is stale (the search box or scope moved on)."""
        request = outcome.request
        if request.query.strip() != self._input_query():
            return False
        if request.scope != self._list_scope() or request.sort != self.sort:
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
            message=empty_message(query, request.scope),
        )
        self.status.message = status_line(outcome, self._key_of("search-scope"))
        if restore is not None:
            self._restore = None
            if restore.article is not None and self.archive.article(restore.article):
                self.open_article(
                    restore.article, mark_read=False, focus=False, scroll=restore.scroll
                )
        elif changed_query and self.reader.article is not None:
            self.reader.set_spans(find_spans=span_finder(self.query_text))
        self.services.list_ready.set()
        if first_load:  # the watch's catch-up import must not delay the first paint
            self.call_after_refresh(self._start_live)
        if self._open_top_when_ready:
            self._open_top_when_ready = False
            self._open_top()
        return True

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

    def _open_top(self) -> None:
        ids = self.article_list.ids
        if ids:
            self.article_list.move_to(0)
            self.open_article(ids[0])

    @on(ArticleList.Opened)
    def _list_opened(self, event: ArticleList.Opened) -> None:
        self.open_article(event.article_id)

    @on(ArticleList.Highlighted)
    def _preview_highlighted(self, event: ArticleList.Highlighted) -> None:
        """The reader follows the list's cursor (unread stays unread; focus stays)."""
        if event.moved and event.article_id is not None and self._previewing():
            self._preview(event.article_id)

    @work(exclusive=True, group="preview", exit_on_error=False)
    async def _preview(self, article_id: int) -> None:
        await asyncio.sleep(PREVIEW_DELAY)  # a further cursor move cancels this one
        shown = self.reader.article
        if not self._previewing() or self.article_list.current_id != article_id:
            return  # Enter opened it meanwhile, or the cursor moved on
        if shown is None or shown.id != article_id:
            self.open_article(article_id, mark_read=False, focus=False)

    def _previewing(self) -> bool:
        """The list has the keys and the reader is on screen beside it."""
        return self.focused is self.article_list and self.reader.display

    @on(Tree.NodeSelected, "#sections")
    def _section_selected(self, event: Tree.NodeSelected[SectionKey]) -> None:
        key = event.node.data
        if key is not None and not key.is_heading:
            self._show_scope(key)

    def action_show_scope(self, kind: str) -> None:
        target = self.sections.find(SectionKey(kind))
        if target is not None:
            self.sections.move_cursor(target)
        self._show_scope(SectionKey(kind))

    def _show_scope(self, scope: SectionKey) -> None:
        self.scope = scope
        if self._input_query():  # chosen while searching: search there, and show it
            self.search_scope = None if scope.kind == "all" else scope
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
        if mark_read and not article.read and not self.services.read_only:
            self.archive.set_read(article_id, True)
            self._marks_changed(article_id, read=True, starred=article.starred, was_read=False)
        self.show_in_reader(article, span_finder(self.query_text), scroll)
        self._load_keywords(article_id)
        self._save_state()
        if focus:
            self.show_pane("reader")

    def _marks_changed(self, article_id: int, *, read: bool, starred: bool, was_read: bool) -> None:
        self.article_list.set_marks(article_id, read=read, starred=starred)
        if read != was_read:
            self.title_bar.unread = max(0, self.title_bar.unread + (-1 if read else 1))
        self.reload_sections()

    def reload_sections(self, *, delay: float = 0.0) -> None:
        """The sections pane for the current query (also after marks change counts)."""
        self._load_sections(self._input_query(), delay)

    @work(exclusive=True, group="sections", exit_on_error=False)
    async def _load_sections(self, query: str, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)  # a newer keystroke cancels this first
        extra = self.services.settings.extra_sections
        result = await self.services.interruptible(load_sections, query, extra)
        self.apply_sections(result)

    def apply_sections(self, result: SectionsOutcome) -> bool:
        """Show the sections tree unless the query has moved on."""
        if result.query != self._input_query():
            return False
        if result.counts is not None:
            self.title_bar.total, self.title_bar.unread = result.counts
            self._section_nodes = result.nodes
            if self._typed_scope()[0] is not None:  # an in: name may name one of them now
                self.reload(sections=False)
        self.sections.load(result.nodes, self.scope)
        return True

    # ------------------------------------------------------------------ chips
    @work(exclusive=True, group="keywords", exit_on_error=False)
    async def _load_keywords(self, article_id: int) -> None:
        """The open article's keywords, computed away from the UI thread."""
        pairs = await self.services.interruptible(_keywords, article_id)
        article = self.reader.article
        if article is None or article.id != article_id:
            return  # another article was opened meanwhile
        self.chips.keywords = tuple(word for word, _score in pairs)
        self.call_after_refresh(self._place_chips)

    # ------------------------------------------------------------------ live folders
    def _start_live(self) -> None:
        """Watch the folders imported before, if the archive can be written."""
        if self.live is None and self.is_attached:
            self.live = LiveFolders.start_for(
                self.app, self.services, self.live_report, self._live_error
            )

    def _live_error(self, error: Exception) -> None:
        message = safe(f"Stopped watching the folders: {error}")
        self.notify(message, title="newsreader", severity="warning", markup=False)

    def live_report(self, report: ImportReport) -> None:
        """Pages changed on disk were imported: refresh, keeping the cursor and the article."""
        if report.added or report.updated or report.removed:
            self.notify(report_line(report), timeout=3)
        for path, reason in report.failed[:3]:  # which, and why (a folder gone, …)
            self.notify(safe(f"{path}: {reason}"), severity="warning", markup=False)
        self.reload()

    def _save_state(self) -> None:
        if self.services.read_only:
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

    def action_next_article(self) -> None:
        self._step_article(1)

    def action_previous_article(self) -> None:
        self._step_article(-1)

    def _step_article(self, step: int) -> None:
        index = self._neighbour(step)
        if index is not None:
            self.article_list.move_to(index)
            self.open_article(self.article_list.ids[index], focus=False)

    def action_next_hit(self) -> None:
        """n: the next hit; after the article's last, the next result's first."""
        self._step_hit(1)

    def action_previous_hit(self) -> None:
        """N: the previous hit; before the article's first, the previous result's last."""
        self._step_hit(-1)

    def _step_hit(self, step: int) -> None:
        reader = self.reader
        self._hit_after_open = None
        edge = reader.hit_total - 1 if step > 0 else 0
        if self.query_text and reader.current_hit == edge and self._neighbour(step) is not None:
            self._step_article(step)
            self._hit_after_open = 0 if step > 0 else -1
        elif step > 0:
            reader.next_hit()
        else:
            reader.previous_hit()

    @on(Reader.HitChanged)
    def _show_hit_after_open(self, event: Reader.HitChanged) -> None:
        target = self._hit_after_open
        if target is not None and event.total:
            self._hit_after_open = None
            self.reader.go_to_hit(target)

    @guarded
    def action_copy(self) -> None:
        target = self._target_id()
        article = self.archive.article(target) if target is not None else None
        if article is None:
            return
        # Made safe like the screen: pasted into a terminal, raw ESC/BEL would act.
        self.app.copy_to_clipboard(visible(article.plain_text()))
        self.notify("Copied the article to the clipboard", timeout=2)


def span_finder(query: str) -> SpanFinder | None:
    """What finds ``query``'s hits in an article (pure: may run on a thread)."""
    if not query:
        return None
    terms, pinyin = query_terms(query)  # pinyin: title characters matched by sound
    return functools.partial(article_spans, terms=terms, pinyin=pinyin)


def _keywords(archive: Archive, article_id: int) -> list[tuple[str, float]]:
    return archive.keywords(article_id)


def _index_pending(archive: Archive) -> int:
    return archive.index_pending()
