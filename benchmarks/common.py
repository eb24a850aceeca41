"""Helpers the benchmark runners share: data paths, corpus cache, stats, tables."""

from __future__ import annotations

import json
import math
import os
import shutil
import statistics
from collections.abc import Iterable, Sequence
from pathlib import Path

from benchmarks.corpus import GENERATOR_VERSION, CorpusInfo, generate_corpus

BENCH_DIR = Path(__file__).resolve().parent
DATA_DIR = BENCH_DIR / "data"
RESULTS_DIR = BENCH_DIR / "results"
ROOT = BENCH_DIR.parent
SAMPLE_CONTENT = ROOT / "content"


def corpus_dir(size: int, seed: int) -> Path:
    return DATA_DIR / f"corpus-{size}-s{seed}-v{GENERATOR_VERSION}"


def archive_path(size: int, seed: int) -> Path:
    return DATA_DIR / f"archive-{size}-s{seed}-v{GENERATOR_VERSION}.db"


def ensure_corpus(size: int, seed: int, log: bool = True) -> CorpusInfo:
    """The corpus for ``(size, seed)``, generated once and reused afterwards.

    A manifest written after the last file marks a complete corpus, so an
    interrupted generation is redone rather than benchmarked half-written.
    """
    out = corpus_dir(size, seed)
    manifest = out.with_suffix(".json")
    if manifest.exists() and out.is_dir():
        try:
            info = CorpusInfo.from_json(manifest.read_text(encoding="utf-8"))
            if info.digest:  # manifests from before digests: write the (same) files again
                return info
        except (ValueError, TypeError, KeyError):
            pass
    if out.exists():
        shutil.rmtree(out)
    if log:
        print(f"  generating {size:,} articles (seed {seed}) into {out} ...", flush=True)
    info = generate_corpus(out, size, seed=seed)
    manifest.write_text(info.to_json(), encoding="utf-8")
    if log:
        print(
            f"  generated {info.pages:,} pages, {info.bytes / 1e6:.0f} MB in {info.seconds:.1f} s",
            flush=True,
        )
    return info


def remove_db(path: Path) -> None:
    """Delete an SQLite file with its WAL and shared-memory companions."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def db_bytes(path: Path) -> int:
    """Size on disk of an SQLite database including its WAL."""
    return sum(os.path.getsize(f"{path}{s}") for s in ("", "-wal") if os.path.exists(f"{path}{s}"))


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (no interpolation: a reported p95 was really measured)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else math.nan


def fmt_ms(value: float) -> str:
    if math.isnan(value):
        return "n/a"
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def fmt_int(value: float) -> str:
    return f"{value:,.0f}"


def md_table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A GitHub Markdown table; numbers right-aligned."""
    rows = [[str(c) for c in row] for row in rows]
    align = []
    for i, _ in enumerate(headers):
        numeric = rows and all(_numeric(r[i]) for r in rows if i < len(r) and r[i])
        align.append("---:" if numeric else "---")
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(align) + "|"]
    lines.extend("| " + " | ".join(r) + " |" for r in rows)
    return "\n".join(lines)


def _numeric(cell: str) -> bool:
    if " / " in cell:
        return all(_numeric(part) for part in cell.split(" / "))
    cleaned = (
        cell.split(" (")[0]
        .replace(",", "")
        .replace("x", "")
        .replace("%", "")
        .replace("ms", "")
        .strip()
    )
    try:
        float(cleaned)
    except ValueError:
        return cleaned in {"n/a", "—"}
    return True


def save_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
