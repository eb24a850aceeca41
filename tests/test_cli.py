"""The command line: every command, its --help, JSON output, errors without tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from newsreader.cli.main import bundled_content, cli

HOSTILE_PAGE = "## 标题\x1b[2J[bold red]红字[/]\n\n正文\x1b]52;c;aGk=\x07结束\x9b31m\u202e反转。\n"


def run(*args: str, db: Path | None = None) -> tuple[int, str, str]:
    runner = CliRunner()
    argv = [*(["--db", str(db)] if db else []), *args]
    result = runner.invoke(cli, argv, obj={}, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "cli.db"
    code, out, _err = run("import", str(bundled_content()), db=path)
    assert code == 0 and "1 added" in out
    return path


def test_bundled_content_matches_the_content_folder() -> None:
    content = Path(__file__).resolve().parent.parent / "content"
    shipped = {p.name: p.read_bytes() for p in bundled_content().glob("*.md")}
    assert shipped == {p.name: p.read_bytes() for p in content.glob("*.md")}


def _leaf_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in group.commands.items():
        assert command.help, f"{' '.join((*prefix, name))} has no help text"
        if isinstance(command, click.Group):
            found.extend(_leaf_commands(command, (*prefix, name)))
        else:
            found.append((*prefix, name))
    return found


def test_every_command_has_help_and_db() -> None:
    leaves = _leaf_commands(cli)
    assert ("import",) in leaves and ("search",) in leaves
    for path in leaves:
        code, out, _ = run(*path, "--help")
        assert code == 0, path
        if path[0] != "config":  # config commands touch no archive
            assert "--db" in out, path


def test_list_show_stats_search(db: Path) -> None:
    code, out, _ = run("list", db=db)
    assert code == 0 and out.count("\n") == 4
    code, out, _ = run("list", "--json", db=db)
    rows = json.loads(out)
    assert len(rows) == 4
    code, out, _ = run("show", str(rows[0]["id"]), db=db)
    assert code == 0 and "本报讯" in out and "记者 孙庆辉" in out
    code, out, _ = run("show", "--json", str(rows[0]["id"]), db=db)
    assert json.loads(out)["bylines"][0]["name"] == "孙庆辉"
    code, out, _ = run("stats", db=db)
    assert code == 0 and "articles" in out
    code, out, _ = run("search", "--json", "保交楼", db=db)
    payload = json.loads(out)
    assert set(payload) == {"query", "total", "hits"}
    assert payload["total"] == 1
    hit = payload["hits"][0]
    assert {"id", "title", "date", "section", "snippet", "spans", "hits", "score"} <= set(hit)
    for start, end in hit["spans"]:
        assert hit["snippet"][start:end] == "保交楼"
    code, out, _ = run("search", "保交楼", db=db)
    assert code == 0 and "1 results" in out


def test_show_missing_article_is_one_line(db: Path) -> None:
    code, _out, err = run("show", "999", db=db)
    assert code == 1 and err.strip().count("\n") == 0 and "999" in err


def test_failed_files_are_named_and_exit_1(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.md").write_text("## 标题\n\n正文。\n", encoding="utf-8")
    (folder / "bin.md").write_bytes(b"\x00\x01\x02\xff" * 400)
    code, out, err = run("import", str(folder), db=tmp_path / "x.db")
    assert code == 1
    assert "bin.md" in err and "Traceback" not in err
    assert "1 added" in out and "1 failed" in out


def test_not_a_database_is_one_line_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"garbage" * 1000)
    code, _out, err = run("stats", db=bad)
    assert code == 2 and "bad.db" in err and "Traceback" not in err


def test_hostile_text_never_reaches_the_terminal(tmp_path: Path) -> None:
    page = tmp_path / "evil.md"
    page.write_text(HOSTILE_PAGE, encoding="utf-8")
    db = tmp_path / "evil.db"
    assert run("import", str(page), db=db)[0] == 0
    for args in (("list",), ("show", "1"), ("search", "正文"), ("search", "--json", "正文")):
        _code, out, _ = run(*args, db=db)
        assert not set(out) & {"\x1b", "\x07", "\x9b", "\u202e"}, args
    _code, out, _ = run("show", "1", db=db)
    assert "[bold red]" in out


def test_db_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "env.db"
    monkeypatch.setenv("NEWSREADER_DB", str(path))
    code, _out, _ = run("import", str(bundled_content()))
    assert code == 0 and path.exists()


def test_keywords_command(db: Path) -> None:
    code, out, _ = run("search", "--json", "保交楼", db=db)
    article_id = json.loads(out)["hits"][0]["id"]
    code, out, _ = run("keywords", "--json", str(article_id), db=db)
    words = [item["keyword"] for item in json.loads(out)]
    assert code == 0 and "保交楼" in words and "安置房" in words
    code, out, _ = run("keywords", "--json", "-k", "20", db=db)
    archive_words = [item["keyword"] for item in json.loads(out)]
    assert code == 0 and "保交楼" in archive_words and "高新区" in archive_words
    code, _out, err = run("keywords", "999", db=db)
    assert code == 1 and "999" in err


def test_python_dash_m_and_shell_completion(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "newsreader", "--help"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0 and "search" in result.stdout
    # Completion is click's, keyed by the installed command's name.
    command = Path(sys.executable).with_name("newsreader")
    env = {**os.environ, "NEWSREADER_DB": str(tmp_path / "c.db")}
    for shell in ("bash", "zsh", "fish"):
        script = subprocess.run(
            [str(command)],
            capture_output=True,
            text=True,
            timeout=60,
            env={**env, "_NEWSREADER_COMPLETE": f"{shell}_source"},
            stdin=subprocess.DEVNULL,
        )
        assert script.returncode == 0 and "_NEWSREADER_COMPLETE" in script.stdout, shell


def test_the_progress_bar_follows_both_import_stages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a terminal the bar shows files being stored, then articles being indexed."""
    import sys

    from newsreader import Archive
    from newsreader.cli.importing import progress_import as _progress_import

    calls: list[tuple[int, int, str]] = []
    original = Archive.import_paths

    def recording(self: Archive, paths: list[str], **kwargs: object) -> object:
        progress = kwargs["progress"]

        def spy(done: int, total: int, path: str) -> None:
            calls.append((done, total, Path(path).name))
            progress(done, total, path)  # type: ignore[operator]

        return original(self, paths, progress=spy)

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.setattr(Archive, "import_paths", recording)
    with Archive.open(tmp_path / "a.db") as archive:
        report = _progress_import(archive, [str(bundled_content())])
    assert report.articles_added == 4
    assert calls[0][2].endswith(".md") and calls[-1] == (4, 4, "search index")


@pytest.mark.parametrize(
    "command", [("list",), ("feeds", "list"), ("doctor",), ("opml", "export"), ("rebuild",)]
)
def test_a_bad_db_is_the_same_one_line_everywhere(tmp_path: Path, command: tuple[str, ...]) -> None:
    """A folder, or a file in a folder that does not exist: one line, exit 2, nothing created."""
    missing = tmp_path / "no-such-folder" / "news.db"
    for db, words in ((tmp_path, "is a folder"), (missing, "no such folder")):
        code, out, err = run(*command, "--db", str(db))
        assert code == 2 and out == "", (command, err)
        assert err.startswith(f"newsreader: {db}: {words}") and err.count("\n") == 1, err
    assert not missing.parent.exists()


def test_no_command_module_imports_the_main_group() -> None:
    """Command modules import cli/common and the core only: no cycle through cli/main."""
    import subprocess
    import sys

    modules = ["common", "reading", "importing", "feeds", "export", "config", "maintenance"]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module('newsreader.cli.' + name)\n"
        "print('newsreader.cli.main' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
