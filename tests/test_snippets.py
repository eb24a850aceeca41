"""Match spans and cell-aware snippets (newsreader.search.snippets)."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from newsreader.search.snippets import (
    _one_line,
    _snippet,
    count_matches,
    find_spans,
    make_snippet,
    merge_spans,
)
from newsreader.text import cell_width, char_width, fold, fold_mapped

BODY = (
    "本报讯 近日,郑州高新区党纪教育警示大会召开,贯彻落实省、市党纪教育警示大会精神,"
    "以案为鉴、以案促改、以案促治,坚持严的基调。高新区GDP增长7.5%,"
    "第五次全国经济普查工作有序推进。"
)


def spans_text(text: str, spans: tuple[tuple[int, int], ...] | list[tuple[int, int]]) -> list[str]:
    return [text[s:e] for s, e in spans]


def test_find_spans_basic_and_merged() -> None:
    assert find_spans("abcabc", ["bc"]) == [(1, 3), (4, 6)]
    assert find_spans("保交楼", ["保", "交"]) == [(0, 2)]
    assert find_spans("aaaa", ["aa"]) == [(0, 4)]  # (0, 2) and (2, 4) touch: merged
    assert find_spans("aaa", ["aa"]) == [(0, 2)]  # non-overlapping occurrences
    assert find_spans("ab ab", ["a", "b"]) == [(0, 2), (3, 5)]
    assert find_spans("xyz", []) == []
    assert find_spans("xyz", [""]) == []
    assert find_spans("", ["a"]) == []


def test_find_spans_folds_both_sides() -> None:
    text = "經濟發展與ＧＤＰ增長"
    assert spans_text(text, find_spans(text, ["经济"])) == ["經濟"]
    assert spans_text(text, find_spans(text, ["gdp"])) == ["ＧＤＰ"]
    assert spans_text(text, find_spans(text, ["ＧＤＰ增长"])) == ["ＧＤＰ增長"]
    text2 = "经济 GDP"
    assert spans_text(text2, find_spans(text2, ["經濟", "ｇｄｐ"])) == ["经济", "GDP"]


def test_count_matches() -> None:
    assert count_matches(BODY, ["党纪教育"]) == 2
    assert count_matches(BODY, ["以案", "高新区"]) == 5
    assert count_matches(BODY, ["不存在"]) == 0
    assert count_matches(BODY, []) == 0
    assert count_matches("經濟经济", ["经济"]) == 2


def test_merge_spans() -> None:
    assert merge_spans([(5, 7), (0, 2), (1, 3), (3, 4), (9, 10)]) == [(0, 4), (5, 7), (9, 10)]
    assert merge_spans([]) == []


def test_snippet_short_text_is_whole() -> None:
    snip, spans = make_snippet("高新区GDP增长", ["gdp"], width=80)
    assert snip == "高新区GDP增长"
    assert spans == ((3, 6),)


def test_snippet_around_first_match_with_wide_chars() -> None:
    snip, spans = make_snippet(BODY + "后续报道" * 20, ["经济普查"], width=40)
    assert cell_width(snip) <= 40
    assert snip.endswith("…")
    assert cell_width(snip) >= 39  # a wide char may leave one cell unused
    assert snip.startswith("…")
    assert spans_text(snip, spans) == ["经济普查"]
    # Some context before the match: about a quarter of the width.
    before = snip[: spans[0][0]]
    assert 6 <= cell_width(before) <= 12


def test_snippet_match_at_start() -> None:
    snip, spans = make_snippet(BODY, ["本报讯"], width=30)
    assert snip.startswith("本报讯")
    assert snip.endswith("…")
    assert spans == ((0, 3),)
    assert cell_width(snip) <= 30


def test_snippet_match_at_end_uses_width_for_context() -> None:
    snip, spans = make_snippet(BODY, ["有序推进"], width=30)
    assert snip.endswith("有序推进。")
    assert snip.startswith("…")
    assert 29 <= cell_width(snip) <= 30
    assert spans_text(snip, spans) == ["有序推进"]


def test_snippet_without_match_is_the_start() -> None:
    snip, spans = make_snippet(BODY, ["不存在"], width=20)
    assert spans == ()
    assert snip.startswith("本报讯")
    assert snip.endswith("…")
    assert cell_width(snip) <= 20


def test_snippet_match_longer_than_width() -> None:
    term = "党纪教育警示大会召开,贯彻落实省、市党纪教育警示大会精神"
    snip, spans = make_snippet(BODY, [term], width=20)
    assert cell_width(snip) <= 20
    assert snip.startswith("…党纪")
    assert len(spans) == 1
    s, e = spans[0]
    assert s == 1 and e == len(snip) - 1  # the visible part of the match, ellipsis excluded
    assert term.startswith(snip[s:e])


def test_snippet_mixed_latin_and_odd_width() -> None:
    text = "a" + "高" * 50 + "GDP" + "新" * 50
    snip, spans = make_snippet(text, ["gdp"], width=21)
    assert cell_width(snip) <= 21
    assert spans_text(snip, spans) == ["GDP"]


def test_snippet_traditional_and_full_width_spans() -> None:
    text = "今年以來，鄭州市ＧＤＰ同比增長，經濟運行穩中向好。" * 3
    snip, spans = make_snippet(text, ["经济", "gdp"], width=30)
    got = spans_text(snip, spans)
    assert "ＧＤＰ" in got and "經濟" in got


def test_snippet_is_one_safe_line() -> None:
    text = "第一段\r\n\n第二段\t有\x1b[31m红色\x07和\u202e反转"
    snip, spans = make_snippet(text, ["红色"], width=80)
    assert "\n" not in snip and "\t" not in snip and "\r" not in snip and "␍" not in snip
    assert snip.startswith("第一段   第二段 有␛[31m红色␇和")
    assert "\x1b" not in snip and "\x07" not in snip and "\u202e" not in snip
    assert len(snip) == len(text)
    assert spans_text(snip, spans) == ["红色"]


def test_snippet_tiny_widths() -> None:
    for w in range(0, 6):
        for term in ("普查", "本报", "无"):
            snip, spans = make_snippet(BODY, [term], width=w)
            assert cell_width(snip) <= w
            if w >= 4 and term != "无":
                assert spans and snip[spans[0][0]] == term[0]
    assert make_snippet(BODY, ["普查"], width=3) == ("普", ((0, 1),))
    assert make_snippet(BODY, ["普查"], width=1) == ("", ())


_ALPHABET = st.sampled_from(list("ab高新區区ＧＤＰgdp 经經\n,，"))


@settings(max_examples=200)
@given(
    st.text(alphabet=_ALPHABET, max_size=120),
    st.lists(st.text(alphabet=_ALPHABET, min_size=1, max_size=4), max_size=3),
    st.integers(min_value=0, max_value=60),
)
def test_snippet_properties(text: str, terms: list[str], width: int) -> None:
    snip, spans = make_snippet(text, terms, width)
    assert cell_width(snip) <= width
    needles = [fold(t) for t in terms if t]
    for s, e in spans:
        assert 0 <= s < e <= len(snip)
        assert "…" not in snip[s:e]
    # Every span covers folded matches: each folded span text is made of terms.
    full = find_spans(text, terms)
    if full and width >= 2:
        assert spans, "the first match is always in the snippet"
    for s, e in full:
        assert any(n in fold(text[s:e]) for n in needles)


@settings(max_examples=200)
@given(st.text(max_size=200), st.lists(st.text(min_size=1, max_size=3), max_size=3))
def test_find_spans_are_real_matches(text: str, terms: list[str]) -> None:
    spans = find_spans(text, terms)
    folded, mapping = fold_mapped(text)

    def source(i: int, j: int) -> tuple[int, int]:
        return (i, j) if mapping is None else mapping.span(i, j)

    found = [
        source(i, i + len(ft))
        for ft in {fold(t) for t in terms if fold(t)}
        for i in range(len(folded))
        if folded.startswith(ft, i)
    ]
    prev_end = -1
    for s, e in spans:
        assert prev_end < s < e <= len(text)
        prev_end = e
        assert any(s <= a and b <= e for a, b in found)
    covered = {i for s, e in spans for i in range(s, e)}
    for t in terms:
        ft = fold(t)
        i = folded.find(ft) if ft else -1
        if i != -1:
            a, b = source(i, i + len(ft))
            assert set(range(a, b)) <= covered


def test_prefolded_text_gives_the_same_results() -> None:
    text = "經濟發展，ＧＤＰ增長。" * 5
    folded = fold(text)
    terms = ["经济", "gdp"]
    assert find_spans(text, terms, folded=folded) == find_spans(text, terms)
    assert count_matches(text, terms, folded=folded) == count_matches(text, terms) == 10
    assert make_snippet(text, terms, 20, folded=folded) == make_snippet(text, terms, 20)
    # A folded text of the wrong length is ignored rather than trusted.
    assert find_spans(text, terms, folded="x") == find_spans(text, terms)


def test_snippet_context_does_not_start_with_spaces() -> None:
    text = "前文" * 30 + "\n\n" + " " * 10 + "经济普查" + "后文" * 40
    snip, spans = make_snippet(text, ["经济普查"], width=30)
    assert snip.startswith("…")
    assert snip[1] != " "
    assert spans_text(snip, spans) == ["经济普查"]


@settings(max_examples=150)
@given(
    st.text(alphabet=st.sampled_from(list("ab高新區区ＧＤＰgdp经經 \n,，\x1b")), max_size=600),
    st.lists(st.sampled_from(["经", "gdp", "高新", "a b", "，"]), max_size=2),
    st.integers(min_value=0, max_value=50),
)
@example("高" * 300 + "gdp", ["gdp"], 40)  # match at the end: context fills the width
@example("a" * 300 + "gdp", ["gdp"], 50)
@example("gdp" + "高" * 300, ["gdp"], 40)
def test_snippet_of_a_slice_equals_snippet_of_the_whole(
    text: str, terms: list[str], width: int
) -> None:
    # make_snippet only looks at a slice around the match; without zero-width
    # characters that must give exactly what the whole text gives.
    spans = find_spans(text, terms)
    whole = _snippet(text, spans, width, 0, len(text)) if width > 0 and text else ("", ())
    assert make_snippet(text, terms, width) == whole


# ---------------------------------------------------------------------------
# Oracle: the first, character-by-character window algorithm (with one fix:
# no blank after a leading ellipsis of a slice either). The module now
# finds its cut points by bisection over running cell widths; it must agree.


def _ref_fill(
    line: str, start: int, width: int, open_start: bool, open_end: bool
) -> tuple[int, int]:
    """Extend ``start`` forward to use ``width`` cells; returns (end, cells used).

    Reserves one cell for each ellipsis a cut needs. ``open_start`` and
    ``open_end`` say that ``line`` is a slice of a longer text on that side.
    """
    n = len(line)
    avail = width - (1 if start > 0 or open_start else 0)
    end = start
    used = 0
    widths: list[int] = []
    while end < n:
        w = char_width(line[end])
        if used + w > avail:
            break
        used += w
        widths.append(w)
        end += 1
    if end < n or open_end:  # cut: make room for the trailing ellipsis
        while widths and used + 1 > avail:
            used -= widths.pop()
            end -= 1
    return end, used


def _ref_window(
    line: str, anchor: int, width: int, context: int, open_start: bool, open_end: bool
) -> tuple[int, int]:
    """``[start, end)`` of ``line`` to show in ``width`` cells around ``anchor``.

    Up to ``context`` cells go before the anchor; if the text ends before the
    width is used, the spare cells go to more context before.
    """
    start = anchor
    used = 0
    while start > 0:
        w = char_width(line[start - 1])
        if used + w > context:
            break
        used += w
        start -= 1
    while (start > 0 or open_start) and start < anchor and line[start] == " ":
        start += 1  # "… text", not "…  text"
    end, used = _ref_fill(line, start, width, open_start, open_end)
    if end <= anchor < len(line) and start < anchor:
        # The context pushed the anchor out of a narrow window: drop it.
        start = anchor
        end, used = _ref_fill(line, start, width, open_start, open_end)
    if end == len(line) and not open_end:
        while start > 0:
            w = char_width(line[start - 1])
            lead = 1 if start - 1 > 0 or open_start else 0
            if used + w + lead > width:
                break
            used += w
            start -= 1
    return start, end


def reference_snippet(
    text: str, spans: list[tuple[int, int]], width: int, lo: int, hi: int
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The first, character-by-character version of ``_snippet``: the oracle."""
    anchor = spans[0][0] if spans else 0
    line = _one_line(text[lo:hi])
    open_start, open_end = lo > 0, hi < len(text)
    at = anchor - lo
    context = width // 4
    if spans:
        # A match too long for the window starts it, without context.
        first_cells = sum(map(char_width, line[at : spans[0][1] - lo]))
        if first_cells > width - context - 2:
            context = 0
    if width < 4:
        # Too narrow for ellipses to help: just the match onwards.
        start, end = at, at
        used = 0
        while end < len(line) and used + char_width(line[end]) <= width:
            used += char_width(line[end])
            end += 1
        prefix = suffix = ""
    else:
        start, end = _ref_window(line, at, width, context, open_start, open_end)
        prefix = "…" if start > 0 or open_start else ""
        suffix = "…" if end < len(line) or open_end else ""
    shift = len(prefix) - start - lo
    out: list[tuple[int, int]] = []
    for s, e in spans:
        s, e = max(s, start + lo), min(e, end + lo)
        if s < e:
            out.append((s + shift, e + shift))
    return prefix + line[start:end] + suffix, tuple(out)


_ORACLE_ALPHABET = st.sampled_from(list("ab高新區区ＧＤＰgdp经經 \n,，\x1b\u0301\u200b"))


@settings(max_examples=200)
@given(
    st.text(alphabet=_ORACLE_ALPHABET, max_size=300),
    st.lists(st.sampled_from(["经", "gdp", "高新", "a b", "，", "b"]), max_size=2),
    st.integers(min_value=1, max_value=50),
    st.data(),
)
def test_snippet_matches_the_character_loop_oracle(
    text: str, terms: list[str], width: int, data: st.DataObject
) -> None:
    spans = find_spans(text, terms)
    if not text:
        return
    lo = data.draw(st.integers(min_value=0, max_value=spans[0][0] if spans else 0))
    anchor = spans[0][0] if spans else 0
    hi = data.draw(st.integers(min_value=anchor + 1 if spans else 1, max_value=len(text)))
    assert _snippet(text, spans, width, lo, hi) == reference_snippet(text, spans, width, lo, hi)


_HIT_ALPHABET = "经經济濟发發楼樓保交 \u3000\tAaＡｂBbGgDd,，1１\nſK"


@settings(max_examples=300)
@given(
    st.lists(st.text(alphabet=_HIT_ALPHABET, max_size=40), min_size=1, max_size=4),
    st.text(alphabet=_HIT_ALPHABET, max_size=10),
    st.lists(st.text(alphabet=_HIT_ALPHABET, min_size=1, max_size=3), min_size=1, max_size=3),
)
def test_hits_skip_folding_only_when_it_changes_nothing(
    paragraphs: list[str], title: str, terms: list[str]
) -> None:
    """A hit built without folding the article (no character folds into a term)
    is the hit built by folding it: same count, snippet and spans."""
    import json

    from newsreader.search import hits as search

    row = {
        "id": 1, "title": title, "date": "", "section": "", "page": "", "publication": "",
        "reporter": "", "read": 0, "starred": 0, "dateline": "",
        "paragraphs": json.dumps(paragraphs, ensure_ascii=False), "bylines": "[]",
    }  # fmt: skip
    fast = search.make_hit(row, terms, 0.0)
    originals = search.fold_aliases, search.non_ascii_fold_aliases
    anything = re.compile("[\\s\\S]")
    search.fold_aliases = search.non_ascii_fold_aliases = lambda needles: anything  # always fold
    try:
        slow = search.make_hit(row, terms, 0.0)
    finally:
        search.fold_aliases, search.non_ascii_fold_aliases = originals
    assert (fast.hits, fast.snippet, fast.spans, fast.title_spans) == (
        slow.hits, slow.snippet, slow.spans, slow.title_spans,
    )  # fmt: skip
    assert fast.hits == count_matches(title, terms) + sum(
        count_matches(p, terms) for p in paragraphs if p
    ) or any("\n" in fold(t) for t in terms)
