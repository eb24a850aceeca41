"""Scale and limits: the figures issue 7 asks for at 1M articles, and the limit cases.

Run by hand, once (not in CI; 1M articles take hours to import on two cores)::

    .venv/bin/python -m benchmarks.bench_scale                    # 1M articles
    .venv/bin/python -m benchmarks.bench_scale --articles 10k     # a check run
    .venv/bin/python -m benchmarks.bench_scale --articles 10k --limits

It uses the shared corpus cache (``benchmarks.common.ensure_corpus``) but an
archive of its own (``benchmarks/data/scale-<size>-s<seed>.db``), so it never
disturbs the other benchmarks' archives. Reported: import time, database size
(and per article), a re-import of the unchanged folder, search latency per
keystroke (p50/p95 over the same keystrokes as ``bench_search``), the
doctor's check time, and with ``--limits``: a 200 MB file refused, a 5 MB
paragraph and 100k headings in one file imported (time and peak memory, each
in a fresh process so one case's peak does not hide another's).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.bench_search import keystrokes
from benchmarks.common import (
    DATA_DIR,
    corpus_dir,
    db_bytes,
    ensure_corpus,
    fmt_int,
    fmt_ms,
    md_table,
    median,
    percentile,
    remove_db,
    save_json,
)

DEFAULT_ARTICLES = 1_000_000
SEED = 2023
WARM_REPEATS = 3
# The full integrity check reads every page: minutes at 1M (``--full-check``).
FULL_CHECK = False


def _size(text: str) -> int:
    text = text.strip().lower().replace("_", "").replace(",", "")
    for suffix, factor in (("k", 1_000), ("m", 1_000_000)):
        if text.endswith(suffix):
            return int(float(text[:-1]) * factor)
    return int(text)


def _peak_mb() -> float:
    """Peak resident memory of this process in MB.

    ``VmHWM`` first: ``ru_maxrss`` survives ``exec``, so a child started by a
    big parent would report the parent's peak.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def scale(articles: int, seed: int, fresh: bool, existing: Path | None = None) -> dict[str, Any]:
    """Import the corpus into this benchmark's archive and time what users feel.

    ``existing`` measures an archive built elsewhere (``python -m benchmarks
    --full`` leaves a 1M one) read-only, without importing anything.
    """
    from newsreader import Archive

    if existing is not None:
        with Archive.open(existing, read_only=True) as archive:
            stats = archive.stats()
            result: dict[str, Any] = {
                "articles": archive.count(),
                "count": archive.count(),
                "seed": seed,
                "db": str(existing),
                "index_bytes": stats.get("index_bytes", 0),
                "text_bytes": stats.get("text_bytes", 0),
                "reimport_unchanged_s": float("nan"),
            }
        result["db_bytes"] = db_bytes(existing)
        return _measure(existing, result)
    ensure_corpus(articles, seed)
    corpus = corpus_dir(articles, seed)
    db = DATA_DIR / f"scale-{articles}-s{seed}.db"
    result = {"articles": articles, "seed": seed, "db": str(db)}
    if fresh:
        remove_db(db)
    with Archive.open(db) as archive:
        if archive.count() == 0:
            print(f"  importing {articles:,} articles into {db} ...", flush=True)
            started = time.perf_counter()
            report = archive.import_paths([corpus])
            result["import_s"] = time.perf_counter() - started
            result["import_failed"] = len(report.failed)
        started = time.perf_counter()
        archive.import_paths([corpus])
        result["reimport_unchanged_s"] = time.perf_counter() - started
        result["count"] = archive.count()
        stats = archive.stats()
        result["index_bytes"] = stats.get("index_bytes", 0)
        result["text_bytes"] = stats.get("text_bytes", 0)
        archive.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    result["db_bytes"] = db_bytes(db)
    return _measure(db, result)


def _measure(db: Path, result: dict[str, Any]) -> dict[str, Any]:
    """Read-side figures: open and list, search per keystroke, doctor."""
    from newsreader import Archive
    from newsreader.features.maintenance import check_archive

    started = time.perf_counter()
    with Archive.open(db, read_only=True) as archive:
        archive.list_ids()
        result["open_and_list_ms"] = (time.perf_counter() - started) * 1000
        warm: list[float] = []
        cold: list[float] = []
        totals: dict[str, int] = {}
        for query in keystrokes():
            started = time.perf_counter()
            first = archive.search(query, limit=50)
            cold.append((time.perf_counter() - started) * 1000)
            totals[query] = first.total
            runs = []
            for _ in range(WARM_REPEATS):
                started = time.perf_counter()
                archive.search(query, limit=50)
                runs.append((time.perf_counter() - started) * 1000)
            warm.append(median(runs))
    result["search_p50_ms"] = median(warm)
    result["search_p95_ms"] = percentile(warm, 95)
    result["search_max_ms"] = max(warm)
    result["search_cold_p95_ms"] = percentile(cold, 95)
    result["keystrokes"] = len(warm)
    result["totals"] = totals

    started = time.perf_counter()
    problems = check_archive(db, quick=True)
    result["doctor_s"] = time.perf_counter() - started
    if FULL_CHECK:
        started = time.perf_counter()
        problems += check_archive(db)
        result["doctor_full_s"] = time.perf_counter() - started
    result["doctor_problems"] = problems[:5]
    result["peak_rss_mb"] = _peak_mb()
    return result


# ------------------------------------------------------------------ limits
def _limit_case(case: str, folder: Path) -> dict[str, Any]:
    """One limit case, run in this (fresh) process: import the file, time and memory."""
    from newsreader import Archive

    with Archive.open(folder / f"{case}.db") as archive:
        archive.import_paths([Path(__file__).resolve().parent.parent / "content"])
        before = _peak_mb()
        started = time.perf_counter()
        report = archive.import_paths([folder / case])
        seconds = time.perf_counter() - started
        found = -1
        if case == "paragraph.md":
            found = archive.search("独一无二的结尾标记").total
        elif case == "headings.md":
            found = archive.search("标题99999").total
    result = {
        "case": case,
        "seconds": seconds,
        "peak_growth_mb": _peak_mb() - before,
        "articles": report.articles_added,
        "failed": [reason for _path, reason in report.failed],
        "found": found,
    }
    if case == "paragraph.md":  # the reader on it, a common character typed: ~40,000 hits
        result["reader"] = _reader_case(folder / f"{case}.db", "长段落", "的")
    return result


def _reader_case(db: Path, title: str, query: str) -> dict[str, Any]:
    """Open the article titled ``title`` in the reader with ``query`` typed: how long the
    UI thread is busy, how long until it is laid out, and the reader's memory."""
    import asyncio

    from newsreader.ui.app import NewsreaderApp

    async def run() -> dict[str, Any]:
        app = NewsreaderApp(db, live=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(0.5)
            screen = app.screen
            screen.search_box.value = query
            await pilot.pause(1.5)
            ids = app.archive.list_ids()
            article = next(row.id for row in app.archive.rows(ids) if row.title == title)
            before = _peak_mb()
            started = time.perf_counter()
            screen.open_article(article)
            ui_thread = time.perf_counter() - started
            while screen.reader.preparing:
                await pilot.pause(0.02)
            laid_out = time.perf_counter() - started
            return {
                "ui_thread_ms": ui_thread * 1000,
                "laid_out_s": laid_out,
                "lines": len(screen.reader.lines),
                "hits": screen.reader.hit_total,
                "reader_growth_mb": _peak_mb() - before,
            }

    return asyncio.run(run())


def limits() -> list[dict[str, Any]]:
    folder = Path(tempfile.mkdtemp(prefix="newsreader-limits-"))
    with (folder / "huge.md").open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)
    rng = random.Random(5)
    common = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工"
    paragraph = "".join(rng.choice(common) for _ in range(5 * 1024 * 1024 // 3))
    (folder / "paragraph.md").write_text(
        f"## 长段落\n\n{paragraph}独一无二的结尾标记\n", encoding="utf-8"
    )
    (folder / "headings.md").write_text(
        "".join(f"## 标题{n}\n\n正文第{n}段。\n\n" for n in range(100_000)), encoding="utf-8"
    )
    results = []
    for case in ("huge.md", "paragraph.md", "headings.md"):
        print(f"  limit case {case} ...", flush=True)
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.bench_scale", "--limit-case", case, str(folder)],
            capture_output=True,
            text=True,
            cwd=Path(__file__).resolve().parent.parent,
            check=True,
        )
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
    return results


# ------------------------------------------------------------------ report
def report(result: dict[str, Any] | None, limit_rows: list[dict[str, Any]]) -> str:
    parts = []
    if result:
        count = max(1, result["count"])
        rows = [
            ["articles", fmt_int(result["count"])],
            ["import (s)", f"{result['import_s']:.0f}" if "import_s" in result else "reused"],
            ["re-import, unchanged (s)", fmt_ms(result["reimport_unchanged_s"])],
            ["database (MB)", f"{result['db_bytes'] / 1e6:,.0f}"],
            ["database per article (bytes)", fmt_int(result["db_bytes"] / count)],
            ["search index (MB)", f"{result['index_bytes'] / 1e6:,.0f}"],
            ["open + list every id (ms)", fmt_ms(result["open_and_list_ms"])],
            [
                f"search p50, {result['keystrokes']} keystrokes (ms)",
                fmt_ms(result["search_p50_ms"]),
            ],
            ["search p95 (ms)", fmt_ms(result["search_p95_ms"])],
            ["search max (ms)", fmt_ms(result["search_max_ms"])],
            ["search p95, first run (ms)", fmt_ms(result["search_cold_p95_ms"])],
            ["doctor --quick (s)", f"{result['doctor_s']:.2f}"],
            [
                "doctor, full integrity check (s)",
                f"{result['doctor_full_s']:.1f}" if "doctor_full_s" in result else "not run",
            ],
            ["doctor problems", str(len(result["doctor_problems"]))],
            ["peak RSS of this run (MB)", fmt_int(result["peak_rss_mb"])],
        ]
        parts.append(md_table(["scale", "value"], rows))
    if limit_rows:
        rows = [
            [
                row["case"],
                f"{row['seconds']:.2f}",
                f"{row['peak_growth_mb']:.0f}",
                fmt_int(row["articles"]),
                "; ".join(row["failed"]) or "—",
                str(row["found"]) if row["found"] >= 0 else "—",
            ]
            for row in limit_rows
        ]
        parts.append(
            md_table(
                ["limit case", "seconds", "peak RSS growth (MB)", "articles", "refused", "found"],
                rows,
            )
        )
        for row in limit_rows:
            if "reader" in row:
                shown = row["reader"]
                parts.append(
                    f"The reader on {row['case']} with 的 typed ({fmt_int(shown['hits'])} hits, "
                    f"{fmt_int(shown['lines'])} lines at 120x40): UI thread busy "
                    f"{shown['ui_thread_ms']:.0f} ms to open it, laid out (on a thread) after "
                    f"{shown['laid_out_s']:.2f} s, peak RSS +{shown['reader_growth_mb']:.0f} MB."
                )
    return "\n\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", default=str(DEFAULT_ARTICLES), help="e.g. 10k, 1m")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--fresh", action="store_true", help="re-import into a new archive")
    parser.add_argument("--limits", action="store_true", help="also run the limit cases")
    parser.add_argument(
        "--full-check", action="store_true", help="also time doctor's full integrity check"
    )
    parser.add_argument(
        "--archive", type=Path, help="measure this existing archive read-only (no import)"
    )
    parser.add_argument("--only-limits", action="store_true", help="only the limit cases")
    parser.add_argument("--limit-case", nargs=2, metavar=("CASE", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    global FULL_CHECK
    FULL_CHECK = args.full_check
    if args.limit_case:
        case, folder = args.limit_case
        print(json.dumps(_limit_case(case, Path(folder))))
        return
    result = (
        None
        if args.only_limits
        else scale(_size(args.articles), args.seed, args.fresh, args.archive)
    )
    limit_rows = limits() if args.limits or args.only_limits else []
    text = report(result, limit_rows)
    print(text)
    name = "limits" if result is None else f"scale-{result['articles']}"
    save_json(DATA_DIR / f"{name}.json", {"scale": result, "limits": limit_rows})
    (DATA_DIR / f"{name}.md").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
