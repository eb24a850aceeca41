"""HTML (from feeds) -> clean plain-text paragraphs.

Feed content is untrusted HTML of any quality, so it goes through the
standard library's tolerant ``html.parser.HTMLParser`` and never through
regular expressions: tags vanish, entities are decoded, block elements end
paragraphs, list items and block quotes stay readable as text (``• ``,
``1. ``, ``» ``), images become ``[图片: alt]`` and the content of scripts,
styles and other invisible elements is dropped (players and embeds leave
``[视频]``, ``[音频]``, ``[嵌入: title]``). Link targets are collected
so the article keeps them (``ParsedArticle.links``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser

__all__ = ["HtmlText", "clean_text", "html_to_paragraphs", "html_to_text", "parse_html"]

# Elements whose start or end closes the current paragraph.
_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
        "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html",
        "legend", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
        "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
# Elements whose text is never shown to a reader.
_HIDDEN = frozenset(
    {"script", "style", "head", "title", "noscript", "template", "iframe", "object",
     "svg", "math", "select", "textarea", "button", "audio", "video", "canvas", "map"}
)  # fmt: skip
# Void elements: no end tag, so they must not open a hidden/quote scope.
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
     "param", "source", "track", "wbr"}
)  # fmt: skip

# Hidden elements that are content all the same: the reader sees a marker.
_MEDIA = {"video": "[视频]", "audio": "[音频]", "iframe": "[嵌入]"}

BULLET = "• "
QUOTE = "» "


@dataclass(frozen=True, slots=True)
class HtmlText:
    """Paragraphs, link targets and image sources found in one HTML fragment."""

    paragraphs: tuple[str, ...]
    links: tuple[str, ...] = ()
    images: tuple[str, ...] = ()


def _is_cjk(ch: str) -> bool:
    """True for characters between which a source line break is not a space."""
    cp = ord(ch)
    return (
        0x2E80 <= cp <= 0x9FFF
        or 0xF900 <= cp <= 0xFAFF
        or 0xFF00 <= cp <= 0xFFEF
        or 0x20000 <= cp <= 0x323AF
    )


def clean_text(text: str) -> str:
    """Drop control and format characters that must never reach a terminal."""
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat == "Cc" and ch not in "\t\n":
            continue
        if ch in "\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
            continue
        out.append(ch)
    return "".join(out)


def _collapse(text: str) -> str:
    """Collapse whitespace like a browser, but join CJK across line breaks.

    Chinese HTML is often hard-wrapped; a newline between two Han characters
    is not a word gap, so it disappears instead of becoming a space.
    """
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace() and ch != "\u3000":
            j = i
            has_newline = False
            while j < n and text[j].isspace() and text[j] != "\u3000":
                has_newline = has_newline or text[j] in "\n\r"
                j += 1
            before = out[-1][-1] if out and out[-1] else ""
            after = text[j] if j < n else ""
            if not (has_newline and before and after and _is_cjk(before) and _is_cjk(after)):
                out.append(" ")
            i = j
            continue
        out.append(ch)
        i += 1
    return "".join(out)


class _Extractor(HTMLParser):
    """Walks the tag soup once, building paragraphs as it goes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.links: list[str] = []
        self.images: list[str] = []
        self._buf: list[str] = []
        self._hidden: list[str] = []  # stack of open hidden elements
        self._lists: list[list[int]] = []  # per open list: [ordered?, counter]
        self._quote = 0
        self._pre = 0
        self._prefix = ""

    # -- paragraph assembly -------------------------------------------------
    def _flush(self) -> None:
        raw = "".join(self._buf)
        self._buf = []
        prefix, self._prefix = self._prefix, ""
        if self._pre:
            lines = [line.rstrip() for line in raw.split("\n")]
            chunks = [line for line in lines if line.strip()]
        else:
            chunks = [_collapse(raw).strip()]
        quote = QUOTE if self._quote else ""
        for chunk in chunks:
            text = clean_text(chunk).strip()
            if text:
                self.paragraphs.append(quote + prefix + text)
                prefix = ""

    def _text(self, text: str) -> None:
        if not self._hidden:
            self._buf.append(text)

    # -- HTMLParser hooks -----------------------------------------------------
    def _media(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """A marker for a player or an embed, and its source among the links.

        Its fallback text is hidden, but the reader should know something
        was there: a post that is only a video is not empty.
        """
        if tag not in _MEDIA or self._hidden:
            return
        attr = {k: (v or "") for k, v in attrs}
        label = _collapse(attr.get("title", "")).strip() if tag == "iframe" else ""
        self._buf.append(f"{_MEDIA[tag][:-1]}: {label}]" if label else _MEDIA[tag])
        src = attr.get("src", "").strip()
        if src and src not in self.links:
            self.links.append(src)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._media(tag, attrs)
            self._hidden.append(tag)
            return
        if self._hidden:
            return
        attr = {k: (v or "") for k, v in attrs}
        if tag in _BLOCK:
            self._flush()
        if tag == "br":
            if self._pre:
                self._buf.append("\n")
            else:
                self._flush()
        elif tag in ("ul", "ol"):
            self._lists.append([tag == "ol", 0])
        elif tag == "li":
            if self._lists and self._lists[-1][0]:
                self._lists[-1][1] += 1
                self._prefix = f"{self._lists[-1][1]}. "
            else:
                self._prefix = BULLET
        elif tag == "blockquote":
            self._quote += 1
        elif tag == "pre":
            self._pre += 1
        elif tag == "img":
            alt = _collapse(attr.get("alt", "")).strip() or _collapse(attr.get("title", "")).strip()
            self._buf.append(f"[图片: {alt}]" if alt else "[图片]")
            if attr.get("src"):
                self.images.append(attr["src"])
        elif tag == "a":
            href = attr.get("href", "").strip()
            if href and not href.startswith(("#", "javascript:")) and href not in self.links:
                self.links.append(href)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:  # <script/> opens nothing; <iframe/> still leaves its marker
            self._media(tag, attrs)
            return
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            if tag in self._hidden:
                while self._hidden and self._hidden.pop() != tag:
                    pass
            return
        if self._hidden:
            return
        if tag in _BLOCK:
            self._flush()
        if tag in ("ul", "ol") and self._lists:
            self._lists.pop()
        elif tag == "blockquote" and self._quote:
            self._quote -= 1
        elif tag == "pre" and self._pre:
            self._pre -= 1

    def handle_data(self, data: str) -> None:
        self._text(data)

    def close(self) -> None:
        # A fragment cut inside a tag leaves "<a href='x" unparsed; the base
        # class would emit it as text, but it is markup, so it is dropped.
        if self.rawdata.startswith("<") and ">" not in self.rawdata:
            self.rawdata = ""
        super().close()
        self._hidden.clear()
        self._flush()


def parse_html(html: str) -> HtmlText:
    """Parse an HTML fragment (truncated or malformed is fine) into text."""
    parser = _Extractor()
    parser.feed(html)
    parser.close()
    return HtmlText(tuple(parser.paragraphs), tuple(parser.links), tuple(parser.images))


def html_to_paragraphs(html: str) -> list[str]:
    """Just the paragraphs of ``html``, in reading order."""
    return list(parse_html(html).paragraphs)


def html_to_text(html: str) -> str:
    """A one-line plain version of inline HTML (titles, author names)."""
    return " ".join(parse_html(html).paragraphs)
