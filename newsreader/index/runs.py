"""Which text fields are read on as one text, as printed.

A transcript prints its dateline and first paragraph as one line
(``央视网消息（新闻联播）：今天…``), and a page prints a byline glued after
the last paragraph. The parser keeps them as separate fields (the reader
styles the dateline, ``author:`` searches the bylines), but a reader
searching what they see expects ``联播）：今天`` to be found. So matching
reads each *run* as one string: the dateline runs into the first paragraph,
the last paragraph into the first byline; every other field is a run alone.

The index, the hits, the reader's spans and the tests' oracle all group
fields with this one function, so they agree on where a match may cross.
"""

from __future__ import annotations

from collections.abc import Sequence

Field = tuple[str, int, str]


def text_runs(fields: Sequence[Field]) -> list[list[Field]]:
    """Group ``(name, index, text)`` fields (``Article.text_fields`` order) into runs.

    Empty fields are left out. Only the two seams join: ``dateline`` ->
    paragraph 0, and the last paragraph -> byline 0.
    """
    last_paragraph = max((i for name, i, _ in fields if name == "paragraph"), default=-1)
    runs: list[list[Field]] = []
    previous: Field | None = None
    for field in fields:
        name, index, text = field
        if not text:
            continue
        joins = previous is not None and (
            (previous[0] == "dateline" and name == "paragraph" and index == 0)
            or (
                previous[0] == "paragraph"
                and previous[1] == last_paragraph
                and name == "byline"
                and index == 0
            )
        )
        if joins:
            runs[-1].append(field)
        else:
            runs.append([field])
        previous = field
    return runs


def body_run_texts(dateline: str, paragraphs: Sequence[str], bylines: Sequence[str]) -> list[str]:
    """``run_text`` of each run of the dateline, paragraphs and bylines, fast.

    The same grouping as ``text_runs`` on those fields, without building
    field tuples: search calls it for every row it shows.
    """
    runs: list[str] = []
    last = len(paragraphs) - 1
    previous = ""  # "d", "p0", "plast", or "" for anything else
    if dateline:
        runs.append(dateline)
        previous = "d"
    for i, text in enumerate(paragraphs):
        if not text:
            continue
        if i == 0 and previous == "d":
            runs[-1] += text
        else:
            runs.append(text)
        previous = "plast" if i == last else "p"
    for i, text in enumerate(bylines):
        if not text:
            continue
        if i == 0 and previous == "plast":
            runs[-1] += text
        else:
            runs.append(text)
        previous = "b"
    return runs


def run_text(run: Sequence[Field]) -> str:
    """The run as one string: its fields end to end, with nothing between."""
    return "".join(text for _, _, text in run)


def split_span(run: Sequence[Field], start: int, end: int) -> list[tuple[str, int, int, int]]:
    """A span of ``run_text(run)`` as ``(name, index, start, end)`` per field it covers."""
    out: list[tuple[str, int, int, int]] = []
    offset = 0
    for name, index, text in run:
        lo, hi = max(start, offset), min(end, offset + len(text))
        if lo < hi:
            out.append((name, index, lo - offset, hi - offset))
        offset += len(text)
    return out
