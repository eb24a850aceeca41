"""Keyword extraction: segmentation + filtering, and TF-IDF ranking."""

from __future__ import annotations

import importlib.util
import re
from collections import Counter
from pathlib import Path

import pytest

from newsreader.search import keywords as kw
from newsreader.text import fold

SAMPLE = Path(__file__).resolve().parent.parent / "content" / "zhengzhou-high-tech-zone-page.md"


def sample_articles() -> list[tuple[str, list[str]]]:
    """(title, paragraphs) of the sample page's articles, in page order.

    Uses the real parser when it is there; otherwise splits on headings.
    """
    try:
        from newsreader.parse import parse_file  # type: ignore[attr-defined]
    except ImportError:
        parse_file = None
    if parse_file is not None:
        page = parse_file(SAMPLE)
        return [(a.title, list(a.paragraphs)) for a in page.articles if a.title]
    text = SAMPLE.read_text(encoding="utf-8")
    out = []
    for chunk in re.split(r"(?m)^#+[ \t]+", text)[1:]:
        title, _, body = chunk.partition("\n")
        paras = [p.strip() for p in body.split("\n\n") if p.strip()]
        out.append((title.strip(), paras))
    return out


def sample_keywords(k: int = 8) -> list[list[str]]:
    terms = [kw.article_terms(kw.keyword_text(t, ps)) for t, ps in sample_articles()]
    df: Counter[str] = Counter()
    for t in terms:
        df.update(t.keys())
    return [[w for w, _ in kw.top_keywords(t, df, len(terms), k)] for t in terms]


BACKENDS = ["jieba"] + (["rjieba"] if importlib.util.find_spec("rjieba") else [])


@pytest.fixture(params=BACKENDS, scope="module")
def backend(request: pytest.FixtureRequest):
    """Run tests on each installed segmenter (built once each), then restore the default."""
    kw._use_backend(request.param)
    yield request.param
    kw._cut = None


def test_sample_page_has_four_articles() -> None:
    arts = sample_articles()
    assert len(arts) == 4
    assert "保交楼" in arts[3][0]


def test_baojiaolou_article_keywords(backend: str) -> None:
    top = sample_keywords()[3]
    assert "保交楼" in top
    assert "安置房" in top
    # the two words the article is about come first
    assert set(top[:2]) == {"保交楼", "安置房"}


def test_sample_keywords_per_article(backend: str) -> None:
    kws = sample_keywords()
    assert "张红军" in kws[0]  # person name kept whole (split by the dictionary)
    assert "五经普" in kws[1]
    assert "王德敏" in kws[1]
    assert "众创空间" in kws[2]
    assert "孵化器" in kws[2]


def test_domain_words_not_split(backend: str) -> None:
    terms = kw.article_terms("高新区安置房建设和保交楼工作,领跑众创空间获批双创载体")
    for word in ("安置房", "保交楼", "众创空间", "双创载体"):
        assert word in terms
    assert "安置" not in terms


def test_stop_words_numbers_punctuation_dropped(backend: str) -> None:
    text = (
        "本报讯 近日,2023年度第五次会议召开,任务完成率为58.73%,共计4宗、约38.8万平方米。我们的工作"
    )
    terms = kw.article_terms(text)
    for dropped in (
        "本报讯",
        "近日",
        "2023",
        "第五次",
        "58.73%",
        "4",
        "我们",
        "的",
        ",",
        "。",
        "召开",
    ):
        assert dropped not in terms, dropped
    assert all(len(t) > 1 or t in kw._MEANINGFUL_SINGLES for t in terms)
    assert not any(re.fullmatch(r"[\d.%]+", t) for t in terms)
    assert "任务" in terms


def test_counts_are_term_frequencies(backend: str) -> None:
    terms = kw.article_terms("保交楼 保交楼 保交楼 安置房")
    assert terms["保交楼"] == 3
    assert terms["安置房"] == 1


def test_folding_unifies_traditional_and_width() -> None:
    simp = kw.article_terms("城市管理局推进垃圾分类")
    trad = kw.article_terms("城市管理局推進垃圾分類")
    assert "垃圾分类" in simp
    assert "垃圾分类" in trad


def test_title_named_surname_rule_is_not_greedy() -> None:
    # 张 as a measure word (no title before it) must not become a name
    terms = kw.article_terms("他买了一张桌子,书记张红军出席。张红军指出")
    assert terms["张红军"] == 2
    assert "张桌" not in terms


def test_empty_and_blank_text() -> None:
    assert kw.article_terms("") == Counter()
    assert kw.article_terms(" \n\t,。") == Counter()


# ---------------------------------------------------------------------------
# TF-IDF ranking on a hand-made corpus
# ---------------------------------------------------------------------------


def test_tfidf_prefers_rare_terms_over_common_ones() -> None:
    # 5 documents; 建设 is in all of them, 保交楼 in one.
    df = {"建设": 5, "保交楼": 1, "群众": 3}
    terms = {"建设": 2, "保交楼": 2, "群众": 2}
    ranked = kw.top_keywords(terms, df, n_docs=5)
    assert [w for w, _ in ranked] == ["保交楼", "群众", "建设"]
    scores = [s for _, s in ranked]
    assert scores == sorted(scores, reverse=True)


def test_tfidf_frequency_breaks_equal_idf() -> None:
    df = {"甲乙": 2, "丙丁": 2}
    ranked = kw.top_keywords({"甲乙": 1, "丙丁": 4}, df, n_docs=10)
    assert ranked[0][0] == "丙丁"


def test_tfidf_exact_score() -> None:
    import math

    (word, score), *_ = kw.top_keywords({"回迁": 2}, {"回迁": 1}, n_docs=3)
    assert word == "回迁"
    assert score == pytest.approx(2 * (math.log(4 / 2) + 1))


def test_tfidf_k_limits_and_ties_deterministic() -> None:
    terms = {"安置": 1, "安置房": 1, "甲": 1, "乙丙": 1}
    ranked = kw.top_keywords(terms, {}, n_docs=4, k=2)
    assert [w for w, _ in ranked] == ["安置房", "乙丙"]
    assert kw.top_keywords(terms, {}, n_docs=4, k=0) == []
    assert kw.top_keywords({}, {}, n_docs=4) == []


def test_tfidf_refreshes_as_archive_grows() -> None:
    terms = {"高新区": 5, "孵化器": 2}
    small = kw.top_keywords(terms, {"高新区": 1, "孵化器": 1}, n_docs=1)
    grown = kw.top_keywords(terms, {"高新区": 900, "孵化器": 3}, n_docs=1000)
    assert small[0][0] == "高新区"
    assert grown[0][0] == "孵化器"


def test_tfidf_tolerates_inconsistent_stats() -> None:
    # df larger than n_docs, zero docs, zero counts: no crash, positive scores
    assert kw.top_keywords({"甲乙": 1}, {"甲乙": 50}, n_docs=3)[0][1] > 0
    assert kw.top_keywords({"甲乙": 1}, {}, n_docs=0)[0][1] > 0
    assert kw.top_keywords({"甲乙": 0}, {}, n_docs=3) == []


def test_keyword_text_skips_bylines() -> None:
    assert kw.keyword_text("标题", ["第一段", "第二段"]) == "标题\n第一段\n第二段"


def test_a_huge_article_gives_keywords_from_its_start_only() -> None:
    """A 5 MB paragraph is not segmented whole (that took ~1 s and ~260 MB)."""
    limit = kw.KEYWORD_TEXT_LIMIT
    start = "保交楼工作稳步推进。" * (limit // 10)
    paragraphs = [start, "城中村改造" * 200_000]
    text = kw.keyword_text("标题", paragraphs)
    assert len(text) == limit
    assert text.startswith("标题\n保交楼工作稳步推进。")
    assert "城中村" not in text
    terms = kw.article_terms(text)
    assert "保交楼" in terms and "城中村改造" not in terms


def test_core_module_does_not_import_ui() -> None:
    import subprocess
    import sys

    code = (
        "import sys, newsreader.search.keywords as k;"
        "import newsreader.features.topics, newsreader.features.trends;"
        "k.article_terms('保交楼');"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_vocabulary_bound_does_not_change_results(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "高新区安置房建设和保交楼工作,领跑众创空间获批双创载体,书记张红军出席"
    expected = kw.article_terms(text)
    monkeypatch.setattr(kw, "_CACHE_LIMIT", 3)
    assert kw.article_terms(text) == expected  # cleared before, then refilled
    assert kw.article_terms(text) == expected
    assert kw.article_terms("孵化器 孵化器") == Counter({"孵化器": 2})


def test_segmenter_is_lazy() -> None:
    import subprocess
    import sys

    code = (
        "import sys, newsreader.search.keywords;"
        "print(any(m in sys.modules for m in ('jieba', 'rjieba')))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.stdout.strip() == "False", proc.stderr


def test_pack_round_trip() -> None:
    terms = kw.article_terms(kw.keyword_text(*sample_articles()[3]))
    assert kw.unpack_terms(kw.pack_terms(terms)) == dict(terms)
    assert kw.unpack_terms(kw.pack_terms({"保交楼": 2, "new york": 1, "零": 0})) == {
        "保交楼": 2,
        "new york": 1,
    }
    for bad in ("", "保交楼", "保交楼 x", "[1, 2]", '{"a": "x", "b": true}', "null"):
        assert kw.unpack_terms(bad) == {}
    assert kw.unpack_terms('{"a": "x", "保交楼": 2}') == {"保交楼": 2}
    assert kw.unpack_terms("保交楼 2 安置房 12") == {"保交楼": 2, "安置房": 12}  # earlier form


def test_term_set_is_the_keys_of_article_terms(backend: str) -> None:
    texts = [kw.keyword_text(t, ps) for t, ps in sample_articles()]
    texts.append("书记张红军出席。张红军指出,红军长征精神")  # 红军 also stands alone
    texts.append("主任王凯胜出席会议")
    for text in texts:
        assert kw.article_term_set(text) == set(kw.article_terms(text)), text[:20]
    assert kw.article_term_set(fold("保交樓"), folded=True) == {"保交楼"}


def test_a_word_found_once_in_the_whole_archive_is_no_keyword() -> None:
    """Chips worth reading: once in the article and in no other article is an accident."""
    terms = {"济约": 1, "保交楼": 1, "安置房": 3}
    df = {"济约": 1, "保交楼": 4, "安置房": 1}
    ranked = kw.top_keywords(terms, df, n_docs=10, min_occurrences=2)
    assert [w for w, _ in ranked] == ["安置房", "保交楼"]
    assert "济约" in [w for w, _ in kw.top_keywords(terms, df, n_docs=10)]  # the default keeps all
    assert kw.KEYWORD_MIN_OCCURRENCES == 2


def test_words_the_segmenter_invented_once_are_no_keywords() -> None:
    """济约 out of 经济约束: a word outside the dictionary counts only if it recurs."""
    from newsreader.parse import parse_file

    page = parse_file(
        Path(__file__).resolve().parents[1] / "content" / "zhengzhou-high-tech-zone-page.md"
    )
    text = kw._fold("\n".join(p for a in page.articles for p in (a.title, *a.paragraphs)))
    cut = kw._segmenter()
    tokens = cut(text)
    invented = {w for w in set(tokens) - set(cut(text, False)) if kw._keep(w)}
    once = {w for w in invented if tokens.count(w) == 1}
    names = {m.group(1) + m.group(2)[:k] for m in kw._NAME_RE.finditer(text) for k in (1, 2)}
    junk = once - names
    assert junk, "the sample should hold words the segmenter made up"
    terms = kw.article_terms(text, folded=True)
    assert not junk & set(terms)
    assert (once & names) <= set(terms)  # 记者 孙庆辉: a name after a title stays
    doubled = kw.article_terms(text + "\n" + text, folded=True)
    assert junk <= set(doubled)  # twice: kept
