"""The benchmark corpus: same seed, same bytes; and pages the parser reads as meant.

The import and search figures are only comparable between runs and machines
if the generated archive is identical, and only meaningful if the parser sees
the articles, datelines and bylines the generator put in.
"""

from __future__ import annotations

import re
from pathlib import Path

from benchmarks.corpus import GROUP_HEADINGS, generate_corpus, iter_pages
from newsreader.parse import parse_bytes

_ARTICLE_HEADING = re.compile(r"^#{2,3} (.+)$", re.MULTILINE)
_SENTENCE_END = "。！？；：”"


def test_same_seed_same_bytes_other_seed_other_bytes() -> None:
    first = list(iter_pages(120, seed=11))
    assert first == list(iter_pages(120, seed=11))
    assert first != list(iter_pages(120, seed=12))


def test_generate_writes_the_pages_and_counts_them(tmp_path: Path) -> None:
    info = generate_corpus(tmp_path / "c", 150, seed=5)
    pages = list(iter_pages(150, seed=5))
    files = sorted(p for p in (tmp_path / "c").rglob("*.md"))
    assert info.pages == len(pages) == len(files)
    assert info.bytes == sum(f.stat().st_size for f in files)
    for rel, text in pages:
        assert (tmp_path / "c" / rel).read_bytes() == text.encode("utf-8")
    # Two worker processes give the very same files.
    again = generate_corpus(tmp_path / "d", 150, seed=5, workers=2)
    assert again.bytes == info.bytes
    assert again.digest == info.digest != ""
    for rel, text in pages:
        assert (tmp_path / "d" / rel).read_text(encoding="utf-8") == text


def test_parser_reads_every_article_with_its_metadata() -> None:
    total = 0
    with_bylines = 0
    for rel, text in iter_pages(200, seed=3):
        titles = [t for t in _ARTICLE_HEADING.findall(text) if t not in GROUP_HEADINGS]
        page = parse_bytes(text.encode("utf-8"), rel)
        assert [a.title for a in page.articles] == titles, rel
        for article in page.articles:
            assert article.date and article.publication and article.page, rel
            # Column breaks are repaired and glued bylines leave the body.
            for para in article.paragraphs:
                assert para[-1] in _SENTENCE_END, (rel, para[-40:])
            with_bylines += bool(article.bylines)
        total += len(page.articles)
    assert total == 200
    assert with_bylines > 120


def test_query_words_occur() -> None:
    text = "".join(t for _, t in iter_pages(400, seed=2023))
    for word in ("保交楼", "经济普查", "高新技术", "GDP", "2023", "本報"):
        assert text.count(word) >= 5, word
