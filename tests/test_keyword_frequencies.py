"""Keywords' document frequencies: counted in the index once, forgotten when it changes."""

from __future__ import annotations

import math
import threading
from pathlib import Path

import pytest

import newsreader.search.keyword_scores as keyword_scores
from newsreader import Archive
from newsreader.search import run as search_engine
from newsreader.search.keywords import DocumentFrequencies

SAMPLE = Path(__file__).resolve().parent.parent / "content" / "zhengzhou-high-tech-zone-page.md"


class Counting:
    """A ``count`` callback that records what it was asked."""

    def __init__(self, values: dict[str, int]) -> None:
        self.values = values
        self.asked: list[str] = []

    def __call__(self, term: str) -> int:
        self.asked.append(term)
        return self.values.get(term, 0)


def test_each_word_is_counted_once_per_stamp() -> None:
    cache = DocumentFrequencies()
    count = Counting({"保交楼": 3, "安置房": 5})
    assert cache.get("a.db", 1, ["保交楼", "安置房"], count) == {"保交楼": 3, "安置房": 5}
    assert cache.get("a.db", 1, ["安置房", "高新区"], count) == {"安置房": 5, "高新区": 0}
    assert count.asked == ["保交楼", "安置房", "高新区"]
    # Another file has its own counts; a new stamp forgets the old ones.
    cache.get("b.db", 1, ["保交楼"], count)
    count.values["保交楼"] = 9
    assert cache.get("a.db", 2, ["保交楼"], count) == {"保交楼": 9}
    assert count.asked == ["保交楼", "安置房", "高新区", "保交楼", "保交楼"]


def test_bounded_in_words_and_files() -> None:
    cache = DocumentFrequencies(limit=3, files=2)
    count = Counting({})
    cache.get("a.db", 1, ["甲", "乙", "丙"], count)
    cache.get("a.db", 1, ["丁"], count)  # over the limit: starts over with 丁
    cache.get("a.db", 1, ["丁", "甲"], count)
    assert count.asked == ["甲", "乙", "丙", "丁", "甲"]
    cache.get("b.db", 1, ["甲"], count)
    cache.get("c.db", 1, ["甲"], count)  # a third file pushes out the oldest (a.db)
    cache.get("a.db", 1, ["丁"], count)
    assert count.asked[-1] == "丁" and len(count.asked) == 8


def test_concurrent_lookups_agree() -> None:
    cache = DocumentFrequencies()
    count = Counting({str(n): n for n in range(200)})
    results: list[dict[str, int]] = []

    def look() -> None:
        results.append(cache.get("a.db", 1, [str(n) for n in range(200)], count))

    threads = [threading.Thread(target=look) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(r == {str(n): n for n in range(200)} for r in results)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The words the archive counts in its index, with a fresh process cache."""
    asked: list[str] = []
    real = search_engine.document_frequency

    def document_frequency(db: object, term: str) -> int:
        asked.append(term)
        return real(db, term)

    monkeypatch.setattr(search_engine, "document_frequency", document_frequency)
    monkeypatch.setattr(keyword_scores, "_FREQUENCIES", DocumentFrequencies())
    return asked


def test_archive_counts_each_word_once_until_the_index_changes(
    tmp_path: Path, counted: list[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "sample.md").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    path = tmp_path / "news.db"
    with Archive.open(path) as archive:
        archive.import_paths([folder])
        housing = archive.search("保交楼").hits[0].id
        first = archive.keywords(housing, k=200)
        assert "保交楼" in dict(first) and counted
    asked = len(counted)
    # The reader opens a new Archive for each article's keywords: still no recount.
    with Archive.open(path, read_only=True) as reader:
        assert reader.keywords(housing, k=200) == first
        assert len(counted) == asked
        # Another process (here: connection) imports more articles with 安置房.
        more = "\n".join(f"## 安置房消息{n}\n\n安置房建设。\n" for n in range(6))
        (folder / "more.md").write_text(more, encoding="utf-8")
        with Archive.open(path) as writer:
            assert writer.import_paths([folder]).ok
        after = dict(reader.keywords(housing, k=200))
        assert len(counted) > asked  # counted again against the grown index
        assert after["安置房"] < dict(first)["安置房"]  # more articles have it: it says less


def test_a_rebuilt_archive_at_the_same_path_is_counted_afresh(
    tmp_path: Path, counted: list[str]
) -> None:
    path = tmp_path / "news.db"
    page = tmp_path / "p.md"

    def build(second: str) -> dict[str, float]:
        page.write_text(f"# 保交楼新闻\n\n保交楼交付。\n\n# 第二篇\n\n{second}。\n", "utf-8")
        with Archive.open(path) as archive:
            archive.import_paths([page])
            first = archive.search("title:保交楼新闻").hits[0].id
            return dict(archive.keywords(first))

    before = build("安置房建设")
    path.unlink()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    after = build("保交楼建设")  # same path, same article count, 保交楼 now in both
    # TF-IDF: tf * (ln((1 + n) / (1 + df)) + 1), tf 2 (title and body), n 2.
    assert before["保交楼"] == pytest.approx(2 * (math.log(3 / 2) + 1))
    assert after["保交楼"] == pytest.approx(2 * (math.log(3 / 3) + 1))
