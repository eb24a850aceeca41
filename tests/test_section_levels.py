"""The sections tree leaves out levels that name nothing ("(no publication)", "(no page)")."""

from __future__ import annotations

from pathlib import Path

from newsreader.archive import Archive
from newsreader.models import SectionKey, SectionNode

#: Two transcript days (no publication, no page) and one paper page.
PAGES = {
    "a.md": (
        "---\ndate: 2024-03-01\n---\n\n# 新闻联播 一\n\n正文一。\n\n# 新闻联播 二\n\n正文二。\n"
    ),
    "b.md": "---\ndate: 2024-03-02\n---\n\n# 新闻联播 三\n\n正文三。\n",
    "c.md": (
        "---\ndate: 2024-03-02\npublication: 晚报\nsection: 第02版\n---\n\n# 晚报文章\n\n正文四。\n"
    ),
    "d.md": "---\ndate: 2024-03-02\npublication: 晚报\n---\n\n# 无版面\n\n正文五。\n",
}


def _labels(nodes: tuple[SectionNode, ...]) -> list[str]:
    return [n.label for n in nodes]


def _walk(nodes: tuple[SectionNode, ...]) -> list[SectionNode]:
    return [m for n in nodes for m in (n, *_walk(n.children))]


def test_empty_levels_are_skipped_and_their_keys_still_select(tmp_path: Path) -> None:
    for name, text in PAGES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with Archive.open(tmp_path / "a.db") as archive:
        assert archive.import_paths([tmp_path]).ok
        editions = {n.label: n for n in archive.sections()}["Editions"]
        labels = [n.label for n in _walk(editions.children)]
        assert "(no publication)" not in labels
        # The transcript days sit right under Editions, as leaves.
        days = {n.label: n for n in editions.children if n.label.startswith("2024")}
        assert {d: n.count for d, n in days.items()} == {"2024-03-01": 2, "2024-03-02": 1}
        assert all(not n.children for n in days.values())
        # A page beside a page-less article keeps its "(no page)" sibling.
        paper = next(n for n in editions.children if n.label == "晚报")
        (day,) = paper.children
        assert sorted(_labels(day.children)) == ["(no page)", "第02版"]
        scoped = archive.search("正文", scope=SectionKey("edition", ("", "2024-03-01")))
        assert scoped.total == 2
