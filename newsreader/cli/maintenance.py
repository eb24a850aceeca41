"""`newsreader doctor` and `newsreader rebuild`: archive health from the command line.

Both print one line per problem and signal the outcome through the exit
status (0 healthy or rebuilt, 1 problems found or some sources not
re-imported, 2 the archive cannot be used at all), never a traceback.
"""

from __future__ import annotations

import sys

import click

from newsreader.cli.common import check_db_path, db_option, fail, say
from newsreader.features.maintenance import check_archive, rebuild_archive
from newsreader.store.schema import ArchiveError
from newsreader.text import visible

__all__ = ["register"]


@click.command("doctor")
@db_option
@click.option(
    "--quick", is_flag=True, help="SQLite's quick_check instead of the full integrity check."
)
@click.pass_context
def doctor_command(ctx: click.Context, quick: bool) -> None:
    """Check the archive: SQLite integrity, schema, search index, missing sources.

    Exit status 0 when healthy, 1 when problems were found (each printed on
    its own line, a foreign or damaged file included), 2 when there is no
    archive at that path.
    """
    path = check_db_path(ctx)
    if not path.exists():
        fail(f"{path}: no such archive", 2)
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
    sys.exit(1)


@click.command("rebuild")
@db_option
@click.pass_context
def rebuild_command(ctx: click.Context) -> None:
    """Re-create the archive from its source files, keeping read and starred marks.

    The new archive replaces the old one only when it is complete; the old
    one is kept beside it as <name>.bak. Sources whose files are gone (and
    remote feeds) keep the articles the old archive had.
    """
    path = check_db_path(ctx)
    try:
        report = rebuild_archive(path, progress=say if sys.stderr.isatty() else None)
    except ArchiveError as error:
        fail(str(error), 2)
    except OSError as error:
        fail(f"{path}: cannot rebuild ({error.strerror or error})", 2)
    for source, reason in report.failed:
        say(f"{source}: {reason}")
    click.echo(
        f"rebuilt {visible(report.path)}: {report.articles_after} articles "
        f"(was {report.articles_before}); {len(report.reimported)} sources re-imported, "
        f"{len(report.carried)} kept from the old archive, {len(report.failed)} failed; "
        f"{report.marks_kept} read or starred; old archive kept as {visible(report.backup)}"
    )
    if report.failed:
        sys.exit(1)


def register(cli: click.Group) -> None:
    """Add `doctor` and `rebuild` to the main group."""
    cli.add_command(doctor_command)
    cli.add_command(rebuild_command)
