"""The one exception the parser raises, so importers can report and move on."""

from __future__ import annotations


class ParseError(Exception):
    """A file that cannot be read as a page.

    ``reason`` is one short line ("binary file", "empty file", ...) that the CLI
    prints next to the file name, so it must never contain a traceback.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
