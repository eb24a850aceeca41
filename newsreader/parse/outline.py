"""Blocks -> the page's outline: each heading with its body.

Between reading blocks and building articles, a page's furniture is set
apart so that it never becomes story text: edition lines
(``《人民日报》（…）``) go beside the heading they sit under, the footer after
the last rule (``更新时间：…``) is cut off whole, and a rule or HTML edge
marks the paragraph after it as one that no repair may join.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsreader.parse.blocks import RULE, Block, Break, Heading, Para
from newsreader.parse.edition import BROADCAST_TITLE, EDITION_LINE
from newsreader.parse.inline import inline


@dataclass(slots=True)
class Entry:
    """One heading (None for text before the first heading) and its body."""

    heading: Heading | None
    body: list[Para] = field(default_factory=list)
    edition_lines: list[str] = field(default_factory=list)


def entries(blocks: list[Block]) -> list[Entry]:
    """Group blocks under their heading; edition lines are set apart."""
    found = [Entry(None)]
    barrier = False
    for block in blocks:
        if isinstance(block, Break):
            barrier = True
            continue
        if isinstance(block, Heading):
            found.append(Entry(block))
            barrier = False
            continue
        if (
            len(block.lines) == 1
            and "《" in block.lines[0]
            and EDITION_LINE.fullmatch(block.lines[0])
        ):
            found[-1].edition_lines.append(block.lines[0].strip())
            continue
        block.barrier = barrier
        barrier = False
        found[-1].body.append(block)
    return found


# A footer line after the page's last rule: 更新时间：…, 来源：…, © …
_FOOTER_LINE = re.compile(
    r"\s*(?:[\u3400-\u9fffA-Za-z][\u3400-\u9fffA-Za-z ]{0,11}[:：]\s*\S"
    r"|©|\(c\)|Copyright|版权所有)",
    re.IGNORECASE,
)
_MAX_FOOTER = 300


def split_footer(blocks: list[Block]) -> list[str]:
    """Remove the page furniture after the last rule (``更新时间：…``): its lines.

    Only short ``label：value`` lines at the very end of a page that has
    headings count; anything else after a rule is story text.
    """
    last = max(
        (i for i, b in enumerate(blocks) if isinstance(b, Break) and b.kind == RULE), default=-1
    )
    if last < 0 or not any(isinstance(b, Heading) for b in blocks[:last]):
        return []
    tail = blocks[last + 1 :]
    if not tail or not all(isinstance(b, Para) and not (b.quote or b.list_item) for b in tail):
        return []
    lines = [line.strip() for b in tail if isinstance(b, Para) for line in b.lines]
    if sum(map(len, lines)) > _MAX_FOOTER or not all(_FOOTER_LINE.match(x) for x in lines):
        return []
    del blocks[last:]
    return lines


def broadcast(page: list[Entry]) -> bool:
    """True for a broadcast transcript: its edition heading names a programme and a day.

    A transcript was never set in columns, so no paragraph of it is joined to
    the one before (a paragraph without a full stop there is just that).
    """
    if len(page) < 2 or page[0].body:
        return False
    heading = page[1].heading
    return heading is not None and BROADCAST_TITLE.fullmatch(inline(heading.text, [])) is not None
