"""Where a typed search looks: ``in:`` in the query, and the chip that shows it.

Typing searches the whole archive. A search is narrowed only when the user
says so, visibly: ``in:starred``, ``in:unread``, ``in:"人民日报"`` (any name
the sections pane shows) in the query, or the scope key on a section. Pure
data: no textual, tested without an app.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Sequence

from newsreader.models import SectionKey, SectionNode

__all__ = ["ALL", "chip_text", "find_section", "resolve", "split_scope"]

ALL = SectionKey("all")

# ``in:`` at the start of a word, then a quoted name or one word.
_IN = re.compile(r'(?<!\S)in:(?:"([^"]*)"?|(\S*))', re.IGNORECASE)

_NAMED = {
    "all": ALL,
    "unread": SectionKey("unread"),
    "starred": SectionKey("starred"),
}


def split_scope(text: str) -> tuple[str, str | None]:
    """``'保交楼 in:starred'`` -> ``('保交楼', 'starred')``; no ``in:`` -> ``(text, None)``.

    Only the first ``in:`` names the scope; an ``in:`` with nothing after it
    is taken out of the query and names nothing yet (the user is typing it).
    """
    match = _IN.search(text)
    if match is None:
        return text.strip(), None
    name = match.group(1) if match.group(1) is not None else match.group(2)
    rest = f"{text[: match.start()].rstrip()} {text[match.end() :].lstrip()}".strip()
    name = name.strip()
    return rest, name or None


def find_section(nodes: Sequence[SectionNode], name: str) -> SectionKey | None:
    """The first entry (nearest the top, then in order) labelled ``name``, any case."""
    wanted = name.casefold()
    queue: deque[SectionNode] = deque(nodes)
    while queue:
        node = queue.popleft()
        if not node.key.is_heading and node.label.casefold() == wanted:
            return node.key
        queue.extend(node.children)
    return None


def resolve(name: str, nodes: Sequence[SectionNode]) -> SectionKey | None:
    """The section ``in:NAME`` means: All, Unread, Starred, or a name in ``nodes``."""
    named = _NAMED.get(name.casefold())
    return named if named is not None else find_section(nodes, name)


def chip_text(label: str, *, known: bool = True) -> str:
    """The chip in the search line: ``in: Starred``; an unknown name says so."""
    return f"in: {label}" if known else f"in: {label}? (no such section: searching all)"
