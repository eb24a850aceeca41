"""OPML import and export of the feed list.

OPML is how readers hand subscriptions to each other. Import walks nested
outlines (folders become ``category``), accepts ``xmlUrl`` in any case and
keeps the first occurrence of each URL; export writes OPML 2.0 grouped by
category. Input is untrusted: parsed with ElementTree (expat guards against
entity expansion) and a document type declaration is refused outright.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime

__all__ = ["OpmlError", "OpmlFeed", "export_opml", "parse_opml"]


class OpmlError(ValueError):
    """The OPML file could not be read at all."""


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    """One subscription: feed URL, its title, site URL and folder."""

    url: str
    title: str = ""
    html_url: str = ""
    category: str = ""


def _attr(element: ET.Element, name: str) -> str:
    """An attribute by case-insensitive name (``xmlUrl``, ``xmlurl`` ...)."""
    lowered = name.lower()
    for key, value in element.attrib.items():
        if key.lower() == lowered:
            return " ".join(value.split()) if name != "xmlUrl" else value.strip()
    return ""


def parse_opml(data: bytes | str) -> list[OpmlFeed]:
    """The feeds listed in an OPML document, in document order, deduplicated."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if b"<!DOCTYPE" in raw[:4096].upper() or b"<!ENTITY" in raw.upper():
        raise OpmlError("OPML with a DOCTYPE or entities is not accepted")
    try:
        root = ET.fromstring(raw.lstrip())
    except ET.ParseError as exc:
        raise OpmlError(f"not well-formed OPML: {exc}") from None
    if root.tag.lower() != "opml":
        raise OpmlError(f"not OPML: the root element is <{root.tag}>")
    body = next((child for child in root if child.tag.lower() == "body"), None)
    if body is None:
        raise OpmlError("OPML has no <body>")
    feeds: list[OpmlFeed] = []
    seen: set[str] = set()

    # Depth-first in document order, with a stack: an OPML nested thousands
    # deep must not hit Python's recursion limit.
    stack: list[tuple[Iterator[ET.Element], str]] = [(iter(body), "")]
    while stack:
        children, folder = stack[-1]
        outline = next(children, None)
        if outline is None:
            stack.pop()
            continue
        if outline.tag.lower() != "outline":
            continue
        url = _attr(outline, "xmlUrl")
        title = _attr(outline, "title") or _attr(outline, "text")
        if title == url:
            title = ""  # exporters write the URL as text for untitled feeds
        if url and url not in seen:
            seen.add(url)
            feeds.append(OpmlFeed(url, title, _attr(outline, "htmlUrl"), folder))
        stack.append((iter(outline), folder if url else (title or folder)))
    return feeds


def export_opml(feeds: Iterable[OpmlFeed], title: str = "newsreader feeds") -> str:
    """An OPML 2.0 document for ``feeds``, folders by category, as text."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = format_datetime(datetime.now(UTC))
    body = ET.SubElement(root, "body")
    folders: dict[str, ET.Element] = {}
    for feed in feeds:
        parent = body
        if feed.category:
            if feed.category not in folders:
                folders[feed.category] = ET.SubElement(
                    body, "outline", text=feed.category, title=feed.category
                )
            parent = folders[feed.category]
        attrs = {"type": "rss", "text": feed.title or feed.url, "xmlUrl": feed.url}
        if feed.title:
            attrs["title"] = feed.title
        if feed.html_url:
            attrs["htmlUrl"] = feed.html_url
        ET.SubElement(parent, "outline", attrs)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, "unicode") + "\n"
