"""A big archive paints its newest rows first, then every id; nothing is lost on the way."""

from __future__ import annotations

from pathlib import Path

from ui_helpers import settle

from newsreader import Archive
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.screens.main import FIRST_PAINT_ROWS


def big_archive(tmp_path: Path) -> Path:
    """More articles than the first paint fetches, one dated page per day."""
    folder = tmp_path / "pages"
    folder.mkdir()
    days = FIRST_PAINT_ROWS // 2 + 20
    for n in range(days):
        day = f"2023-{1 + n // 28:02d}-{1 + n % 28:02d}"
        body = "\n".join(f"## {day}第{k}条\n\n本报讯 正文{n}-{k}。\n" for k in range(2))
        (folder / f"{day}.md").write_text(f"---\ndate: {day}\n---\n{body}", encoding="utf-8")
    db = tmp_path / "big.db"
    with Archive.open(db) as archive:
        assert archive.import_paths([folder]).ok
    return db


async def test_every_id_arrives_and_an_old_article_comes_back(tmp_path: Path) -> None:
    db = big_archive(tmp_path)
    with Archive.open(db) as archive:
        total = archive.count()
        oldest = archive.list_ids()[-1]
    assert total > FIRST_PAINT_ROWS
    app = NewsreaderApp(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        assert len(screen.article_list.ids) == total
        await pilot.press("G", "enter")  # the oldest article, beyond the first paint
        await settle(pilot, app)
        assert screen.reader.article is not None and screen.reader.article.id == oldest
        await pilot.press("q")
    app = NewsreaderApp(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        assert len(screen.article_list.ids) == total
        assert screen.reader.article is not None and screen.reader.article.id == oldest
        assert screen.article_list.current_id == oldest
