"""Pick the reader for an input file: a newspaper page or a feed."""

from __future__ import annotations

from pathlib import Path

from newsreader.models import ParsedPage
from newsreader.parse import FEED_SUFFIXES, PAGE_SUFFIXES, ParseError, parse_bytes
from newsreader.parse.exported import EXPORT_SUFFIXES, looks_like_export, parse_export


def is_importable(path: Path) -> bool:
    """Files an import of a folder picks up (hidden files are skipped)."""
    name = path.name
    return not name.startswith(".") and path.suffix.lower() in (
        *PAGE_SUFFIXES,
        *FEED_SUFFIXES,
        *EXPORT_SUFFIXES,
    )


def parse_any(data: bytes, name: str) -> ParsedPage:
    """Parse ``data`` as our own JSON export, a feed or a page, by its shape."""
    if looks_like_export(data, name):
        return parse_export(data, name)
    # Imported here: feedparser costs start-up time that pages never need.
    from newsreader.parse.feed import is_feed, parse_feed

    if is_feed(data, name):
        return parse_feed(data, name)
    if Path(name).suffix.lower() in FEED_SUFFIXES:
        raise ParseError("not a feed (RSS, Atom, RDF or JSON Feed) nor a page")
    return parse_bytes(data, name)
