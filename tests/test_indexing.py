"""The two stages of an import: articles are stored first, then indexed from the queue."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from newsreader import Archive
from newsreader.features.maintenance import check_archive
from newsreader.store import indexer
from newsreader.store.entries import queued_entries
from newsreader.store.schema import SCHEMA_VERSION, ArchiveError


def page(n: int, word: str = "滨河公园") -> str:
    return (
        f"> 《测试日报》（2024年03月{n % 28 + 1:02d}日第 01 版）\n\n"
        f"## 第{n}篇 {word}开放\n\n本报讯 城东新建的{word}今天开放，市民可以免费入园。\n\n"
        f"## 第{n}篇 地铁试运行\n\n本报讯 地铁三号线开始试运行，全程约四十分钟。\n\n记者 李明\n"
    )


def write_pages(folder: Path, count: int, word: str = "滨河公园") -> None:
    folder.mkdir(exist_ok=True)
    for n in range(count):
        (folder / f"p{n:03d}.md").write_text(page(n, word), encoding="utf-8")


def store_only(archive: Archive, monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Import ``folder`` as if the process died right after storing (nothing indexed)."""
    with monkeypatch.context() as patch:
        patch.setattr(Archive, "index_pending", lambda self, *args, **kwargs: 0)
        assert archive.import_paths([folder], workers=1).ok


def test_an_import_leaves_nothing_queued_and_times_both_stages(
    archive: Archive, tmp_path: Path
) -> None:
    write_pages(tmp_path / "in", 3)
    report = archive.import_paths([tmp_path / "in"])
    assert report.articles_added == 6
    assert report.store_seconds > 0 and report.index_seconds > 0
    assert archive.pending_index() == 0
    assert archive.search("滨河").total == 3


def test_queued_articles_are_listed_but_not_found_until_indexed(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_pages(tmp_path / "in", 3)
    store_only(archive, monkeypatch, tmp_path / "in")
    assert archive.count() == 6 and archive.pending_index() == 6
    assert archive.search("滨河").total == 0
    problems = check_archive(archive.path)
    assert problems == [
        "search: 6 stored articles are not indexed yet (an import was interrupted); "
        "`newsreader import` finishes indexing them"
    ]
    # The next import, even with nothing changed, finishes the queue.
    report = archive.import_paths([tmp_path / "in"])
    assert len(report.unchanged) == 3
    assert archive.pending_index() == 0
    assert archive.search("滨河").total == 3
    assert archive.search("滨").total == 3  # one-character counts (char_df) follow
    assert check_archive(archive.path) == []


def test_entries_made_before_a_change_are_not_written(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tokens read from an article that was replaced before they were written
    (another process re-imported its file) are dropped: the nonce differs."""
    folder = tmp_path / "in"
    write_pages(folder, 1)
    store_only(archive, monkeypatch, folder)
    docs = [row[0] for row in archive.db.execute("SELECT doc FROM index_queue")]
    stale = queued_entries(archive.db, docs)
    write_pages(folder, 1, word="植物园")
    store_only(archive, monkeypatch, folder)
    assert indexer.write_index(archive.db, iter([stale])) == 0
    assert archive.index_pending() == 2
    assert archive.search("滨河").total == 0
    assert archive.search("植物园").total == 1
    # One-character counts come from char_df: the dropped entry added nothing.
    assert (archive.search("滨").total, archive.search("植").total) == (0, 1)
    assert check_archive(archive.path) == []


def test_deleting_queued_articles_touches_no_index(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A queued article was never indexed: deleting it must not hand FTS5 a
    'delete' for tokens it does not hold (that would corrupt its counts)."""
    folder = tmp_path / "in"
    write_pages(folder, 2)
    assert archive.import_paths([folder]).ok  # p000 and p001 indexed
    (folder / "p002.md").write_text(page(2), encoding="utf-8")
    store_only(archive, monkeypatch, folder)  # p002 queued
    (folder / "p002.md").unlink()
    (folder / "p001.md").unlink()
    report = archive.import_paths([folder])
    assert sorted(Path(p).name for p in report.removed) == ["p001.md", "p002.md"]
    assert archive.pending_index() == 0
    assert archive.search("滨河").total == 1
    assert archive.search("滨").total == 1
    assert check_archive(archive.path) == []


def test_indexing_in_worker_processes_matches_indexing_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(indexer, "BULK_ARTICLES", 40)
    monkeypatch.setattr(indexer, "INDEX_CHUNK", 7)
    monkeypatch.setattr(indexer, "INDEX_BATCH", 30)
    write_pages(tmp_path / "in", 30)
    results = []
    for workers in (1, 2):
        with Archive.open(tmp_path / f"w{workers}.db") as archive:
            assert archive.import_paths([tmp_path / "in"], workers=workers).ok
            assert archive.pending_index() == 0
            results.append(
                (
                    [archive.search(q).total for q in ("滨河", "滨", "第2", "li", "记者:李明")],
                    archive.db.execute("SELECT ch, df FROM char_df ORDER BY ch").fetchall(),
                )
            )
            assert check_archive(archive.path) == []
    assert results[0] == results[1]
    assert results[0][0] == [30, 30, 22, 30, 30]


def test_indexing_commits_a_batch_at_a_time_as_chunks_arrive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each transaction takes whole chunks until it holds INDEX_BATCH articles,
    then commits; the last one takes what is left. Progress is told per chunk."""
    monkeypatch.setattr(indexer, "BULK_ARTICLES", 20)
    monkeypatch.setattr(indexer, "INDEX_CHUNK", 4)
    monkeypatch.setattr(indexer, "INDEX_BATCH", 10)
    write_pages(tmp_path / "in", 25)  # two articles a page
    steps: list[int] = []
    batches: list[int] = []
    write_index = indexer.write_index

    def recording(db: sqlite_utils.Database, chunks: Any) -> int | None:
        written = write_index(db, chunks)
        if written is not None:
            batches.append(written)
        return written

    monkeypatch.setattr(indexer, "write_index", recording)

    def progress(done: int, total: int, label: str) -> None:
        if label == indexer.INDEXING:
            steps.append(done)

    with Archive.open(tmp_path / "a.db") as archive:
        assert archive.import_paths([tmp_path / "in"], workers=2, progress=progress).ok
        assert archive.pending_index() == 0
        assert archive.count() == 50 and archive.search("滨河").total == 25
        assert check_archive(archive.path) == []
    # 50 articles in chunks of 4: batches of 12 (three chunks), and the last 2.
    assert batches == [12, 12, 12, 12, 2]
    assert steps == [0, *range(4, 50, 4), 50]


@pytest.mark.parametrize("version", [1, 2])
def test_an_older_archive_is_migrated_and_indexed_again(tmp_path: Path, version: int) -> None:
    """v3 marks page and pinyin tokens: older indexes are made anew and every
    article is queued, so search finds them all again once indexed."""
    db = tmp_path / "old.db"
    write_pages(tmp_path / "in", 2)
    with Archive.open(db) as archive:
        archive.import_paths([tmp_path / "in"])
    conn = sqlite3.connect(db)
    # The index tables as v1 and v2 had them (their rows do not matter: v3 drops them).
    for table in ("search_index", "title_index"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5(body, title, section, people, page, "
        "content='', prefix='1')"
    )
    conn.execute("CREATE VIRTUAL TABLE title_index USING fts5(title, content='', prefix='1')")
    conn.execute("CREATE VIRTUAL TABLE pinyin_index USING fts5(keys, content='', prefix='1')")
    if version == 1:
        conn.execute("DROP TABLE index_queue")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    with Archive.open(db) as archive:
        assert archive.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
        assert "pinyin_index" not in archive.db.table_names()
        assert archive.pending_index() == 4
        assert archive.search("滨河").total == 0  # not indexed yet
        assert archive.index_pending() == 4
        queries = ("滨河", "滨", "section:第01版", "section:01", "binhe", "lm")
        assert [archive.search(q).total for q in queries] == [2, 2, 4, 4, 2, 2]
        assert check_archive(archive.path) == []


def test_a_failed_index_write_leaves_no_count_behind(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rolled-back index transaction must not leak its character counts
    into the next one (one-character totals would be off for good)."""
    write_pages(tmp_path / "in", 3)
    store_only(archive, monkeypatch, tmp_path / "in")

    def broken(db: object, entry: object, *, delete: bool = False) -> None:
        raise OSError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(indexer, "index_rows", broken)
        with pytest.raises(OSError):
            archive.index_pending()
    assert archive.pending_index() == 6
    assert archive.index_pending() == 6
    assert (archive.search("滨").total, archive.search("铁").total) == (3, 3)
    assert check_archive(archive.path) == []


def test_a_bulk_import_merges_each_index_to_one_segment_in_small_steps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(indexer, "BULK_ARTICLES", 40)
    monkeypatch.setattr(indexer, "INDEX_CHUNK", 5)
    monkeypatch.setattr(indexer, "INDEX_BATCH", 5)  # many segments to merge
    monkeypatch.setattr(indexer, "MERGE_STEP_PAGES", 1)
    steps: list[str] = []
    merge_step = indexer.merge_step

    def counted(db: sqlite_utils.Database, table: str) -> bool:
        steps.append(table)
        return merge_step(db, table)

    monkeypatch.setattr(indexer, "merge_step", counted)
    write_pages(tmp_path / "in", 45)
    with Archive.open(tmp_path / "a.db") as archive:
        assert archive.import_paths([tmp_path / "in"], workers=1).ok
        # More than one step per table: the lock was released in between.
        assert steps.count("search_index") > 2
        # Merged to the end: one more step finds nothing left to do.
        for table in indexer.FTS_TABLES:
            assert not merge_step(archive.db, table)
        assert [archive.search(q).total for q in ("滨河", "滨", "li", "记者:李明")] == [45] * 4
        assert check_archive(archive.path) == []


def test_an_older_archive_opened_read_only_is_refused_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    write_pages(tmp_path / "in", 1)
    with Archive.open(db) as archive:
        archive.import_paths([tmp_path / "in"])
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    with pytest.raises(ArchiveError) as raised:
        Archive.open(db, read_only=True)
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(f"{db}: archive schema v2 is older than this newsreader (v4)")


def test_search_from_the_cli_says_when_articles_are_not_indexed_yet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from newsreader.cli.main import cli

    db = tmp_path / "a.db"
    write_pages(tmp_path / "in", 2)
    with Archive.open(db) as archive:
        store_only(archive, monkeypatch, tmp_path / "in")
    result = CliRunner().invoke(cli, ["search", "--db", str(db), "滨河"], obj={})
    assert result.exit_code == 0
    assert result.stderr == (
        "newsreader: 4 articles are not in the search index yet; "
        "`newsreader import` finishes indexing them\n"
    )
    with Archive.open(db) as archive:
        archive.index_pending()
    result = CliRunner().invoke(cli, ["search", "--db", str(db), "滨河"], obj={})
    assert result.stderr == ""
