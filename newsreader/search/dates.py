"""Articles per day, counted in SQLite (for trend charts).

Collecting every matching date into Python and counting there took 256 ms
p50 for a common word at 100k articles; SQLite groups the same rows by day
in a fraction of that, and only a few thousand ``(day, count)`` pairs cross
into Python. Weeks and months are summed from days in
``features/trends.py``. Queries are never spliced into SQL: the matching ids
come from ``matching_ids_sql`` with bound parameters.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from newsreader.models import SectionKey
from newsreader.search.compile import matching_ids_sql, scope_filter

__all__ = ["day_counts", "day_counts_of_ids"]

#: The day of a date: its first ten characters (``2023-10-07T08:00`` -> ``2023-10-07``).
_DAY = "substr(date, 1, 10)"
#: The narrow edition index holds the date: reading it instead of the article
#: rows (which hold the text) took 129 ms instead of 289 for 58k matches at 100k.
_NARROW = "articles INDEXED BY idx_articles_edition"


def day_counts(db: Any, query: str, scope: SectionKey | None) -> list[tuple[str, int]]:
    """``[(day, articles)]`` of the articles matching ``query`` in ``scope`` (all when empty)."""
    if query.strip():
        matched = matching_ids_sql(query, scope)
        if matched is None:
            return []
        sql, params = matched
        rows = db.execute(
            f"SELECT {_DAY} AS day, count(*) FROM {_NARROW} "
            f"WHERE id IN ({sql}) AND date != '' GROUP BY day ORDER BY day",
            params,
        )
    else:
        where, params = scope_filter(scope)
        rows = db.execute(
            f"SELECT {_DAY} AS day, count(*) FROM articles a "
            f"WHERE {where} AND date != '' GROUP BY day ORDER BY day",
            params,
        )
    return [(day, count) for day, count in rows]


def day_counts_of_ids(db: Any, ids: Iterable[int]) -> list[tuple[str, int]]:
    """``[(day, articles)]`` of the articles with these ids."""
    rows = db.execute(
        f"SELECT {_DAY} AS day, count(*) FROM {_NARROW} "
        "WHERE id IN (SELECT value FROM json_each(?)) AND date != '' GROUP BY day ORDER BY day",
        [json.dumps(list(ids))],
    )
    return [(day, count) for day, count in rows]
