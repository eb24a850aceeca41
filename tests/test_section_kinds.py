"""One table of section kinds: every key the archive and the watchlist make is in it."""

from __future__ import annotations

from pathlib import Path

from newsreader.archive import Archive
from newsreader.config import Topic, WatchGroup
from newsreader.features.trends import chartable, trend_choices
from newsreader.features.watchlist import make_extra_sections
from newsreader.models import HEADING_KINDS, SECTION_KINDS, SectionKey, SectionNode
from newsreader.search.compile import scope_filter
from newsreader.ui.data import scope_label
from newsreader.ui.state import UiState


def _walk(nodes: tuple[SectionNode, ...] | list[SectionNode]) -> list[SectionNode]:
    out: list[SectionNode] = []
    for node in nodes:
        out.append(node)
        out.extend(_walk(node.children))
    return out


def test_every_kind_the_sections_pane_shows_is_in_the_table(sample_archive: Archive) -> None:
    extra = make_extra_sections(
        (WatchGroup("住房", "red", ("保交楼",)),), (Topic("经济", ("经济", "发展")),)
    )
    nodes = [*sample_archive.sections(None), *extra(sample_archive, "")]
    kinds = {node.key.kind for node in _walk(nodes)}
    assert kinds <= set(SECTION_KINDS)
    assert {"all", "unread", "starred", "watch", "watchlist", "topic", "topics"} <= kinds
    # Headings are the top level's groups only; nothing under them is one.
    for node in nodes:
        assert all(not child.key.is_heading for child in _walk(node.children))
    assert {n.key.kind for n in nodes if n.key.is_heading} >= {"watchlist", "topics"}


def test_headings_and_all_select_everything_in_search() -> None:
    for kind in [*HEADING_KINDS, "all"]:
        assert SectionKey(kind).is_everything
        assert scope_filter(SectionKey(kind)) == ("1", [])
    assert not SectionKey("unread").is_everything
    assert scope_filter(SectionKey("watch")) == ("0", [])  # a search kind without its query


def test_search_query_only_for_search_kinds() -> None:
    assert SectionKey("topic", ("经济", "经济 OR 发展")).search_query == "经济 OR 发展"
    assert SectionKey("section", ("要闻",)).search_query is None
    assert SectionKey("watch").search_query is None


def test_labels_come_from_the_table() -> None:
    assert scope_label(SectionKey("unread")) == "Unread"
    assert (
        scope_label(SectionKey("edition", ("郑州日报", "2023-10-25", ""))) == "郑州日报 2023-10-25"
    )


def test_saved_state_with_an_unknown_kind_or_a_heading_starts_on_all() -> None:
    assert UiState.from_json({"scope": ["nonsense", []]}).scope == SectionKey("all")
    assert UiState.from_json({"scope": ["reporters", []]}).scope == SectionKey("all")
    assert UiState.from_json({"scope": ["reporter", ["张三"]]}).scope == SectionKey(
        "reporter", ("张三",)
    )


def test_trend_scopes_and_choices(tmp_path: Path) -> None:
    assert chartable(SectionKey("all")) is None
    assert chartable(SectionKey("editions")) is None
    assert chartable(None) is None
    assert chartable(SectionKey("unread")) == SectionKey("unread")
    groups = (WatchGroup("住房", "red", ("保交楼",)), WatchGroup("空", "blue", ()))
    choices = trend_choices("回迁", groups, (Topic("经济", ("经济",)),))
    labels = [label for label, _query, _scope in choices]
    assert labels == ["the search “回迁”", "watch group 住房", "保交楼  (住房)", "topic 经济"]
    assert choices[0][1:] == ("回迁", None)
    assert all(scope is not None and scope.search_query for _l, _q, scope in choices[1:])
