"""Golden tests for real page shapes: broadcast transcripts (new and older form)
and a People's-Daily-style page with its credit forms."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsreader.models import Byline
from newsreader.parse import kept_text, parse_bytes, parse_file
from newsreader.parse.edition import edition_heading

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"
NEW = PAGES / "xwlb" / "20260201.md"
OLD = PAGES / "xwlb" / "20120305.md"
RENMIN = PAGES / "2001-01-02" / "renmin-04.md"


def parse(text: str, name: str = "page.md"):
    return parse_bytes(text.encode("utf-8"), name)


def test_transcript_structure() -> None:
    page = parse_file(NEW)
    assert (page.publication, page.date, page.page) == ("新闻联播", "2026-02-01", "")
    assert page.edition_title == "《新闻联播》（20260201）"
    assert [(a.title, a.section, a.level) for a in page.articles] == [
        ("新闻摘要", "", 2),
        ("《湖畔》杂志发表关于春耕备耕的评论文章", "详细新闻", 3),
        ("【开局之年看基层】山村小站迎来返乡客流", "详细新闻", 3),
        ("北方港口迎来首批远洋货轮", "国际联播快讯", 4),
        ("多国专家研讨海洋生态保护", "国际联播快讯", 4),
        ("山地马拉松赛事报名开启", "国际联播快讯", 4),
    ]
    for article in page.articles:
        assert (article.publication, article.date) == ("新闻联播", "2026-02-01")


def test_transcript_numbered_lines_stay_lines() -> None:
    summary = parse_file(NEW).articles[0]
    assert summary.paragraphs == (
        "本期节目主要内容：",
        "1.《湖畔》杂志发表关于春耕备耕的评论文章；",
        "2.【开局之年看基层】山村小站迎来返乡客流；",
        "3.国际联播快讯。",
    )


def test_transcript_paragraphs_are_never_joined() -> None:
    story = parse_file(NEW).articles[1]
    assert story.dateline == "央视网消息（新闻联播）："
    assert story.paragraphs[1:] == (
        # no full stop, but a transcript has no column breaks: not joined
        "文章指出，各地要抓好种子、化肥等农资供应",
        "文章强调，要加强田间管理，做好防灾减灾准备。",
        "出席会议的有：",
        "甘棠\u3000林默\u3000苏禾",
        "二、会议审议通过的文件",
        "（1）关于春季农业生产的意见",
    )
    body = "\n".join(story.paragraphs)
    assert "苏禾二" not in body and "供应文章" not in body


def test_every_story_has_its_url_and_the_footer_is_page_meta() -> None:
    page = parse_file(NEW)
    urls = [a.url for a in page.articles]
    assert urls == [
        "",
        "https://tv.example.cn/2026/02/01/VIDE0001.shtml",
        "https://tv.example.cn/2026/02/01/VIDE0002.shtml",
        *["https://tv.example.cn/2026/02/01/VIDE0003.shtml"] * 3,
    ]
    last = page.articles[-1]
    assert last.paragraphs == ("一项国际山地马拉松赛事今天开启报名，预计吸引数千名跑者参赛。",)
    assert page.front_matter["_page_meta"] == ["更新时间：2026-02-02T03:34:20.055Z"]
    text = "".join(p for a in page.articles for p in (a.title, *a.paragraphs))
    assert "更新时间" not in text and "查看原文" not in text


def test_bundle_stories_carry_the_bundle_as_section() -> None:
    stories = parse_file(NEW).articles[3:]
    for story in stories:
        assert story.extra["section_path"] == ["详细新闻", "国际联播快讯"]
        assert len(story.paragraphs) == 1 and not story.paragraphs[0].startswith("**")


def test_older_transcript_comments_entities_and_escapes() -> None:
    page = parse_file(OLD)
    assert (page.publication, page.date) == ("新闻联播", "2012-03-05")
    grain, trees, tunnel = page.articles
    assert grain.dateline == "央视网消息（新闻联播）："
    assert grain.paragraphs == (
        "河谷新区第一座智慧粮仓今天建成投用，仓内温度和湿度全程自动监测。",
        "粮仓管理员说，过去要人工翻检，现在手机上就能看到每个仓位的数据。"
        "代码写作&#xA;的字样原样保留。",
    )
    assert grain.url == "https://tv.example.cn/2012/03/05/VIDE0101.shtml"
    assert [(a.title, a.section) for a in (trees, tunnel)] == [
        ("春季植树活动在多地展开", "国内联播快讯"),
        ("高原铁路隧道全线贯通", "国内联播快讯"),
    ]
    assert tunnel.url == trees.url == "https://tv.example.cn/2012/03/05/VIDE0102.shtml"
    assert "repaste" not in kept_text(page)
    assert page.front_matter["_page_meta"] == ["更新时间：2012-03-06T01:02:03.004Z"]


def test_renmin_credit_forms() -> None:
    page = parse_file(RENMIN)
    assert (page.publication, page.date, page.page) == ("人民日报", "2001-01-02", "第04版")
    bus, run, photo, notes = page.articles
    assert bus.dateline == "本报太原2000年12月31日电 记者李战吉、罗昌爱报道："
    assert bus.bylines == (Byline("记者", "李战吉"), Byline("记者", "罗昌爱"))
    assert bus.paragraphs[0].startswith("元旦前夕")
    assert run.dateline == "据新华社北京电（记者张选杰）"
    assert run.bylines == (
        Byline("记者", "张选杰"),
        Byline("本报记者", "李战吉"),
        Byline("本报记者", "罗昌爱"),
        Byline("本报记者", "李忱"),
    )
    assert photo.bylines == (Byline("新华社记者 摄", "杜华举"),)
    assert photo.paragraphs == ("图为养护工人在清除路面积雪。",)
    assert notes.bylines == ()
    assert notes.paragraphs == (
        "记者手记",
        "记者调查发现，山区道路的养护点大多只有三四名工人。",
        "记者了解到，他们常常一守就是一整夜。",
        "记者招待会上，有关负责人回答了提问。",
    )


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("《新闻联播》（20260201）", ("新闻联播", "2026-02-01", "")),
        ("人民日报 2025年01月03日 第06版", ("人民日报", "2025-01-03", "第06版")),
        ("郑州日报 · 高新区新闻", ("郑州日报", "", "")),
        ("高新区新闻", ("", "", "")),
        ("郑州日报", ("", "", "")),
    ],
)
def test_edition_heading(title: str, expected: tuple[str, str, str]) -> None:
    assert edition_heading(title) == expected


def test_edition_heading_gives_the_publication_only_when_front_matter_does_not() -> None:
    body = "# 郑州日报 · 高新区新闻\n\n## 文章\n\n正文。\n"
    assert parse(body).publication == "郑州日报"
    assert parse("---\npublication: 郑州晚报\n---\n" + body).publication == "郑州晚报"


def test_a_rule_and_a_comment_end_paragraphs_and_stop_repairs() -> None:
    page = parse("# 标题\n\n没有句号的一段\n\n---\n\n另一段\n\n<!-- 注释 -->\n\n第三段\n")
    assert page.articles[0].paragraphs == ("没有句号的一段", "另一段", "第三段")


def test_link_line_right_above_a_rule_is_the_url_not_a_heading() -> None:
    page = parse(
        "# 一\n\n正文。\n\n## 二\n\n正文。\n[查看原文](https://x.example/2)\n---\n"
        "更新时间：2026-01-01\n"
    )
    assert [a.title for a in page.articles] == ["一", "二"]
    assert page.articles[1].url == "https://x.example/2"
    assert page.front_matter["_page_meta"] == ["更新时间：2026-01-01"]


def test_text_after_a_rule_that_is_not_furniture_stays_story_text() -> None:
    page = parse("# 一\n\n正文。\n\n---\n\n这是正文的后记，不是页脚。\n")
    assert page.articles[0].paragraphs == ("正文。", "这是正文的后记，不是页脚。")
    assert "_page_meta" not in page.front_matter


def test_bold_lines_with_text_in_one_paragraph_also_split() -> None:
    page = parse("# 简讯\n\n**第一条消息**\n第一条正文。\n\n**第二条消息**\n第二条正文。\n")
    assert [(a.title, a.section, a.paragraphs) for a in page.articles] == [
        ("第一条消息", "简讯", ("第一条正文。",)),
        ("第二条消息", "简讯", ("第二条正文。",)),
    ]


@pytest.mark.parametrize(
    "body",
    [
        "导语。\n\n**小标题一**\n\n正文一。\n\n**小标题二**\n\n正文二。\n",  # a lead first
        "**问：为什么？**\n\n答一。\n\n**问：怎么办？**\n\n答二。\n",  # questions end a sentence
        "**一、坚持**\n\n正文一。\n\n**二、推进**\n\n正文二。\n",  # numbered parts
        "**甲**\n\n**乙**\n\n正文。\n\n**丙**\n\n正文。\n",  # bold lines without text
    ],
)
def test_bold_subheads_of_one_article_do_not_make_a_bundle(body: str) -> None:
    page = parse("# 一篇文章\n\n" + body)
    assert [a.title for a in page.articles] == ["一篇文章"]


def test_column_breaks_are_not_repaired_across_names_numbers_and_lists() -> None:
    page = parse(
        "# 标题\n\n会议的主席团成员有\n\n甘棠　林默　苏禾\n\n二、中央委员会委员\n\n"
        "第一部分没有结束\n\n（2）第二项\n\n另一段没有结束\n\n- 列表项\n"
    )
    assert page.articles[0].paragraphs == (
        "会议的主席团成员有",
        "甘棠　林默　苏禾",
        "二、中央委员会委员",
        "第一部分没有结束",
        "（2）第二项",
        "另一段没有结束",
        "列表项",
    )


def test_a_run_of_headlines_under_any_heading_is_a_bundle() -> None:
    body = "".join(f"**第{n}条新闻的标题在这里**\n\n正文{n}。\n\n" for n in "一二三")
    page = parse("# 本地新闻\n\n" + body)
    assert [a.title for a in page.articles] == [f"第{n}条新闻的标题在这里" for n in "一二三"]
    # two short bold lines under an ordinary title: one article with its sub-heads
    short = parse("# 一篇文章\n\n**小结**\n\n正文一。\n\n**展望**\n\n正文二。\n")
    assert [a.title for a in short.articles] == ["一篇文章"]


def test_a_link_line_or_bold_label_after_a_rule_is_not_furniture() -> None:
    page = parse("# 一\n\n正文。\n\n---\n\n**提示：** 见下。\n\n[查看原文](https://x.example/1)\n")
    (article,) = page.articles
    assert article.paragraphs == ("正文。", "提示： 见下。")
    assert article.url == "https://x.example/1"
    assert "_page_meta" not in page.front_matter


def test_html_blocks_keep_their_text_not_their_markup() -> None:
    page = parse('# 标题\n\n<div class="note">说明文字<br>第二行<!-- 未闭合\n\n正文。\n')
    assert page.articles[0].paragraphs == ("说明文字 第二行", "正文。")


def test_transcript_without_blank_lines() -> None:
    text = (
        "# 《新闻联播》（20260201）\n## 新闻摘要\n本期节目主要内容：\n1.第一条；\n2.第二条；\n"
        "## 详细新闻\n### 第一条新闻\n**央视网消息**（新闻联播）：今天召开会议。\n"
        "会议强调，要做好工作。\n[查看原文](https://tv.example.cn/1.shtml)\n"
        "### 国际联播快讯\n**港口迎来首批货轮**\n港口今天迎来货轮。\n"
        "**专家研讨海洋保护**\n专家举行研讨会。\n[查看原文](https://tv.example.cn/2.shtml)\n"
        "---\n更新时间：2026-02-02T03:34:20.055Z\n"
    )
    page = parse(text, "20260201.md")
    assert [(a.title, a.paragraphs, a.url) for a in page.articles] == [
        ("新闻摘要", ("本期节目主要内容：", "1.第一条；", "2.第二条；"), ""),
        (
            "第一条新闻",
            ("今天召开会议。", "会议强调，要做好工作。"),
            "https://tv.example.cn/1.shtml",
        ),
        ("港口迎来首批货轮", ("港口今天迎来货轮。",), "https://tv.example.cn/2.shtml"),
        ("专家研讨海洋保护", ("专家举行研讨会。",), "https://tv.example.cn/2.shtml"),
    ]
    assert page.front_matter["_page_meta"] == ["更新时间：2026-02-02T03:34:20.055Z"]


def test_comments_stay_out_of_titles_and_datelines() -> None:
    page = parse("# 标题<!-- 注 -->一\n\n<!--repaste.body.begin-->本报讯 会议召开。<!-- 尾 -->\n")
    (article,) = page.articles
    assert article.title == "标题一"
    assert (article.dateline, article.paragraphs) == ("本报讯", ("会议召开。",))
