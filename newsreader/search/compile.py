"""A parsed query -> one FTS5 MATCH expression and fixed SQL filters.

Every query becomes one MATCH expression passed as a bound parameter; its
tokens are always double-quoted (``index.tokens.term_expression``), so nothing
a user types is FTS5 or SQL syntax. Filters (dates, read state, the selected
section) become fixed SQL with bound values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newsreader.index.pinyin import pinyin_phrases
from newsreader.index.tokens import PAGE_MARK, PINYIN_MARK, single_character, term_expression
from newsreader.models import SEARCH_KINDS, SectionKey
from newsreader.search.bounds import storable
from newsreader.search.pinyin_match import pinyin_term
from newsreader.search.query import Clause, Query, Term, parse_query

# Column filters of fielded terms. An unfielded term needs none: the only
# other columns (page, pinyin) hold marked tokens it cannot match.
_FIELD_COLUMNS = {"title": "title", "author": "people", "section": "section"}


@dataclass
class Compiled:
    """A query turned into an FTS5 expression plus SQL filters on ``articles a``."""

    match: str | None = None
    # ``match`` with each clause's pinyin alternative ORed in (None without pinyin).
    extended: str | None = None
    exclude: str | None = None
    title_match: str | None = None
    pinyin_clauses: list[tuple[str, str | None]] = field(default_factory=list)
    where: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)
    impossible: bool = False
    # One positive clause, no exclusions: a title match is then a full match.
    single_clause: bool = False
    # The query is one unfielded character: its count is in char_df.
    single_char: str | None = None

    @property
    def has_pinyin(self) -> bool:
        return any(py for _, py in self.pinyin_clauses)


def _columns_expr(term: Term) -> str | None:
    expression = term_expression(term.text)
    if expression is None:
        return None
    column = _FIELD_COLUMNS.get(term.field) if term.field else None
    if column is None:
        return expression
    fielded = "{" + column + "} : " + expression
    if term.field == "section":  # the page too (第06版), by its marked tokens
        return f"({fielded} OR {term_expression(term.text, PAGE_MARK)})"
    return fielded


def _clause_expr(clause: Clause) -> str | None:
    parts = [p for p in (_columns_expr(t) for t in clause.alternatives) if p]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def pinyin_expression(letters: str) -> str | None:
    """FTS5 expression matching ``letters`` as pinyin of consecutive characters.

    Their initials (a phrase of initial tokens), or any reading of them as
    whole syllables ending in a prefix of one (a phrase of syllable-pair
    tokens whose last is a prefix query: ``index.pinyin.pinyin_phrases``).
    Tokens are quoted: nothing here is user syntax.
    """
    parts = [
        '"' + " ".join(PINYIN_MARK + t for t in tokens) + '"' + ("*" if prefix else "")
        for tokens, prefix in pinyin_phrases(letters)
    ]
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def _pinyin_expr(clause: Clause) -> str | None:
    parts = [
        expression
        for letters in (pinyin_term(t) for t in clause.alternatives)
        if letters and (expression := pinyin_expression(letters))
    ]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def scope_filter(scope: SectionKey | None) -> tuple[str, list[Any]]:
    """SQL (on ``articles a``) selecting the articles of a sections-pane entry."""
    if scope is None or scope.is_everything:
        return "1", []
    value = list(scope.value)
    if scope.kind == "unread":
        return "a.read = 0", []
    if scope.kind == "starred":
        return "a.starred = 1", []
    if scope.kind == "edition":
        names = ("a.publication", "a.date", "a.page")[: len(value)]
        return " AND ".join(f"{n} = ?" for n in names) or "1", value
    if scope.kind == "section":
        return "a.section = ?", value[:1]
    if scope.kind == "reporter":
        return "a.id IN (SELECT article_id FROM bylines WHERE name = ?)", value[:1]
    if scope.kind == "feed":
        return "a.source_id IN (SELECT id FROM sources WHERE path = ?)", value[:1]
    if scope.kind in SEARCH_KINDS:
        # value[-1] is a query string (a watched word, or a topic's words joined by OR)
        if not value:
            return "0", []
        # Watched words and topic words match as written, not by pinyin: they
        # are chosen words, and a scope must stay one uncorrelated index lookup.
        inner = compile_query(parse_query(storable(value[-1])), pinyin=False)
        if inner.impossible:
            return "0", []
        sql, params = direct_ids_sql(inner)
        if inner.match and not inner.where:
            return "a.doc IN (SELECT rowid FROM search_index WHERE search_index MATCH ?)", [
                inner.match
            ]
        return f"a.id IN (SELECT * FROM ({sql}))", params
    if scope.kind == "ids":
        marks = ",".join("?" * len(value))
        return f"a.id IN ({marks})", [int(v) for v in value]
    return "0", []


def compile_query(
    query: Query, scope: SectionKey | None = None, *, pinyin: bool = True
) -> Compiled:
    compiled = Compiled()
    positives: list[str] = []
    negatives: list[str] = []
    title_terms: list[str] = []
    for clause in query.clauses:
        expression = _clause_expr(clause)
        if clause.negated:
            if expression:
                negatives.append(expression)
            continue
        if expression is None:
            compiled.impossible = True  # a required term that is empty matches nothing
            continue
        positives.append(expression)
        compiled.pinyin_clauses.append((expression, _pinyin_expr(clause) if pinyin else None))
        for term in clause.alternatives:
            if term.field in (None, "title"):
                title_expression = term_expression(term.text)
                if title_expression:
                    title_terms.append(title_expression)
    if positives:
        compiled.match = _all_of(positives)
    if compiled.has_pinyin:
        compiled.extended = _all_of(
            [
                f"({direct} OR {pinyin})" if pinyin else direct
                for direct, pinyin in compiled.pinyin_clauses
            ]
        )
    if negatives:
        compiled.exclude = " OR ".join(negatives)
        if compiled.match:
            compiled.match = f"{compiled.match} NOT ({compiled.exclude})"
        if compiled.extended:
            compiled.extended = f"{compiled.extended} NOT ({compiled.exclude})"
    if title_terms:
        compiled.title_match = "{title} : (" + " OR ".join(title_terms) + ")"
    compiled.single_clause = len(positives) == 1 and not negatives
    alternatives = query.clauses[0].alternatives if len(query.clauses) == 1 else ()
    if compiled.single_clause and len(alternatives) == 1 and alternatives[0].field is None:
        compiled.single_char = single_character(alternatives[0].text)
    if query.date_from:
        compiled.where.append("a.date >= ?")
        compiled.params.append(query.date_from)
    if query.date_to:
        compiled.where.append("a.date <= ? AND a.date != ''")
        compiled.params.append(query.date_to)
    if query.unread is not None:
        compiled.where.append("a.read = ?")
        compiled.params.append(0 if query.unread else 1)
    if query.starred is not None:
        compiled.where.append("a.starred = ?")
        compiled.params.append(1 if query.starred else 0)
    scope_sql, scope_params = scope_filter(scope)
    if scope_sql != "1":
        compiled.where.append(scope_sql)
        compiled.params.extend(scope_params)
    return compiled


def _all_of(expressions: list[str]) -> str:
    return expressions[0] if len(expressions) == 1 else "(" + " AND ".join(expressions) + ")"


_IN_INDEX = "a.doc IN (SELECT rowid FROM search_index WHERE search_index MATCH ?)"
_NOT_IN_INDEX = "a.doc NOT IN (SELECT rowid FROM search_index WHERE search_index MATCH ?)"


def direct_ids_sql(compiled: Compiled) -> tuple[str, list[Any]]:
    """A SELECT of matching article ids (unordered), filters included."""
    where = list(compiled.where)
    params = list(compiled.params)
    if compiled.match:
        where.insert(0, _IN_INDEX)
        params.insert(0, compiled.match)
    elif compiled.exclude:
        where.insert(0, _NOT_IN_INDEX)
        params.insert(0, compiled.exclude)
    return f"SELECT a.id FROM articles a WHERE {' AND '.join(where) or '1'}", params


def extended_ids_sql(compiled: Compiled) -> tuple[str, list[Any]]:
    """Like ``direct_ids_sql`` but a Latin term may also match by pinyin."""
    where = [_IN_INDEX, *compiled.where]
    return f"SELECT a.id FROM articles a WHERE {' AND '.join(where)}", [
        compiled.extended,
        *compiled.params,
    ]


def matching_ids_sql(text: str, scope: SectionKey | None = None) -> tuple[str, list[Any]] | None:
    """An unordered SELECT of every matching id (for counts by section), or None."""
    query = parse_query(storable(text))  # what SQLite can bind: see bounds.py
    compiled = compile_query(query, scope)
    if compiled.impossible:
        return None
    if compiled.has_pinyin:
        return extended_ids_sql(compiled)
    return direct_ids_sql(compiled)
