"""Readable by default: every text on screen at least 4.5:1 (WCAG AA), in both themes.

The ratio is computed from the rendered screen (the compositor's segments,
their Rich styles), in truecolor and as a 256-colour terminal would get it,
in the states a reader spends time in: browsing, a search with the cursor on
a hit, an article with its current hit, the sections pane, help and trend.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.color import Color
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import Static
from ui_helpers import contrast_ratio, low_contrast_text, settle

from newsreader.ui.app import NewsreaderApp
from newsreader.ui.screens.help import HelpScreen
from newsreader.ui.screens.main import MainScreen
from newsreader.ui.screens.trend import TrendScreen
from newsreader.ui.theme import DARK, LIGHT
from newsreader.ui.watchlist import word_key
from newsreader.ui.widgets.keyword_chips import Chip

THEMES = [DARK.name, LIGHT.name]

#: Keys from the first screen to each state checked.
STATES = {
    "browsing": [],
    "sections focused": ["h"],
    "search, cursor on a hit": ["slash", *"保交楼", "down"],
    "search, typing": ["slash", *"保交楼"],
    "article with its current hit": ["slash", *"保交楼", "down", "enter", "n"],
    "article, list blurred": ["j", "enter"],
    "a keyword chip focused": ["j", "enter", "tab", "right"],
    "search scoped, its scope shown": ["slash", *"保交楼 in:unread"],
}


def _use_theme(config_file: Path, theme: str) -> None:
    config_file.write_text(f'theme = "{theme}"\n', encoding="utf-8")


async def _go(pilot: Pilot, keys: list[str]) -> None:
    await settle(pilot, pilot.app)
    for key in keys:
        await pilot.press(key)
    await settle(pilot, pilot.app)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("state", list(STATES))
async def test_every_text_is_readable(
    db_path: Path, config_file: Path, theme: str, state: str
) -> None:
    _use_theme(config_file, theme)
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await _go(pilot, STATES[state])
        assert app.theme == theme
        if "chip" in state:
            assert isinstance(app.focused, Chip)
        assert low_contrast_text(app) == []


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
@pytest.mark.parametrize("keys", [[], ["slash", *"保交楼", "down"]], ids=["browse", "search"])
async def test_readable_at_other_sizes(
    db_path: Path, config_file: Path, theme: str, size: tuple[int, int], keys: list[str]
) -> None:
    """At 80 columns the cursor row's title shows a watched word (警示教育)."""
    _use_theme(config_file, theme)
    app = NewsreaderApp(db_path)
    async with app.run_test(size=size) as pilot:
        await _go(pilot, keys)
        assert low_contrast_text(app) == []


@pytest.mark.parametrize("theme", THEMES)
async def test_a_watched_word_on_a_cursor_row_is_readable(
    db_path: Path, config_file: Path, theme: str
) -> None:
    """The default watch group is red: fine on the list, not on the cursor's colours."""
    _use_theme(config_file, theme)
    config_file.write_text(
        config_file.read_text(encoding="utf-8")
        + '[[watchlist]]\nname = "廉政"\ncolour = "red"\nwords = ["警示教育", "纪委"]\n',
        encoding="utf-8",
    )
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        group = next(g for g in app.config.watch_groups if g.name == "廉政")
        node = screen.sections.find(word_key(group, "警示教育"))
        assert node is not None
        screen.sections.focus()
        screen.sections.move_cursor(node)
        await settle(pilot, app)
        assert low_contrast_text(app) == []  # the word on the focused cursor row
        screen.article_list.focus()  # the sections' cursor row blurred
        await settle(pilot, app)
        assert low_contrast_text(app) == []


@pytest.mark.parametrize("theme", THEMES)
async def test_help_and_trend_dialogs_are_readable(
    editions_db: Path, config_file: Path, theme: str
) -> None:
    """Only the dialog: what it covers is faded on purpose."""
    _use_theme(config_file, theme)
    app = NewsreaderApp(editions_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await _go(pilot, ["question_mark"])
        assert isinstance(app.screen, HelpScreen)
        dialog = app.screen.query_one(VerticalScroll).region
        assert low_contrast_text(app, region=tuple(dialog)) == []  # type: ignore[arg-type]
        await _go(pilot, ["escape", "slash", *"保交楼", "down", "t"])
        assert isinstance(app.screen, TrendScreen)
        dialog = app.screen.query_one("#trend-dialog").region
        assert low_contrast_text(app, region=tuple(dialog)) == []  # type: ignore[arg-type]


async def test_the_default_is_the_readable_dark_theme(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert app.theme == DARK.name


@pytest.mark.parametrize("theme", THEMES)
async def test_a_hit_stays_marked_on_the_cursor_row(
    db_path: Path, config_file: Path, theme: str
) -> None:
    _use_theme(config_file, theme)
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await _go(pilot, ["slash", *"保交楼", "down"])
        screen = app.screen
        assert isinstance(screen, MainScreen)
        listing = screen.article_list
        row_y = listing.region.y + listing.cursor * listing.row_height
        cursor_bg = app.theme_variables["nr-cursor-background"]
        strips = app.screen._compositor.render_strips()
        segments = [s for y in (row_y, row_y + 1) for s in strips[y] if s.style is not None]
        cursor = [s for s in segments if s.style.bgcolor == Color.parse(cursor_bg)]
        hits = [s for s in segments if "保交楼" in s.text]
        assert cursor, "the cursor row is drawn in the cursor's colour"
        assert hits, "the hit is on the cursor row"
        for hit in hits:
            assert hit.style.bgcolor != Color.parse(cursor_bg)  # marked, not lost
            fg, bg = hit.style.color, hit.style.bgcolor
            assert fg is not None and bg is not None
            assert contrast_ratio(fg.get_truecolor(), bg.get_truecolor()) >= 4.5


@pytest.mark.parametrize("theme", THEMES)
async def test_the_focused_pane_shows_it(db_path: Path, config_file: Path, theme: str) -> None:
    """Each pane's left edge: bright on the focused one, and only on it."""
    _use_theme(config_file, theme)
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        background = Color.parse(app.theme_variables["background"]).get_truecolor()
        for key, focused in (("h", "#sections"), ("l", "#list"), ("enter", "#reader-pane")):
            await _go(pilot, [key])
            edges = {
                pane: app.screen.query_one(pane).styles.border_left[1].rich_color.get_truecolor()
                for pane in ("#sections", "#list", "#reader-pane")
            }
            bright = edges.pop(focused)
            assert all(edge != bright for edge in edges.values()), (focused, edges)
            assert contrast_ratio(bright, background) >= 3  # a UI component: 3:1


class _Samples(App[None]):
    """Three lines of known contrast: 1.3:1 (the old cursor row), 3.5:1, and 7:1 plus dim."""

    CSS = """
    Static { height: 1; }
    #old-cursor { color: #dadada; background: #ffaf00; }
    #grey { color: #737373; background: #1e1e1e; }
    #dim { color: #ffffff; background: #005f87; text-style: dim; }
    #fine { color: #ffffff; background: #005f87; }
    """

    def compose(self) -> ComposeResult:
        for name in ("old-cursor", "grey", "dim", "fine"):
            yield Static(name, id=name)


async def test_the_check_finds_what_is_unreadable() -> None:
    app = _Samples()
    async with app.run_test(size=(40, 4)):
        problems = low_contrast_text(app)
        assert any(p.startswith("line 0") and "1.3:1" in p for p in problems), problems
        assert any(p.startswith("line 1") and "truecolor 3.5:1" in p for p in problems)
        assert any(p.startswith("line 2") for p in problems)  # dim: up to the terminal
        assert not any(p.startswith("line 3") for p in problems)
