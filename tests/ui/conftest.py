"""Fixtures for the reader's Pilot and snapshot tests.

Every test gets its own copy of an archive built once from the sample page,
so marks and settings written by one test never leak into another.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Input

from newsreader.archive import Archive

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"

HOSTILE_PAGE = (
    "---\n"
    "publication: 测试日报\n"
    "date: 2024-01-02\n"
    "page: 第01版\n"
    "---\n\n"
    "# 清屏\x1b[2J标题 [bold red]不是样式[/bold red]\n\n"
    "本报讯 正文开始\x1b[2J清屏之后\x1b]52;c;aGk=\x07剪贴板之后\x9b31m单字节CSI"
    " [bold red]字面[/bold red] 保交楼 结束。\n\n"
    "第二段\x07响铃\x1b[31m红色。\n\n"
    "记者 张三\n"
)


@pytest.fixture(autouse=True)
def _no_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor makes screenshots depend on timing: freeze it on."""
    monkeypatch.setattr(Input, "cursor_blink", False)


@pytest.fixture(autouse=True)
def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never read or write the developer's own config: each test has a missing one
    (the defaults) at ``tmp_path / "config.toml"`` unless it writes that file."""
    path = tmp_path / "config.toml"
    monkeypatch.setenv("NEWSREADER_CONFIG", str(path))
    return path


@pytest.fixture(scope="session")
def _sample_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "sample.db"
    with Archive.open(path) as archive:
        report = archive.import_paths([str(CONTENT)])
        assert report.ok and archive.count() == 4
    return path


@pytest.fixture
def db_path(tmp_path: Path, _sample_template: Path) -> Path:
    """A private copy of the archive holding the four articles of the sample page."""
    path = tmp_path / "sample.db"
    shutil.copy(_sample_template, path)
    return path


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    path = tmp_path / "empty.db"
    Archive.open(path).close()
    return path


@pytest.fixture
def hostile_db(tmp_path: Path) -> Path:
    """An archive whose one article carries escape sequences and markup-like text."""
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "hostile.md").write_bytes(HOSTILE_PAGE.encode("utf-8"))
    path = tmp_path / "hostile.db"
    with Archive.open(path) as archive:
        archive.import_paths([str(pages)])
    return path


@pytest.fixture
def copied(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Texts the app sent to the clipboard (OSC 52), instead of the terminal."""
    texts: list[str] = []
    monkeypatch.setattr(App, "copy_to_clipboard", lambda self, text: texts.append(text))
    yield texts
