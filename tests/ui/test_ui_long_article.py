"""A long article is prepared on a thread: keys keep working, and nothing stale lands.

The thread's layout is held at a gate, so "the UI answered while the article
was being laid out" is a fact the test arranges, not a race it hopes to win.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from ui_helpers import screen_text, settle, wait_for

from newsreader.archive import Archive
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.render.document import Block, DocLine, find_line
from newsreader.ui.widgets import reader as reader_module
from newsreader.ui.widgets.reader import LARGE_ARTICLE_CHARS

PHRASE = "保交楼的进展顺利，"
REPEATS = LARGE_ARTICLE_CHARS // len(PHRASE) + 2_000


@pytest.fixture
def long_db(tmp_path: Path) -> Path:
    """An archive with one article longer than LARGE_ARTICLE_CHARS and one short one."""
    page = (
        "---\npublication: 测试日报\ndate: 2024-01-02\npage: 第01版\n---\n\n"
        f"# 长文章\n\n{PHRASE * REPEATS}\n\n# 短文章\n\n短的正文。\n"
    )
    (tmp_path / "long.md").write_text(page, encoding="utf-8")
    path = tmp_path / "long.db"
    with Archive.open(path) as archive:
        assert archive.import_paths([str(tmp_path / "long.md")]).ok
    return path


class Gate:
    """Holds the layout of long articles on the preparing thread until opened."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.opened = threading.Event()
        self.left = threading.Event()
        self.threads: set[str] = set()

    def layout(self, blocks: Sequence[Block], width: int) -> list[DocLine]:
        if sum(len(block.text) for block in blocks) > LARGE_ARTICLE_CHARS:
            self.threads.add(threading.current_thread().name)
            self.entered.set()
            assert self.opened.wait(20), "the test never opened the gate"
            try:
                return self.real(blocks, width)
            finally:
                self.left.set()
        return self.real(blocks, width)

    real = staticmethod(reader_module.layout)


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    held = Gate()
    monkeypatch.setattr(reader_module, "layout", held.layout)
    yield held
    held.opened.set()  # never leave a thread waiting


def article_id(app: NewsreaderApp, title: str) -> int:
    rows = app.archive.rows(app.archive.list_ids())
    return next(row.id for row in rows if row.title == title)


async def test_keys_work_while_a_long_article_is_laid_out(long_db: Path, gate: Gate) -> None:
    app = NewsreaderApp(long_db, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        screen.search_box.value = "保交楼"
        await settle(pilot, app)
        screen.open_article(article_id(app, "长文章"))
        await wait_for(pilot, gate.entered.is_set)
        reader = screen.reader
        assert reader.preparing
        assert "长文章" in screen_text(app) and "Laying out" in screen_text(app)
        assert threading.main_thread().name not in gate.threads

        await pilot.press("slash")  # answered while the layout is held
        assert app.focused is screen.search_box

        gate.opened.set()
        await wait_for(pilot, lambda: not reader.preparing)
        assert reader.hit_total == REPEATS
        assert reader.current_hit == 0
        assert len(reader.lines) > 1_000
        await pilot.pause()
        assert f"hit 1/{REPEATS:,}" in screen_text(app) or f"hit 1/{REPEATS}" in screen_text(app)
        assert "Laying out" not in screen_text(app)


async def test_an_article_opened_meanwhile_is_not_replaced(long_db: Path, gate: Gate) -> None:
    app = NewsreaderApp(long_db, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        screen.open_article(article_id(app, "长文章"))
        await wait_for(pilot, gate.entered.is_set)
        screen.open_article(article_id(app, "短文章"))
        gate.opened.set()
        await wait_for(pilot, gate.left.is_set)  # the long layout is done: its result lands
        await pilot.pause(0.2)
        reader = screen.reader
        assert reader.article is not None and reader.article.title == "短文章"
        assert not reader.preparing
        assert [line.text for line in reader.lines if line.role == "paragraph"] == ["短的正文。"]


async def test_a_long_article_opens_at_the_restored_line(long_db: Path, gate: Gate) -> None:
    gate.opened.set()
    app = NewsreaderApp(long_db, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        screen.open_article(article_id(app, "长文章"), scroll=300)
        # The keyword chips' line is kept while it is prepared: no second layout.
        await wait_for(pilot, lambda: not screen.reader.preparing)
        await pilot.pause()
        assert screen.reader.scroll_y == 300


async def test_resizing_a_long_article_keeps_the_reading_place(long_db: Path, gate: Gate) -> None:
    gate.opened.set()
    app = NewsreaderApp(long_db, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        reader = screen.reader
        screen.open_article(article_id(app, "长文章"))
        await wait_for(pilot, lambda: not reader.preparing)
        reader.scroll_to(y=1_000, animate=False, immediate=True, force=True)
        await pilot.pause()
        before = reader.lines[1_000]
        width = reader.scrollable_content_region.width
        await pilot.resize_terminal(160, 40)
        await wait_for(pilot, lambda: reader.scrollable_content_region.width != width)
        await wait_for(pilot, lambda: not reader.preparing and reader.lines[1_000] != before)
        await pilot.pause()
        top = int(reader.scroll_y)
        assert top == find_line(reader.lines, before.block, before.start)
        line = reader.lines[top]
        assert line.start <= before.start < line.start + len(line.text)


async def test_a_failure_on_the_thread_is_shown_not_left_laying_out(
    long_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(blocks: Sequence[Block], width: int) -> list[DocLine]:
        if sum(len(block.text) for block in blocks) > LARGE_ARTICLE_CHARS:
            raise ValueError("no room\x1b[2J")
        return Gate.real(blocks, width)

    monkeypatch.setattr(reader_module, "layout", broken)
    app = NewsreaderApp(long_db, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        screen.open_article(article_id(app, "长文章"))
        await wait_for(pilot, lambda: not screen.reader.preparing)
        await pilot.pause()
        notice = [line.text for line in screen.reader.lines if line.role == "meta"]
        assert notice == ["Could not lay out this article: ValueError: no room␛[2J"]
        text = screen_text(app)
        assert "Could not lay out" in text and "Laying out" not in text
