"""Page furniture kept with a source (the footer after a page's last rule).

The parser puts it in the page's front matter under ``PAGE_META``; it belongs
to the file, not to any story, so it is read back through the article's source.
"""

from __future__ import annotations

import json
import sqlite3

from newsreader.parse.page import PAGE_META


def page_meta(db: sqlite3.Connection, article_id: int) -> list[str]:
    """The furniture lines of the page an article came from (``更新时间：…``), [] if none."""
    row = db.execute(
        "SELECT s.front_matter FROM articles a JOIN sources s ON s.id = a.source_id WHERE a.id = ?",
        [article_id],
    ).fetchone()
    if not row or not row[0]:
        return []
    try:
        front = json.loads(row[0])
    except ValueError:
        return []
    lines = front.get(PAGE_META) if isinstance(front, dict) else None
    return [str(line) for line in lines] if isinstance(lines, list) else []
