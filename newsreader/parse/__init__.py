"""Newspaper pages (Markdown files in any Chinese encoding) -> ParsedPage.

Pure functions, no Textual or Rich: the archive, the CLI and the benchmarks
all call ``parse_bytes`` / ``parse_file``.
"""

from __future__ import annotations

import os
import stat
from dataclasses import replace
from pathlib import Path

from newsreader.models import ParsedPage
from newsreader.parse.decode import decode_page
from newsreader.parse.documents import parse_documents
from newsreader.parse.errors import ParseError
from newsreader.parse.page import kept_text, parse_text

__all__ = [
    "FEED_SUFFIXES",
    "MAX_FILE_BYTES",
    "PAGE_SUFFIXES",
    "PARSER_VERSION",
    "ParseError",
    "kept_text",
    "parse_bytes",
    "parse_file",
    "parse_text",
    "read_page_bytes",
]

PAGE_SUFFIXES = (".md", ".markdown", ".txt")
# Suffixes read as feeds: the one list, for the dispatcher and the feed reader.
FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf", ".json", ".feed")
MAX_FILE_BYTES = 64 * 1024 * 1024
# Bump when the same bytes are read into different articles: stored files are
# recognised as unchanged by a hash that includes it, so the next import of an
# existing archive parses every page again (see docs/decisions.md).
PARSER_VERSION = 2


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def parse_bytes(data: bytes, name: str) -> ParsedPage:
    """Parse one page's bytes; ``name`` is its path (dates, error messages).

    An empty file (no bytes, or only whitespace and a BOM) raises
    ``ParseError("empty file")`` rather than yielding an empty page, so the
    import report tells the user about it instead of silently storing nothing.
    """
    if len(data) > MAX_FILE_BYTES:
        raise ParseError(f"too large ({_megabytes(len(data))} > {_megabytes(MAX_FILE_BYTES)})")
    if not data.strip():
        raise ParseError("empty file")
    text, encoding, warnings = decode_page(data)
    if not text.strip():
        raise ParseError("empty file")
    page = parse_documents(text, name, encoding)  # an export may hold several editions
    if warnings:
        page = replace(page, warnings=(*warnings, *page.warnings))
    return page


def read_page_bytes(path: str | Path) -> bytes:
    """Read a page file safely: regular files only, size checked before reading.

    Opened non-blocking and checked with fstat, so a FIFO or device named like
    a page is refused instead of hanging the import, and a huge file is
    refused without being read. Raises ParseError with a one-line reason.
    """
    name = os.fspath(path)
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except IsADirectoryError:
        raise ParseError("unreadable (a directory)") from None
    except OSError as exc:
        raise ParseError(f"unreadable ({exc.strerror or type(exc).__name__})") from None
    info = os.fstat(fd)
    reason = ""
    if stat.S_ISDIR(info.st_mode):
        reason = "unreadable (a directory)"
    elif not stat.S_ISREG(info.st_mode):
        reason = "not a regular file"
    elif info.st_size > MAX_FILE_BYTES:
        reason = f"too large ({_megabytes(info.st_size)} > {_megabytes(MAX_FILE_BYTES)})"
    if reason:
        os.close(fd)
        raise ParseError(reason)
    with os.fdopen(fd, "rb") as handle:
        try:
            return handle.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise ParseError(f"unreadable ({exc.strerror or type(exc).__name__})") from None


def parse_file(path: str | Path) -> ParsedPage:
    """Read a page from disk (see ``read_page_bytes``) and parse it."""
    return parse_bytes(read_page_bytes(path), os.fspath(path))
