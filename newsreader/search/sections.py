"""The sections pane's tree: editions, sections and reporters with counts (hits under a query)."""

from __future__ import annotations

from typing import Any

from newsreader.models import SectionKey, SectionNode
from newsreader.search.compile import matching_ids_sql

# ------------------------------------------------------------------ sections
REPORTER_ROLE_PATTERN = "%记者%"
# The most prolific reporters only: a pane of 70,000 names helps nobody.
REPORTERS_SHOWN = 500

_SECTION_COLUMNS = "id, publication, date, page, section, read, starred, source_id"


def _edition_levels(editions: dict[str, dict[str, list[SectionNode]]]) -> list[SectionNode]:
    """Publication > date > page, without the levels that name nothing.

    Transcripts and feeds have no publication or page: a "(no publication)"
    line holding every date, or a date holding one "(no page)", is a click
    that tells nothing. Such a level is left out and what it held moves up
    (its keys select the same articles). A "(no page)" beside real pages stays.
    """
    out: list[SectionNode] = []
    for publication, dates in editions.items():
        date_nodes: list[SectionNode] = []
        for date, pages in dates.items():
            count = sum(p.count for p in pages)
            children = () if len(pages) == 1 and not pages[0].key.value[2] else tuple(pages)
            key = SectionKey("edition", (publication, date))
            if date:
                date_nodes.append(SectionNode(key, date, count, children))
            elif children:
                date_nodes.extend(children)
            else:
                date_nodes.append(SectionNode(key, "(no date)", count))
        if publication:
            total = sum(d.count for d in date_nodes)
            key = SectionKey("edition", (publication,))
            out.append(SectionNode(key, publication, total, tuple(date_nodes)))
        else:
            out.extend(date_nodes)
    return out


def section_tree(db: Any, text: str) -> list[SectionNode]:
    """All / Unread / Starred, Editions, Sections and Reporters with counts.

    With a query the counts are hits, so the pane shows where the results are.
    """
    # Only the narrow edition index is read (never the article rows, which
    # hold the text): the pane stays cheap in time and memory at any size.
    source = f"(SELECT {_SECTION_COLUMNS} FROM articles INDEXED BY idx_articles_edition)"
    params: list[Any] = []
    if text.strip():
        matched = matching_ids_sql(text)
        if matched is None:
            source, params = "(SELECT * FROM articles WHERE 0)", []
        else:
            # Run the search once, not once per group below.
            ids_sql, ids_params = matched
            db.execute("CREATE TEMP TABLE IF NOT EXISTS matched_ids (id INTEGER PRIMARY KEY)")
            db.execute("DELETE FROM temp.matched_ids")
            db.execute(f"INSERT INTO temp.matched_ids {ids_sql}", ids_params)
            source = (
                f"(SELECT {_SECTION_COLUMNS} FROM articles INDEXED BY idx_articles_edition "
                "WHERE id IN (SELECT id FROM temp.matched_ids))"
            )

    def rows(sql: str) -> list[tuple[Any, ...]]:
        return db.execute(sql.replace("{src}", source), params).fetchall()

    total, unread, starred = rows(
        "SELECT count(*), coalesce(sum(read = 0), 0), coalesce(sum(starred), 0) FROM {src} a"
    )[0]
    nodes = [
        SectionNode(SectionKey("all"), "All", total),
        SectionNode(SectionKey("unread"), "Unread", unread),
        SectionNode(SectionKey("starred"), "Starred", starred),
    ]
    editions: dict[str, dict[str, list[SectionNode]]] = {}
    for publication, date, page, count in rows(
        "SELECT publication, date, page, count(*) FROM {src} a "
        "GROUP BY publication, date, page ORDER BY date DESC, publication, page"
    ):
        node = SectionNode(
            SectionKey("edition", (publication or "", date or "", page or "")),
            page or "(no page)",
            count,
        )
        editions.setdefault(publication or "", {}).setdefault(date or "", []).append(node)
    edition_nodes = _edition_levels(editions)
    nodes.append(
        SectionNode(
            SectionKey("editions"),
            "Editions",
            sum(e.count for e in edition_nodes),
            tuple(edition_nodes),
        )
    )
    section_nodes = tuple(
        SectionNode(SectionKey("section", (name,)), name, count)
        for name, count in rows(
            "SELECT section, count(*) FROM {src} a WHERE section != '' "
            "GROUP BY section ORDER BY count(*) DESC, section"
        )
    )
    nodes.append(SectionNode(SectionKey("sections"), "Sections", len(section_nodes), section_nodes))
    reporter_sql = (
        "SELECT b.name, count(DISTINCT b.article_id) FROM bylines b WHERE b.role LIKE ? "
        + ("AND b.article_id IN (SELECT id FROM {src}) " if text.strip() else "")
        + "GROUP BY b.name ORDER BY count(DISTINCT b.article_id) DESC, b.name "
        + f"LIMIT {REPORTERS_SHOWN}"
    )
    reporter_rows = db.execute(
        reporter_sql.replace("{src}", source), [REPORTER_ROLE_PATTERN, *params]
    ).fetchall()
    reporter_nodes = tuple(
        SectionNode(SectionKey("reporter", (name,)), name, count) for name, count in reporter_rows
    )
    nodes.append(
        SectionNode(SectionKey("reporters"), "Reporters", len(reporter_nodes), reporter_nodes)
    )
    feed_rows = db.execute(
        "SELECT s.path, coalesce(nullif(s.edition_title, ''), s.path), count(a.id), "
        "count(a.id) - coalesce(sum(a.read), 0) "
        "FROM sources s LEFT JOIN " + source + " a ON a.source_id = s.id "
        "WHERE s.kind = 'feed' GROUP BY s.id ORDER BY 2",
        params,
    ).fetchall()
    if feed_rows:
        feed_nodes = tuple(
            SectionNode(SectionKey("feed", (path,)), title, count, unread=unread)
            for path, title, count, unread in feed_rows
        )
        nodes.append(
            SectionNode(SectionKey("feeds"), "Feeds", sum(f.count for f in feed_nodes), feed_nodes)
        )
    return nodes
