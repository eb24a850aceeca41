"""The UI's data functions (worker side) and small pure helpers."""

from __future__ import annotations

from pathlib import Path

from newsreader.archive import Archive
from newsreader.models import SectionKey
from newsreader.ui.data import PAGE_SIZE, Request, load, load_sections, scope_label
from newsreader.ui.editor import editor_command


def test_load_browse_and_search(db_path: Path) -> None:
    with Archive.open(db_path) as archive:
        browse = load(archive, Request(""))
        assert len(browse.ids) == 4 and [r.id for r in browse.first] == browse.ids[:PAGE_SIZE]
        found = load(archive, Request("  保交楼 "))
        assert len(found.ids) == 1 and found.first[0].hits >= 3
        assert found.elapsed_ms >= 0
        archive.set_starred(browse.ids[2], True)
        starred = load(archive, Request("", SectionKey("starred")))
        assert starred.ids == [browse.ids[2]]


def test_a_quick_search_load_is_the_first_page_of_the_full_one(db_path: Path) -> None:
    with Archive.open(db_path) as archive:
        for query, sort in (("的", "rank"), ("的", "date"), ("高新", "rank")):
            full = load(archive, Request(query, sort=sort))
            quick = load(archive, Request(query, sort=sort, limit=2))
            assert full.total is None and full.count == len(full.ids) >= 3
            assert quick.ids == full.ids[:2]
            assert [hit.id for hit in quick.first] == quick.ids
            assert quick.total == quick.count == full.count


def test_load_sections_counts_only_when_browsing(db_path: Path) -> None:
    with Archive.open(db_path) as archive:
        archive.set_read(archive.list_ids()[0], True)
        browsing = load_sections(archive, "")
        assert browsing.counts == (4, 3)
        searching = load_sections(archive, "保交楼")
        assert searching.counts is None
        assert {n.key.kind: n.count for n in searching.nodes}["all"] == 1


def test_scope_label() -> None:
    assert scope_label(SectionKey("unread")) == "Unread"
    assert scope_label(SectionKey("edition", ("郑州日报", "2023-10-25", "第02版"))) == (
        "郑州日报 2023-10-25 第02版"
    )
    assert scope_label(SectionKey("reporter", ("孙庆辉",))) == "孙庆辉"


def test_editor_command() -> None:
    assert editor_command("/a b.md", {}) == ["vi", "/a b.md"]
    assert editor_command("x.md", {"EDITOR": "nano"}) == ["nano", "x.md"]
    assert editor_command("x.md", {"EDITOR": "nano", "VISUAL": "code --wait"}) == [
        "code", "--wait", "x.md"
    ]  # fmt: skip
    # A path is one argument even with shell characters in it.
    assert editor_command("a;rm -rf ~.md", {"EDITOR": "vim"}) == ["vim", "a;rm -rf ~.md"]
    assert editor_command("x.md", {"EDITOR": 'bad "quote'}) == ['bad "quote', "x.md"]


def test_extra_sections_are_appended(db_path: Path) -> None:
    from newsreader.models import SectionNode

    def extra(archive: Archive, query: str) -> list[SectionNode]:
        return [SectionNode(SectionKey("watch", ("廉政",)), f"Watch {query or '-'}", 7)]

    with Archive.open(db_path) as archive:
        result = load_sections(archive, "保交楼", extra)
        assert result.nodes[-1].label == "Watch 保交楼"
        assert result.nodes[0].key.kind == "all"
