"""Fuzzing what newsreader reads from outside: pages, queries, feeds, and what it prints.

* The page parser never raises on arbitrary bytes or on mutated real pages
  (``ParseError`` is its one way to say no) and loses nothing: every
  non-ASCII, non-space character of the decoded input is kept in some field
  (Markdown syntax is ASCII, so it is all content). The parser's own
  property test covers generated pages character by character.
* Hostile query strings (FTS5 and SQL syntax, operators in odd places,
  controls, full-width syntax) never raise in ``Archive.search`` or the CLI,
  and their results equal the brute-force oracle of ``test_search``.
* Feed parsing never raises on mutated feeds (truncated, spliced, junk
  inserted, entity bombs), and whatever it yields can be stored.
* ``text.visible`` lets no control, bidi or invisible character through, and
  neither does any CLI output for hostile article text.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_search import oracle

from newsreader import Archive
from newsreader.cli.main import cli
from newsreader.models import Byline, ParsedArticle, ParsedPage
from newsreader.parse import ParseError, parse_bytes
from newsreader.parse.decode import decode
from newsreader.parse.dispatch import parse_any
from newsreader.parse.feed import parse_feed
from newsreader.parse.page import kept_text
from newsreader.search.query import parse_query
from newsreader.text import visible

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE = ROOT / "content" / "zhengzhou-high-tech-zone-page.md"
PAGES = [
    SAMPLE,
    FIXTURES / "pages" / "big5-traditional.md",
    FIXTURES / "pages" / "20231012-gb18030.txt",
    FIXTURES / "pages" / "2025-01-03" / "renmin-06.md",
]
FEEDS = sorted((FIXTURES / "feeds").iterdir())

FUZZ = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Written here, not taken from text.py, so the two lists check each other.
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)
# Content: anything but ASCII (Markdown syntax), whitespace and U+FEFF (a byte
# order mark, which the decoder and the parser both strip at the start).
CONTENT_CHAR = re.compile(r"[^\x00-\x7f\s\ufeff]")
HOSTILE_PIECES = [
    "\x1b[2J",
    "\x1b]52;c;aGk=\x07",
    "\x1b]8;;http://evil/\x1b\\",
    "\x9b31m",
    "\x07",
    "\u202e",
    "\u2066",
    "\u200b",
    "\u200f",
    "\ufeff",
    "\u2028",
    "\U000e0041",
    "[bold red]",
    "[/]",
    "[link=http://x]",
    "[@click=app.quit]",
    "\r",
    "\x00",
]


def content_chars(text: str) -> Counter[str]:
    return Counter(CONTENT_CHAR.findall(text))


def assert_nothing_lost(data: bytes, name: str) -> None:
    """Parse ``data``; unless refused, every content character must be kept."""
    try:
        page = parse_bytes(data, name)
    except ParseError as error:
        assert error.reason and "\n" not in error.reason
        return
    text, _encoding = decode(data)
    lost = content_chars(text) - content_chars(kept_text(page))
    assert not lost, f"characters lost: {dict(lost)}"


# ------------------------------------------------------------------ pages
@FUZZ
@given(st.binary(max_size=2000))
def test_page_parser_never_raises_on_bytes(data: bytes) -> None:
    assert_nothing_lost(data, "fuzz.md")


MARKDOWN_PIECES = [
    *"#>*_-=`[]()!\\|:~ \n\t\r.。，“”（）《》",
    *"记者本报讯通讯员王浩经济郑州年月日第版0123",
    "---\n",
    "## ",
    "\n\n",
    "<br>",
    "http://a.b/c",
    "[链接](http://x.y/z)\n",
    "```\n",
    "| a | b |\n",
    "  \n",
    "\\\n",
    *HOSTILE_PIECES,
]


@FUZZ
@given(st.one_of(st.text(max_size=400), st.lists(st.sampled_from(MARKDOWN_PIECES)).map("".join)))
def test_page_parser_never_raises_on_text(text: str) -> None:
    assert_nothing_lost(text.encode("utf-8"), "fuzz.md")


@st.composite
def mutated_page(draw: st.DrawFn) -> tuple[bytes, str]:
    """A real page with body lines deleted, repeated, swapped, cut or given Markdown.

    Front matter is left alone: YAML keeps one value of a repeated key, which
    is YAML's rule (noted in the report), not the page parser losing text.
    """
    path = draw(st.sampled_from(PAGES))
    raw = path.read_bytes()
    text, _encoding = decode(raw)
    lines = text.splitlines(keepends=True)
    head: list[str] = []
    if lines and lines[0].strip() == "---":
        end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), 0)
        head, lines = lines[: end + 1], lines[end + 1 :]
    for _ in range(draw(st.integers(0, 8))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "repeat", "swap", "insert", "cut"]))
        if op == "delete":
            lines.pop(i)
        elif op == "repeat":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            lines.insert(i, draw(st.sampled_from(MARKDOWN_PIECES)))
        else:
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
    lines = head + lines
    body = "".join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
    return body.encode(encoding, errors="replace"), path.name


@FUZZ
@given(mutated_page())
def test_page_parser_keeps_mutated_real_pages(case: tuple[bytes, str]) -> None:
    data, name = case
    assert_nothing_lost(data, name)


@st.composite
def damaged_bytes(draw: st.DrawFn, sources: list[Path]) -> bytes:
    """A real file's bytes cut, spliced and sprinkled with bytes of other encodings."""
    data = bytearray(draw(st.sampled_from(sources)).read_bytes())
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["truncate", "delete", "insert", "flip", "splice"]))
        if op == "truncate":
            del data[at:]
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif op == "insert":
            data[at:at] = draw(
                st.one_of(
                    st.binary(min_size=1, max_size=8),
                    st.sampled_from(
                        [b"\xef\xbb\xbf", b"\xff\xfe", b"\x00", b"\xa1", b"\xe4\xb8", b"\x81\x30"]
                    ),
                )
            )
        elif op == "flip" and at < len(data):
            data[at] ^= draw(st.integers(1, 255))
        elif op == "splice":
            data[at:at] = data[: draw(st.integers(0, 200))]
    return bytes(data)


@FUZZ
@given(damaged_bytes(PAGES))
def test_page_parser_survives_damaged_bytes(data: bytes) -> None:
    assert_nothing_lost(data, "damaged.md")


# ---------------------------------------------------------------- queries
QUERY_PIECES = [
    *('"', "'", "-", "--", "OR", "AND", "NOT", "NEAR", "NEAR(", "*", "^", "(", ")", ":", "+"),
    *("title:", "author:", "section:", "date:", "is:", "标题:", "记者:", "版面:"),
    *("date:2023-13-45", "date:..", "is:starred", "-is:read", "is:nonsense", "＂", "－", "："),
    *("'; DROP TABLE articles; --", "%", "_", "\\", "\x00", "\x1b[31m", "\u202e", "\u200b"),
    *("保交楼", "高新区", "郑州", "記者", "ＧＤＰ", "gdp", "zz", "bjl", "警示大会", "的"),
]


@st.composite
def hostile_query(draw: st.DrawFn) -> str:
    pieces = draw(
        st.lists(
            st.one_of(st.sampled_from(QUERY_PIECES), st.text(max_size=6)), min_size=1, max_size=6
        )
    )
    joints = draw(st.lists(st.sampled_from(["", " ", "  ", "\t"]), min_size=len(pieces)))
    return "".join(p + j for p, j in zip(pieces, joints, strict=False))


@FUZZ
@given(st.one_of(st.text(max_size=200), hostile_query()))
def test_query_parser_never_raises(text: str) -> None:
    query = parse_query(text)
    query.highlight_terms()


def hostile_page() -> ParsedPage:
    """Articles whose text holds query syntax and terminal controls, beside the sample."""
    articles = tuple(
        ParsedArticle(
            position=i,
            title=f"标题{i} {piece} OR -保交楼",
            level=2,
            section="要闻" if i % 2 else "",
            date=f"2023-10-{i + 1:02d}",
            paragraphs=(f'正文"{piece}"高新区 NEAR(郑州) title:x {i}',),
            bylines=(Byline("记者", f"王{piece}浩"),),
            identity=f"hostile-{i}",
        )
        for i, piece in enumerate(HOSTILE_PIECES)
    )
    return ParsedPage(articles=articles, encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("fuzz") / "news.db"
    with Archive.open(db) as archive:
        assert archive.import_paths([SAMPLE]).ok
        archive.store_page("hostile.feed", hostile_page(), content_hash="h", kind="feed")
        archive.set_read(1)
        archive.set_starred(6)
    return db


@FUZZ
@given(query=hostile_query())
def test_hostile_queries_equal_the_oracle(hostile_archive: Path, query: str) -> None:
    with Archive.open(hostile_archive, read_only=True) as archive:
        articles = list(archive.articles())
        ids = archive.search_ids(query)
        result = archive.search(query, limit=5)
        by_date = archive.search_ids(query, sort="date")
    assert set(ids) == oracle(articles, parse_query(query))
    assert len(ids) == len(set(ids)) and sorted(by_date) == sorted(ids)
    assert result.total == len(ids) and [h.id for h in result.hits] == ids[:5]


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(query=hostile_query())
def test_hostile_queries_through_the_cli(hostile_archive: Path, query: str) -> None:
    with Archive.open(hostile_archive, read_only=True) as archive:
        expected = oracle(list(archive.articles()), parse_query(query))
    runner = CliRunner()
    # "--" so that a query starting with "-" is a query, as on a real command line.
    outcome = runner.invoke(
        cli, ["search", "--db", str(hostile_archive), "--json", "--limit", "500", "--", query]
    )
    if not query.strip():
        assert outcome.exit_code in (0, 2)
        return
    assert outcome.exception is None or isinstance(outcome.exception, SystemExit), outcome
    assert outcome.exit_code == 0, outcome.stderr
    payload = json.loads(outcome.stdout)
    assert {hit["id"] for hit in payload["hits"]} == expected
    plain = runner.invoke(cli, ["search", "--db", str(hostile_archive), "--", query])
    assert plain.exit_code == 0 and not FORBIDDEN.search(plain.stdout)


# ------------------------------------------------------------------ feeds
BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE b [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
]>
<rss version="2.0"><channel><title>&g;</title>
<item><title>&g;</title><description>&g;</description></item></channel></rss>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE r [ <!ENTITY secret SYSTEM "file:///etc/hostname"> ]>
<rss version="2.0"><channel><title>t</title>
<item><title>&secret;</title><description>&secret;</description></item></channel></rss>"""


def test_entity_bombs_and_external_entities_are_not_expanded() -> None:
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else ""
    for data in (BOMB, EXTERNAL):
        try:
            page = parse_feed(data, "bomb.xml")
        except ParseError:
            continue
        text = kept_text(page) + json.dumps(page.front_matter, ensure_ascii=False, default=str)
        assert len(text) < 100_000, "an entity was expanded"
        assert not hostname or hostname not in text, "an external entity was read"


FEED_JUNK = [
    b"<",
    b"&",
    b"&amp",
    b"&#0;",
    b"&#x1b;",
    b"]]>",
    b"<![CDATA[",
    b"<!DOCTYPE x>",
    b"<item>",
    b"</item>",
    b"</channel>",
    b"<entry><title>",
    b'{"items": [',
    b"}",
    b"\x00",
    b"\xff\xfe",
    b"\xa4\xa4",
    b'encoding="big5"',
    b"\x1b]52;c;aGk=\x07",
]


@st.composite
def mutated_feed(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(damaged_bytes(FEEDS)))
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(data)))
        data[at:at] = draw(st.sampled_from(FEED_JUNK))
    return bytes(data)


@FUZZ
@given(data=mutated_feed())
def test_feed_import_never_raises_on_mutated_feeds(tmp_path: Path, data: bytes) -> None:
    for name in ("feed.xml", "feed.json"):
        try:
            page = parse_feed(data, name)
        except ParseError as error:
            assert error.reason and "\n" not in error.reason
            continue
        assert isinstance(page, ParsedPage)
        with contextlib.suppress(ParseError):
            parse_any(data, name)
    with Archive.open(tmp_path / "feeds.db") as archive:
        try:
            page = parse_feed(data, "feed.xml")
        except ParseError:
            return
        report = archive.store_page("http://fuzz/feed.xml", page, content_hash="x")
        assert report.ok, report.failed


# --------------------------------------------------------------- rendering
@FUZZ
@given(st.text(alphabet=st.characters(exclude_categories=("Cs",))))
def test_visible_lets_no_control_through(text: str) -> None:
    shown = visible(text)
    assert len(shown) == len(text)
    assert not FORBIDDEN.search(shown)
    assert all(a == b for a, b in zip(text, shown, strict=True) if not FORBIDDEN.match(a))


hostile_text = st.lists(
    st.one_of(
        st.sampled_from(HOSTILE_PIECES),
        st.sampled_from(["郑州", "新闻", "。", " ", "[b]"]),
        st.characters(exclude_categories=("Cs",)),
    ),
    min_size=1,
    max_size=12,
).map("".join)


@st.composite
def hostile_article(draw: st.DrawFn) -> ParsedArticle:
    return ParsedArticle(
        position=0,
        title="甲" + draw(hostile_text),
        level=2,
        section=draw(hostile_text),
        page=draw(hostile_text),
        publication=draw(hostile_text),
        date="2024-01-01",
        dateline=draw(hostile_text),
        paragraphs=(draw(hostile_text) + "乙丙丁", draw(hostile_text)),
        bylines=(Byline(draw(hostile_text), draw(hostile_text)),),
        url="http://x/" + draw(hostile_text),
        identity="fuzz",
    )


def _cli_outputs(db: Path, *, as_json: bool) -> list[str]:
    runner = CliRunner()
    commands = [["show", "1"], ["list"], ["search", "乙丙丁"], ["stats"]]
    outputs = []
    for command in commands:
        if as_json:
            command = [*command, "--json"]
        result = runner.invoke(cli, [*command, "--db", str(db)], obj={}, catch_exceptions=False)
        assert result.exit_code == 0, (command, result.stderr)
        outputs += [result.stdout, result.stderr]
    return outputs


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(article=hostile_article())
def test_cli_plain_outputs_show_hostile_text_literally(
    tmp_path: Path, article: ParsedArticle
) -> None:
    db = tmp_path / "render.db"
    db.unlink(missing_ok=True)
    with Archive.open(db) as archive:
        archive.store_page("hostile", ParsedPage((article,), "utf-8"), content_hash="h")
    outputs = _cli_outputs(db, as_json=False)
    for output in outputs:
        assert not FORBIDDEN.search(output), repr(FORBIDDEN.search(output))
    if "[bold red]" in article.title:
        assert "[bold red]" in outputs[0], "markup must be shown literally"


def test_cli_json_outputs_escape_every_invisible_character(tmp_path: Path) -> None:
    # One fixed article (a failing hypothesis test would spend its time shrinking).
    pieces = "".join(HOSTILE_PIECES)
    article = ParsedArticle(
        position=0,
        title=f"甲{pieces}",
        level=2,
        section=pieces,
        date="2024-01-01",
        dateline=pieces,
        paragraphs=(f"{pieces}乙丙丁", pieces),
        bylines=(Byline("记者", f"王{pieces}"),),
        identity="fuzz",
    )
    db = tmp_path / "render.db"
    with Archive.open(db) as archive:
        archive.store_page("hostile", ParsedPage((article,), "utf-8"), content_hash="h")
    outputs = _cli_outputs(db, as_json=True)
    shown = json.loads(outputs[0])
    assert shown["title"] == article.title and shown["paragraphs"] == list(article.paragraphs)
    for output in outputs:
        assert not FORBIDDEN.search(output), repr(FORBIDDEN.search(output))
