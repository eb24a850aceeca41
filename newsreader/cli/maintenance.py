"""`newsreader doctor` and `newsreader rebuild`: archive health from the command line.

Kept apart from ``cli.py`` so the maintenance commands can grow without
touching the everyday ones; ``register`` adds them to the main group. Both
print one line per problem and signal the outcome through the exit status
(0 healthy or rebuilt, 1 problems found or some sources not re-imported, 2 the
archive cannot be used at all), never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from newsreader.store.schema import ArchiveError

__all__ = ["doctor_command", "rebuild_command", "register"]

_db_option = click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Archive file (default: $NEWSREADER_DB or the user data folder).",
)


def _db_path(ctx: click.Context, db: Path | None) -> Path:
    """The subcommand's ``--db``, else the group's (which knows the default)."""
    from newsreader.cli.main import default_db_path

    if db is not None:
        return db
    obj = ctx.obj if isinstance(ctx.obj, dict) else {}
    return obj.get("db") or default_db_path()


def _fail(message: str, status: int) -> None:
    from newsreader.cli.main import fail

    fail(message, status)


def _say(message: str) -> None:
    """Rebuild progress on a terminal (a long rebuild should not look stuck)."""
    from newsreader.text import visible

    click.echo(f"newsreader: {visible(message)}", err=True)


@click.command("doctor")
@_db_option
@click.option(
    "--quick", is_flag=True, help="SQLite's quick_check instead of the full integrity check."
)
@click.pass_context
def doctor_command(ctx: click.Context, db: Path | None, quick: bool) -> None:
    """Check the archive: SQLite integrity, schema, search index, missing sources.

    Exit status 0 when healthy, 1 when problems were found (each printed on
    its own line, a foreign or damaged file included), 2 when there is no
    archive at that path.
    """
    from newsreader.features.maintenance import check_archive
    from newsreader.text import visible

    path = _db_path(ctx, db)
    if not path.exists():
        _fail(f"{path}: no such archive", 2)
    problems = check_archive(path, quick=quick)
    if not problems:
        click.echo(f"{visible(str(path))}: ok")
        return
    for problem in problems:
        click.echo(visible(problem))
    click.echo(
        f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found; "
        "`newsreader rebuild` re-creates the archive from its sources",
        err=True,
    )
    raise SystemExit(1)


@click.command("rebuild")
@_db_option
@click.pass_context
def rebuild_command(ctx: click.Context, db: Path | None) -> None:
    """Re-create the archive from its source files, keeping read and starred marks.

    The new archive replaces the old one only when it is complete; the old
    one is kept beside it as <name>.bak. Sources whose files are gone (and
    remote feeds) keep the articles the old archive had.
    """
    from newsreader.features.maintenance import rebuild_archive
    from newsreader.text import visible

    path = _db_path(ctx, db)
    try:
        report = rebuild_archive(path, progress=_say if sys.stderr.isatty() else None)
    except ArchiveError as error:
        _fail(str(error), 2)
        return
    except OSError as error:
        _fail(f"{path}: cannot rebuild ({error.strerror or error})", 2)
        return
    for source, reason in report.failed:
        click.echo(f"newsreader: {visible(source)}: {visible(reason)}", err=True)
    click.echo(
        f"rebuilt {visible(report.path)}: {report.articles_after} articles "
        f"(was {report.articles_before}); {len(report.reimported)} sources re-imported, "
        f"{len(report.carried)} kept from the old archive, {len(report.failed)} failed; "
        f"{report.marks_kept} read or starred; old archive kept as {visible(report.backup)}"
    )
    if report.failed:
        raise SystemExit(1)


def register(cli_group: click.Group) -> None:
    """Add `doctor` and `rebuild` to the main command group."""
    cli_group.add_command(doctor_command)
    cli_group.add_command(rebuild_command)
