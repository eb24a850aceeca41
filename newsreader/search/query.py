"""The search query language: text typed by the user -> a small AST.

The parser runs on every keystroke over untrusted input, so it never raises:
anything it cannot read as syntax is searched literally (a lone quote, a
lone ``-``, ``OR`` with nothing on one side, ``date:garbage``, FTS5 or SQL
syntax). Term texts are substrings of the input, unfolded: the search layer
folds them, and it binds them as parameters, never splices them into SQL.

Syntax is ASCII only: ``"``, ``-`` at a term's start, ``OR``/``AND``, and
``field:``. Their full-width and typographic look-alikes (“ ” 「 」 『 』 ＂ －
： ＯＲ) are text: pasted Chinese is searched as written, so
``“一带一路”倡议`` finds those quotation marks and ``－2℃`` is no exclusion.

* ``a b``            both terms (AND); ``a AND b`` is the same
* ``a OR b``         either term; binds tighter than AND: ``a b OR c`` = a AND (b OR c)
* ``-a``             articles without ``a``
* ``"a b"``          a phrase: spaces kept (outer spaces trimmed)
* ``title:x``        in the title (also ``标题:``); ``author:x`` (also ``记者:``,
  ``作者:``) in the bylines; ``section:x`` (also ``版面:``, ``栏目:``) in the
  section name. A field takes a quoted value too: ``title:"a b"``.
* ``date:2023``, ``date:2023-10``, ``date:2023-10-01``, ranges
  ``date:2023-10-01..2023-10-31`` (either end may be left open; each end
  may be a year or a month too). Inclusive ISO dates; several date filters
  intersect. ``/`` or ``.`` also separate year, month and day, and
  ``date:2023年10月5日`` (or ``日期:2023年10月``) works too.
* ``is:unread`` / ``is:read`` and ``is:starred`` / ``-is:starred``
  (``-is:unread`` = read).

Operators are recognised only where they make sense: ``OR``/``AND`` between
two positive terms; a field only when a value follows; a negation only when
something follows the ``-``. ``-date:...`` is not a filter: it is searched
literally (as a negated term).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from newsreader.text import fold

__all__ = ["Clause", "Query", "Term", "parse_query"]

FIELDS = ("title", "author", "section")


@dataclass(frozen=True, slots=True)
class Term:
    """A literal substring to find. ``field`` None means any text field."""

    text: str
    field: str | None = None
    phrase: bool = False


@dataclass(frozen=True, slots=True)
class Clause:
    """An OR of its terms; ``negated`` excludes articles matching any of them."""

    alternatives: tuple[Term, ...]
    negated: bool = False


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: the AND of ``clauses`` plus filters (None = no filter)."""

    raw: str
    clauses: tuple[Clause, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    unread: bool | None = None
    starred: bool | None = None

    @property
    def is_empty(self) -> bool:
        """True when the query neither searches nor filters (show everything)."""
        return not self.clauses and self.has_no_filters

    @property
    def has_no_filters(self) -> bool:
        return (
            self.date_from is None
            and self.date_to is None
            and self.unread is None
            and self.starred is None
        )

    @property
    def positive(self) -> tuple[Clause, ...]:
        """Clauses an article must match."""
        return tuple(c for c in self.clauses if not c.negated)

    @property
    def negative(self) -> tuple[Clause, ...]:
        """Clauses an article must not match."""
        return tuple(c for c in self.clauses if c.negated)

    def highlight_terms(self) -> tuple[str, ...]:
        """Texts of the positive terms, in query order without repeats."""
        seen: dict[str, None] = {}
        for clause in self.clauses:
            if not clause.negated:
                for term in clause.alternatives:
                    seen.setdefault(term.text, None)
        return tuple(seen)


_FIELD_NAMES = {
    "title": "title",
    "标题": "title",
    "author": "author",
    "记者": "author",
    "作者": "author",
    "section": "section",
    "版面": "section",
    "栏目": "section",
    "date": "date",
    "日期": "date",
    "is": "is",
}

_IS_VALUES = {
    "unread": ("unread", True),
    "read": ("unread", False),
    "starred": ("starred", True),
    "unstarred": ("starred", False),
}

_CJK_DATE_RE = re.compile("[年月]")
_FIELD_RE = re.compile(r'([^\s:"]+):')
_DATE_PART_RE = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?|(\d{4})(\d{2})(\d{2})")


@dataclass(slots=True)
class _Token:
    """One scanned word: a term, an operator (OR/AND) or a filter."""

    kind: str  # "term", "op", "filter"
    term: Term | None = None
    negated: bool = False
    op: str = ""
    filter: tuple[str, object] | None = None


def _date_bounds(part: str) -> tuple[str, str] | None:
    """First and last ISO day of ``2023``, ``2023-10`` or ``2023-10-05``
    (also written 2023年10月5日)."""
    if "年" in part or "月" in part:
        part = _CJK_DATE_RE.sub("-", part).removesuffix("日").removesuffix("号").rstrip("-")
    m = _DATE_PART_RE.fullmatch(part)
    if m is None:
        return None
    if m.group(4):
        y, mo, d = int(m.group(4)), int(m.group(5)), int(m.group(6))
    else:
        y = int(m.group(1))
        mo = int(m.group(2)) if m.group(2) else 0
        d = int(m.group(3)) if m.group(3) else 0
    if y < 1:
        return None
    if mo == 0:
        return f"{y:04d}-01-01", f"{y:04d}-12-31"
    if not 1 <= mo <= 12:
        return None
    last = calendar.monthrange(y, mo)[1]
    if d == 0:
        return f"{y:04d}-{mo:02d}-01", f"{y:04d}-{mo:02d}-{last:02d}"
    if not 1 <= d <= last:
        return None
    day = f"{y:04d}-{mo:02d}-{d:02d}"
    return day, day


def parse_date_filter(value: str) -> tuple[str | None, str | None] | None:
    """``date:`` value -> inclusive (from, to), an end None when open; None if invalid."""
    value = fold(value).strip()
    if ".." in value:
        lo, _, hi = value.partition("..")
        if not lo and not hi:
            return None
        lo_b = _date_bounds(lo) if lo else None
        hi_b = _date_bounds(hi) if hi else None
        if (lo and lo_b is None) or (hi and hi_b is None):
            return None
        return (lo_b[0] if lo_b else None, hi_b[1] if hi_b else None)
    bounds = _date_bounds(value)
    return bounds


def _is_operator(word: str) -> str:
    """ "OR"/"AND" as typed in ASCII upper case, else ""."""
    return word if word in ("OR", "AND") else ""


def _scan(text: str) -> list[_Token]:
    """Split the input into tokens; malformed syntax becomes literal terms."""
    n = len(text)
    tokens: list[_Token] = []
    i = 0
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        negated = False
        if text[i] == "-" and i + 1 < n and not text[i + 1].isspace() and text[i + 1] != "-":
            negated = True
            i += 1
        body_start = i  # where the literal fallback starts (after the "-")

        field: str | None = None
        m = _FIELD_RE.match(text, i)
        if m is not None and m.end() < n and not text[m.end()].isspace():
            field = _FIELD_NAMES.get(fold(m.group(1)))
            if field is not None:
                i = m.end()

        # The value: a closed, non-blank quoted phrase or a plain word.
        phrase = False
        value = ""
        end = -1
        if text[i] == '"':
            close = text.find('"', i + 1)
            if close != -1 and text[i + 1 : close].strip():
                value = text[i + 1 : close].strip()
                phrase = True
                end = close + 1
        if end == -1:
            end = i
            while end < n and not text[end].isspace():
                end += 1
            value = text[i:end]

        literal = text[body_start:end]
        if field == "date":
            dates = None if negated or phrase else parse_date_filter(value)
            if dates is not None:
                tokens.append(_Token("filter", filter=("date", dates)))
            else:
                tokens.append(_Token("term", Term(literal), negated))
        elif field == "is":
            key = _IS_VALUES.get(fold(value)) if not phrase else None
            if key is not None:
                name, flag = key
                tokens.append(_Token("filter", filter=(name, flag != negated)))
            else:
                tokens.append(_Token("term", Term(literal), negated))
        elif field is not None:
            tokens.append(_Token("term", Term(value, field, phrase), negated))
        elif not negated and not phrase and (op := _is_operator(value)):
            tokens.append(_Token("op", Term(value), op=op))
        else:
            tokens.append(_Token("term", Term(value, None, phrase), negated))
        i = end
    return tokens


def _assemble(raw: str, tokens: list[_Token]) -> Query:
    """Group tokens into clauses: OR joins neighbours, filters are collected."""
    clauses: list[tuple[list[Term], bool]] = []
    date_from: str | None = None
    date_to: str | None = None
    flags: dict[str, bool] = {}
    join_next = False
    prev_positive_term = False  # was the previous token a positive term?
    for idx, tok in enumerate(tokens):
        if tok.kind == "filter" and tok.filter is not None:
            name, val = tok.filter
            if name == "date" and isinstance(val, tuple):
                lo, hi = val
                if lo is not None and (date_from is None or lo > date_from):
                    date_from = lo
                if hi is not None and (date_to is None or hi < date_to):
                    date_to = hi
            elif isinstance(val, bool):
                flags[name] = val
            prev_positive_term = False
            join_next = False
            continue
        assert tok.term is not None
        if tok.kind == "op":
            nxt = tokens[idx + 1] if idx + 1 < len(tokens) else None
            if prev_positive_term and nxt is not None and nxt.kind == "term" and not nxt.negated:
                join_next = tok.op == "OR"
                continue
        if join_next and clauses:
            clauses[-1][0].append(tok.term)
        else:
            clauses.append(([tok.term], tok.negated))
        join_next = False
        prev_positive_term = not tok.negated
    return Query(
        raw=raw,
        clauses=tuple(Clause(tuple(terms), neg) for terms, neg in clauses),
        date_from=date_from,
        date_to=date_to,
        unread=flags.get("unread"),
        starred=flags.get("starred"),
    )


def _literal_query(text: str) -> Query:
    """Last resort if the parser itself fails: every word searched literally."""
    return Query(raw=text, clauses=tuple(Clause((Term(w),)) for w in text.split()))


def parse_query(text: str) -> Query:
    """Parse what the user typed; never raises (malformed parts are literal)."""
    if not isinstance(text, str):
        text = str(text)
    try:
        return _assemble(text, _scan(text))
    except Exception:  # defensive: a parser bug must not break typing
        return _literal_query(text)
