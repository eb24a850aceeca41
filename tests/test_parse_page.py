"""Page structure: front matter, edition metadata, headings, sections, repair, links."""

from __future__ import annotations

import pytest

from newsreader.models import Byline
from newsreader.parse import parse_bytes
from newsreader.parse.edition import path_date
from newsreader.parse.inline import glue


def parse(text: str, name: str = "page.md"):
    return parse_bytes(text.encode("utf-8"), name)


def test_front_matter_fields_apply_to_every_article() -> None:
    page = parse(
        "---\n"
        "title: 人民日报 第06版\n"
        "date: 2025-01-03\n"
        "publication: 人民日报\n"
        "section: 第06版\n"
        "section_name: 要闻\n"
        "author: 王浩\n"
        "keywords: [经济, 民生]\n"
        "source_url: https://example.org/page6\n"
        "---\n"
        "# 第一篇\n\n正文一。\n\n# 第二篇\n\n正文二。\n"
    )
    assert page.front_matter["date"] == "2025-01-03"
    assert page.front_matter["keywords"] == ["经济", "民生"]
    assert (page.publication, page.date, page.page) == ("人民日报", "2025-01-03", "第06版")
    assert page.edition_title == "人民日报 第06版"
    assert [a.title for a in page.articles] == ["第一篇", "第二篇"]
    for article in page.articles:
        assert article.publication == "人民日报"
        assert article.date == "2025-01-03"
        assert article.page == "第06版"
        assert article.section == "要闻"
        assert article.author == "王浩"
        assert article.keywords == ("经济", "民生")
        assert article.url == "https://example.org/page6"
    assert page.warnings == ()


def test_front_matter_title_names_a_single_untitled_article() -> None:
    page = parse("---\ntitle: 一篇短文\nkeywords: 甲, 乙\n---\n正文在这里。\n")
    (article,) = page.articles
    assert article.title == "一篇短文"
    assert article.level == 0
    assert article.keywords == ("甲", "乙")
    assert article.paragraphs == ("正文在这里。",)


@pytest.mark.parametrize(
    "block",
    ["---\ntitle: [未闭合\n---\n", "---\n只是一句话\n---\n", "---\n: : :\n  - x\n---\n"],
    ids=["bad-yaml", "not-a-mapping", "garbage"],
)
def test_malformed_front_matter_is_kept_with_a_warning(block: str) -> None:
    page = parse(block + "# 标题\n\n正文。\n")
    assert page.warnings
    assert page.front_matter == {}
    kept = "".join(p for a in page.articles for p in (a.title, *a.paragraphs))
    inner = block.strip("-\n").strip()
    for char in inner:
        if not char.isspace() and char not in "-#":
            assert char in kept
    assert page.articles[-1].title == "标题"


def test_unknown_front_matter_date_warns() -> None:
    page = parse("---\ndate: 某天\n---\n# 标题\n\n正文。\n", "2023-10-12.md")
    assert page.date == "2023-10-12"
    assert any("date" in w for w in page.warnings)


def test_renmin_ribao_line_gives_publication_date_and_page() -> None:
    page = parse(
        "# 稳中求进 推动高质量发展\n\n"
        "> 《人民日报》（2025年01月03日第 06 版）\n\n"
        "本报北京1月2日电 正文第一段。\n\n"
        "# 第二篇\n\n第二篇的正文。\n",
        "2020-01-01/page.md",
    )
    assert (page.publication, page.date, page.page) == ("人民日报", "2025-01-03", "第06版")
    first, second = page.articles
    assert first.dateline == "本报北京1月2日电"
    assert first.paragraphs == ("正文第一段。",)
    assert first.extra["edition_line"] == ["《人民日报》（2025年01月03日第 06 版）"]
    for article in page.articles:
        assert (article.publication, article.date, article.page) == (
            "人民日报",
            "2025-01-03",
            "第06版",
        )
    assert second.paragraphs == ("第二篇的正文。",)


def test_edition_line_under_the_edition_title() -> None:
    page = parse("# 人民日报\n\n> 《人民日报》（2024年5月6日第1版）\n\n## 文章\n\n正文。\n")
    assert page.edition_title == "人民日报"
    assert (page.date, page.page) == ("2024-05-06", "第01版")
    assert [a.title for a in page.articles] == ["文章"]
    assert page.front_matter["_edition_line"] == ["《人民日报》（2024年5月6日第1版）"]


@pytest.mark.parametrize(
    ("name", "date"),
    [
        ("archive/2023-10-12/page-06.md", "2023-10-12"),
        ("archive/20231012_06.md", "2023-10-12"),
        ("2023/10/12/06.md", "2023-10-12"),
        ("2023-10-12/20240102.md", "2024-01-02"),
        ("page-20231399.md", ""),
        ("page-12345678901.md", ""),
        ("plain.md", ""),
    ],
)
def test_dates_from_file_and_folder_names(name: str, date: str) -> None:
    assert path_date(name) == date
    assert parse("# 标题\n\n正文。\n", name).date == date


def test_front_matter_date_beats_the_file_name() -> None:
    page = parse("---\ndate: 2025年1月3日\n---\n# 标题\n\n正文。\n", "2023-10-12.md")
    assert page.date == "2025-01-03"


def test_section_headings_and_edition_title() -> None:
    page = parse(
        "# 郑州日报 2023年10月12日\n\n"
        "## 要闻\n\n"
        "### 第一条\n\n正文一。\n\n"
        "### 第二条\n\n正文二。\n\n"
        "## 详细新闻\n\n"
        "### 第三条\n\n正文三。\n"
    )
    assert page.edition_title == "郑州日报 2023年10月12日"
    assert [(a.title, a.section, a.level) for a in page.articles] == [
        ("第一条", "要闻", 3),
        ("第二条", "要闻", 3),
        ("第三条", "详细新闻", 3),
    ]


def test_nested_sections_keep_the_path() -> None:
    page = parse("## 国内\n\n### 经济\n\n#### 文章\n\n正文。\n\n## 文章二\n\n正文二。\n")
    first, second = page.articles
    assert first.section == "经济"
    assert first.extra["section_path"] == ["国内", "经济"]
    assert second.section == ""


def test_text_before_the_first_heading_is_an_article() -> None:
    page = parse("导语在标题之前。\n\n第二段。\n\n# 标题\n\n正文。\n")
    first, second = page.articles
    assert (first.title, first.level, first.position) == ("", 0, 0)
    assert first.paragraphs == ("导语在标题之前。", "第二段。")
    assert (second.title, second.position) == ("标题", 1)


def test_heading_alone_is_an_article_not_an_edition_title() -> None:
    page = parse("# 只有标题\n")
    assert page.edition_title == ""
    assert [a.title for a in page.articles] == ["只有标题"]


def test_setext_headings_and_rules() -> None:
    page = parse("大标题\n===\n\n正文一。\n\n***\n\n小标题\n---\n\n正文二。\n")
    assert [(a.title, a.level) for a in page.articles] == [("大标题", 1), ("小标题", 2)]


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [
        ("要以案为鉴,", "保持清醒", "要以案为鉴,保持清醒"),
        ("自我膨", "胀”“空喊口号", "自我膨胀”“空喊口号"),
        ("the quick brown", "fox jumps", "the quick brown fox jumps"),
        ("共有", "2023家", "共有2023家"),
        ("达到 GDP", "增长", "达到 GDP增长"),
    ],
)
def test_glue(left: str, right: str, joined: str) -> None:
    assert glue(left, right) == joined


def test_column_break_rules() -> None:
    page = parse(
        "# 标题\n\n"
        "第一段没有结束\n\n"
        "而是在这里继续。\n\n"
        "他说：“好。”\n\n"
        "新的一段（完）\n\n"
        "English words split\n\n"
        "across a column.\n\n"
        "**小标题**\n\n"
        "正文。\n"
    )
    assert page.articles[0].paragraphs == (
        "第一段没有结束而是在这里继续。",
        "他说：“好。”",
        "新的一段（完）English words split across a column.",
        "小标题",
        "正文。",
    )


def test_hard_line_breaks_are_joined() -> None:
    page = parse("# 标题\n\n第一行  \n第二行\\\n第三行\nline four  \nline five。\n")
    assert page.articles[0].paragraphs == ("第一行第二行第三行line four line five。",)


def test_list_items_are_not_joined() -> None:
    page = parse("# 标题\n\n- 苹果\n- 香蕉\n\n1. 第一\n2. 第二\n")
    assert page.articles[0].paragraphs == ("苹果", "香蕉", "1. 第一", "2. 第二")


def test_inline_markdown_becomes_plain_text_plus_links() -> None:
    page = parse(
        "# **加粗**标题\n\n"
        "这是**重点**和*强调*，见[通知](https://example.org/a)与"
        "![图片](https://example.org/b.png)，还有<https://example.org/c>。\n\n"
        "转义\\*星号\\*和`代码`。\n"
    )
    article = page.articles[0]
    assert article.title == "加粗标题"
    assert article.paragraphs == (
        "这是重点和强调，见通知与图片，还有https://example.org/c。",
        "转义*星号*和代码。",
    )
    assert article.links == (
        "https://example.org/b.png",
        "https://example.org/a",
        "https://example.org/c",
    ) or set(article.links) == {
        "https://example.org/a",
        "https://example.org/b.png",
        "https://example.org/c",
    }


def test_trailing_link_line_is_the_url() -> None:
    page = parse(
        "# 标题\n\n正文。\n\n记者 王浩\n\n[查看原文](https://paper.example.cn/html/2025-01/03/nw.htm)\n"
    )
    article = page.articles[0]
    assert article.url == "https://paper.example.cn/html/2025-01/03/nw.htm"
    assert article.extra["url_label"] == "查看原文"
    assert article.paragraphs == ("正文。",)
    assert article.bylines == (Byline("记者", "王浩"),)


def test_link_line_before_the_byline() -> None:
    page = parse("# 标题\n\n正文。\n\n[原文](https://example.org/x)\n\n记者 王浩\n")
    article = page.articles[0]
    assert article.url == "https://example.org/x"
    assert article.bylines == (Byline("记者", "王浩"),)


def test_link_inside_a_sentence_is_not_the_url() -> None:
    page = parse("# 标题\n\n详见[通知](https://example.org/n)全文。\n")
    article = page.articles[0]
    assert article.url == ""
    assert article.links == ("https://example.org/n",)


def test_a_dateline_paragraph_is_never_joined_to_the_line_before() -> None:
    page = parse("# 标题\n\n引言没有句号\n\n本报讯 文化节昨日开幕。记者 王浩\n")
    (article,) = page.articles
    assert article.paragraphs == ("引言没有句号", "本报讯 文化节昨日开幕。")
    assert article.bylines == (Byline("记者", "王浩"),)


def test_untitled_text_takes_its_short_first_line_as_title() -> None:
    page = parse("市民文化节开幕\n\n本报讯 文化节昨日开幕。记者 王浩\n")
    (article,) = page.articles
    assert (article.title, article.level, article.dateline) == ("市民文化节开幕", 0, "本报讯")
    assert article.paragraphs == ("文化节昨日开幕。",)


def test_edition_title_gives_date_and_page_when_nothing_else_does() -> None:
    page = parse("# 郑州日报 2023年10月12日 第 3 版\n\n## 文章\n\n正文。\n", "2020-01-01.md")
    assert (page.date, page.page) == ("2023-10-12", "第03版")
    assert page.articles[0].date == "2023-10-12"


def test_edition_line_without_brackets() -> None:
    page = parse("# 文章\n\n《光明日报》2024年7月1日第２版\n\n正文。\n")
    assert (page.publication, page.date, page.page) == ("光明日报", "2024-07-01", "第02版")
    assert page.articles[0].paragraphs == ("正文。",)


@pytest.mark.parametrize(
    ("line", "url", "label"),
    [
        ("原文链接：https://example.org/a", "https://example.org/a", "原文链接："),
        ("<https://example.org/b>", "https://example.org/b", ""),
        ("https://example.org/c", "https://example.org/c", ""),
    ],
)
def test_other_trailing_url_lines(line: str, url: str, label: str) -> None:
    article = parse(f"# 标题\n\n正文。\n\n{line}\n").articles[0]
    assert (article.url, article.extra.get("url_label", "")) == (url, label)
    assert article.paragraphs == ("正文。",)


def test_image_without_alt_text_leaves_no_url_in_the_text() -> None:
    article = parse("# 标题\n\n![](https://img.example.org/1.jpg)\n\n正文。\n").articles[0]
    assert article.paragraphs == ("正文。",)
    assert article.links == ("https://img.example.org/1.jpg",)
