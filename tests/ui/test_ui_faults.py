"""The reader's answers to faults (issue 16): one notice, and the reader goes on."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.drivers.headless_driver import HeadlessDriver
from textual.pilot import Pilot
from ui_helpers import screen_text, settle

from newsreader.archive import Archive
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.editor import editor_command, open_in_editor
from newsreader.ui.screens.main import MainScreen


class _Terminal:
    """Counts the driver's suspends and resumes, with suspending allowed.

    Textual's headless driver cannot suspend (``App.suspend`` raises), so the
    path that froze the reader is reached by letting it: a real terminal
    driver would stay in the suspended state after an unmatched suspend.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.suspended = self.resumed = 0
        monkeypatch.setattr(HeadlessDriver, "can_suspend", property(lambda _: True))
        monkeypatch.setattr(HeadlessDriver, "suspend_application_mode", self._suspend)
        monkeypatch.setattr(HeadlessDriver, "resume_application_mode", self._resume)

    def _suspend(self, *_driver: object) -> None:
        self.suspended += 1

    def _resume(self, *_driver: object) -> None:
        self.resumed += 1


def _messages(app: NewsreaderApp) -> list[str]:
    return [n.message for n in app._notifications]


async def _press_e(app: NewsreaderApp) -> list[str]:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        before = len(_messages(app))
        await pilot.press("e")
        await pilot.pause()
        notices = _messages(app)[before:]
        # Still answering keys: the cursor moves.
        moved_from = app.screen.article_list.cursor  # type: ignore[attr-defined]
        await pilot.press("j")
        await pilot.pause()
        assert app.screen.article_list.cursor == moved_from + 1  # type: ignore[attr-defined]
    return notices


async def test_a_missing_editor_is_one_notice_and_the_reader_goes_on(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal = _Terminal(monkeypatch)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "/nonexistent/editor")
    notices = await _press_e(NewsreaderApp(db_path))
    assert terminal.suspended == terminal.resumed
    assert len(notices) == 1
    assert "/nonexistent/editor" in notices[0] and "not found" in notices[0]


async def test_an_editor_that_fails_to_start_resumes_the_reader(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found on disk but not a program: the start fails while suspended."""
    editor = tmp_path / "editor"
    editor.write_bytes(b"\x00\x01\x02 not a program")
    editor.chmod(0o755)
    terminal = _Terminal(monkeypatch)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(editor))
    notices = await _press_e(NewsreaderApp(db_path))
    assert terminal.suspended == terminal.resumed == 1
    assert len(notices) == 1 and "Could not run" in notices[0]
    assert "\n" not in notices[0]


async def test_a_working_editor_runs_between_suspend_and_resume(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "opened"
    editor = tmp_path / "editor"
    editor.write_text(f'#!/bin/sh\nprintf "%s" "$1" > "{log}"\n')
    editor.chmod(0o755)
    terminal = _Terminal(monkeypatch)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(editor))
    notices = await _press_e(NewsreaderApp(db_path))
    assert terminal.suspended == terminal.resumed == 1
    assert log.read_text().endswith(".md")
    assert notices == ["Reloading the edited file…"]  # re-imported in place after the edit


def test_no_editor_and_no_vi_on_path(tmp_path: Path) -> None:
    """Without $EDITOR the command is vi; a PATH without vi is reported, not run."""
    environ = {"PATH": str(tmp_path)}
    assert editor_command("x.md", environ) == ["vi", "x.md"]

    class Unused:
        def suspend(self) -> None:
            raise AssertionError("suspended for an editor that does not exist")

    outcome = open_in_editor(Unused(), "x.md", environ)  # type: ignore[arg-type]
    assert outcome.severity == "error"
    assert outcome.message == "Cannot open an editor: vi was not found (set $EDITOR)"


async def test_a_damaged_archive_is_a_notice_not_an_empty_list(db_path: Path) -> None:
    """The articles table dropped: the reader names the damage and what to run."""
    conn = sqlite3.connect(db_path)
    conn.execute("DROP TABLE articles")
    conn.commit()
    conn.close()
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        damaged = [m for m in _messages(app) if "damaged" in m]
        assert damaged and all("newsreader doctor" in m for m in damaged)
        text = screen_text(app)
        assert "(damaged)" in text.splitlines()[0]
        assert "the archive is" in text  # the message, where the list would be


async def _until(pilot: Pilot, condition: Callable[[], bool], seconds: float = 20.0) -> bool:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return True
        await pilot.pause(0.05)
    return condition()


PAGE = "---\npublication: 测试日报\ndate: 2023-10-0{n}\n---\n\n# 第{n}篇新闻\n\n本报讯 正文{n}。\n"


async def test_live_folders_take_names_that_are_not_utf8(tmp_path: Path) -> None:
    """A watched folder named in GBK, and a GBK-named page appearing in it while
    the reader runs: imported, and the reader goes on watching."""
    folder = os.fsencode(tmp_path) + b"/" + "新闻".encode("gbk")
    os.mkdir(folder)
    with open(folder + b"/a.md", "w", encoding="utf-8") as handle:
        handle.write(PAGE.format(n=1))
    db_path = tmp_path / "live.db"
    with Archive.open(db_path) as archive:
        assert archive.import_paths([os.fsdecode(folder)]).ok
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.live is not None
        with open(folder + b"/" + "经济新闻.md".encode("gbk"), "w", encoding="utf-8") as handle:
            handle.write(PAGE.format(n=2))
        assert await _until(pilot, lambda: len(screen.article_list.ids) == 2)
        with open(folder + b"/c.md", "w", encoding="utf-8") as handle:
            handle.write(PAGE.format(n=3))
        assert await _until(pilot, lambda: len(screen.article_list.ids) == 3)
        assert screen.live.thread.is_alive()
        assert not any(n.severity == "error" for n in app._notifications)


async def test_a_watched_folder_that_disappears_keeps_its_articles(tmp_path: Path) -> None:
    folder = tmp_path / "share"
    folder.mkdir()
    for n in (1, 2):
        (folder / f"{n}.md").write_text(PAGE.format(n=n), encoding="utf-8")
    db_path = tmp_path / "live.db"
    with Archive.open(db_path) as archive:
        assert archive.import_paths([folder]).ok
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        shutil.rmtree(folder)
        assert await _until(pilot, lambda: any("gone" in m for m in _messages(app)))
        await settle(pilot, app)
        assert len(app.screen.article_list.ids) == 2  # type: ignore[attr-defined]
        (notice,) = [m for m in _messages(app) if "gone" in m]
        assert notice == f"{folder}: the watched folder is gone; its articles are kept"
        assert not any("imported" in m or "failed" in m for m in _messages(app))  # one line


async def test_y_copies_control_characters_made_visible(
    hostile_db: Path, copied: list[str]
) -> None:
    """ESC, BEL and C1 controls from the article never reach the clipboard raw."""
    app = NewsreaderApp(hostile_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("y")
        await pilot.pause()
    (text,) = copied
    assert not any(ch in text for ch in "\x1b\x07\x9b")
    assert "清屏␛[2J标题" in text and "第二段␇响铃" in text
    assert "\n\n" in text  # paragraphs stay paragraphs
