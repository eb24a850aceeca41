"""`newsreader feeds` and `newsreader opml`: subscriptions from the command line.

The subscription logic itself (``FeedList``, ``fetch_and_store``) is in
``features/subscriptions.py``; this module parses arguments and prints one
line per feed, failures on stderr.
"""

from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path

import click

from newsreader.cli.common import (
    db_option,
    dump_json,
    fail,
    json_option,
    open_archive,
    say,
    warn,
)
from newsreader.features.fetch import FetchError
from newsreader.features.opml import OpmlError, OpmlFeed, export_opml, parse_opml
from newsreader.features.subscriptions import FeedList, FeedRecord, fetch_and_store, is_url
from newsreader.parse.feed import FeedError
from newsreader.text import visible

__all__ = ["register"]


def _say_warnings(source: str, warnings: list[str]) -> None:
    for warning in warnings:
        warn(source, warning)


# --------------------------------------------------------------------------
# feeds
# --------------------------------------------------------------------------


@click.group("feeds")
def feeds_group() -> None:
    """Subscribe to RSS, Atom, RDF and JSON feeds and refresh them."""


@feeds_group.command("add")
@click.argument("url")
@click.option("--title", default="", help="A title to show until the feed gives its own.")
@click.option("--no-fetch", is_flag=True, help="Only subscribe; fetch on the next refresh.")
@db_option
@click.pass_context
def feeds_add(ctx: click.Context, url: str, title: str, no_fetch: bool) -> None:
    """Subscribe to a feed URL (or a local feed file) and import its items."""
    if not is_url(url):
        path = Path(url).expanduser()
        if not path.is_file():
            fail(f"{url}: not an http(s) URL nor a feed file")
        url = str(path.resolve())
    with open_archive(ctx) as archive:
        feeds = FeedList(archive)
        record = feeds.get(url) or FeedRecord(url, title=title)
        is_new = feeds.add(record)
        outcome = "subscribed"
        failed = False
        if not no_fetch:
            try:
                outcome, warnings = fetch_and_store(archive, record)
                _say_warnings(url, warnings)
            except (FetchError, FeedError, OSError) as error:
                record.status = "error"
                failed = True
                outcome = str(getattr(error, "reason", None) or error)
        feeds.save()
    prefix = "added" if is_new else "already subscribed"
    click.echo(f"{prefix}: {visible(record.title or url)} ({visible(outcome)})")
    if failed:
        sys.exit(1)


@feeds_group.command("refresh")
@click.argument("urls", nargs=-1)
@click.option("--timeout", type=float, default=10, show_default=True, help="Seconds per feed.")
@db_option
@click.pass_context
def feeds_refresh(ctx: click.Context, urls: tuple[str, ...], timeout: float) -> None:
    """Fetch every feed (or those given), skipping unchanged ones (ETag, Last-Modified)."""
    failures = 0
    with open_archive(ctx) as archive:
        feeds = FeedList(archive)
        for wanted in urls or [r.url for r in feeds]:
            record = feeds.get(wanted)
            if record is None:
                say(f"{wanted}: not subscribed")
                failures += 1
                continue
            try:
                outcome, warnings = fetch_and_store(archive, record, timeout=timeout)
                _say_warnings(record.url, warnings)
                click.echo(f"{visible(record.title or record.url)}: {visible(outcome)}")
            except (FetchError, FeedError, OSError) as error:
                record.status = "error"
                failures += 1
                reason = getattr(error, "reason", None) or str(error)
                message = (
                    reason if str(reason).startswith(record.url) else f"{record.url}: {reason}"
                )
                say(str(message))
            feeds.save()  # after each feed: an interrupted refresh keeps what it learnt
    if failures:
        sys.exit(1)


@feeds_group.command("list")
@json_option()
@db_option
@click.pass_context
def feeds_list(ctx: click.Context, as_json: bool) -> None:
    """List subscribed feeds with their last fetch."""
    with open_archive(ctx) as archive:
        records = list(FeedList(archive))
    if as_json:
        click.echo(dump_json([asdict(r) for r in records]))
        return
    for r in records:
        state = " ".join(x for x in (r.last_fetched or "never fetched", r.status) if x)
        click.echo(f"{visible(r.title or '-')}  {visible(r.url)}  [{visible(state)}]")


@feeds_group.command("remove")
@click.argument("url")
@db_option
@click.pass_context
def feeds_remove(ctx: click.Context, url: str) -> None:
    """Unsubscribe (the feed's articles stay in the archive)."""
    with open_archive(ctx) as archive:
        feeds = FeedList(archive)
        if not feeds.remove(url):
            fail(f"{url}: not subscribed")
        feeds.save()
    click.echo(f"removed: {visible(url)}")


# --------------------------------------------------------------------------
# opml
# --------------------------------------------------------------------------


@click.group("opml")
def opml_group() -> None:
    """Import and export the feed list as OPML."""


@opml_group.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@db_option
@click.pass_context
def opml_import(ctx: click.Context, file: Path) -> None:
    """Subscribe to every feed in an OPML file (run `feeds refresh` to fetch them)."""
    try:
        entries = parse_opml(file.read_bytes())
    except OSError as error:
        fail(f"{file}: cannot read ({error.strerror or error})")
    except OpmlError as error:
        fail(f"{file}: {error}")
    with open_archive(ctx) as archive:
        feeds = FeedList(archive)
        added = sum(
            feeds.add(FeedRecord(e.url, title=e.title, category=e.category)) for e in entries
        )
        feeds.save()
    click.echo(f"{added} feeds added, {len(entries) - added} already subscribed")


@opml_group.command("export")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None)
@db_option
@click.pass_context
def opml_export(ctx: click.Context, output: Path | None) -> None:
    """Write the feed list as OPML to stdout or a file."""
    with open_archive(ctx) as archive:
        records = list(FeedList(archive))
    text = export_opml(OpmlFeed(r.url, r.title, "", r.category) for r in records)
    if output is None:
        click.echo(visible(text), nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"{len(records)} feeds written to {visible(str(output))}", err=True)


def register(cli: click.Group) -> None:
    """Add `feeds` and `opml` to the main group."""
    cli.add_command(feeds_group)
    cli.add_command(opml_group)
