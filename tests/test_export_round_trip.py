"""Every export imports back: one Markdown file of several editions, JSON, JSONL.

Through a real archive: import, export, import the export into a new
archive, and compare every field of every article.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsreader.archive import Archive
from newsreader.features.export import article_dict, export_articles
from newsreader.models import Article
from newsreader.parse import parse_bytes
from newsreader.parse.dispatch import parse_any
from newsreader.parse.documents import split_documents
from newsreader.parse.errors import ParseError

#: Three editions, one of them with a page-less, date-less transcript article,
#: and text that tempts the parser: a rule, a setext-like line, YAML-like text.
PAGES = {
    "a.md": (
        "---\npublication: 甲报\ndate: 2025-01-01\nsection: 第01版\n---\n\n"
        "# 甲报 2025-01-01 第01版\n\n## 要闻\n\n### 经济稳步回升\n\n"
        "本报讯 经济运行稳中有进。\n\n前三季度增长百分之五。\n\n记者 王浩\n\n"
        "### 城市更新\n\ndate: 不是元数据\n\n---\n\n老旧小区改造继续推进。\n\n"
        "记者 李明 通讯员 张三\n"
    ),
    "b.md": (
        "---\npublication: 乙报\ndate: 2025-02-02\nsection: 第02版\n---\n\n"
        "# 乙报 2025-02-02 第02版\n\n## 乡村振兴的新路\n\n农业产值再创新高。\n\n"
        "[查看原文](https://example.cn/2025/02/02/a.html)\n"
    ),
    "c.md": "# 新闻联播\n\n## 国内要闻\n\n今天的主要内容。\n",
}

#: Every field of ``article_dict`` but the archive's own id and source path.
FIELDS = [
    k
    for k in article_dict(Article(0, "", 0, "", 0, "", "", "", "", "", (), (), ""))
    if k not in ("id", "source", "position")
]


def _archive_with_pages(tmp_path: Path) -> tuple[Path, list[Article]]:
    pages = tmp_path / "pages"
    pages.mkdir()
    for name, text in PAGES.items():
        (pages / name).write_text(text, encoding="utf-8")
    path = tmp_path / "first.db"
    with Archive.open(path) as archive:
        assert archive.import_paths([pages]).ok
        archive.set_starred(archive.list_ids(sort="file")[0], True)
        articles = [a for a in (archive.article(i) for i in archive.list_ids(sort="file")) if a]
    assert len({(a.publication, a.date, a.page) for a in articles}) == 3
    return path, articles


def _import(tmp_path: Path, export: Path) -> list[Article]:
    with Archive.open(tmp_path / "second.db") as archive:
        report = archive.import_paths([export])
        assert report.ok, report
        return [a for a in (archive.article(i) for i in archive.list_ids(sort="file")) if a]


def _compare(original: list[Article], back: list[Article], fields: list[str]) -> None:
    assert len(back) == len(original)
    by_title = {a.title: a for a in original}
    assert len(by_title) == len(original)
    for article in back:
        before = article_dict(by_title[article.title])
        after = article_dict(article)
        assert {k: after[k] for k in fields} == {k: before[k] for k in fields}, article.title


def test_one_markdown_file_of_several_editions_round_trips(tmp_path: Path) -> None:
    _db, articles = _archive_with_pages(tmp_path)
    export = tmp_path / "one.md"
    with export.open("w", encoding="utf-8") as handle:
        assert export_articles(articles, "md", handle) == len(articles)
    text = export.read_text(encoding="utf-8")
    assert len(split_documents(text)) == 3
    back = _import(tmp_path, export)
    # read/starred are the archive's own state, not part of a Markdown page
    # (the identity of an article with no date and publication is its file's)
    skip = ("read", "starred", "level", "links", "identity")
    markdown_fields = [f for f in FIELDS if f not in skip]
    _compare(articles, back, markdown_fields)
    assert not any(a.title.startswith("date:") for a in back)


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_exports_import_back_with_every_field(tmp_path: Path, fmt: str) -> None:
    _db, articles = _archive_with_pages(tmp_path)
    export = tmp_path / f"all.{fmt}"
    with export.open("w", encoding="utf-8") as handle:
        assert export_articles(articles, fmt, handle) == len(articles)  # type: ignore[arg-type]
    back = _import(tmp_path, export)
    # Marks are not applied: they stay with the article as data (see decisions).
    _compare(articles, back, [f for f in FIELDS if f not in ("read", "starred")])
    assert not any(a.starred for a in back)
    page = parse_any(export.read_bytes(), str(export))
    assert page.articles[0].extra == {"marks": {"read": False, "starred": True}}


def test_a_json_feed_is_still_a_feed(tmp_path: Path) -> None:
    feed = Path(__file__).parent / "fixtures" / "feeds" / "feed.json"
    page = parse_any(feed.read_bytes(), str(feed))
    assert page.articles and "feed" in page.front_matter


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("x.jsonl", b'{"title": "t"}\n', "article 1: not an exported article"),
        ("x.jsonl", b"{oops\n", "line 1: not JSON"),
        ("x.json", b'[{"title": 3, "paragraphs": []}]', "article 1: 'title' must be text"),
        ("x.json", b'[{"title": "t", "paragraphs": [1]}]', "'paragraphs' must be a list"),
    ],
)
def test_a_broken_export_is_one_clear_reason(name: str, data: bytes, reason: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_any(data, name)
    assert reason in caught.value.reason and "\n" not in caught.value.reason


def test_a_rule_followed_by_text_is_not_a_new_document() -> None:
    text = "# 标题\n\n正文。\n\n---\n\n另一段，不是元数据。\n\n---\ndate: 不是\n"
    assert split_documents(text) == [text]
    assert len(parse_bytes(text.encode("utf-8"), "x.md").articles) == 1


def test_json_export_of_nothing_imports_nothing(tmp_path: Path) -> None:
    (tmp_path / "none.json").write_text("[]\n", encoding="utf-8")
    assert parse_any(b"[]\n", "none.json").articles == ()
    assert json.loads((tmp_path / "none.json").read_text()) == []
