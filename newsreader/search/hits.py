"""Result rows for the list and spans for the reader: snippets, highlights, counts."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from typing import Any

from newsreader.index.runs import body_run_texts, run_text, split_span, text_runs
from newsreader.models import Article, Hit, MatchSpan
from newsreader.search.pinyin_match import pinyin_terms, pinyin_title_spans
from newsreader.search.query import parse_query
from newsreader.search.snippets import count_matches, find_spans, make_snippet, merge_spans
from newsreader.text import fold_aliases, fold_cached, fold_mapped, non_ascii_fold_aliases

SNIPPET_CELLS = 80


def highlight_terms(text: str) -> tuple[str, ...]:
    return parse_query(text).highlight_terms()


def query_terms(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(terms to highlight, terms that may match a title by pinyin) of a query string."""
    query = parse_query(text)
    return query.highlight_terms(), pinyin_terms(query)


# ---------------------------------------------------------------------- hits
def make_hit(
    row: dict[str, Any], terms: Sequence[str], score: float, pinyin: Sequence[str] = ()
) -> Hit:
    """A result row: snippet around the first match outside the title, spans, counts.

    The body is read in runs (``index.runs``: the dateline runs on into the
    first paragraph), joined by newlines and folded once; counting and
    finding the snippet's run then work on that one string. This runs for
    every shown row. ``pinyin`` are the query's terms that may match the
    title by its pinyin: the characters they match are marked in the title.
    """
    title = row["title"] or ""
    paragraphs = json.loads(row["paragraphs"] or "[]")
    bylines = [f"{r} {n}".strip() for r, n in json.loads(row["bylines"] or "[]")]
    body = body_run_texts(row["dateline"] or "", paragraphs, bylines)
    runs = [row["section"], *body] if row["section"] else body
    needles = tuple(dict.fromkeys(f for f in map(fold_cached, terms) if f))
    joined = "\n".join(runs)
    count, first, folded = _count_and_find(joined, needles)
    folded_title = fold_cached(title)
    matches = count_matches(title, terms, folded=folded_title) + count
    snippet_source = None
    snippet_folded = None
    if first >= 0:
        offset = 0
        for candidate in runs:
            if first < offset + len(candidate):
                snippet_source = candidate
                # Folding never looks across a newline, so with no offset map
                # this slice is fold(candidate) (or, with no aliases, matches
                # exactly where it would).
                if folded is not None:
                    snippet_folded = folded[offset : offset + len(candidate)]
                break
            offset += len(candidate) + 1
    if snippet_source is None:
        snippet_source = body[0] if row["dateline"] or any(paragraphs) else ""
    snippet, spans = make_snippet(snippet_source, terms, SNIPPET_CELLS, folded=snippet_folded)
    title_spans = find_spans(title, terms, folded=folded_title)
    if pinyin and title:
        title_spans = merge_spans([*title_spans, *pinyin_title_spans(title, pinyin)])
    return Hit(
        id=row["id"],
        title=title,
        date=row["date"] or "",
        section=row["section"] or "",
        page=row["page"] or "",
        publication=row["publication"] or "",
        snippet=snippet,
        spans=tuple(spans),
        title_spans=tuple(title_spans),
        hits=matches,
        score=score,
        read=bool(row["read"]),
        starred=bool(row["starred"]),
        reporter=row["reporter"] or "",
    )


def _count_and_find(text: str, needles: tuple[str, ...]) -> tuple[int, int, str | None]:
    """Matches of the needles in ``fold(text)``: ``(count, first source offset or -1, folded)``.

    Folding an article costs ~45 µs; most need none of it. With no character
    that could fold into a needle's (or change one), the raw text is as good
    as the folded one. With only ASCII case variants of ASCII needles
    (``GDP`` for ``gdp``), an ASCII case-insensitive regex counts them.
    ``folded`` is None when the text was not folded or its offsets are not
    the text's (the caller folds the snippet's run alone).
    """
    aliases = fold_aliases(needles)
    if aliases is None or aliases.search(text) is None:
        count = sum(text.count(n) for n in needles)
        first = min((i for i in (text.find(n) for n in needles) if i >= 0), default=-1)
        return count, first, text
    if all(n.isascii() and " " not in n for n in needles):
        others = non_ascii_fold_aliases(needles)
        if others is None or others.search(text) is None:
            count, first = 0, -1
            for needle in needles:
                for found in _ascii_pattern(needle).finditer(text):
                    count += 1
                    if first < 0 or found.start() < first:
                        first = found.start()
            return count, first, None
    folded, mapping = fold_mapped(text)
    count = sum(folded.count(n) for n in needles)
    first = min((i for i in (folded.find(n) for n in needles) if i >= 0), default=-1)
    if mapping is None:
        return count, first, folded
    return count, (mapping.offset(first) if first >= 0 else -1), None


@functools.lru_cache(maxsize=64)
def _ascii_pattern(needle: str) -> re.Pattern[str]:
    return re.compile(re.escape(needle), re.ASCII | re.IGNORECASE)


def article_spans(
    article: Article, terms: Sequence[str], pinyin: Sequence[str] = ()
) -> list[MatchSpan]:
    """Spans of every match, per text field, in reading order.

    Matches are found in runs (the dateline reads on into the first
    paragraph); one crossing a seam gives a span in each field it covers.
    ``pinyin`` terms also mark the title characters they match by pinyin.
    """
    if not terms:
        return []
    spans: list[MatchSpan] = []
    for run in text_runs(article.text_fields()):
        for start, end in find_spans(run_text(run), terms):
            spans.extend(MatchSpan(*piece) for piece in split_span(run, start, end))
    if pinyin and article.title:
        found = pinyin_title_spans(article.title, pinyin)
        if found:
            others = [s for s in spans if s.field != "title"]
            titles = [(s.start, s.end) for s in spans if s.field == "title"]
            merged = [MatchSpan("title", 0, s, e) for s, e in merge_spans([*titles, *found])]
            spans = merged + others
    return spans
