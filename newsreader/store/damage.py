"""Damage named: SQLite errors from a damaged archive become one line for the user.

An archive with flipped bytes or a dropped table fails only when a query
reaches the damaged part, deep inside whatever command or screen asked.
``names_damage`` wraps the public methods of ``Archive`` so that such an
error leaves them as ``ArchiveDamaged``, an ``ArchiveError`` that points at
`newsreader doctor` and `newsreader rebuild`, which every caller already
reports in one line. Errors that are conditions, not damage (interrupted,
busy, locked, read-only, disk full, I/O), pass through unchanged: callers
handle those themselves.
"""

from __future__ import annotations

import functools
import inspect
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from types import GeneratorType
from typing import Any, TypeVar

from newsreader.store.schema import ArchiveDamaged, ArchiveError, damage_message

__all__ = ["ArchiveDamaged", "damage_of", "is_damage", "names_damage"]

# Primary result codes that mean the file is not what this program wrote.
_DAMAGE_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_FORMAT})
# Python's own wording when a stored text is not UTF-8 (no SQLite code).
_UNDECODABLE = "Could not decode to UTF-8"
# Methods that must keep their own errors: shutting down, or aborting a query.
_UNWRAPPED = frozenset({"close", "interrupt", "open"})

T = TypeVar("T")


def is_damage(error: BaseException) -> bool:
    """Whether ``error`` says the archive is damaged (not busy, interrupted or full).

    A generic SQL error (a table or column missing) counts: this program's
    statements are fixed, so at run time it means the schema is not the one
    they were written for.
    """
    if isinstance(error, ArchiveError):  # named already (a nested call)
        return False
    if isinstance(error, UnicodeDecodeError):
        # SQLite's message quoting a garbled schema: Python cannot decode it.
        return True
    if not isinstance(error, sqlite3.DatabaseError):
        return False
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:
        return str(error).startswith(_UNDECODABLE)
    code &= 0xFF
    return code in _DAMAGE_CODES or code == sqlite3.SQLITE_ERROR


def damage_of(path: str | Path, error: BaseException) -> ArchiveDamaged:
    """The one-line ``ArchiveDamaged`` for ``error`` in the archive at ``path``."""
    return ArchiveDamaged(damage_message(path, error))


def _named(path: object, items: Iterator[Any]) -> Iterator[Any]:
    """``items`` with damage met while iterating named too."""
    try:
        yield from items
    except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
        if is_damage(error):
            raise damage_of(str(path), error) from error
        raise


def _wrap(method: Callable[..., Any]) -> Callable[..., Any]:
    """``method`` raising ``ArchiveDamaged`` for damage, also while its iterator is read."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            result = method(self, *args, **kwargs)
        except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
            if is_damage(error):
                raise damage_of(self.path, error) from error
            raise
        # A generator (its own, or one it hands on) meets the rows later.
        return _named(self.path, result) if isinstance(result, GeneratorType) else result

    return wrapper


def names_damage(cls: type[T]) -> type[T]:
    """Class decorator: every public method of ``cls`` raises ``ArchiveDamaged`` for damage.

    The instances need a ``path`` attribute (named in the message).
    """
    for name, member in list(vars(cls).items()):
        if name.startswith("_") or name in _UNWRAPPED or not inspect.isfunction(member):
            continue
        setattr(cls, name, _wrap(member))
    return cls
