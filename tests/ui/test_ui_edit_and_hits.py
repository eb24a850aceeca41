"""`e` opens the source at the article's line and reloads in place; `n`/`N` cross results."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from pathlib import Path

import pytest
from ui_helpers import settle, wait_for

from newsreader.archive import Archive
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.editor import editor_command, title_line
from newsreader.ui.screens.main import MainScreen

TRANSCRIPT = """# 《新闻联播》（20240307）

## 详细新闻

### 山区小学开通午餐配送

<!--repaste.body.begin-->

**央视网消息**（新闻联播）：山区小学的午餐配送今天开通，配送车每天清晨出发。

<!--repaste.body.end-->

### 沿江城市试行夜间公交

<!--repaste.body.begin-->

**央视网消息**（新闻联播）：沿江城市试行夜间公交，配送站与公交站合用一处。

<!--repaste.body.end-->

### 高原牧区建成配送网点

<!--repaste.body.begin-->

**央视网消息**（新闻联播）：高原牧区建成第一批配送网点，牧民网购配送不再绕路。配送员说配送路线还会加密。

<!--repaste.body.end-->
"""


def test_editor_command_at_a_line() -> None:
    assert editor_command("a.md", {"EDITOR": "vim"}, line=12) == ["vim", "+12", "a.md"]
    assert editor_command("a.md", {"EDITOR": "/usr/bin/nvim -u NONE"}, line=3) == [
        "/usr/bin/nvim", "-u", "NONE", "+3", "a.md"
    ]  # fmt: skip
    for name in ("vi", "emacs", "nano", "micro", "hx"):
        assert editor_command("a.md", {"EDITOR": name}, line=5) == [name, "+5", "a.md"]
    assert editor_command("a b.md", {"VISUAL": "code --wait"}, line=7) == [
        "code", "--wait", "-g", "a b.md:7"
    ]  # fmt: skip
    # An editor we do not know gets no argument it could misread; no line, no argument.
    assert editor_command("a.md", {"EDITOR": "ed"}, line=5) == ["ed", "a.md"]
    assert editor_command("a.md", {"EDITOR": "vim"}) == ["vim", "a.md"]
    assert editor_command("a.md", {"EDITOR": "vim"}, line=0) == ["vim", "a.md"]


def test_title_line_prefers_the_heading_over_a_mention() -> None:
    text = "# 目录\n\n见 沿江城市试行夜间公交 一文\n\n### 沿江城市试行夜间公交\n\n正文\n"
    assert title_line(text, "沿江城市试行夜间公交") == 5
    assert title_line("开头\n提到 某标题 的段落\n", "某标题") == 2
    assert title_line(TRANSCRIPT, "高原牧区建成配送网点") == 21
    assert title_line(TRANSCRIPT, "不在文中") is None
    assert title_line(TRANSCRIPT, "  ") is None


@pytest.fixture
def transcript_db(tmp_path: Path) -> Path:
    folder = tmp_path / "xwlb"
    folder.mkdir()
    (folder / "20240307.md").write_text(TRANSCRIPT, encoding="utf-8")
    db = tmp_path / "t.db"
    with Archive.open(db) as archive:
        archive.import_paths([str(folder)])
        assert archive.count() == 3
    return db


def main(app: NewsreaderApp) -> MainScreen:
    assert isinstance(app.screen, MainScreen)
    return app.screen


async def test_e_opens_at_the_title_line_and_reloads_in_place(
    transcript_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[list[str]] = []

    def edit(command: list[str], **_: object) -> None:
        calls.append(command)
        path = Path(command[-1])
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("试行夜间公交，", "开通夜间公交线路，"), encoding="utf-8")

    monkeypatch.setenv("EDITOR", "vim")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setattr(subprocess, "run", edit)
    monkeypatch.setattr(shutil, "which", lambda name, **_: f"/usr/bin/{name}")
    monkeypatch.setattr(NewsreaderApp, "suspend", lambda self: contextlib.nullcontext())
    app = NewsreaderApp(transcript_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        titles = [screen.archive.article(i).title for i in screen.article_list.ids]  # type: ignore[union-attr]
        index = titles.index("沿江城市试行夜间公交")
        screen.article_list.move_to(index)
        await pilot.press("enter")
        await settle(pilot, app)
        await pilot.press("e")
        await wait_for(
            pilot,
            lambda: (
                screen.reader.article is not None
                and "开通夜间公交线路" in screen.reader.article.plain_text()
            ),
        )
        await settle(pilot, app)
        assert len(calls) == 1 and calls[0][:2] == ["vim", "+13"]
        assert calls[0][2].endswith("20240307.md")
        # The reader showed the new text (above), and the list stayed on the same row.
        assert screen.article_list.cursor == index
        assert screen.article_list.current_id == screen.reader.article.id  # type: ignore[union-attr]


async def test_n_after_the_last_hit_goes_on_to_the_next_result(transcript_db: Path) -> None:
    app = NewsreaderApp(transcript_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        await pilot.press("slash", *"配送", "enter")
        await settle(pilot, app)
        ids = list(screen.article_list.ids)
        assert len(ids) == 3
        reader = screen.reader
        assert reader.article is not None and reader.article.id == ids[0]
        total = reader.hit_total
        assert total >= 1
        for _ in range(total - 1):
            await pilot.press("n")
        assert reader.current_hit == total - 1 and reader.article.id == ids[0]
        await pilot.press("n")
        await wait_for(pilot, lambda: reader.article is not None and reader.article.id == ids[1])
        await settle(pilot, app)
        assert reader.current_hit == 0
        assert screen.article_list.current_id == ids[1]
        # N at the first hit goes back to the previous result's last hit.
        await pilot.press("N")
        await wait_for(pilot, lambda: reader.article is not None and reader.article.id == ids[0])
        await settle(pilot, app)
        assert reader.current_hit == total - 1


async def test_the_reader_previews_the_row_under_the_cursor(transcript_db: Path) -> None:
    from newsreader.ui.widgets.article_list import ArticleList

    app = NewsreaderApp(transcript_db)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        ids = list(screen.article_list.ids)
        assert screen.reader.article is None
        await pilot.press("j")
        await wait_for(
            pilot, lambda: screen.reader.article is not None and screen.reader.article.id == ids[1]
        )
        await settle(pilot, app)
        assert isinstance(app.focused, ArticleList)  # focus stays in the list
        assert screen.archive.article(ids[1]).read is False  # type: ignore[union-attr]
        # Holding j: only where the cursor rests is shown.
        await pilot.press("j", "k", "j")
        await settle(pilot, app)
        assert screen.reader.article is not None and screen.reader.article.id == ids[2]
