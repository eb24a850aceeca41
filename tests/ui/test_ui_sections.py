"""The sections pane: editions newest first, counts that become hit counts, narrowing."""

from __future__ import annotations

from pathlib import Path

from textual.widgets.tree import TreeNode
from ui_helpers import screen_text, settle

from newsreader.archive import Archive
from newsreader.models import SectionKey
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.screens.main import MainScreen
from newsreader.ui.widgets.article_list import ArticleList
from newsreader.ui.widgets.sections import SectionsTree


def main(app: NewsreaderApp) -> MainScreen:
    assert isinstance(app.screen, MainScreen)
    return app.screen


def child(node: TreeNode[SectionKey], label: str) -> TreeNode[SectionKey]:
    """The child of ``node`` whose label starts with ``label``."""
    for candidate in node.children:
        if str(candidate.label).startswith(label):
            return candidate
    raise AssertionError(
        f"{label!r} not under {node.label}: {[str(c.label) for c in node.children]}"
    )


def labels(node: TreeNode[SectionKey]) -> list[str]:
    return [str(c.label) for c in node.children]


async def go_to(pilot, tree: SectionsTree, label: str) -> None:  # type: ignore[no-untyped-def]
    """Move the cursor down to the first visible line labelled ``label`` (keys only)."""
    await pilot.press("g")
    for _ in range(tree.last_line + 1):
        node = tree.cursor_node
        if node is not None and str(node.label).startswith(label):
            return
        await pilot.press("j")
    raise AssertionError(f"no line {label!r} in the sections pane")


async def test_browsing_counts_articles_in_every_group(editions_db: Path) -> None:
    app = NewsreaderApp(editions_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        tree = main(app).sections
        root = tree.root
        assert labels(root)[:3] == ["All  3", "Unread  3", "Starred  0"]
        await pilot.press("h")
        for group in ("Sections", "Reporters"):  # children are added when a group opens
            await go_to(pilot, tree, group)
            await pilot.press("space")
            await pilot.pause()
        assert labels(child(root, "Sections")) == ["要闻  2", "民生  1"]
        assert sorted(labels(child(root, "Reporters"))) == ["丙某  1", "乙某  1", "甲某  1"]


async def test_space_opens_editions_newest_first_with_hit_counts(editions_db: Path) -> None:
    app = NewsreaderApp(editions_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        await pilot.press("slash", *"保交楼")
        await settle(pilot, app)
        await pilot.press("down", "h")  # into the list (the query stays), then the sections
        tree = screen.sections
        assert isinstance(app.focused, SectionsTree)
        # While the query is active every count is a number of hits.
        assert labels(tree.root)[:3] == ["All  2", "Unread  2", "Starred  0"]
        await go_to(pilot, tree, "Editions")
        editions = tree.cursor_node
        assert editions is not None and not editions.is_expanded
        await pilot.press("space")
        assert editions.is_expanded
        paper = child(editions, "郑州日报")
        assert str(paper.label) == "郑州日报  2"
        await pilot.press("j", "space")
        assert paper.is_expanded
        # Publication -> date (newest first) -> page, each with its hits.
        assert labels(paper) == ["2023-10-25  1", "2023-10-24  1"]
        await pilot.press("j", "space")
        await pilot.pause()
        newer = child(paper, "2023-10-25")
        assert labels(newer) == ["第02版  1"]
        await go_to(pilot, tree, "Editions")
        await pilot.press("space")
        assert not editions.is_expanded


async def test_selecting_a_section_narrows_the_search(editions_db: Path) -> None:
    with Archive.open(editions_db) as archive:
        older = archive.search_ids(
            "保交楼", scope=SectionKey("edition", ("郑州日报", "2023-10-24"))
        )
    assert len(older) == 1
    app = NewsreaderApp(editions_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        await pilot.press("slash", *"保交楼")
        await settle(pilot, app)
        assert len(screen.article_list.ids) == 2
        await pilot.press("down", "h")
        tree = screen.sections
        await go_to(pilot, tree, "Editions")
        await pilot.press("space", "j", "space")
        await go_to(pilot, tree, "2023-10-24")
        await pilot.press("enter")
        await settle(pilot, app)
        assert screen.scope == SectionKey("edition", ("郑州日报", "2023-10-24"))
        assert screen.article_list.ids == older
        assert isinstance(app.focused, ArticleList)
        # Chosen while searching: the search is scoped, visibly, and says what it hides.
        assert screen.scope_chip.text == "in: 郑州日报 2023-10-24"
        assert screen.status.message.startswith("1 here · 2 in All (i: search all) · ")
        # Clearing the query keeps the section: browsing that date shows both articles.
        await pilot.press("slash", "escape")
        await settle(pilot, app)
        assert len(screen.article_list.ids) == 2
        assert "2 articles · 郑州日报 2023-10-24" in screen_text(app)


async def test_a_reporter_narrows_the_search(editions_db: Path) -> None:
    app = NewsreaderApp(editions_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        await pilot.press("slash", *"保交楼")
        await settle(pilot, app)
        await pilot.press("down", "h")
        tree = screen.sections
        await go_to(pilot, tree, "Reporters")
        await pilot.press("space")
        await go_to(pilot, tree, "丙某")
        await pilot.press("enter")
        await settle(pilot, app)
        assert screen.scope == SectionKey("reporter", ("丙某",))
        rows = [screen.article_list.row(i) for i in range(len(screen.article_list.ids))]
        assert [r.title for r in rows if r is not None] == ["安置房如期交付"]
