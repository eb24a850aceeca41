"""Nothing is lost: every non-syntax character of a page is kept, in order.

Two independent readings say what the content is. markdown-it-py reads the
page as CommonMark does (text, code, link and image targets, the text of
HTML blocks; comments and tags are markup), and the strategy below builds a
page from content pieces and Markdown syntax at the same time, so it knows
exactly which characters are content. Every such character (whitespace
aside) must appear, in file order, in ``kept_text``: the stored fields,
source-level ones (front matter, edition lines, page furniture) included.
"""

from __future__ import annotations

import codecs
import html
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from newsreader.parse import parse_bytes, parse_file
from newsreader.parse.blocks import commonmark_blocks, split_blocks
from newsreader.parse.page import kept_text

ROOT = Path(__file__).resolve().parent.parent
PAGE_FILES = sorted(
    p
    for p in (*(ROOT / "tests" / "fixtures" / "pages").rglob("*"), *(ROOT / "content").glob("*"))
    if p.suffix in (".md", ".markdown") and p.stat().st_size > 0 and p.name != "binary.md"
)

_COMMONMARK = MarkdownIt("commonmark")
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
# In an HTML block tags are markup, and so is a comment, closed or not.
_TAG_OR_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)|<[^<>]*>", re.DOTALL)
# Delimiters CommonMark may leave as literal text where its flanking rules
# (written for spaced scripts) do not see emphasis next to CJK punctuation.
_DELIMITERS = str.maketrans("", "", "*_`~")


def _inline_reading(children: list[Token], targets: list[str]) -> list[str]:
    out: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type == "link_open":
            targets.append(str(child.attrs.get("href", "")))
        elif child.type == "image":
            out.extend(_inline_reading(child.children or [], targets))
            targets.append(str(child.attrs.get("src", "")))
    return out


def markdown_reading(text: str) -> tuple[str, list[str]]:
    """The page's text as markdown-it-py reads it, and its link and image targets.

    Front matter is not Markdown: it is cut off here and checked apart.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _FRONT_MATTER.sub("", text.removeprefix("\ufeff"), count=1)
    out: list[str] = []
    targets: list[str] = []
    for token in _COMMONMARK.parse(text):
        if token.type == "inline":
            out.extend(_inline_reading(token.children or [], targets))
        elif token.type in ("code_block", "fence"):
            out.append(token.content)
        elif token.type == "html_block":
            out.append(html.unescape(_TAG_OR_COMMENT.sub("", token.content)))
    return "".join(out), targets


def _comparable(text: str) -> str:
    return _dense(text).translate(_DELIMITERS)


def assert_nothing_lost(source: str, kept: str) -> None:
    """Every character markdown-it reads as text is in ``kept``, in order.

    Link targets are stored with their article (``url``, ``links``), not in
    the middle of its text: each must be kept, wherever.
    """
    text, targets = markdown_reading(source)
    content, stored = _comparable(text), _comparable(kept)
    for target in targets:
        assert target in kept, f"lost link {target!r}"
    position = 0
    for index, char in enumerate(content):
        position = stored.find(char, position)
        assert position >= 0, f"lost at {index}: {content[max(0, index - 20) : index + 20]!r}"
        position += 1


WORDS = tuple(
    [
        "经济",
        "发展",
        "会议",
        "召开",
        "高新区",
        "企业",
        "创新",
        "群众",
        "服务",
        "安置房",
        "建设",
        "工作",
        "推进",
        "质量",
        "数据",
        "普查",
        "孵化器",
        "科技",
        "政策",
        "改革",
        "郑州",
        "河南",
        "记者",
        "本报",
        "通讯员",
        "编辑",
        "文明",
        "图书",
        "电力",
        "GDP",
        "Beta",
        "alpha",
        "2023年",
        "10月7日",
        "3.5%",
        "12",
        "x86",
    ]
)
PUNCT = (*"，。、；：！？“”（）《》,.;:?%…", "——")
ENDS = ["。", "！", "？", "…", ".", "”", "", "", ","]
NAMES = ["孙庆辉", "张慧丽", "王浩", "欧阳明月", "李明", "曹庆海"]
ROLES = ["记者", "通讯员", "本报记者", "实习生", "摄影", "编辑", "文/图"]
FM_KEYS = ["title", "publication", "section", "section_name", "author"]


class Page:
    """Markdown being built, and the content characters it holds, in order."""

    def __init__(self) -> None:
        self.md: list[str] = []
        self.content: list[str] = []
        self.bylines: list[tuple[str, str]] = []
        self.urls: list[str] = []

    def syntax(self, text: str) -> None:
        self.md.append(text)

    def text(self, text: str) -> None:
        self.md.append(text)
        self.content.append(text)


def sentence(draw: st.DrawFn) -> str:
    """Words and punctuation, never Markdown-significant characters."""
    parts = draw(
        st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(PUNCT)), min_size=1, max_size=12)
    )
    gaps = draw(st.lists(st.sampled_from(["", "", " "]), min_size=len(parts), max_size=len(parts)))
    text = "".join(p + g for p, g in zip(parts, gaps, strict=True)).strip()
    return text or "正文"


@st.composite
def paragraph(draw: st.DrawFn, page: Page) -> None:
    """One body paragraph, maybe with inline Markdown, hard breaks or a column break."""
    pieces = [sentence(draw) for _ in range(draw(st.integers(1, 3)))]
    end = draw(st.sampled_from(ENDS))
    kind = draw(st.integers(0, 19))
    quote = kind == 0
    if quote:
        page.syntax("> ")
    elif kind == 1:
        page.syntax("- ")
    elif kind == 2:
        page.syntax("\u3000\u3000")  # the Chinese paragraph indent
    for index, piece in enumerate(pieces):
        style = draw(st.integers(0, 9))
        if style == 0:
            page.syntax("**")
            page.text(piece)
            page.syntax("**")
        elif style == 1:
            url = f"https://example.org/{draw(st.integers(0, 999))}"
            page.syntax("[")
            page.text(piece)
            page.syntax(f"]({url})")
            page.urls.append(url)
        else:
            page.text(piece)
        if index < len(pieces) - 1:
            gap = draw(st.sampled_from([" ", "  \n", "\\\n", "\n", "\n\n"]))
            page.syntax(gap + ("> " if quote and "\n" in gap else ""))
    page.text(end)
    page.syntax("\n\n")


@st.composite
def byline(draw: st.DrawFn, page: Page, glued: bool) -> None:
    role = draw(st.sampled_from(ROLES))
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=3, unique=True))
    page.bylines.extend((role, name) for name in names)
    if glued:
        page.md[-1] = page.md[-1].rstrip("\n")  # back onto the last paragraph
        page.text("。")
    page.text(role)
    page.syntax(draw(st.sampled_from([" ", "\n"])) if not glued else " ")
    page.text("、".join(names))
    page.syntax("\n\n")


@st.composite
def pages(draw: st.DrawFn) -> tuple[Page, str]:
    page = Page()
    if draw(st.booleans()):
        keys = draw(st.lists(st.sampled_from(FM_KEYS), unique=True, max_size=4))
        values = {key: sentence(draw) for key in keys}
        page.syntax("---\n")
        for key, value in values.items():
            line = yaml.safe_dump({key: value}, allow_unicode=True, width=1000)
            page.md.append(line)
            page.content.extend([key, value])
        if draw(st.booleans()):
            page.syntax("date: ")
            page.text("2023-10-12")
            page.content[-1:] = ["date", "2023-10-12"]
            page.syntax("\n")
        page.syntax("---\n")
    if draw(st.booleans()):
        page.syntax("<!--repaste.body.begin-->\n\n")
    for _ in range(draw(st.integers(0, 2))):
        draw(paragraph(page))
    for _ in range(draw(st.integers(0, 5))):
        level = draw(st.integers(1, 4))
        page.syntax("#" * level + " ")
        page.text(sentence(draw))
        page.syntax("\n\n")
        count = draw(st.integers(0, 3))
        if count and draw(st.booleans()):
            page.text("本报讯")
            page.syntax(" ")
        for _ in range(count):
            draw(paragraph(page))
            extra = draw(st.integers(0, 9))
            if extra == 0:
                page.syntax("---\n\n")  # a rule between paragraphs
            elif extra == 1:
                page.syntax("<!--repaste.body.end-->\n\n")
            elif extra == 2:  # entities, and an escaped one that stays text
                page.syntax("&#x65B0;")
                page.content.append("新")
                page.syntax("\\")
                page.text("&#xA;")
                page.syntax("&amp;")
                page.content.append("&")
                page.text("。")
                page.syntax("\n\n")
        if count and draw(st.integers(0, 2)) == 0:
            draw(byline(page, glued=draw(st.booleans())))
        if count and draw(st.integers(0, 3)) == 0:
            url = f"https://example.org/p/{draw(st.integers(0, 99))}"
            page.syntax("[")
            page.text("查看原文")
            page.syntax("](")
            page.text(url)
            page.syntax(")\n")
    if draw(st.integers(0, 3)) == 0:
        page.syntax("---\n\n")
        page.text("更新时间：2026-02-02T03:34:20.055Z")
        page.syntax("\n")
    if not page.content:
        page.text("正文。")
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return page, "".join(page.md).replace("\n", newline)


def encode(text: str, name: str) -> bytes:
    if name == "utf-16-le":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    if name == "utf-16-be":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    return text.encode(name)


def _subsequence(needle: str, haystack: str) -> bool:
    it = iter(haystack)
    return all(char in it for char in needle)


def _dense(text: str) -> str:
    return "".join(text.split())


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(["page.md", "page.txt", "2023-10-12/page.markdown"]),
    built=pages(),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "gb18030"]),
)
def test_nothing_is_lost(name: str, built: tuple[Page, str], encoding: str) -> None:
    page, text = built
    cjk = sum("\u4e00" <= c <= "\u9fff" for c in text)
    if encoding == "gb18030" and cjk < 12:
        encoding = "utf-8"  # a few GB bytes can be valid UTF-8 too: too short to tell
    parsed = parse_bytes(encode(text, encoding), name)
    assert parsed.encoding == encoding
    content = _dense("".join(page.content))
    kept = _dense(kept_text(parsed))
    assert _subsequence(content, kept), (content, kept)
    assert_nothing_lost(text, kept_text(parsed))
    # A link alone on an article's last line is taken as its url.
    links = {link for article in parsed.articles for link in (*article.links, article.url)}
    assert set(page.urls) <= links
    found = {(b.role, b.name) for article in parsed.articles for b in article.bylines}
    assert set(page.bylines) <= found


@settings(max_examples=40, deadline=None)
@given(built=pages())
def test_parsing_is_deterministic_and_line_end_blind(built: tuple[Page, str]) -> None:
    _page, text = built
    lf = text.replace("\r\n", "\n").replace("\r", "\n")
    first = parse_bytes(lf.encode("utf-8"), "a.md")
    second = parse_bytes(lf.replace("\n", "\r\n").encode("utf-8"), "a.md")
    assert first.articles == second.articles
    assert kept_text(first) == kept_text(second)
    assert [a.position for a in first.articles] == list(range(len(first.articles)))


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: p.name)
def test_fixture_pages_lose_nothing_markdown_it_reads(path: Path) -> None:
    parsed = parse_file(path)
    assert_nothing_lost(path.read_bytes().decode(parsed.encoding), kept_text(parsed))


def test_the_oracle_can_fail() -> None:
    with pytest.raises(AssertionError):
        assert_nothing_lost("# 标题\n\n正文\\&#xA;。\n", "标题\n正文\n。")


_TRICKY_LINES = [
    "# 标题",
    "## 标题 ##",
    "#标题",
    "   # 缩进标题",
    "- 项目",
    "  续行",
    "    代码或缩进",
    "1. 第一",
    "2) 第二",
    "> 引用",
    ">",
    "正文一段",
    "另一行正文。",
    "\u3000\u3000缩进段",
    "---",
    "===",
    "***",
    "<p>段落</p>",
    "<!-- 注释 -->",
    "<!--",
    "-->",
    "```",
    "~~~",
    "| 表 | 格 |",
    "本报讯 正文",
    "**粗体**",
    "[查看原文](https://x.example/1)",
    "\t制表",
    "+ 加号",
    " ",
    "\u3000",
]


@settings(max_examples=300, deadline=None)
@given(
    parts=st.lists(
        st.tuples(st.sampled_from(_TRICKY_LINES), st.sampled_from(["\n", "\n\n", "\n\n\n"])),
        max_size=25,
    ),
    plain=st.booleans(),
)
def test_plain_run_shortcut_agrees_with_markdown_it(
    parts: list[tuple[str, str]], plain: bool
) -> None:
    text = "".join(line + end for line, end in parts)
    whole: list[object] = []
    commonmark_blocks(text.split("\n"), whole, plain)  # type: ignore[arg-type]
    assert split_blocks(text, plain) == whole


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: p.name)
def test_plain_run_shortcut_agrees_on_fixture_pages(path: Path) -> None:
    text = path.read_bytes().decode(parse_file(path).encoding).removeprefix("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    whole: list[object] = []
    commonmark_blocks(text.split("\n"), whole, False)  # type: ignore[arg-type]
    assert split_blocks(text) == whole
