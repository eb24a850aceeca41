"""`newsreader config`: where the config file is, what it says, and editing it."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

import click

from newsreader.cli.common import config_option, config_path, dump_json, fail, json_option, say
from newsreader.config import default_config_path, load_config, write_default_config
from newsreader.text import visible

__all__ = ["register"]


def _path(ctx: click.Context) -> Path:
    return config_path(ctx) or default_config_path()


@click.group("config")
@config_option
def config_group() -> None:
    """Where the config file is, what it says, and editing it."""


@config_group.command("path")
@config_option
@click.pass_context
def config_path_command(ctx: click.Context) -> None:
    """Print the config file's path (it may not exist yet)."""
    click.echo(str(_path(ctx)))


@config_group.command("show")
@json_option()
@config_option
@click.pass_context
def config_show(ctx: click.Context, as_json: bool) -> None:
    """Print the settings in effect; problems in the file go to stderr."""
    path = _path(ctx)
    config, problems = load_config(path)
    for problem in problems:
        say(problem)
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
        click.echo(dump_json(data))
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
@config_option
@click.pass_context
def config_edit(ctx: click.Context) -> None:
    """Open the config in $EDITOR (writing the documented template first if missing)."""
    path = write_default_config(_path(ctx))
    try:
        click.edit(filename=str(path))
    except click.ClickException as error:
        fail(f"cannot start an editor ({error.format_message()}); the file is {path}")
    _, problems = load_config(path)
    for problem in problems:
        say(problem)
    if problems:
        sys.exit(1)


def register(cli: click.Group) -> None:
    """Add `config` to the main group."""
    cli.add_command(config_group)
