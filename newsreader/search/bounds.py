"""Bounds on what a caller may hand a search: text SQLite can store, row counts it can take.

Query text is untrusted. A lone surrogate (``"\\ud800"`` from a broken
client, or the ``"\\udcff"`` Python makes of a command-line byte that is not
UTF-8) cannot be encoded for SQLite and raised from deep inside a search;
a limit or offset beyond 64 bits raised "datatype mismatch".
"""

from __future__ import annotations

import re

__all__ = ["MAX_ROWS", "bounded_rows", "storable"]

# SQLite's LIMIT and OFFSET are signed 64-bit; no archive comes near this.
MAX_ROWS = (1 << 62) - 1
_SURROGATE = re.compile("[\ud800-\udfff]")


def storable(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD (one character for one)."""
    return _SURROGATE.sub("\ufffd", text)


def bounded_rows(count: int) -> int:
    """A row count or offset clamped to ``0..MAX_ROWS``."""
    return max(0, min(int(count), MAX_ROWS))
