"""The sections pane: All, Unread, Starred, Editions, Sections, Reporters.

A ``Tree`` whose nodes carry a ``SectionKey``. Labels are built as Rich
``Text`` from plain strings (section and reporter names come from articles,
so a ``str`` label, which Tree would parse as markup, is never used).
Rebuilding on every query keeps the expanded groups and the cursor.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text, TextType
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from newsreader.models import SectionKey, SectionNode
from newsreader.ui import keys
from newsreader.ui.strips import safe

__all__ = ["SectionsTree"]

ALL = SectionKey("all")
#: Kinds of the group headings (Editions, Sections, Reporters): not a scope themselves.
GROUP_KINDS = frozenset({"editions", "sections", "reporters"})


def label_for(node: SectionNode) -> Text:
    """``label  count`` as plain Text: the count dim, nothing parsed as markup."""
    text = Text(safe(node.label) or "—")
    text.append(f"  {node.count}", style="dim")
    return text


class SectionsTree(Tree[SectionKey]):
    """Posts ``Tree.NodeSelected`` (with the key as ``node.data``) like any Tree."""

    BINDINGS: ClassVar = keys.SECTIONS_BINDINGS

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
        self._loaded = False

    def process_label(self, label: TextType) -> Text:
        """Never parse a ``str`` label as markup (unlike ``Tree``)."""
        text = Text(safe(label)) if isinstance(label, str) else label
        return text.split()[0] if text.plain else text

    def load(self, nodes: Sequence[SectionNode], selected: SectionKey | None = None) -> None:
        """Replace the tree with ``nodes``; groups stay open, the cursor stays on its key."""
        cursor_key = selected
        if self._loaded and self.cursor_node is not None:
            cursor_key = self.cursor_node.data
        self._loaded = True
        self._expanded |= {
            n.data for n in self._walk(self.root) if n.is_expanded and n.data is not None
        }
        self._expanded -= {
            n.data for n in self._walk(self.root) if not n.is_expanded and n.data is not None
        }
        self.clear()
        for node in nodes:
            if node.key.kind in GROUP_KINDS and not node.children:
                continue  # an empty group (no sections named in this archive): noise
            self._add(self.root, node)
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
        if node.children:
            branch = parent.add(label_for(node), node.key, expand=node.key in self._expanded)
            for child in node.children:
                self._add(branch, child)
        else:
            parent.add_leaf(label_for(node), node.key)

    @staticmethod
    def _walk(node: TreeNode[SectionKey]) -> list[TreeNode[SectionKey]]:
        out, stack = [], [node]
        while stack:
            current = stack.pop()
            out.append(current)
            stack.extend(reversed(current.children))
        return out

    def find(self, key: SectionKey) -> TreeNode[SectionKey] | None:
        """The node for ``key``, opening its parents so it can be shown."""
        for node in self._walk(self.root):
            if node.data == key and node is not self.root:
                parent = node.parent
                while parent is not None:
                    parent.expand()
                    parent = parent.parent
                return node
        return None

    def action_cursor_top(self) -> None:
        self.cursor_line = 0
        self.scroll_to_line(0, animate=False)

    def action_cursor_bottom(self) -> None:
        self.cursor_line = self.last_line
        self.scroll_to_line(self.cursor_line, animate=False)
