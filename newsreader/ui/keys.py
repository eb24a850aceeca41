"""Every key binding of the reader, in one place.

Widgets take their ``BINDINGS`` from here, and the help screen and the
command palette read the same lists, so a key can never be bound without
being documented. Every binding has an ``id``: a keymap (``App.set_keymap``,
from the config file) remaps keys by id without touching this module. The
same id on several widgets (``cursor-down`` in the list, the reader and the
sections tree) is remapped everywhere at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from textual.binding import Binding

__all__ = [
    "APP_BINDINGS",
    "GROUPS",
    "HELP_LEFT_GROUPS",
    "LIST_BINDINGS",
    "NEWSBOAT_BINDINGS",
    "READER_BINDINGS",
    "SCREEN_BINDINGS",
    "SEARCH_BINDINGS",
    "SECTIONS_BINDINGS",
    "KeyGroup",
    "describe",
    "help_rows",
    "key_label",
    "markdown_table",
]


def _b(
    key: str,
    action: str,
    description: str,
    id: str,
    *,
    show: bool = False,
    priority: bool = False,
    help: str = "",
) -> Binding:
    """A binding with its id (required here), hidden from the footer by default.

    ``description`` is the footer's short label; ``help`` (kept as the
    binding's tooltip) is the longer text of the help screen and the palette.
    """
    return Binding(key, action, description, show=show, id=id, priority=priority, tooltip=help)


def describe(binding: Binding) -> str:
    """The long description of a binding (help screen, command palette)."""
    return binding.tooltip or binding.description


APP_BINDINGS: list[Binding] = [
    _b("q", "quit", "Quit", "quit", show=True),
    _b("ctrl+p", "command_palette", "Commands", "command-palette", priority=True),
]

SCREEN_BINDINGS: list[Binding] = [
    _b("slash", "focus_search", "Search", "search", show=True),
    _b("question_mark", "help", "Help", "help", show=True),
    _b("escape", "back", "Back / clear search", "back"),
    _b("tab", "next_pane(True)", "Next pane", "next-pane"),
    _b("shift+tab", "previous_pane(True)", "Previous pane", "previous-pane"),
    _b("l", "next_pane", "Pane to the right", "pane-right"),
    _b("h", "previous_pane", "Pane to the left", "pane-left"),
    _b("s", "toggle_star", "Star", "star", show=True, help="Star / unstar the article"),
    _b("u", "toggle_read", "Unread", "read", help="Mark the article read / unread"),
    _b("o", "toggle_sort", "Sort", "sort", show=True, help="Sort results by rank / date"),
    _b("n", "next_hit", "Next hit", "next-hit", show=True),
    _b("N", "previous_hit", "Previous hit", "previous-hit"),
    _b("right_square_bracket", "next_article", "Next article", "next-article"),
    _b("left_square_bracket", "previous_article", "Previous article", "previous-article"),
    _b("y", "copy", "Copy", "copy", help="Copy the article as text (OSC 52)"),
    _b("e", "edit", "Edit", "edit", help="Open the source file in $EDITOR"),
    _b("r", "reimport", "Re-import changed files", "reimport"),
    _b("w", "next_watched", "Next watched", "next-watched", help="Next watched word (any article)"),
    _b(
        "t",
        "trend",
        "Trend",
        "trend",
        help="Trend of a section or the search",
    ),
]

# newsboat's everyday actions (``keymap = "newsboat"`` gives newsboat's own keys).
NEWSBOAT_BINDINGS: list[Binding] = [
    _b(
        "O",
        "open_in_browser",
        "Browser",
        "open-in-browser",
        help="Open the link in a browser",
    ),
    _b("L", "show_links", "Links", "links", help="The article's links"),
    _b("J", "next_unread", "Next unread", "next-unread", help="Next unread article"),
    _b(
        "K", "previous_unread", "Previous unread", "previous-unread", help="Previous unread article"
    ),
    _b(
        "A",
        "mark_all_read",
        "All read",
        "mark-all-read",
        help="Mark the whole list read",
    ),
    _b("f", "reload_feed", "Reload feed", "reload-feed", help="Reload this article's feed"),
    _b("F", "reload_feeds", "Reload feeds", "reload-feeds", help="Reload every feed"),
    _b("plus", "add_feed", "Add feed", "add-feed", help="Add a feed…"),
]

# Movement is shared by the list, the reader and the sections tree; the ids
# are the same so one keymap entry remaps all three.
_MOVE: list[Binding] = [
    _b("j,down", "cursor_down", "Down", "cursor-down"),
    _b("k,up", "cursor_up", "Up", "cursor-up"),
    _b("g,home", "cursor_top", "Top", "cursor-top"),
    _b("G,end", "cursor_bottom", "Bottom", "cursor-bottom"),
]

LIST_BINDINGS: list[Binding] = [
    *_MOVE,
    _b("pagedown", "page_down", "Page down", "page-down"),
    _b("pageup", "page_up", "Page up", "page-up"),
    _b("ctrl+d", "half_page_down", "Half page down", "half-page-down"),
    _b("ctrl+u", "half_page_up", "Half page up", "half-page-up"),
    _b("enter", "open", "Open", "open", show=True),
]

READER_BINDINGS: list[Binding] = [
    *_MOVE,
    _b("space,pagedown", "page_down", "Page down", "page-down"),
    _b("b,pageup", "page_up", "Page up", "page-up"),
    _b("ctrl+d", "half_page_down", "Half page down", "half-page-down"),
    _b("ctrl+u", "half_page_up", "Half page up", "half-page-up"),
]

SECTIONS_BINDINGS: list[Binding] = [
    *_MOVE,
    _b("enter", "select_cursor", "Show this section", "open"),
    _b("space", "toggle_node", "Expand / collapse", "toggle-section"),
]

SEARCH_BINDINGS: list[Binding] = [
    _b("down", "to_list", "Into the list", "search-to-list"),
]


@dataclass(frozen=True, slots=True)
class KeyGroup:
    """A titled group of bindings for the help screen."""

    title: str
    bindings: tuple[Binding, ...]


def _without_moves(bindings: list[Binding]) -> tuple[Binding, ...]:
    return tuple(b for b in bindings if b not in _MOVE)


GROUPS: tuple[KeyGroup, ...] = (
    KeyGroup("Everywhere", (*APP_BINDINGS, *SCREEN_BINDINGS)),
    KeyGroup(
        "Search box (/)",
        (
            Binding("enter", "", "Open the top result", id="search-open"),
            *SEARCH_BINDINGS,
            Binding("escape", "", "Clear the query, or leave the box", id="search-escape"),
        ),
    ),
    KeyGroup("Links, unread and feeds", tuple(NEWSBOAT_BINDINGS)),
    KeyGroup("Moving (sections, list, reader)", tuple(_MOVE)),
    KeyGroup("Sections", _without_moves(SECTIONS_BINDINGS)),
    KeyGroup("Article list", _without_moves(LIST_BINDINGS)),
    KeyGroup("Reader", _without_moves(READER_BINDINGS)),
)

#: How many groups the help screen puts in its left column.
HELP_LEFT_GROUPS = 3

_KEY_NAMES = {
    "slash": "/",
    "question_mark": "?",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "down": "↓",
    "up": "↑",
    "left": "←",
    "right": "→",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "home": "Home",
    "end": "End",
    "enter": "Enter",
    "escape": "Esc",
    "tab": "Tab",
    "shift+tab": "Shift+Tab",
    "space": "Space",
    "plus": "+",
    "less_than_sign": "<",
    "greater_than_sign": ">",
}


def key_label(keys: str) -> str:
    """``"j,down"`` -> ``"j ↓"``: how the help screen shows a binding's keys."""
    out = []
    for key in keys.split(","):
        key = key.strip()
        if key in _KEY_NAMES:
            out.append(_KEY_NAMES[key])
        elif key.startswith("ctrl+"):
            out.append("Ctrl+" + key[5:])
        else:
            out.append(key)
    return " ".join(out)


def help_rows(
    keymap: Mapping[str, str] | None = None, groups: Iterable[KeyGroup] = GROUPS
) -> list[tuple[str, list[tuple[str, str]]]]:
    """``[(group title, [(keys, description), ...]), ...]`` with a keymap applied.

    A binding seen twice in a group (the same id) is listed once.
    """
    keymap = keymap or {}
    result = []
    for group in groups:
        rows: list[tuple[str, str]] = []
        for binding in group.bindings:
            keys = keymap.get(binding.id or "", binding.key)
            row = (key_label(keys), describe(binding))
            if row not in rows:
                rows.append(row)
        result.append((group.title, rows))
    return result


def markdown_table(keymap: Mapping[str, str] | None = None) -> str:
    """Every key as a Markdown table (for README): the same rows as the help screen."""
    lines = ["| Keys | Action |", "| --- | --- |"]
    for title, rows in help_rows(keymap):
        lines.append(f"| **{title}** | |")
        lines.extend(f"| `{keys}` | {description} |" for keys, description in rows)
    return "\n".join(lines) + "\n"
