"""Hand-written fixture pages in several encodings, parsed end to end from disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsreader.models import Byline
from newsreader.parse import ParseError, kept_text, parse_file
from newsreader.parse.decode import decode

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"


def test_renmin_ribao_page() -> None:
    page = parse_file(PAGES / "2025-01-03" / "renmin-06.md")
    assert page.encoding == "utf-8"
    assert page.edition_title == "人民日报 2025年01月03日 第06版"
    assert (page.publication, page.date, page.page) == ("人民日报", "2025-01-03", "第06版")
    assert [(a.title, a.section, a.level) for a in page.articles] == [
        ("城乡居民收入稳步增长", "要闻", 3),
        ("冬季供暖保障有力", "要闻", 3),
        ("一座小城的文旅新路", "地方", 3),
    ]
    income, heating, town = page.articles
    assert income.dateline == "本报北京1月2日电"
    assert income.paragraphs[0].startswith("记者从国家统计局获悉")
    assert "服务消费占比明显提高。详见统计公报。" in income.paragraphs[1]
    assert income.links == ("https://stats.example.cn/bulletin/2024",)
    assert income.url.startswith("https://paper.example.cn/html/2025-01/03/")
    assert income.bylines == (Byline("本报记者", "王浩"), Byline("通讯员", "李明"))
    assert heating.dateline == "新华社北京1月2日电（记者 赵一鸣）"
    assert heating.bylines == (Byline("记者", "赵一鸣"), Byline("通讯员", "钱小红"))
    assert heating.paragraphs[-1] == "有关部门表示，将继续做好能源保供工作。"
    assert town.dateline == "（记者 孙晓燕）"
    assert town.paragraphs[0].endswith("推出了一系列文旅项目，带动了餐饮、住宿等行业的发展。")
    assert town.paragraphs[-1] == "图为游客在冰雪乐园游玩。"
    assert Byline("文/图 本报记者", "孙晓燕") in town.bylines
    for article in page.articles:
        assert (article.publication, article.date, article.page) == (
            "人民日报",
            "2025-01-03",
            "第06版",
        )


def test_gb18030_page_with_front_matter_and_crlf() -> None:
    page = parse_file(PAGES / "20231012-gb18030.txt")
    assert page.encoding == "gb18030"
    assert page.edition_title == "郑州日报 高新区版"
    assert (page.publication, page.date, page.page) == ("郑州日报", "2023-10-12", "第03版")
    first, second = page.articles
    assert first.section == second.section == "高新区新闻"
    assert first.keywords == ("营商环境", "科技创新")
    assert first.paragraphs == (
        "近日，高新区召开营商环境优化推进会，部署下一阶段重点工作。会议指出，"
        "要持续深化“放管服”改革，提升政务服务效能。",
    )
    assert first.bylines == (Byline("记者", "孙庆辉"), Byline("通讯员", "张慧丽"))
    assert second.bylines == (Byline("记者", "孙庆辉"),)


def test_big5_page() -> None:
    page = parse_file(PAGES / "big5-traditional.md")
    assert page.encoding == "big5"
    (article,) = page.articles
    assert article.title == "市區交通改善工程完工"
    assert article.dateline == "本報訊"
    assert article.bylines == (Byline("記者", "陳美玲"),)


def test_utf16_page_without_headings() -> None:
    page = parse_file(PAGES / "utf16-no-heading.markdown")
    assert page.encoding == "utf-16-le"
    (article,) = page.articles
    assert (article.title, article.level, article.dateline) == ("市民文化节开幕", 0, "本报讯")
    assert article.paragraphs == ("第十届市民文化节昨日开幕，活动将持续一个月。",)
    assert article.bylines == (Byline("记者", "王浩"),)


@pytest.mark.parametrize(
    ("name", "reason"), [("binary.md", "binary file"), ("empty.md", "empty file")]
)
def test_bad_fixtures(name: str, reason: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_file(PAGES / name)
    assert info.value.reason == reason


@pytest.mark.parametrize(
    "name",
    ["2025-01-03/renmin-06.md", "20231012-gb18030.txt", "big5-traditional.md"],
)
def test_fixture_text_is_kept(name: str) -> None:
    path = PAGES / name
    page = parse_file(path)
    kept = "".join(kept_text(page).split())
    # Every CJK character of the source survives, in order.
    source, _ = decode(path.read_bytes())
    it = iter(kept)
    assert all(char in it for char in source if "\u4e00" <= char <= "\u9fff")
