"""Terminal rendering of CLI results: highlighted on a terminal, plain when piped.

Article text enters Rich only as ``Text`` built from plain strings (after
``text.visible``), with styles applied by offset, so markup in an article is
never interpreted.
"""

from __future__ import annotations

import sys

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from newsreader.models import SearchResult
from newsreader.text import visible

MATCH_STYLE = "bold black on yellow"


def highlighted(text: str, spans: tuple[tuple[int, int], ...]) -> Text:
    """``text`` made safe, with ``spans`` (valid offsets: visible keeps length) styled."""
    rich_text = Text(visible(text).replace("\n", " "))
    for start, end in spans:
        rich_text.stylize(MATCH_STYLE, start, end)
    return rich_text


def print_search_result(result: SearchResult) -> None:
    if not sys.stdout.isatty():
        click.echo(f"{result.total} results for {visible(result.query)}")
        for hit in result.hits:
            meta = " ".join(x for x in (hit.date, hit.page, hit.section) if x)
            click.echo(f"{hit.id}\t{visible(meta)}\t{visible(hit.title)}\t[{hit.hits}]")
            click.echo(f"\t{visible(hit.snippet)}")
        return
    console = Console()
    table = Table(title=Text(f"{result.total} results ({result.elapsed_ms:.1f} ms)"), expand=True)
    table.add_column("id", justify="right", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("article", ratio=1)
    table.add_column("hits", justify="right", no_wrap=True)
    for hit in result.hits:
        cell = Text()
        cell.append_text(highlighted(hit.title, hit.title_spans))
        cell.stylize("bold", 0, len(cell))
        cell.append("\n")
        cell.append_text(highlighted(hit.snippet, hit.spans))
        table.add_row(str(hit.id), hit.date, cell, str(hit.hits))
    console.print(table)
