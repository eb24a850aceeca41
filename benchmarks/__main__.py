"""``python -m benchmarks``: generate, import, search, open the UI; print Markdown tables.

Default sizes are 10k and 100k articles (``make bench``); ``--quick`` is a 2k
smoke run; ``--full`` adds 1M (run by hand, once: not for CI). Corpora and
archives are kept in ``benchmarks/data/`` (git-ignored) and reused by size and
seed; the tables go to stdout and to ``benchmarks/results/latest.md``
(``quick.md`` for ``--quick``).
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import bench_import, bench_search, bench_ui
from benchmarks.common import (
    DATA_DIR,
    RESULTS_DIR,
    ROOT,
    SAMPLE_CONTENT,
    archive_path,
    ensure_corpus,
    md_table,
    remove_db,
    save_json,
)


def _sizes(text: str) -> list[int]:
    out = []
    for part in text.split(","):
        part = part.strip().lower().replace("_", "")
        if not part:
            continue
        scale = 1
        if part.endswith("k"):
            part, scale = part[:-1], 1_000
        elif part.endswith("m"):
            part, scale = part[:-1], 1_000_000
        out.append(int(float(part) * scale))
    return out


def _args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--sizes", default="10000,100000", help="comma list, e.g. 10k,100k")
    parser.add_argument("--quick", action="store_true", help="2k articles only (smoke run)")
    parser.add_argument("--full", action="store_true", help="add 1M articles (slow: by hand)")
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument(
        "--only", default="import,search,ui", help="which parts: import,search,ui (comma list)"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="keep existing archives (import is then not timed)"
    )
    parser.add_argument("--repeats", type=int, default=5, help="warm runs per keystroke")
    parser.add_argument("--ui-runs", type=int, default=3, help="UI children per archive")
    parser.add_argument("--out", type=Path, default=None, help="Markdown file to write")
    args = parser.parse_args(argv)
    args.sizes = [2_000] if args.quick else _sizes(args.sizes)
    if args.full and 1_000_000 not in args.sizes:
        args.sizes.append(1_000_000)
    args.only = {p.strip() for p in args.only.split(",") if p.strip()}
    if args.out is None:
        args.out = RESULTS_DIR / ("quick.md" if args.quick else "latest.md")
    return args


def _machine() -> list[str]:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = "?"
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    return [
        f"- run: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {commit or '?'}"
        " (plus any uncommitted work in the checkout)",
        f"- Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"{os.cpu_count()} CPUs ({platform.machine()}), load average at start {load}",
    ]


def _sample_archive() -> Path:
    """A fresh archive of the bundled sample page (4 articles)."""
    from newsreader import Archive

    db = DATA_DIR / "archive-sample.db"
    remove_db(db)
    with Archive.open(db) as archive:
        archive.import_paths([SAMPLE_CONTENT])
    return db


def main(argv: list[str] | None = None) -> int:
    args = _args(argv)
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    out: list[str] = ["# newsreader benchmarks", "", *_machine(), ""]
    out.append(
        "Corpus: `benchmarks/corpus.py`, seed "
        f"{args.seed}: generated Chinese newspaper pages (jieba word frequencies, "
        "4-8 articles a page, ~1,300 characters an article). "
        "Command: `python -m benchmarks " + " ".join(argv if argv is not None else sys.argv[1:])
    )
    out[-1] = out[-1].rstrip() + "`."
    raw: dict[str, object] = {"sizes": args.sizes, "seed": args.seed}

    imports: list[bench_import.ImportResult] = []
    digests: list[str] = []
    searches: list[bench_search.SearchResult] = []
    for size in args.sizes:
        print(f"== {size:,} articles", flush=True)
        info = ensure_corpus(size, args.seed)
        digests.append(
            f"{size:,}: {info.pages:,} files, {info.bytes / 1e6:,.0f} MB, "
            f"sha256 {info.digest or 'n/a'}"
        )
        db = archive_path(size, args.seed)
        if "import" in args.only or not db.exists():
            print("  import ...", flush=True)
            result = bench_import.bench_import(info, db, fresh=not args.reuse)
            imports.append(result)
            print(
                f"  parse {result.parse_s:.1f} s, import {result.import_s:.1f} s,"
                f" re-import {result.reimport_s:.2f} s",
                flush=True,
            )
        if "search" in args.only:
            print("  search ...", flush=True)
            # LIKE at 1M scans ~4 GB per keystroke (~20 min in all): 100k shows the ratio.
            searches.append(
                bench_search.bench_search(
                    db, size, repeats=args.repeats, like_baseline=size <= 100_000
                )
            )

    out.append("Corpora (digest of every path and byte): " + "; ".join(digests) + ".")
    if imports:
        out += ["", "## Import", ""]
        out.append(
            "Parse only: `newsreader.parse.parse_file` over every file in one process. "
            "Import: `Archive.open(db).import_paths([corpus])` on a fresh database "
            "(the archive's own worker processes included). "
            "Re-import: the same call again on the unchanged folder."
        )
        out += ["", md_table(*bench_import.rows(imports))]
        notes = [f"- {r.size:,}: {n}" for r in imports for n in r.notes]
        if notes:
            out += ["", *notes]
        raw["import"] = [vars(r) for r in imports]

    if searches:
        out += ["", "## Search as you type", ""]
        keys = bench_search.keystrokes()
        out.append(
            f"{len(keys)} keystrokes: every prefix of "
            + ", ".join(f"`{w}`" for w in bench_search.TYPED)
            + ", then "
            + ", ".join(f"`{w}`" for w in bench_search.SINGLE)
            + ". Search: `archive.search(q, limit=50)` (total, top 50 by rank, snippets); "
            f"warm = median of {args.repeats} runs after a first run. "
            "LIKE: `SELECT count(*)` plus the newest 50 with `text LIKE '%q%'` per term "
            "over a plain table of the same texts in its own SQLite file (no folding: "
            "it cannot find traditional or pinyin matches). Percentiles over keystrokes."
        )
        out += ["", md_table(*bench_search.summary_rows(searches))]
        for result in searches:
            out += ["", f"### Per query, {result.size:,} articles", ""]
            out.append(md_table(*bench_search.query_rows(result)))
            out += [f"- {n}" for n in result.notes]
        raw["search"] = [vars(r) for r in searches]

    if "ui" in args.only:
        print("== UI", flush=True)
        targets = [(_sample_archive(), "sample (4 articles)")]
        for size in sorted(s for s in args.sizes if s >= 100_000) or args.sizes[-1:]:
            db = archive_path(size, args.seed)
            if db.exists():
                targets.append((db, f"{size:,} articles"))
        print(f"  UI on {', '.join(label for _, label in targets)} ...", flush=True)
        ui_results = bench_ui.measure_all(targets, runs=args.ui_runs)
        out += ["", "## Reader (Textual UI)", ""]
        out.append(
            "Each archive in a fresh subprocess: `NewsreaderApp(db_path=...)` under "
            "`app.run_test(size=(120, 40))`; first paint = the article list's first drawn "
            "row; RSS = peak resident memory (`VmHWM`); then `j` pressed "
            f"{bench_ui.MOVES} times through the pilot: key to the cursor's row redrawn, "
            "key to the pilot's settled screen, and the list's own share of a move "
            "(cursor action + redraw of the visible rows). After one discarded warm-up "
            f"child, each archive is opened {args.ui_runs} times, alternating; paint and RSS "
            "are medians of those runs, cursor moves come from the first."
        )
        out += ["", md_table(*bench_ui.rows(ui_results))]
        if len(ui_results) > 1:
            out += ["", *(f"- {v}" for v in bench_ui.verdict(ui_results[0], ui_results[-1]))]
        raw["ui"] = [vars(r) for r in ui_results]

    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    out += [
        "",
        f"Total benchmark time {time.perf_counter() - started:,.0f} s; "
        f"load average at the end {load}.",
        "",
    ]
    text = "\n".join(out)
    print()
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    save_json(DATA_DIR / (args.out.stem + ".json"), raw)
    print(f"(written to {args.out})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
