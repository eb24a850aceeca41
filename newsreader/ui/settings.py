"""Applying the user's config to the running app: theme, keymap, panes.

``config.load_config`` validates the file's shape; what only the UI can know
(which themes Textual has, which binding ids exist) is checked here, and
every problem becomes a message for the user instead of a failed launch.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.app import App
from textual.binding import Binding

from newsreader.config import Config
from newsreader.ui import keys

__all__ = ["apply_config", "binding_ids", "keymap_problems"]


def _all_bindings() -> Iterable[Binding]:
    yield from keys.APP_BINDINGS
    yield from keys.SCREEN_BINDINGS
    yield from keys.NEWSBOAT_BINDINGS
    yield from keys.LIST_BINDINGS
    yield from keys.READER_BINDINGS
    yield from keys.SECTIONS_BINDINGS
    yield from keys.SEARCH_BINDINGS


def binding_ids() -> frozenset[str]:
    """Every id a keymap may name (the ids of ``keys.py``)."""
    return frozenset(b.id for b in _all_bindings() if b.id)


def keymap_problems(keymap: Mapping[str, str]) -> list[str]:
    """One message per keymap entry naming a binding that does not exist."""
    known = binding_ids()
    return [
        f"keymap: unknown binding id {name!r} ignored (press ? for the keys)"
        for name in keymap
        if name not in known
    ]


def apply_config(app: App, config: Config) -> list[str]:
    """Set ``app``'s theme and keymap from ``config``; the problems found, as messages."""
    problems: list[str] = []
    if config.theme in app.available_themes:
        app.theme = config.theme
    else:
        problems.append(f"theme: unknown theme {config.theme!r}; using {app.theme!r}")
    problems.extend(keymap_problems(config.keymap))
    known = binding_ids()
    app.set_keymap({k: v for k, v in config.keymap.items() if k in known})
    return problems
