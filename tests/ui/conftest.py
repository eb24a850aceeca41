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


#: Two editions of one paper. Searching 保交楼 finds the older article first by
#: rank (its title and body repeat the term) and the newer one first by date.
EDITION_PAGES = {
    "old.md": (
        "---\npublication: 郑州日报\ndate: 2023-10-24\nsection: 第01版\nsection_name: 要闻\n---\n\n"
        "# 保交楼专题：全力保交楼\n\n本报讯 保交楼，保交楼，还是保交楼。保交楼工作稳步推进。\n\n"
        "记者 甲某\n\n"
        "# 市区新建公园开放\n\n本报讯 市区新建公园正式开放。\n\n记者 乙某\n"
    ),
    "new.md": (
        "---\npublication: 郑州日报\ndate: 2023-10-25\nsection: 第02版\nsection_name: 民生\n---\n\n"
        "# 安置房如期交付\n\n本报讯 安置房如期交付，文中也提到保交楼一次。\n\n记者 丙某\n"
    ),
}


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


@pytest.fixture
def editions_db(tmp_path: Path) -> Path:
    """Three articles on two dated pages (``EDITION_PAGES``)."""
    pages = tmp_path / "editions"
    pages.mkdir()
    for name, text in EDITION_PAGES.items():
        (pages / name).write_text(text, encoding="utf-8")
    path = tmp_path / "editions.db"
    with Archive.open(path) as archive:
        assert archive.import_paths([str(pages)]).ok and archive.count() == 3
    return path
