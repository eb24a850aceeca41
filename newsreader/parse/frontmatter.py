"""YAML front matter: the metadata block some converters put at the top.

Only a block that parses to a mapping counts; anything else (a horizontal
rule, broken YAML, a key given twice, whose first value YAML would drop)
stays in the body with a warning, so no text is lost.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

import yaml

try:  # libyaml is much faster; fall back to the pure-Python loader.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the build of pyyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_OPEN = re.compile(r"\A(?:\ufeff)?---[ \t]*\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_MAX_LINES = 400
_MAX_CHARS = 65536
# YAML aliases can make a tiny block expand into a huge tree ("billion
# laughs"); converting more nodes than this means the block is hostile.
_MAX_NODES = 20000


class _RepeatedKey(yaml.YAMLError):
    """A mapping names the same key twice: YAML would keep only the last value."""


class _StrictLoader(_Loader):
    """The safe loader, refusing repeated keys so no value is silently dropped."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[tuple[str, str]] = set()
        for key_node, _value in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key = (key_node.tag, key_node.value)
                if key in seen:
                    # The block starts on the file's second line, after "---".
                    line = key_node.start_mark.line + 2
                    raise _RepeatedKey(f"key {key_node.value!r} given twice, line {line}")
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


class _TooBig(Exception):
    """Raised while converting YAML values that expand beyond _MAX_NODES."""


def split_front_matter(text: str) -> tuple[dict[str, Any], str, str, list[str]]:
    """Split ``text`` into ``(fields, raw_block, body, warnings)``.

    ``raw_block`` is the YAML source when a valid block was found ("" otherwise);
    ``body`` is the rest of the text. Values are made JSON-friendly (dates
    become ISO strings) because the archive stores them as JSON.
    """
    opened = _OPEN.match(text)
    if not opened:
        return {}, "", text, []
    close = _CLOSE.search(text, opened.end())
    if close is None:
        return {}, "", text, []
    raw = text[opened.end() : close.start()]
    if raw.count("\n") > _MAX_LINES or len(raw) > _MAX_CHARS:
        return {}, "", text, ["front matter: block too long, kept as text"]
    try:
        data = yaml.load(raw, Loader=_StrictLoader)  # a safe loader (CSafeLoader/SafeLoader)
    except Exception as exc:  # untrusted input: any failure is only a warning
        lines = str(exc).splitlines()
        first = lines[0] if lines else type(exc).__name__
        return {}, "", text, [f"front matter: invalid YAML ({first}), kept as text"]
    if not isinstance(data, dict):
        if raw.strip():
            return {}, "", text, ["front matter: not a mapping, kept as text"]
        data = {}
    body = text[close.end() :]
    if body.startswith("\n"):
        body = body[1:]
    budget = [_MAX_NODES]
    try:
        fields = {str(key): _convert(value, budget) for key, value in data.items()}
    except (_TooBig, RecursionError):
        return {}, "", text, ["front matter: too large once expanded, kept as text"]
    return fields, raw, body, []


def jsonable(value: Any) -> Any:
    """Turn YAML values into JSON-friendly ones (dates -> ISO text)."""
    return _convert(value, [_MAX_NODES])


def _convert(value: Any, budget: list[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooBig
    if isinstance(value, str | bool) or value is None:
        return value
    if isinstance(value, int | float):
        # NaN/inf are not JSON; keep them as text.
        return (
            value if value == value and value not in (float("inf"), float("-inf")) else str(value)
        )
    if isinstance(value, _dt.datetime | _dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _convert(v, budget) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_convert(v, budget) for v in value]
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


_DATE = re.compile(
    r"(?<!\d)(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)|(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)"
)


def iso_date(value: Any) -> str:
    """ISO ``YYYY-MM-DD`` from a date or text, "" if none.

    Accepts ``2025-01-03``, ``2025/1/3``, ``2025年1月3日`` and ``20250103``.
    """
    if isinstance(value, _dt.datetime | _dt.date):
        return value.strftime("%Y-%m-%d")
    if not isinstance(value, str | int):
        return ""
    for match in _DATE.finditer(str(value)):
        year, month, day = (
            int(g) for g in (match.groups()[:3] if match[1] else match.groups()[3:])
        )
        try:
            return _dt.date(year, month, day).isoformat()
        except ValueError:
            continue
    return ""


def text_list(value: Any) -> tuple[str, ...]:
    """Keywords as a tuple, whether YAML gave a list or a comma-separated string."""
    if value is None:
        return ()
    if isinstance(value, list | tuple):
        return tuple(str(v).strip() for v in value if str(v).strip())
    parts = re.split(r"[,，、;；]", str(value))
    return tuple(p.strip() for p in parts if p.strip())
