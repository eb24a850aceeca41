"""CLI commands for feeds, OPML, export and the config file.

Kept apart from ``cli.py`` (the lead's) and attached with ``register(cli)``.
Like the rest of the CLI: every failure is one line on stderr and an exit
status, never a traceback; article text reaches the terminal only through
``text.visible``.

The feed list (URL, title, ETag, Last-Modified, last fetch, last status)
lives in the archive's settings under ``"feeds"`` until the archive grows a
``feeds`` table; everything goes through ``FeedList`` so that switch is
one place.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from newsreader.config import (
    default_config_path,
    load_config,
    write_default_config,
)
from newsreader.features.export import FORMATS, export_articles, export_markdown_files
from newsreader.features.fetch import FetchError, fetch
from newsreader.features.opml import OpmlError, OpmlFeed, export_opml, parse_opml
from newsreader.parse.feed import FeedError, parse_feed
from newsreader.text import visible

__all__ = ["FeedList", "FeedRecord", "fetch_and_store", "register"]

FEEDS_SETTING = "feeds"


@dataclass(slots=True)
class FeedRecord:
    """One subscription and what the last fetch learnt about it."""

    url: str
    title: str = ""
    etag: str | None = None
    modified: str | None = None
    last_fetched: str = ""
    status: str = ""
    category: str = ""


class FeedList:
    """The subscriptions of one archive (stored in its settings, as JSON)."""

    def __init__(self, archive: Any) -> None:
        self.archive = archive
        raw = archive.get_setting(FEEDS_SETTING, {}) or {}
        self.records: dict[str, FeedRecord] = {}
        for url, fields in raw.items():
            known = {k: v for k, v in fields.items() if k in FeedRecord.__slots__}
            self.records[url] = FeedRecord(**{**known, "url": url})

    def __iter__(self) -> Iterator[FeedRecord]:
        return iter(self.records.values())

    def get(self, url: str) -> FeedRecord | None:
        return self.records.get(url)

    def add(self, record: FeedRecord) -> bool:
        """Add (or keep) a subscription; True if it is new."""
        if record.url in self.records:
            return False
        self.records[record.url] = record
        return True

    def remove(self, url: str) -> bool:
        return self.records.pop(url, None) is not None

    def save(self) -> None:
        data = {
            url: {k: v for k, v in asdict(r).items() if k != "url"}
            for url, r in self.records.items()
        }
        self.archive.set_setting(FEEDS_SETTING, data)


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def fetch_and_store(
    archive: Any, record: FeedRecord, *, timeout: float = 10
) -> tuple[str, list[str]]:
    """Fetch (or read) one feed and store its items; ``(outcome, warnings)``.

    ``outcome`` is ``"unchanged"`` (304 or same bytes) or a short summary.
    Raises ``FetchError`` / ``FeedError`` / ``OSError`` with one-line messages.
    The record's validators and title are updated in place.
    """
    if _is_url(record.url):
        result = fetch(record.url, etag=record.etag, modified=record.modified, timeout=timeout)
        record.last_fetched = _now()
        if result.not_modified:
            record.etag, record.modified, record.status = result.etag, result.modified, "304"
            return "unchanged", []
        data = result.data
        record.etag, record.modified, record.status = result.etag, result.modified, "200"
    else:
        data = Path(record.url).expanduser().read_bytes()
        record.last_fetched, record.status = _now(), "read"
    page = parse_feed(data, record.url)
    record.title = page.edition_title or record.title
    digest = hashlib.sha256(data).hexdigest()
    report = archive.store_page(record.url, page, content_hash=digest, size=len(data))
    if report.failed:
        raise FeedError("; ".join(reason for _, reason in report.failed))
    if report.unchanged and not report.added and not report.updated:
        return "unchanged", list(page.warnings)
    state = "updated" if report.updated else "imported"
    return f"{len(page.articles)} items {state}", list(page.warnings)


# --------------------------------------------------------------------------
# Shared CLI plumbing (imported lazily: cli.py imports this module)
# --------------------------------------------------------------------------


def _base() -> Any:
    from newsreader.cli import main as base

    return base


db_option = click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Archive file (default: $NEWSREADER_DB or the user data folder).",
)


def _say_warnings(source: str, warnings: list[str]) -> None:
    for warning in warnings:
        click.echo(f"newsreader: {visible(source)}: warning: {visible(warning)}", err=True)


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
def feeds_add(ctx: click.Context, url: str, title: str, no_fetch: bool, db: Path | None) -> None:
    """Subscribe to a feed URL (or a local feed file) and import its items."""
    base = _base()
    base.use_db(ctx, db)
    if not _is_url(url):
        path = Path(url).expanduser()
        if not path.is_file():
            base.fail(f"{url}: not an http(s) URL nor a feed file")
        url = str(path.resolve())
    with base.open_archive(ctx) as archive:
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
def feeds_refresh(
    ctx: click.Context, urls: tuple[str, ...], timeout: float, db: Path | None
) -> None:
    """Fetch every feed (or those given), skipping unchanged ones (ETag, Last-Modified)."""
    base = _base()
    base.use_db(ctx, db)
    failures = 0
    with base.open_archive(ctx) as archive:
        feeds = FeedList(archive)
        records = [feeds.get(u) for u in urls] if urls else list(feeds)
        for wanted, record in zip(urls or [r.url for r in records], records, strict=True):
            if record is None:
                click.echo(f"newsreader: {visible(wanted)}: not subscribed", err=True)
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
                click.echo(f"newsreader: {visible(message)}", err=True)
            feeds.save()  # after each feed: an interrupted refresh keeps what it learnt
    if failures:
        sys.exit(1)


@feeds_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="As JSON.")
@db_option
@click.pass_context
def feeds_list(ctx: click.Context, as_json: bool, db: Path | None) -> None:
    """List subscribed feeds with their last fetch."""
    base = _base()
    base.use_db(ctx, db)
    with base.open_archive(ctx) as archive:
        records = list(FeedList(archive))
    if as_json:
        click.echo(base.dump_json([asdict(r) for r in records]))
        return
    for r in records:
        state = " ".join(x for x in (r.last_fetched or "never fetched", r.status) if x)
        click.echo(f"{visible(r.title or '-')}  {visible(r.url)}  [{visible(state)}]")


@feeds_group.command("remove")
@click.argument("url")
@db_option
@click.pass_context
def feeds_remove(ctx: click.Context, url: str, db: Path | None) -> None:
    """Unsubscribe (the feed's articles stay in the archive)."""
    base = _base()
    base.use_db(ctx, db)
    with base.open_archive(ctx) as archive:
        feeds = FeedList(archive)
        if not feeds.remove(url):
            base.fail(f"{url}: not subscribed")
        feeds.save()
    click.echo(f"removed: {visible(url)}")


# --------------------------------------------------------------------------
# opml
# --------------------------------------------------------------------------


@click.group("opml")
def opml_group() -> None:
    """Import and export the feed list as OPML."""


@opml_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@db_option
@click.pass_context
def opml_import(ctx: click.Context, file: Path, db: Path | None) -> None:
    """Subscribe to every feed in an OPML file (run `feeds refresh` to fetch them)."""
    base = _base()
    base.use_db(ctx, db)
    try:
        entries = parse_opml(file.read_bytes())
    except OSError as error:
        base.fail(f"{file}: cannot read ({error.strerror or error})")
        return
    except OpmlError as error:
        base.fail(f"{file}: {error}")
        return
    with base.open_archive(ctx) as archive:
        feeds = FeedList(archive)
        added = sum(
            feeds.add(FeedRecord(e.url, title=e.title, category=e.category)) for e in entries
        )
        feeds.save()
    click.echo(f"{added} feeds added, {len(entries) - added} already subscribed")


@opml_group.command("export")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@db_option
@click.pass_context
def opml_export(ctx: click.Context, output: Path | None, db: Path | None) -> None:
    """Write the feed list as OPML to stdout or a file."""
    base = _base()
    base.use_db(ctx, db)
    with base.open_archive(ctx) as archive:
        records = list(FeedList(archive))
    text = export_opml(OpmlFeed(r.url, r.title, "", r.category) for r in records)
    if output is None:
        click.echo(visible(text), nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"{len(records)} feeds written to {visible(str(output))}", err=True)


# --------------------------------------------------------------------------
# export
# --------------------------------------------------------------------------


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
    db: Path | None,
) -> None:
    """Export the articles a search shows (all without QUERY) as md, json or jsonl."""
    base = _base()
    base.use_db(ctx, db)
    text = " ".join(query).strip()
    db_path: Path = ctx.obj["db"]
    read_only = db_path.exists() and not os.access(db_path, os.W_OK)
    with base.open_archive(ctx, read_only=read_only) as archive:
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


class _VisibleOut:
    """stdout that never passes terminal control sequences through."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(visible(text))


# --------------------------------------------------------------------------
# config
# --------------------------------------------------------------------------


def _config_path(ctx: click.Context) -> Path:
    obj = ctx.find_root().obj or {}
    return Path(obj.get("config") or default_config_path())


@click.group("config")
def config_group() -> None:
    """Where the config file is, what it says, and editing it."""


@config_group.command("path")
@click.pass_context
def config_path_command(ctx: click.Context) -> None:
    """Print the config file's path (it may not exist yet)."""
    click.echo(str(_config_path(ctx)))


@config_group.command("show")
@click.option("--json", "as_json", is_flag=True, help="As JSON.")
@click.pass_context
def config_show(ctx: click.Context, as_json: bool) -> None:
    """Print the settings in effect; problems in the file go to stderr."""
    path = _config_path(ctx)
    config, problems = load_config(path)
    for problem in problems:
        click.echo(f"newsreader: {visible(problem)}", err=True)
    data = {
        "path": str(path),
        "exists": path.exists(),
        "theme": config.theme,
        "default_sort": config.default_sort,
        "pane_widths": config.pane_widths,
        "watchlist": [asdict(g) for g in config.watch_groups],
        "topics": {t.name: list(t.words) for t in config.topics},
        "keymap": config.keymap,
    }
    if as_json:
        click.echo(_base().dump_json(data))
        return
    click.echo(f"# {visible(str(path))}{'' if path.exists() else ' (missing: defaults)'}")
    click.echo(f"theme = {json.dumps(config.theme, ensure_ascii=False)}")
    click.echo(f"default_sort = {json.dumps(config.default_sort)}")
    for key, value in config.pane_widths.items():
        click.echo(f"panes.{key} = {value}")
    for group in config.watch_groups:
        words = "、".join(group.words) or "-"
        click.echo(f"watchlist {visible(group.name)} [{group.colour}]: {visible(words)}")
    for topic in config.topics:
        click.echo(f"topic {visible(topic.name)}: {visible('、'.join(topic.words))}")
    for binding, keys in config.keymap.items():
        click.echo(f"keymap.{visible(binding)} = {visible(keys)}")


@config_group.command("edit")
@click.pass_context
def config_edit(ctx: click.Context) -> None:
    """Open the config in $EDITOR (writing the documented template first if missing)."""
    path = write_default_config(_config_path(ctx))
    try:
        click.edit(filename=str(path))
    except click.ClickException as error:
        _base().fail(f"cannot start an editor ({error.format_message()}); the file is {path}")
    _, problems = load_config(path)
    for problem in problems:
        click.echo(f"newsreader: {visible(problem)}", err=True)
    if problems:
        sys.exit(1)


def register(cli: click.Group) -> None:
    """Attach the feeds, opml, export and config commands to the main group."""
    for command in (feeds_group, opml_group, export_command, config_group):
        cli.add_command(command)
