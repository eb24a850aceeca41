"""Index tokens: the fast builders equal the plain definitions they replace."""

from __future__ import annotations

import operator

from hypothesis import example, given
from hypothesis import strategies as st

from newsreader.index import _TOKEN_SAFE, BOUNDARY, bigram_tokens, column_tokens, safe_text
from newsreader.text import fold

TEXT = st.text(
    alphabet=st.sampled_from("保交楼經濟 ＡBc1，\t\n\x00\x1b\x7f\u3000𠀀😀\"'*"), max_size=30
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
def test_bigram_tokens_equal_the_definition(segment: str) -> None:
    assert safe_text(segment) == fold(segment).translate(_TOKEN_SAFE)
    assert bigram_tokens(safe_text(segment)) == plain_tokens(segment)


@given(st.lists(TEXT, max_size=4))
def test_column_tokens_keep_segments_apart(segments: list[str]) -> None:
    expected = f" {BOUNDARY} ".join(t for t in map(plain_tokens, segments) if t)
    assert column_tokens(segments) == expected
