"""Column-break repair: which paragraphs a column break split, and joining them again.

A page set in columns and converted to Markdown breaks a paragraph wherever
a column ended. The tail of such a paragraph is found by what it lacks (the
paragraph before it ends without a full stop) and by what it is not (a list
item, a table row, a bold sub-head, a credit line, a line complete in
itself, a dateline or a numbered item). Kept apart because both halves of
that judgement are heuristics that change together and are tested together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsreader.parse import bylines as by
from newsreader.parse.blocks import NUMBER_STARTS, NUMBERED, Para
from newsreader.parse.inline import WHOLLY_STRONG, ends_sentence, glue, inline, join_lines


@dataclass(slots=True)
class Text:
    """A paragraph after inline processing."""

    text: str
    joinable: bool
    # Starts with a dateline or a number, or follows a rule: never the tail of
    # a broken paragraph.
    fresh: bool = False


def read_paragraph(para: Para, links: list[str]) -> Text:
    """A paragraph's plain text, and whether it may join (or be joined to) another.

    Link and image URLs in it are appended to ``links``.
    """
    lines = para.lines
    raw = lines[0].strip() if len(lines) == 1 and "<" not in lines[0] else join_lines(lines)
    plain = inline(raw, links)
    # Lists, tables, bold subheadings, credit lines, name lists and other
    # lines complete in themselves are not broken sentences.
    joinable = not (
        para.list_item
        or para.table
        or (raw[:1] in "*_" and WHOLLY_STRONG.fullmatch(raw) is not None)
        or (len(raw) <= by.MAX_LINE and by.is_byline(raw))
        or _complete_line(plain)
    )
    fresh = (
        para.barrier
        or (plain[:1] in by.DATELINE_STARTS and by.starts_with_dateline(plain))
        or (plain[:1] in NUMBER_STARTS and NUMBERED.match(plain) is not None)
    )
    return Text(plain, joinable, fresh)


_NAMES_LINE = re.compile("[\u3400-\u9fff·]{2,5}(?:[ \t\u3000、，,]+[\u3400-\u9fff·]{2,5}){2,}")
_BRACKETED = re.compile(r"[（(【\[《][^（()）【】\[\]]{0,40}[）)】\]》]")


def _complete_line(text: str) -> bool:
    """A line of its own kind, never a piece of a broken paragraph.

    Names (丁薛祥　习近平　蔡奇), a bracketed note, a rubric (记者手记), a short
    numbered head (二、会议文件).
    """
    if len(text) > 120:
        return False
    return (
        _NAMES_LINE.fullmatch(text) is not None
        or _BRACKETED.fullmatch(text) is not None
        or (len(text) <= 12 and by.is_rubric(text))
        or (len(text) <= 30 and _numbered_head(text))
    )


def _numbered_head(text: str) -> bool:
    """A short numbered line without punctuation after its number: 二、会议文件."""
    number = NUMBERED.match(text) if text[:1] in NUMBER_STARTS else None
    return number is not None and _PUNCTUATED.search(text, number.end()) is None


_PUNCTUATED = re.compile(r"[，,。．.；;：:！!？?、]")


def repair(paras: list[Text]) -> list[str]:
    """Join paragraphs split by a column break (no sentence end, next is body)."""
    out: list[Text] = []
    for para in paras:
        if (
            out
            and out[-1].joinable
            and para.joinable
            and not para.fresh
            and not ends_sentence(out[-1].text)
        ):
            out[-1] = Text(glue(out[-1].text, para.text), True)
        else:
            out.append(para)
    return [p.text for p in out if p.text]
