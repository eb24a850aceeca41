"""The command line: `newsreader` opens the reader; subcommands script the archive.

A thin click layer over ``Archive``: every command takes ``--db``, prints
article text only through ``text.visible`` (never as markup), and turns a bad
archive or bad input into one line on stderr and an exit status, never a
traceback.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import sys
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import click
from platformdirs import user_data_dir

from newsreader.archive import INDEXING, Archive, is_writable
from newsreader.models import Article, ImportReport
from newsreader.store.schema import ArchiveError
from newsreader.text import visible

DB_ENV = "NEWSREADER_DB"


def default_db_path() -> Path:
    """``$NEWSREADER_DB``, else ``newsreader.db`` in the platform's user data folder."""
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return Path(user_data_dir("newsreader", appauthor=False)) / "newsreader.db"


def bundled_content() -> Path:
    """The sample page shipped inside the package (works after `pip install .`)."""
    return Path(str(resources.files("newsreader") / "bundled"))


def fail(message: str, status: int = 1) -> None:
    click.echo(f"newsreader: {visible(message)}", err=True)
    sys.exit(status)


@contextmanager
def open_archive(ctx: click.Context, *, read_only: bool = False) -> Iterator[Archive]:
    path: Path = ctx.obj["db"]
    try:
        archive = Archive.open(path, read_only=read_only)
    except ArchiveError as error:
        fail(str(error), 2)
    try:
        yield archive
    finally:
        archive.close()


def ensure_content(archive: Archive) -> None:
    """First launch: an empty archive gets the bundled sample page."""
    if archive.count() == 0 and not archive.read_only:
        archive.import_paths([bundled_content()])


db_option = click.option(
    "--db",
    "db",
    # Not dir_okay=False: click's usage error is three lines; Archive.open says it in one.
    type=click.Path(path_type=Path),
    default=None,
    help=f"Archive file (default: ${DB_ENV} or the user data folder).",
)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@db_option
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Config file (default: config.toml in the user config folder).",
)
@click.version_option(package_name="newsreader")
@click.pass_context
def cli(ctx: click.Context, db: Path | None, config_path: Path | None) -> None:
    """Read and search Chinese newspaper archives in the terminal.

    With no command, opens the reader on the archive (importing the bundled
    sample page into an empty archive first).
    """
    ctx.ensure_object(dict)
    ctx.obj.setdefault("db", db or default_db_path())
    if db is not None:
        ctx.obj["db"] = db
    ctx.obj["config"] = config_path
    if ctx.invoked_subcommand is None:
        read_only = _exists(ctx)
        with open_archive(ctx, read_only=read_only) as archive:
            ensure_content(archive)
        from newsreader.search.run import warm_up
        from newsreader.ui.app import run_app

        threading.Thread(target=warm_up, name="warm-up", daemon=True).start()

        sys.exit(run_app(ctx.obj["db"], config_path=config_path, read_only=read_only))


def use_db(ctx: click.Context, db: Path | None) -> None:
    """A subcommand's own ``--db`` wins over the group's."""
    if db is not None:
        ctx.obj["db"] = db


def _progress_import(archive: Archive, paths: list[str]) -> ImportReport:
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
                name="" if indexing else visible(Path(path).name),
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


def print_report(report: ImportReport) -> None:
    for path, warning in report.warnings:
        click.echo(f"newsreader: {visible(path)}: warning: {visible(warning)}", err=True)
    for path, reason in report.failed:
        click.echo(f"newsreader: {visible(path)}: {visible(reason)}", err=True)
    click.echo(
        f"{len(report.added)} added, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged, {len(report.removed)} removed, "
        f"{len(report.failed)} failed; "
        f"{report.articles_added} articles added, {report.articles_removed} removed"
    )


@cli.command("import")
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.pass_context
def import_command(ctx: click.Context, db: Path | None, paths: tuple[str, ...]) -> None:
    """Import newspaper pages (.md, .markdown, .txt) and feeds from files, folders and URLs.

    Feeds are RSS 0.9x/1.0/2.0, Atom, RDF and JSON Feed (.xml, .rss, .atom,
    .rdf, .json, or sniffed); an http(s) URL is fetched once (to keep it
    refreshed, use `newsreader feeds add`).
    """
    use_db(ctx, db)
    urls = [p for p in paths if p.lower().startswith(("http://", "https://"))]
    files = [p for p in paths if p not in urls]
    url_failures = 0
    with open_archive(ctx) as archive:
        try:
            report = _progress_import(archive, files) if files else ImportReport()
            for url in urls:
                url_failures += not _import_url(archive, url)
        except sqlite3.Error as error:
            fail(
                f"{ctx.obj['db']}: import stopped ({error}; is the disk full?): "
                "files already imported are whole; run it again",
                2,
            )
    if files or not urls:  # URLs report on their own lines
        print_report(report)
    if report.failed or url_failures:
        sys.exit(1)


def _import_url(archive: Archive, url: str) -> bool:
    """Fetch one feed URL and store its items; a failure is one line on stderr."""
    from newsreader.cli.feeds import FeedRecord, fetch_and_store

    try:
        outcome, warnings = fetch_and_store(archive, FeedRecord(url=url))
    except Exception as error:  # FetchError, FeedError, OSError: one line naming the URL
        message = str(error)
        if url not in message:
            message = f"{url}: {message}"
        click.echo(f"newsreader: {visible(message)}", err=True)
        return False
    for warning in warnings:
        click.echo(f"newsreader: {visible(url)}: warning: {visible(warning)}", err=True)
    click.echo(f"{visible(url)}: {visible(outcome)}")
    return True


@cache
def _unsafe_in_json() -> re.Pattern[str]:
    """Characters JSON leaves raw that a terminal would act on or hide.

    ``json`` escapes C0 controls itself; with ``ensure_ascii=False`` it leaves
    C1 controls, format characters (bidi marks and overrides, zero-width
    characters, BOM, tags) and line/paragraph separators raw.
    """
    points = [
        chr(c)
        for c in range(0x80, 0x110000)
        if unicodedata.category(chr(c)) in ("Cc", "Cf", "Zl", "Zp")
    ]
    return re.compile("[" + "".join(re.escape(p) for p in points) + "]")


def dump_json(value: Any) -> str:
    """JSON for stdout: readable Chinese, every invisible or control character escaped.

    Escaping (``\\u200b``, surrogate pairs for tag characters) keeps the data
    exact for scripts while nothing reaches a terminal raw.
    """
    text = json.dumps(value, ensure_ascii=False, indent=2, default=str)
    return _unsafe_in_json().sub(lambda m: json.dumps(m.group())[1:-1], text)


def _article_json(article: Article) -> dict[str, Any]:
    data = asdict(article)
    data["bylines"] = [{"role": b.role, "name": b.name} for b in article.bylines]
    return data


@cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON array of articles.")
@click.option("--limit", type=int, default=None, help="At most this many, newest first.")
@db_option
@click.pass_context
def list_command(ctx: click.Context, db: Path | None, as_json: bool, limit: int | None) -> None:
    """List articles, newest first."""
    use_db(ctx, db)
    with open_archive(ctx, read_only=_exists(ctx)) as archive:
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


@cli.command("show")
@click.argument("article_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="The article as JSON.")
@db_option
@click.pass_context
def show_command(ctx: click.Context, db: Path | None, article_id: int, as_json: bool) -> None:
    """Print one article as readable text (or JSON)."""
    use_db(ctx, db)
    with open_archive(ctx, read_only=_exists(ctx)) as archive:
        article = archive.article(article_id)
    if article is None:
        fail(f"no article {article_id}")
        return
    if as_json:
        click.echo(dump_json(_article_json(article)))
    else:
        click.echo(visible(article.plain_text()))


@cli.command("stats")
@click.option("--json", "as_json", is_flag=True, help="As JSON.")
@db_option
@click.pass_context
def stats(ctx: click.Context, db: Path | None = None, as_json: bool = False) -> None:
    """Counts and sizes of the archive."""
    use_db(ctx, db)
    with open_archive(ctx, read_only=_exists(ctx)) as archive:
        data = archive.stats()
    if as_json:
        click.echo(dump_json(data))
        return
    for key, value in data.items():
        click.echo(f"{key:>14}: {visible(str(value))}")


@cli.command("search")
@click.argument("query", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Results as JSON.")
@click.option("--limit", type=int, default=20, show_default=True)
@click.option("--offset", type=int, default=0)
@click.option("--sort", type=click.Choice(["rank", "date"]), default="rank", show_default=True)
@db_option
@click.pass_context
def search_command(
    ctx: click.Context,
    db: Path | None,
    query: tuple[str, ...],
    as_json: bool,
    limit: int,
    offset: int,
    sort: str,
) -> None:
    """Search the archive (terms, "phrases", -exclude, OR, title:, author:, date:, is:)."""
    use_db(ctx, db)
    text = " ".join(query)
    with open_archive(ctx, read_only=_exists(ctx)) as archive:
        result = archive.search(text, limit=limit, offset=offset, sort=sort)
        unindexed = archive.pending_index()
    if unindexed:
        click.echo(
            f"newsreader: {unindexed:,} articles are not in the search index yet; "
            "`newsreader import` finishes indexing them",
            err=True,
        )
    if as_json:
        payload = {
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
        click.echo(dump_json(payload))
        return
    from newsreader.cli.render import print_search_result

    print_search_result(result)


@cli.command("watch")
@click.argument("paths", nargs=-1, type=click.Path(file_okay=False, path_type=Path))
@db_option
@click.pass_context
def watch_command(ctx: click.Context, paths: tuple[Path, ...], db: Path | None) -> None:
    """Keep folders imported: new, changed and deleted pages follow within a second.

    Without PATH, watches every folder imported before. Ctrl-C stops.
    """
    use_db(ctx, db)
    from newsreader.features.live import watch_folders

    with open_archive(ctx) as archive:
        folders = [str(p) for p in paths] or archive.roots()
    missing = [f for f in folders if not Path(f).is_dir()]
    for folder in missing:
        click.echo(f"newsreader: {visible(folder)}: no such folder", err=True)
    folders = [f for f in folders if f not in missing]
    if not folders:
        fail("nothing to watch: give a folder, or import one first")
    click.echo(f"watching {len(folders)} folder(s); Ctrl-C stops", err=True)
    with suppress(KeyboardInterrupt):
        watch_folders(ctx.obj["db"], folders, on_report=print_report)


@cli.command("keywords")
@click.argument("article_id", type=int, required=False)
@click.option("--json", "as_json", is_flag=True, help="As JSON.")
@click.option("-k", "count", type=int, default=8, show_default=True, help="How many.")
@db_option
@click.pass_context
def keywords_command(
    ctx: click.Context, article_id: int | None, as_json: bool, count: int, db: Path | None
) -> None:
    """An article's keywords (TF-IDF), or the archive's (over its newest articles)."""
    use_db(ctx, db)
    with open_archive(ctx, read_only=_exists(ctx)) as archive:
        if article_id is None:
            pairs = archive.common_terms(count)
        elif archive.article(article_id) is None:
            fail(f"no article {article_id}")
            return
        else:
            pairs = archive.keywords(article_id, count)
    if as_json:
        click.echo(dump_json([{"keyword": t, "score": round(s, 4)} for t, s in pairs]))
        return
    for term, score in pairs:
        click.echo(f"{visible(term)}\t{score:.2f}")


def _exists(ctx: click.Context) -> bool:
    """Read-only commands open an archive they may not write read-only, and say so."""
    path: Path = ctx.obj["db"]
    if not path.exists() or is_writable(path):
        return False
    if not ctx.obj.get("read_only_noticed"):
        ctx.obj["read_only_noticed"] = True
        click.echo(f"newsreader: {visible(str(path))}: read-only, opened read-only", err=True)
    return True


def _register_commands() -> None:
    """Commands that live in their own modules (feeds, export, config, maintenance)."""
    from newsreader.cli import feeds, maintenance

    feeds.register(cli)
    maintenance.register(cli)


_register_commands()


def main() -> None:
    """Console entry point."""
    try:
        cli(obj={})
    except KeyboardInterrupt:
        click.echo("newsreader: interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
