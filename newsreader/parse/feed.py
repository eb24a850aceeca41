"""Feed bytes (RSS 0.9x/1.0/2.0, RDF, Atom, JSON Feed) -> ``ParsedPage``.

Feeds come from the network and are often broken: a newline before
``<?xml``, a declared charset that is wrong, GB2312 or Big5 bodies, a file
cut off mid-item. So the bytes are decoded here first (declared charset,
mapped to its superset, then sniffed), handed to feedparser as clean UTF-8,
and whatever could be read is kept; ``ParsedPage.warnings`` says what could
not. ``FeedError`` is raised only when nothing at all is readable.

Each item gets ``identity`` = ``feed:`` + its id/guid/link (or a hash of its
title and date), so re-importing a feed updates articles instead of adding
copies. HTML content becomes paragraphs through ``html_text`` (a real HTML
parser). JSON Feed is read with the ``json`` module (feedparser 6.0 does not
know it), tolerating truncation item by item.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import json
import re
import time
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from html import unescape
from pathlib import PurePath
from typing import Any

import feedparser

from newsreader.models import Byline, ParsedArticle, ParsedPage
from newsreader.parse import FEED_SUFFIXES
from newsreader.parse.bylines import (
    byline_pairs,
    dateline_bylines,
    is_byline,
    split_dateline,
    split_glued,
)
from newsreader.parse.errors import ParseError
from newsreader.parse.html_text import clean_text, html_to_text, parse_html

__all__ = ["FeedError", "decode_feed_bytes", "is_feed", "parse_feed"]

_XML_STARTS = ("<?xml", "<rss", "<feed", "<rdf:rdf", "<rdf")
# Declared charsets that are subsets of a more complete codec: a GB2312 feed
# routinely contains GBK characters, a Big5 feed HKSCS or cp950 ones.
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "euc-cn": "gb18030",
    "big5": "cp950",
    "big-5": "cp950",
    "x-big5": "cp950",
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "utf-8",
    "ascii": "utf-8",
}
_FALLBACKS = ("utf-8", "gb18030", "cp950", "big5hkscs")
_TITLE_FROM_BODY = 40


class FeedError(ParseError):
    """Nothing in the input could be read as a feed; ``reason`` says why.

    A ``ParseError`` so an importer reports feeds and pages the same way.
    """


# --------------------------------------------------------------------------
# Sniffing and decoding
# --------------------------------------------------------------------------


def _head_text(data: bytes, limit: int = 4096) -> str:
    """The start of ``data`` as text, BOM and leading whitespace removed."""
    head = data[:limit]
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if head.startswith(bom):
            return head[len(bom) :].decode(enc, "ignore").lstrip()
    return head.decode("latin-1").lstrip().lstrip("\ufeff")


def is_feed(data: bytes, name: str) -> bool:
    """Should ``import`` treat this file or URL body as a feed (not a page)?"""
    suffix = PurePath(name.split("?", 1)[0]).suffix.lower()
    if suffix in FEED_SUFFIXES:
        return True
    head = _head_text(data)
    if head.lower().startswith(_XML_STARTS):
        return True
    if head.startswith("{") and b"jsonfeed" in data[:65536]:
        try:
            doc = json.loads(data)
        except ValueError:
            return True  # truncated JSON Feed: still a feed, parse_feed reports it
        return isinstance(doc, dict) and "jsonfeed" in str(doc.get("version", ""))
    return False


def _declared_encoding(text_head: str) -> str:
    """The ``encoding`` pseudo-attribute of an XML declaration, lower-cased."""
    if not text_head.startswith("<?xml"):
        return ""
    end = text_head.find("?>")
    decl = text_head[: end if end >= 0 else 200]
    pos = decl.find("encoding")
    if pos < 0:
        return ""
    rest = decl[pos + len("encoding") :].lstrip()
    if not rest.startswith("="):
        return ""
    rest = rest[1:].lstrip()
    if not rest or rest[0] not in "'\"":
        return ""
    close = rest.find(rest[0], 1)
    return rest[1:close].strip().lower() if close > 0 else ""


def _codec(name: str) -> str | None:
    """A Python codec for a declared charset name, widened to its superset."""
    name = _SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_feed_bytes(data: bytes) -> tuple[str, str, list[str]]:
    """Decode feed bytes: ``(text, encoding used, warnings)``.

    Order: BOM, then strict UTF-8, then the declared charset (widened), then
    GB18030 and Big5 strictly, then the declared one with replacement
    characters. UTF-8 goes before the declaration because a feed that says
    GB2312 but is UTF-8 is common, and UTF-8 Chinese often decodes without
    error as GB18030 (into mojibake), while real GB18030 or Big5 text is
    almost never valid UTF-8.
    """
    warnings: list[str] = []
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            text = data[len(bom) :].decode(enc, "replace")
            if "\ufffd" in text:
                warnings.append(f"some bytes are not valid {enc} and were replaced")
            return text, enc, warnings
    declared = _declared_encoding(_head_text(data))
    declared_codec = _codec(declared) if declared else None
    if declared and declared_codec is None:
        warnings.append(f"unknown declared charset {declared!r}")
    if data.isascii() and b"\x00" not in data:
        # Every ASCII-compatible charset reads it the same: nothing to doubt.
        return data.decode("ascii"), declared_codec or "utf-8", warnings
    declared_first = [declared_codec] if declared_codec else []
    for enc in dict.fromkeys(["utf-8", *declared_first, *_FALLBACKS]):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if declared and enc != declared_codec:
            warnings.append(f"declared charset {declared!r} is wrong; read as {enc}")
        return text, enc, warnings
    enc = declared_codec or "utf-8"
    warnings.append(f"some bytes are not valid {enc} and were replaced")
    return data.decode(enc, "replace"), enc, warnings


def _as_utf8_xml(text: str) -> bytes:
    """Re-serialise decoded XML as UTF-8 with a matching declaration."""
    body = text.lstrip().lstrip("\ufeff")
    if body.startswith("<?xml"):
        end = body.find("?>")
        body = body[end + 2 :] if end >= 0 else body
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body.lstrip()).encode("utf-8")


# --------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------


def _parse_date(raw: str, parsed: time.struct_time | None = None) -> datetime | None:
    """A feed date, keeping its own UTC offset so the day is the local day."""
    raw = (raw or "").strip()
    if raw:
        try:
            return _written_year(raw, parsedate_to_datetime(raw))
        except (TypeError, ValueError, IndexError):
            pass
        try:
            return datetime.fromisoformat(raw)
        except ValueError:
            pass
    if parsed is not None:
        try:
            return datetime(*parsed[:6], tzinfo=UTC)
        except (TypeError, ValueError):
            return None
    return None


# The year of an RFC 822 date: "Mon, 01 Jan 0001 00:00:00 +0000" -> "0001".
_RFC822_YEAR = re.compile(r"\b\d{1,2}\s+[A-Za-z]{3,9}\.?\s+(\d{3,4})\b")


def _written_year(raw: str, parsed: datetime) -> datetime:
    """``parsed`` with the year as written when it has three or four digits.

    email.utils reads every year below 100 as 19xx or 20xx, which RFC 5322
    asks only of two-digit years: year 0001 became 2001.
    """
    match = _RFC822_YEAR.search(raw)
    if match is None or int(match[1]) == parsed.year:
        return parsed
    return parsed.replace(year=int(match[1]))


def _date_fields(dt: datetime | None) -> tuple[str, str]:
    """``(YYYY-MM-DD, full ISO timestamp)`` or empty strings."""
    if dt is None:
        return "", ""
    return dt.date().isoformat(), dt.isoformat()


# --------------------------------------------------------------------------
# Building articles
# --------------------------------------------------------------------------


def _identity(item_id: str, link: str, title: str, date: str) -> str:
    """Stable per item across refreshes, so re-import updates in place."""
    key = (item_id or "").strip() or (link or "").strip()
    if not key:
        key = "sha1:" + hashlib.sha1(f"{title}\n{date}".encode()).hexdigest()[:20]
    return "feed:" + key


def _distinct_identities(articles: list[ParsedArticle]) -> list[ParsedArticle]:
    """Give each item of one feed its own identity, even when ids repeat.

    Some feeds reuse a guid for distinct items (a blog's several posts of
    one day under that day's permalink). Sharing an identity would share
    read and starred marks between them, so a repeat gets the item's own
    timestamp (or its occurrence number) appended; the first keeps the id.
    """
    seen: Counter[str] = Counter()
    out = []
    for article in articles:
        seen[article.identity] += 1
        if seen[article.identity] > 1:
            suffix = article.extra.get("published") or str(seen[article.identity])
            candidate = f"{article.identity}#{suffix}"
            while candidate in seen:
                seen[article.identity] += 1
                candidate = f"{article.identity}#{seen[article.identity]}"
            seen[candidate] += 1
            article = replace(article, identity=candidate)
        out.append(article)
    return out


def _body(html: str, is_html: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Paragraphs and link targets of an item's content."""
    if not html:
        return (), ()
    if not is_html:
        text = clean_text(html.replace("\r\n", "\n"))
        paras = [" ".join(block.split()) for block in text.split("\n\n")]
        return tuple(p for p in paras if p), ()
    found = parse_html(html)
    return found.paragraphs, found.links


def _credits(
    paragraphs: tuple[str, ...], author: str
) -> tuple[str, tuple[str, ...], tuple[Byline, ...]]:
    """Dateline and bylines out of the body, the way pages get them.

    Chinese feeds carry the print text: ``本报讯 …`` first and ``记者 …`` at
    the end (or as the author). Treating them like pages makes feed articles
    search, display and export exactly like page articles.
    """
    paras = list(paragraphs)
    dateline = ""
    credits: list[Byline] = []
    if paras:
        dateline, rest = split_dateline(paras[0])
        if dateline:
            if rest:
                paras[0] = rest
            else:
                paras.pop(0)
            credits.extend(dateline_bylines(dateline))
    tail: list[Byline] = []
    if paras and is_byline(paras[-1]):
        tail = byline_pairs(paras.pop())
    elif paras:
        rest, glued = split_glued(paras[-1])
        if glued:
            paras[-1] = rest
            tail = byline_pairs(glued)
    credits.extend(tail)
    if not credits and author and is_byline(author):
        credits = byline_pairs(author)
    return dateline, tuple(paras), tuple(dict.fromkeys(credits))


def _title_from(title: str, paragraphs: tuple[str, ...]) -> str:
    """A title for an untitled item (microblog posts): its first words."""
    if title or not paragraphs:
        return title
    first = paragraphs[0]
    return first if len(first) <= _TITLE_FROM_BODY else first[:_TITLE_FROM_BODY] + "…"


def _article(
    position: int,
    *,
    feed_title: str,
    title: str,
    item_id: str,
    link: str,
    author: str,
    tags: list[str],
    content: str,
    content_is_html: bool,
    published: datetime | None,
    updated: datetime | None,
    enclosures: list[str],
    feed_url: str,
) -> ParsedArticle:
    paragraphs, links = _body(content, content_is_html)
    date, stamp = _date_fields(published or updated)
    title = _title_from(title, paragraphs)
    dateline, paragraphs, bylines = _credits(paragraphs, author)
    extra: dict[str, Any] = {"feed_url": feed_url}
    if stamp:
        extra["published"] = stamp
    if updated is not None:
        extra["updated"] = updated.isoformat()
    if enclosures:
        extra["enclosures"] = enclosures
    all_links = tuple(dict.fromkeys([*links, *enclosures]))
    return ParsedArticle(
        position=position,
        title=title,
        level=1,
        section=tags[0] if tags else feed_title,
        publication=feed_title,
        date=date,
        dateline=dateline,
        paragraphs=paragraphs,
        bylines=bylines,
        url=link,
        author=author,
        keywords=tuple(dict.fromkeys(tags)),
        links=all_links,
        identity=_identity(item_id, link, title, stamp or date),
        extra=extra,
    )


def _detail_text(entry: Any, key: str) -> str:
    """A feedparser text construct as plain text, whatever its declared type."""
    value = entry.get(key, "") or ""
    detail = entry.get(f"{key}_detail") or {}
    # feedparser's type is reliable (it sniffs RSS text for markup), so plain
    # text stays literal: a title "x < y" keeps its "<".
    if "html" in str(detail.get("type", "")):
        return html_to_text(value)
    return " ".join(clean_text(value).split())


def _people(obj: Any) -> str:
    """The names of an entry's (or feed's) authors, without their e-mail addresses.

    feedparser's ``author`` keeps only the last of several Atom authors and
    glues the address on (``Anthony (noreply@blogger.com)``); ``authors``
    has each person apart. An address stands in only where there is no name.
    """
    names = []
    for person in obj.get("authors", []) or []:
        if not isinstance(person, dict):
            continue
        name = " ".join(clean_text(str(person.get("name") or "")).split())
        names.append(name or " ".join(clean_text(str(person.get("email") or "")).split()))
    names = [n for n in dict.fromkeys(names) if n]
    return ", ".join(names) if names else _detail_text(obj, "author")


def _entry_content(entry: Any) -> tuple[str, bool]:
    """The fullest body of an entry: its longest content, else its summary."""
    best, best_html = "", True
    for part in entry.get("content", []) or []:
        value = part.get("value", "") or ""
        if len(value) > len(best):
            best, best_html = value, "html" in str(part.get("type", "text/html"))
    summary = entry.get("summary", "") or ""
    if len(summary) > len(best):
        detail = entry.get("summary_detail") or {}
        best, best_html = summary, "html" in str(detail.get("type", "text/html"))
    return best, best_html


def _parse_xml_feed(data: bytes, url_or_path: str) -> ParsedPage:
    text, encoding, warnings = decode_feed_bytes(data)
    if text[:1].isspace() or text.startswith("\ufeff"):
        warnings.append("whitespace before the XML declaration was ignored")
    # Already decoded to UTF-8 XML: say so, or feedparser flags a missing type.
    headers = {"content-type": "application/xml; charset=utf-8"}
    if "://" in url_or_path:
        headers["content-location"] = url_or_path
    result = feedparser.parse(
        io.BytesIO(_as_utf8_xml(text)),
        response_headers=headers,
        sanitize_html=False,  # html_text already keeps text only; sanitising doubles the time
    )
    feed = result.get("feed", {})
    entries = result.get("entries", [])
    version = result.get("version", "")
    feed_title = _detail_text(feed, "title")
    # Atom (RFC 4287, 4.2.1): an entry without an author has the feed's.
    feed_author = _people(feed) if version.startswith("atom") else ""
    if result.get("bozo"):
        exc = result.get("bozo_exception")
        where = ""
        if hasattr(exc, "getLineNumber"):
            try:
                where = f" at line {exc.getLineNumber()}"
            except Exception:  # sax exceptions without a locator
                where = ""
        reason = getattr(exc, "getMessage", lambda: str(exc))()
        if entries or feed_title:
            last = _detail_text(entries[-1], "title") if entries else ""
            warnings.append(
                f"not well-formed XML{where} ({reason}): read {len(entries)} item(s) "
                "with the lenient parser; anything after that point could not be read"
                + (f" and the last item ({last!r}) may be incomplete" if entries else "")
            )
        else:
            raise FeedError(f"not a readable feed{where}: {reason}")
    if not version and not entries and not feed_title:
        raise FeedError("not a feed: no RSS, RDF or Atom elements found")
    articles: list[ParsedArticle] = []
    for number, entry in enumerate(entries, 1):
        content, is_html = _entry_content(entry)
        title = _detail_text(entry, "title")
        link = (entry.get("link") or "").strip()
        if not (title or content or link):
            warnings.append(f"item {number} has no title, content or link: skipped")
            continue
        author = _people(entry) or feed_author
        tags = [
            " ".join(str(t.get("term") or t.get("label") or "").split())
            for t in entry.get("tags", []) or []
        ]
        enclosures = [
            str(e.get("href")) for e in entry.get("enclosures", []) or [] if e.get("href")
        ]
        # dict.get: FeedParserDict.get maps updated->published with a warning
        raw_published = dict.get(entry, "published", "") or ""
        raw_updated = dict.get(entry, "updated", "") or ""
        published = _parse_date(raw_published, dict.get(entry, "published_parsed"))
        updated = _parse_date(raw_updated, dict.get(entry, "updated_parsed"))
        if published is None and updated is None and (raw_published or raw_updated):
            warnings.append(f"item {number}: unreadable date {raw_published or raw_updated!r}")
        articles.append(
            _article(
                len(articles),
                feed_title=feed_title,
                title=title,
                item_id=entry.get("id", "") or "",
                link=link,
                author=author,
                tags=[t for t in tags if t],
                content=content,
                content_is_html=is_html,
                published=published,
                updated=updated if updated != published else None,
                enclosures=enclosures,
                feed_url=url_or_path,
            )
        )
    articles = _distinct_identities(articles)
    if not articles:
        warnings.append("the feed has no items")
    feed_date, _ = _date_fields(
        _parse_date(dict.get(feed, "updated", ""), dict.get(feed, "updated_parsed"))
    )
    meta = {
        "title": feed_title,
        "link": feed.get("link", "") or "",
        "subtitle": _detail_text(feed, "subtitle"),
        "url": url_or_path,
        "format": version or "unknown",
    }
    return ParsedPage(
        articles=tuple(articles),
        encoding=encoding,
        edition_title=feed_title,
        publication=feed_title,
        date=feed_date,
        front_matter={"feed": meta},
        warnings=tuple(warnings),
    )


# --------------------------------------------------------------------------
# JSON Feed
# --------------------------------------------------------------------------


def _lenient_json_object(text: str) -> tuple[dict[str, Any], bool]:
    """Parse a top-level JSON object, keeping every complete member and item.

    Returns ``(object, complete)``. A truncated ``items`` array keeps the
    items before the cut; that is what "import what can be read" means here.
    """
    decoder = json.JSONDecoder()
    out: dict[str, Any] = {}
    i, n = 0, len(text)

    def skip(j: int) -> int:
        while j < n and text[j] in " \t\r\n":
            j += 1
        return j

    i = skip(i)
    if i >= n or text[i] != "{":
        raise ValueError("not a JSON object")
    i += 1
    try:
        while True:
            i = skip(i)
            if i < n and text[i] == "}":
                return out, True
            key, i = decoder.raw_decode(text, i)
            i = skip(i)
            if i >= n or text[i] != ":":
                return out, False
            i = skip(i + 1)
            if key == "items" and i < n and text[i] == "[":
                items: list[Any] = []
                out["items"] = items
                i = skip(i + 1)
                while i < n and text[i] != "]":
                    value, i = decoder.raw_decode(text, i)
                    items.append(value)
                    i = skip(i)
                    if i < n and text[i] == ",":
                        i = skip(i + 1)
                if i >= n:
                    return out, False
                i += 1
            else:
                out[str(key)], i = decoder.raw_decode(text, i)
            i = skip(i)
            if i < n and text[i] == ",":
                i += 1
            elif i < n and text[i] == "}":
                return out, True
            else:
                return out, False
    except ValueError:
        return out, False


def _plain(value: Any) -> str:
    """A JSON Feed string field on one line, without control characters.

    JSON carries plain text (no markup to parse), but a terminal must never
    receive its escapes, just as with the XML feeds' text.
    """
    return " ".join(clean_text("" if value is None else str(value)).split())


def _plain_entities(value: Any) -> str:
    """A JSON Feed text field (a title): plain text, so ``<i>`` stays as written.

    Entities (``&amp;``, ``&#8216;``) are decoded all the same: feeds put them
    in titles so often that leaving them would show ``&amp;`` to the reader.
    """
    return _plain(unescape("" if value is None else str(value)))


def _json_authors(obj: dict[str, Any]) -> str:
    authors = obj.get("authors")
    if not isinstance(authors, list):
        single = obj.get("author")
        authors = [single] if isinstance(single, dict) else []
    names = [_plain(a.get("name")) for a in authors if isinstance(a, dict)]
    return ", ".join(n for n in names if n)


def _parse_json_feed(data: bytes, url_or_path: str) -> ParsedPage:
    warnings: list[str] = []
    try:
        text = data.decode("utf-8-sig")
        encoding = "utf-8"
    except UnicodeDecodeError:
        text, encoding, more = decode_feed_bytes(data)
        warnings += ["JSON Feed is not UTF-8", *more]
    try:
        doc, complete = _lenient_json_object(text)
    except ValueError as exc:
        raise FeedError(f"not a JSON Feed: {exc}") from None
    if not complete:
        items = doc.get("items")
        got = len(items) if isinstance(items, list) else 0
        if not doc:
            raise FeedError("not a readable JSON Feed: broken at the start")
        warnings.append(
            f"JSON Feed is truncated or broken: read {got} complete item(s); "
            "anything after that point could not be read"
        )
    version = str(doc.get("version", ""))
    if "jsonfeed" not in version:
        if not complete and not version:
            pass  # the version may simply be after the cut
        else:
            raise FeedError("not a JSON Feed: no jsonfeed version")
    feed_title = _plain_entities(doc.get("title"))
    raw_items = doc.get("items", [])
    if not isinstance(raw_items, list):
        raw_items = []
        warnings.append("'items' is not a list")
    articles: list[ParsedArticle] = []
    for number, item in enumerate(raw_items, 1):
        if not isinstance(item, dict):
            warnings.append(f"item {number} is not an object: skipped")
            continue
        html = item.get("content_html")
        plain = item.get("content_text")
        summary = item.get("summary")
        if isinstance(html, str) and html.strip():
            content, is_html = html, True
        elif isinstance(plain, str) and plain.strip():
            content, is_html = plain, False
        elif isinstance(summary, str):
            content, is_html = summary, True  # summary, like content_html, may hold markup
        else:
            content, is_html = "", False
        title = _plain_entities(item.get("title"))
        link = str(item.get("url", "") or item.get("external_url", "") or "").strip()
        if not (title or content or link):
            warnings.append(f"item {number} has no title, content or link: skipped")
            continue
        raw_tags, raw_attachments = item.get("tags"), item.get("attachments")
        tags: list[Any] = raw_tags if isinstance(raw_tags, list) else []
        attachments: list[Any] = raw_attachments if isinstance(raw_attachments, list) else []
        published = _parse_date(str(item.get("date_published", "") or ""))
        updated = _parse_date(str(item.get("date_modified", "") or ""))
        articles.append(
            _article(
                len(articles),
                feed_title=feed_title,
                title=title,
                item_id=str(item.get("id", "") or ""),
                link=link,
                author=_json_authors(item) or _json_authors(doc),
                tags=[_plain(t) for t in tags if _plain(t)],
                content=content,
                content_is_html=is_html,
                published=published,
                updated=updated if updated != published else None,
                enclosures=[
                    str(a["url"]) for a in attachments if isinstance(a, dict) and a.get("url")
                ],
                feed_url=url_or_path,
            )
        )
    if not articles and not feed_title:
        raise FeedError("no readable items or title in the JSON Feed: " + "; ".join(warnings))
    articles = _distinct_identities(articles)
    if not articles:
        warnings.append("the feed has no items")
    meta = {
        "title": feed_title,
        "link": str(doc.get("home_page_url", "") or ""),
        "subtitle": str(doc.get("description", "") or ""),
        "url": url_or_path,
        "format": "json" + version.rstrip("/").rsplit("/", 1)[-1].replace(".", ""),
    }
    return ParsedPage(
        articles=tuple(articles),
        encoding=encoding,
        edition_title=feed_title,
        publication=feed_title,
        front_matter={"feed": meta},
        warnings=tuple(warnings),
    )


def parse_feed(data: bytes, url_or_path: str) -> ParsedPage:
    """Parse any supported feed; warnings list what could not be read.

    Raises ``FeedError`` only when nothing at all is readable.
    """
    if not data.strip():
        raise FeedError("empty file")
    if b"\x00" in data[:1024] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FeedError("binary data, not a feed")
    head = _head_text(data)
    if head.startswith("{"):
        return _parse_json_feed(data, url_or_path)
    if "<opml" in head[:2048].lower():
        # A subscription list handed to `import` by mistake: say what to run.
        raise FeedError("an OPML list of feeds, not a feed: use `newsreader opml import`")
    return _parse_xml_feed(data, url_or_path)
