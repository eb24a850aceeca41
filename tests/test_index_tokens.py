"""Index tokens: the fast builders equal the plain definitions they replace."""

from __future__ import annotations

import operator

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from newsreader.index import tokens as index
from newsreader.index.tokens import _TOKEN_SAFE, BOUNDARY, bigram_tokens, column_tokens, safe_text
from newsreader.text import fold

TEXT = st.text(
    alphabet=st.sampled_from(
        "保交楼經濟 ＡBc1，\t\n\x00\x1b\x7f\u3000𠀀😀\"'*"
        # the index's own marks (stood in for) and a stand-in itself
        "\U000f0100\U000f0101\U000f0102\U000f0103"
    ),
    max_size=30,
)


def plain_tokens(segment: str) -> str:
    """The definition: folded, unsafe characters replaced, ``ABCD`` -> ``AB BC CD D``."""
    safe = fold(segment).translate(_TOKEN_SAFE)
    if len(safe) < 2:
        return safe
    return " ".join(map(operator.add, safe, safe[1:])) + " " + safe[-1]


@given(TEXT)
@example("")
@example("保")
@example("保交")
@example("a b\x00c")
@example("保\U000f0101")
def test_bigram_tokens_equal_the_definition(segment: str) -> None:
    assert safe_text(segment) == fold(segment).translate(_TOKEN_SAFE)
    assert bigram_tokens(safe_text(segment)) == plain_tokens(segment)


@given(TEXT, st.integers(1, 7))
@example("保交楼经济", 2)  # pieces of 2: "保交" "楼经" "济"
@example("保交楼经", 2)  # the last piece is one character
def test_a_long_segment_in_pieces_gives_the_same_tokens(segment: str, piece: int) -> None:
    safe = safe_text(segment)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(index, "TOKEN_PIECE", piece)
        assert bigram_tokens(safe) == plain_tokens(segment)


@given(st.lists(TEXT, max_size=4))
def test_column_tokens_keep_segments_apart(segments: list[str]) -> None:
    expected = f" {BOUNDARY} ".join(t for t in map(plain_tokens, segments) if t)
    assert column_tokens(segments) == expected


def test_marked_tokens_and_expressions_carry_the_mark() -> None:
    from newsreader.index.tokens import PAGE_MARK, marked_tokens, term_expression

    assert marked_tokens("第0 01 1版 版", PAGE_MARK) == " ".join(
        PAGE_MARK + t for t in ("第0", "01", "1版", "版")
    )
    assert marked_tokens("", PAGE_MARK) == ""
    assert term_expression("01版", PAGE_MARK) == f'"{PAGE_MARK}01 {PAGE_MARK}1版"'
    assert term_expression("版", PAGE_MARK) == f'"{PAGE_MARK}版"*'
    assert term_expression("01版") == '"01 1版"'
