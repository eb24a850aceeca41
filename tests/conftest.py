"""Shared fixtures: the sample page and fresh archives built from it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from newsreader import Archive

# Property tests check correctness, never speed: a loaded 2-core CI machine
# must not turn a slow example into a failure.
settings.register_profile("newsreader", deadline=None, suppress_health_check=[HealthCheck.too_slow])
# In CI the examples are the same every run (derandomized): a red CI names a
# change, never a lucky draw. Runs on a developer's machine keep exploring.
settings.register_profile(
    "newsreader-ci", parent=settings.get_profile("newsreader"), derandomize=True
)
settings.load_profile("newsreader-ci" if os.environ.get("CI") else "newsreader")

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SAMPLE_PAGE = CONTENT / "zhengzhou-high-tech-zone-page.md"


@pytest.fixture
def sample_page() -> Path:
    return SAMPLE_PAGE


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    """An empty archive in a temporary file."""
    with Archive.open(tmp_path / "news.db") as opened:
        yield opened


@pytest.fixture
def sample_archive(tmp_path: Path) -> Iterator[Archive]:
    """An archive holding the bundled sample page (a copy, so tests may edit it)."""
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / SAMPLE_PAGE.name).write_bytes(SAMPLE_PAGE.read_bytes())
    with Archive.open(tmp_path / "news.db") as opened:
        report = opened.import_paths([folder])
        assert report.ok, report.failed
        yield opened
