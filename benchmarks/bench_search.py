"""Search as you type: every prefix of typed queries, against a naive LIKE scan.

Issue 3's target at 100k articles: p95 <= 10 ms per keystroke through
``archive.search(q, limit=50)`` (total, top 50 and snippets) and >= 50x faster
than ``LIKE '%q%'`` at p95. The baseline lives in a separate SQLite file
holding the same texts (every ``Article.text_fields()`` joined), built once
from ``archive.articles()``, so both sides read what the archive stores.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.common import fmt_int, fmt_ms, median, percentile, remove_db

# What a user types, one string per keystroke; "经济 发展" goes through "经济 ".
TYPED = ("保交楼", "经济普查", "高新技术", "GDP", "2023", "经济 发展", "經濟", "baojiaolou", "bjl")
SINGLE = ("的", "是")


def keystrokes() -> list[str]:
    """Every prefix of every typed query, then the very common single characters."""
    out: list[str] = []
    for word in TYPED:
        out.extend(word[:i] for i in range(1, len(word) + 1))
    out.extend(SINGLE)
    return out


@dataclass
class QueryTiming:
    query: str
    total: int = 0
    cold_ms: float = 0.0
    ms: float = 0.0  # median of the warm runs
    cpu_ms: float = 0.0  # median CPU time of the warm runs (the machine is shared)
    date_ms: float = 0.0
    like_total: int = 0
    like_ms: float = 0.0
    # The reader's own path (newsreader.ui.data.load on a fresh Archive a
    # keystroke): the first page it shows, then every id for scrolling.
    reader_page_ms: float = 0.0
    reader_ids_ms: float = 0.0


@dataclass
class SearchResult:
    size: int
    timings: list[QueryTiming] = field(default_factory=list)
    index_ratio: float | None = None
    index_bytes: int = 0
    text_bytes: int = 0
    baseline_build_s: float = 0.0
    notes: list[str] = field(default_factory=list)

    def series(self, name: str) -> list[float]:
        return [getattr(t, name) for t in self.timings]


def baseline_path(db: Path) -> Path:
    return db.with_name(db.stem + "-like.db")


def build_baseline(archive: Any, path: Path) -> float:
    """A plain table with each article's text in one column; seconds taken (0 if reused)."""
    count = archive.count()
    if path.exists():
        conn = sqlite3.connect(path)
        try:
            have = conn.execute("SELECT count(*) FROM docs").fetchone()[0]
        except sqlite3.DatabaseError:
            have = -1
        conn.close()
        if have == count:
            return 0.0
    remove_db(path)
    started = time.perf_counter()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE docs (id INTEGER PRIMARY KEY, date TEXT, title TEXT, text TEXT)")
    batch: list[tuple[int, str, str, str]] = []
    with conn:
        for article in archive.articles():
            text = "\n".join(t for _, _, t in article.text_fields())
            batch.append((article.id, article.date, article.title, text))
            if len(batch) >= 2000:
                conn.executemany("INSERT INTO docs VALUES (?, ?, ?, ?)", batch)
                batch.clear()
        conn.executemany("INSERT INTO docs VALUES (?, ?, ?, ?)", batch)
    conn.close()
    return time.perf_counter() - started


def like_search(conn: sqlite3.Connection, query: str) -> int:
    """The naive way: count every row that contains each term, then the newest 50."""
    terms = query.split() or [query]
    where = " AND ".join("text LIKE ?" for _ in terms)
    params = [f"%{t}%" for t in terms]
    total = conn.execute(f"SELECT count(*) FROM docs WHERE {where}", params).fetchone()[0]
    conn.execute(
        f"SELECT id, title, date FROM docs WHERE {where} ORDER BY date DESC LIMIT 50", params
    ).fetchall()
    return total


def _timed(fn: Any, *args: Any, **kwargs: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    value = fn(*args, **kwargs)
    return (time.perf_counter() - started) * 1000, value


def _timed_both(fn: Any, *args: Any, **kwargs: Any) -> tuple[float, float]:
    """Wall and CPU milliseconds: on a shared machine the gap is time spent waiting."""
    cpu = time.process_time()
    started = time.perf_counter()
    fn(*args, **kwargs)
    return (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000


def _reader_timings(reader: Any, query: str, runs: int = 3) -> tuple[float, float]:
    """Median ms of the reader's first page and of its full id list for ``query``.

    ``reader`` is an Archive of its own, kept open across keystrokes as the
    reader's search thread keeps one (``newsreader.ui.archive_thread``).
    """
    from newsreader.ui.data import PAGE_SIZE, Request, load

    page = median([_timed(load, reader, Request(query, limit=PAGE_SIZE))[0] for _ in range(runs)])
    every = median([_timed(load, reader, Request(query))[0] for _ in range(runs)])
    return page, every


def bench_search(
    db: Path,
    size: int,
    *,
    repeats: int = 5,
    like_repeats: int = 2,
    like_baseline: bool = True,
    log: bool = True,
) -> SearchResult:
    """Time every keystroke through ``archive.search`` and (optionally) the LIKE baseline."""
    from newsreader import Archive

    result = SearchResult(size=size)
    like_db = baseline_path(db)
    if not like_baseline:
        like_repeats = 0
        result.notes.append("LIKE baseline skipped at this size")
    with Archive.open(db) as archive:
        if like_repeats:
            result.baseline_build_s = build_baseline(archive, like_db)
        try:
            stats = archive.stats()
            result.index_bytes = int(stats.get("index_bytes") or 0)
            result.text_bytes = int(stats.get("text_bytes") or 0)
            if result.index_bytes and result.text_bytes:
                result.index_ratio = result.index_bytes / result.text_bytes
        except Exception as error:
            result.notes.append(f"stats() failed: {error}")
        like = sqlite3.connect(like_db if like_repeats else ":memory:")
        reader = Archive.open(db)
        for query in keystrokes():
            timing = QueryTiming(query)
            timing.cold_ms, first = _timed(archive.search, query, limit=50)
            timing.total = first.total
            runs = [_timed_both(archive.search, query, limit=50) for _ in range(repeats)]
            timing.ms = median([wall for wall, _ in runs])
            timing.cpu_ms = median([cpu for _, cpu in runs])
            timing.date_ms = median(
                [_timed(archive.search, query, limit=50, sort="date")[0] for _ in range(3)]
            )
            timing.reader_page_ms, timing.reader_ids_ms = _reader_timings(reader, query)
            like_runs = []
            for _ in range(like_repeats):
                ms, timing.like_total = _timed(like_search, like, query)
                like_runs.append(ms)
            timing.like_ms = median(like_runs) if like_runs else 0.0
            result.timings.append(timing)
            if log:
                print(
                    f"    {query!r:14} {timing.total:>7,} hits {timing.ms:7.2f} ms"
                    f" | LIKE {timing.like_total:>7,} {timing.like_ms:8.1f} ms",
                    flush=True,
                )
        like.close()
        reader.close()
    return result


def summary_rows(results: list[SearchResult]) -> tuple[list[str], list[list[str]]]:
    """p50/p95/max over all keystrokes, per size, archive beside LIKE."""
    headers = ["", *(f"{r.size:,} articles" for r in results)]

    def line(label: str, cell: Any) -> list[str]:
        return [label, *(cell(r) for r in results)]

    def pct(name: str, p: float) -> Any:
        def cell(r: SearchResult) -> str:
            if not any(r.series(name)):
                return "skipped"
            return fmt_ms(percentile(r.series(name), p))

        return cell

    table = [
        line("keystrokes timed", lambda r: str(len(r.timings))),
        line("search p50 ms (warm)", pct("ms", 50)),
        line("search p95 ms (warm)", pct("ms", 95)),
        line("search max ms (warm)", pct("ms", 100)),
        line(
            "search CPU p50 / p95 ms (warm, process time)",
            lambda r: (
                f"{fmt_ms(percentile(r.series('cpu_ms'), 50))} / "
                f"{fmt_ms(percentile(r.series('cpu_ms'), 95))}"
            ),
        ),
        line("search p95 ms (first run of each query)", pct("cold_ms", 95)),
        line("search sort=date p95 ms", pct("date_ms", 95)),
        line(
            "reader: first page p50 / p95 ms (its own search thread)",
            lambda r: (
                f"{fmt_ms(percentile(r.series('reader_page_ms'), 50))} / "
                f"{fmt_ms(percentile(r.series('reader_page_ms'), 95))}"
            ),
        ),
        line(
            "reader: every id, for scrolling, p50 / p95 ms",
            lambda r: (
                f"{fmt_ms(percentile(r.series('reader_ids_ms'), 50))} / "
                f"{fmt_ms(percentile(r.series('reader_ids_ms'), 95))}"
            ),
        ),
        line("LIKE count + top 50 p50 ms", pct("like_ms", 50)),
        line("LIKE count + top 50 p95 ms", pct("like_ms", 95)),
        line("LIKE max ms", pct("like_ms", 100)),
        line(
            "speed-up at p95 (LIKE p95 ÷ search p95)",
            lambda r: (
                f"{percentile(r.series('like_ms'), 95) / percentile(r.series('ms'), 95):,.0f}x"
                if any(r.series("like_ms"))
                else "skipped"
            ),
        ),
        line(
            "index ÷ text (stats)",
            lambda r: f"{r.index_ratio:.2f}x" if r.index_ratio is not None else "n/a",
        ),
    ]
    return headers, table


def query_rows(result: SearchResult) -> tuple[list[str], list[list[str]]]:
    """Per-query detail for one size (each distinct keystroke once)."""
    headers = ["query", "hits", "search ms", "CPU ms", "date-sorted ms"]
    headers += ["LIKE hits", "LIKE ms", "speed-up"]
    seen: set[str] = set()
    table = []
    for t in result.timings:
        if t.query in seen:
            continue
        seen.add(t.query)
        speed = f"{t.like_ms / t.ms:,.0f}x" if t.ms and t.like_ms else "n/a"
        table.append(
            [
                f"`{t.query}`",
                fmt_int(t.total),
                fmt_ms(t.ms),
                fmt_ms(t.cpu_ms),
                fmt_ms(t.date_ms),
                fmt_int(t.like_total),
                fmt_ms(t.like_ms),
                speed,
            ]
        )
    return headers, table
