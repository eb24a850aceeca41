"""What keyword extraction adds to an import (issue 5: at most 30% at 100k articles).

The archive computes nothing for keywords at import (docs/decisions.md,
"Keywords"): the figure the issue asks for is 0% by construction, and the
cost moved to showing an article. So this reports both: what running
``article_terms`` in the import would add (figure 2, why it is not there),
and what showing keywords costs on the archive the import built (figure 6).
When prepare.py calls ``article_terms``, figure 2 is the real thing and
figure 1 switches it off.

    python -m benchmarks.bench_keywords [--articles 100000] [--seed 2023] [--repeat 2] \
        [--out benchmarks/results/keywords-100k.md]
    python -m benchmarks.bench_keywords --archive benchmarks/data/archive-100000-s2023-v2.db
        # figure 6 alone, on an archive already built (opened read-only)

Four figures on the same generated corpus (``benchmarks.corpus``):

1. the plain import (``Archive.import_paths``), articles/s;
2. the same import with keywords: as the archive does it when it computes
   and stores terms itself (prepare.py calls ``article_terms``; switched off
   for figure 1), else with ``article_terms`` run in the prepare stage;
3. the serial cost of ``article_terms`` per article for each installed
   segmenter (rjieba, jieba), as if it ran in the writer process;
4. the cost of keeping what it yields: a ``term_df`` upsert per batch of
   articles, with or without each article's packed terms in one column, in
   a scratch database (the archive's schema is not this module's to change);
5. the display-time cost of ``article_terms`` + ``top_keywords`` alone;
6. ``Archive.keywords`` as the reader calls it (a fresh read-only Archive per
   article, newest articles first): the first article with nothing counted
   yet, then the median and p90 of the next ones, which reuse the document
   frequencies already counted (``keywords.DocumentFrequencies``).

Steps 3-5 use at most ``--sample`` articles of the corpus.

Times are the best of ``--repeat`` interleaved runs. The machine is shared,
so wall times swing with other people's load; CPU seconds (this process plus
its import workers, from ``getrusage``) swing much less and are the figure
to trust for "% added". Prints a table; percentages are "added to the plain
import".
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import sqlite3
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

import newsreader.search.keyword_scores as keyword_scores
import newsreader.search.keywords as keywords_module
import newsreader.store.importer as importer_module
import newsreader.store.prepare as prepare_module
from newsreader import Archive, keywords
from newsreader.store.prepare import PreparedFile

DATA = Path(__file__).resolve().parent / "data"
BATCH = 500


def ensure_corpus(articles: int, seed: int) -> Path:
    """The corpus folder: the shared cached one when complete, else our own copy.

    ``benchmarks.common`` keeps corpora under benchmarks/data/ with a manifest
    written last; we reuse a complete one, but never generate into its
    folder (another benchmark may be writing it right now).
    """
    from benchmarks.corpus import GENERATOR_VERSION, generate_corpus

    try:
        from benchmarks.common import corpus_dir

        shared = corpus_dir(articles, seed)
        if shared.with_suffix(".json").exists() and shared.is_dir():
            return shared
    except ImportError:
        pass
    out = DATA / f"kw-{articles}-{seed}-v{GENERATOR_VERSION}"
    marker = out / ".complete"
    if not marker.exists():
        info = generate_corpus(out, articles, seed)
        marker.write_text(info.to_json(), encoding="utf-8")
        print(
            f"generated {info.articles} articles, {info.bytes / 1e6:.1f} MB in {info.seconds:.1f} s"
        )
    return out


_plain_prepare = importer_module.prepare_file
# Articles ``_prepare_with_terms`` ran on, in any process: proof figure 2 timed something.
_terms_run = multiprocessing.Value("q", 0)
# Once the archive computes terms itself (prepare.py calls article_terms and
# stores pack_terms), "without keywords" means switching that call off.
_WIRED = hasattr(prepare_module, "article_terms")
_real_terms = getattr(prepare_module, "article_terms", keywords.article_terms)


def _no_terms(text: str, **_: object) -> Counter[str]:
    return Counter()


def _prepare_with_terms(*args: object) -> PreparedFile:
    """``prepare_file`` plus ``article_terms`` for each article (the terms are dropped).

    The articles are read from the prepared rows: the page goes back from
    the workers without its articles (an earlier version read
    ``prepared.page.articles``, found none, and timed nothing).
    """
    prepared = _plain_prepare(*args)  # type: ignore[arg-type]
    for article in prepared.articles:
        paragraphs = json.loads(str(article.row["paragraphs"] or "[]"))
        keywords.article_terms(keywords.keyword_text(str(article.row["title"] or ""), paragraphs))
    with _terms_run.get_lock():
        _terms_run.value += len(prepared.articles)
    return prepared


def _set_mode(with_terms: bool) -> None:
    """Switch keyword extraction on or off in the import (workers fork after this)."""
    if _WIRED:
        prepare_module.article_terms = _real_terms if with_terms else _no_terms  # type: ignore[attr-defined]
        importer_module.prepare_file = _plain_prepare
    else:
        importer_module.prepare_file = _prepare_with_terms if with_terms else _plain_prepare


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (import workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def time_import(
    corpus: Path,
    with_terms: bool,
    texts: list[str] | None = None,
    sample: int = 0,
    display: list[float] | None = None,
    shown: int = 0,
) -> tuple[float, float, int]:
    """(wall s, CPU s, articles) of a fresh import of ``corpus``.

    When ``texts`` is given, the keyword texts of the first ``sample``
    articles are read back into it (saves a separate import); when
    ``display`` is given, it receives ``time_shown`` on the new archive.
    """
    _set_mode(with_terms)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bench.db"
            with Archive.open(path) as archive:
                cpu = _cpu()
                started = time.perf_counter()
                report = archive.import_paths([corpus])
                seconds = time.perf_counter() - started
                cpu = _cpu() - cpu
                assert report.ok, report.failed[:3]
                if texts is not None:
                    for article in archive.articles():
                        texts.append(keywords.keyword_text(article.title, article.paragraphs))
                        if len(texts) >= sample:
                            break
                count = archive.count()
            if display is not None:
                display.extend(time_shown(path, shown))
            return seconds, cpu, count
    finally:
        _set_mode(True)


def time_shown(path: Path, shown: int) -> list[float]:
    """Seconds of ``Archive.keywords`` for the ``shown`` newest articles, as the reader
    calls it: a fresh read-only Archive each time, nothing counted before the first."""
    with Archive.open(path, read_only=True) as archive:
        ids = archive.list_ids(limit=shown)
    keywords_module.article_terms("预热")  # the segmenter's start-up is not the display's
    keyword_scores._FREQUENCIES.clear()
    out = []
    for article_id in ids:
        started = time.perf_counter()
        with Archive.open(path, read_only=True) as archive:
            archive.keywords(article_id)
        out.append(time.perf_counter() - started)
    return out


def shown_summary(times: list[float]) -> str:
    """ "first 172 ms, then median 38 / p90 53 ms (40 articles)"."""
    if not times:
        return "no articles"
    rest = sorted(times[1:]) or times
    p90 = rest[min(len(rest) - 1, int(0.9 * len(rest)))]
    return (
        f"first {times[0] * 1e3:.0f} ms, then median {statistics.median(rest) * 1e3:.0f}"
        f" / p90 {p90 * 1e3:.0f} ms ({len(times)} articles)"
    )


def time_terms(texts: list[str], backend: str) -> tuple[float, float]:
    """(init seconds, CPU seconds per article) of ``article_terms`` with ``backend``."""
    started = time.perf_counter()
    keywords._use_backend(backend)
    keywords.article_terms("初始化")
    init = time.perf_counter() - started
    started = time.process_time()
    for text in texts:
        keywords.article_terms(text)
    return init, (time.process_time() - started) / len(texts)


def time_storage(texts: list[str], packed: bool) -> tuple[float, int, int]:
    """CPU seconds per article to keep ``term_df`` (and, if ``packed``, each
    article's terms in one column); returns (s/article, bytes/article, terms)."""
    all_terms = [keywords.article_terms(t) for t in texts]
    size = 0
    with tempfile.TemporaryDirectory() as tmp:
        db = sqlite3.connect(Path(tmp) / "terms.db")
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("CREATE TABLE article_terms (article_id INTEGER PRIMARY KEY, terms TEXT)")
        db.execute("CREATE TABLE term_df (term TEXT PRIMARY KEY, df INTEGER) WITHOUT ROWID")
        started = time.process_time()
        for start in range(0, len(all_terms), BATCH):
            chunk = all_terms[start : start + BATCH]
            df: Counter[str] = Counter()
            with db:
                if packed:
                    rows = [(start + i, keywords.pack_terms(t)) for i, t in enumerate(chunk)]
                    size += sum(len(r[1].encode()) for r in rows)
                    db.executemany("INSERT INTO article_terms VALUES (?, ?)", rows)
                for terms in chunk:
                    df.update(terms.keys())
                db.executemany(
                    "INSERT INTO term_df VALUES (?, ?) "
                    "ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
                    df.items(),
                )
        seconds = time.process_time() - started
        (n_terms,) = db.execute("SELECT count(*) FROM term_df").fetchone()
        db.close()
    return seconds / len(all_terms), size // len(all_terms), n_terms


def time_display(texts: list[str]) -> float:
    """CPU seconds to show one article's keywords from its text (no stored terms)."""
    df: Counter[str] = Counter()
    for text in texts[:2000]:
        df.update(keywords.article_terms(text).keys())
    sample = texts[:500]
    started = time.process_time()
    for text in sample:
        keywords.top_keywords(keywords.article_terms(text), df, 2000)
    return (time.process_time() - started) / len(sample)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--jieba-sample", type=int, default=1000, help="articles timed with jieba")
    parser.add_argument("--sample", type=int, default=20_000, help="articles for steps 3-5")
    parser.add_argument("--shown", type=int, default=40, help="articles for step 6")
    parser.add_argument("--archive", type=Path, help="step 6 alone, on this archive (read-only)")
    parser.add_argument("--out", type=Path, help="also write the table to this Markdown file")
    args = parser.parse_args(argv)

    if args.archive is not None:
        with Archive.open(args.archive, read_only=True) as archive:
            n = archive.count()
        line = f"Archive.keywords on {args.archive.name} ({n:,} articles): "
        print(line + shown_summary(time_shown(args.archive, args.shown)))
        return

    corpus = ensure_corpus(args.articles, args.seed)
    plain_runs, terms_runs = [], []
    texts: list[str] = []
    shown: list[float] = []
    for i in range(args.repeat):  # interleaved, so drifting load hits both alike
        first = i == 0
        plain_runs.append(
            time_import(
                corpus,
                False,
                texts if first else None,
                args.sample,
                shown if first else None,
                args.shown,
            )
        )
        _terms_run.value = 0
        terms_runs.append(time_import(corpus, True))
        if not _WIRED:  # every article went through article_terms, in whichever process
            assert _terms_run.value == terms_runs[-1][2], (_terms_run.value, terms_runs[-1][2])
    n = plain_runs[0][2]
    wall0, cpu0 = min(r[0] for r in plain_runs), min(r[1] for r in plain_runs)
    wall1, cpu1 = min(r[0] for r in terms_runs), min(r[1] for r in terms_runs)
    chars = statistics.mean(len(t) for t in texts)

    def pct(extra: float, base: float) -> str:
        return f"{extra / base * 100:+.1f}%"

    rows: list[tuple[str, str, str]] = [
        ("", "wall", "CPU (all processes)"),
        (
            "import, no keywords",
            f"{n / wall0:,.0f} art/s",
            f"{cpu0 / n * 1e6:.0f} µs/art",
        ),
        (
            "keywords' share of the import as built",
            "0% (nothing at import)" if not _WIRED else "see next line",
            "",
        ),
        (
            "import + keywords (stored)" if _WIRED else "import + article_terms in prepare",
            f"{n / wall1:,.0f} art/s ({pct(wall1 - wall0, wall0)})",
            f"{cpu1 / n * 1e6:.0f} µs/art ({pct(cpu1 - cpu0, cpu0)})",
        ),
    ]
    base = cpu0 / n
    serial: dict[str, float] = {}
    for backend in ("rjieba", "jieba"):
        sample = texts if backend == "rjieba" else texts[: args.jieba_sample]
        try:
            init, per = min(time_terms(sample, backend) for _ in range(args.repeat))
        except ImportError:
            rows.append((f"article_terms [{backend}]", "not installed", ""))
            continue
        serial[backend] = per
        rows.append(
            (
                f"article_terms [{backend}] alone",
                f"init {init:.2f} s",
                f"{per * 1e6:.0f} µs/art ({pct(per, base)})",
            )
        )
        if backend == "rjieba":
            started = time.process_time()
            for text in texts:
                keywords.article_term_set(text)
            per_set = (time.process_time() - started) / len(texts)
            rows.append(
                (
                    "article_term_set [rjieba] alone",
                    "",
                    f"{per_set * 1e6:.0f} µs/art ({pct(per_set, base)})",
                )
            )
    keywords._cut = None
    df_only, _, n_terms = time_storage(texts, packed=False)
    with_column, packed, _ = time_storage(texts, packed=True)
    rows.append(
        (
            "term_df upsert only",
            f"{n_terms:,} terms in {len(texts):,} art",
            f"{df_only * 1e6:.0f} µs/art ({pct(df_only, base)})",
        )
    )
    rows.append(
        (
            "term_df + packed terms column",
            f"{packed} B/art",
            f"{with_column * 1e6:.0f} µs/art ({pct(with_column, base)})",
        )
    )
    best = serial.get("rjieba", serial.get("jieba", 0.0))
    rows.append(("terms + term_df only, total", "", pct(best + df_only, base)))
    rows.append(("terms + term_df + column, total", "", pct(best + with_column, base)))
    rows.append(("display: terms + top_keywords", f"{time_display(texts) * 1e6:.0f} µs", ""))
    rows.append(("display: Archive.keywords (index counts)", shown_summary(shown), ""))

    title = f"keywords benchmark: {n:,} articles, {chars:,.0f} chars/article, seed {args.seed}"
    print(f"\n{title}")
    width = max(len(r[0]) for r in rows)
    mid = max(len(r[1]) for r in rows)
    for name, value, added in rows:
        print(f"  {name:<{width}}  {value:<{mid}}  {added}")
    if args.out is not None:
        write_markdown(args.out, title, rows)


def write_markdown(path: Path, title: str, rows: list[tuple[str, str, str]]) -> None:
    """The table as Markdown, with when and where it was measured."""
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    lines = [
        f"# {title}",
        "",
        f"`python -m benchmarks.bench_keywords`, {stamp}, {os.cpu_count()} CPUs, "
        f"segmenter {keywords.backend()}. Percentages are added to the plain import.",
        "",
        f"| | {rows[0][1]} | {rows[0][2]} |",
        "|---|---|---|",
        *(f"| {name} | {value} | {added} |" for name, value, added in rows[1:]),
        "",
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
