"""`newsreader export`: the articles a search shows, as md, json or jsonl.

The output is checked before anything is written: never the archive, its
journal files or a page it was imported from (``features/outputs.py``).
``-o DIR/`` (or an existing folder) makes the folder and writes one page file
per edition for md, or one ``articles.json``/``articles.jsonl`` for the JSON
formats. A file that cannot be written is one line, and a file we created
is not left half-written.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from newsreader.cli.common import (
    QueryCommand,
    arg_text,
    db_option,
    db_path,
    fail,
    one_line,
    open_for_reading,
    os_reason,
)
from newsreader.features.export import FORMATS, export_articles, export_markdown_files
from newsreader.features.outputs import refused_output
from newsreader.models import Article
from newsreader.text import visible

__all__ = ["register"]


class _VisibleOut:
    """stdout that never passes terminal control sequences through."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return int(self.stream.write(visible(text)))


def _is_folder(output: str) -> bool:
    """``-o DIR/`` (the slash says so) or a folder that exists."""
    return output.endswith(("/", os.sep)) or Path(output).is_dir()


def _write_file(path: Path, articles: list[Article], fmt: str, *, make_folder: bool) -> int:
    """Write one export file; a file this call created is removed if writing fails.

    Its folder is made only for ``-o DIR/``: a file in a folder that does not
    exist is more likely a typo than a wish.
    """
    existed = path.exists()
    try:
        if make_folder:
            path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as handle:
            return export_articles(articles, fmt, handle)  # type: ignore[arg-type]
    except OSError as error:
        if not existed and path.is_file():
            path.unlink(missing_ok=True)
        fail(f"{path}: cannot write ({os_reason(error)})")


def _write_folder(folder: Path, articles: list[Article]) -> None:
    """One importable page file per edition, in a folder made if missing."""
    try:
        files = export_markdown_files(articles, folder)
    except OSError as error:
        fail(f"{error.filename or folder}: cannot write ({os_reason(error)})")
    where = f"{len(files)} files under {folder}"
    click.echo(f"{len(articles)} articles in {one_line(where)}", err=True)


@click.command("export", cls=QueryCommand)
@click.argument("query", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="md", show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    default=None,
    help="File to write (default stdout). DIR/ makes the folder (md: a file per edition).",
)
@click.option("--sort", type=click.Choice(["rank", "date"]), default=None, help="Result order.")
@db_option
@click.pass_context
def export_command(
    ctx: click.Context,
    query: tuple[str, ...],
    fmt: str,
    output: str | None,
    sort: str | None,
) -> None:
    """Export the articles a search shows (all without QUERY) as md, json or jsonl."""
    text = arg_text(" ".join(query)).strip()
    folder = output is not None and _is_folder(output)
    target = None if output is None else Path(output)
    if target is not None and folder and fmt != "md":
        target = target / f"articles.{fmt}"
    with open_for_reading(ctx) as archive:
        if target is not None and not (folder and fmt == "md"):
            refused = refused_output(target, db_path(ctx), archive)
            if refused:
                fail(f"{target}: {refused}")
        if text:
            ids = archive.search_ids(text, sort=sort or "rank")
        else:
            ids = archive.list_ids(sort="file" if sort is None else sort)
        articles = [a for a in (archive.article(i) for i in ids) if a is not None]
    if target is None:
        export_articles(articles, fmt, _VisibleOut(sys.stdout))  # type: ignore[arg-type]
    elif folder and fmt == "md":
        _write_folder(target, articles)
    else:
        count = _write_file(target, articles, fmt, make_folder=folder)
        click.echo(f"{count} articles written to {one_line(str(target))}", err=True)


def register(cli: click.Group) -> None:
    """Add `export` to the main group."""
    cli.add_command(export_command)
