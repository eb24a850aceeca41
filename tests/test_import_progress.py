"""Import progress: both stages report often (per file batch, per index chunk), with a rate."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsreader.archive import INDEXING, Archive
from newsreader.cli.importing import rate_and_time_left
from newsreader.store import indexer


def _pages(folder: Path, files: int, per_file: int) -> None:
    folder.mkdir()
    for f in range(files):
        body = "".join(
            f"## 第{f}篇第{a}条消息\n\n本报讯 这是第{f}个文件里的第{a}条消息。\n\n"
            for a in range(per_file)
        )
        (folder / f"p{f:03d}.md").write_text(
            f"---\npublication: 测试报\ndate: 2024-01-{f % 28 + 1:02d}\n---\n\n{body}",
            encoding="utf-8",
        )


def test_indexing_reports_every_chunk_from_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index stage used to report once per 4,000 articles, after the first commit."""
    monkeypatch.setattr(indexer, "INDEX_CHUNK", 8)
    _pages(tmp_path / "in", files=10, per_file=10)
    calls: list[tuple[int, int, str]] = []
    with Archive.open(tmp_path / "a.db") as archive:
        report = archive.import_paths(
            [tmp_path / "in"], progress=lambda *c: calls.append(c), workers=1
        )
        assert report.ok and report.articles_added == 100
    files = [c for c in calls if c[2] != INDEXING]
    indexing = [(done, total) for done, total, path in calls if path == INDEXING]
    assert files[-1][:2] == (10, 10)
    assert indexing[0] == (0, 100)  # the stage shows at once, before any article is written
    assert indexing[-1] == (100, 100)
    assert len(indexing) >= 100 // 8  # one call per chunk, not one per 4,000-article batch
    done = [d for d, _ in indexing]
    assert done == sorted(done)
    # Every call comes after every file call: the stages do not interleave.
    assert calls.index((0, 100, INDEXING)) == len(files)


def test_the_progress_line_says_the_rate_and_the_time_left() -> None:
    assert rate_and_time_left(None, None, {"unit": "files"}) == ""
    assert rate_and_time_left(812.4, 83.2, {"unit": "articles"}) == (
        "812 articles/s · 0:01:23 left"
    )
    assert rate_and_time_left(1500.0, 3725, {"unit": "articles"}).endswith("1:02:05 left")
    assert rate_and_time_left(12.0, None, {"unit": "files"}) == "12 files/s"
