"""Trend buckets: counts per day, ISO week and month, gaps filled with zeros."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsreader.archive import Archive
from newsreader.features.trends import (
    bucket_counts,
    bucket_of,
    buckets_by_granularity,
    buckets_of_day_counts,
    counted_buckets,
)
from newsreader.models import SectionKey


def test_by_day_fills_gaps() -> None:
    dates = ["2023-10-07", "2023-10-09", "2023-10-07", "", "2023-10-10"]
    assert bucket_counts(dates, "day") == [
        ("2023-10-07", 2),
        ("2023-10-08", 0),
        ("2023-10-09", 1),
        ("2023-10-10", 1),
    ]


def test_by_week_uses_iso_weeks() -> None:
    # 2023-10-09 is a Monday (W41); 2023-10-08 a Sunday (W40)
    dates = ["2023-10-08", "2023-10-09", "2023-10-15", "2023-10-30"]
    assert bucket_counts(dates, "week") == [
        ("2023-W40", 1),
        ("2023-W41", 2),
        ("2023-W42", 0),
        ("2023-W43", 0),
        ("2023-W44", 1),
    ]


def test_week_across_iso_year_boundary() -> None:
    assert bucket_counts(["2024-12-30", "2024-12-27"], "week") == [
        ("2024-W52", 1),
        ("2025-W01", 1),
    ]
    assert bucket_of("2021-01-03", "week") == "2020-W53"


def test_by_month_across_year() -> None:
    dates = ["2023-11-30", "2024-02-01", "2023-11-01"]
    assert bucket_counts(dates, "month") == [
        ("2023-11", 2),
        ("2023-12", 0),
        ("2024-01", 0),
        ("2024-02", 1),
    ]


def test_empty_and_bad_dates_skipped() -> None:
    assert bucket_counts([], "day") == []
    assert bucket_counts(["", "  ", "yesterday", "2023-13-01"], "month") == []
    assert bucket_counts(["2023-10-07T08:00:00", "bad"], "day") == [("2023-10-07", 1)]


def test_unknown_granularity_rejected() -> None:
    with pytest.raises(ValueError):
        bucket_counts(["2023-10-07"], "year")  # type: ignore[arg-type]


def test_far_future_date_does_not_overflow() -> None:
    assert bucket_counts(["9999-12-31", "9999-12-30"], "week") == [("9999-W52", 2)]
    assert bucket_counts(["9999-12-31"], "month") == [("9999-12", 1)]


days = st.dates(
    min_value=__import__("datetime").date(2000, 1, 1),
    max_value=__import__("datetime").date(2030, 12, 31),
)


@given(st.lists(days, min_size=1, max_size=40), st.sampled_from(["day", "week", "month"]))
def test_buckets_agree_with_direct_count(sample: list, by: str) -> None:
    dates = [d.isoformat() for d in sample]
    buckets = bucket_counts(dates, by)  # type: ignore[arg-type]
    labels = [b for b, _ in buckets]
    assert labels == sorted(labels) and len(set(labels)) == len(labels)
    assert sum(n for _, n in buckets) == len(dates)
    direct = Counter(bucket_of(d, by) for d in dates)  # type: ignore[arg-type]
    assert {b: n for b, n in buckets if n} == dict(direct)
    assert labels[0] == min(direct) and labels[-1] == max(direct)


def test_buckets_by_granularity_consumes_an_iterator_once() -> None:
    got = buckets_by_granularity(iter(["2023-10-07", "", "2023-10-09"]))
    assert set(got) == {"day", "week", "month"}
    assert got["day"] == [("2023-10-07", 1), ("2023-10-08", 0), ("2023-10-09", 1)]
    assert got["week"] == [("2023-W40", 1), ("2023-W41", 1)]
    assert got["month"] == [("2023-10", 2)]


@given(st.lists(days, min_size=0, max_size=40), st.sampled_from(["day", "week", "month"]))
def test_counted_dates_bucket_like_the_dates_themselves(sample: list, by: str) -> None:
    dates = [d.isoformat() for d in sample]
    counted = sorted(Counter(dates).items())
    assert counted_buckets(counted, by) == bucket_counts(dates, by)  # type: ignore[arg-type]
    assert buckets_of_day_counts(counted) == buckets_by_granularity(dates)


#: Dated pages: two on one day (one with a time), one a month later, one undated.
PAGES = {
    "a.md": "---\ndate: 2023-10-07\npublication: 甲报\n---\n\n# 保交楼进展\n\n保交楼。\n",
    "b.md": "---\ndate: 2023-10-07T08:00\npublication: 乙报\n---\n\n# 保交楼再进\n\n保交楼。\n",
    "c.md": "---\ndate: 2023-11-20\npublication: 甲报\n---\n\n# 安置房交付\n\n交付。\n",
    "d.md": "# 无日期\n\n保交楼。\n",
}


def test_archive_counts_articles_per_day_in_sql(tmp_path: Path) -> None:
    for name, text in PAGES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with Archive.open(tmp_path / "a.db") as archive:
        assert archive.import_paths([tmp_path]).ok
        assert archive.date_counts("保交楼") == [("2023-10-07", 2)]
        assert archive.date_counts() == [("2023-10-07", 2), ("2023-11-20", 1)]
        paper = SectionKey("edition", ("甲报",))
        assert archive.date_counts("", paper) == [("2023-10-07", 1), ("2023-11-20", 1)]
        assert archive.date_counts("不存在的词") == []
        ids = archive.search_ids("保交楼", sort="date") + archive.search_ids("交付", sort="date")
        assert archive.date_counts_of(ids) == archive.date_counts()
        for query in ("保交楼", "", "交付"):  # the same as counting the dates one by one
            by_day = Counter(d[:10] for d in archive.dates(query))
            assert dict(archive.date_counts(query)) == by_day
