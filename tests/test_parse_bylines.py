"""Datelines and bylines: variants, and paragraphs that must stay paragraphs."""

from __future__ import annotations

import pytest

from newsreader.models import Byline
from newsreader.parse import parse_bytes
from newsreader.parse.bylines import (
    byline_pairs,
    dateline_bylines,
    is_byline,
    split_dateline,
    split_glued,
)

BODY = "市里召开会议，部署下一步工作。"


def article(text: str):
    (only,) = parse_bytes(text.encode("utf-8"), "page.md").articles
    return only


def pairs(*items: str) -> tuple[Byline, ...]:
    # "role name"; a "+" in the role stands for a space (roles may be several words)
    out = []
    for item in items:
        role, name = item.split(" ")
        out.append(Byline(role.replace("+", " "), name))
    return tuple(out)


@pytest.mark.parametrize(
    ("paragraph", "dateline", "rest"),
    [
        ("本报讯 近日,郑州高新区召开大会。", "本报讯", "近日,郑州高新区召开大会。"),
        ("本报讯（记者 王浩）近日召开大会。", "本报讯（记者 王浩）", "近日召开大会。"),
        ("本报北京1月2日电 国务院召开会议。", "本报北京1月2日电", "国务院召开会议。"),
        ("新华社北京10月7日电 今天召开会议。", "新华社北京10月7日电", "今天召开会议。"),
        (
            "新华社华盛顿10月7日电（记者 李明 张三）当地时间7日。",
            "新华社华盛顿10月7日电（记者 李明 张三）",
            "当地时间7日。",
        ),
        ("（记者 王浩）昨天上午，会议召开。", "（记者 王浩）", "昨天上午，会议召开。"),
        ("本报讯：昨天上午，会议召开。", "本报讯：", "昨天上午，会议召开。"),
        ("据新华社电 会议召开。", "据新华社电", "会议召开。"),
        ("本报太原2000年12月31日电 会议召开。", "本报太原2000年12月31日电", "会议召开。"),
        (
            "据新华社北京电（记者张选杰）会议召开。",
            "据新华社北京电（记者张选杰）",
            "会议召开。",
        ),
        (
            "本报北京1月2日电 记者李战吉、罗昌爱报道：会议召开。",
            "本报北京1月2日电 记者李战吉、罗昌爱报道：",
            "会议召开。",
        ),
        ("记者王浩、李明报道：会议召开。", "记者王浩、李明报道：", "会议召开。"),
        ("记者从市统计局获悉，会议召开。", "", "记者从市统计局获悉，会议召开。"),
        ("本報訊 近日，會議召開。", "本報訊", "近日，會議召開。"),
        ("本报记者从市电力公司获悉，电价不变。", "", "本报记者从市电力公司获悉，电价不变。"),
        ("本报今年订阅量上升。", "", "本报今年订阅量上升。"),
        ("新华社是国家通讯社。", "", "新华社是国家通讯社。"),
        ("本报电力专版今日出刊。", "", "本报电力专版今日出刊。"),
        ("新华社电 会议召开。", "新华社电", "会议召开。"),
        ("央视网消息：会议召开。", "央视网消息：", "会议召开。"),
        ("本报讯近日，会议召开。", "本报讯", "近日，会议召开。"),
    ],
)
def test_split_dateline(paragraph: str, dateline: str, rest: str) -> None:
    assert split_dateline(paragraph) == (dateline, rest)


def test_dateline_in_an_article_credits_its_reporters() -> None:
    found = article(f"# 标题\n\n本报讯（记者 王浩 通讯员 李明）{BODY}\n\n记者 王浩\n")
    assert found.dateline == "本报讯（记者 王浩 通讯员 李明）"
    assert found.paragraphs == (BODY,)
    assert found.bylines == pairs("记者 王浩", "通讯员 李明")


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        ("记者 孙庆辉", ["记者 孙庆辉"]),
        ("记者 孙庆辉 通讯员 张慧丽", ["记者 孙庆辉", "通讯员 张慧丽"]),
        ("记者 孙庆辉  \n通讯员 庞华磊", ["记者 孙庆辉", "通讯员 庞华磊"]),
        ("记者 孙庆辉\n\n通讯员 庞华磊", ["记者 孙庆辉", "通讯员 庞华磊"]),
        ("记者\n孙庆辉", ["记者 孙庆辉"]),
        ("记者\n\n孙庆辉", ["记者 孙庆辉"]),
        ("本报记者 王浩 李明 赵一", ["本报记者 王浩", "本报记者 李明", "本报记者 赵一"]),
        ("记者 王浩、李明", ["记者 王浩", "记者 李明"]),
        ("实习生 欧阳明月", ["实习生 欧阳明月"]),
        ("文/图 本报记者 王浩", ["文/图+本报记者 王浩"]),
        ("文/图 张三", ["文/图 张三"]),
        ("摄影 李四", ["摄影 李四"]),
        ("张三 摄", ["摄 张三"]),
        ("编辑：王五", ["编辑 王五"]),
        ("责任编辑 王五 校对 赵六", ["责任编辑 王五", "校对 赵六"]),
        ("（记者 王浩）", ["记者 王浩"]),
        ("記者 王浩 通訊員 李明", ["記者 王浩", "通訊員 李明"]),
        ("记者 阿依古丽·买买提", ["记者 阿依古丽·买买提"]),
        ("**记者 王浩**", ["记者 王浩"]),
        ("新华社记者 张三 摄", ["新华社记者+摄 张三"]),
        ("（新华社记者杜华举摄）", ["新华社记者+摄 杜华举"]),
        ("（杜华举摄）", ["摄 杜华举"]),
        (
            "（本报记者李战吉、罗昌爱、李忱报道）",
            ["本报记者 李战吉", "本报记者 罗昌爱", "本报记者 李忱"],
        ),
        ("本报记者 欧阳明月报道", ["本报记者 欧阳明月"]),
        ("新华社记者杜华举、张三摄影", ["新华社记者+摄 杜华举", "新华社记者+摄 张三"]),
        ("摄影记者 张三", ["摄影记者 张三"]),
        ("图：李四", ["图 李四"]),
        ("本报记者 王浩 报道", ["本报记者 王浩"]),
    ],
)
def test_byline_lines_at_the_end(tail: str, expected: list[str]) -> None:
    found = article(f"# 标题\n\n{BODY}\n\n{tail}\n")
    assert found.bylines == pairs(*expected)
    assert found.paragraphs == (BODY,)


def test_glued_byline() -> None:
    found = article("# 标题\n\n各部门主要负责人参加会议。记者 孙庆辉\n")
    assert found.paragraphs == ("各部门主要负责人参加会议。",)
    assert found.bylines == pairs("记者 孙庆辉")
    quoted = article("# 标题\n\n他说：“我们一定做到。”记者 王浩 通讯员 李明\n")
    assert quoted.paragraphs == ("他说：“我们一定做到。”",)
    assert quoted.bylines == pairs("记者 王浩", "通讯员 李明")


def test_byline_at_the_start() -> None:
    found = article(f"# 标题\n\n■本报记者 王浩\n\n{BODY}\n")
    assert found.bylines == pairs("本报记者 王浩")
    assert found.paragraphs == (BODY,)


@pytest.mark.parametrize(
    "text",
    [
        "记者在现场看到，工人们正在紧张施工。",
        "记者从市统计局获悉，前三季度经济稳中向好。",
        "据记者了解，该项目总投资12亿元",
        "他对记者说",
        "记者 孙庆辉在会上发言，介绍了经验做法。",
        "图为活动现场",
        "图为现场",
    ],
)
def test_paragraphs_that_mention_reporters_stay(text: str) -> None:
    found = article(f"# 标题\n\n{BODY}\n\n{text}\n")
    assert found.bylines == ()
    assert text in "".join(found.paragraphs)


def test_a_byline_in_the_middle_stays_a_paragraph() -> None:
    found = article(f"# 标题\n\n{BODY}\n\n记者 王浩\n\n又一段正文。\n")
    assert found.bylines == ()
    assert "记者 王浩" in found.paragraphs


def test_glued_byline_needs_sentence_end() -> None:
    text, byline = split_glued("会议要求各单位记者 王浩")
    assert (text, byline) == ("会议要求各单位记者 王浩", "")
    assert split_glued("记者 王浩") == ("记者 王浩", "")


@pytest.mark.parametrize(
    "line",
    [
        "记者",
        "记者 王",
        "记者 王浩是一名优秀的新闻工作者",
        "王浩 李明",
        "记者 王浩。",
        "图为现场",
        "文明城市",
        "记者 " + "王浩 " * 30,
    ],
)
def test_not_bylines(line: str) -> None:
    assert not is_byline(line)


@pytest.mark.parametrize(
    ("dateline", "expected"),
    [
        ("据新华社北京电（记者张选杰）", ["记者 张选杰"]),
        ("本报北京1月2日电 记者李战吉、罗昌爱报道：", ["记者 李战吉", "记者 罗昌爱"]),
        ("本报记者王浩报道：", ["本报记者 王浩"]),
        ("本报太原2000年12月31日电", []),
    ],
)
def test_dateline_credits(dateline: str, expected: list[str]) -> None:
    assert tuple(dateline_bylines(dateline)) == pairs(*expected)


def test_inline_credit_in_an_article() -> None:
    found = article(f"# 标题\n\n本报上海3月1日电 记者王浩、李明报道：{BODY}\n")
    assert found.dateline == "本报上海3月1日电 记者王浩、李明报道："
    assert found.paragraphs == (BODY,)
    assert found.bylines == pairs("记者 王浩", "记者 李明")


@pytest.mark.parametrize(
    "line",
    [
        "记者手记",
        "记者调查",
        "编辑手记",
        "记者招待会",
        "实习生招聘",
        "记者节",
        "记者站",
        "记者了解到",
        "记者在现场",
        "记者注意到",
        "杜华举摄",
        "现场拍摄",
    ],
)
def test_role_and_a_common_word_is_no_byline(line: str) -> None:
    assert not is_byline(line)


@pytest.mark.parametrize(
    "text",
    [
        "记者手记",
        "记者调查：老旧小区加装电梯难在哪",
        "记者招待会",
        "记者了解到",
        "记者注意到，园区的企业已经复工",
        "记者站",
        "实习生招聘",
    ],
)
def test_sentences_starting_with_a_role_stay_text(text: str) -> None:
    found = article(f"# 标题\n\n{BODY}\n\n{text}\n")
    assert found.bylines == ()
    assert found.paragraphs[-1] == text


def test_byline_pairs_without_spaces() -> None:
    assert byline_pairs("记者孙庆辉通讯员张慧丽") == list(pairs("记者 孙庆辉", "通讯员 张慧丽"))
