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
    db_path,
    dump_json,
    fail,
    json_option,
    one_line,
    open_archive,
    os_reason,
    say,
    warn,
)
from newsreader.features.fetch import FetchError
from newsreader.features.opml import OpmlError, OpmlFeed, export_opml, parse_opml
from newsreader.features.outputs import refused_output
from newsreader.features.subscriptions import FeedList, FeedRecord, fetch_and_store, is_url
from newsreader.parse import ParseError, read_page_bytes
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


def _reason(error: Exception) -> str:
    return str(getattr(error, "reason", None) or error)


def _failure_line(url: str, error: Exception) -> str:
    """``<url>: <reason>``, the URL once (fetch errors already start with it)."""
    reason = _reason(error)
    return reason if reason.startswith(url) else f"{url}: {reason}"


def _one_feed(feeds: FeedList, name: str) -> FeedRecord:
    """The subscription a command-line NAME (URL or title) stands for, or one line and exit 1."""
    found = feeds.matching(name)
    if not found:
        fail(f"{name}: not subscribed (no feed has that URL or title)")
    if len(found) > 1:
        fail(f"{name}: {len(found)} feeds have that title; give the URL")
    return found[0]


@feeds_group.command("add")
@click.argument("url")
@click.option("--title", default="", help="A title to show until the feed gives its own.")
@click.option("--no-fetch", is_flag=True, help="Only subscribe; fetch on the next refresh.")
@db_option
@click.pass_context
def feeds_add(ctx: click.Context, url: str, title: str, no_fetch: bool) -> None:
    """Subscribe to a feed URL (or a local feed file) and import its items."""
    local = not is_url(url)
    if local:
        path = Path(url).expanduser()
        if not path.is_file():  # a device, a FIFO or a folder is no feed file
            fail(f"{url}: not an http(s) URL nor a feed file")
        url = str(path.resolve())
    with open_archive(ctx) as archive:
        feeds = FeedList(archive)
        record = feeds.get(url) or FeedRecord(url, title=title, local=local)
        record.local = record.local or local
        is_new = feeds.add(record)
        outcome = "subscribed"
        failed = False
        if not no_fetch:
            try:
                outcome, warnings = fetch_and_store(archive, record)
                _say_warnings(url, warnings)
            except (FetchError, ParseError, OSError) as error:
                record.status = "error"
                failed = True
                say(_failure_line(url, error))
                outcome = "not fetched"
        feeds.save()
    prefix = "added" if is_new else "already subscribed"
    click.echo(f"{prefix}: {one_line(record.title or url)} ({one_line(outcome)})")
    if failed:
        sys.exit(1)


@feeds_group.command("refresh")
@click.argument("names", nargs=-1)
@click.option(
    "--timeout", type=float, default=10, show_default=True, help="Seconds per feed, all told."
)
@db_option
@click.pass_context
def feeds_refresh(ctx: click.Context, names: tuple[str, ...], timeout: float) -> None:
    """Fetch every feed (or those named by URL or title), skipping unchanged ones."""
    failures = 0
    with open_archive(ctx) as archive:
        feeds = FeedList(archive)
        chosen: list[FeedRecord] = []
        for name in names:
            found = feeds.matching(name)
            if len(found) == 1:
                chosen.append(found[0])
                continue
            failures += 1
            if found:
                say(f"{name}: {len(found)} feeds have that title; give the URL")
            else:
                say(f"{name}: not subscribed (no feed has that URL or title)")
        for record in chosen if names else list(feeds):
            try:
                outcome, warnings = fetch_and_store(archive, record, timeout=timeout)
                _say_warnings(record.url, warnings)
                click.echo(f"{one_line(record.title or record.url)}: {one_line(outcome)}")
            except (FetchError, ParseError, OSError) as error:
                record.status = "error"
                failures += 1
                say(_failure_line(record.url, error))
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
        click.echo(f"{one_line(r.title or '-')}  {one_line(r.url)}  [{one_line(state)}]")


@feeds_group.command("remove")
@click.argument("name")
@db_option
@click.pass_context
def feeds_remove(ctx: click.Context, name: str) -> None:
    """Unsubscribe by URL or title (the feed's articles stay in the archive)."""
    with open_archive(ctx) as archive:
        feeds = FeedList(archive)
        record = _one_feed(feeds, name)
        feeds.remove(record.url)
        feeds.save()
    click.echo(f"removed: {one_line(record.title or record.url)} ({one_line(record.url)})")


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
    """Subscribe to every http(s) feed in an OPML file (run `feeds refresh` to fetch them).

    Entries that are not http(s) URLs (local paths, other schemes) are
    skipped, one line each: a feed list from elsewhere must not make us read
    this machine's files.
    """
    try:
        entries = parse_opml(read_page_bytes(file))
    except ParseError as error:
        fail(f"{file}: {error.reason}")
    except OpmlError as error:
        fail(f"{file}: {error}")
    usable = [e for e in entries if is_url(e.url)]
    for entry in entries:
        if not is_url(entry.url):
            say(f"{file}: skipped {entry.url}: not an http(s) URL")
    with open_archive(ctx) as archive:
        feeds = FeedList(archive)
        added = sum(
            feeds.add(FeedRecord(e.url, title=e.title, category=e.category)) for e in usable
        )
        feeds.save()
    skipped = len(entries) - len(usable)
    click.echo(
        f"{added} feeds added, {len(usable) - added} already subscribed"
        + (f", {skipped} skipped" if skipped else "")
    )
    if skipped:
        sys.exit(1)


@opml_group.command("export")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None)
@db_option
@click.pass_context
def opml_export(ctx: click.Context, output: Path | None) -> None:
    """Write the feed list as OPML to stdout or a file."""
    with open_archive(ctx) as archive:
        records = list(FeedList(archive))
        refused = None if output is None else refused_output(output, db_path(ctx), archive)
    if refused:
        fail(f"{output}: {refused}")
    text = export_opml(OpmlFeed(r.url, r.title, "", r.category) for r in records)
    if output is None:
        click.echo(visible(text), nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        fail(f"{output}: cannot write ({os_reason(error)})")
    click.echo(f"{len(records)} feeds written to {one_line(str(output))}", err=True)


def register(cli: click.Group) -> None:
    """Add `feeds` and `opml` to the main group."""
    cli.add_command(feeds_group)
    cli.add_command(opml_group)
