"""Reading the archive from the command line: list, show, stats, search, keywords.

These only read, so they open an archive they may not write read-only.
Article text reaches the terminal only through ``text.visible`` (or as
escaped JSON), never as markup.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import click

from newsreader.cli.common import (
    COUNT,
    QueryCommand,
    arg_text,
    db_option,
    dump_json,
    fail,
    json_option,
    open_for_reading,
    say,
)
from newsreader.models import Article, SearchResult
from newsreader.text import visible

__all__ = ["register"]


def _article_json(article: Article) -> dict[str, Any]:
    data = asdict(article)
    data["bylines"] = [{"role": b.role, "name": b.name} for b in article.bylines]
    return data


@click.command("list")
@json_option("One JSON array of articles.")
@click.option("--limit", type=COUNT, default=None, help="At most this many, newest first.")
@db_option
@click.pass_context
def list_command(ctx: click.Context, as_json: bool, limit: int | None) -> None:
    """List articles, newest first."""
    with open_for_reading(ctx) as archive:
        ids = archive.list_ids()
        if limit is not None:
            ids = ids[:limit]
        rows = archive.rows(ids)
    if as_json:
        click.echo(dump_json([asdict(r) for r in rows]))
        return
    for row in rows:
        meta = " ".join(x for x in (row.date, row.page, row.section) if x)
        click.echo(f"{row.id:>6}  {visible(meta)}  {visible(row.title)}")


@click.command("show")
@click.argument("article_id", type=int)
@json_option("The article as JSON.")
@db_option
@click.pass_context
def show_command(ctx: click.Context, article_id: int, as_json: bool) -> None:
    """Print one article as readable text (or JSON)."""
    with open_for_reading(ctx) as archive:
        article = archive.article(article_id)
        furniture = archive.page_meta(article_id)
    if article is None:
        fail(f"no article {article_id}")
    if as_json:
        data = _article_json(article)
        if furniture:
            data["page_meta"] = furniture  # the page's footer, e.g. 更新时间：…
        click.echo(dump_json(data))
    else:
        click.echo(visible(article.plain_text()))


@click.command("stats")
@json_option()
@db_option
@click.pass_context
def stats_command(ctx: click.Context, as_json: bool = False) -> None:
    """Counts and sizes of the archive."""
    with open_for_reading(ctx) as archive:
        data = archive.stats()
    if as_json:
        click.echo(dump_json(data))
        return
    for key, value in data.items():
        click.echo(f"{key:>14}: {visible(str(value))}")


@click.command("search", cls=QueryCommand)
@click.argument("query", nargs=-1, required=True)
@json_option("Results as JSON.")
@click.option("--limit", type=COUNT, default=20, show_default=True)
@click.option("--offset", type=COUNT, default=0)
@click.option("--sort", type=click.Choice(["rank", "date"]), default="rank", show_default=True)
@db_option
@click.pass_context
def search_command(
    ctx: click.Context,
    query: tuple[str, ...],
    as_json: bool,
    limit: int,
    offset: int,
    sort: str,
) -> None:
    """Search the archive (terms, "phrases", -exclude, OR, title:, author:, date:, is:)."""
    text = arg_text(" ".join(query))
    with open_for_reading(ctx) as archive:
        result = archive.search(text, limit=limit, offset=offset, sort=sort)
        unindexed = archive.pending_index()
    if unindexed:
        say(
            f"{unindexed:,} articles are not in the search index yet; "
            "`newsreader import` finishes indexing them"
        )
    if as_json:
        click.echo(dump_json(_search_json(result)))
        return
    from newsreader.cli.render import print_search_result

    print_search_result(result)


def _search_json(result: SearchResult) -> dict[str, Any]:
    return {
        "query": result.query,
        "total": result.total,
        "hits": [
            {
                "id": h.id,
                "title": h.title,
                "date": h.date,
                "section": h.section,
                "snippet": h.snippet,
                "spans": [list(s) for s in h.spans],
                "title_spans": [list(s) for s in h.title_spans],
                "hits": h.hits,
                "score": h.score,
            }
            for h in result.hits
        ],
    }


@click.command("keywords")
@click.argument("article_id", type=int, required=False)
@json_option()
@click.option(
    "-k",
    "count",
    type=click.IntRange(1, 1000, clamp=True),
    default=8,
    show_default=True,
    help="How many.",
)
@db_option
@click.pass_context
def keywords_command(ctx: click.Context, article_id: int | None, as_json: bool, count: int) -> None:
    """An article's keywords (TF-IDF), or the archive's (over its newest articles)."""
    with open_for_reading(ctx) as archive:
        if article_id is None:
            pairs = archive.common_terms(count)
        elif archive.article(article_id) is None:
            fail(f"no article {article_id}")
        else:
            pairs = archive.keywords(article_id, count)
    if as_json:
        click.echo(dump_json([{"keyword": t, "score": round(s, 4)} for t, s in pairs]))
        return
    for term, score in pairs:
        click.echo(f"{visible(term)}\t{score:.2f}")


def register(cli: click.Group) -> None:
    """Add the reading commands to the main group."""
    for command in (list_command, show_command, stats_command, search_command, keywords_command):
        cli.add_command(command)
