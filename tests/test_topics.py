"""Topics: default rules, assignment by folded substring, and the OR query."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsreader.features.topics import DEFAULT_TOPICS, TopicRule, topic_query, topics_of
from newsreader.search.query import parse_query

SAMPLE = Path(__file__).resolve().parent.parent / "content" / "zhengzhou-high-tech-zone-page.md"


def sample_texts() -> list[str]:
    """The sample page's four articles as plain text (split on headings)."""
    text = SAMPLE.read_text(encoding="utf-8")
    return [chunk for chunk in re.split(r"(?m)^#+[ \t]+", text)[1:]]


def test_default_topics_shape() -> None:
    names = [t.name for t in DEFAULT_TOPICS]
    for required in (
        "党建廉政",
        "经济发展",
        "科技创新",
        "城市建设",
        "民生保障",
        "社会治理",
        "文化教育",
    ):
        assert required in names
    assert len(names) == len(set(names)) >= 9
    for topic in DEFAULT_TOPICS:
        assert 8 <= len(topic.words) <= 16, topic.name
        assert len(set(topic.words)) == len(topic.words), topic.name
        assert all(len(w) >= 2 for w in topic.words), topic.name


def test_sample_page_topics() -> None:
    got = [topics_of(text, DEFAULT_TOPICS) for text in sample_texts()]
    assert len(got) == 4
    assert got[0][0] == "党建廉政"
    assert "经济发展" in got[1]  # 经济普查
    assert "科技创新" in got[2]  # 孵化器, 众创空间
    assert {"城市建设", "民生保障"} <= set(got[3])  # 保交楼, 安置房, 民生
    assert "党建廉政" not in got[2]


def test_article_belongs_to_every_matching_topic_in_order() -> None:
    topics = [
        TopicRule("甲", ("保交楼",)),
        TopicRule("乙", ("孵化器", "安置房")),
        TopicRule("丙", ("无关",)),
    ]
    assert topics_of("推进安置房和保交楼", topics) == ["甲", "乙"]
    assert topics_of("", topics) == []


def test_topics_match_folded() -> None:
    topics = [TopicRule("经济", ("GDP", "保交楼")), TopicRule("文化", ("圖書館",))]
    assert topics_of("全年ＧＤＰ增长", topics) == ["经济"]
    assert topics_of("保交樓", topics) == ["经济"]  # traditional in text
    assert topics_of("市图书馆开放", topics) == ["文化"]  # traditional in the rule


def test_topics_accept_any_name_words_object() -> None:
    class Cfg:
        def __init__(self, name: str, words: list[str]) -> None:
            self.name, self.words = name, words

    assert topics_of("纪委监委", [Cfg("廉政", ["纪委", " "])]) == ["廉政"]
    assert topics_of("纪委监委", [Cfg("空", ["", "  "])]) == []


def test_topic_query_joins_with_or() -> None:
    assert topic_query(["保交楼", "安置房"]) == "保交楼 OR 安置房"
    assert topic_query([]) == ""
    assert topic_query(["", "  "]) == ""


@pytest.mark.parametrize(
    "words",
    [
        ["保交楼", "安置房", "回迁"],
        ["new york", "纪委"],
        ["-负面", "title:标题", "OR", "and", "a-b"],
        ['说"好"', "GDP"],
    ],
)
def test_topic_query_parses_back_to_one_or_clause(words: list[str]) -> None:
    query = parse_query(topic_query(words))
    assert len(query.clauses) == 1
    clause = query.clauses[0]
    assert not clause.negated
    expected = [w.replace('"', "") for w in words]
    assert [t.text for t in clause.alternatives] == expected
    assert all(t.field is None for t in clause.alternatives)
    assert query.has_no_filters


def test_topic_query_quotes_spaces() -> None:
    assert topic_query(["new york", "纪委"]) == '"new york" OR 纪委'


def test_default_topic_queries_parse() -> None:
    for topic in DEFAULT_TOPICS:
        query = parse_query(topic_query(topic.words))
        assert [t.text for t in query.clauses[0].alternatives] == list(topic.words)


def test_topic_counts_through_search_agree_with_topics_of(sample_archive) -> None:
    """The archive counts a topic with one OR search; topics_of is the oracle."""
    articles = list(sample_archive.articles())
    texts = {a.id: "\n".join(text for _, _, text in a.text_fields()) for a in articles}
    topics = [*DEFAULT_TOPICS, TopicRule("混合", ("ＧＤＰ", "保交樓", "new york"))]
    for topic in topics:
        expected = {i for i, text in texts.items() if topics_of(text, [topic])}
        found = set(sample_archive.search_ids(topic_query(topic.words)))
        assert found == expected, topic.name
