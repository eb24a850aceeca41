"""`newsreader export`: the articles a search shows, as md, json or jsonl."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from newsreader.cli.common import arg_text, db_option, open_for_reading
from newsreader.features.export import FORMATS, export_articles, export_markdown_files
from newsreader.text import visible

__all__ = ["register"]


class _VisibleOut:
    """stdout that never passes terminal control sequences through."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return int(self.stream.write(visible(text)))


@click.command("export")
@click.argument("query", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="md", show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="File to write (default stdout). For md, a folder gets one page file per edition.",
)
@click.option("--sort", type=click.Choice(["rank", "date"]), default=None, help="Result order.")
@db_option
@click.pass_context
def export_command(
    ctx: click.Context,
    query: tuple[str, ...],
    fmt: str,
    output: Path | None,
    sort: str | None,
) -> None:
    """Export the articles a search shows (all without QUERY) as md, json or jsonl."""
    text = arg_text(" ".join(query)).strip()
    with open_for_reading(ctx) as archive:
        if text:
            ids = archive.search_ids(text, sort=sort or "rank")
        else:
            ids = archive.list_ids(sort="file" if sort is None else sort)
        articles = [a for a in (archive.article(i) for i in ids) if a is not None]
    if (
        output is not None
        and fmt == "md"
        and (output.is_dir() or str(output).endswith(("/", "\\")))
    ):
        files = export_markdown_files(articles, output)
        click.echo(
            f"{len(articles)} articles in {len(files)} files under {visible(str(output))}", err=True
        )
        return
    if output is None:
        count = export_articles(articles, fmt, _VisibleOut(sys.stdout))  # type: ignore[arg-type]
    else:
        with output.open("w", encoding="utf-8") as handle:
            count = export_articles(articles, fmt, handle)  # type: ignore[arg-type]
        click.echo(f"{count} articles written to {visible(str(output))}", err=True)


def register(cli: click.Group) -> None:
    """Add `export` to the main group."""
    cli.add_command(export_command)
