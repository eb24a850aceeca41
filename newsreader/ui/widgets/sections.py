"""The sections pane: All, Unread, Starred; Editions, Sections, Reporters.

A ``Tree`` whose nodes carry a ``SectionKey``. Labels are built as Rich
``Text`` from plain strings (section and reporter names come from articles,
so a ``str`` label, which Tree would parse as markup, is never used).

A line is drawn as the name, then the count at the pane's right edge: when
room is short the name is cut, never the number (a cut count reads as a
different, wrong number).

The tree is reloaded on every search (its counts become hit counts), and a
large archive has thousands of reporters and edition pages, so a group's
children are only added when it is expanded, and at most ``MAX_CHILDREN`` of
them (the largest first, as the archive sorts them). Reloading keeps the
expanded groups and the cursor.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Span, Text, TextType
from textual.binding import BindingType
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from newsreader.models import SectionKey, SectionNode
from newsreader.text import cell_width, truncate_cells
from newsreader.ui import keys
from newsreader.ui.render.contrast import readable_style
from newsreader.ui.render.strips import parse_style, safe

__all__ = ["MAX_CHILDREN", "SectionsTree", "format_count", "label_for", "node_count"]

ALL = SectionKey("all")
#: Children shown under one node; the rest are summed up in one line.
MAX_CHILDREN = 300


#: Between a name and its count, at the least.
GAP = "  "


def format_count(count: int) -> str:
    """``1,234``: thousands separated, so a long count is read at a glance."""
    return f"{count:,}"


def node_count(node: SectionNode) -> str:
    """``1,234``, or ``3/1,234`` (unread/all) where the node counts unread (a feed)."""
    if node.unread is None:
        return format_count(node.count)
    return f"{format_count(node.unread)}/{format_count(node.count)}"


def label_for(node: SectionNode, style: str = "") -> Text:
    """``label  count`` as plain Text, nothing parsed as markup.

    ``style`` colours the label (a watched word in its group's colour). The
    count is coloured when drawn (``SectionsTree.render_label``).
    """
    text = Text(safe(node.label) or "—", style=parse_style(style) if style else "")
    text.append(GAP + node_count(node))
    return text


class SectionsTree(Tree[SectionKey]):
    """Posts ``Tree.NodeSelected`` (with the key as ``node.data``) like any Tree."""

    BINDINGS: ClassVar[list[BindingType]] = [*keys.SECTIONS_BINDINGS]

    COMPONENT_CLASSES: ClassVar[set[str]] = {*Tree.COMPONENT_CLASSES, "sections--count"}

    DEFAULT_CSS = """
    SectionsTree { scrollbar-size-vertical: 1; }
    SectionsTree > .sections--count { color: $text-muted; }
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
        #: The count part of each node's label, by node id.
        self._counts: dict[int, str] = {}

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
        self._counts.clear()
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
        count = GAP + node_count(node)
        if not node.children:
            self._counts[parent.add_leaf(label, node.key).id] = count
            return
        expand = node.key in self._expanded
        branch = parent.add(label, node.key, expand=expand, allow_expand=True)
        self._counts[branch.id] = count
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
            branch.add_leaf(Text(f"… {format_count(rest)} more: search to narrow"), None)

    def _on_tree_node_expanded(self, event: Tree.NodeExpanded[SectionKey]) -> None:
        self._populate(event.node)

    # ------------------------------------------------------------------ drawing
    def render_label(self, node: TreeNode[SectionKey], base_style: Style, style: Style) -> Text:
        """The name cut to the room left, then the whole count at the right edge."""
        text = super().render_label(node, base_style, style)
        if not self.is_mounted:  # measured before its styles exist
            return text
        muted = style + self.get_component_rich_style("sections--count", partial=True)
        if self.cursor_node is node and self.has_focus:
            muted = style  # the cursor row is drawn in one colour
        count = self._counts.get(node.id)
        if count is None or not text.plain.endswith(count):
            if node.data is None:  # the "… N more" line
                text.stylize(muted)
            return text
        head = text[: len(text) - len(count)]
        if self.cursor_node is node and not self.has_focus:
            # A watched word's colour may be unreadable on the cursor's grey.
            toggles = [s for s in head.spans if isinstance(s.style, Style) and s.style.meta]
            head = Text(head.plain, style=style, spans=toggles)
        elif self.cursor_node is not node:  # a watch group's colour, made readable here
            background, ansi = base_style.bgcolor, self.app.ansi_theme
            head.spans = [
                Span(s.start, s.end, readable_style(_as_style(s.style), background, ansi))
                for s in head.spans
            ]
        depth = 0
        parent = node.parent
        while parent is not None and parent is not self.root:
            depth += 1
            parent = parent.parent
        room = self.scrollable_content_region.width - depth * self.guide_depth
        name_room = max(room - cell_width(count), 0)
        if head.cell_len > name_room:
            cut = truncate_cells(head.plain, name_room)
            if cut.endswith("…") and not head.plain.startswith(cut):
                head = head[: len(cut) - 1]
                head.append("…")
            else:
                head = head[: len(cut)]
        pad = max(room - head.cell_len - cell_width(count), 0)
        return Text.assemble(head, (" " * pad, style), (count, muted))

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


def _as_style(style: str | Style) -> Style:
    return parse_style(style) if isinstance(style, str) else style


def _contains(nodes: Sequence[SectionNode], key: SectionKey) -> bool:
    """Is ``key`` anywhere in these nodes or below them?"""
    return any(n.key == key or _contains(n.children, key) for n in nodes)
