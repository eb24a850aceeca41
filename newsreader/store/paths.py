"""File names that are not UTF-8: stored and shown escaped, opened as their bytes.

A name from a Windows share can be GBK bytes (``经济新闻.md`` as
``b'\\xbe\\xad\\xbc\\xc3\\xd0\\xc2\\xce\\xc5.md'``). Python hands such a name
over with lone surrogates (``os.fsdecode``), which opens the file but which
SQLite cannot store, a terminal cannot show and UTF-8 cannot encode: the
file could never be imported. The archive keeps ``path_text``: the name's
text with each byte that is not UTF-8 written ``\\xNN`` (what Python's
``backslashreplace`` writes), so a UTF-8 path is stored exactly as before.
``real_path`` turns that back into the name on disk.
"""

from __future__ import annotations

import os
import re

__all__ = ["path_text", "real_path"]

# backslashreplace escapes only bytes that cannot start or continue UTF-8
# here, all of them 0x80 and above; an ASCII ``\x41`` in a name is left alone.
_ESCAPED_BYTE = re.compile(rb"\\x([89a-f][0-9a-f])")


def path_text(path: str | os.PathLike[str]) -> str:
    """The form of ``path`` that is stored and shown: valid UTF-8, odd bytes as ``\\xNN``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def real_path(text: str) -> str:
    """The name on disk that ``path_text`` made ``text`` from.

    A name that really contains ``\\xbe`` as four characters would read the
    same; where both could be meant, the one that exists wins, and the
    name as written when neither does.
    """
    if "\\x" not in text:
        return text
    raw = _ESCAPED_BYTE.sub(lambda m: bytes([int(m.group(1), 16)]), text.encode("utf-8"))
    decoded = os.fsdecode(raw)
    if decoded == text or os.path.lexists(text) or not os.path.lexists(decoded):
        return text
    return decoded
