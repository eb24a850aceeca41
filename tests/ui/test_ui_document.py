"""``document.layout`` places hits and marks on lines exactly, at any count of them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsreader.ui.render.document import Block, DocLine, layout
from newsreader.ui.render.wrap import wrap_cells


def layout_by_testing_every_range(blocks: list[Block], width: int) -> list[DocLine]:
    """The obvious layout: every range tested against every line (quadratic)."""
    lines: list[DocLine] = []
    for n, block in enumerate(blocks):
        if n:
            lines.append(DocLine("blank", ""))
        for start, end in wrap_cells(block.text, width):
            hits = tuple(
                (max(s, start) - start, min(e, end) - start, k)
                for s, e, k in sorted(block.hits, key=lambda r: r[0])
                if s < end and e > start
            )
            marks = tuple(
                (max(s, start) - start, min(e, end) - start, style)
                for s, e, style in sorted(block.marks, key=lambda r: r[0])
                if s < end and e > start
            )
            lines.append(DocLine(block.role, block.text[start:end], hits, marks, n, start))
    return lines


@st.composite
def blocks_with_ranges(draw: st.DrawFn) -> list[Block]:
    """Paragraphs with hits and marks of any length, overlapping, in any order."""
    blocks = []
    for _ in range(draw(st.integers(1, 3))):
        text = draw(st.text(alphabet="保交楼的ab 。，\n", min_size=1, max_size=120))
        n = len(text)

        def ranges(tag: st.SearchStrategy[object], text_length: int = n) -> list:
            starts = st.integers(0, text_length - 1)
            pairs = draw(st.lists(st.tuples(starts, st.integers(1, text_length), tag), max_size=12))
            return [(s, min(text_length, s + length), t) for s, length, t in pairs]

        hits = ranges(st.integers(0, 50))
        marks = ranges(st.sampled_from(["bold", "red"]))
        blocks.append(Block("paragraph", text, tuple(hits), tuple(marks)))
    return blocks


@settings(max_examples=300, deadline=None)
@given(blocks_with_ranges(), st.integers(4, 30))
def test_layout_places_every_range_like_the_obvious_loop(blocks: list[Block], width: int) -> None:
    assert layout(blocks, width) == layout_by_testing_every_range(blocks, width)


def test_a_long_paragraph_with_a_hit_every_few_characters() -> None:
    """30,000 hits over 3,000 lines: each line gets exactly its own (a hit cut by
    a line break in two pieces with one number); this took minutes before."""
    text = "保交楼的进展" * 15_000
    hits = tuple((i, i + 3, k) for k, i in enumerate(range(0, len(text), 3)))
    lines = layout([Block("paragraph", text, hits)], 61)
    pieces = [(line.start + s, line.start + e, k) for line in lines for s, e, k in line.hits]
    assert sorted({k for _s, _e, k in pieces}) == list(range(len(hits)))
    joined: dict[int, tuple[int, int]] = {}
    for s, e, k in pieces:
        first = joined.get(k, (s, e))
        joined[k] = (min(first[0], s), max(first[1], e))
    assert joined == {k: (s, e) for s, e, k in hits}
