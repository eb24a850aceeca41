"""feeds / opml / export / config commands, end to end through click."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

from newsreader import Archive
from newsreader.cli.main import cli
from newsreader.parse import parse_bytes

FEEDS = Path(__file__).parent / "fixtures" / "feeds"
SEED = Path(__file__).resolve().parents[1] / "content" / "zhengzhou-high-tech-zone-page.md"


class FeedServer(BaseHTTPRequestHandler):
    """ETag validation, or Last-Modified validation when ``etag`` is empty."""

    body: ClassVar[bytes] = b""
    etag: ClassVar[str] = '"1"'
    modified: ClassVar[str] = ""
    log: ClassVar[list[str]] = []
    since_log: ClassVar[list[str]] = []

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        FeedServer.log.append(self.headers.get("If-None-Match") or "")
        FeedServer.since_log.append(self.headers.get("If-Modified-Since") or "")
        if FeedServer.etag and self.headers.get("If-None-Match") == FeedServer.etag:
            self.send_response(304)
            self.end_headers()
            return
        if not FeedServer.etag and self.headers.get("If-Modified-Since") == FeedServer.modified:
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(200)
        if FeedServer.etag:
            self.send_header("ETag", FeedServer.etag)
        else:
            self.send_header("Last-Modified", FeedServer.modified)
        self.send_header("Content-Length", str(len(FeedServer.body)))
        self.end_headers()
        self.wfile.write(FeedServer.body)


@pytest.fixture
def server() -> Iterator[str]:
    FeedServer.body = (FEEDS / "rss2.xml").read_bytes()
    FeedServer.etag = '"1"'
    FeedServer.modified = ""
    FeedServer.log = []
    FeedServer.since_log = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FeedServer)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/rss.xml"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def run(db: Path, *args: str, **kw: object):
    return CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False, **kw)


def test_feeds_add_refresh_skips_unchanged(tmp_path: Path, server: str) -> None:
    db = tmp_path / "news.db"
    result = run(db, "feeds", "add", server)
    assert result.exit_code == 0, result.output
    assert "added: 高新区时讯 (3 new)" in result.output
    assert "warning" not in result.stderr
    listed = json.loads(run(db, "feeds", "list", "--json").output)
    assert listed[0]["url"] == server and listed[0]["etag"] == '"1"'
    again = run(db, "feeds", "refresh")
    assert again.exit_code == 0 and "unchanged" in again.output
    assert FeedServer.log == ["", '"1"']  # the stored ETag was sent back
    FeedServer.body = FeedServer.body.replace("清查工作进展顺利".encode(), "清查完成".encode())
    FeedServer.etag = '"2"'
    changed = run(db, "feeds", "refresh")
    assert changed.exit_code == 0 and "1 updated" in changed.output
    exported = run(db, "export", "清查完成", "--format", "jsonl")
    rows = [json.loads(line) for line in exported.output.splitlines()]
    assert [r["identity"] for r in rows] == ["feed:https://news.example.cn/2025/01/02/a2.html"]


def test_feeds_refresh_skips_unchanged_by_last_modified(tmp_path: Path, server: str) -> None:
    FeedServer.etag = ""  # a server that only sends Last-Modified
    FeedServer.modified = "Fri, 03 Jan 2025 08:00:00 GMT"
    db = tmp_path / "news.db"
    assert run(db, "feeds", "add", server).exit_code == 0
    listed = json.loads(run(db, "feeds", "list", "--json").output)
    assert listed[0]["modified"] == FeedServer.modified and listed[0]["etag"] is None
    again = run(db, "feeds", "refresh")
    assert again.exit_code == 0 and "unchanged" in again.output
    assert FeedServer.since_log == ["", "Fri, 03 Jan 2025 08:00:00 GMT"]
    FeedServer.body = FeedServer.body.replace("清查工作进展顺利".encode(), "清查完成".encode())
    FeedServer.modified = "Sat, 04 Jan 2025 08:00:00 GMT"
    changed = run(db, "feeds", "refresh")
    assert changed.exit_code == 0 and "1 updated" in changed.output
    assert run(db, "search", "清查完成").output.count("清查完成") >= 1


def test_import_takes_feed_urls(tmp_path: Path, server: str) -> None:
    db = tmp_path / "news.db"
    result = run(db, "import", server)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"{server}: 3 new"
    with Archive.open(db) as archive:
        assert archive.count() == 3
    # Fetched again (an import keeps no validators): updated in place, not duplicated.
    assert run(db, "import", server).exit_code == 0
    with Archive.open(db) as archive:
        assert archive.count() == 3


def test_import_of_an_unreachable_url_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/feed.xml"
    result = run(tmp_path / "news.db", "import", url)
    assert result.exit_code == 1 and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"newsreader: {url}: ") and "refused" in line


def test_feed_errors_are_one_line(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    db = tmp_path / "news.db"
    result = run(db, "feeds", "add", f"http://127.0.0.1:{port}/feed.xml")
    assert result.exit_code == 1 and "Traceback" not in result.output
    refresh = run(db, "feeds", "refresh")
    assert refresh.exit_code == 1
    assert len(refresh.stderr.strip().splitlines()) == 1
    missing = run(db, "feeds", "refresh", "https://never.example/x")
    assert missing.exit_code == 1 and "not subscribed" in missing.stderr


def test_feeds_add_local_file_with_warnings(tmp_path: Path) -> None:
    result = run(tmp_path / "n.db", "feeds", "add", str(FEEDS / "truncated.xml"))
    assert result.exit_code == 0
    assert "warning: not well-formed XML" in result.stderr


def test_opml_import_export(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<opml version="2.0"><body><outline text="新闻">'
        '<outline text="甲" xmlUrl="https://a.example/rss"/></outline>'
        '<outline text="乙" xmlUrl="https://b.example/atom"/></body></opml>',
        encoding="utf-8",
    )
    assert "2 feeds added" in run(db, "opml", "import", str(opml)).output
    listed = run(db, "feeds", "list").output.splitlines()
    assert listed == [
        "甲  https://a.example/rss  [never fetched]",
        "乙  https://b.example/atom  [never fetched]",
    ]
    assert "0 feeds added, 2 already" in run(db, "opml", "import", str(opml)).output
    out = run(db, "opml", "export").output
    assert 'xmlUrl="https://a.example/rss"' in out and 'text="新闻"' in out
    bad = tmp_path / "bad.opml"
    bad.write_text("<opml", encoding="utf-8")
    result = run(db, "opml", "import", str(bad))
    assert result.exit_code == 1 and "not well-formed" in result.stderr


def test_export_formats_and_round_trip(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    assert run(db, "import", str(SEED)).exit_code == 0
    md = tmp_path / "out.md"
    result = run(db, "export", "--format", "md", "-o", str(md))
    assert result.exit_code == 0 and "4 articles written" in result.stderr
    page = parse_bytes(md.read_bytes(), str(md))
    shown = json.loads(run(db, "export", "--format", "json").output)
    assert [a.title for a in page.articles] == [a["title"] for a in shown]
    assert [a.paragraphs for a in page.articles] == [tuple(a["paragraphs"]) for a in shown]
    hits = run(db, "export", "警示教育", "--format", "jsonl").output.splitlines()
    with Archive.open(db) as archive:  # the articles that the same search shows
        expected = archive.search_ids("警示教育")
    assert [json.loads(line)["id"] for line in hits] == expected and expected
    folder = tmp_path / "pages"
    folder.mkdir()
    assert run(db, "export", "-o", str(folder)).exit_code == 0
    assert len(list(folder.glob("*.md"))) == 1


def test_config_commands(tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    base = ["--config", str(cfg)]
    runner = CliRunner()
    assert runner.invoke(cli, [*base, "config", "path"]).output.strip() == str(cfg)
    shown = json.loads(runner.invoke(cli, [*base, "config", "show", "--json"]).output)
    assert shown["exists"] is False and shown["theme"] == "newsreader-dark"
    edit = runner.invoke(cli, [*base, "config", "edit"], env={"EDITOR": "true", "VISUAL": "true"})
    assert edit.exit_code == 0, edit.output
    assert cfg.read_text(encoding="utf-8").startswith("# newsreader configuration")
    cfg.write_text('theme = "nord"\n[panes\n', encoding="utf-8")
    bad = runner.invoke(cli, [*base, "config", "show"])
    assert bad.exit_code == 0 and "line 2" in bad.stderr
    assert 'theme = "newsreader-dark"' in bad.stdout


@pytest.mark.parametrize(
    ("shell", "cword"),
    [("bash", "2"), ("zsh", "2"), ("fish", "re")],  # fish passes the word being completed
)
def test_shell_completion_completes_subcommands(tmp_path: Path, shell: str, cword: str) -> None:
    """Not just the script: the installed command answers a completion request."""
    import os
    import subprocess
    import sys

    command = Path(sys.executable).with_name("newsreader")
    env = {
        **os.environ,
        "NEWSREADER_DB": str(tmp_path / "c.db"),
        "_NEWSREADER_COMPLETE": f"{shell}_complete",
        "COMP_WORDS": "newsreader feeds re",
        "COMP_CWORD": cword,
    }
    result = subprocess.run(
        [str(command)], capture_output=True, text=True, timeout=60, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "refresh" in result.stdout and "remove" in result.stdout
    assert "add" not in result.stdout.split()
