"""Feed subscriptions: the list of feeds an archive follows, and refreshing one.

Not CLI: the command line and the reader both subscribe and refresh. The
feed list (URL, title, ETag, Last-Modified, last fetch, last status) lives
in the archive's settings under ``"feeds"`` until the archive grows a
``feeds`` table; everything goes through ``FeedList`` so that switch is one
place.

Feed lists are untrusted (an OPML file from anywhere): only http(s) URLs are
fetched. A local feed file is read only when the user named it on the
command line (``feeds add PATH`` marks the record ``local``), and then like
any page: regular files only, at most ``MAX_FILE_BYTES``, so ``/dev/zero``
or a FIFO in a feed list is refused instead of filling memory or hanging.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsreader.features.fetch import fetch
from newsreader.parse import read_page_bytes
from newsreader.parse.feed import FeedError, parse_feed

__all__ = [
    "FEEDS_SETTING",
    "FeedList",
    "FeedRecord",
    "describe_change",
    "fetch_and_store",
    "is_url",
]

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
    #: A local file the user subscribed to by name (never one from a feed list).
    local: bool = False


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

    def matching(self, name: str) -> list[FeedRecord]:
        """The feeds ``name`` stands for: its URL, else its title (exact, then ignoring case).

        More than one means the title is shared and the URL is needed.
        """
        if name in self.records:
            return [self.records[name]]
        for same in (str.__eq__, lambda a, b: a.casefold() == b.casefold()):
            found = [r for r in self.records.values() if r.title and same(r.title, name)]
            if found:
                return found
        return []

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

    ``outcome`` is ``"unchanged"`` (304, same bytes or same items) or what
    changed by item (``"1 new, 2 updated"``).
    Raises ``FetchError`` / ``ParseError`` (``FeedError``) with one-line messages.
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
    elif record.local:
        data = read_page_bytes(Path(record.url).expanduser())
        record.last_fetched, record.status = _now(), "read"
    else:
        raise FeedError(
            "not an http(s) URL (a local file is read only when given to `newsreader feeds add`)"
        )
    page = parse_feed(data, record.url)
    record.title = page.edition_title or record.title
    digest = hashlib.sha256(data).hexdigest()
    before = _items(archive, record.url)
    report = archive.store_page(record.url, page, content_hash=digest, size=len(data))
    if report.failed:
        raise FeedError("; ".join(reason for _, reason in report.failed))
    if report.unchanged and not report.added and not report.updated:
        return "unchanged", list(page.warnings)
    return describe_change(before, _items(archive, record.url)), list(page.warnings)


def _items(archive: Any, source: str) -> dict[str, tuple[Any, ...]]:
    """A feed's stored items, identity -> what a reader would see change."""
    rows = archive.db.execute(
        "SELECT a.identity, a.title, a.date, a.url, a.author, a.paragraphs "
        "FROM articles a JOIN sources s ON s.id = a.source_id WHERE s.path = ?",
        [source],
    )
    return {row[0]: tuple(row[1:]) for row in rows}


def describe_change(before: dict[str, Any], after: dict[str, Any]) -> str:
    """``"1 new, 2 updated"``: items by identity, so one new item is not "29 updated".

    A feed's file is stored whole each time it changes; what the user wants to
    know is which items are new, which changed, and which left the feed.
    """
    new = sum(1 for key in after if key not in before)
    updated = sum(1 for key, value in after.items() if key in before and before[key] != value)
    removed = sum(1 for key in before if key not in after)
    parts = [
        f"{n} {what}" for n, what in ((new, "new"), (updated, "updated"), (removed, "removed"))
    ]
    return ", ".join(p for p in parts if not p.startswith("0 ")) or "unchanged"
