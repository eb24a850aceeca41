"""Watched words and topics as scopes, counts and edits of the config file.

What the reader's watchlist does that is not drawing: a watched word, a
group or a topic becomes a ``SectionKey`` whose last value is its query
string; the sections pane's Watchlist and Topics groups are counted from the
archive's own search; adding or removing a word edits the config file in
place (``config.save_watch_word`` keeps the user's comments). Never imports
textual or rich (the colours and highlights are in ``ui/watchlist.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from newsreader.config import Topic, WatchGroup, remove_watch_word, save_watch_word
from newsreader.features.topics import topic_query
from newsreader.models import SectionKey, SectionNode

if TYPE_CHECKING:
    from newsreader.archive import Archive

__all__ = [
    "DEFAULT_GROUP",
    "ExtraSections",
    "add_word",
    "first_group",
    "group_key",
    "make_extra_sections",
    "matching_ids",
    "next_matching",
    "remove_word",
    "topic_key",
    "watch_query",
    "watched_words",
    "word_key",
]

#: The group a word goes to when the config has none.
DEFAULT_GROUP = "关注"

ExtraSections = Callable[["Archive", str], Sequence[SectionNode]]
"""``extra(archive, query)``: more top-level groups for the sections pane
(watchlist, topics), run on a worker's archive."""


def watch_query(words: Sequence[str]) -> str:
    """The search query for any of ``words`` (phrases quoted)."""
    return topic_query(words)


def group_key(group: WatchGroup) -> SectionKey:
    return SectionKey("watch", (group.name, watch_query(group.words)))


def word_key(group: WatchGroup, word: str) -> SectionKey:
    return SectionKey("watch", (group.name, word, watch_query([word])))


def topic_key(topic: Topic) -> SectionKey:
    return SectionKey("topic", (topic.name, topic_query(topic.words)))


def watched_words(groups: Sequence[WatchGroup]) -> list[str]:
    """Every watched word, group by group."""
    return [word for group in groups for word in group.words]


def first_group(groups: Sequence[WatchGroup]) -> str:
    """The group a new word goes to unless the user names one."""
    return groups[0].name if groups else DEFAULT_GROUP


def matching_ids(archive: Archive, query: str) -> set[int]:
    """The ids of the articles matching ``query`` (run on a worker's archive)."""
    return set(archive.search_ids(query, sort="date"))


def next_matching(ids: Sequence[int], start: int, matching: set[int]) -> int | None:
    """The first index from ``start`` on whose id is in ``matching``, or None."""
    for index in range(max(0, start), len(ids)):
        if ids[index] in matching:
            return index
    return None


def add_word(config_path: Path, word: str, group: str) -> str:
    """Watch ``word`` in ``group`` (the file edited in place); what to tell the user.

    Raises ``ConfigError`` or ``OSError`` when the file cannot be written.
    """
    changed = save_watch_word(config_path, group, word)
    # 「」, not “”: curly quotes are of ambiguous width, and a terminal that
    # draws them wide shifts the word over its own first character.
    return f"Watching 「{word}」 in {group}" if changed else f"「{word}」 is already watched"


def remove_word(config_path: Path, group: str, word: str) -> str:
    """Stop watching ``word`` in ``group``; what to tell the user ("" if it was not there)."""
    changed = remove_watch_word(config_path, group, word)
    return f"No longer watching 「{word}」" if changed else ""


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
        scope_query = key.search_query
        if not scope_query:
            return 0
        if self.hits is None:
            return self.archive.count_matches(scope_query)
        if not self.hits:
            return 0
        return len(self.hits.intersection(self.archive.search_ids(scope_query, sort="date")))


def make_extra_sections(groups: Sequence[WatchGroup], topics: Sequence[Topic]) -> ExtraSections:
    """The Watchlist and Topics groups of the sections pane."""
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
            total = count(SectionKey("watch", ("", watch_query(watched_words(groups)))))
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
