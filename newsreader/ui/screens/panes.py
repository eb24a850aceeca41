"""The reader's layout and moving between its panes; nothing about the archive.

Title, search box, sections | article list | reader (with the keyword chips
drawn over it), status line and footer. Below ``NARROW_WIDTH`` columns only
the pane in use is shown. Also here: which article keys the footer offers,
the hit count, stepping through the list. ``MainScreen`` builds on this with
what the panes show and the keys that act on articles; this part is the same
whatever the data, so it stays readable on its own.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer
from textual.worker import Worker, WorkerState

from newsreader.models import Article
from newsreader.store.damage import ArchiveDamaged
from newsreader.ui.commands import pick
from newsreader.ui.render.document import Marker
from newsreader.ui.render.strips import safe
from newsreader.ui.screens.help import HelpScreen
from newsreader.ui.widgets.article_list import ArticleList, Fetch
from newsreader.ui.widgets.keyword_chips import KeywordChips
from newsreader.ui.widgets.reader import Reader, SpanFinder
from newsreader.ui.widgets.search_box import SearchBox
from newsreader.ui.widgets.sections import SectionsTree
from newsreader.ui.widgets.status_bar import StatusBar
from newsreader.ui.widgets.title_bar import TitleBar

__all__ = ["NARROW_WIDTH", "PANES", "PanesScreen"]

NARROW_WIDTH = 100
PANES = ("sections", "list", "reader")


class PanesScreen(Screen[None]):
    """Three panes (one at a time below 100 columns) and the keys that move between them."""

    def __init__(self, fetch: Fetch, pane_widths: Callable[[], Mapping[str, int]]) -> None:
        """``fetch(ids, query)``: the rows of a page of the article list;
        ``pane_widths()``: widths (percent) asked for the sections and list panes."""
        super().__init__()
        self._pane_widths = pane_widths
        #: The pane in use (the one shown when narrow).
        self.pane = "list"
        # What the footer last offered: keys for an article, keys for hits.
        self._had_target = False
        self._had_hits = False
        # Kept as attributes (not queried): state is saved on unmount, after
        # the children are gone from the DOM.
        self.title_bar = TitleBar(id="title")
        self.search_box = SearchBox(id="search")
        self.sections = SectionsTree(id="sections")
        self.article_list = ArticleList(fetch, id="list")
        self.reader = Reader(id="reader")
        self.chips = KeywordChips(id="chips")
        self.status = StatusBar(id="status")

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

    # ------------------------------------------------------------------ layout
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
        widths = self._pane_widths()
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

    def _place_chips(self) -> None:
        """Keep the chips on the reader's line under the title, scrolling with it."""
        y = self.reader.chips_y - int(self.reader.scroll_y)
        height = self.reader.scrollable_content_region.height
        visible = bool(self.chips.keywords) and 0 <= y < height
        self.chips.display = visible
        if visible:
            self.chips.styles.offset = (1, y)

    def show_in_reader(self, article: Article, find_spans: SpanFinder | None, scroll: int) -> None:
        """Show ``article`` from line ``scroll``; its keyword chips are cleared until known."""
        self.chips.keywords = ()
        # The chip line is kept from the start, so keywords arriving later
        # never shift the text (or a restored scroll position) down a line.
        self.reader.show(article, find_spans=find_spans, chip_row=True, scroll=scroll)
        self._place_chips()

    def _busy(self) -> bool:
        """True while a search is running (Enter then opens its top result when it lands)."""
        return any(w.group == "search" and w.is_running for w in self.workers)

    def set_marker(self, marker: Marker | None) -> None:
        """Extra highlights (watched words) in the list and the reader; ``None`` removes them."""
        self.article_list.set_marker(marker)
        self.reader.set_marker(marker)

    # ------------------------------------------------------------------ footer
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # False hides a key from the footer, None shows it greyed out.
        if action in ("next_hit", "previous_hit"):
            return bool(self.reader.hit_total)
        if action in ("toggle_star", "toggle_read", "copy", "edit"):
            return True if self._target_id() is not None else None
        if action in ("next_article", "previous_article"):
            return True if self.article_list.ids else None
        return True

    def _target_id(self) -> int | None:
        """The article a key acts on: the open one in the reader, else the list's cursor."""
        if self.focused is self.reader and self.reader.article is not None:
            return self.reader.article.id
        current = self.article_list.current_id
        if current is not None:
            return current
        return self.reader.article.id if self.reader.article is not None else None

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

    def action_next_hit(self) -> None:
        self.reader.next_hit()

    def action_previous_hit(self) -> None:
        self.reader.previous_hit()

    def _neighbour(self, step: int) -> int | None:
        """The list index ``step`` from the open article (else the cursor); None past the ends."""
        ids = self.article_list.ids
        if not ids:
            return None
        current = self.reader.article.id if self.reader.article else self.article_list.current_id
        try:
            index = ids.index(current) + step if current is not None else 0
        except ValueError:
            index = self.article_list.cursor
        if not 0 <= index < len(ids):
            self.notify("No more articles" if step > 0 else "This is the first", timeout=1.5)
            return None
        return index

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.status.message = f"Error: {error}"
            self.notify(safe(str(error)), title="newsreader", severity="error", markup=False)
            if isinstance(error, ArchiveDamaged):  # say so where the articles would be
                if not self.title_bar.archive_name.endswith(" (damaged)"):
                    self.title_bar.archive_name += " (damaged)"
                self.article_list.show([], "", message=safe(str(error)))

    # ------------------------------------------------------------------ search box
    def _input_query(self) -> str:
        return self.search_box.value.strip()

    def search_for(self, word: str) -> None:
        """Search for ``word`` (the search box's Changed message runs the search)."""
        self.search_box.value = word
        self.reader.focus()

    @on(SearchBox.ToList)
    def _search_to_list(self) -> None:
        self.show_pane("list")

    @on(KeywordChips.Selected)
    def _chip_selected(self, event: KeywordChips.Selected) -> None:
        self.search_for(event.word)

    def action_search_keyword(self) -> None:
        """Palette: the chips from the keyboard (Tab moves between panes, not chips)."""
        words = self.chips.keywords
        if not words:
            self.notify("Open an article to search for one of its keywords.", timeout=2)
            return
        commands = [((word), functools.partial(self.search_for, word)) for word in words]
        pick(self.app, commands, placeholder="Search for which keyword?")

    # ------------------------------------------------------------------ moving
    def action_show_pane(self, name: str) -> None:
        if name in PANES:
            self.show_pane(name)

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
        if wrap and self.focused is self.reader and self.chips.display and self.chips.chips:
            self.chips.chips[0].focus()  # Tab reaches the keyword chips, then the next pane
            return
        self.show_pane(_step(self._current_pane(), 1, wrap))

    def action_previous_pane(self, wrap: bool = False) -> None:
        if self.focused is self.search_box:
            self.show_pane("sections")
            return
        self.show_pane(_step(self._current_pane(), -1, wrap))


def _step(pane: str, step: int, wrap: bool) -> str:
    """The pane ``step`` away from ``pane``: around the ends or stopping at them."""
    index = PANES.index(pane) + step
    if wrap:
        return PANES[index % len(PANES)]
    return PANES[max(0, min(index, len(PANES) - 1))]
