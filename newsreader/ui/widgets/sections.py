"""The sections pane: All, Unread, Starred; Editions, Sections, Reporters.

A ``Tree`` whose nodes carry a ``SectionKey``. Labels are built as Rich
``Text`` from plain strings (section and reporter names come from articles,
so a ``str`` label, which Tree would parse as markup, is never used).

The tree is reloaded on every search (its counts become hit counts), and a
large archive has thousands of reporters and edition pages, so a group's
children are only added when it is expanded, and at most ``MAX_CHILDREN`` of
them (the largest first, as the archive sorts them). Reloading keeps the
expanded groups and the cursor.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text, TextType
from textual.binding import BindingType
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from newsreader.models import SectionKey, SectionNode
from newsreader.ui import keys
from newsreader.ui.render.strips import parse_style, safe

__all__ = ["MAX_CHILDREN", "SectionsTree"]

ALL = SectionKey("all")
#: Children shown under one node; the rest are summed up in one line.
MAX_CHILDREN = 300


def label_for(node: SectionNode, style: str = "") -> Text:
    """``label  count`` as plain Text: the count dim, nothing parsed as markup.

    ``style`` colours the label (a watched word in its group's colour).
    """
    text = Text(safe(node.label) or "—", style=parse_style(style) if style else "")
    text.append(f"  {node.count}", style="dim")
    return text


class SectionsTree(Tree[SectionKey]):
    """Posts ``Tree.NodeSelected`` (with the key as ``node.data``) like any Tree."""

    BINDINGS: ClassVar[list[BindingType]] = [*keys.SECTIONS_BINDINGS]

    DEFAULT_CSS = """
    SectionsTree { scrollbar-size-vertical: 1; }
    """

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(Text("Sections"), ALL, name=name, id=id, classes=classes)
        self.show_root = False
        self.guide_depth = 2
        self._expanded: set[SectionKey] = set()
        self._pending: dict[int, tuple[SectionNode, ...]] = {}
        self._loaded = False
        #: Label styles by key (watched words and groups in their colour).
        self.key_styles: dict[SectionKey, str] = {}

    def process_label(self, label: TextType) -> Text:
        """Never parse a ``str`` label as markup (unlike ``Tree``)."""
        text = Text(safe(label)) if isinstance(label, str) else label
        return text.split()[0] if text.plain else text

    # ------------------------------------------------------------------ loading
    def load(self, nodes: Sequence[SectionNode], selected: SectionKey | None = None) -> None:
        """Replace the tree with ``nodes``; groups stay open, the cursor stays on its key."""
        cursor_key = selected
        if self._loaded and self.cursor_node is not None:
            cursor_key = self.cursor_node.data
        self._loaded = True
        for node in self._walk(self.root):
            if node.data is not None and node.allow_expand and node is not self.root:
                if node.is_expanded:
                    self._expanded.add(node.data)
                else:
                    self._expanded.discard(node.data)
        self.clear()
        self._pending.clear()
        for section in nodes:
            if section.key.is_heading and not section.children:
                continue  # an empty group (no sections named in this archive): noise
            self._add(self.root, section)
        self.root.expand()
        target = self.find(cursor_key) if cursor_key is not None else None
        # Line numbers of the new nodes exist only after the tree is rebuilt.
        self.call_after_refresh(self._put_cursor, target)

    def _put_cursor(self, target: TreeNode[SectionKey] | None) -> None:
        if target is not None and target.tree is self:
            self.move_cursor(target)
        else:
            self.cursor_line = 0

    def _add(self, parent: TreeNode[SectionKey], node: SectionNode) -> None:
        label = label_for(node, self.key_styles.get(node.key, ""))
        if not node.children:
            parent.add_leaf(label, node.key)
            return
        expand = node.key in self._expanded
        branch = parent.add(label, node.key, expand=expand, allow_expand=True)
        self._pending[branch.id] = node.children
        if expand:
            self._populate(branch)

    def _populate(self, branch: TreeNode[SectionKey]) -> None:
        """Add a branch's children (the first time it opens)."""
        children = self._pending.pop(branch.id, None)
        if children is None:
            return
        for child in children[:MAX_CHILDREN]:
            self._add(branch, child)
        if len(children) > MAX_CHILDREN:
            rest = len(children) - MAX_CHILDREN
            branch.add_leaf(Text(f"… {rest} more: search to narrow", style="dim"), None)

    def _on_tree_node_expanded(self, event: Tree.NodeExpanded[SectionKey]) -> None:
        self._populate(event.node)

    # ------------------------------------------------------------------ finding
    @staticmethod
    def _walk(node: TreeNode[SectionKey]) -> list[TreeNode[SectionKey]]:
        out, stack = [], [node]
        while stack:
            current = stack.pop()
            out.append(current)
            stack.extend(reversed(current.children))
        return out

    def find(self, key: SectionKey) -> TreeNode[SectionKey] | None:
        """The node for ``key``, opening (and filling) its parents so it can be shown."""
        return self._find_under(self.root, key)

    def _find_under(
        self, branch: TreeNode[SectionKey], key: SectionKey
    ) -> TreeNode[SectionKey] | None:
        for child in branch.children:
            if child.data == key:
                return child
        for child in branch.children:
            pending = self._pending.get(child.id)
            below = pending is not None and _contains(pending, key)
            if below or (pending is None and child.children):
                if pending is not None:
                    self._populate(child)
                found = self._find_under(child, key)
                if found is not None:
                    child.expand()
                    return found
        return None

    # ------------------------------------------------------------------ keys
    def action_cursor_top(self) -> None:
        self.cursor_line = 0
        self.scroll_to_line(0, animate=False)

    def action_cursor_bottom(self) -> None:
        self.cursor_line = self.last_line
        self.scroll_to_line(self.cursor_line, animate=False)


def _contains(nodes: Sequence[SectionNode], key: SectionKey) -> bool:
    """Is ``key`` anywhere in these nodes or below them?"""
    return any(n.key == key or _contains(n.children, key) for n in nodes)
