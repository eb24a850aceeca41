"""The config file in the running app: problems, theme, keymap, sort, pane widths."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_helpers import settle

from newsreader.ui.app import NewsreaderApp
from newsreader.ui.screens.main import MainScreen
from newsreader.ui.settings import binding_ids, keymap_problems


def main(app: NewsreaderApp) -> MainScreen:
    assert isinstance(app.screen, MainScreen)
    return app.screen


def messages(app: NewsreaderApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_bad_toml_still_starts_with_defaults_and_says_which_line(
    db_path: Path, config_file: Path
) -> None:
    config_file.write_text('theme = "nord"\n\n[panes\nsections = 20\n', encoding="utf-8")
    app = NewsreaderApp(db_path, config_path=config_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert len(main(app).article_list.ids) == 4  # the app works
        notes = messages(app)
        assert any("line 3" in m and "using the defaults" in m for m in notes), notes
        assert app.theme == "newsreader-dark"  # the broken file's theme was not used
        assert all(not n.markup for n in app._notifications)


async def test_missing_config_means_defaults_and_no_notice(
    db_path: Path, config_file: Path
) -> None:
    assert not config_file.exists()
    app = NewsreaderApp(db_path)  # the default path: NEWSREADER_CONFIG (the fixture)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert app.config_path == config_file
        assert not [m for m in messages(app) if "config" in m.lower()]
        assert app.config.watch_groups  # the template's watch group


async def test_theme_sort_and_pane_widths_are_applied(db_path: Path, config_file: Path) -> None:
    config_file.write_text(
        'theme = "nord"\ndefault_sort = "date"\n[panes]\nsections = 30\nlist = 20\n',
        encoding="utf-8",
    )
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        assert app.theme == "nord"
        assert main(app).sort == "date"
        assert app.screen.query_one("#sections").outer_size.width == 30
        assert app.screen.query_one("#list").outer_size.width == 20


async def test_saved_sort_wins_over_the_default_sort(db_path: Path, config_file: Path) -> None:
    config_file.write_text('default_sort = "date"\n', encoding="utf-8")
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("o")  # date -> rank, saved in the archive
        await settle(pilot, app)
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert main(app).sort == "rank"


async def test_unknown_theme_is_reported(db_path: Path, config_file: Path) -> None:
    config_file.write_text('theme = "no-such-theme"\n', encoding="utf-8")
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert any("no-such-theme" in m for m in messages(app))
        assert app.theme == "newsreader-dark"


async def test_keymap_remap_new_key_works_old_key_does_not(
    db_path: Path, config_file: Path
) -> None:
    config_file.write_text('[keymap]\nstar = "x"\nno-such-binding = "z"\n', encoding="utf-8")
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert any("no-such-binding" in m for m in messages(app))
        screen = main(app)
        first, second = screen.article_list.ids[:2]
        await pilot.press("s")  # no longer star
        await settle(pilot, app)
        assert not screen.archive.article(first).starred
        await pilot.press("x")
        await settle(pilot, app)
        assert screen.archive.article(first).starred
        await pilot.press("j", "x")
        await settle(pilot, app)
        assert screen.archive.article(second).starred


def test_keymap_problems_name_only_unknown_ids() -> None:
    assert {"star", "quit", "cursor-down", "next-watched", "trend"} <= binding_ids()
    assert keymap_problems({"star": "x", "quit": "ctrl+q"}) == []
    problems = keymap_problems({"star": "x", "stra": "y"})
    assert len(problems) == 1 and "'stra'" in problems[0]


def test_config_option_reaches_the_reader(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``newsreader --config PATH`` opens the reader on PATH, not $NEWSREADER_CONFIG."""
    from click.testing import CliRunner

    import newsreader.ui.app as app_module
    from newsreader.cli.main import cli

    own = tmp_path / "elsewhere.toml"
    own.write_text('[[watchlist]]\nname = "住房"\ncolour = "green"\nwords = ["保交楼"]\n', "utf-8")
    started: list[NewsreaderApp] = []

    def fake_run_app(db: Path, *, config_path: Path | None = None, read_only: bool = False) -> int:
        started.append(NewsreaderApp(db, config_path=config_path, read_only=read_only))
        return 0

    monkeypatch.setattr(app_module, "run_app", fake_run_app)
    result = CliRunner().invoke(cli, ["--db", str(db_path), "--config", str(own)])
    assert result.exit_code == 0, result.output
    (app,) = started
    assert app.config_path == own
    assert [(g.name, g.words) for g in app.config.watch_groups] == [("住房", ("保交楼",))]
