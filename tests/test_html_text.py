"""HTML -> paragraphs: a real parser, no tags, entities decoded, structure kept as text."""

from __future__ import annotations

from html import escape

from hypothesis import given, settings
from hypothesis import strategies as st

from newsreader.parse.html_text import html_to_paragraphs, html_to_text, parse_html


def test_paragraphs_and_entities() -> None:
    html = "<p>本报讯 近日&amp;今日，&ldquo;两会&rdquo;召开。</p>"
    html += "<p>second &lt;b&gt; &#x4e2d;&#25991;</p>"
    assert html_to_paragraphs(html) == ["本报讯 近日&今日，“两会”召开。", "second <b> 中文"]


def test_lists_keep_markers_and_numbers() -> None:
    html = "<ul><li>甲</li><li>乙<ul><li>内</li></ul></li></ul><ol><li>one</li><li>two</li></ol>"
    assert html_to_paragraphs(html) == ["• 甲", "• 乙", "• 内", "1. one", "2. two"]


def test_blockquote_kept_as_quoted_text() -> None:
    html = "<p>他说：</p><blockquote><p>要以案为鉴。</p><p>second</p></blockquote><p>after</p>"
    assert html_to_paragraphs(html) == ["他说：", "» 要以案为鉴。", "» second", "after"]


def test_images_become_alt_text_and_sources_are_kept() -> None:
    found = parse_html('<p>现场<img src="a.jpg" alt="会议 现场">图</p><img src="b.png">')
    assert found.paragraphs == ("现场[图片: 会议 现场]图", "[图片]")
    assert found.images == ("a.jpg", "b.png")


def test_scripts_styles_and_comments_are_dropped() -> None:
    html = (
        "<style>p { color: red }</style><p>keep<script>document.write('<p>x</p>')</script>"
        " this<!-- hidden --></p><noscript>no</noscript>"
    )
    assert html_to_paragraphs(html) == ["keep this"]


def test_links_collected_text_kept() -> None:
    found = parse_html(
        '<p>详情见<a href="https://a.example/x">全文</a>，<a href="#top">顶部</a></p>'
    )
    assert found.paragraphs == ("详情见全文，顶部",)
    assert found.links == ("https://a.example/x",)


def test_cjk_line_breaks_vanish_latin_become_spaces() -> None:
    assert html_to_paragraphs("<p>高新区\n召开会议 and\nmore   words</p>") == [
        "高新区召开会议 and more words"
    ]


def test_br_and_pre_split_lines() -> None:
    assert html_to_paragraphs("a<br>b<pre>x = 1\n\n  y = 2</pre>") == ["a", "b", "x = 1", "y = 2"]


def test_truncated_and_malformed_html() -> None:
    assert html_to_paragraphs("<div><p>一<p>二</b></i><p>三 <a href='x") == ["一", "二", "三"]


def test_control_characters_removed() -> None:
    assert html_to_text("<b>ti\x1b[31mtle\u202e</b>") == "ti[31mtle"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/&;#abp 中文\n\"'=lix")), max_size=80))
def test_never_raises_and_paragraphs_are_clean(html: str) -> None:
    for para in html_to_paragraphs(html):
        assert para == para.strip() and para
        assert "\n" not in para


_WORDS = st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S")), min_size=1)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(["p", "div", "h2", "td", "section"]), _WORDS), max_size=6)
)
def test_escaped_text_in_blocks_comes_back_exactly(blocks: list[tuple[str, str]]) -> None:
    html = "".join(f"<{tag} class='x'>{escape(word)}</{tag}>" for tag, word in blocks)
    assert html_to_paragraphs(html) == [word for _, word in blocks]


def test_video_and_audio_leave_a_placeholder() -> None:
    found = parse_html(
        '<p><video src="v.mp4">Your browser cannot play <b>this</b></video></p>'
        "<audio><source src='a.mp3'>fallback</audio>"
    )
    assert found.paragraphs == ("[视频]", "[音频]")
    assert found.links == ("v.mp4",)


def test_iframe_embeds_leave_a_marker_and_their_source() -> None:
    found = parse_html(
        '<p>视频如下：</p><iframe src="https://video.example.cn/embed/1" title="会议 实况">'
        "<p>不支持</p></iframe>"
        "<p><iframe src='https://video.example.cn/embed/2' /></p>"  # self-closed, as Blogger writes
        "<p>完。</p>"
    )
    assert found.paragraphs == ("视频如下：", "[嵌入: 会议 实况]", "[嵌入]", "完。")
    assert found.links == ("https://video.example.cn/embed/1", "https://video.example.cn/embed/2")
