"""Bylines (记者 孙庆辉 通讯员 张慧丽) and datelines (本报讯, 新华社北京10月7日电).

Both are recognised by shape only, and conservatively: a byline is a short
line made of nothing but roles and 2-4 character names, so a paragraph that
merely mentions a 记者 stays a paragraph.
"""

from __future__ import annotations

import re

from newsreader.models import Byline

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

# Traditional forms of the characters used in roles and outlets, so Big5
# pages get the same treatment.
_TRAD = str.maketrans(
    {
        "报": "[报報]",
        "讯": "[讯訊]",
        "电": "[电電]",
        "记": "[记記]",
        "员": "[员員]",
        "实": "[实實]",
        "习": "[习習]",
        "摄": "[摄攝]",
        "编": "[编編]",
        "辑": "[辑輯]",
        "责": "[责責]",
        "图": "[图圖]",
        "见": "[见見]",
        "约": "[约約]",
        "驻": "[驻駐]",
        "华": "[华華]",
        "视": "[视視]",
        "据": "[据據]",
        "网": "[网網]",
        "闻": "[闻聞]",
        "济": "[济濟]",
        "国": "[国國]",
        "经": "[经經]",
        "对": "[对對]",
    }
)


def _both(pattern: str) -> str:
    """Let a pattern written in simplified characters match traditional ones too."""
    return pattern.translate(_TRAD)


_LONG_ROLE = _both(
    r"(?:(?:本报|新华社|人民日报|中新社|央视|首席|特约|见习|实习|摄影|驻[" + _HAN + r"]{1,4}?)*"
    r"(?:记者|通讯员)|实习生|文\s?[/／]\s?图|图\s?[/／]\s?文|图文|摄影|责任编辑|编辑|校对|撰文|撰稿|供图)"
)
# One-character roles: only with a separator before the name, so a caption
# like 图为现场 is not read as the role 图 and the name 为现场.
_SHORT_ROLE = _both(r"(?:文|图|摄)")
ROLE = r"(?:" + _LONG_ROLE + r"|" + _SHORT_ROLE + r")"
_LEAD = r"(?:" + _LONG_ROLE + r"\s*[:：]?\s*|" + _SHORT_ROLE + r"(?:\s*[:：]\s*|\s+))"
_NOT_ROLE = r"(?!" + ROLE + r"(?:[\s:：/／,，、]|$))"
NAME = (
    _NOT_ROLE
    + r"(?:["
    + _HAN
    + r"]{1,6}·["
    + _HAN
    + r"]{1,8}|["
    + _HAN
    + r"]{2,4})(?=[\s、，,/／;；）)]|$|"
    + ROLE
    + r")"
)
NAMES = NAME + r"(?:\s*[、，,/／]\s*" + NAME + r"|\s+" + NAME + r")*"
_ROLES = _LEAD + r"+"
_GROUP = (
    r"(?:"
    + _ROLES
    + NAMES
    + r"(?:\s*[/／]?\s*[摄攝]影?)?"
    + r"|"
    + NAMES
    + r"\s*[/／]?\s*[摄攝]影?)"
)
_BODY = _GROUP + r"(?:[\s,，;；、]*" + _GROUP + r")*"
_OPEN = r"[■●▲◆□★☆]?\s*[（(]?\s*"
_CLOSE = r"\s*[）)]?"

_LINE = re.compile(r"\s*" + _OPEN + _BODY + _CLOSE + r"\s*")
_GLUED = re.compile(r"[。！？!?…][”’\"」』）)]{0,2}(\s*" + _OPEN + _BODY + _CLOSE + r")\s*$")
_PAIRS = re.compile(
    r"(?P<role>" + _ROLES + r")(?P<names>" + NAMES + r")"
    r"|(?P<names2>" + NAMES + r")\s*[/／]?\s*(?P<role2>[摄攝]影?)"
)
_SPLIT = re.compile(r"[\s、，,/／]+")
_COLON = re.compile(r"\s*[:：]\s*|\s+")
_SLASH = re.compile(r"\s*[/／]\s*")
MAX_LINE = 60
_GLUED_TAIL = 70


def is_byline(line: str) -> bool:
    """True when the whole line is a byline (roles and names only)."""
    return len(line) <= MAX_LINE and _LINE.fullmatch(line) is not None


def byline_pairs(text: str) -> list[Byline]:
    """The (role, name) pairs of a byline text, one Byline per name, in order."""
    out: list[Byline] = []
    for match in _PAIRS.finditer(text):
        role = match["role"] or match["role2"]
        names = match["names"] or match["names2"]
        role = _SLASH.sub("/", _COLON.sub(" ", role)).strip()
        out.extend(Byline(role, name) for name in _SPLIT.split(names) if name)
    return out


def split_glued(paragraph: str) -> tuple[str, str]:
    """Split ``…参加会议。记者 孙庆辉`` into ``(text, byline)``; byline "" if none.

    Only a byline right after sentence-ending punctuation counts, so running
    text that ends without punctuation is never cut.
    """
    tail_start = max(0, len(paragraph) - _GLUED_TAIL)
    match = _GLUED.search(paragraph, tail_start)
    if match is None or match.start(1) == 0:
        return paragraph, ""
    return paragraph[: match.start(1)].rstrip(), match[1].strip()


_OUTLET = _both(
    r"(?:据)?(?:本报|新华社|中新社|中新网|人民网|新华网|央视网|央视新闻|光明网|经济日报|中国新闻网)"
)
_PAREN = r"[（(][^（()）\n]{1,40}[）)]"
_DATELINE = re.compile(
    r"(?:"
    + _OUTLET
    + r"(?:["
    + _HAN
    + _both(r"]{1,8}?\d{1,2}月\d{1,2}日(?:电|讯)|讯|电|消息)(?:\s*")
    + _PAREN
    + r")?"
    + _both(r"|[（(](?:本报)?(?:记者|通讯员)[^（()）\n]{1,40}[）)]")
    + r")"
    r"(?:\s*[:：|｜—–-]+)?"
)


def split_dateline(paragraph: str) -> tuple[str, str]:
    """Split a leading dateline off a paragraph: ``(dateline, rest)``."""
    match = _DATELINE.match(paragraph)
    if match is None:
        return "", paragraph
    return match[0].strip(), paragraph[match.end() :].lstrip()


def dateline_bylines(dateline: str) -> list[Byline]:
    """Bylines credited inside a dateline's brackets, e.g. ``（记者 王浩）``."""
    out: list[Byline] = []
    for inner in re.findall(_PAREN, dateline):
        body = inner[1:-1].strip()
        if _LINE.fullmatch(body):
            out.extend(byline_pairs(body))
    return out
