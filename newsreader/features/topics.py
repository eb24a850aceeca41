"""Topics: named word lists; an article belongs to every topic whose words it contains.

A topic rule is an OR of words, so the archive counts and lists a topic with
its own search engine (``archive.search_ids(topic_query(words))``): the same
folding, the same index, no second matching engine to keep in step.
``topics_of`` is the plain-Python reference for tests and the brute-force
oracle: folded substring match, like search.

This module is the source of truth for the default topics; the config module
turns ``DEFAULT_TOPICS`` into its own ``Topic`` objects (any object with
``name`` and ``words`` works here). Never imports textual or rich.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple, Protocol

from newsreader.text import fold

__all__ = ["DEFAULT_TOPICS", "TopicLike", "TopicRule", "topic_query", "topics_of"]


class TopicLike(Protocol):
    """Anything with a name and its words (config's ``Topic``, ``TopicRule``)."""

    @property
    def name(self) -> str: ...

    @property
    def words(self) -> Sequence[str]: ...


class TopicRule(NamedTuple):
    """A topic as plain data: its name and the words that put an article in it."""

    name: str
    words: tuple[str, ...]


def _rule(name: str, words: str) -> TopicRule:
    return TopicRule(name, tuple(words.split()))


# Defaults for Chinese local news, written for this project. Words are
# chosen to be specific enough that a match says what the article is about
# (no bare 经济 or 建设, which nearly every article has).
DEFAULT_TOPICS: tuple[TopicRule, ...] = (
    _rule(
        "党建廉政",
        "党风廉政 反腐败 纪委 监委 从严治党 警示教育 党纪 廉洁 作风建设 巡察 主题教育 八项规定",
    ),
    _rule(
        "经济发展",
        "经济普查 招商引资 营商环境 产业链 GDP 固定资产投资 经济运行 项目建设 消费 外贸 民营经济"
        " 高质量发展",
    ),
    _rule(
        "科技创新",
        "科技创新 孵化器 众创空间 双创 高新技术企业 研发 专利 知识产权 数字经济 人工智能 专精特新"
        " 科技成果",
    ),
    _rule(
        "城市建设",
        "城市建设 保交楼 安置房 城中村 老旧小区 道路 地铁 棚户区 市政 城市更新 基础设施 规划",
    ),
    _rule(
        "民生保障",
        "民生 就业 社保 养老 医保 住房保障 低保 救助 农民工工资 惠民 困难群众 回迁",
    ),
    _rule(
        "社会治理",
        "社会治理 网格化 平安建设 信访 矛盾纠纷 安全生产 应急管理 消防 防汛 扫黑除恶 综合治理"
        " 数智治理",
    ),
    _rule(
        "文化教育",
        "义务教育 职业教育 教育局 学校 教师 学生 幼儿园 公共文化 文旅 图书馆 博物馆 非遗 文明城市"
        " 志愿服务 全民阅读 体育",
    ),
    _rule(
        "生态环保",
        "生态环境 生态保护 环保 污染防治 大气 水质 河长制 绿化 垃圾分类 节能减排 碳达峰 碳中和"
        " 环境整治",
    ),
    _rule(
        "乡村振兴",
        "乡村振兴 农业 农村 农户 粮食 高标准农田 脱贫 合作社 美丽乡村 村集体 乡村",
    ),
    _rule(
        "医疗卫生",
        "医疗 医院 卫生健康 疫苗 疫情 疾控 医生 义诊 公共卫生 家庭医生 中医",
    ),
)

# A word can go into a query unquoted only if it is one plain token: word
# characters only, and not an operator the query language would read.
_PLAIN_RE = re.compile(r"^\w+$")
_OPERATORS = frozenset({"OR", "AND"})
_QUOTES = str.maketrans("", "", '"＂“”„')


def topic_query(words: Iterable[str]) -> str:
    """The search query matching any of ``words``: ``w1 OR w2 OR "w 3"``.

    Words that are not one plain token (spaces, ``-``, ``:``, or an operator
    like ``OR``) are quoted as phrases so the parser takes them literally;
    double quotes inside a word cannot be expressed and are removed. Blank
    words are skipped; no words gives ``""``.
    """
    parts: list[str] = []
    for word in words:
        w = word.translate(_QUOTES).strip()
        if not w:
            continue
        if not _PLAIN_RE.match(w) or w.upper() in _OPERATORS:
            w = f'"{w}"'
        parts.append(w)
    return " OR ".join(parts)


def topics_of(text: str, topics: Iterable[TopicLike]) -> list[str]:
    """Names of the topics whose words occur in ``text`` (folded), in topic order."""
    folded = fold(text)
    found: list[str] = []
    for topic in topics:
        for word in topic.words:
            w = fold(word.strip())
            if w and w in folded:
                found.append(topic.name)
                break
    return found
