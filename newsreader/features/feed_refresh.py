"""Refreshing and adding feeds from inside the reader, one line per feed.

The reader runs these on a worker thread with an archive of its own; each
feed's outcome is told to ``progress`` as it is known (the reader shows it as
a notice), so a slow feed never hides what the others did. Every failure is
one line naming the feed; nothing raises past here but archive errors.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from newsreader.features.fetch import FetchError
from newsreader.features.subscriptions import FeedList, FeedRecord, fetch_and_store, is_url
from newsreader.parse.errors import ParseError
from newsreader.text import visible

__all__ = ["Progress", "add_feed", "feed_of_article", "refresh_feeds"]

#: ``progress(done, total, line)``: one feed finished.
Progress = Callable[[int, int, str], None]


def _name(record: FeedRecord) -> str:
    return visible(record.title or record.url)


def _one(archive: Any, feeds: FeedList, record: FeedRecord, timeout: float) -> tuple[str, bool]:
    """Fetch one feed; ``(line, ok)``. The list is saved after each feed."""
    try:
        outcome, _warnings = fetch_and_store(archive, record, timeout=timeout)
        line, ok = f"{_name(record)}: {visible(outcome)}", True
    except (FetchError, ParseError, OSError) as error:
        record.status = "error"
        line, ok = f"{_name(record)}: {visible(str(error))}", False
    feeds.save()  # an interrupted refresh keeps what it learnt
    return line, ok


def refresh_feeds(
    archive: Any, urls: Sequence[str] | None, progress: Progress, timeout: float = 10
) -> tuple[int, int]:
    """Refresh the feeds of ``urls`` (every subscription when None); ``(ok, failed)``."""
    feeds = FeedList(archive)
    records = list(feeds) if urls is None else [r for u in urls if (r := feeds.get(u))]
    ok = failed = 0
    for done, record in enumerate(records, 1):
        line, fine = _one(archive, feeds, record, timeout)
        ok, failed = ok + fine, failed + (not fine)
        progress(done, len(records), line)
    return ok, failed


def add_feed(archive: Any, text: str, timeout: float = 10) -> tuple[str, bool]:
    """Subscribe to ``text`` (an http(s) URL, or a feed file the user typed) and fetch it.

    ``(line, ok)``: what happened, in one line.
    """
    text = text.strip()
    if not is_url(text):
        path = Path(text).expanduser()
        if not path.is_file():  # a device, a FIFO or a folder is no feed file
            return f"{visible(text)}: not an http(s) URL nor a feed file", False
        text = str(path.resolve())
    feeds = FeedList(archive)
    record = feeds.get(text) or FeedRecord(text, local=not is_url(text))
    is_new = feeds.add(record)
    line, ok = _one(archive, feeds, record, timeout)
    return ("Added " if is_new else "Already subscribed: ") + line, ok


def feed_of_article(archive: Any, article_id: int | None) -> str | None:
    """The subscription URL the article came from, or None (not from a feed)."""
    if article_id is None:
        return None
    row = archive.db.execute(
        "SELECT s.path FROM articles a JOIN sources s ON s.id = a.source_id "
        "WHERE a.id = ? AND s.kind = 'feed'",
        [article_id],
    ).fetchone()
    if row is None or FeedList(archive).get(row[0]) is None:
        return None
    return str(row[0])
