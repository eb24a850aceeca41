"""Feed files of every kind -> ParsedPage, including broken ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsreader.models import Byline
from newsreader.parse.feed import FeedError, decode_feed_bytes, is_feed, parse_feed

FEEDS = Path(__file__).parent / "fixtures" / "feeds"


def load(name: str):
    data = (FEEDS / name).read_bytes()
    return parse_feed(data, str(FEEDS / name))


def test_rss2_items_fields_and_html_cleaning() -> None:
    page = load("rss2.xml")
    assert page.warnings == ()
    assert page.edition_title == page.publication == "高新区时讯"
    first, second, third = page.articles
    assert first.title == "高新区召开党纪教育警示大会"
    assert first.identity == "feed:gxq-2025-0001"
    assert first.date == "2025-01-03"  # the feed's own +0800 day, not UTC's 2025-01-02
    assert first.extra["published"] == "2025-01-03T07:30:00+08:00"
    assert first.author == "记者 孙庆辉"
    assert first.section == "要闻" and first.keywords == ("要闻", "廉政")
    assert first.url == "https://news.example.cn/2025/01/03/a1.html"
    assert first.dateline == "本报讯"
    assert first.bylines == (Byline("记者", "孙庆辉"),)  # from the author, like a page byline
    assert first.paragraphs == (
        "近日，高新区召开党纪教育警示大会，要求“以案为鉴、以案促改”。",
        "会议强调：",
        "• 心存敬畏，警钟长鸣；",
        "• 纵深推进，持续发力。",
        "» 全面从严治党永远在路上。",
        "[图片: 会议现场]",
        "详情见全文。",
    )
    assert "https://news.example.cn/more" in first.links
    assert not any("<" in p or "alert" in p for p in first.paragraphs)
    # no guid: the link is the identity; no category: the feed title is the section
    assert second.identity == "feed:https://news.example.cn/2025/01/02/a2.html"
    assert second.section == "高新区时讯"
    assert second.paragraphs == ("普查员逐户走访，确保数据质量。", "清查工作进展顺利。")
    # neither guid nor link: a hash of title and date
    assert third.identity.startswith("feed:sha1:")
    assert [a.position for a in page.articles] == [0, 1, 2]


def test_identity_is_stable_across_reparses_and_differs_per_item() -> None:
    one, two = load("rss2.xml"), load("rss2.xml")
    assert [a.identity for a in one.articles] == [a.identity for a in two.articles]
    assert len({a.identity for a in one.articles}) == 3


def test_atom() -> None:
    page = load("atom.xml")
    assert page.front_matter["feed"]["format"] == "atom10"
    a, b, c = page.articles
    assert a.title == "算力中心&数据港项目签约"
    assert a.identity == "feed:tag:tech.example.cn,2025:101"
    assert a.author == "通讯员 张慧丽" and a.section == "科技"
    assert a.date == "2025-02-10"
    assert a.paragraphs == (
        "2月10日，算力中心项目签约。",
        "1. 一期投资十亿元。",
        "2. 二期年内开工。",
    )
    assert b.paragraphs == ("First paragraph of text.", "Second paragraph & more.")
    assert b.date == "2025-02-09"
    assert c.title == "XHTML title" and c.paragraphs == ("摘要一。", "摘要二。")


def test_rdf_rss10() -> None:
    page = load("rdf.rdf")
    assert page.front_matter["feed"]["format"] == "rss10"
    assert [a.title for a in page.articles] == ["安置房项目交付使用", "地铁十号线二期开工"]
    first = page.articles[0]
    assert first.author == "记者 王浩" and first.section == "城建" and first.date == "2025-03-01"
    assert first.paragraphs == ("保交楼工作取得进展，首批安置房交付。",)
    assert page.articles[1].date == "2025-02-28"


def test_json_feed() -> None:
    page = load("feed.json")
    assert page.edition_title == "民生保障观察" and page.warnings == ()
    a, b, c = page.articles
    assert a.identity == "feed:life-1" and a.author == "记者 李明"
    assert a.paragraphs == ("社区食堂今日开张，老人就餐 八折。", "更多详情点此。")
    assert a.keywords == ("民生", "养老") and a.section == "民生"
    assert a.links == ("https://life.example.cn/1/more",)
    # untitled item: its first words become the title; feed author as fallback
    assert b.title.startswith("没有标题的一条微博式短讯") and b.title.endswith("…")
    assert b.paragraphs[1] == "第二段。" and b.author == "编辑部"
    assert c.identity == "feed:3" and c.paragraphs == ("只有摘要。",) and c.date == ""


def test_gb2312_feed() -> None:
    page = load("gb2312.xml")
    assert page.encoding == "gb18030" and page.warnings == ()
    assert [a.title for a in page.articles] == ["网格化管理覆盖全区", "矛盾纠纷调解中心揭牌"]
    assert page.articles[0].dateline == "本报讯"
    assert page.articles[0].paragraphs == ("全区推行网格化管理，群众诉求“接诉即办”。",)


def test_big5_feed_keeps_traditional_characters() -> None:
    page = load("big5.xml")
    assert page.publication == "文化教育週報"
    assert page.articles[0].title == "圖書館延長開放時間"
    assert page.articles[0].paragraphs == ("市立圖書館自下週起延長開放時間，方便學生閱讀。",)
    assert page.articles[1].identity == "feed:edu-2"


def test_wrong_declared_charset_is_detected_and_reported() -> None:
    page = load("wrong_charset.xml")
    assert page.articles[0].title == "网格化管理覆盖全区"
    assert any("declared charset 'utf-8' is wrong" in w for w in page.warnings)


def test_leading_newline_before_xml_declaration() -> None:
    page = load("leading_newline.xml")
    assert [a.title for a in page.articles] == ["一季度地区生产总值增长"]
    assert page.articles[0].date == "2025-04-05"
    assert any("whitespace before the XML declaration" in w for w in page.warnings)


def test_truncated_xml_imports_what_it_can_and_says_so() -> None:
    page = load("truncated.xml")
    titles = [a.title for a in page.articles]
    assert titles[:2] == ["第一条完整", "第二条完整"]
    assert page.articles[1].paragraphs == ("第二条的正文。",)
    assert len(page.warnings) == 1
    assert "not well-formed" in page.warnings[0] and "could not be read" in page.warnings[0]


def test_truncated_json_feed_keeps_complete_items() -> None:
    page = load("truncated.json")
    assert [a.identity for a in page.articles] == ["feed:life-1"]
    assert any("truncated" in w and "1 complete item" in w for w in page.warnings)


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n", b"\x00\x01\x02binary" * 10, b"<html><body><p>a web page</p></body></html>",
     b"<?xml version='1.0'?><rss", b'{"version": "https://jsonfeed.org/version/1", "items": 5',
     b"{"],
)  # fmt: skip
def test_unreadable_input_raises_feed_error(data: bytes) -> None:
    with pytest.raises(FeedError) as info:
        parse_feed(data, "x.xml")
    assert info.value.reason


def test_is_feed_sniffing() -> None:
    rss = (FEEDS / "rss2.xml").read_bytes()
    assert is_feed(rss, "download")
    assert is_feed(b"\xef\xbb\xbf \n<rss version='2.0'/>", "noext")
    assert is_feed(b"\n<feed xmlns='http://www.w3.org/2005/Atom'/>", "noext")
    assert is_feed(b"<rdf:RDF/>", "noext")
    assert is_feed(b'{"version": "https://jsonfeed.org/version/1.1", "items": []}', "f")
    assert is_feed(b"anything", "feed.atom") and is_feed(b"", "https://x.example/a.rss?x=1")
    assert not is_feed(b'{"version": 2, "items": []}', "data")
    assert not is_feed("# 标题\n\n正文。".encode(), "page.md")
    assert not is_feed(b"<html></html>", "page.txt")


def test_decode_prefers_declared_superset() -> None:
    text = "<?xml version='1.0' encoding='GB2312'?><rss>镕</rss>"  # 镕 is GBK, not GB2312
    decoded, encoding, warnings = decode_feed_bytes(text.encode("gb18030"))
    assert decoded == text and encoding == "gb18030" and warnings == []


def test_items_without_anything_are_skipped_with_a_warning() -> None:
    data = (
        "<rss version='2.0'><channel><title>T</title>"
        "<item><title>好</title><link>https://x/1</link></item><item></item></channel></rss>"
    ).encode()
    page = parse_feed(data, "t.xml")
    assert [a.title for a in page.articles] == ["好"]
    assert page.warnings == ("item 2 has no title, content or link: skipped",)


def test_glued_byline_and_bracket_dateline_in_items() -> None:
    data = (
        "<rss version='2.0'><channel><title>T</title><item><title>好</title><guid>g</guid>"
        "<description>&lt;p&gt;（记者 王浩）近日，会议召开。&lt;/p&gt;"
        "&lt;p&gt;与会人员参加会议。通讯员 张慧丽&lt;/p&gt;</description></item></channel></rss>"
    ).encode()
    article = parse_feed(data, "t.xml").articles[0]
    assert article.dateline == "（记者 王浩）"
    assert article.paragraphs == ("近日，会议召开。", "与会人员参加会议。")
    assert article.bylines == (Byline("记者", "王浩"), Byline("通讯员", "张慧丽"))


def test_reimporting_a_feed_updates_instead_of_duplicating(tmp_path: Path) -> None:
    from newsreader import Archive

    first = load("rss2.xml")
    changed = (FEEDS / "rss2.xml").read_bytes().replace("会议要求以案为鉴".encode(), "改".encode())
    changed = changed.replace("清查工作进展顺利。".encode(), "清查工作已经完成。".encode())
    second = parse_feed(changed, "rss2.xml")
    with Archive.open(tmp_path / "news.db") as archive:
        archive.store_page("https://news.example.cn/rss.xml", first, content_hash="1")
        ids = {a.identity: a.id for a in archive.articles()}
        article_id = ids["feed:https://news.example.cn/2025/01/02/a2.html"]
        archive.set_starred(article_id, True)
        archive.store_page("https://news.example.cn/rss.xml", second, content_hash="2")
        after = list(archive.articles())
        assert archive.count() == 3
        assert {a.identity for a in after} == set(ids)
        updated = next(a for a in after if a.identity.endswith("a2.html"))
        assert updated.paragraphs[-1] == "清查工作已经完成。"
        assert updated.starred  # user state follows the identity


def test_plain_text_constructs_stay_literal() -> None:
    data = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><id>1</id>'
        b'<title type="text">x &lt; y and &lt;b&gt; z &amp;amp; w</title>'
        b'<content type="text">a &lt;tag&gt; b\x1b[31m</content></entry></feed>'
    )
    article = parse_feed(data, "t.atom").articles[0]
    assert article.title == "x < y and <b> z &amp; w"
    assert article.paragraphs == ("a <tag> b[31m",)


def test_declared_gb2312_that_is_really_utf8_is_not_read_as_mojibake() -> None:
    # "经济发展" in UTF-8 also decodes, without error, as GB18030 ("缁忔祹鍙戝睍"):
    # trusting the declaration first would store mojibake and say nothing.
    data = (
        '<?xml version="1.0" encoding="gb2312"?><rss version="2.0"><channel>'
        "<title>经济发展</title><item><guid>e-1</guid><title>经济发展</title></item>"
        "</channel></rss>"
    ).encode()
    assert data.decode("gb18030")  # the trap is real
    page = parse_feed(data, "e.xml")
    assert page.publication == "经济发展" and page.articles[0].title == "经济发展"
    assert page.encoding == "utf-8"
    assert page.warnings == ("declared charset 'gb2312' is wrong; read as utf-8",)


def test_ascii_feed_is_fine_under_any_declared_charset() -> None:
    for charset in ("iso-8859-1", "gb2312", "big5", "utf-8"):
        data = (
            f'<?xml version="1.0" encoding="{charset}"?><rss version="2.0"><channel>'
            "<title>Plain</title><item><guid>p</guid><title>News &amp; notes</title></item>"
            "</channel></rss>"
        ).encode()
        page = parse_feed(data, "p.xml")
        assert page.warnings == () and page.articles[0].title == "News & notes", charset


def test_authors_are_names_and_atom_entries_inherit_the_feed_author() -> None:
    atom = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>'
        "<author><name>编辑部</name><email>desk@example.cn</email></author>"
        "<entry><id>1</id><title>无作者</title></entry>"
        "<entry><id>2</id><title>两位作者</title><author><name>记者 王浩</name></author>"
        "<author><name>通讯员 张慧丽</name><email>z@example.cn</email></author></entry>"
        "<entry><id>3</id><title>只有邮箱</title><author><email>only@example.cn</email></author>"
        "</entry></feed>"
    ).encode()
    a, b, c = parse_feed(atom, "a.atom").articles
    assert a.author == "编辑部"  # RFC 4287 4.2.1: the feed's author
    assert b.author == "记者 王浩, 通讯员 张慧丽"  # every author, no addresses
    assert c.author == "only@example.cn"
    rss = (
        "<rss version='2.0'><channel><title>T</title><managingEditor>ed@example.cn (总编)"
        "</managingEditor><item><guid>1</guid><title>a</title>"
        "<author>li@example.cn (李明)</author></item>"
        "<item><guid>2</guid><title>b</title></item></channel></rss>"
    ).encode()
    first, second = parse_feed(rss, "r.xml").articles
    assert first.author == "李明"
    assert second.author == ""  # an RSS channel's editor is not every item's author


def test_items_sharing_a_guid_stay_apart(tmp_path: Path) -> None:
    from newsreader import Archive

    data = (
        "<rss version='2.0'><channel><title>T</title>"
        "<item><guid>day-1</guid><title>早上好</title><pubDate>Sun, 25 Jun 2017 12:27:31 GMT"
        "</pubDate></item>"
        "<item><guid>day-1</guid><title>另一条</title><pubDate>Sun, 25 Jun 2017 12:32:31 GMT"
        "</pubDate></item>"
        "<item><guid>day-1</guid><title>第三条</title></item>"
        "</channel></rss>"
    ).encode()
    page = parse_feed(data, "d.xml")
    assert [a.identity for a in page.articles] == [
        "feed:day-1",
        "feed:day-1#2017-06-25T12:32:31+00:00",
        "feed:day-1#3",
    ]
    assert page.articles == parse_feed(data, "d.xml").articles  # stable across refreshes
    with Archive.open(tmp_path / "n.db") as archive:
        archive.store_page("d.xml", page, content_hash="1", kind="feed")
        first, second, _ = archive.articles()
        archive.set_starred(first.id, True)
        assert archive.article(first.id).starred and not archive.article(second.id).starred


@pytest.mark.parametrize("name", ["subs.opml", "subs.xml"])
def test_an_opml_list_is_not_a_feed_and_the_message_says_what_to_run(name: str) -> None:
    data = b'<?xml version="1.0"?>\n<opml version="1.1"><body><outline xmlUrl="https://x/rss"/></body></opml>'
    with pytest.raises(FeedError, match="opml import"):
        parse_feed(data, name)


def test_json_feed_text_fields_lose_control_characters() -> None:
    data = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "民生\x1b]52;c;aGk=\x07观察",
            "authors": [{"name": "编辑\x1b[2J部"}],
            "items": [
                {
                    "id": "1",
                    "title": "标\u202e题",
                    "tags": ["民\x9b生", "\x07"],
                    "content_text": "正文\x1b[31m。",
                }
            ],
        }
    ).encode()
    page = parse_feed(data, "f.json")
    (item,) = page.articles
    assert page.publication == "民生]52;c;aGk=观察"
    assert item.author == "编辑[2J部" and item.keywords == ("民生",) and item.title == "标题"
    assert item.paragraphs == ("正文[31m。",)


def test_json_feed_title_is_plain_text_with_entities_decoded() -> None:
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Notes &amp; <b>news</b>",
        "items": [
            {"id": "1", "title": "Die Rückkehr von <i> und <b>", "content_text": "x"},
            {"id": "2", "title": "Tom &amp; Jerry &#8216;live&#8217;", "content_text": "y"},
            {"id": "3", "title": "Summary", "summary": "<p>一段。</p><p>二段。</p>"},
        ],
    }
    page = parse_feed(json.dumps(doc).encode("utf-8"), "f.json")
    first, second, third = page.articles
    assert first.title == "Die Rückkehr von <i> und <b>"
    assert second.title == "Tom & Jerry \u2018live\u2019"
    assert page.publication == "Notes & <b>news</b>"
    # summary is HTML, like content_html: its paragraphs are read, tags dropped
    assert third.paragraphs == ("一段。", "二段。")


def test_a_feed_that_breaks_feedparser_is_one_parse_error() -> None:
    """``<category</item>>`` makes feedparser itself raise KeyError('tags') (found by fuzzing)."""
    data = (
        b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>t</title>'
        b"<item><title>a</title><category</item>>x</category><description>b</description>"
        b"</item></channel></rss>\n"
    )
    with pytest.raises(FeedError) as caught:
        parse_feed(data, "feed.xml")
    assert "\n" not in caught.value.reason
