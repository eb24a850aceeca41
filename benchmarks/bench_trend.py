"""The trend chart at scale (issue 15: drawn in at most 150 ms at 100k articles).

    python -m benchmarks.bench_trend [--articles 100000] [--seed 2023] [--repeat 7]

On the generated corpus (``benchmarks.corpus``, imported once into
``benchmarks/data``), for a few words from rare to common and for the whole
archive, the median and worst of ``--repeat`` runs of:

- before: every matching date collected into Python (``Archive.dates``), then
  bucketed by day, week and month (``buckets_by_granularity``);
- after: articles per day counted in SQLite (``Archive.date_counts``), weeks
  and months summed from days (``buckets_of_day_counts``);
- chart: drawing the month chart's lines at 120x40 (``chart_lines``);
- trend key: the reader's ``t`` action in the running app (headless, 120x40,
  a search typed first) until the trend screen is pushed and has settled
  (its first layout and paint), through the same worker the reader uses.
  The action is called directly: Pilot's own key delivery adds ~60 ms to
  any key, even ``j``.

Wall times on a shared machine: read the medians.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import archive_path, ensure_corpus, md_table
from newsreader.archive import Archive
from newsreader.features.trends import buckets_by_granularity, buckets_of_day_counts
from newsreader.ui.widgets.trend_chart import chart_lines

QUERIES = ("普查", "保交楼", "经济", "")


def _times(function: Callable[[], object], repeat: int) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs) * 1000, max(runs) * 1000


def _archive(size: int, seed: int) -> Path:
    db = archive_path(size, seed)
    if not db.exists():
        info = ensure_corpus(size, seed)
        print(f"  importing {size:,} articles into {db} ...", flush=True)
        with Archive.open(db) as archive:
            archive.import_paths([info.out_dir])
    return db


async def _trend_key(db: Path, query: str, repeat: int) -> tuple[float, float]:
    from newsreader.ui.app import NewsreaderApp
    from newsreader.ui.screens.trend import TrendScreen

    app = NewsreaderApp(db, read_only=True, live=False)
    runs = []
    async with app.run_test(size=(120, 40)) as pilot:
        await asyncio.wait_for(app.list_ready.wait(), 60)
        await pilot.press("slash", *query, "down")
        await app.workers.wait_for_complete()
        await pilot.pause()
        for _ in range(repeat):
            start = time.perf_counter()
            app.screen.action_trend()  # type: ignore[attr-defined]
            while not isinstance(app.screen, TrendScreen):
                await asyncio.sleep(0.0005)
            await pilot.pause()  # its first layout and paint
            runs.append(time.perf_counter() - start)
            await pilot.press("escape")
            await pilot.pause()
    return statistics.median(runs) * 1000, max(runs) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    db = _archive(args.articles, args.seed)
    rows = []
    with Archive.open(db, read_only=True) as archive:
        for query in QUERIES:
            matched = sum(n for _, n in archive.date_counts(query))
            before = _times(lambda q=query: buckets_by_granularity(archive.dates(q)), args.repeat)
            after = _times(
                lambda q=query: buckets_of_day_counts(archive.date_counts(q)), args.repeat
            )
            months = buckets_of_day_counts(archive.date_counts(query))["month"]
            chart = _times(lambda m=months: chart_lines(m, 110, 30), args.repeat)
            key = (
                asyncio.run(_trend_key(db, query, max(3, args.repeat // 2)))
                if query
                else (float("nan"), float("nan"))
            )
            rows.append(
                [
                    query or "(all)",
                    f"{matched:,}",
                    *(f"{m:.0f} / {w:.0f}" for m, w in (before, after, chart, key)),
                ]
            )
            print(rows[-1], flush=True)
    headers = ["query", "articles", "before ms", "after ms", "chart ms", "t key ms"]
    print(f"\n{args.articles:,} articles, median / worst of {args.repeat}\n")
    print(md_table(headers, rows))


if __name__ == "__main__":
    main()
