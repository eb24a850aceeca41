"""Watched words without the UI: scopes, the next article with one, edits of the config file."""

from __future__ import annotations

from pathlib import Path

from newsreader.archive import Archive
from newsreader.config import WatchGroup, load_config
from newsreader.features.watchlist import (
    DEFAULT_GROUP,
    add_word,
    first_group,
    group_key,
    make_extra_sections,
    matching_ids,
    next_matching,
    remove_word,
    watched_words,
    word_key,
)

CONFIG = """\
# my watchlist
[[watchlist]]
name = "住房"
colour = "red"
words = ["保交楼"]
"""

PAGE = """\
---
publication: 郑州日报
date: 2023-10-25
page: 第06版
---

# 保交楼项目交付

郑州市保交楼项目集中交付。

# 秋粮收购

各地秋粮收购进展顺利。
"""


def test_keys_carry_their_query_as_the_last_value() -> None:
    group = WatchGroup("住房", "red", ("保交楼", "安置房"))
    assert word_key(group, "安置房").search_query == "安置房"
    group_query = group_key(group).search_query
    assert group_query is not None and "保交楼" in group_query and "安置房" in group_query


def test_first_group_and_words() -> None:
    groups = (WatchGroup("住房", "red", ("保交楼",)), WatchGroup("廉政", "blue", ("纪委", "巡察")))
    assert first_group(groups) == "住房"
    assert first_group(()) == DEFAULT_GROUP
    assert watched_words(groups) == ["保交楼", "纪委", "巡察"]


def test_next_matching_starts_at_start_and_stops_at_the_end() -> None:
    ids = [7, 3, 9, 4]
    assert next_matching(ids, 0, {9, 4}) == 2
    assert next_matching(ids, 3, {9, 4}) == 3
    assert next_matching(ids, 3, {9}) is None
    assert next_matching(ids, 0, set()) is None


def test_add_and_remove_edit_the_file_and_say_what_happened(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG, encoding="utf-8")
    assert add_word(path, "安置房", "住房") == "Watching 「安置房」 in 住房"
    assert add_word(path, "安置房", "住房") == "「安置房」 is already watched"
    text = path.read_text(encoding="utf-8")
    assert "# my watchlist" in text
    config, problems = load_config(path)
    assert not problems
    assert config.watch_groups[0].words == ("保交楼", "安置房")
    assert remove_word(path, "住房", "保交楼") == "No longer watching 「保交楼」"
    assert remove_word(path, "住房", "保交楼") == ""
    assert load_config(path)[0].watch_groups[0].words == ("安置房",)


def test_extra_sections_count_the_words_in_the_archive(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(PAGE, encoding="utf-8")
    groups = (WatchGroup("住房", "red", ("保交楼", "秋粮")),)
    with Archive.open(tmp_path / "news.db") as archive:
        archive.import_paths([page])
        assert len(matching_ids(archive, "保交楼")) == 1
        nodes = make_extra_sections(groups, ())(archive, "")
        assert [n.key.kind for n in nodes] == ["watchlist"]
        words = {n.label: n.count for n in nodes[0].children[0].children}
        assert words == {"保交楼": 1, "秋粮": 1}
        within = make_extra_sections(groups, ())(archive, "交付")
        assert {n.label: n.count for n in within[0].children[0].children} == {
            "保交楼": 1,
            "秋粮": 0,
        }
