"""Watched words as the reader draws them: colours, highlights, the pane's styles.

Pure functions over the config's groups (no widgets), so they are tested
without an app. Highlighting uses ``watchwords.WordSpans``, which folds as
search does, so a watched 纪委 is also marked in 紀委 or full-width text.
Scopes, counts and edits of the watchlist are in ``features/watchlist.py``.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.color import Color

from newsreader.config import WatchGroup
from newsreader.features.watchlist import group_key, word_key
from newsreader.features.watchwords import WordSpans
from newsreader.models import SectionKey
from newsreader.text import fold
from newsreader.ui.render.document import Marker

__all__ = ["key_styles", "rich_colour", "watch_marker"]

_ANSI = ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")
_RICH_NAMES = frozenset([*_ANSI, *(f"bright_{c}" for c in _ANSI)])


def rich_colour(colour: str) -> str | None:
    """A config colour (ANSI or CSS name, ``#hex``, ``rgb()``) as a Rich colour.

    Rich and Textual name colours differently (``ansi_red`` vs ``red``,
    ``cornflowerblue`` only in Textual), so CSS names go through hex.
    """
    name = colour.strip().lower()
    if name.startswith("ansi_"):
        name = name[5:]
    if name in _RICH_NAMES:
        return name
    try:
        return Color.parse(name).hex
    except Exception:  # Textual raises ColorParseError and ValueError: draw unmarked
        return None


def watch_marker(groups: Sequence[WatchGroup]) -> Marker | None:
    """``marker(text)``: spans of every watched word, in its group's colour (bold).

    The first group listing a word wins where two overlap (its spans are
    applied last). ``None`` when nothing is watched.
    """
    styled = [
        (WordSpans(group.words), f"bold {colour}")
        for group in reversed(groups)
        if group.words and (colour := rich_colour(group.colour))
    ]
    if not styled:
        return None

    def marker(text: str) -> list[tuple[int, int, str]]:
        folded = fold(text)
        out: list[tuple[int, int, str]] = []
        for words, style in styled:
            out.extend((s, e, style) for s, e in words.spans(text, folded=folded))
        return out

    return marker


def key_styles(groups: Sequence[WatchGroup]) -> dict[SectionKey, str]:
    """Each watch group and word's sections-pane key -> its colour, as in the text."""
    out: dict[SectionKey, str] = {}
    for group in groups:
        colour = rich_colour(group.colour)
        if colour:
            out[group_key(group)] = colour
            out.update((word_key(group, word), colour) for word in group.words)
    return out
