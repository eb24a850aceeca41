"""The search index writer alone: FTS5's cost an article, without parsing or storing.

Why the import stays under issue 3's 1,000 articles/s: this isolates the one
part that runs in the single writing process. Articles are read from an
archive ``make bench`` built, turned into index entries up front (the
workers' job, not timed), then written into a fresh search index the way an
import writes them (the archive's own table definition and settings,
``INDEX_BATCH`` articles a transaction, then the stepwise merge), and timed
with this process's CPU clock, so other people's load on the machine moves
the figure little.

    python -m benchmarks.bench_fts_writer [--archive PATH] [--articles 8000]
        [--variants current,no-prefix,unigrams,batch-2000] [--writers 1,2,1]

Variants change one thing against the archive's own settings: ``no-prefix``
drops the one-character prefix index (what exact one-character search
costs), ``unigrams`` drops it too but serves one-character terms another
exact way (each column's distinct characters appended as one-character
tokens, a segment's last character no longer a token of its own: the
cheapest exact alternative we found), ``batch-N`` writes N articles a
transaction.

``--writers 1,2,1`` instead times what several writers would give: the same
articles split among that many processes, each tokenizing its share and
writing it into an index file of its own (one SQLite file has one writer at
a time, so this is the only way to a second writing core). Wall time, all
processes at once.
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from multiprocessing import get_context
from pathlib import Path

from benchmarks.common import DATA_DIR
from newsreader.index.tokens import BOUNDARY, COLUMNS, PAGE_MARK, PINYIN_MARK, tokenizer_clause
from newsreader.store.entries import TEXT_COLUMNS_SQL, IndexEntry, article_from_texts, index_entry
from newsreader.store.indexer import INDEX_BATCH, MERGE_STEP_PAGES
from newsreader.store.schema import FTS_HASH_BYTES

DEFAULT_ARCHIVE = DATA_DIR / "archive-100000-s2023-v2.db"


def read_entries(archive: Path, count: int, skip: int = 0) -> list[IndexEntry]:
    """The index entries of the archive's oldest ``count`` articles after ``skip``, in key order."""
    db = sqlite3.connect(f"file:{archive}?mode=ro", uri=True)
    try:
        rows = db.execute(
            f"SELECT a.doc, {TEXT_COLUMNS_SQL} FROM articles a ORDER BY a.doc LIMIT ? OFFSET ?",
            [count, skip],
        ).fetchall()
    finally:
        db.close()
    return [index_entry(doc, 0, article_from_texts(*texts)) for doc, *texts in rows]


def _one_writer(archive: Path, count: int, skip: int, path: Path) -> None:
    """One of ``several_writers``: tokenize a share and write it (timed by the caller)."""
    write_index(read_entries(archive, count, skip), path, True, INDEX_BATCH)


def several_writers(archive: Path, articles: int, writers: int, scratch: Path) -> float:
    """Articles a second when ``writers`` processes tokenize and write shares at once.

    Reading the rows is inside the timing, as an import's workers read them too.
    """
    share = articles // writers
    context = get_context("spawn")
    processes = [
        context.Process(
            target=_one_writer, args=(archive, share, n * share, scratch / f"writer{n}.db")
        )
        for n in range(writers)
    ]
    started = time.perf_counter()
    for process in processes:
        process.start()
    for process in processes:
        process.join()
        if process.exitcode:
            raise SystemExit(f"a writer process failed (exit {process.exitcode})")
    return share * writers / (time.perf_counter() - started)


def with_distinct_unigrams(entry: IndexEntry) -> IndexEntry:
    """``entry`` re-tokenized for the ``unigrams`` variant (see the module's docstring)."""
    marks = ("", "", "", "", PAGE_MARK, PINYIN_MARK)
    columns = []
    for tokens, mark in zip(entry.columns, marks, strict=True):
        kept = [t for t in tokens.split(" ") if t and (t == BOUNDARY or len(t) == len(mark) + 2)]
        chars = {c for t in kept if t != BOUNDARY for c in t[len(mark) :]}
        chars.update(t[len(mark) :] for t in tokens.split(" ") if len(t) == len(mark) + 1)
        chars.discard(BOUNDARY)
        unigrams = " ".join(mark + c for c in sorted(chars))
        columns.append(" ".join(kept) + (f" {BOUNDARY} {unigrams}" if unigrams else ""))
    return IndexEntry(entry.doc, entry.nonce, tuple(columns), entry.chars)  # type: ignore[arg-type]


def write_index(entries: list[IndexEntry], path: Path, prefix: bool, batch: int) -> dict:
    """Write ``entries`` into a fresh index at ``path``; CPU milliseconds an article per step."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA cache_size = -131072")
    options = "prefix='1', " if prefix else ""
    db.execute(
        f"CREATE VIRTUAL TABLE s USING fts5({', '.join(COLUMNS)}, content='', {options}"
        f"columnsize=1, detail=full, tokenize={tokenizer_clause()})"
    )
    for setting, value in (("pgsz", 4050), ("automerge", 0), ("hashsize", FTS_HASH_BYTES)):
        db.execute("INSERT INTO s(s, rank) VALUES(?, ?)", [setting, value])
    insert = f"INSERT INTO s(rowid, {', '.join(COLUMNS)}) VALUES (?{', ?' * len(COLUMNS)})"
    clock = time.process_time
    inserting = committing = 0.0
    for start in range(0, len(entries), batch):
        db.execute("BEGIN IMMEDIATE")
        began = clock()
        for entry in entries[start : start + batch]:
            db.execute(insert, [entry.doc, *entry.columns])
        ended = clock()
        db.execute("COMMIT")
        inserting += ended - began
        committing += clock() - ended
    began = clock()
    while True:
        changes = db.total_changes
        db.execute("INSERT INTO s(s, rank) VALUES('merge', ?)", [-MERGE_STEP_PAGES])
        if db.total_changes - changes < 2:
            break
    merging = clock() - began
    size = db.execute("SELECT sum(length(block)) FROM s_data").fetchone()[0]
    db.close()
    per = 1000 / len(entries)
    return {
        "insert": inserting * per,
        "commit": committing * per,
        "merge": merging * per,
        "total": (inserting + committing + merging) * per,
        "index_mb": size / 1e6,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, default=DEFAULT_ARCHIVE)
    parser.add_argument("--articles", type=int, default=8000)
    parser.add_argument(
        "--variants", default=f"current,no-prefix,unigrams,batch-{INDEX_BATCH // 2}"
    )
    parser.add_argument("--writers", help="e.g. 1,2,1: time that many parallel writers instead")
    args = parser.parse_args()
    if args.writers:
        print(f"{args.articles:,} articles from {args.archive.name}, tokenized and written")
        print("| writer processes | articles/s (tokenize + write + merge, wall) |")
        print("|---:|---:|")
        with tempfile.TemporaryDirectory(dir=DATA_DIR) as scratch:
            for run, writers in enumerate(map(int, args.writers.split(","))):
                folder = Path(scratch) / f"run{run}"
                folder.mkdir()
                rate = several_writers(args.archive, args.articles, writers, folder)
                print(f"| {writers} | {rate:,.0f} |", flush=True)
        return
    entries = read_entries(args.archive, args.articles)
    tokens = sum(entry.columns[0].count(" ") + 1 for entry in entries) / len(entries)
    print(f"{len(entries):,} articles from {args.archive.name}, ~{tokens:,.0f} body tokens each")
    print("| variant | insert | commit | merge | total ms/article | articles/s | index MB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    unigram_entries = [with_distinct_unigrams(entry) for entry in entries]
    with tempfile.TemporaryDirectory(dir=DATA_DIR) as scratch:
        for run, variant in enumerate(args.variants.split(",")):
            prefix = variant not in ("no-prefix", "unigrams")
            batch = int(variant.split("-")[1]) if variant.startswith("batch-") else INDEX_BATCH
            written = unigram_entries if variant == "unigrams" else entries
            got = write_index(written, Path(scratch) / f"run{run}.db", prefix, batch)
            print(
                f"| {variant} | {got['insert']:.3f} | {got['commit']:.3f} | {got['merge']:.3f} "
                f"| {got['total']:.3f} | {1000 / got['total']:,.0f} | {got['index_mb']:.0f} |"
            )


if __name__ == "__main__":
    main()
