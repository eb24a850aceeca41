"""The query language (newsreader.search.query): operators, filters, malformed input."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsreader.search.query import Clause, Query, Term, parse_date_filter, parse_query


def words(q: Query) -> list[list[str]]:
    """Clause texts, negated ones prefixed with "-" (compact for asserts)."""
    return [[("-" if c.negated else "") + t.text for t in c.alternatives] for c in q.clauses]


def test_and_of_terms() -> None:
    q = parse_query("保交楼  经济\u3000普查")
    assert words(q) == [["保交楼"], ["经济"], ["普查"]]
    assert q.highlight_terms() == ("保交楼", "经济", "普查")
    assert not q.is_empty


def test_empty_and_blank() -> None:
    for raw in ("", "   ", "\u3000\t\n"):
        q = parse_query(raw)
        assert q.is_empty
        assert q.clauses == ()
        assert q.raw == raw


def test_or_binds_tighter_than_and() -> None:
    q = parse_query("a b OR c")
    assert q.clauses == (Clause((Term("a"),)), Clause((Term("b"), Term("c"))))
    assert words(parse_query("a OR b OR c d")) == [["a", "b", "c"], ["d"]]


def test_and_keyword_is_implicit() -> None:
    assert words(parse_query("a AND b")) == [["a"], ["b"]]


def test_negation() -> None:
    q = parse_query("经济 -普查")
    assert q.clauses[1] == Clause((Term("普查"),), negated=True)
    assert q.highlight_terms() == ("经济",)
    assert q.positive == (q.clauses[0],) and q.negative == (q.clauses[1],)


def test_phrase_keeps_spaces() -> None:
    q = parse_query('"high tech  zone" x')
    assert q.clauses[0] == Clause((Term("high tech  zone", phrase=True),))
    assert words(q)[1] == ["x"]
    assert parse_query('-"a b"').clauses == (Clause((Term("a b", phrase=True),), negated=True),)


def test_fields() -> None:
    q = parse_query('title:经济 author:孙庆辉 记者:张慧丽 section:要闻 版面:"第 二 版"')
    assert [t for c in q.clauses for t in c.alternatives] == [
        Term("经济", "title"),
        Term("孙庆辉", "author"),
        Term("张慧丽", "author"),
        Term("要闻", "section"),
        Term("第 二 版", "section", phrase=True),
    ]
    assert parse_query("Title:x").clauses[0].alternatives[0] == Term("x", "title")
    assert parse_query("記者:x").clauses[0].alternatives[0] == Term("x", "author")
    assert parse_query("-title:x").clauses[0] == Clause((Term("x", "title"),), negated=True)
    assert parse_query("title:x OR y").clauses[0].alternatives == (Term("x", "title"), Term("y"))


@pytest.mark.parametrize(
    ("raw", "lo", "hi"),
    [
        ("date:2023", "2023-01-01", "2023-12-31"),
        ("date:2023-10", "2023-10-01", "2023-10-31"),
        ("date:2024-02", "2024-02-01", "2024-02-29"),
        ("date:2023-02", "2023-02-01", "2023-02-28"),
        ("date:2023-10-05", "2023-10-05", "2023-10-05"),
        ("date:2023-1-5", "2023-01-05", "2023-01-05"),
        ("date:20231005", "2023-10-05", "2023-10-05"),
        ("date:2023/10/05", "2023-10-05", "2023-10-05"),
        ("date:2023-10-01..2023-10-31", "2023-10-01", "2023-10-31"),
        ("date:2023-10..2024", "2023-10-01", "2024-12-31"),
        ("date:..2023-10-31", None, "2023-10-31"),
        ("date:2023-10-01..", "2023-10-01", None),
        ("date:２０２３－１０", "2023-10-01", "2023-10-31"),
        ("日期:2023年10月", "2023-10-01", "2023-10-31"),
        ("date:2023年", "2023-01-01", "2023-12-31"),
        ("date:2023年10月5日", "2023-10-05", "2023-10-05"),
        ("date:2023年10月..2023年12月", "2023-10-01", "2023-12-31"),
        ("date:2023 date:2023-06..2024", "2023-06-01", "2023-12-31"),
    ],
)
def test_dates(raw: str, lo: str | None, hi: str | None) -> None:
    q = parse_query(raw)
    assert (q.date_from, q.date_to) == (lo, hi)
    assert q.clauses == ()
    assert not q.is_empty


@pytest.mark.parametrize(
    "raw",
    [
        "date:garbage",
        "date:2023-13",
        "date:2023-02-30",
        "date:..",
        "date:0000",
        "date:2023..x",
        "date:年",
        "date:2023年13月",
        "date:2023--10",
        "date:...2023",
    ],
)
def test_bad_dates_are_literal(raw: str) -> None:
    q = parse_query(raw)
    assert (q.date_from, q.date_to) == (None, None)
    assert words(q) == [[raw]]


def test_parse_date_filter_direct() -> None:
    assert parse_date_filter("2023-10") == ("2023-10-01", "2023-10-31")
    assert parse_date_filter("nope") is None


def test_flags() -> None:
    q = parse_query("is:unread is:starred 经济")
    assert (q.unread, q.starred) == (True, True)
    assert words(q) == [["经济"]]
    q = parse_query("-is:unread -is:starred")
    assert (q.unread, q.starred) == (False, False)
    assert q.clauses == () and not q.is_empty
    assert parse_query("is:read").unread is False
    assert words(parse_query("is:nonsense")) == [["is:nonsense"]]


def test_only_ascii_is_syntax() -> None:
    """Full-width and typographic look-alikes of the syntax are text (pasted Chinese)."""
    q = parse_query("－经济 ＂保 交＂ 标题：楼 “一带一路”倡议 「三集」 ａ ＯＲ ｂ")
    assert q.clauses == tuple(
        Clause((Term(t),))
        for t in (
            "－经济",
            "＂保",
            "交＂",
            "标题：楼",
            "“一带一路”倡议",
            "「三集」",
            "ａ",
            "ＯＲ",
            "ｂ",
        )
    )
    assert parse_query("－2℃／").clauses == (Clause((Term("－2℃／"),)),)
    q = parse_query('-经济 "保 交" 标题:楼 a OR b')
    assert q.clauses == (
        Clause((Term("经济"),), negated=True),
        Clause((Term("保 交", phrase=True),)),
        Clause((Term("楼", "title"),)),
        Clause((Term("a"), Term("b"))),
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('"', [['"']]),
        ('"abc', [['"abc']]),
        ('"abc def', [['"abc'], ["def"]]),
        ('""', [['""']]),
        ('" "', [['"'], ['"']]),
        ("-", [["-"]]),
        ("- a", [["-"], ["a"]]),
        ("--a", [["--a"]]),
        ("OR", [["OR"]]),
        ("OR a", [["OR"], ["a"]]),
        ("a OR", [["a"], ["OR"]]),
        ("-a OR b", [["-a"], ["OR"], ["b"]]),
        ("a OR -b", [["a"], ["OR"], ["-b"]]),
        ("AND(", [["AND("]]),
        ("AND", [["AND"]]),
        ("title:", [["title:"]]),
        ("title: x", [["title:"], ["x"]]),
        ("foo:bar", [["foo:bar"]]),
        ("http://example.com/a", [["http://example.com/a"]]),
        ("NEAR(a b)", [["NEAR(a"], ["b)"]]),
        ("a*", [["a*"]]),
        ("^a", [["^a"]]),
        ("{title}:", [["{title}:"]]),
        ("{title}:x", [["{title}:x"]]),
        ("'; DROP TABLE x; --", [["';"], ["DROP"], ["TABLE"], ["x;"], ["--"]]),
        ('a"b"c', [['a"b"c']]),
        ("is:", [["is:"]]),
        ("-date:2023", [["-date:2023"]]),
        ("or", [["or"]]),
    ],
)
def test_malformed_is_literal(raw: str, expected: list[list[str]]) -> None:
    q = parse_query(raw)
    assert words(q) == expected
    assert q.date_from is None and q.unread is None


def test_term_text_is_not_folded() -> None:
    q = parse_query("經濟 ＧＤＰ")
    assert q.highlight_terms() == ("經濟", "ＧＤＰ")


def test_highlight_terms_dedup_and_skip_negated() -> None:
    q = parse_query("a b OR a -c title:d")
    assert q.highlight_terms() == ("a", "b", "d")


def test_query_is_frozen_and_hashable() -> None:
    q = parse_query("a OR b -c")
    assert hash(q) == hash(parse_query("a OR b -c"))
    with pytest.raises(AttributeError):
        q.raw = "x"  # type: ignore[misc]


_SYNTAX = set('"“”＂„-－−:：')


@settings(max_examples=300)
@given(st.text())
def test_never_raises_and_terms_are_clean(raw: str) -> None:
    q = parse_query(raw)
    assert q.raw == raw
    for clause in q.clauses:
        assert clause.alternatives
        for term in clause.alternatives:
            assert term.text
            assert term.field in (None, "title", "author", "section")
            if not term.phrase:
                assert not any(ch.isspace() for ch in term.text)


_SYNTAX_HEAVY = st.text(alphabet=st.sampled_from(list("ab经 -\":：OR()*^{}'date2023-10.is")))


@settings(max_examples=300)
@given(_SYNTAX_HEAVY)
def test_never_raises_on_syntax_soup(raw: str) -> None:
    q = parse_query(raw)
    for c in q.clauses:
        assert all(t.text for t in c.alternatives)


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(blacklist_characters=sorted(_SYNTAX))))
def test_every_character_is_searched(raw: str) -> None:
    if any(unicodedata.normalize("NFKC", w) in ("OR", "AND") for w in raw.split()):
        return
    q = parse_query(raw)
    joined = "".join(t.text for c in q.clauses for t in c.alternatives)
    assert joined == "".join(ch for ch in raw if not ch.isspace())
    assert all(not c.negated for c in q.clauses)
