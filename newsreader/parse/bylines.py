"""Bylines (记者 孙庆辉 通讯员 张慧丽) and datelines (本报讯, 新华社北京10月7日电).

Both are recognised by shape only, and conservatively: a byline is a short
line made of nothing but roles and 2-4 character names, so a paragraph that
merely mentions a 记者 stays a paragraph.
"""

from __future__ import annotations

import re
from functools import lru_cache

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
    """Let a pattern written in simplified characters match traditional ones too.

    Only for characters outside ``[...]`` classes: inside one, write both forms.
    """
    return pattern.translate(_TRAD)


_LONG_ROLE = _both(
    r"(?:(?:本报|新华社|人民日报|中新社|央视|首席|特约|见习|实习|摄影|驻[" + _HAN + r"]{1,4}?)*"
    r"(?:记者|通讯员)|实习生|文\s?[/／]\s?图|图\s?[/／]\s?文|图文|摄影|责任编辑|编辑|校对|撰文|撰稿|供图)"
)
_PHOTO = _both(r"摄影?")

# A byline is read token by token: small regexes compile fast (this module is
# imported by every CLI command) and the grammar is easier to state in code.
# One-character roles (文, 图, 摄) need a separator after them, so a caption
# like 图为现场 is not read as the role 图 and the name 为现场.
_TOKEN = re.compile(
    r"(?P<sep>[\s、，,;；]+)"
    r"|(?P<colon>[:：])"
    r"|(?P<role>" + _LONG_ROLE + r")"
    r"|(?P<short>[文图圖摄攝])(?=[\s:：]|$)"
    r"|(?P<name>["
    + _HAN
    + r"]{1,6}·["
    + _HAN
    + r"]{1,8}|(?:(?!"
    + _LONG_ROLE
    + r")["
    + _HAN
    + r"]){1,5})"  # 5 is already too long for a name: stop scanning there
)
_BULLETS = "■●▲◆□★☆ \t\u3000"
_SPACES = re.compile(r"\s+")
_SLASH = re.compile(r"\s*[/／]\s*")
_PHOTO_RE = re.compile(_PHOTO)
# Words that close a credit line without being names (本报记者 王浩 报道).
_SUFFIXES = frozenset({"报道", "報導", "報道", "整理", "编译", "編譯", "综合报道", "綜合報導"})
MAX_LINE = 60
# Printed straight after the last name (李忱报道, 杜华举摄): the word ends the
# credit, it is not part of the name. The photo ones make it a photo credit.
_GLUED_SUFFIX = re.compile(_both(r"(?<=[" + _HAN + r"])(报道|報導|摄影|摄|图|电|讯)$"))
_PHOTO_SUFFIXES = frozenset({"摄影", "摄", "攝影", "攝", "图", "圖"})
# What follows a role word without being a name: 记者手记, 记者调查, 编辑手记,
# 记者招待会, 实习生招聘, and ordinary sentences (记者了解到, 记者在现场).
_NOT_NAMES = frozenset(
    str.split(
        "手记 调查 观察 手札 札记 笔记 日记 来信 专访 连线 走访 探访 采访 暗访 回访 再访 "
        "体验 感言 随笔 见闻 视点 视角 问答 追踪 跟踪 述评 评论 现场 一线 直击 出镜 所见 "
        "印象 感受 眼中 表示 获悉 获知 看到 发现 了解 注意到 招聘 招待会 发布会 座谈会 "
        "见面会 协会 之家 之窗 之声 节日 站长 部门 中心 同志 朋友 队伍 群体 身份 职业 "
        "手記 調查 觀察 專訪 採訪"
    )
)
# Characters a 2-4 character name practically never ends with, or holds.
_NOT_NAME_LAST = frozenset("会节站证团部们了的到说访聘查察會節證團們說訪")
_NOT_NAME_ANY = frozenset("的了在是从向对把被就都也还又已将説從對們")
_GLUED_TAIL = 70
_GLUED = re.compile(r"[。！？!?…][”’\"」』）)]{0,2}([^。！？!?…”’\"」』\n]{1,60})$")


@lru_cache(maxsize=4096)
def _credits(text: str) -> tuple[Byline, ...] | None:
    """Parse a whole byline line into pairs; None when it is not one.

    Cached: an archive repeats the same few credit lines thousands of times.
    """
    text = text.strip(_BULLETS)
    if len(text) > MAX_LINE or not text:
        return None
    bracketed = text[0] in "（(" and text[-1] in "）)"
    if bracketed:
        text = text[1:-1].strip()
    glued = _GLUED_SUFFIX.search(text)
    if glued:
        found = _read_credits(text[: glued.start()], glued[1] in _PHOTO_SUFFIXES)
        # A bare 杜华举摄 counts only in brackets: 现场拍摄 is not a credit.
        if found is not None and (bracketed or found[0].role != "摄"):
            return found
    return _read_credits(text, False)


def _is_name(value: str) -> bool:
    """A 2-4 character name (or a transliterated one with ·), not a common noun."""
    if "·" in value:
        return len(value.replace("·", "")) >= 2
    return (
        2 <= len(value) <= 4
        and value not in _NOT_NAMES
        and value[-1] not in _NOT_NAME_LAST
        and not any(ch in _NOT_NAME_ANY for ch in value)
    )


def _photo(pairs: list[Byline], start: int) -> None:
    """Mark the names credited since ``start`` as photographers (role + 摄)."""
    for index in range(start, len(pairs)):
        role = pairs[index].role
        if not role.endswith(("摄", "摄影", "攝", "攝影")):
            pairs[index] = Byline(f"{role} 摄", pairs[index].name)


def _read_credits(text: str, photo: bool) -> tuple[Byline, ...] | None:
    """The tokens of a byline line; ``photo`` when a 摄 suffix was cut off its end."""
    pairs: list[Byline] = []
    roles: list[str] = []  # roles waiting for their names (文/图 本报记者 ...)
    role = ""  # the role the following names belong to
    orphans: list[str] = []  # names before any role: only valid before 摄
    group = 0  # index in pairs where the current role's names start
    last = ""
    pos, end = 0, len(text)
    while pos < end:
        token = _TOKEN.match(text, pos)
        if token is None:
            return None
        pos = token.end()
        kind = token.lastgroup or ""
        value = token[0]
        if kind == "sep":
            continue
        if kind == "colon":
            if last not in ("role", "short"):
                return None
            continue
        if kind in ("role", "short"):
            if _PHOTO_RE.fullmatch(value) and last == "name" and not text[pos:].strip():
                # postfix credit: 张三 摄 / 新华社记者 张三 摄
                _photo(pairs, group)
                pairs.extend(Byline(value, name) for name in orphans)
                orphans = []
                last = "end"
                continue
            if last not in ("role", "short"):
                roles = []
            roles.append(_SLASH.sub("/", _SPACES.sub("", value)))
            role = ""
            last = kind
            continue
        if value in _SUFFIXES and pairs and not text[pos:].strip():
            last = "end"
            continue
        if not _is_name(value):
            return None
        if roles:
            role = " ".join(roles)
            roles = []
            group = len(pairs)
        if role:
            pairs.append(Byline(role, value))
        else:
            orphans.append(value)
        last = "name"
    if photo and orphans and not pairs:
        return tuple(Byline("摄", name) for name in orphans)
    if roles or orphans or not pairs:
        return None
    if photo:
        _photo(pairs, group)
    return tuple(pairs)


# Every byline holds a role word; most short lines can be turned away on that.
_ROLE_HINT = re.compile(_both(r"记者|通讯员|实习生|编辑|校对|撰|供图") + "|[文图圖摄攝]")


def is_byline(line: str) -> bool:
    """True when the whole line is a byline (roles and names only)."""
    return (
        len(line) <= MAX_LINE + 4
        and _ROLE_HINT.search(line) is not None
        and _credits(line) is not None
    )


_RUBRIC = re.compile(_LONG_ROLE + r"\s*([" + _HAN + r"]{1,4})")


def is_rubric(line: str) -> bool:
    """A column label made of a role and a common word (记者手记, 编辑手记, 记者观察)."""
    match = _RUBRIC.fullmatch(line.strip())
    return match is not None and match[1] in _NOT_NAMES


def byline_pairs(text: str) -> list[Byline]:
    """The (role, name) pairs of a byline text, one Byline per name, in order."""
    return list(_credits(text) or ())


def split_glued(paragraph: str) -> tuple[str, str]:
    """Split ``…参加会议。记者 孙庆辉`` into ``(text, byline)``; byline "" if none.

    Only a byline right after sentence-ending punctuation counts, so running
    text that ends without punctuation is never cut.
    """
    tail_start = max(0, len(paragraph) - _GLUED_TAIL)
    match = _GLUED.search(paragraph, tail_start)
    if match is None or match.start(1) == 0 or _credits(match[1]) is None:
        return paragraph, ""
    return paragraph[: match.start(1)].rstrip(), match[1].strip()


_OUTLET = _both(
    r"(?:据)?(?:本报|新华社|中新社|中新网|人民网|新华网|央视网|央视新闻|光明网|经济日报|中国新闻网)"
)
_PAREN = r"[（(][^（()）\n]{1,40}[）)]"
# 记者李战吉、罗昌爱报道： opening the text, after a dateline or alone.
_INLINE_CREDIT = _both(
    r"(?:本报|新华社|人民日报)?(?:记者|通讯员)\s?[" + _HAN + r"·、 ]{2,30}?\s?报道\s*[:：]"
)
_SEPARATOR = r"(?=[\s（(：:，,—-]|$)"
_DATELINE = re.compile(
    r"(?:"
    + _OUTLET
    + r"(?:["
    + _HAN
    # 本报讯 may run straight into the text; a bare 电 or 消息 needs a separator
    # after it, so 本报电力公司 is not read as the dateline 本报电. The date may
    # carry a year (本报太原2000年12月31日电) or be missing (据新华社北京电).
    + _both(r"]{1,8}?(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:电|讯)|[")
    + _HAN
    + _both(r"]{1,6}?电" + _SEPARATOR + r"|讯|(?:电|消息)" + _SEPARATOR + r")(?:\s*")
    + _PAREN
    + r")?(?:\s*"
    + _INLINE_CREDIT
    + r")?"
    + _both(r"|[（(](?:本报)?(?:记者|通讯员)[^（()）\n]{1,40}[）)]")
    + r"|"
    + _INLINE_CREDIT
    + r")"
    r"(?:\s*[:：|｜—–-]+)?"
)
_INLINE_CREDIT_RE = re.compile(_INLINE_CREDIT)


# Every dateline starts with one of these (a cheap test before the regex).
DATELINE_STARTS = frozenset("据據本新中人央光经經（(记記通")


def starts_with_dateline(paragraph: str) -> bool:
    """True when the paragraph opens with a dateline (so it starts an article's text)."""
    return _DATELINE.match(paragraph) is not None


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
        out.extend(_credits(body) or ())
    inline = _INLINE_CREDIT_RE.search(dateline)
    if inline:
        out.extend(_credits(inline[0].rstrip(":： ")) or ())
    return out
