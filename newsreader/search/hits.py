"""Result rows for the list and spans for the reader: snippets, highlights, counts."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from typing import Any

from newsreader.models import Article, Hit, MatchSpan
from newsreader.search.query import parse_query
from newsreader.search.snippets import count_matches, find_spans, make_snippet
from newsreader.text import fold, fold_aliases, fold_cached, non_ascii_fold_aliases

SNIPPET_CELLS = 80


def highlight_terms(text: str) -> tuple[str, ...]:
    return parse_query(text).highlight_terms()


# ---------------------------------------------------------------------- hits
def make_hit(row: dict[str, Any], terms: Sequence[str], score: float) -> Hit:
    """A result row: snippet around the first match outside the title, spans, counts.

    The body fields are folded once, joined by newlines (folding is per
    character, so offsets carry over); counting and finding the snippet's
    field then work on that one string. This runs for every shown row.
    """
    title = row["title"] or ""
    paragraphs = json.loads(row["paragraphs"] or "[]")
    bylines = [f"{r} {n}".strip() for r, n in json.loads(row["bylines"] or "[]")]
    fields = [f for f in (row["section"] or "", row["dateline"] or "", *paragraphs, *bylines) if f]
    needles = tuple(dict.fromkeys(f for f in map(fold_cached, terms) if f))
    joined = "\n".join(fields)
    count, first, folded = _count_and_find(joined, needles)
    matches = count_matches(title, terms, folded=fold_cached(title)) + count
    snippet_source = None
    snippet_folded = None
    if first >= 0:
        offset = 0
        for candidate in fields:
            if first < offset + len(candidate):
                snippet_source = candidate
                # Folding is per character, so this slice is fold(candidate)
                # (or, with no aliases, matches exactly where it would).
                if folded is not None:
                    snippet_folded = folded[offset : offset + len(candidate)]
                break
            offset += len(candidate) + 1
    if snippet_source is None:
        snippet_source = (row["dateline"] + " " if row["dateline"] else "") + (
            paragraphs[0] if paragraphs else ""
        )
    snippet, spans = make_snippet(snippet_source, terms, SNIPPET_CELLS, folded=snippet_folded)
    folded_title = fold_cached(title)
    return Hit(
        id=row["id"],
        title=title,
        date=row["date"] or "",
        section=row["section"] or "",
        page=row["page"] or "",
        publication=row["publication"] or "",
        snippet=snippet,
        spans=tuple(spans),
        title_spans=tuple(find_spans(title, terms, folded=folded_title)),
        hits=matches,
        score=score,
        read=bool(row["read"]),
        starred=bool(row["starred"]),
        reporter=row["reporter"] or "",
    )


def _count_and_find(text: str, needles: tuple[str, ...]) -> tuple[int, int, str | None]:
    """Matches of the needles in ``fold(text)``: ``(count, first offset or -1, folded)``.

    Folding an article costs ~45 µs; most need none of it. With no character
    that folds into a needle's, the raw text is as good as the folded one.
    With only ASCII case variants of ASCII needles (``GDP`` for ``gdp``), an
    ASCII case-insensitive regex counts them. ``folded`` is None when the
    text was not folded (the caller folds the snippet's field alone).
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
    folded = fold(text)
    count = sum(folded.count(n) for n in needles)
    first = min((i for i in (folded.find(n) for n in needles) if i >= 0), default=-1)
    return count, first, folded


@functools.lru_cache(maxsize=64)
def _ascii_pattern(needle: str) -> re.Pattern[str]:
    return re.compile(re.escape(needle), re.ASCII | re.IGNORECASE)


def article_spans(article: Article, terms: Sequence[str]) -> list[MatchSpan]:
    """Spans of every match, per text field, in reading order."""
    if not terms:
        return []
    return [
        MatchSpan(name, index, start, end)
        for name, index, text in article.text_fields()
        for start, end in find_spans(text, terms)
    ]
