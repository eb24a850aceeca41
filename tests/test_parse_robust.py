"""Untrusted input: hostile or unusual pages parse, keep their text and never crash."""

from __future__ import annotations

import codecs

import pytest

from newsreader.parse import ParseError, kept_text, parse_bytes
from newsreader.parse.decode import decode


def parse(text: str, name: str = "page.md"):
    return parse_bytes(text.encode("utf-8"), name)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(codec: str) -> None:
    text = "# 标题\n\n本报讯 近日，市里召开会议。\n\n记者 王浩\n"
    page = parse_bytes(text.encode(codec), "page.md")
    assert page.encoding == codec
    assert page.articles[0].title == "标题"


def test_structured_nul_bytes_are_still_binary() -> None:
    with pytest.raises(ParseError):
        decode(b"abc\x00def\x00" * 100)


def test_unmatched_markers_in_a_long_paragraph() -> None:
    # Thousands of openers with no closers: every marker is kept as text.
    body = "开头" + "**甲 *乙 [丙 `丁 ~~戊 __己 " * 4000 + "结尾。"
    page = parse(f"# 标题\n\n{body}\n")
    (paragraph,) = page.articles[0].paragraphs
    assert paragraph.startswith("开头") and paragraph.endswith("结尾。")
    assert paragraph.count("丙") == 4000


def test_heading_with_a_huge_run_of_spaces() -> None:
    page = parse("# 标题" + " " * 200000 + "x\n\n正文。\n")
    assert page.articles[0].title.startswith("标题") and page.articles[0].title.endswith("x")


def test_heading_closing_hashes() -> None:
    page = parse("## 标题 ##\n\n正文。\n\n## C# 语言\n\n正文。\n\n# #\n\n# \n")
    assert [a.title for a in page.articles][:2] == ["标题", "C# 语言"]
    # "# #" and "# " are empty headings in CommonMark: all syntax, no article.
    assert len(page.articles) == 2
    assert "#" not in kept_text(page).split("C# 语言", 1)[1]


def test_very_long_link_line() -> None:
    line = "[" + "链" * 5000 + "](https://example.org/" + ")" * 50000 + "\n"
    page = parse("# 标题\n\n正文。\n\n" + line)
    assert page.articles[0].url == ""
    assert "链" * 5000 in "".join(page.articles[0].paragraphs)


def test_yaml_alias_bomb_is_refused() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    page = parse("---\n" + "\n".join(lines) + "\n---\n# 标题\n\n正文。\n")
    assert page.front_matter == {}
    assert any("front matter" in w for w in page.warnings)
    assert page.articles[-1].title == "标题"


@pytest.mark.parametrize(
    "block",
    [
        "---\n" + "[" * 5000 + "\n---\n",
        "---\nkey: !!python/object:os.system [echo]\n---\n",
        "---\n\tbad: tab\n---\n",
        "---\n" + "k: v\n" * 500 + "---\n",
    ],
    ids=["deep", "python-tag", "tab", "too-long"],
)
def test_hostile_front_matter_is_only_a_warning(block: str) -> None:
    page = parse(block + "# 标题\n\n正文。\n")
    assert page.warnings
    assert page.articles[-1].title == "标题"


def test_a_key_given_twice_keeps_the_block_as_text() -> None:
    """YAML keeps only a repeated key's last value; the first must not vanish."""
    page = parse("---\ntitle: 郑州日报\ndate: 2023-10-12\ntitle: 高新区版\n---\n# 标题\n\n正文。\n")
    assert page.front_matter == {}
    assert page.warnings == (
        "front matter: invalid YAML (key 'title' given twice, line 4), kept as text",
    )
    kept = kept_text(page)
    assert "郑州日报" in kept and "高新区版" in kept


def test_merge_keys_may_override_without_a_warning() -> None:
    page = parse("---\nbase: &b {x: 1}\nm:\n  <<: *b\n  x: 2\n---\n# 标题\n\n正文。\n")
    assert page.front_matter == {"base": {"x": 1}, "m": {"x": 2}}
    assert not page.warnings


def test_front_matter_values_are_json_friendly() -> None:
    page = parse(
        "---\ndate: 2024-05-06\nupdated: 2024-05-06 08:30:00\nsection: 6\nratio: .nan\n"
        "tags: {a: [1, 2]}\n---\n# 标题\n\n正文。\n"
    )
    assert page.front_matter["date"] == "2024-05-06"
    assert page.front_matter["updated"].startswith("2024-05-06")
    assert page.front_matter["ratio"] == "nan"
    assert page.front_matter["tags"] == {"a": [1, 2]}
    assert page.page == "第06版"
    assert page.date == "2024-05-06"


def test_html_entities_and_line_break_tags() -> None:
    page = parse("# 标题&nbsp;一\n\n甲&amp;乙&#8220;丙&#x201D;<br>丁&unknown;。\n")
    article = page.articles[0]
    assert article.title == "标题\xa0一"
    assert article.paragraphs == ("甲&乙“丙” 丁&unknown;。",)


def test_leftover_formatting_tags_go_other_tags_stay() -> None:
    page = parse('# 标题\n\n正文<p>甲<span style="color:red">乙</span><b>丙</b></p><x-tag>丁。\n')
    assert page.articles[0].paragraphs == ("正文甲乙丙<x-tag>丁。",)
    # A line opening with a tag is an HTML block: all its tags are markup.
    block = parse('# 标题\n\n<p>甲<span style="color:red">乙</span><b>丙</b></p><x-tag>丁。\n')
    assert block.articles[0].paragraphs == ("甲乙丙丁。",)


def test_ideographic_indent_starts_a_paragraph() -> None:
    page = parse("# 标题\n\n\u3000\u3000第一段。\n\u3000\u3000第二段。\n接着第二段。\n")
    assert page.articles[0].paragraphs == ("第一段。", "第二段。接着第二段。")


def test_plain_text_pages_have_a_paragraph_per_sentence_line() -> None:
    text = "标题\n本报讯 第一段说完了。\n第二段没有写\n完，在这里结束。\n记者 王浩\n"
    as_txt = parse(text, "page.txt").articles[0]
    assert as_txt.title == "标题"
    assert as_txt.level == 0
    assert as_txt.dateline == "本报讯"
    assert as_txt.paragraphs == ("第一段说完了。", "第二段没有写完，在这里结束。")
    assert [str(b) for b in as_txt.bylines] == ["记者 王浩"]
    as_md = parse(text, "page.md").articles[0]
    assert as_md.title == "标题"
    assert as_md.paragraphs == ("第一段说完了。第二段没有写完，在这里结束。",)


def test_control_characters_and_odd_separators_are_kept() -> None:
    page = parse("# 标题\n\n甲\x0c乙\u2028丙\x1b丁。\n")
    assert page.articles[0].paragraphs == ("甲\x0c乙\u2028丙\x1b丁。",)


def test_only_markdown_syntax() -> None:
    with pytest.raises(ParseError):
        parse_bytes(b"   \n", "x.md")
    page = parse("---\n---\n\n***\n")
    assert page.articles == ()
    assert page.front_matter == {}


def test_utf16_with_bom_but_odd_length_is_an_error() -> None:
    with pytest.raises(ParseError) as info:
        parse_bytes(codecs.BOM_UTF16_LE + "标题".encode("utf-16-le") + b"\x00", "x.md")
    assert info.value.reason.startswith("cannot decode")
