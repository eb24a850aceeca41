"""Issue 13: search agrees with reading by eye on Chinese as people write it.

Each test is a row of the issue's table, on short articles in the real
shapes: traditional, Taiwan and Hong Kong forms beside simplified ones, a
transcript dateline running into its paragraph, pasted punctuation, and
Latin titles beside titles whose pinyin they spell.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from newsreader import Archive
from newsreader.models import Byline, ParsedArticle, ParsedPage

ARTICLES = [
    ("了解民情", "干部深入基层了解群众所思所盼。"),
    ("瞭解民意", "幹部深入基層瞭解群眾所思所盼。"),
    ("经济复苏", "市场反复波动后复苏，企业借助新技术添置家具。"),
    ("台湾来稿", "隨著經濟發展，各地著力改善公共衞生。"),
    ("动画电影", "影片《哪吒》讲述了哪吒闹海的故事。"),
    ("风云人物", "他在商界叱咤风云多年。"),
    ("清代史话", "乾隆年间，乾坤朗朗。"),
    ("天气预报", "明天最高气温25℃，最低气温－2℃／5℃。"),
    ("工程进展", "二期工程进入第Ⅱ阶段，等等…"),
    ("倡议十周年", "“一带一路”倡议提出十周年。"),
    ("合作论坛", "一带一路合作不断深化，倡议得到响应。"),
    ("NBA总决赛开打", "篮球赛季进入尾声。"),
    ("国务院新闻办举行发布会", "介绍有关情况。"),
    ("AI赋能千行百业", "人工智能加快发展。"),
    ("爱国主义教育基地揭牌", "弘扬爱国主义精神。"),
    ("召开全体会议", "会议研究部署工作。"),
    ("OK镜片市场调查", "角膜塑形镜受到关注。"),
    ("UN维和部队换防", "维和官兵完成交接。"),
    ("群众文化活动丰富多彩", "村民踊跃参加。"),
    ("GDP同比增长5%", "经济运行稳中向好。"),
    ("外宾高度评价合作成果", "双方表示满意。"),
    ("北京朝阳区推进老旧小区改造", "改造惠及居民。"),
    ("山东单县发展特色产业", "羊肉汤远近闻名。"),
    ("曾国藩家书展出", "展览吸引观众。"),
]


def _page() -> ParsedPage:
    articles = [
        ParsedArticle(position=i, title=title, level=2, paragraphs=(body,), identity=f"a{i}")
        for i, (title, body) in enumerate(ARTICLES)
    ]
    articles.append(
        ParsedArticle(
            position=len(articles),
            title="新闻联播",
            level=2,
            dateline="央视网消息（新闻联播）：",
            paragraphs=("今天，全国各地举行活动。", "活动持续三天。"),
            bylines=(Byline("记者", "王浩"),),
            identity="transcript",
        )
    )
    return ParsedPage(articles=tuple(articles), encoding="utf-8")


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    db = tmp_path_factory.mktemp("chinese") / "news.db"
    with Archive.open(db) as opened:
        opened.store_page("fixtures://chinese", _page(), content_hash="1", kind="page")
        yield opened


def titles(archive: Archive, query: str) -> list[str]:
    return [hit.title for hit in archive.search(query, limit=100).hits]


def test_traditional_words_fold_by_word(archive: Archive) -> None:
    assert sorted(titles(archive, "瞭解")) == ["了解民情", "瞭解民意"]
    assert sorted(titles(archive, "了解")) == ["了解民情", "瞭解民意"]
    for word in ("反覆", "復甦", "藉助", "傢俱"):
        assert titles(archive, word) == ["经济复苏"], word


def test_taiwan_and_hong_kong_forms(archive: Archive) -> None:
    for word in ("隨著", "随着", "著力", "着力", "衞生", "卫生"):
        assert titles(archive, word) == ["台湾来稿"], word


def test_no_over_folding(archive: Archive) -> None:
    assert titles(archive, "咤") == ["风云人物"]  # 哪吒 is not 哪咤
    assert titles(archive, "哪吒") == ["动画电影"]
    assert "清代史话" not in titles(archive, "干")  # 乾隆 is not 干隆
    assert titles(archive, "乾隆") == ["清代史话"]


def test_compatibility_forms(archive: Archive) -> None:
    assert titles(archive, "°C") == titles(archive, "℃") == ["天气预报"]
    assert titles(archive, "II") == ["工程进展"]
    assert titles(archive, "...") == ["工程进展"]
    (hit,) = archive.search("ii").hits  # counted in the row too (Ⅱ folds through ⅱ)
    assert hit.hits == 1


def test_highlights_point_at_the_source_characters(archive: Archive) -> None:
    (hit,) = archive.search("25°C").hits
    assert [hit.snippet[s:e] for s, e in hit.spans] == ["25℃"]
    (hit,) = archive.search("II阶段").hits
    assert [hit.snippet[s:e] for s, e in hit.spans] == ["Ⅱ阶段"]
    (hit,) = [h for h in archive.search("瞭解").hits if h.title == "瞭解民意"]
    assert [hit.snippet[s:e] for s, e in hit.spans] == ["瞭解"]
    article = archive.article(hit.id)
    assert article is not None
    spans = archive.match_spans(hit.id, "了解")
    texts = {(f, i): t for f, i, t in article.text_fields()}
    assert [texts[(s.field, s.index)][s.start : s.end] for s in spans] == ["瞭解", "瞭解"]


def test_the_dateline_reads_on_into_the_paragraph(archive: Archive) -> None:
    assert titles(archive, "联播）：今天") == ["新闻联播"]
    (hit,) = archive.search("联播）：今天").hits
    assert [hit.snippet[s:e] for s, e in hit.spans] == ["联播）：今天"]
    spans = archive.match_spans(hit.id, "联播）：今天")
    assert [(s.field, s.index, s.end - s.start) for s in spans] == [
        ("dateline", 0, 4),
        ("paragraph", 0, 2),
    ]
    assert titles(archive, "三天。记者") == ["新闻联播"]  # the byline glued after
    assert titles(archive, "author:王浩") == ["新闻联播"]  # fields keep their structure


def test_pasted_punctuation_is_literal(archive: Archive) -> None:
    assert titles(archive, "“一带一路”倡议") == ["倡议十周年"]
    assert titles(archive, "－2℃／") == ["天气预报"]
    assert archive.search("－2℃／").total == 1


def test_latin_capitals_are_literal(archive: Archive) -> None:
    assert titles(archive, "NBA") == ["NBA总决赛开打"]
    assert titles(archive, "nba") == ["NBA总决赛开打"]  # not xinwe-n ba-n
    assert titles(archive, "AI") == ["AI赋能千行百业"]
    assert titles(archive, "OK") == ["OK镜片市场调查"]
    assert titles(archive, "UN") == ["UN维和部队换防"]  # not qu-n zh-ong (群众)
    assert titles(archive, "un") == ["UN维和部队换防"]
    assert titles(archive, "ok") == ["OK镜片市场调查"]  # not zha-o k-ai
    assert titles(archive, '"GDP"') == ["GDP同比增长5%"]
    assert titles(archive, "GDP") == ["GDP同比增长5%"]


def test_pinyin_counted_apart_and_after_the_literal_ones(archive: Archive) -> None:
    result = archive.search("ai")
    assert [h.title for h in result.hits] == ["AI赋能千行百业", "爱国主义教育基地揭牌"]
    assert (result.total, result.pinyin_total) == (2, 1)
    pinyin_hit = result.hits[1]
    assert [pinyin_hit.title[s:e] for s, e in pinyin_hit.title_spans] == ["爱"]
    assert titles(archive, "gdpj") == ["外宾高度评价合作成果"]


def test_pinyin_by_whole_syllables_initials_or_a_prefix(archive: Archive) -> None:
    assert titles(archive, "xwb") == ["国务院新闻办举行发布会"]
    assert titles(archive, "xinwenb") == ["国务院新闻办举行发布会"]
    assert titles(archive, "xinwenban") == ["国务院新闻办举行发布会"]
    assert titles(archive, "inwen") == []  # starts inside a syllable
    (hit,) = archive.search("zhaokai").hits
    assert hit.title == "召开全体会议"
    assert [hit.title[s:e] for s, e in hit.title_spans] == ["召开"]


def test_readings_by_word(archive: Archive) -> None:
    assert titles(archive, "chaoyang") == ["北京朝阳区推进老旧小区改造"]
    assert titles(archive, "zhaoyang") == []
    assert titles(archive, "shanxian") == ["山东单县发展特色产业"]
    assert titles(archive, "zengguofan") == ["曾国藩家书展出"]
