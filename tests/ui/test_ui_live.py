"""Live folders in the running reader, and read-only archives."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_helpers import screen_text, settle

from newsreader.archive import Archive
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.screens.main import MainScreen


def page(date: str, title: str, body: str) -> str:
    return f"---\npublication: 测试日报\ndate: {date}\npage: 第01版\n---\n\n# {title}\n\n{body}\n"


@pytest.fixture
def folder_db(tmp_path: Path) -> tuple[Path, Path]:
    """An archive made by importing a folder of two pages (so the folder is a root)."""
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.md").write_text(page("2023-10-01", "第一篇", "保交楼。"), encoding="utf-8")
    (folder / "b.md").write_text(page("2023-10-02", "第二篇", "安置房。"), encoding="utf-8")
    path = tmp_path / "live.db"
    with Archive.open(path) as archive:
        assert archive.import_paths([str(folder)]).ok
    return path, folder


def main(app: NewsreaderApp) -> MainScreen:
    assert isinstance(app.screen, MainScreen)
    return app.screen


async def test_a_page_written_while_running_appears_keeping_cursor_and_article(
    folder_db: tuple[Path, Path],
) -> None:
    db_path, folder = folder_db
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        assert screen.live is not None
        assert len(screen.article_list.ids) == 2
        await pilot.press("j", "enter")  # read the second article of the list
        await settle(pilot, app)
        reading = screen.reader.article.id
        new = folder / "c.md"
        new.write_text(page("2023-10-03", "第三篇新闻", "回迁。"), encoding="utf-8")
        for attempt in range(400):  # bounded: about 20 s at most on a loaded machine
            if len(screen.article_list.ids) == 3:
                break
            if attempt % 100 == 99:  # a write between the first scan and the watch
                new.write_text(page("2023-10-03", "第三篇新闻", "回迁。"), encoding="utf-8")
            await pilot.pause(0.05)
        await settle(pilot, app)
        assert len(screen.article_list.ids) == 3
        assert "第三篇新闻" in screen_text(app)
        # The article being read and the cursor's article did not move.
        assert screen.reader.article is not None and screen.reader.article.id == reading
        assert screen.article_list.current_id == reading
        assert any("1 page imported" in n.message for n in app._notifications)
        assert screen.title_bar.total == 3  # the sections and counts were refreshed
    assert not screen.live.thread.is_alive()  # stopped with the app


async def test_no_watching_without_roots(empty_db: Path) -> None:
    app = NewsreaderApp(empty_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert main(app).live is None


async def test_read_only_archive(folder_db: tuple[Path, Path]) -> None:
    db_path, _folder = folder_db
    app = NewsreaderApp(db_path, read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        assert screen.live is None  # never writes, so never imports
        assert "read-only" in screen_text(app).splitlines()[0]
        first = screen.article_list.current_id
        await pilot.press("enter")  # reading does not mark read
        await settle(pilot, app)
        assert screen.reader.article is not None and screen.reader.article.id == first
        for key in ("s", "u", "r"):
            await pilot.press(key)
            await settle(pilot, app)
        notices = [n.message for n in app._notifications]
        assert sum("read-only" in m for m in notices) == 3
        assert not any(n.severity == "error" for n in app._notifications)
    with Archive.open(db_path) as archive:
        article = archive.article(first)
        assert article is not None and not article.read and not article.starred
        assert archive.get_setting("ui.state", None) is None  # nothing saved either


async def test_articles_an_interrupted_import_left_unindexed_are_indexed_at_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.md").write_text(page("2023-10-01", "第一篇", "保交楼。"), encoding="utf-8")
    db_path = tmp_path / "queued.db"
    with Archive.open(db_path) as archive, monkeypatch.context() as patch:
        # The import "dies" after storing: its article waits in the queue.
        patch.setattr(Archive, "index_pending", lambda self, *args, **kwargs: 0)
        assert archive.import_paths([str(folder)]).ok
        assert archive.pending_index() == 1
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await app.workers.wait_for_complete()
        with Archive.open(db_path) as archive:
            assert archive.pending_index() == 0
            assert archive.search("保交楼").total == 1
        await pilot.press("slash", *"保交楼")
        await settle(pilot, app)
        assert len(main(app).article_list.ids) == 1
