"""The command line: `newsreader` opens the reader; subcommands script the archive.

A thin click layer over ``Archive``. This module holds only the group, the
entry point and the list of command modules; the shared options and the one
error path are in ``cli/common.py``, each command group in its own module
(which never imports this one).
"""

from __future__ import annotations

import os
import sys
import threading
from importlib import resources
from pathlib import Path

import click

from newsreader.archive import Archive
from newsreader.cli import config, export, feeds, importing, maintenance, reading
from newsreader.cli.common import (
    Group,
    config_option,
    config_path,
    db_option,
    db_path,
    say,
    state,
)

__all__ = ["bundled_content", "cli", "main"]


def bundled_content() -> Path:
    """The sample page shipped inside the package (works after `pip install .`)."""
    return Path(str(resources.files("newsreader") / "bundled"))


def ensure_content(archive: Archive) -> None:
    """First launch: an empty archive gets the bundled sample page."""
    if archive.count() == 0 and not archive.read_only:
        archive.import_paths([bundled_content()])


@click.group(
    cls=Group,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@db_option
@config_option
@click.version_option(package_name="newsreader")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Read and search Chinese newspaper archives in the terminal.

    With no command, opens the reader on the archive (importing the bundled
    sample page into an empty archive first).
    """
    state(ctx)
    if ctx.invoked_subcommand is not None:
        return
    from newsreader.cli.common import open_for_reading

    with open_for_reading(ctx) as archive:
        read_only = archive.read_only
        ensure_content(archive)
    from newsreader.search.run import warm_up
    from newsreader.ui.app import run_app

    threading.Thread(target=warm_up, name="warm-up", daemon=True).start()
    sys.exit(run_app(db_path(ctx), config_path=config_path(ctx), read_only=read_only))


for _module in (reading, importing, feeds, export, config, maintenance):
    _module.register(cli)


def main() -> None:
    """Console entry point (``newsreader``, ``python -m newsreader``).

    The last resort of the one error path: anything no command expected is
    still one line (``NEWSREADER_DEBUG=1`` shows the traceback, for a report).
    """
    try:
        cli(obj={})
    except KeyboardInterrupt:
        say("interrupted")
        sys.exit(130)
    except Exception as error:
        if os.environ.get("NEWSREADER_DEBUG"):
            raise
        say(
            f"unexpected error: {type(error).__name__}: {error} "
            "(NEWSREADER_DEBUG=1 shows where; please report it)"
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
