"""The reader: layout of an article, highlights, the current hit and n/N."""

from __future__ import annotations

from pathlib import Path

from ui_helpers import screen_text, settle

from newsreader.models import Article, Byline, MatchSpan
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.render.document import article_blocks, hit_line_numbers, layout
from newsreader.ui.render.wrap import CLOSING, OPENING
from newsreader.ui.screens.main import MainScreen

ARTICLE = Article(
    id=7,
    source="x.md",
    position=0,
    title="保交楼工作推进会召开",
    level=1,
    section="要闻",
    page="第02版",
    publication="郑州日报",
    date="2023-10-25",
    dateline="本报讯",
    paragraphs=("千方百计保交楼，全力以赴稳民生。", "第二段没有。"),
    bylines=(Byline("记者", "孙庆辉"), Byline("通讯员", "张慧丽")),
    url="https://example.com/a",
)


def test_blocks_in_reading_order_with_hits_placed_and_numbered() -> None:
    spans = [
        MatchSpan("paragraph", 0, 4, 7),
        MatchSpan("title", 0, 0, 3),
        MatchSpan("section", 0, 0, 2),
        MatchSpan("byline", 1, 4, 7),
    ]
    blocks, total = article_blocks(ARTICLE, spans)
    assert total == 4
    assert [b.role for b in blocks] == [
        "title", "meta", "dateline", "paragraph", "paragraph", "byline", "url"
    ]  # fmt: skip
    title, meta, _dl, para, _p2, byline, _url = blocks
    assert title.hits == ((0, 3, 0),)
    assert meta.text == "2023-10-25 · 郑州日报 · 第02版 · 要闻"
    s, e, k = meta.hits[0]
    assert meta.text[s:e] == "要闻" and k == 1
    assert para.text[para.hits[0][0] : para.hits[0][1]] == "保交楼" and para.hits[0][2] == 2
    assert byline.text == "记者 孙庆辉  通讯员 张慧丽"
    s, e, k = byline.hits[0]
    assert byline.text[s:e] == "张慧丽" and k == 3


def test_a_hit_split_by_a_line_break_stays_one_hit() -> None:
    article = ARTICLE.__class__(**{**_fields(ARTICLE), "paragraphs": ("一二三四保交楼五六",)})
    blocks, total = article_blocks(article, [MatchSpan("paragraph", 0, 4, 7)])
    lines = layout(blocks, 10)  # five wide chars per line: 保 ends line one
    pieces = [(line.text[s:e], k) for line in lines for s, e, k in line.hits]
    assert pieces == [("保", 0), ("交楼", 0)]
    assert total == 1
    assert hit_line_numbers(lines)[0] == next(i for i, ln in enumerate(lines) if ln.hits)


def _fields(article: Article) -> dict:
    return {name: getattr(article, name) for name in article.__slots__}


def test_layout_respects_punctuation_rules() -> None:
    text = "张红军指出，开展警示教育是全面从严治党的一项基础性工作。要以案为鉴，保持清醒（一）。"
    article = ARTICLE.__class__(**{**_fields(ARTICLE), "paragraphs": (text,)})
    blocks, _ = article_blocks(article)
    for width in range(8, 30):
        para = [ln.text for ln in layout(blocks, width) if ln.role == "paragraph"]
        assert "".join(para) == text
        assert all(line[0] not in CLOSING for line in para[1:])
        assert all(line[-1] not in OPENING for line in para[:-1])


async def test_highlights_and_n_N_move_the_current_hit(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.press("slash", *"保交楼", "enter")
        await settle(pilot, app)
        reader = screen.reader
        total = reader.hit_total
        assert total >= 3
        assert screen.status.hits == f"hit 1/{total}"
        assert all(ln.text[s:e] in "保交楼" for ln in reader.lines for s, e, _ in ln.hits)
        await pilot.press("n", "n")
        assert reader.current_hit == 2
        assert screen.status.hits == f"hit 3/{total}"
        await pilot.press("N")
        assert screen.status.hits == f"hit 2/{total}"
        await pilot.press("N", "N")  # wraps around to the last
        assert screen.status.hits == f"hit {total}/{total}"
        # The current hit is drawn differently from the other matches.
        current_style = reader.get_component_rich_style("reader--current", partial=True)
        match_style = reader.get_component_rich_style("reader--match", partial=True)
        assert current_style != match_style
        # n scrolls the current hit into view.
        line = [i for i, ln in enumerate(reader.lines) if any(k == total - 1 for *_, k in ln.hits)]
        assert reader.scroll_y <= line[0] < reader.scroll_y + reader.size.height


async def test_highlight_segments_carry_the_match_style(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"保交楼", "enter")
        await settle(pilot, app)
        reader = app.screen.reader
        match_bg = reader.get_component_rich_style("reader--match", partial=True).bgcolor
        current_bg = reader.get_component_rich_style("reader--current", partial=True).bgcolor
        styled: dict[str, set] = {}
        for y in range(reader.size.height):
            for segment in reader.render_line(y):
                if segment.style and segment.style.bgcolor in (match_bg, current_bg):
                    styled.setdefault(segment.text, set()).add(segment.style.bgcolor)
        assert set(styled) <= {"保交楼", "保", "交", "楼", "交楼", "保交"}
        assert {match_bg, current_bg} <= set().union(*styled.values()), styled
        # In the list, the snippet's matches are highlighted too (line 2 of the row).
        lst = app.screen.article_list
        list_match = lst.get_component_rich_style("article-list--match", partial=True)
        line = list(lst.render_line(1))
        texts = [s.text for s in line if s.style and s.style.bgcolor == list_match.bgcolor]
        assert texts and all(t in "保交楼" for t in texts), line


async def test_reader_shows_title_meta_bylines_dim(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        reader = app.screen.reader
        roles = [ln.role for ln in reader.lines]
        assert roles[0] == "title" and "paragraph" in roles and roles[-1] == "byline"
        assert "记者 孙庆辉" in reader.lines[-1].text
        byline = reader.get_component_rich_style("reader--byline", partial=True)
        assert byline.color is not None and byline.color != reader.rich_style.color
        text = screen_text(app)
        assert "郑州高新区党纪教育警示大会召开" in text


def test_marker_marks_words_across_line_breaks() -> None:
    def marker(text: str) -> list[tuple[int, int, str]]:
        at = text.find("保交楼")
        return [(at, at + 3, "bold red")] if at >= 0 else []

    blocks, total = article_blocks(ARTICLE, [], marker)
    assert total == 0
    assert blocks[0].marks == ((0, 3, "bold red"),)
    assert blocks[-1].role == "url" and blocks[-1].marks == ()
    lines = layout(blocks, 4)  # "保交" | "楼工" ...: the mark is cut in two
    pieces = [ln.text[s:e] for ln in lines if ln.role == "title" for s, e, _ in ln.marks]
    assert pieces == ["保交", "楼"]


async def test_screen_marker_styles_reader_and_list(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = app.screen

        def marker(text: str) -> list[tuple[int, int, str]]:
            at = text.find("高新区")
            return [(at, at + 3, "bold #ff0000")] if at >= 0 else []

        screen.set_marker(marker)
        await pilot.press("enter")
        await settle(pilot, app)

        def red(segments) -> list[str]:  # type: ignore[no-untyped-def]
            return [
                s.text
                for s in segments
                if s.style and s.style.color and s.style.color.triplet == (255, 0, 0)
            ]

        reader_red = [t for y in range(30) for t in red(screen.reader.render_line(y))]
        assert reader_red and set(reader_red) <= {"高新区", "高新", "区", "高"}
        # On the list's cursor row: in the row's colour, underlined.
        row = screen.article_list.render_line(0)
        assert [s.text for s in row if s.style and s.style.underline] == ["高新区"]
        screen.set_marker(None)
        await pilot.pause()
        assert not [t for y in range(30) for t in red(screen.reader.render_line(y))]


async def test_resizing_keeps_the_reading_place(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("G", "enter")
        await settle(pilot, app)
        reader = app.screen.reader
        await pilot.press(*["j"] * 12)
        top = next(ln for ln in reader.lines[int(reader.scroll_y) :] if ln.block >= 0)
        await pilot.resize_terminal(160, 30)
        await settle(pilot, app)
        now = reader.lines[int(reader.scroll_y)]
        # The same paragraph, and the old first character is on the new first line.
        assert now.block == top.block
        assert now.start <= top.start < now.start + max(len(now.text), 1)


def test_layout_order_and_a_blank_line_between_paragraphs() -> None:
    blocks, _ = article_blocks(ARTICLE)
    lines = layout(blocks, 60)
    assert [(ln.role, ln.text) for ln in lines] == [
        ("title", "保交楼工作推进会召开"),
        ("meta", "2023-10-25 · 郑州日报 · 第02版 · 要闻"),
        ("blank", ""),
        ("dateline", "本报讯"),
        ("blank", ""),
        ("paragraph", "千方百计保交楼，全力以赴稳民生。"),
        ("blank", ""),
        ("paragraph", "第二段没有。"),
        ("blank", ""),
        ("byline", "记者 孙庆辉  通讯员 张慧丽"),
        ("blank", ""),
        ("url", "https://example.com/a"),
    ]


async def test_only_the_current_hit_is_drawn_as_current(db_path: Path) -> None:
    app = NewsreaderApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"保交楼", "enter")
        await settle(pilot, app)
        reader = app.screen.reader
        current_bg = reader.get_component_rich_style("reader--current", partial=True).bgcolor
        match_bg = reader.get_component_rich_style("reader--match", partial=True).bgcolor
        assert current_bg != match_bg
        for presses in (0, 1, 1):  # the first hit, then n twice
            await pilot.press(*["n"] * presses)
            top, height = int(reader.scroll_y), reader.scrollable_content_region.height
            current: list[str] = []
            others: list[str] = []
            for y in range(height):
                for segment in reader.render_line(y):
                    bg = segment.style.bgcolor if segment.style else None
                    if bg == current_bg:
                        current.append(segment.text)
                    elif bg == match_bg:
                        others.append(segment.text)
            shown = reader.lines[top : top + height]
            expected_current = [
                ln.text[s:e] for ln in shown for s, e, k in ln.hits if k == reader.current_hit
            ]
            expected_others = [
                ln.text[s:e] for ln in shown for s, e, k in ln.hits if k != reader.current_hit
            ]
            assert "".join(current) == "".join(expected_current) == "保交楼"
            assert "".join(others) == "".join(expected_others)
            assert others, "the other hits on screen are highlighted too"
