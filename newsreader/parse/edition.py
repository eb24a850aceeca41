"""Which edition a page is: publication, date and page, from wherever the page says so.

A page names its edition in several places, each optional: front matter, a
``《人民日报》（…第06版）`` line, an edition heading (``人民日报 2025年01月03日
第06版``, ``《新闻联播》（20260201）``), and the file's path. Reading them is
one concern, apart from the text's structure, and ``page_edition`` says in
one place which source wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from newsreader.parse.frontmatter import iso_date

EDITION_LINE = re.compile(
    r"\s*《([^《》\n]{1,40})》\s*[（(]?\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*"
    r"(?:[,，、]?\s*第\s*([0-9０-９]+|[一二三四五六七八九十百零〇]+)\s*版)?\s*"
    r"(?:[:：]?\s*([^（）()\n]{0,20}?))?\s*[）)]?\s*"
)
_PATH_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})[-_./\\]?(0[1-9]|1[0-2])[-_./\\]?(0[1-9]|[12]\d|3[01])(?!\d)"
)
_PAGE_NUMBER = re.compile(r"第\s*([0-9０-９]{1,3})\s*版")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

# 《新闻联播》（20260201）: a programme and its day, not a printed page.
BROADCAST_TITLE = re.compile(r"\s*《[^《》\n]{1,40}》\s*[（(]\s*(?:19|20)\d{6}\s*[）)]\s*")
_FIRST_LINE = re.compile(r"\s*#+([^\n]*)")

_QUOTED_NAME = re.compile(r"《([^《》\n]{1,40})》")
# A publication's name opening an edition heading: 人民日报 2025年…, 郑州日报 · 高新区新闻.
_LEADING_NAME = re.compile(
    r"\s*([\u3400-\u9fff]{1,12}?(?:日报|晚报|早报|时报|商报|周报|周刊|画报|报|杂志|新闻|联播))"
    r"(?=\s|[·•|｜/—–-]|\d|$)"
)


def _page_label(number: str) -> str:
    """``06``, ``6`` or ``０６`` -> ``第06版``; Chinese numerals are kept as written."""
    number = number.translate(_FULLWIDTH_DIGITS)
    if number.isdigit():
        number = f"{int(number):02d}"
    return f"第{number}版"


def edition_line(line: str) -> tuple[str, str, str]:
    """``《人民日报》（2025年01月03日第 06 版）`` -> (publication, date, page)."""
    match = EDITION_LINE.fullmatch(line)
    if match is None:
        return "", "", ""
    date = iso_date(f"{match[2]}-{match[3]}-{match[4]}")
    page = _page_label(match[5]) if match[5] else ""
    return match[1].strip(), date, page


def opens_transcript(body_text: str) -> bool:
    """True when the page's first line is a programme heading (``# 《新闻联播》（20260201）``)."""
    first = _FIRST_LINE.match(body_text)
    return first is not None and bool(BROADCAST_TITLE.fullmatch(first[1]))


def edition_heading(title: str) -> tuple[str, str, str]:
    """``(publication, date, page)`` read from an edition heading; "" where it says nothing.

    ``《新闻联播》（20260201）``, ``人民日报 2025年01月03日 第06版``,
    ``郑州日报 · 高新区新闻``.
    """
    quoted = _QUOTED_NAME.search(title)
    if quoted:
        publication = quoted[1].strip()
    else:
        leading = _LEADING_NAME.match(title)
        publication = leading[1] if leading and leading.end() < len(title) else ""
    number = _PAGE_NUMBER.search(title)
    return publication, iso_date(title), _page_label(number[1]) if number else ""


def path_date(name: str) -> str:
    """The last valid date in a file path (``2023-10-12``, ``20231012``, ``2023/10/12``)."""
    for match in reversed(list(_PATH_DATE.finditer(name))):
        date = iso_date(f"{match[1]}-{match[2]}-{match[3]}")
        if date:
            return date
    return ""


def _page_name(value: Any) -> str:
    """Front matter ``section``: ``第06版`` as given; a bare number 6 becomes ``第06版``."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"第{value:02d}版"
    return text_value(value)


def text_value(value: Any) -> str:
    """A front matter value as stripped text ("" for a missing one)."""
    return "" if value is None else str(value).strip()


def page_edition(
    front: dict[str, Any], lines: Iterable[str], title: str, name: str
) -> tuple[str, str, str]:
    """``(publication, date, page)`` of a page; each from the first source that has it.

    Front matter first, then the edition lines (the page's, then its
    articles', in reading order), then the edition heading ``title``, and a
    date in the file's path ``name`` last.
    """
    publication = text_value(front.get("publication"))
    date = iso_date(front.get("date"))
    page = _page_name(front.get("section"))
    line_meta = [edition_line(line) for line in lines]
    for pub, day, number in line_meta:
        publication = publication or pub
        date = date or day
        page = page or number
    if title:
        # 人民日报 2025年01月03日 第06版, 《新闻联播》（20260201）: the edition
        # title often says it all.
        pub, day, number = edition_heading(title)
        publication = publication or pub
        date = date or day
        page = page or number
    if not date and name:
        date = path_date(name)
    return publication, date, page
