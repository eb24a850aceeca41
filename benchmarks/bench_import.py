"""Import throughput: parse alone, a fresh import, and a re-import of the same files.

Issue 2 asks for >= 3,000 articles/s parse and store (before the search
index), issue 3 for >= 1,000 articles/s including indexing, issue 7 for a
re-import of ~1,700 unchanged files in under 2 s. All three go through the
public API only (``parse_file`` and ``Archive.import_paths``), so the figures
are what a user of ``newsreader import`` gets. An import runs in two stages
(store every article, then index the queue); ``ImportReport`` times each.
"""

from __future__ import annotations

import contextlib
import resource
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.common import db_bytes, remove_db
from benchmarks.corpus import CorpusInfo


@dataclass
class ImportResult:
    size: int
    files: int
    corpus_bytes: int
    parse_s: float = 0.0
    parsed_articles: int = 0
    body_chars: int = 0
    import_s: float = 0.0
    store_s: float = 0.0
    index_s: float = 0.0
    imported_articles: int = 0
    failed: int = 0
    cpu_main_s: float = 0.0
    cpu_workers_s: float = 0.0
    reimport_s: float = 0.0
    reimport_unchanged: int = 0
    db_bytes: int = 0
    stats: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.md"))


def time_parse(files: list[Path]) -> tuple[float, int, int]:
    """Parse every file in this process: (seconds, articles, title+body characters)."""
    from newsreader.parse import parse_file

    articles = chars = 0
    started = time.perf_counter()
    for path in files:
        page = parse_file(path)
        articles += len(page.articles)
        for article in page.articles:
            chars += len(article.title) + sum(map(len, article.paragraphs))
    return time.perf_counter() - started, articles, chars


def _cpu() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


def bench_import(info: CorpusInfo, db: Path, *, fresh: bool = True) -> ImportResult:
    """Time parse, import and re-import of the corpus into ``db``.

    With ``fresh=False`` an existing archive is kept (its import figures are
    then not measured) so search and UI benchmarks can be rerun cheaply.
    """
    from newsreader import Archive

    files = _files(info.out_dir)
    result = ImportResult(size=info.articles, files=len(files), corpus_bytes=info.bytes)
    result.parse_s, result.parsed_articles, result.body_chars = time_parse(files)

    if fresh or not db.exists():
        remove_db(db)
        cpu0 = _cpu()
        started = time.perf_counter()
        with Archive.open(db) as archive:
            report = archive.import_paths([info.out_dir])
        result.import_s = time.perf_counter() - started
        result.store_s, result.index_s = report.store_seconds, report.index_seconds
        cpu1 = _cpu()
        result.cpu_main_s = cpu1[0] - cpu0[0]
        result.cpu_workers_s = cpu1[1] - cpu0[1]
        result.imported_articles = report.articles_added
        result.failed = len(report.failed)
        if report.failed:
            result.notes.append(f"first failure: {report.failed[0]}")
    else:
        result.notes.append("archive reused: import not timed in this run")

    started = time.perf_counter()
    with Archive.open(db) as archive:
        report = archive.import_paths([info.out_dir])
        result.reimport_s = time.perf_counter() - started
        result.reimport_unchanged = len(report.unchanged)
        if report.added or report.updated or report.removed:
            result.notes.append(
                f"re-import changed files: +{len(report.added)} ~{len(report.updated)} "
                f"-{len(report.removed)}"
            )
        try:
            result.stats = archive.stats()
        except Exception as error:  # stats() is optional for this benchmark
            result.notes.append(f"stats() failed: {error}")
        with contextlib.suppress(Exception):
            archive.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    result.db_bytes = db_bytes(db)
    return result


def rows(results: list[ImportResult]) -> tuple[list[str], list[list[str]]]:
    """The import table: one column per corpus size."""
    headers = ["", *(f"{r.size:,} articles" for r in results)]

    def line(label: str, cell: Any) -> list[str]:
        return [label, *(cell(r) for r in results)]

    def per_s(n: float, s: float) -> str:
        return f"{n / s:,.0f}" if s else "n/a"

    def mb(n: float) -> str:
        return f"{n / 1e6:,.0f} MB" if n >= 1e7 else f"{n / 1e6:,.1f} MB"

    table = [
        line("files (pages)", lambda r: f"{r.files:,}"),
        line("corpus size (UTF-8 Markdown)", lambda r: mb(r.corpus_bytes)),
        line(
            "mean characters per article (title + body)",
            lambda r: f"{r.body_chars / max(1, r.parsed_articles):,.0f}",
        ),
        line("parse only, 1 process: s", lambda r: f"{r.parse_s:.1f}"),
        line("parse only: articles/s", lambda r: per_s(r.parsed_articles, r.parse_s)),
        line("parse only: MB/s", lambda r: f"{r.corpus_bytes / 1e6 / r.parse_s:.1f}"),
        line(
            "stage 1, parse + store (before any search index): s",
            lambda r: f"{r.store_s:.1f}" if r.import_s else "n/a",
        ),
        line("stage 1: articles/s", lambda r: per_s(r.imported_articles, r.store_s)),
        line(
            "stage 2, search index: s",
            lambda r: f"{r.index_s:.1f}" if r.import_s else "n/a",
        ),
        line("stage 2: articles/s", lambda r: per_s(r.imported_articles, r.index_s)),
        line("import (parse + store + index): s", lambda r: f"{r.import_s:.1f}"),
        line("import: articles/s", lambda r: per_s(r.imported_articles, r.import_s)),
        line(
            "import: MB/s",
            lambda r: f"{r.corpus_bytes / 1e6 / r.import_s:.1f}" if r.import_s else "n/a",
        ),
        line(
            "import CPU s (main / worker processes)",
            lambda r: f"{r.cpu_main_s:.0f} / {r.cpu_workers_s:.0f}" if r.import_s else "n/a",
        ),
        line("articles imported / failed files", lambda r: f"{r.imported_articles:,} / {r.failed}"),
        line(
            "re-import, unchanged: s (files skipped)",
            lambda r: f"{r.reimport_s:.2f} ({r.reimport_unchanged:,})",
        ),
        line("database size", lambda r: mb(r.db_bytes)),
        line("database ÷ corpus", lambda r: f"{r.db_bytes / r.corpus_bytes:.2f}x"),
        line("search index (stats)", lambda r: mb(r.stats.get("index_bytes", 0))),
        line(
            "search index ÷ stored text (stats)",
            lambda r: (
                f"{r.stats['index_bytes'] / r.stats['text_bytes']:.2f}x"
                if r.stats.get("text_bytes")
                else "n/a"
            ),
        ),
    ]
    return headers, table
