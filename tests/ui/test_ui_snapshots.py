"""Snapshots of the reader with the sample page (pytest-textual-snapshot).

Regenerate with ``pytest tests/ui/test_ui_snapshots.py --snapshot-update`` and
look at the SVGs in ``__snapshots__`` before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from ui_helpers import settle

from newsreader.ui import data
from newsreader.ui.app import NewsreaderApp


@pytest.fixture(autouse=True)
def _fixed_timing(monkeypatch: pytest.MonkeyPatch) -> None:
    """ "N results in X ms" would differ on every run: make every search take 0 ms."""
    monkeypatch.setattr(data, "perf_counter", lambda: 0.0)


async def _loaded(pilot: Pilot) -> None:
    await settle(pilot, pilot.app)


def test_main_screen_80x24(snap_compare, db_path: Path) -> None:
    assert snap_compare(NewsreaderApp(db_path), terminal_size=(80, 24), run_before=_loaded)


def test_main_screen_120x40(snap_compare, db_path: Path) -> None:
    assert snap_compare(NewsreaderApp(db_path), terminal_size=(120, 40), run_before=_loaded)


def test_main_screen_200x50(snap_compare, db_path: Path) -> None:
    assert snap_compare(NewsreaderApp(db_path), terminal_size=(200, 50), run_before=_loaded)


def test_light_theme_search_120x40(snap_compare, db_path: Path, config_file: Path) -> None:
    config_file.write_text('theme = "newsreader-light"\n', encoding="utf-8")

    async def search(pilot: Pilot) -> None:
        await settle(pilot, pilot.app)
        await pilot.press("slash", *"保交楼", "down")
        await settle(pilot, pilot.app)

    assert snap_compare(NewsreaderApp(db_path), terminal_size=(120, 40), run_before=search)


def test_search_with_highlights_120x40(snap_compare, db_path: Path) -> None:
    async def search(pilot: Pilot) -> None:
        await settle(pilot, pilot.app)
        await pilot.press("slash", *"保交楼")
        await settle(pilot, pilot.app)
        await pilot.press("down", "enter", "n")
        await settle(pilot, pilot.app)

    assert snap_compare(NewsreaderApp(db_path), terminal_size=(120, 40), run_before=search)


def test_reader_narrow_80x24(snap_compare, db_path: Path) -> None:
    async def read(pilot: Pilot) -> None:
        await settle(pilot, pilot.app)
        await pilot.press("j", "enter")
        await settle(pilot, pilot.app)

    assert snap_compare(NewsreaderApp(db_path), terminal_size=(80, 24), run_before=read)


def test_help_screen(snap_compare, db_path: Path) -> None:
    async def help_(pilot: Pilot) -> None:
        await settle(pilot, pilot.app)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(NewsreaderApp(db_path), terminal_size=(100, 50), run_before=help_)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_scoped_search_chip(snap_compare, db_path: Path, size: tuple[int, int]) -> None:
    """The scope chip at the end of the search line, and "N here · M in All"."""

    async def scoped(pilot: Pilot) -> None:
        await settle(pilot, pilot.app)
        await pilot.press("u")  # one article read: three left unread
        await pilot.press("slash", *"高新区 in:unread")
        await settle(pilot, pilot.app)

    assert snap_compare(NewsreaderApp(db_path), terminal_size=size, run_before=scoped)
