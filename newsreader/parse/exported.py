"""newsreader's own JSON and JSON Lines exports, read back as articles.

``export --format json`` writes a list of article objects, ``jsonl`` one
object a line (``features/export.py: article_dict``). A ``.json`` file is
otherwise taken for a JSON Feed, so the dispatcher asks ``looks_like_export``
first: the export's shape (a list, or lines, of objects with ``title`` and
``paragraphs``) is what decides, never the name alone.

Every field comes back, the ``identity`` too, so the stars and read marks
the archive keeps by identity find the same articles. The archive ids and
source paths of the export are the old archive's and are not reused. The
export's own ``read``/``starred`` values are kept in the article's ``extra``
(``{"marks": {...}}``) and not applied: marks are the user's state in the
archive being imported into (docs/decisions.md).
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any

from newsreader.models import Byline, ParsedArticle, ParsedPage
from newsreader.parse.errors import ParseError

__all__ = ["EXPORT_SUFFIXES", "looks_like_export", "parse_export"]

#: Suffixes an export may have (``.jsonl`` is read only as an export).
EXPORT_SUFFIXES = (".json", ".jsonl")
_SNIFF_BYTES = 65536
_TEXT_FIELDS = (
    "title", "section", "page", "publication", "date", "dateline", "url", "author", "identity",
)  # fmt: skip
_LIST_FIELDS = ("paragraphs", "keywords", "links")


def _suffix(name: str) -> str:
    return PurePath(name.split("?", 1)[0]).suffix.lower()


def looks_like_export(data: bytes, name: str) -> bool:
    """Is this a newsreader JSON/JSONL export (rather than a JSON Feed or a page)?"""
    suffix = _suffix(name)
    if suffix not in EXPORT_SUFFIXES:
        return False
    if suffix == ".jsonl":
        return True
    head = data[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"[]"):
        return True
    return head.startswith(b"[") and b'"paragraphs"' in head and b'"title"' in head


def _items(text: str, suffix: str) -> list[Any]:
    if suffix == ".jsonl":
        items = []
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    items.append(json.loads(line))
                except json.JSONDecodeError as error:
                    raise ParseError(f"line {number}: not JSON ({error.msg})") from None
        return items
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ParseError(f"not JSON ({error.msg}, line {error.lineno})") from None
    if not isinstance(data, list):
        raise ParseError("not a newsreader export (a JSON list of articles)")
    return data


def _article(item: Any, position: int) -> ParsedArticle:
    where = f"article {position + 1}"
    if not isinstance(item, dict) or "title" not in item or "paragraphs" not in item:
        raise ParseError(f"{where}: not an exported article (no title or paragraphs)")
    fields: dict[str, Any] = {}
    for key in _TEXT_FIELDS:
        value = item.get(key, "")
        if not isinstance(value, str):
            raise ParseError(f"{where}: {key!r} must be text")
        fields[key] = value
    for key in _LIST_FIELDS:
        value = item.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ParseError(f"{where}: {key!r} must be a list of texts")
        fields[key] = tuple(value)
    bylines = item.get("bylines", [])
    if not isinstance(bylines, list) or not all(
        isinstance(b, dict) and isinstance(b.get("role"), str) and isinstance(b.get("name"), str)
        for b in bylines
    ):
        raise ParseError(f"{where}: 'bylines' must be a list of {{role, name}}")
    level = item.get("level", 2)
    if not isinstance(level, int) or isinstance(level, bool):
        raise ParseError(f"{where}: 'level' must be a number")
    marks = {k: item[k] for k in ("read", "starred") if isinstance(item.get(k), bool)}
    return ParsedArticle(
        position=position,
        level=level,
        bylines=tuple(Byline(b["role"], b["name"]) for b in bylines),
        extra={"marks": marks} if marks else {},
        **fields,
    )


def parse_export(data: bytes, name: str) -> ParsedPage:
    """The articles of a JSON or JSONL export, in the export's order."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ParseError(f"not UTF-8 (byte {error.start})") from None
    items = _items(text, _suffix(name))
    articles = tuple(_article(item, i) for i, item in enumerate(items))
    return ParsedPage(articles=articles, encoding="utf-8")
