"""The virtual list on its own: rows are fetched by id pages, only when visible."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import App, ComposeResult

from newsreader.models import ArticleRow, Hit
from newsreader.text import cell_width
from newsreader.ui.widgets.article_list import PAGE_SIZE, ArticleList

N = 100_000


class ListApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.fetched: list[list[int]] = []
        self.opened: list[int] = []

    def fetch(self, ids: Sequence[int], query: str) -> list[ArticleRow | Hit]:
        self.fetched.append(list(ids))
        if query:
            return [
                Hit(
                    i,
                    f"标题{i}",
                    "2024-01-01",
                    "要闻",
                    "",
                    "",
                    f"摘要{i}保交楼",
                    ((4, 7),),
                    (),
                    2,
                    1.0,
                )
                for i in ids
            ]
        return [
            ArticleRow(i, f"标题{i}", "2024-01-01", "要闻", "", "", "记者", i % 2 == 0, i % 3 == 0)
            for i in ids
        ]

    def compose(self) -> ComposeResult:
        self.lst = ArticleList(self.fetch)
        yield self.lst

    def on_mount(self) -> None:
        self.lst.show(range(N, 0, -1), "")
        self.lst.focus()

    def on_article_list_opened(self, event: ArticleList.Opened) -> None:
        self.opened.append(event.article_id)


async def test_only_visible_pages_are_fetched() -> None:
    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.fetched == [list(range(N, N - PAGE_SIZE, -1))]
        await pilot.press("G")
        await pilot.pause()
        assert app.lst.cursor == N - 1
        assert len(app.fetched) == 2 and app.fetched[-1][-1] == 1
        assert sum(len(ids) for ids in app.fetched) <= 2 * PAGE_SIZE
        await pilot.press("g", "j", "j", "enter")
        await pilot.pause()
        assert app.opened == [N - 2]
        assert len(app.fetched) <= 3  # the first page again at most (LRU)


async def test_query_rows_are_two_lines_with_snippet_and_count() -> None:
    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.lst.show([5, 4, 3], "保交楼")
        await pilot.pause()
        assert app.lst.row_height == 2
        assert app.lst.virtual_size.height == 6
        line1 = "".join(s.text for s in app.lst.render_line(1))
        assert "摘要5保交楼" in line1 and "2 hits" in line1
        line0 = "".join(s.text for s in app.lst.render_line(0))
        assert "标题5" in line0


async def test_star_and_unread_marks_are_drawn() -> None:
    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # Row 0 is id N (100000): divisible by 2 (read) but not by 3 (not starred).
        first = "".join(s.text for s in app.lst.render_line(0))
        assert not first.startswith("★")
        app.lst.set_marks(N, read=False, starred=True)
        await pilot.pause()
        segments = list(app.lst.render_line(0))
        assert "".join(s.text for s in segments).startswith("★")
        title = next(s for s in segments if "标题" in s.text)
        assert title.style is not None and title.style.bold  # unread is bold


async def test_cursor_deep_in_the_list_is_scrolled_into_view() -> None:
    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.lst.show(range(N, 0, -1), "", cursor_id=N - 5000)
        await pilot.pause()
        lst = app.lst
        assert lst.cursor == 5000
        top = lst.scroll_offset.y
        assert top <= 5000 < top + lst.scrollable_content_region.height
        # Only the pages around the cursor were fetched, not the 5,000 rows before it.
        assert sum(len(ids) for ids in app.fetched) <= 3 * PAGE_SIZE
        assert all(ids[0] >= N - 5000 for ids in app.fetched[1:])


async def test_a_row_shows_title_date_section_and_first_reporter() -> None:
    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # Row 0 is id N (read), row 1 is N - 1 (unread).
        read_row, unread_row = list(app.lst.render_line(0)), list(app.lst.render_line(1))
        text = "".join(s.text for s in read_row)
        assert text.startswith(f"  标题{N}")
        assert text.rstrip().endswith("2024-01-01  要闻  记者")
        assert cell_width(text) == app.lst.scrollable_content_region.width

        def title_style(segments):  # type: ignore[no-untyped-def]
            return next(s.style for s in segments if "标题" in s.text)

        assert not title_style(read_row).bold
        assert title_style(unread_row).bold


async def test_meta_drops_reporter_then_section_when_narrow() -> None:
    app = ListApp()
    async with app.run_test(size=(30, 10)) as pilot:
        await pilot.pause()
        text = "".join(s.text for s in app.lst.render_line(0))
        assert "2024-01-01" in text and "记者" not in text


def test_a_column_prefix_moves_after_the_title_with_its_hits() -> None:
    from newsreader.ui.widgets.article_list import column_last

    title = "【奋力开创】 沿江城市试行"
    moved, spans, start = column_last(title, [(1, 3), (7, 9), (3, 8)])
    assert moved == "沿江城市试行 【奋力开创】" and moved[start:] == "【奋力开创】"
    assert [moved[s:e] for s, e in spans] == ["奋力", "沿江", "开创】", "沿"]
    assert column_last("普通标题", [(0, 2)]) == ("普通标题", ((0, 2),), -1)
    assert column_last("【只有栏目】") == ("【只有栏目】", (), -1)


def test_dates_line_up_with_and_without_a_section() -> None:
    from newsreader.models import ArticleRow
    from newsreader.ui.widgets.article_list import ArticleList, RowData

    def row(section: str) -> RowData:
        return RowData.of(ArticleRow(1, "标题", "2024-03-07", section, "", "", "", False, False))

    with_section = ArticleList._meta(row("要闻"), 40)
    without = ArticleList._meta(row(""), 40)
    assert with_section.index("2024-03-07") == without.index("2024-03-07") == 0
    from newsreader.text import cell_width

    assert cell_width(with_section) == cell_width(without) == 26
