"""Newspaper pages (Markdown files in any Chinese encoding) -> ParsedPage.

Pure functions, no Textual or Rich: the archive, the CLI and the benchmarks
all call ``parse_bytes`` / ``parse_file``.
"""

from __future__ import annotations

import os
from pathlib import Path

from newsreader.models import ParsedPage
from newsreader.parse.decode import decode
from newsreader.parse.errors import ParseError
from newsreader.parse.page import kept_text, parse_text

__all__ = [
    "MAX_FILE_BYTES",
    "PAGE_SUFFIXES",
    "ParseError",
    "kept_text",
    "parse_bytes",
    "parse_file",
    "parse_text",
]

PAGE_SUFFIXES = (".md", ".markdown", ".txt")
MAX_FILE_BYTES = 64 * 1024 * 1024


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
    text, encoding = decode(data)
    if not text.strip():
        raise ParseError("empty file")
    return parse_text(text, name, encoding)


def parse_file(path: str | Path) -> ParsedPage:
    """Read a page from disk (size checked before reading) and parse it."""
    name = os.fspath(path)
    try:
        size = os.stat(name).st_size
        if size > MAX_FILE_BYTES:
            raise ParseError(f"too large ({_megabytes(size)} > {_megabytes(MAX_FILE_BYTES)})")
        with open(name, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except IsADirectoryError:
        raise ParseError("unreadable (a directory)") from None
    except OSError as exc:
        raise ParseError(f"unreadable ({exc.strerror or type(exc).__name__})") from None
    return parse_bytes(data, name)
