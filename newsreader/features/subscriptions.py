"""Feed subscriptions: the list of feeds an archive follows, and refreshing one.

Not CLI: the command line and the reader both subscribe and refresh. The
feed list (URL, title, ETag, Last-Modified, last fetch, last status) lives
in the archive's settings under ``"feeds"`` until the archive grows a
``feeds`` table; everything goes through ``FeedList`` so that switch is one
place.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsreader.features.fetch import fetch
from newsreader.parse.feed import FeedError, parse_feed

__all__ = ["FEEDS_SETTING", "FeedList", "FeedRecord", "fetch_and_store", "is_url"]

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


def is_url(text: str) -> bool:
    """Whether ``text`` is an http(s) URL (the only kind fetched over the network)."""
    return text.lower().startswith(("http://", "https://"))


def fetch_and_store(
    archive: Any, record: FeedRecord, *, timeout: float = 10
) -> tuple[str, list[str]]:
    """Fetch (or read) one feed and store its items; ``(outcome, warnings)``.

    ``outcome`` is ``"unchanged"`` (304 or same bytes) or a short summary.
    Raises ``FetchError`` / ``FeedError`` / ``OSError`` with one-line messages.
    The record's validators and title are updated in place.
    """
    if is_url(record.url):
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
