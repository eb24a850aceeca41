"""What every command shares: the options, the archive, and the one error path.

Every command module imports from here and from the core, never from
another command module, so the CLI has no import cycle. ``--db``, ``--config``
and ``--json`` are defined once; a subcommand's ``--db`` and the group's land
in the same place (the root context's ``obj``), the subcommand's winning.

The error path: a command's failure is one line on stderr,
``newsreader: <what>: <reason>``, made safe for the terminal and kept on one
line even when a path or URL holds a newline. Exit status 2 means the
archive cannot be used; 1 means some files or inputs failed. ``Group``
(the class of the main group) turns whatever escapes a command (a damaged
archive's ``sqlite3.DatabaseError``, an ``OSError`` writing an output) into
that line, so no traceback reaches the user.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import sys
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from functools import cache
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click
from platformdirs import user_data_dir

from newsreader.archive import Archive, is_writable
from newsreader.models import ImportReport
from newsreader.store.schema import ArchiveError
from newsreader.text import visible

__all__ = [
    "ARCHIVE_UNUSABLE",
    "COUNT",
    "DB_ENV",
    "INPUT_FAILED",
    "Group",
    "QueryCommand",
    "archive_error_line",
    "arg_text",
    "check_db_path",
    "config_option",
    "config_path",
    "database_error_line",
    "db_option",
    "db_path",
    "default_db_path",
    "dump_json",
    "fail",
    "json_option",
    "one_line",
    "open_archive",
    "open_for_reading",
    "os_error_line",
    "os_reason",
    "print_report",
    "say",
    "state",
    "usage_line",
    "warn",
]

DB_ENV = "NEWSREADER_DB"
ARCHIVE_UNUSABLE = 2
INPUT_FAILED = 1

F = TypeVar("F", bound=Callable[..., Any])


# --------------------------------------------------------------------------
# One line on stderr
# --------------------------------------------------------------------------


def one_line(text: object) -> str:
    """``text`` safe for a terminal and on one line.

    ``visible`` shows control characters but keeps newlines (article text
    needs them); an error line must not, so they become ``␤``. Bytes that
    were not UTF-8 in a path or argument (kept by Python as lone surrogates,
    which cannot be printed) are shown as ``\\xff``.
    """
    raw = _SURROGATE.sub(_escape_surrogate, str(text))
    return visible(raw).replace("\n", "␤")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape_surrogate(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def say(message: str) -> None:
    """One line on stderr, ``newsreader: message``."""
    click.echo(f"newsreader: {one_line(message)}", err=True)


def warn(source: str, warning: str) -> None:
    say(f"{source}: warning: {warning}")


def fail(message: str, status: int = INPUT_FAILED) -> NoReturn:
    """Say ``message`` and exit with ``status`` (1 bad input, 2 unusable archive)."""
    say(message)
    sys.exit(status)


def arg_text(text: str) -> str:
    """A command-line argument as text: bytes that were not UTF-8 become U+FFFD.

    Python keeps such bytes as lone surrogates, which SQLite and the terminal
    refuse; a query made of them should just find nothing.
    """
    try:
        data = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate no byte stands for
        data = text.encode("utf-8", "replace")
    return data.decode("utf-8", "replace")


# --------------------------------------------------------------------------
# Options, defined once
# --------------------------------------------------------------------------


def state(ctx: click.Context) -> dict[str, Any]:
    """The root context's ``obj``: where the options of every level meet."""
    root = ctx.find_root()
    if not isinstance(root.obj, dict):
        root.obj = {}
    return root.obj


def _remember(key: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    def callback(ctx: click.Context, _param: click.Parameter, value: Any) -> Any:
        if value is not None:
            state(ctx)[key] = value
        return value

    return callback


def db_option(command: F) -> F:
    """``--db PATH`` on a group or command; the innermost one given wins."""
    return click.option(
        "--db",
        # Not dir_okay=False: click's usage error is three lines; we say it in one.
        type=click.Path(path_type=Path),
        default=None,
        expose_value=False,
        callback=_remember("db"),
        help=f"Archive file (default: ${DB_ENV} or the user data folder).",
    )(command)


def config_option(command: F) -> F:
    """``--config PATH``: the config file instead of the default one."""
    return click.option(
        "--config",
        type=click.Path(path_type=Path),
        default=None,
        expose_value=False,
        callback=_remember("config"),
        help="Config file (default: $NEWSREADER_CONFIG or config.toml in the user config folder).",
    )(command)


def json_option(help: str = "As JSON.") -> Callable[[F], F]:
    """``--json``, passed to the command as ``as_json``."""
    return click.option("--json", "as_json", is_flag=True, help=help)


# Offsets and limits: wide enough for any archive, small enough for SQLite's integers.
COUNT = click.IntRange(0, 2**31 - 1, clamp=True)


def default_db_path() -> Path:
    """``$NEWSREADER_DB``, else ``newsreader.db`` in the platform's user data folder."""
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return Path(user_data_dir("newsreader", appauthor=False)) / "newsreader.db"


def db_path(ctx: click.Context) -> Path:
    """The archive this command works on (``--db``, else the default)."""
    given = state(ctx).get("db")
    return Path(given).expanduser() if given is not None else default_db_path()


def config_path(ctx: click.Context) -> Path | None:
    """The ``--config`` given, if any (None: the default location)."""
    given = state(ctx).get("config")
    return Path(given).expanduser() if given is not None else None


# --------------------------------------------------------------------------
# The archive
# --------------------------------------------------------------------------


def check_db_path(ctx: click.Context) -> Path:
    """The archive path, refused in one line if it cannot be an archive file.

    A path given by the user (``--db`` or ``$NEWSREADER_DB``) must be in a
    folder that exists: a typo should not quietly create folders and an
    empty archive. Only the default location's folder is created.
    """
    path = db_path(ctx)
    if path.is_dir():
        fail(f"{path}: is a folder; give the archive's file (e.g. {path}/news.db)", 2)
    given = state(ctx).get("db") is not None or bool(os.environ.get(DB_ENV))
    parent = path.parent
    if given and str(path) != ":memory:" and not parent.is_dir():
        reason = "not a folder" if parent.exists() else "no such folder"
        fail(f"{path}: {reason}: {parent}", 2)
    return path


@contextmanager
def open_archive(ctx: click.Context, *, read_only: bool = False) -> Iterator[Archive]:
    """The command's archive, closed afterwards; exit 2 in one line if unusable."""
    path = check_db_path(ctx)
    try:
        archive = Archive.open(path, read_only=read_only)
    except ArchiveError as error:
        fail(archive_error_line(error), ARCHIVE_UNUSABLE)
    except (sqlite3.Error, UnicodeDecodeError) as error:
        fail(database_error_line(path, error), ARCHIVE_UNUSABLE)
    try:
        yield archive
    except UnicodeDecodeError as error:
        # SQLite hands back text it cannot decode only from damaged pages.
        fail(database_error_line(path, error), ARCHIVE_UNUSABLE)
    finally:
        with suppress(sqlite3.Error):
            archive.close()


def open_for_reading(ctx: click.Context) -> AbstractContextManager[Archive]:
    """``open_archive`` for commands that only read: read-only when it must be."""
    return open_archive(ctx, read_only=_needs_read_only(ctx))


def _needs_read_only(ctx: click.Context) -> bool:
    """An archive we may not write is opened read-only, and we say so once."""
    path = check_db_path(ctx)
    if not path.exists() or is_writable(path):
        return False
    shared = state(ctx)
    if not shared.get("read_only_noticed"):
        shared["read_only_noticed"] = True
        say(f"{path}: read-only, opened read-only")
    return True


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------


@cache
def _unsafe_in_json() -> re.Pattern[str]:
    """Characters JSON leaves raw that a terminal would act on or hide.

    ``json`` escapes C0 controls itself; with ``ensure_ascii=False`` it leaves
    C1 controls, format characters (bidi marks and overrides, zero-width
    characters, BOM, tags) and line/paragraph separators raw.
    """
    points = [
        chr(c)
        for c in range(0x80, 0x110000)
        if unicodedata.category(chr(c)) in ("Cc", "Cf", "Zl", "Zp", "Cs")
    ]
    return re.compile("[" + "".join(re.escape(p) for p in points) + "]")


def dump_json(value: Any) -> str:
    """JSON for stdout: readable Chinese, every invisible or control character escaped.

    Escaping (``\\u200b``, surrogate pairs for tag characters) keeps the data
    exact for scripts while nothing reaches a terminal raw.
    """
    text = json.dumps(value, ensure_ascii=False, indent=2, default=str)
    return _unsafe_in_json().sub(lambda m: json.dumps(m.group())[1:-1], text)


def print_report(report: ImportReport) -> None:
    """An import's outcome: a line per warning and failure, then the counts."""
    for path, warning in report.warnings:
        warn(path, warning)
    for path, reason in report.failed:
        say(f"{path}: {reason}")
    click.echo(
        f"{len(report.added)} added, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged, {len(report.removed)} removed, "
        f"{len(report.failed)} failed; "
        f"{report.articles_added} articles added, {report.articles_removed} removed"
    )


# --------------------------------------------------------------------------
# The one error path
# --------------------------------------------------------------------------

# SQLite's words for a file it cannot trust (as opposed to a busy or full one).
_DAMAGE = (
    "malformed",
    "not a database",
    "no such table",
    "no such column",
    "corrupt",
    "no such module",
    "vtable constructor failed",
)


_REPAIR = "`newsreader doctor` checks it, `newsreader rebuild` re-creates it from its sources"


def database_error_line(path: Path, error: Exception) -> str:
    """One line for an SQLite error that reached a command: damage points at the repair."""
    reason = " ".join(str(error).split()) or type(error).__name__
    if isinstance(error, UnicodeDecodeError) or any(w in reason.lower() for w in _DAMAGE):
        return f"{path}: the archive is damaged ({reason}); {_REPAIR}"
    return f"{path}: cannot use the archive ({reason})"


def archive_error_line(error: ArchiveError) -> str:
    """``Archive.open``'s one line, with the way out when the file is damaged."""
    message = str(error)
    if any(word in message.lower() for word in _DAMAGE) and "doctor" not in message:
        return f"{message}; {_REPAIR}"
    return message


def os_reason(error: OSError) -> str:
    """The reason alone: ``No such file or directory``."""
    return error.strerror or " ".join(str(error).split()) or type(error).__name__


def os_error_line(error: OSError) -> str:
    """``<file>: <reason>`` for a file that could not be read or written."""
    if error.filename is not None:
        return f"{os.fsdecode(error.filename)}: {os_reason(error)}"
    return os_reason(error)


# A group called without a command shows its help (click 8.2 raises this for it).
_HELP: tuple[type[Exception], ...] = tuple(
    c for c in (getattr(click.exceptions, "NoArgsIsHelpError", None),) if c is not None
)


def usage_line(error: click.UsageError) -> str:
    """``search: Missing argument 'QUERY...' (see `newsreader search --help`)``."""
    words: list[str] = []
    ctx = error.ctx
    while ctx is not None and ctx.parent is not None:
        words.append(ctx.info_name or "")
        ctx = ctx.parent
    where = " ".join(reversed(words))
    hint = f"see `newsreader {where} --help`" if where else "see `newsreader --help`"
    return f"{where + ': ' if where else ''}{error.format_message().rstrip('.')} ({hint})"


def _quiet_stdout() -> None:
    """The reader of our stdout left (``| head``): stop without another word.

    Pointing stdout at /dev/null keeps Python's exit-time flush from
    reporting the broken pipe a second time.
    """
    with suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


class Group(click.Group):
    """The main group: runs a command and turns what escapes it into one line.

    Click's usage errors (an unknown option, a missing argument) become one
    line too, keeping click's exit status 2.
    """

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except _HELP:
            raise
        except click.UsageError as error:
            fail(usage_line(error), 2)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except _HELP:
            raise
        except click.UsageError as error:
            fail(usage_line(error), 2)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except ArchiveError as error:
            fail(archive_error_line(error), ARCHIVE_UNUSABLE)
        except sqlite3.Error as error:
            fail(database_error_line(db_path(ctx), error), ARCHIVE_UNUSABLE)
        except BrokenPipeError:
            _quiet_stdout()
            sys.exit(INPUT_FAILED)
        except OSError as error:
            fail(os_error_line(error), INPUT_FAILED)


class QueryCommand(click.Command):
    """A command whose arguments are query text: ``search 经济 -广告`` needs no ``--``.

    Click reads any word starting with ``-`` as an option, so an exclusion
    (``-广告``) was "No such option". Here only the command's own options
    (``--json``, ``--limit 5``, ``--limit=5``, ``-h``) are options; every
    other word, in its order, is query text.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        takes_value: dict[str, bool] = {}
        for param in self.get_params(ctx):
            if isinstance(param, click.Option):
                for name in (*param.opts, *param.secondary_opts):
                    takes_value[name] = not (param.is_flag or param.count)
        options: list[str] = []
        words: list[str] = []
        rest = iter(args)
        for arg in rest:
            if arg == "--":
                words.extend(rest)
                break
            name = arg.split("=", 1)[0] if arg.startswith("--") else arg
            if name not in takes_value:
                words.append(arg)
                continue
            options.append(arg)
            value = next(rest, None) if takes_value[name] and name == arg else None
            if value is not None:
                options.append(value)
        return super().parse_args(ctx, [*options, "--", *words])
