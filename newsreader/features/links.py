"""An article's links and opening one in a browser (newsboat's `o` and `u`).

``webbrowser`` already honours ``$BROWSER``; the opener is a parameter so
tests (and the reader's services) pass their own and never start a browser.
"""

from __future__ import annotations

import webbrowser
from collections.abc import Callable

from newsreader.models import Article

__all__ = ["Opener", "article_links", "open_link"]

#: ``opener(url)`` -> whether a browser took it (``webbrowser.open``'s shape).
Opener = Callable[[str], bool]

_SCHEMES = ("http://", "https://")


def article_links(article: Article) -> list[str]:
    """The article's own URL first, then the links in its text, each once.

    Only web links: a ``javascript:`` or ``file:`` link of an untrusted page
    is never handed to a browser.
    """
    seen: list[str] = []
    for url in (article.url, *article.links):
        url = url.strip()
        if url.lower().startswith(_SCHEMES) and url not in seen:
            seen.append(url)
    return seen


def open_link(url: str, opener: Opener | None = None) -> str:
    """Open ``url``; a one-line message saying what happened."""
    opener = opener or webbrowser.open
    try:
        opened = opener(url)
    except (OSError, webbrowser.Error) as error:
        return f"Could not open a browser: {error}"
    return f"Opened {url}" if opened else "No browser found: set $BROWSER"
