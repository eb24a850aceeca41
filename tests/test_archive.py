"""The archive: import, incremental re-import, user state, failures, schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsreader import Archive, ArchiveError
from newsreader.models import SectionKey
from newsreader.store.schema import SCHEMA_VERSION

PAGE_A = """# 晨报 第01版

## 市区新建公园开放

本报讯 城东新建的滨河公园今天开放,市民可以免费入园。

记者 李明

## 地铁三号线试运行

本报讯 地铁三号线开始试运行,全程约四十分钟。

记者 王芳 通讯员 赵强
"""

PAGE_B = """---
date: 2023-10-12
publication: 晚报
section: 第02版
section_name: 经济
---

## 本地企业出口增长

今年前三季度,本地企业出口额同比增长百分之十二。
"""


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def test_sample_page_imports_four_articles(sample_archive: Archive) -> None:
    articles = list(sample_archive.articles())
    assert len(articles) == 4
    assert articles[3].title.endswith("高新区全力推动群众回迁和保交楼工作")
    assert sample_archive.stats()["articles"] == 4


def test_article_round_trips_through_storage(tmp_path: Path, archive: Archive) -> None:
    write(tmp_path / "in", "b.md", PAGE_B)
    archive.import_paths([tmp_path / "in"])
    (article,) = archive.articles()
    again = archive.article(article.id)
    assert again == article
    assert article.date == "2023-10-12"
    assert article.publication == "晚报"
    assert article.page == "第02版"
    assert article.section == "经济"
    assert article.paragraphs == ("今年前三季度,本地企业出口额同比增长百分之十二。",)
    assert archive.source_path(article.id).endswith("b.md")


def test_reimport_is_idempotent_and_skips_unchanged(tmp_path: Path, archive: Archive) -> None:
    folder = tmp_path / "in"
    write(folder, "a.md", PAGE_A)
    write(folder, "b.md", PAGE_B)
    first = archive.import_paths([folder])
    assert len(first.added) == 2 and first.articles_added == 3
    ids = [a.id for a in archive.articles()]
    second = archive.import_paths([folder])
    assert second.added == () and second.updated == ()
    assert len(second.unchanged) == 2 and second.articles_added == 0
    assert [a.id for a in archive.articles()] == ids


def test_state_survives_reimport_of_a_changed_file(tmp_path: Path, archive: Archive) -> None:
    folder = tmp_path / "in"
    path = write(folder, "a.md", PAGE_A)
    archive.import_paths([folder])
    park, metro = archive.articles()
    archive.set_starred(metro.id)
    archive.set_read(park.id)
    path.write_text(PAGE_A.replace("四十分钟", "三十五分钟"), encoding="utf-8")
    report = archive.import_paths([folder])
    assert len(report.updated) == 1 and report.articles_removed == 2
    park2, metro2 = archive.articles()
    assert "三十五分钟" in metro2.paragraphs[0]
    assert metro2.starred and not metro2.read
    assert park2.read and not park2.starred
    assert archive.search("三十五").total == 1
    assert archive.search("四十分钟").total == 0


def test_files_that_disappear_from_a_folder_are_removed(tmp_path: Path, archive: Archive) -> None:
    folder = tmp_path / "in"
    write(folder, "a.md", PAGE_A)
    gone = write(folder, "sub/b.md", PAGE_B)
    archive.import_paths([folder])
    assert archive.count() == 3
    gone.unlink()
    report = archive.import_paths([folder])
    assert report.removed == (str(gone.resolve()),)
    assert archive.count() == 2
    assert archive.search("出口").total == 0
    assert archive.roots() == [str(folder.resolve())]


def test_bad_files_fail_alone_with_a_reason(tmp_path: Path, archive: Archive) -> None:
    folder = tmp_path / "in"
    write(folder, "good.md", PAGE_A)
    (folder / "binary.md").write_bytes(bytes(range(256)) * 8)
    report = archive.import_paths([folder, tmp_path / "missing.md"])
    assert len(report.added) == 1
    reasons = dict(report.failed)
    assert "binary" in reasons[str((folder / "binary.md").resolve())]
    assert "no such file" in reasons[str(tmp_path / "missing.md")]
    assert archive.count() == 2


def test_gb18030_and_big5_pages_are_searchable(tmp_path: Path, archive: Archive) -> None:
    folder = tmp_path / "in"
    write(folder, "gb.md", "## 经济快讯\n\n本市经济普查工作全面展开,各单位积极配合。\n", "gb18030")
    write(folder, "big5.md", "## 經濟新聞\n\n本市經濟發展穩定,各項指標良好。\n", "big5")
    report = archive.import_paths([folder])
    assert report.ok, report.failed
    assert archive.search("经济").total == 2
    assert archive.search("經濟普查").total == 1


def test_state_and_settings_persist(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write(folder, "a.md", PAGE_A)
    with Archive.open(tmp_path / "n.db") as archive:
        archive.import_paths([folder])
        first = next(archive.articles())
        archive.set_starred(first.id)
        archive.set_setting("last", {"section": ["all"], "article": first.id})
    with Archive.open(tmp_path / "n.db") as archive:
        assert archive.article(first.id).starred
        assert archive.get_setting("last") == {"section": ["all"], "article": first.id}
        assert archive.get_setting("missing", 7) == 7
        assert archive.list_ids(SectionKey("starred")) == [first.id]
        assert len(archive.list_ids(SectionKey("unread"))) == 2


def test_list_ids_newest_first_then_file_order(tmp_path: Path, archive: Archive) -> None:
    folder = tmp_path / "in"
    write(folder, "a.md", PAGE_A)
    write(folder, "b.md", PAGE_B)
    archive.import_paths([folder])
    rows = archive.rows(archive.list_ids())
    assert [r.title for r in rows] == ["本地企业出口增长", "市区新建公园开放", "地铁三号线试运行"]
    assert rows[1].reporter == "李明"


def test_sections_tree_counts(tmp_path: Path, archive: Archive) -> None:
    folder = tmp_path / "in"
    write(folder, "a.md", PAGE_A)
    write(folder, "b.md", PAGE_B)
    archive.import_paths([folder])
    nodes = {n.label: n for n in archive.sections()}
    assert nodes["All"].count == 3
    assert nodes["Unread"].count == 3
    reporters = {n.label: n.count for n in nodes["Reporters"].children}
    assert reporters == {"李明": 1, "王芳": 1}
    editions = nodes["Editions"].children
    assert {e.label for e in editions} >= {"晚报"}
    with_query = {n.label: n for n in archive.sections("地铁")}
    assert with_query["All"].count == 1
    assert {n.label: n.count for n in with_query["Reporters"].children} == {"王芳": 1}
    scoped = archive.search("本报讯", scope=SectionKey("reporter", ("李明",)))
    assert scoped.total == 1


def test_not_sqlite_gives_one_line_error(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(ArchiveError) as info:
        Archive.open(bogus)
    assert "\n" not in str(info.value) and "bogus.db" in str(info.value)


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    Archive.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(ArchiveError, match="newer"):
        Archive.open(path)


def test_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(ArchiveError, match="not a newsreader archive"):
        Archive.open(path)


def test_parallel_import_matches_serial(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    for n in range(30):
        write(folder, f"p{n:02}.md", PAGE_A.replace("晨报", f"晨报{n}"))
    with Archive.open(tmp_path / "serial.db") as serial:
        serial.import_paths([folder], workers=1)
        expected = [(a.title, a.paragraphs, a.bylines) for a in serial.articles()]
    with Archive.open(tmp_path / "parallel.db") as parallel:
        report = parallel.import_paths([folder], workers=2)
        assert len(report.added) == 30
        got = [(a.title, a.paragraphs, a.bylines) for a in parallel.articles()]
        assert parallel.search("地铁").total == 30
    assert got == expected


def test_feed_files_import_as_feeds_with_warnings(tmp_path: Path, archive: Archive) -> None:
    folder = Path(__file__).parent / "fixtures" / "feeds"
    report = archive.import_paths([folder / "rss2.xml", folder / "truncated.xml"])
    assert report.ok, report.failed
    kinds = {row[0] for row in archive.db.execute("SELECT kind FROM sources")}
    assert kinds == {"feed"}
    assert any("truncated.xml" in path for path, _ in report.warnings)


def test_keywords_follow_document_frequencies(tmp_path: Path, archive: Archive) -> None:
    folder = tmp_path / "in"
    write(folder, "a.md", PAGE_A)
    sample = Path(__file__).parent.parent / "content" / "zhengzhou-high-tech-zone-page.md"
    write(folder, "sample.md", sample.read_text(encoding="utf-8"))
    archive.import_paths([folder])
    housing = archive.search("保交楼").hits[0].id
    scores = dict(archive.keywords(housing))
    assert "保交楼" in scores and "安置房" in scores
    # 高新区 is in every article of the page: a rarer word of the same count ranks higher
    alone = dict(archive.keywords(housing, k=200))
    write(folder, "more.md", "\n".join(f"## 安置房消息{n}\n\n安置房建设。\n" for n in range(6)))
    archive.import_paths([folder])
    after = dict(archive.keywords(housing, k=200))
    assert after["安置房"] < alone["安置房"]  # more articles have it now: it says less
    assert archive.keywords(99_999) == []


def test_query_scopes_dates_and_feed_sections(tmp_path: Path, archive: Archive) -> None:
    folder = tmp_path / "in"
    write(folder, "a.md", PAGE_A)
    write(folder, "b.md", PAGE_B)
    archive.import_paths([folder, Path(__file__).parent / "fixtures" / "feeds" / "rss2.xml"])
    topic = SectionKey("topic", ("交通", "地铁 OR 公园"))
    assert archive.count_matches("本报讯", scope=topic) == 2
    assert archive.count_matches("地铁 OR 公园") == 2
    assert len(archive.list_ids(topic)) == 2
    assert archive.dates("出口") == ["2023-10-12"]
    assert archive.dates("地铁") == []  # undated articles have no place on a time line
    nodes = {n.label: n for n in archive.sections()}
    (feed,) = nodes["Feeds"].children
    assert feed.count == len(archive.list_ids(feed.key)) > 0


def test_full_days_spill_into_the_next_range(
    tmp_path: Path, archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsreader.store import importer

    monkeypatch.setattr(importer, "DOC_DAY_SHIFT", 2)  # four keys a day
    folder = tmp_path / "in"
    for day in ("2023-10-01", "2023-10-02"):
        body = "\n".join(f"## {day}第{n}条\n\n正文{n}。\n" for n in range(6))
        write(folder, f"{day}.md", f"---\ndate: {day}\n---\n{body}")
    write(folder, "undated.md", "\n".join(f"## 无日期{n}\n\n正文。\n" for n in range(9)))
    report = archive.import_paths([folder])
    assert report.ok and report.articles_added == 21
    docs = [row[0] for row in archive.db.execute("SELECT doc FROM articles")]
    assert len(set(docs)) == 21
    titles = [r.title for r in archive.rows(archive.list_ids())]
    # newest first: every 10-02 article before any 10-01 one, undated last
    assert titles[:6] == [f"2023-10-02第{n}条" for n in range(6)]
    assert titles[6:12] == [f"2023-10-01第{n}条" for n in range(6)]
    assert [t[:3] for t in titles[12:]] == ["无日期"] * 9
    assert archive.search("正文").total == 21


def test_single_character_counts_follow_changes(tmp_path: Path, archive: Archive) -> None:
    """One-character counts come from char_df; they must track edits and deletions."""
    from newsreader.text import fold

    folder = tmp_path / "in"
    path = write(folder, "a.md", PAGE_A)
    write(folder, "b.md", PAGE_B)
    archive.import_paths([folder])
    path.write_text(PAGE_A.replace("公园", "广场").replace("地铁", "轻轨"), encoding="utf-8")
    archive.import_paths([folder])
    (folder / "b.md").unlink()
    archive.import_paths([folder])
    articles = list(archive.articles())
    for ch in "公园广场地铁轻轨出口的本记ＡA":
        expected = sum(
            any(fold(ch) in fold(text) for _f, _i, text in a.text_fields()) for a in articles
        )
        assert archive.search(ch).total == expected, ch


def test_the_wal_shrinks_back_after_a_big_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a checkpoint the next write truncates the WAL to the limit (a 1M
    import had grown it past 1 GB, and it kept that size)."""
    from newsreader.store import schema as store

    monkeypatch.setattr(store, "WAL_LIMIT_BYTES", 1 << 20)
    with Archive.open(tmp_path / "a.db") as archive:
        db = archive.db
        db.execute("CREATE TABLE filler (x BLOB)")
        db.execute("BEGIN IMMEDIATE")
        db.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100) "
            "INSERT INTO filler SELECT randomblob(100000) FROM n"
        )
        db.execute("COMMIT")
        wal = tmp_path / "a.db-wal"
        assert wal.stat().st_size > 5 << 20
        db.execute("PRAGMA wal_checkpoint(PASSIVE)")
        db.execute("INSERT INTO filler VALUES (x'00')")  # restarts the WAL from the top
        assert wal.stat().st_size <= 1 << 20


def test_a_folder_import_picks_up_every_feed_suffix(tmp_path: Path, archive: Archive) -> None:
    rss = (Path(__file__).parent / "fixtures" / "feeds" / "rss2.xml").read_bytes()
    folder = tmp_path / "in"
    folder.mkdir()
    for suffix in (".xml", ".rss", ".feed"):
        (folder / f"news{suffix}").write_bytes(rss)
    report = archive.import_paths([folder])
    assert report.ok, report.failed
    assert sorted(Path(p).name for p in report.added) == ["news.feed", "news.rss", "news.xml"]


def test_freed_pages_are_not_zeroed_through_the_wal(tmp_path: Path) -> None:
    """SQLite builds with SECURE_DELETE write every freed page again (as zeros):
    FTS5 merges free whole segments. Archive connections free pages without that."""
    import os

    from newsreader.store.schema import connect

    path = tmp_path / "a.db"
    db = connect(path)
    db.execute("CREATE TABLE filler (x BLOB)")
    db.execute("BEGIN")
    db.conn.executemany("INSERT INTO filler VALUES (zeroblob(3000))", [()] * 2000)
    db.execute("COMMIT")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    db.execute("BEGIN")
    db.execute("DROP TABLE filler")
    db.execute("COMMIT")
    written = os.path.getsize(f"{path}-wal") // page_size
    db.close()
    assert pages > 1000
    assert written < pages // 10, (written, pages)
