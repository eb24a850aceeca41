"""Limits: huge files are refused cheaply, huge paragraphs and heading counts still work.

Memory is measured as the growth of the peak resident set (``ru_maxrss``) in
a forked child, so what earlier tests allocated in this process does not hide
it: a fork starts with its peak at the parent's current size. The bounds are
loose guards against reading a refused file or a blow-up that grows with the
square of the input; the measured figures are in the benchmarks.
"""

from __future__ import annotations

import json
import os
import random
import resource
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from newsreader import Archive
from newsreader.cli.main import cli
from newsreader.parse import parse_bytes
from newsreader.text import cell_width

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content" / "zhengzhou-high-tech-zone-page.md"
MB = 1024 * 1024
COMMON = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说"
    "产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使"
)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def in_child(work: Callable[[], Any]) -> tuple[Any, float]:
    """Run ``work`` in a forked child; return its result and its peak RSS growth in MB."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.close(read_end)
            before = peak_mb()
            result = work()
            payload = {"result": result, "growth": peak_mb() - before}
        except BaseException:
            payload = {"error": traceback.format_exc()}
        with os.fdopen(write_end, "w", encoding="utf-8") as pipe:
            json.dump(payload, pipe)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, encoding="utf-8") as pipe:
        payload = json.load(pipe)
    os.waitpid(pid, 0)
    assert "error" not in payload, payload.get("error")
    return payload["result"], payload["growth"]


def test_a_200_mb_file_is_refused_without_being_read(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "good.md").write_bytes(SAMPLE.read_bytes())
    for name in ("huge.md", "huge.xml"):  # a page and a feed take the same road
        with (folder / name).open("wb") as handle:
            handle.truncate(200 * MB)  # sparse: costs no disk, reads as zeros
    db = tmp_path / "news.db"
    with Archive.open(db) as archive:  # load the parser and its tables first
        archive.import_paths([SAMPLE])

    def work() -> Any:
        with Archive.open(db) as archive:
            report = archive.import_paths([folder])
        return {"failed": report.failed, "added": report.added}

    result, growth = in_child(work)
    assert result["added"] == [str((folder / "good.md").resolve())]
    reasons = dict(result["failed"])
    assert sorted(reasons) == sorted(str((folder / n).resolve()) for n in ("huge.md", "huge.xml"))
    assert all(r.startswith("too large (") for r in reasons.values()), reasons
    assert growth < 40, f"peak memory grew {growth:.0f} MB for a refused 200 MB file"

    outcome = CliRunner().invoke(
        cli, ["import", "--db", str(db), str(folder / "huge.md")], obj={}, catch_exceptions=False
    )
    assert outcome.exit_code == 1
    [line] = outcome.stderr.strip().splitlines()
    assert line.startswith(f"newsreader: {(folder / 'huge.md').resolve()}: too large (")


def test_a_5_mb_paragraph_imports_and_is_searchable(tmp_path: Path) -> None:
    rng = random.Random(5)
    marker = "独一无二的结尾标记"
    paragraph = "".join(rng.choice(COMMON) for _ in range(5 * MB // 3)) + marker
    page = tmp_path / "long.md"
    page.write_text(f"## 一个很长的段落\n\n{paragraph}\n", encoding="utf-8")
    assert page.stat().st_size > 5 * MB
    db = tmp_path / "news.db"

    def work() -> Any:
        with Archive.open(db) as archive:
            report = archive.import_paths([page])
        return {"ok": report.ok, "failed": report.failed}

    result, growth = in_child(work)
    assert result["ok"], result["failed"]
    assert growth < 1500, f"peak memory grew {growth:.0f} MB for a 5 MB paragraph"
    with Archive.open(db, read_only=True) as archive:
        [article] = list(archive.articles())
        assert article.paragraphs == (paragraph,)
        found = archive.search(marker)
        assert [hit.id for hit in found.hits] == [article.id]
        assert cell_width(found.hits[0].snippet) <= 200  # a snippet, not the paragraph
        spans = archive.match_spans(article.id, marker)
        assert [(s.field, s.start) for s in spans] == [("paragraph", len(paragraph) - len(marker))]


def test_100k_headings_in_one_file_parse_whole(tmp_path: Path) -> None:
    count = 100_000
    text = "".join(f"## 标题{n}\n\n正文第{n}段。\n\n" for n in range(count)).encode("utf-8")

    def work() -> Any:
        page = parse_bytes(text, str(tmp_path / "headings.md"))
        titles = [a.title for a in page.articles]
        return {
            "count": len(page.articles),
            "titles_in_order": titles == [f"标题{n}" for n in range(count)],
            "bodies": sum(a.paragraphs == (f"正文第{a.position}段。",) for a in page.articles),
        }

    result, growth = in_child(work)
    assert result == {"count": count, "titles_in_order": True, "bodies": count}
    assert growth < 600, f"peak memory grew {growth:.0f} MB parsing 100k headings"
