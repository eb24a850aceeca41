"""Issue 16, the command line and feeds: every fault is one line, the right exit, work goes on.

Each test drives the real CLI (through click, or as a process where the
operating system's view of argv or memory matters) with an input a hostile
or careless user could give, and checks the answer: one line on stderr
naming the file or URL and the reason, exit 1 for a failed input, 2 for an
archive that cannot be used, never a traceback, a hang or a lost archive.
"""

from __future__ import annotations

import os
import random
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

from newsreader import Archive
from newsreader.cli.main import bundled_content, cli
from newsreader.features.fetch import FetchError, fetch
from newsreader.features.opml import parse_opml
from newsreader.features.subscriptions import FeedList, FeedRecord
from newsreader.parse import MAX_FILE_BYTES

RSS = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>高新区时讯</title>'
    "<item><title>清查工作进展顺利</title><link>https://news.example.cn/a1.html</link>"
    "<description>经济普查清查工作进展顺利。</description></item>"
    "</channel></rss>"
)


def run(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), *args], obj={}, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def one_line(err: str) -> str:
    """The single stderr line (fails if there are more)."""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("newsreader: ") and "Traceback" not in err
    return lines[0]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "news.db"
    code, _out, err = run(path, "import", str(bundled_content()))
    assert code == 0, err
    return path


def _fifo(tmp_path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    fifo = tmp_path / "feed.fifo"
    os.mkfifo(fifo)
    return fifo


# --------------------------------------------------------------------------
# 2. OPML and feed lists are untrusted
# --------------------------------------------------------------------------


@pytest.mark.timeout(30)
def test_opml_import_skips_local_paths_and_keeps_the_urls(tmp_path: Path) -> None:
    fifo = _fifo(tmp_path)
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<opml version="2.0"><body>'
        '<outline text="零" xmlUrl="/dev/zero"/>'
        f'<outline text="管道" xmlUrl="{fifo}"/>'
        '<outline text="好" xmlUrl="https://a.example/rss"/>'
        "</body></opml>",
        encoding="utf-8",
    )
    db = tmp_path / "n.db"
    code, out, err = run(db, "opml", "import", str(opml))
    assert code == 1 and "1 feeds added" in out and "2 skipped" in out
    lines = err.splitlines()
    assert len(lines) == 2 and "Traceback" not in err
    assert "/dev/zero: not an http(s) URL" in lines[0]
    assert f"{fifo}: not an http(s) URL" in lines[1]
    with Archive.open(db) as archive:
        assert [r.url for r in FeedList(archive)] == ["https://a.example/rss"]


@pytest.mark.timeout(30)
def test_opml_file_that_is_a_fifo_or_device_is_refused(tmp_path: Path) -> None:
    fifo = _fifo(tmp_path)
    for path in (fifo, Path("/dev/zero")):
        code, _out, err = run(tmp_path / "n.db", "opml", "import", str(path))
        assert code == 1 and f"{path}: not a regular file" in one_line(err)


@pytest.mark.timeout(30)
def test_refresh_never_reads_a_local_path_from_the_feed_list(tmp_path: Path) -> None:
    """Paths stored by an older OPML import: refused, not read (a FIFO would hang)."""
    fifo = _fifo(tmp_path)
    db = tmp_path / "n.db"
    with Archive.open(db) as archive:
        feeds = FeedList(archive)
        feeds.add(FeedRecord(str(fifo), title="管道"))
        feeds.save()
    code, _out, err = run(db, "feeds", "refresh", "--timeout", "2")
    line = one_line(err)
    assert code == 1 and str(fifo) in line and "not an http(s) URL" in line


def test_refresh_of_dev_zero_from_a_feed_list_does_not_read_it(tmp_path: Path) -> None:
    """As a process with a memory ceiling: reading /dev/zero would hit it, not the machine."""
    db = tmp_path / "n.db"
    with Archive.open(db) as archive:
        feeds = FeedList(archive)
        feeds.add(FeedRecord("/dev/zero", title="零"))
        feeds.save()

    def ceiling() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))

    result = subprocess.run(
        [sys.executable, "-m", "newsreader", "--db", str(db), "feeds", "refresh"],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=ceiling if sys.platform == "linux" else None,
    )
    line = one_line(result.stderr)
    assert result.returncode == 1 and "/dev/zero: not an http(s) URL" in line


@pytest.mark.timeout(30)
def test_feeds_add_refuses_a_fifo_and_a_device(tmp_path: Path) -> None:
    fifo = _fifo(tmp_path)
    for path in (fifo, Path("/dev/zero")):
        code, _out, err = run(tmp_path / "n.db", "feeds", "add", str(path))
        assert code == 1 and f"{path}: not an http(s) URL nor a feed file" in one_line(err)


def test_feeds_add_of_a_huge_file_is_refused_unread(tmp_path: Path) -> None:
    """A 191 MB file (sparse: nothing to read) is over the 64 MB cap every import has."""
    huge = tmp_path / "huge.xml"
    with huge.open("wb") as handle:
        handle.truncate(191 * 1024 * 1024)
    assert huge.stat().st_size > MAX_FILE_BYTES
    code, out, err = run(tmp_path / "n.db", "feeds", "add", str(huge))
    line = one_line(err)
    assert code == 1 and str(huge) in line and "too large (191 MB > 64 MB)" in line
    assert "not fetched" in out


def test_a_local_feed_named_on_the_command_line_is_still_read(tmp_path: Path) -> None:
    feed = tmp_path / "mine.xml"
    feed.write_text(RSS, encoding="utf-8")
    db = tmp_path / "n.db"
    code, out, _err = run(db, "feeds", "add", str(feed))
    assert code == 0 and "1 new" in out
    code, out, _err = run(db, "feeds", "refresh")
    assert code == 0 and "unchanged" in out


def test_opml_nested_a_thousand_deep(tmp_path: Path) -> None:
    depth = 1000
    body = (
        '<outline text="层">' * depth
        + '<outline text="深" xmlUrl="https://deep.example/rss"/>'
        + "</outline>" * depth
    )
    document = f'<opml version="2.0"><body>{body}</body></opml>'
    (feed,) = parse_opml(document)
    assert feed.url == "https://deep.example/rss" and feed.category == "层"
    opml = tmp_path / "deep.opml"
    opml.write_text(document, encoding="utf-8")
    code, out, err = run(tmp_path / "n.db", "opml", "import", str(opml))
    assert code == 0 and "1 feeds added" in out and err == ""


# --------------------------------------------------------------------------
# 3. Never write over what we must keep
# --------------------------------------------------------------------------


def test_export_never_overwrites_the_archive(db: Path, tmp_path: Path) -> None:
    before = db.read_bytes()
    link = tmp_path / "link.json"
    link.symlink_to(db)
    hard = tmp_path / "hard.jsonl"
    os.link(db, hard)
    for target in (db, Path(f"{db}-wal"), Path(f"{db}-shm"), link, hard):
        code, out, err = run(db, "export", "--format", "jsonl", "-o", str(target))
        line = one_line(err)
        assert code == 1 and out == "" and str(target) in line and "is the archive" in line
    assert db.read_bytes() == before
    code, out, _err = run(db, "stats")
    assert code == 0 and "articles: 4" in out


def test_export_never_overwrites_a_source_page(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "---\npublication: 测试日报\ndate: 2024-02-01\n---\n\n# 标题\n\n正文。\n", "utf-8"
    )
    db = tmp_path / "n.db"
    assert run(db, "import", str(page))[0] == 0
    before = page.read_bytes()
    code, _out, err = run(db, "export", "-o", str(page))
    assert code == 1 and "imported from" in one_line(err)
    assert page.read_bytes() == before


def test_opml_export_never_overwrites_the_archive(db: Path) -> None:
    before = db.read_bytes()
    code, _out, err = run(db, "opml", "export", "-o", str(db))
    assert code == 1 and "is the archive" in one_line(err)
    assert db.read_bytes() == before


# --------------------------------------------------------------------------
# 6. One deadline for a whole fetch; redirects stay on http(s)
# --------------------------------------------------------------------------


class Trickle(BaseHTTPRequestHandler):
    """Sends a byte every half second (in the headers, or in the body), 40 at most."""

    in_body: ClassVar[bool] = False

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path.startswith("/to-ftp"):
            self.send_response(302)
            self.send_header("Location", "ftp://127.0.0.1/feed.xml")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        try:
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            if Trickle.in_body:
                self.wfile.write(b"Content-Type: application/rss+xml\r\n\r\n")
            else:
                self.wfile.write(b"X-Slow: ")
            for _ in range(40):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.5)
        except OSError:
            return  # the client gave up: what the test wants


@pytest.fixture
def trickle() -> Iterator[str]:
    Trickle.in_body = False
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Trickle)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("in_body", [False, True], ids=["headers", "body"])
def test_a_trickling_server_is_cut_at_the_deadline(trickle: str, in_body: bool) -> None:
    Trickle.in_body = in_body
    with pytest.raises(FetchError) as caught:
        fetch(f"{trickle}/feed.xml", timeout=1.5)
    message = str(caught.value)
    assert message.startswith(f"{trickle}/feed.xml: ") and "timed out" in message
    assert "\n" not in message


@pytest.mark.timeout(60)
def test_feeds_refresh_timeout_bounds_the_whole_fetch(trickle: str, tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    url = f"{trickle}/feed.xml"
    assert run(db, "feeds", "add", "--no-fetch", url)[0] == 0
    code, _out, err = run(db, "feeds", "refresh", "--timeout", "1")
    line = one_line(err)
    assert code == 1 and url in line and "timed out" in line


@pytest.mark.timeout(30)
def test_a_redirect_to_ftp_is_refused(trickle: str) -> None:
    with pytest.raises(FetchError) as caught:
        fetch(f"{trickle}/to-ftp", timeout=5)
    assert "ftp://127.0.0.1/feed.xml refused" in str(caught.value)


# --------------------------------------------------------------------------
# 8. One line instead of a traceback
# --------------------------------------------------------------------------


def test_export_to_a_missing_folder(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "x.json"
    code, _out, err = run(db, "export", "--format", "json", "-o", str(target))
    line = one_line(err)
    assert code == 1 and str(target) in line and "No such file or directory" in line
    assert not target.parent.exists()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_export_to_a_full_device(db: Path) -> None:
    code, _out, err = run(db, "export", "-o", "/dev/full")
    assert code == 1 and "/dev/full: cannot write (No space left on device)" in one_line(err)


def test_export_into_an_unwritable_folder(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as root: the folder stays writable")
        code, _out, err = run(db, "export", "-o", str(folder / "x.md"))
        assert code == 1 and "Permission denied" in one_line(err)
    finally:
        folder.chmod(0o700)


def test_opml_export_to_a_missing_folder(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "x"
    code, _out, err = run(db, "opml", "export", "-o", str(target))
    assert code == 1 and f"{target}: cannot write (No such file or directory)" in one_line(err)


def test_long_chinese_publication_names_fit_the_file_system(tmp_path: Path) -> None:
    """Six editions of a paper with a very long name: six files, every name under 256 bytes."""
    pages = tmp_path / "pages"
    pages.mkdir()
    name = "郑州高新技术产业开发区管理委员会主办综合新闻信息日报" * 4
    for day in range(1, 7):
        (pages / f"p{day}.md").write_text(
            f"---\npublication: {name}\ndate: 2024-03-0{day}\npage: 第{day}版{name}\n---\n\n"
            f"# 第{day}天\n\n正文{day}。\n",
            encoding="utf-8",
        )
    db = tmp_path / "n.db"
    assert run(db, "import", str(pages))[0] == 0
    out_dir = tmp_path / "out"
    code, _out, err = run(db, "export", "-o", f"{out_dir}/")
    assert code == 0, err
    files = sorted(out_dir.iterdir())
    assert len(files) == 6
    assert all(len(f.name.encode()) <= 255 for f in files)
    assert {f.read_text("utf-8").count("# 第") for f in files} == {1}


def test_search_with_bytes_that_are_not_utf8(db: Path) -> None:
    """``search $'\\xff\\xfe'`` from a shell: argv that is not UTF-8 finds nothing, calmly."""
    result = subprocess.run(
        [sys.executable, "-m", "newsreader", "--db", str(db), "search", b"\xff\xfe"],
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr and result.stdout.startswith(b"0 results")


@pytest.mark.parametrize("option", ["--offset", "--limit"])
def test_absurd_offsets_and_limits(db: Path, option: str) -> None:
    code, out, err = run(db, "search", option, "99999999999999999999", "高新区")
    assert code == 0 and "Traceback" not in err and "results for 高新区" in out
    code, out, err = run(db, "list", "--limit", "99999999999999999999")
    assert code == 0 and err == "" and len(out.splitlines()) == 4


def _damage(db: Path, how: str) -> None:
    if how == "dropped table":
        import sqlite3

        with sqlite3.connect(db) as conn:
            conn.execute("DROP TABLE articles")
        return
    data = bytearray(db.read_bytes())
    if how == "schema bytes":  # the first page holds the schema: make its text invalid UTF-8
        start = data.index(b"CREATE TABLE")
        for offset in range(start + 13, start + 40):
            data[offset] = 0xFF
    db.write_bytes(bytes(data))


@pytest.mark.parametrize("how", ["dropped table", "schema bytes"])
@pytest.mark.parametrize("command", [("stats",), ("search", "高新区"), ("list",)])
def test_a_damaged_archive_is_one_line_pointing_at_doctor(
    db: Path, how: str, command: tuple[str, ...]
) -> None:
    _damage(db, how)
    code, out, err = run(db, *command)
    line = one_line(err)
    assert code == 2 and out == ""
    assert str(db) in line and "newsreader doctor" in line and "newsreader rebuild" in line


def test_flipped_bytes_never_give_a_traceback(db: Path, tmp_path: Path) -> None:
    """200 random bytes flipped, several ways: each command works or says one line, exit 2."""
    pristine = db.read_bytes()
    for seed in range(4):
        data = bytearray(pristine)
        rng = random.Random(seed)
        for offset in rng.sample(range(4096, len(data)), 200):
            data[offset] ^= 0xFF
        damaged = tmp_path / f"flipped-{seed}.db"
        damaged.write_bytes(bytes(data))
        for command in (("stats",), ("search", "高新区"), ("list",)):
            code, _out, err = run(damaged, *command)
            assert code in (0, 2) and "Traceback" not in err, (seed, command, err)
            if code == 2:
                assert "newsreader doctor" in one_line(err), (seed, command)


# --------------------------------------------------------------------------
# 9. -o DIR/ makes the folder
# --------------------------------------------------------------------------


def test_export_into_a_new_folder_writes_a_file_per_edition(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for day in (1, 2):
        (pages / f"p{day}.md").write_text(
            f"---\npublication: 测试日报\ndate: 2024-02-0{day}\n---\n\n# 第{day}篇\n\n正文。\n",
            encoding="utf-8",
        )
    db = tmp_path / "n.db"
    assert run(db, "import", str(pages))[0] == 0
    monkeypatch.chdir(tmp_path)  # README's own form: a relative folder with a slash
    code, _out, err = run(db, "export", "-o", "newdir/")
    newdir = tmp_path / "newdir"
    assert code == 0, err
    assert newdir.is_dir() and len(list(newdir.glob("*.md"))) == 2
    assert "2 articles in 2 files under newdir" in err


# --------------------------------------------------------------------------
# 10. Weak answers made careful
# --------------------------------------------------------------------------


def test_a_newline_in_a_file_name_keeps_the_error_on_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "evil\nname.md"
    bad.write_bytes(b"\x00\x01\x02binary")
    code, _out, err = run(tmp_path / "n.db", "import", str(bad))
    line = one_line(err)
    assert code == 1 and "evil␤name.md" in line


def test_a_newline_in_a_url_keeps_the_error_on_one_line(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/a\nb.xml"
    code, _out, err = run(tmp_path / "n.db", "import", url)
    assert code == 1 and "a␤b.xml" in one_line(err)
    code, _out, err = run(tmp_path / "n.db", "feeds", "add", "/no/such\nfeed.xml")
    assert code == 1 and "such␤feed.xml" in one_line(err)


def test_an_exclusion_needs_no_double_dash(db: Path) -> None:
    everything = run(db, "search", "高新区")[1]
    with_dashes = run(db, "search", "--", "高新区", "-保交楼")[1]
    code, out, err = run(db, "search", "高新区", "-保交楼")
    assert code == 0 and err == "" and out == with_dashes != everything
    assert out.startswith("3 results for 高新区 -保交楼")
    code, out, _err = run(db, "search", "--limit", "1", "高新区", "-保交楼", "--json")
    assert code == 0 and '"query": "高新区 -保交楼"' in out and '"total": 3' in out
    code, out, _err = run(db, "export", "高新区", "-保交楼", "--format", "jsonl")
    assert code == 0 and len(out.splitlines()) == 3


@pytest.mark.timeout(30)
def test_a_config_that_is_a_device_or_fifo_is_one_line(tmp_path: Path) -> None:
    fifo = _fifo(tmp_path)
    for path in (Path("/dev/zero"), fifo):
        result = CliRunner().invoke(cli, ["--config", str(path), "config", "show"], obj={})
        assert result.exit_code == 0, result.output
        line = one_line(result.stderr)
        assert f"{path}: cannot read (not a regular file); using the defaults" in line
        assert 'theme = "' in result.stdout


# --------------------------------------------------------------------------
# Issue 15: feeds by name
# --------------------------------------------------------------------------


def test_feeds_refresh_and_remove_take_a_title(tmp_path: Path) -> None:
    feed = tmp_path / "mine.xml"
    feed.write_text(RSS, encoding="utf-8")
    db = tmp_path / "n.db"
    assert run(db, "feeds", "add", str(feed))[0] == 0
    code, out, _err = run(db, "feeds", "refresh", "高新区时讯")
    assert code == 0 and out.strip() == "高新区时讯: unchanged"
    code, _out, err = run(db, "feeds", "refresh", "没有这个")
    assert code == 1 and "没有这个: not subscribed" in one_line(err)
    code, out, _err = run(db, "feeds", "remove", "高新区时讯")
    assert code == 0 and out.startswith("removed: 高新区时讯")
    assert run(db, "feeds", "list")[1] == ""


def test_a_feed_refresh_says_new_and_updated_by_item(tmp_path: Path) -> None:
    """One item added to a feed of two: "1 new", not "3 items updated"."""
    item = "<item><guid>{n}</guid><title>第{n}条</title><description>{text}</description></item>"

    def write(items: list[tuple[int, str]]) -> None:
        body = "".join(item.format(n=n, text=text) for n, text in items)
        feed.write_text(
            f'<rss version="2.0"><channel><title>时讯</title>{body}</channel></rss>', "utf-8"
        )

    feed = tmp_path / "mine.xml"
    write([(1, "甲。"), (2, "乙。")])
    db = tmp_path / "n.db"
    assert "(2 new)" in run(db, "feeds", "add", str(feed))[1]
    write([(1, "甲。"), (2, "乙。"), (3, "丙。")])
    assert run(db, "feeds", "refresh")[1].strip() == "时讯: 1 new"
    write([(1, "甲改。"), (3, "丙。")])
    assert run(db, "feeds", "refresh")[1].strip() == "时讯: 1 updated, 1 removed"


def test_an_unexpected_error_is_still_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from newsreader.cli.main import main

    def broken(_self: Archive) -> dict[str, object]:
        raise ValueError("boom\nsecond line")

    monkeypatch.setattr(Archive, "stats", broken)
    monkeypatch.delenv("NEWSREADER_DEBUG", raising=False)
    monkeypatch.setattr(sys, "argv", ["newsreader", "--db", str(tmp_path / "n.db"), "stats"])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 1
    assert "ValueError: boom␤second line" in one_line(capsys.readouterr().err)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("search",), "newsreader: search: Missing argument 'QUERY...'"),
        (("list", "--nope"), "newsreader: list: No such option '--nope'"),
        (("--bogus",), "newsreader: No such option '--bogus'"),
        (("feeds", "add"), "newsreader: feeds add: Missing argument 'URL'"),
    ],
)
def test_usage_errors_are_one_line(tmp_path: Path, args: tuple[str, ...], expected: str) -> None:
    code, out, err = run(tmp_path / "n.db", *args)
    assert code == 2 and out == "" and one_line(err).startswith(expected)


def test_a_reader_that_leaves_early_ends_the_command_quietly(db: Path) -> None:
    """``newsreader export | head``: the pipe closes; no traceback, no second complaint."""
    process = subprocess.Popen(
        [sys.executable, "-m", "newsreader", "--db", str(db), "export"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    err = process.stderr.read().decode()
    assert process.wait(timeout=60) == 1
    assert err == ""


def test_error_lines_escape_what_a_terminal_cannot_print() -> None:
    from newsreader.cli.common import arg_text
    from newsreader.cli.common import one_line as error_text

    assert error_text("经济\udcff\udcfe/a\nb\ud800\x1b[2J") == "经济\\xff\\xfe/a␤b\\ud800␛[2J"
    assert arg_text("\udcff经济") == "\ufffd经济" and arg_text("\ud800") == "?"
