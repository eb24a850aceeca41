"""The command palette (ctrl+p): every action that has a key, by its description.

Built from ``keys.py`` so the palette, the help screen and the bindings never
disagree; each command shows its key. A few commands have no key of their
own (show a section, focus a pane, watch a word). ``pick`` opens the palette
on a list of choices (which word to unwatch, which topic to chart).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import Any, cast

from textual.app import App
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider, SimpleProvider
from textual.content import Content
from textual.screen import Screen

from newsreader.ui import keys
from newsreader.ui.render.strips import safe

__all__ = ["LiteralCommands", "ReaderCommands", "palette_commands", "pick"]


Choices = Sequence[tuple[str, Callable[[], Any]]]


class LiteralCommands(SimpleProvider):
    """A fixed list of ``(text, callback)`` shown literally.

    ``App.search_commands`` parses each name as markup, and these names are
    watched words, topic names, keywords and queries: ``[b]`` or a lone
    ``[`` in them must show as typed (escaping is not enough for every case).
    A ``SimpleProvider`` so the palette takes the instance as it is.
    """

    def __init__(self, screen: Screen[Any], commands: Choices) -> None:
        super().__init__(screen, [])
        self.commands = [(safe(text), callback) for text, callback in commands]

    async def discover(self) -> Hits:
        for text, callback in self.commands:
            yield DiscoveryHit(Content(text), callback, text=text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, callback in self.commands:
            score, offsets = matcher.fuzzy_search.match(matcher.query, text)
            if score > 0:
                prompt = Content(text)
                for offset in offsets:
                    prompt = prompt.stylize("bold reverse", offset, offset + 1)
                yield Hit(score, prompt, callback, text=text)


def pick(app: App[Any], commands: Choices, placeholder: str) -> None:
    """Open the command palette on ``commands`` only (texts shown literally)."""
    # The palette calls each provider with the screen; a SimpleProvider
    # instance answers that call with itself, which Textual's annotation
    # (provider classes only) does not describe.
    provider = cast("type[Provider]", LiteralCommands(app.screen, commands))
    app.push_screen(CommandPalette(providers=[provider], placeholder=placeholder))


_EXTRA: tuple[tuple[str, str], ...] = (
    ("Focus the sections pane", "show_pane('sections')"),
    ("Focus the article list", "show_pane('list')"),
    ("Focus the reader", "show_pane('reader')"),
    ("Show all articles", "show_scope('all')"),
    ("Show unread articles", "show_scope('unread')"),
    ("Show starred articles", "show_scope('starred')"),
    ("Watch word…", "watch_word"),
    ("Watch the current search term", "watch_search"),
    ("Unwatch word…", "unwatch_word"),
    ("Trend of a word, group or topic…", "trend_of"),
    ("Search a keyword of this article…", "search_keyword"),
)

# Palette actions that only make sense as keys (moving, paging, back, the palette itself).
_SKIP = {"command_palette", "back", "next_pane", "previous_pane"}


def palette_commands() -> list[tuple[str, str, str]]:
    """``(title, action, key help)`` for every palette command, without duplicates."""
    seen: set[str] = set()
    out: list[tuple[str, str, str]] = []
    for binding in (*keys.APP_BINDINGS, *keys.SCREEN_BINDINGS, *keys.NEWSBOAT_BINDINGS):
        name = binding.action.partition("(")[0]
        if name in _SKIP or name in seen:
            continue
        seen.add(name)
        out.append((keys.describe(binding), binding.action, keys.key_label(binding.key)))
    out.extend((title, action, "") for title, action in _EXTRA)
    return out


class ReaderCommands(Provider):
    """Runs actions on the main screen (the screen the palette was opened from)."""

    def _commands(self) -> Iterator[tuple[str, str, str]]:
        yield from palette_commands()

    async def _run(self, action: str) -> None:
        await self.screen.run_action(action)

    async def discover(self) -> Hits:
        for title, action, key in self._commands():
            yield DiscoveryHit(title, partial(self._run, action), help=key or None)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, action, key in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(self._run, action),
                    text=title,
                    help=key or None,
                )
