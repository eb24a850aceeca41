"""Transcript pages in an archive: the Editions tree, page furniture, re-import."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import newsreader.parse
from newsreader import Archive
from newsreader.cli.main import cli
from newsreader.models import SectionKey

TRANSCRIPTS = Path(__file__).resolve().parent / "fixtures" / "pages" / "xwlb"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "xwlb"
    shutil.copytree(TRANSCRIPTS, target)
    return target


def test_editions_tree_reads_programme_then_date(folder: Path, archive: Archive) -> None:
    assert archive.import_paths([folder]).ok
    editions = next(n for n in archive.sections() if n.key == SectionKey("editions"))
    assert [n.label for n in editions.children] == ["新闻联播"]
    (programme,) = editions.children
    assert [d.label for d in programme.children] == ["2026-02-01", "2012-03-05"]
    assert [d.count for d in programme.children] == [6, 3]
    # no page: a date whose only page level would be "(no page)" has no children
    for day in programme.children:
        assert day.children == ()


def test_show_json_has_the_page_footer_and_the_last_story_its_url(
    folder: Path, tmp_path: Path
) -> None:
    db = tmp_path / "cli.db"
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", str(db), "import", str(folder / "20260201.md")], obj={})
    assert result.exit_code == 0, result.output
    with Archive.open(db) as archive:
        last = max(archive.articles(), key=lambda a: a.position).id
    shown = runner.invoke(cli, ["--db", str(db), "show", "--json", str(last)], obj={})
    data = json.loads(shown.stdout)
    assert data["title"] == "山地马拉松赛事报名开启"
    assert data["url"] == "https://tv.example.cn/2026/02/01/VIDE0003.shtml"
    assert data["page_meta"] == ["更新时间：2026-02-02T03:34:20.055Z"]
    assert "更新时间" not in "".join(data["paragraphs"])


def test_bundle_story_marks_survive_a_reimport_and_an_edit(folder: Path, archive: Archive) -> None:
    archive.import_paths([folder])
    story = next(a for a in archive.articles() if a.title == "多国专家研讨海洋生态保护")
    archive.set_starred(story.id)
    page = folder / "20260201.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("三百余人次", "四百余人次"), encoding="utf-8"
    )
    report = archive.import_paths([folder])
    assert report.updated == (str(page.resolve()),)
    again = next(a for a in archive.articles() if a.title == "多国专家研讨海洋生态保护")
    assert again.identity == story.identity and again.starred


def test_a_new_parser_version_reparses_unchanged_files(
    folder: Path, archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = archive.import_paths([folder])
    assert len(first.added) == 2
    assert len(archive.import_paths([folder]).unchanged) == 2
    monkeypatch.setattr(newsreader.parse, "PARSER_VERSION", newsreader.parse.PARSER_VERSION + 1)
    report = archive.import_paths([folder])
    assert len(report.updated) == 2 and not report.unchanged
    assert len(archive.import_paths([folder]).unchanged) == 2


def test_search_sees_transcript_text_as_written(folder: Path, archive: Archive) -> None:
    archive.import_paths([folder])
    # a name line and the numbered item after it are never joined
    assert archive.search("苏禾").total == 1
    assert archive.search("苏禾二").total == 0
    # a bundle story is found as itself, not as the bundle
    (hit,) = archive.search("海洋生态保护").hits
    assert hit.title == "多国专家研讨海洋生态保护"
    # HTML comments are not text: not searchable, not in a snippet
    assert archive.search("repaste").total == 0
    (grain,) = archive.search("智慧粮仓").hits
    assert "<!--" not in grain.snippet
