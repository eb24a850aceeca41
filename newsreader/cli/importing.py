"""Bringing pages in: `import` (files, folders, feed URLs) and `watch` (live folders)."""

from __future__ import annotations

import sqlite3
import sys
from contextlib import suppress
from pathlib import Path
from typing import Any

import click

from newsreader.archive import INDEXING, Archive
from newsreader.cli.common import (
    db_option,
    db_path,
    fail,
    one_line,
    open_archive,
    print_report,
    say,
    warn,
)
from newsreader.features.subscriptions import FeedRecord, fetch_and_store, is_url
from newsreader.models import ImportReport

__all__ = ["progress_import", "register"]


def progress_import(archive: Archive, paths: list[str]) -> ImportReport:
    """Import ``paths``, with a progress bar when stderr is a terminal."""
    if not sys.stderr.isatty():
        return archive.import_paths(paths)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(bar_width=24),
        MofNCompleteColumn(),
        *_rate_and_time_left(),
        TextColumn("{task.fields[name]}", markup=False),
        console=_stderr_console(),
        transient=True,
        refresh_per_second=4,
    ) as progress:
        task = progress.add_task("importing", total=None, name="", unit="files")

        def update(done: int, total: int, path: str) -> None:
            # Files are stored first, then the search index catches up (articles).
            indexing = path == INDEXING
            unit = "articles" if indexing else "files"
            if progress.tasks[0].fields.get("unit") != unit:  # a new stage: a new rate
                progress.reset(task, total=total, completed=0, unit=unit, name="")
            progress.update(
                task,
                description="indexing" if indexing else "importing",
                completed=done,
                total=total,
                name="" if indexing else one_line(Path(path).name),
            )

        return archive.import_paths(paths, progress=update)


def _rate_and_time_left() -> list[Any]:
    """``812 articles/s · 0:01:23 left``, from the current stage's own rate."""
    from rich.progress import ProgressColumn, Task
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task: Task) -> Text:
            if (task.elapsed or 0) < 1:  # the first batch lands at once: no rate yet
                return Text("")
            line = rate_and_time_left(task.speed, task.time_remaining, task.fields)
            return Text(line, no_wrap=True, overflow="ellipsis")

    return [RateColumn()]


def rate_and_time_left(speed: float | None, remaining: float | None, fields: dict[str, Any]) -> str:
    """What the progress line says after the counts ("" until a rate is known)."""
    if not speed:
        return ""
    text = f"{speed:,.0f} {fields.get('unit', '')}/s"
    if remaining is not None:
        minutes, seconds = divmod(round(remaining), 60)
        hours, minutes = divmod(minutes, 60)
        text += f" · {hours}:{minutes:02d}:{seconds:02d} left"
    return text


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


@click.command("import")
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.pass_context
def import_command(ctx: click.Context, paths: tuple[str, ...]) -> None:
    """Import newspaper pages (.md, .markdown, .txt) and feeds from files, folders and URLs.

    Feeds are RSS 0.9x/1.0/2.0, Atom, RDF and JSON Feed (.xml, .rss, .atom,
    .rdf, .json, or sniffed); an http(s) URL is fetched once (to keep it
    refreshed, use `newsreader feeds add`).
    """
    urls = [p for p in paths if is_url(p)]
    files = [p for p in paths if p not in urls]
    url_failures = 0
    with open_archive(ctx) as archive:
        try:
            report = progress_import(archive, files) if files else ImportReport()
            for url in urls:
                url_failures += not _import_url(archive, url)
        except sqlite3.Error as error:
            fail(
                f"{db_path(ctx)}: import stopped ({error}; is the disk full?): "
                "files already imported are whole; run it again",
                2,
            )
    if files or not urls:  # URLs report on their own lines
        print_report(report)
    if report.failed or url_failures:
        sys.exit(1)


def _import_url(archive: Archive, url: str) -> bool:
    """Fetch one feed URL and store its items; a failure is one line on stderr."""
    try:
        outcome, warnings = fetch_and_store(archive, FeedRecord(url=url))
    except Exception as error:  # FetchError, FeedError, OSError...: one line naming the URL
        message = str(error)
        say(message if url in message else f"{url}: {message}")
        return False
    for warning in warnings:
        warn(url, warning)
    click.echo(f"{one_line(url)}: {one_line(outcome)}")
    return True


@click.command("watch")
@click.argument("paths", nargs=-1, type=click.Path(file_okay=False, path_type=Path))
@db_option
@click.pass_context
def watch_command(ctx: click.Context, paths: tuple[Path, ...]) -> None:
    """Keep folders imported: new, changed and deleted pages follow within a second.

    Without PATH, watches every folder imported before. Ctrl-C stops.
    """
    from newsreader.features.live import watch_folders

    with open_archive(ctx) as archive:
        folders = [str(p) for p in paths] or archive.roots()
    missing = [f for f in folders if not Path(f).is_dir()]
    for folder in missing:
        say(f"{folder}: no such folder")
    folders = [f for f in folders if f not in missing]
    if not folders:
        fail("nothing to watch: give a folder, or import one first")
    click.echo(f"watching {len(folders)} folder(s); Ctrl-C stops", err=True)
    with suppress(KeyboardInterrupt):
        watch_folders(db_path(ctx), folders, on_report=print_report)


def register(cli: click.Group) -> None:
    """Add `import` and `watch` to the main group."""
    cli.add_command(import_command)
    cli.add_command(watch_command)
