"""Articles over time: counts of article dates per day, ISO week or month.

The archive counts the articles matching a word, a watch group or a topic
per day, in SQL (``Archive.date_counts``: collecting 100k dates to count them
here took 256 ms); this module turns those day counts into continuous
buckets for a chart. Continuous because a chart with the quiet
periods left out would show a trend that is not there. Pure standard
library; never imports textual or rich.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal

from newsreader.config import Topic, WatchGroup
from newsreader.features.watchlist import group_key, topic_key, word_key
from newsreader.models import SectionKey

if TYPE_CHECKING:
    from newsreader.archive import Archive

__all__ = [
    "GRANULARITIES",
    "Granularity",
    "bucket_counts",
    "bucket_of",
    "buckets_by_granularity",
    "buckets_of_day_counts",
    "chartable",
    "counted_buckets",
    "trend_buckets",
    "trend_choices",
    "trend_day_counts",
]

Granularity = Literal["day", "week", "month"]
GRANULARITIES: tuple[Granularity, ...] = ("day", "week", "month")

# A span longer than this (in buckets) is almost certainly a bad date in the
# data (year 0001 or 9999); the chart would be unreadable and the list huge.
MAX_BUCKETS = 20_000


def _parse(date: str) -> dt.date | None:
    """The date of an ISO ``YYYY-MM-DD`` prefix, or None when it is not one."""
    try:
        return dt.date.fromisoformat(date.strip()[:10])
    except ValueError:
        return None


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _label(day: dt.date, by: Granularity) -> str:
    if by == "day":
        return day.isoformat()
    if by == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{day.year:04d}-{day.month:02d}"


def bucket_of(date: str, by: Granularity) -> str | None:
    """The bucket label of one ISO date ("2023-10-07", "2023-W40", "2023-10")."""
    day = _parse(date)
    return None if day is None else _label(day, by)


def _next(day: dt.date, by: Granularity) -> dt.date:
    """The first day of the bucket after the one starting at ``day``."""
    if by == "day":
        return day + dt.timedelta(days=1)
    if by == "week":
        return day + dt.timedelta(days=7)
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _start(day: dt.date, by: Granularity) -> dt.date:
    if by == "day":
        return day
    if by == "week":
        return _monday(day)
    return day.replace(day=1)


def bucket_counts(dates: Iterable[str], by: Granularity = "day") -> list[tuple[str, int]]:
    """``[(label, count)]`` from the first to the last date, empty buckets as 0.

    Labels: ``2023-10-07`` by day, ISO week ``2023-W41`` by week (weeks start
    on Monday and belong to the ISO year, so 2024-12-30 is ``2025-W01``),
    ``2023-10`` by month. Dates that are empty or not ISO are skipped. At
    most ``MAX_BUCKETS`` buckets are returned (a bad date like 0001-01-01
    would otherwise ask for hundreds of thousands of empty days).
    """
    return counted_buckets(((date, 1) for date in dates), by)


def counted_buckets(
    counts: Iterable[tuple[str, int]], by: Granularity = "day"
) -> list[tuple[str, int]]:
    """``bucket_counts`` of dates already counted: ``[(date, how many)]``.

    A date may come more than once (``2023-10-07`` and ``2023-10-07T08:00``);
    its counts add up.
    """
    if by not in GRANULARITIES:
        raise ValueError(f"granularity must be one of {GRANULARITIES}, not {by!r}")
    days: Counter[dt.date] = Counter()
    for date, count in counts:
        if date:
            day = _parse(date)
            if day is not None:
                days[_start(day, by)] += count
    if not days:
        return []
    first, last = min(days), max(days)
    out: list[tuple[str, int]] = []
    cur = first
    while cur <= last and len(out) < MAX_BUCKETS:
        out.append((_label(cur, by), days.get(cur, 0)))
        try:
            cur = _next(cur, by)
        except (OverflowError, ValueError):  # past year 9999
            break
    return out


def buckets_by_granularity(dates: Iterable[str]) -> dict[str, list[tuple[str, int]]]:
    """``{"day": ..., "week": ..., "month": ...}``: what ``TrendScreen`` takes."""
    return buckets_of_day_counts((date, 1) for date in dates)


def buckets_of_day_counts(counts: Iterable[tuple[str, int]]) -> dict[str, list[tuple[str, int]]]:
    """``buckets_by_granularity`` from ``[(date, count)]`` (a few thousand days at most)."""
    kept = [(d, n) for d, n in counts if d]
    return {by: counted_buckets(kept, by) for by in GRANULARITIES}


# ---------------------------------------------------------------- trends of a scope
def trend_day_counts(
    archive: Archive, query: str, scope: SectionKey | None
) -> list[tuple[str, int]]:
    """``[(day, articles)]`` of the articles matching ``query`` in ``scope``, counted in SQL.

    A scope that is itself a search (watched word, topic) is run as a query:
    ``dates(query, scope=topic)`` took 10 s for a common word at 100k
    articles, the two id lists intersected here take about 0.1 s.
    """
    scope_query = scope.search_query if scope is not None else None
    if scope_query is None:
        return archive.date_counts(query, scope)
    if not query:
        return archive.date_counts(scope_query)
    ids = set(archive.search_ids(query, sort="date"))
    ids.intersection_update(archive.search_ids(scope_query, sort="date"))
    return archive.date_counts_of(sorted(ids))


def trend_buckets(
    archive: Archive, query: str, scope: SectionKey | None
) -> dict[str, list[tuple[str, int]]]:
    """Day, week and month counts of the articles matching ``query`` in ``scope``."""
    return buckets_of_day_counts(trend_day_counts(archive, query, scope))


def chartable(key: SectionKey | None) -> SectionKey | None:
    """``key`` if it is a set of articles narrower than everything (not All, not a heading)."""
    return None if key is None or key.is_everything else key


def trend_choices(
    query: str, groups: Sequence[WatchGroup], topics: Sequence[Topic]
) -> list[tuple[str, str, SectionKey | None]]:
    """``(label, query, scope)`` for every trend on offer: the search, each watch group
    and word, each topic."""
    choices: list[tuple[str, str, SectionKey | None]] = []
    if query:
        choices.append((f"the search “{query}”", query, None))
    for group in groups:
        if group.words:
            choices.append((f"watch group {group.name}", "", group_key(group)))
        choices.extend(
            (f"{word}  ({group.name})", "", word_key(group, word)) for word in group.words
        )
    choices.extend((f"topic {topic.name}", "", topic_key(topic)) for topic in topics)
    return choices
