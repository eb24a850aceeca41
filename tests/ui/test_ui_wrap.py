"""Cell-based wrapping with Chinese punctuation rules (pure function)."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from newsreader.text import cell_width
from newsreader.ui.render.wrap import CLOSING, OPENING, url_spans, wrap_cells, wrap_lines

SAMPLE = (
    "张红军指出，开展警示教育是全面从严治党的一项基础性工作。要以案为鉴，保持清醒，"
    "深刻认识开展警示教育的重要性和紧迫性，着力解决好“三集”部门和行业腐败等问题。"
)


def test_lines_fit_and_cover_the_text() -> None:
    for width in range(4, 40):
        spans = wrap_cells(SAMPLE, width)
        assert "".join(SAMPLE[s:e] for s, e in spans) == SAMPLE
        assert all(cell_width(SAMPLE[s:e]) <= width for s, e in spans)


def test_no_line_starts_with_closing_or_ends_with_opening() -> None:
    for width in range(4, 40):
        lines = wrap_lines(SAMPLE, width)
        for line in lines[1:]:
            assert line[0] not in CLOSING, (width, lines)
        for line in lines[:-1]:
            assert line[-1] not in OPENING, (width, lines)


def test_comma_moves_down_with_the_character_before_it() -> None:
    # 8 cells: "张红军指" fits exactly; "出，" must not leave "，" at a line start.
    assert wrap_lines("张红军指出，开展", 10) == ["张红军指", "出，开展"]


def test_opening_quote_goes_to_the_next_line() -> None:
    # “ and ” are one cell wide (East Asian "ambiguous" width is narrow in terminals).
    assert wrap_lines("解决好“三集”部门", 8) == ["解决好", "“三集”部", "门"]


def test_latin_words_and_numbers_are_not_cut() -> None:
    assert wrap_lines("收入为29304.6万元", 12) == ["收入为", "29304.6万元"]
    assert wrap_lines("hello world again", 12) == ["hello world", "again"]


def test_overlong_word_is_cut_hard() -> None:
    assert wrap_lines("abcdefghij", 4) == ["abcd", "efgh", "ij"]


def test_wide_char_wider_than_line_gets_its_own_line() -> None:
    assert wrap_lines("中文", 1) == ["中", "文"]


def test_newlines_force_breaks_and_empty_text_is_one_line() -> None:
    assert wrap_lines("a\nb", 10) == ["a", "b"]
    assert wrap_cells("", 10) == [(0, 0)]


def test_offsets_map_back_onto_the_text() -> None:
    text = "记者 孙庆辉 通讯员 张慧丽"
    for s, e in wrap_cells(text, 7):
        assert text[s:e] == text[s:e].strip()


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("中文字，。“”（）ab1 .、")), max_size=80),
    st.integers(min_value=2, max_value=30),
)
def test_property_fit_order_and_only_spaces_dropped(text: str, width: int) -> None:
    spans = wrap_cells(text, width)
    prev_end = 0
    for s, e in spans:
        assert s >= prev_end and e >= s
        assert text[prev_end:s].strip(" \n") == ""
        assert cell_width(text[s:e]) <= width
        prev_end = e
    assert text[prev_end:].strip(" \n") == ""


def test_spaces_at_a_break_do_not_hide_punctuation() -> None:
    # Spaces at a break are dropped, so "文 ，" must not leave "，" first on a line.
    assert wrap_lines("中文中文 ，中文", 10) == ["中文中", "文 ，中文"]
    assert wrap_lines("中文中（ 中文", 8) == ["中文中", "（ 中文"]


# A token: one Chinese character, maybe after an opening mark and before a
# closing one, with spaces anywhere in it (OCR puts them there). A legal
# break exists between any two tokens and a token is at most 9 cells, so at
# 10 cells or more the rules can always be kept: every line must keep them.
_SPACE = st.sampled_from(["", " "])
_TOKEN = st.tuples(
    st.sampled_from(["", "“", "「", "（"]),
    _SPACE,
    st.sampled_from(list("中文字保交楼")),
    _SPACE,
    st.sampled_from(["", "，", "。", "、", "”", "」", "）", "！"]),
    _SPACE,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TOKEN, max_size=40).map("".join), st.integers(min_value=10, max_value=30))
def test_property_punctuation_rules_hold_whenever_they_can(text: str, width: int) -> None:
    lines = wrap_lines(text, width)
    for line in lines[1:]:
        assert not line or line[0] not in CLOSING, (width, lines)
    for line in lines[:-1]:
        assert not line or line[-1] not in OPENING, (width, lines)
    assert all(cell_width(line) <= width for line in lines)


def _wrap_by_character(text: str, width: int) -> list[tuple[int, int]]:
    """The definition ``wrap_cells`` must equal: a loop over every character."""
    from newsreader.text import char_width
    from newsreader.ui.render.wrap import _choose_break

    width = max(width, 1)
    n = len(text)
    lines: list[tuple[int, int]] = []
    i = 0
    while True:
        start, used, j = i, 0, i
        while j < n and text[j] != "\n":
            w = char_width(text[j])
            if used + w > width:
                break
            used += w
            j += 1
        if j >= n or text[j] == "\n":
            lines.append((start, j))
            if j >= n:
                return lines
            i = j + 1
            continue
        brk = start + 1 if j == start else _choose_break(text, start, j)
        end = brk
        while end > start and text[end - 1] == " ":
            end -= 1
        lines.append((start, end))
        i = brk
        while i < n and text[i] == " ":
            i += 1
        if i >= n:
            return lines


@settings(max_examples=300, deadline=None)
@given(
    # zero-width (combining, ZWJ) and wide astral characters too, and newlines
    st.text(alphabet=st.sampled_from(list("中文，。“”（）ab1 .\n\u0301\u200d𠀀")), max_size=120),
    st.integers(min_value=1, max_value=24),
)
def test_wrapping_by_bisection_equals_the_character_loop(text: str, width: int) -> None:
    assert wrap_cells(text, width) == _wrap_by_character(text, width)


# ------------------------------------------------------------------ URLs
def test_a_url_is_never_broken_at_its_scheme() -> None:
    text = "详情见https://tv.cctv.com/2024/03/01/VIDE1234567890.shtml?spm=C1&x=2。"
    lines = wrap_lines(text, 20)
    assert lines == [
        "详情见",
        "https://tv.cctv.com/",
        "2024/03/01/",
        "VIDE1234567890.shtml",  # no / ? & fits: cut at the line's last cell
        "?spm=C1&x=2。",
    ]
    assert not any(line.endswith(":") or line.startswith("//") for line in lines)


def test_a_url_breaks_after_a_slash_or_goes_down_whole() -> None:
    assert wrap_lines("见 https://a.cn/", 16) == ["见 https://a.cn/"]
    assert wrap_lines("见 https://a.cn/abc", 16) == ["见 https://a.cn/", "abc"]
    assert wrap_lines("见 https://a.cn.abc", 16) == ["见", "https://a.cn.abc"]


_URL_PART = st.text(alphabet="abcdefghijk0123456789.-_=%", min_size=1, max_size=12)
_URL_TEXT = st.builds(
    lambda scheme, host, parts, query, tail: (
        f"{scheme}://{host}/" + "/".join(parts) + (f"?{query}&b=1" if query else "") + tail
    ),
    st.sampled_from(["http", "https", "ftp"]),
    _URL_PART,
    st.lists(_URL_PART, max_size=6),
    st.one_of(st.just(""), _URL_PART),
    st.sampled_from(["", "。", " 中文", "，下文"]),
)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["", "详见", "see ", "链接："]),
    _URL_TEXT,
    st.integers(min_value=4, max_value=40),
)
def test_property_urls_break_only_after_slash_query_or_at_the_limit(
    before: str, url_text: str, width: int
) -> None:
    text = before + url_text
    spans = wrap_cells(text, width)
    assert wrap_cells(text, width) == _wrap_by_character(text, width)
    for (start, end), (next_start, _) in itertools.pairwise(spans):
        for url_start, host, url_end in url_spans(text):
            if url_start < next_start < url_end and end == next_start:  # a break inside
                full = cell_width(text[start : end + 1]) > width
                after = text[end - 1] in "/?&" and end > host
                assert after or full, (text, width, wrap_lines(text, width))
