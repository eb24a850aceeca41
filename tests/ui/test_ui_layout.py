"""Layout: three panes when wide, one at a time below 100 columns."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from ui_helpers import screen_text, settle, shows_count

from newsreader.cli.main import cli
from newsreader.ui.app import NewsreaderApp, run_app
from newsreader.ui.widgets.article_list import ArticleList
from newsreader.ui.widgets.reader import Reader
from newsreader.ui.widgets.sections import SectionsTree


async def test_wide_layout_shows_three_panes_and_counts(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert all(w.display for w in app.screen.query("#sections, #list, #reader"))
        text = screen_text(app)
        assert "4 articles · 4 unread" in text
        assert "sample.db" in text
        assert "郑州高新区党纪教育警示大会召开" in text
        assert shows_count(text, "Unread", "4")
        assert isinstance(app.focused, ArticleList)


async def test_narrow_layout_one_pane_enter_drills_escape_goes_back(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        shown = [w.id for w in app.screen.query("#sections, #list, #reader") if w.display]
        assert shown == ["list"]
        await pilot.press("enter")
        await settle(pilot, app)
        shown = [w.id for w in app.screen.query("#sections, #list, #reader") if w.display]
        assert shown == ["reader"] and isinstance(app.focused, Reader)
        assert "本报讯" in screen_text(app)
        await pilot.press("escape")
        assert [w.id for w in app.screen.query("#sections, #list, #reader") if w.display] == [
            "list"
        ]
        await pilot.press("escape")
        assert isinstance(app.focused, SectionsTree)
        assert [w.id for w in app.screen.query("#sections, #list, #reader") if w.display] == [
            "sections"
        ]
        # Enter on a section drills into the list again.
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.focused, ArticleList)


async def test_narrow_rows_stay_aligned(db_path: Path) -> None:
    """Double-width titles are truncated by cells: every row fits the screen width."""
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        from newsreader.text import cell_width

        for line in screen_text(app).splitlines():
            assert cell_width(line) == 80, line


async def test_empty_archive_says_how_to_import(empty_db: Path) -> None:
    app = NewsreaderApp(empty_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        text = screen_text(app)
        assert "newsreader import PATH" in text
        assert "0 articles" in text


def test_unusable_database_gives_one_line_and_status(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad\x1b[2J.db"
    bad.write_bytes(b"this is not sqlite at all" * 100)
    assert run_app(bad) == 2
    err = capsys.readouterr().err
    assert err.startswith("newsreader: ") and err.count("\n") == 1
    assert "Traceback" not in err
    assert "\x1b" not in err and "bad␛[2J.db" in err  # the path is shown, not interpreted


@pytest.mark.parametrize(
    "content", [b"this is not sqlite at all" * 100, b"SQLite format 3\x00" + b"\xff" * 200]
)
def test_newsreader_on_a_bad_archive_exits_2_with_one_line(tmp_path: Path, content: bytes) -> None:
    """``newsreader --db BAD`` (the reader's command) never starts the UI or writes the file."""
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    result = CliRunner().invoke(cli, ["--db", str(bad)], obj={})
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("newsreader: ") and result.stderr.count("\n") == 1
    assert str(bad) in result.stderr and "Traceback" not in result.stderr
    assert bad.read_bytes() == content


async def test_resizing_switches_between_wide_and_narrow(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot, app)
        from newsreader.text import cell_width

        assert all(cell_width(line) == 200 for line in screen_text(app).splitlines())
        assert not app.screen.has_class("-narrow")
        await pilot.press("enter")
        await settle(pilot, app)
        await pilot.resize_terminal(80, 24)
        await settle(pilot, app)
        assert app.screen.has_class("-narrow")
        # The pane in use (the reader) is the one shown.
        assert [w.id for w in app.screen.query("#sections, #list, #reader") if w.display] == [
            "reader"
        ]
        await pilot.resize_terminal(120, 40)
        await settle(pilot, app)
        assert all(w.display for w in app.screen.query("#sections, #list, #reader"))


async def test_clicking_a_section_selects_it(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.click("#sections", offset=(2, 1))  # the "Unread" line
        await settle(pilot, app)
        assert app.screen.scope.kind == "unread"
        assert "4 articles · Unread" in app.screen.status.message


async def test_archive_errors_become_a_notification(db_path: Path, monkeypatch) -> None:
    import sqlite3

    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)

        def locked(*args, **kwargs):
            raise sqlite3.OperationalError("database is locked [bold]not markup[/bold]\x1b[2J")

        monkeypatch.setattr(app.archive, "set_starred", locked)
        await pilot.press("s")
        await pilot.pause()
        assert app.is_running
        messages = [n.message for n in app._notifications]
        assert any("database is locked [bold]not markup[/bold]␛[2J" in m for m in messages)
        assert all(not n.markup for n in app._notifications)  # shown literally


async def test_list_ready_is_set_after_the_first_list(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    assert not app.list_ready.is_set()
    async with app.run_test(size=(120, 40)):
        await app.list_ready.wait()
        assert len(app.screen.article_list.ids) == 4


async def test_extra_sections_show_in_the_pane(db_path: Path) -> None:
    from newsreader.models import SectionKey, SectionNode

    app = NewsreaderApp(db_path)
    app.services.settings.extra_sections = lambda archive, query: [
        SectionNode(SectionKey("watch", ("廉政",)), "Watchlist", 2)
    ]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert shows_count(screen_text(app), "Watchlist", "2")


@pytest.mark.parametrize(
    ("width", "panes"), [(99, ["list"]), (100, ["sections", "list", "reader"])]
)
async def test_one_pane_below_100_columns(db_path: Path, width: int, panes: list[str]) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(width, 30)) as pilot:
        await settle(pilot, app)
        shown = [w.id for w in app.screen.query("#sections, #list, #reader") if w.display]
        assert shown == panes
