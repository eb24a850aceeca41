"""Watched words and topics as the reader shows them: marks, scopes and counts.

Pure functions over the config's groups and topics (no widgets), so they are
tested without an app. Highlighting uses ``watchwords.WordSpans``, which
folds as search does, so a watched 纪委 is also marked in 紀委 or full-width
text; counts and lists come from the archive's own search (a word or a
topic becomes a query string, the last value of its ``SectionKey``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.color import Color

from newsreader.config import Topic, WatchGroup
from newsreader.features.topics import topic_query
from newsreader.features.watchwords import WordSpans
from newsreader.models import SectionKey, SectionNode
from newsreader.text import fold
from newsreader.ui.data import ExtraSections
from newsreader.ui.render.document import Marker

if TYPE_CHECKING:
    from newsreader.archive import Archive

__all__ = [
    "group_key",
    "key_styles",
    "make_extra_sections",
    "rich_colour",
    "topic_key",
    "watch_marker",
    "watch_query",
    "word_key",
]

_ANSI = ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")
_RICH_NAMES = frozenset([*_ANSI, *(f"bright_{c}" for c in _ANSI)])


def rich_colour(colour: str) -> str | None:
    """A config colour (ANSI or CSS name, ``#hex``, ``rgb()``) as a Rich colour.

    Rich and Textual name colours differently (``ansi_red`` vs ``red``,
    ``cornflowerblue`` only in Textual), so CSS names go through hex.
    """
    name = colour.strip().lower()
    if name.startswith("ansi_"):
        name = name[5:]
    if name in _RICH_NAMES:
        return name
    try:
        return Color.parse(name).hex
    except Exception:  # Textual raises ColorParseError and ValueError: draw unmarked
        return None


def watch_marker(groups: Sequence[WatchGroup]) -> Marker | None:
    """``marker(text)``: spans of every watched word, in its group's colour (bold).

    The first group listing a word wins where two overlap (its spans are
    applied last). ``None`` when nothing is watched.
    """
    styled = [
        (WordSpans(group.words), f"bold {colour}")
        for group in reversed(groups)
        if group.words and (colour := rich_colour(group.colour))
    ]
    if not styled:
        return None

    def marker(text: str) -> list[tuple[int, int, str]]:
        folded = fold(text)
        out: list[tuple[int, int, str]] = []
        for words, style in styled:
            out.extend((s, e, style) for s, e in words.spans(text, folded=folded))
        return out

    return marker


def key_styles(groups: Sequence[WatchGroup]) -> dict[SectionKey, str]:
    """Each watch group and word's sections-pane key -> its colour, as in the text."""
    out: dict[SectionKey, str] = {}
    for group in groups:
        colour = rich_colour(group.colour)
        if colour:
            out[group_key(group)] = colour
            out.update((word_key(group, word), colour) for word in group.words)
    return out


def watch_query(words: Sequence[str]) -> str:
    """The search query for any of ``words`` (phrases quoted)."""
    return topic_query(words)


def group_key(group: WatchGroup) -> SectionKey:
    return SectionKey("watch", (group.name, watch_query(group.words)))


def word_key(group: WatchGroup, word: str) -> SectionKey:
    return SectionKey("watch", (group.name, word, watch_query([word])))


def topic_key(topic: Topic) -> SectionKey:
    return SectionKey("topic", (topic.name, topic_query(topic.words)))


class _Counter:
    """Counts for one sections load: articles of a scope, or the search's hits among them.

    With a search, the hits are intersected in Python: the archive answers
    each word's or topic's ids in milliseconds, while a search scoped by
    another search (``count_matches(query, scope=topic)``) took up to 49 s
    for a common word at 100k articles.
    """

    def __init__(self, archive: Archive, query: str) -> None:
        self.archive = archive
        self.hits = set(archive.search_ids(query, sort="date")) if query else None

    def __call__(self, key: SectionKey) -> int:
        scope_query = key.value[-1] if key.value else ""
        if not scope_query:
            return 0
        if self.hits is None:
            return self.archive.count_matches(scope_query)
        if not self.hits:
            return 0
        return len(self.hits.intersection(self.archive.search_ids(scope_query, sort="date")))


def make_extra_sections(groups: Sequence[WatchGroup], topics: Sequence[Topic]) -> ExtraSections:
    """The Watchlist and Topics groups of the sections pane, as ``app.extra_sections``."""
    groups, topics = tuple(groups), tuple(topics)

    def extra(archive: Archive, query: str) -> list[SectionNode]:
        count = _Counter(archive, query)
        nodes: list[SectionNode] = []
        watch_nodes = []
        for group in groups:
            words = tuple(
                SectionNode(k, word, count(k))
                for word in group.words
                for k in (word_key(group, word),)
            )
            key = group_key(group)
            watch_nodes.append(SectionNode(key, group.name, count(key), words))
        if watch_nodes:
            every = [w for g in groups for w in g.words]
            total = count(SectionKey("watch", ("", watch_query(every))))
            heading = SectionKey("watchlist")
            nodes.append(SectionNode(heading, "Watchlist", total, tuple(watch_nodes)))
        topic_nodes = tuple(
            SectionNode(k, topic.name, count(k))
            for topic in topics
            if topic.words
            for k in (topic_key(topic),)
        )
        if topic_nodes:
            every = [w for t in topics for w in t.words]
            total = count(SectionKey("topic", ("", topic_query(every))))
            nodes.append(SectionNode(SectionKey("topics"), "Topics", total, topic_nodes))
        return nodes

    return extra
