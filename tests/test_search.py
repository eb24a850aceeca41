"""Search: exact substring semantics at any length, checked against a brute-force oracle."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsreader import Archive
from newsreader.index.pinyin import readings
from newsreader.models import Article, Byline, ParsedArticle, ParsedPage, SectionKey
from newsreader.search import run as search_engine
from newsreader.search.pinyin_match import pinyin_term
from newsreader.search.query import Query, Term, parse_query
from newsreader.text import fold


# ---------------------------------------------------------------- the oracle
def _term_fields(article: Article, term: Term) -> list[str]:
    if term.field == "title":
        return [article.title]
    if term.field == "author":
        return [str(b) for b in article.bylines]
    if term.field == "section":
        return [article.section, article.page]
    # As printed: the dateline runs on into the first paragraph, the last
    # paragraph into the first byline; every other field stands alone.
    fields = [(name, i, text) for name, i, text in article.text_fields() if text]
    runs: list[str] = []
    last = max((i for name, i, _ in fields if name == "paragraph"), default=-1)
    previous: tuple[str, int] | None = None
    for name, i, text in fields:
        seams = ((("dateline", 0), ("paragraph", 0)), (("paragraph", last), ("byline", 0)))
        if (previous, (name, i)) in seams:
            runs[-1] += text
        else:
            runs.append(text)
        previous = (name, i)
    return runs


def _pinyin_forms(full: list[str]) -> set[str]:
    """Every string a run of readings may be typed as: whole syllables,
    initials, or whole syllables ending in a prefix of the next one."""
    forms: set[str] = set()
    for i in range(len(full)):
        for j in range(i + 1, len(full) + 1):
            piece = full[i:j]
            if not all(piece):
                break
            forms.add("".join(r[0] for r in piece))
            head = "".join(piece[:-1])
            forms.update(head + piece[-1][:k] for k in range(1, len(piece[-1]) + 1))
    return forms


def _pinyin_match(article: Article, letters: str) -> bool:
    names = [(article.title, False), *((b.name, True) for b in article.bylines)]
    return any(letters in _pinyin_forms(readings(text, name=name)) for text, name in names if text)


def _term_matches(article: Article, term: Term, pinyin: bool = True) -> bool:
    needle = fold(term.text)
    if not needle:
        return False
    if any(needle in fold(text) for text in _term_fields(article, term)):
        return True
    letters = pinyin_term(term) if pinyin else None
    return letters is not None and _pinyin_match(article, letters)


def oracle(articles: list[Article], query: Query, pinyin: bool = True) -> set[int]:
    """What search must return: a plain scan folding both sides the same way."""
    if any(not any(fold(t.text) for t in c.alternatives) for c in query.clauses):
        return set()
    found = set()
    for article in articles:
        ok = True
        for clause in query.clauses:
            alternatives = [t for t in clause.alternatives if fold(t.text)]
            hit = any(_term_matches(article, t, pinyin or clause.negated) for t in alternatives)
            if hit == clause.negated:
                ok = False
                break
        if ok and query.date_from and not (article.date and article.date >= query.date_from):
            ok = False
        if ok and query.date_to and not (article.date and article.date <= query.date_to):
            ok = False
        if ok and query.unread is not None and article.read == query.unread:
            ok = False
        if ok and query.starred is not None and article.starred != query.starred:
            ok = False
        if ok:
            found.add(article.id)
    return found


# ------------------------------------------------------------ generated data
# Traditional, Taiwan and Hong Kong forms, words OpenCC converts as words,
# compatibility forms that fold to several characters, and the syntax's
# full-width look-alikes (text, never syntax).
ALPHABET = (
    list('经濟济普查保交楼高新区的是了国,。、“”（）ＡＢab G D P 2 0 3 -:"')
    + list(string.ascii_lowercase[:6])
    + ["瞭解", "了解", "隨著", "随着", "衞生", "哪吒", "咤", "乾隆", "干", "℃", "°C", "…", "Ⅱ", "①"]
    + ["「", "」", "－", "：", "＂", "新闻办", "召开", "爱国", "NBA", "AI", "OK", "朝阳区", "单县"]
)
texts = st.lists(st.sampled_from(ALPHABET), max_size=24).map("".join)
names = st.sampled_from(["孙庆辉", "张慧丽", "王浩", "李明", "曾国藩", "单雪"])


@st.composite
def pages(draw: st.DrawFn) -> ParsedPage:
    articles = []
    for position in range(draw(st.integers(1, 6))):
        bylines = tuple(
            Byline(role, name)
            for role, name in draw(
                st.lists(st.tuples(st.sampled_from(["记者", "通讯员"]), names), max_size=2)
            )
        )
        articles.append(
            ParsedArticle(
                position=position,
                title=draw(texts),
                level=2,
                section=draw(st.sampled_from(["", "要闻", "經濟"])),
                page=draw(st.sampled_from(["", "第01版"])),
                date=draw(st.sampled_from(["", "2023-10-01", "2023-10-31", "2024-01-02"])),
                dateline=draw(st.sampled_from(["", "本报讯", "央视网消息（新闻联播）："])),
                paragraphs=tuple(draw(st.lists(texts, max_size=3))),
                bylines=bylines,
                identity=f"gen-{position}-{draw(st.integers(0, 10**9))}",
            )
        )
    return ParsedPage(articles=tuple(articles), encoding="utf-8")


def query_strings(article_texts: list[str]) -> st.SearchStrategy[str]:
    def substring(text: str) -> st.SearchStrategy[str]:
        if not text:
            return st.just("的")
        return st.integers(0, len(text) - 1).flatmap(
            lambda i: st.integers(i + 1, min(len(text), i + 6)).map(lambda j: text[i:j])
        )

    pieces = st.one_of(
        st.sampled_from(article_texts or ["的"]).flatmap(substring),
        texts.filter(lambda t: t.strip()),
        st.sampled_from(["-的", "OR", "title:高", "author:孙", "section:要闻", '"保 交"', "bjl"]),
        st.sampled_from(["nba", "ok", "AI", "ai", "xwb", "xinwenb", "zk", "chaoy", '"ai"', "zgf"]),
        st.sampled_from(
            ["联播）：", "：今天", "°C", "ii", "...", "1", "了", "瞭", "吒", "咤", "－2"]
        ),
        # The page is searched by section: only (its tokens are marked in the index).
        st.sampled_from(["第01版", "01版", "版", "section:01", "section:版", "-section:第0"]),
        st.sampled_from(["date:2023-10", "date:2023-10-01..2023-10-15", "is:unread", "-"]),
    )
    return st.lists(pieces, min_size=1, max_size=3).map(" ".join)


@pytest.fixture(scope="module")
def tmp_module(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("oracle")


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data(), generated=st.lists(pages(), min_size=1, max_size=3))
def test_search_equals_brute_force_oracle(
    tmp_module: Path, data: st.DataObject, generated: list[ParsedPage]
) -> None:
    with Archive.open(":memory:") as archive:
        for n, page in enumerate(generated):
            archive.store_page(f"gen://{n}", page, content_hash=str(n), kind="page")
        articles = list(archive.articles())
        if articles:
            archive.set_read(articles[0].id)
            articles = list(archive.articles())
        all_text = [t for a in articles for _f, _i, t in a.text_fields() if t]
        for _ in range(5):
            text = data.draw(query_strings(all_text))
            query = parse_query(text)
            expected = oracle(articles, query)
            direct = oracle(articles, query, pinyin=False)
            got = archive.search_ids(text)
            assert len(got) == len(set(got))
            assert set(got) == expected, text
            page = archive.search(text, limit=3, offset=1)
            assert page.total == len(expected), text
            assert page.pinyin_total == len(expected - direct), text
            assert [h.id for h in page.hits] == got[1:4], text
            # Pinyin-only matches come after every literal one.
            assert set(got[: len(direct)]) == direct, text
            assert sorted(archive.search_ids(text, sort="date")) == sorted(got), text
            by_id = {a.id: a for a in articles}
            needles = {fold(t) for t in query.highlight_terms()} - {""}
            for hit in page.hits:  # matches counted in every run, as printed
                runs = _term_fields(by_id[hit.id], Term(""))
                assert hit.hits == sum(fold(r).count(n) for r in runs for n in needles), text
            for article_id in got[:3]:
                spans = archive.match_spans(article_id, text)
                fields = {(f, i): t for f, i, t in by_id[article_id].text_fields()}
                assert all(
                    0 <= sp.start < sp.end <= len(fields[(sp.field, sp.index)]) for sp in spans
                )
                literal = any(
                    _term_matches(by_id[article_id], Term(t), pinyin=False)
                    for t in query.highlight_terms()
                )
                assert bool(spans) >= literal, text


def test_text_cannot_forge_the_index_marks(tmp_path: Path) -> None:
    """Page and pinyin tokens carry private-use marks (``<mark>版``); the same
    characters in an article are stored as stand-ins, so its text never
    passes for a page or a pinyin reading, and still finds itself."""
    from newsreader.index.tokens import BOUNDARY, PAGE_MARK, PINYIN_MARK

    forged = f"甲{PAGE_MARK}版乙{PINYIN_MARK}x丙{BOUNDARY}丁"
    page = ParsedPage(
        articles=(
            ParsedArticle(position=0, title="无关", level=2, paragraphs=(forged,)),
            ParsedArticle(position=1, title="保交楼", level=2, page="第01版", paragraphs=("正文",)),
        ),
        encoding="utf-8",
    )
    with Archive.open(tmp_path / "a.db") as archive:
        archive.store_page("forged.md", page, content_hash="1", kind="page")
        ids = {a.title: a.id for a in archive.articles()}
        forger, paper = ids["无关"], ids["保交楼"]
        assert archive.search_ids(forged) == [forger]
        assert archive.search_ids(f"{PAGE_MARK}版") == [forger]
        assert archive.search_ids(f"丙{BOUNDARY}丁") == [forger]
        assert archive.search_ids("section:版") == [paper]  # one character: a prefix query
        assert archive.search_ids("section:01版") == [paper]
        assert archive.search_ids("01版") == []  # the page, unfielded: not searched
        assert archive.search_ids("bjl") == [paper]  # by pinyin only


# ------------------------------------------------------------- sample page
def test_one_and_two_character_terms_find_the_sample(sample_archive: Archive) -> None:
    assert sample_archive.search("保交").total == 1
    assert sample_archive.search("腐败").total == 1
    assert sample_archive.search("的").total == 4
    assert sample_archive.search("国").total >= 1


def test_traditional_and_width_folding(sample_archive: Archive) -> None:
    assert sample_archive.search("經濟普查").total == 1
    assert sample_archive.search("保交樓").total == 1
    assert sample_archive.search("２０２３").total == sample_archive.search("2023").total > 0


def test_title_matches_rank_first(sample_archive: Archive) -> None:
    result = sample_archive.search("保交楼")
    assert result.total == 1
    result = sample_archive.search("工作")
    in_title = [bool(h.title_spans) for h in result.hits]
    assert in_title == [True, True, False]


def test_hits_carry_snippets_and_spans(sample_archive: Archive) -> None:
    (hit,) = sample_archive.search("安置房").hits
    assert hit.hits >= 10
    assert hit.spans, hit.snippet
    for start, end in hit.spans:
        assert hit.snippet[start:end] == "安置房"
    assert "保交楼" in hit.title


def test_match_spans_cover_every_field(sample_archive: Archive) -> None:
    (hit,) = sample_archive.search("庞华磊").hits
    spans = sample_archive.match_spans(hit.id, "庞华磊")
    assert [(s.field, s.start, s.end) for s in spans][-1][0] == "byline"
    article = sample_archive.article(hit.id)
    fields = {(f, i): t for f, i, t in article.text_fields()}
    for span in sample_archive.match_spans(hit.id, "保交楼 安置房"):
        # adjacent matches merge into one span (安置房保交楼)
        assert re.fullmatch(
            "(保交楼|安置房)+", fields[(span.field, span.index)][span.start : span.end]
        )


def test_query_operators_on_the_sample(sample_archive: Archive) -> None:
    total = sample_archive.search("高新区").total
    assert sample_archive.search("高新区 -保交楼").total == total - 1
    assert sample_archive.search("保交楼 OR 孵化器").total == 2
    assert sample_archive.search("author:庞华磊").total == 1
    assert sample_archive.search("记者:曹庆海").total == 1
    assert sample_archive.search("title:孵化器").total == 0
    assert sample_archive.search('"五经普"').total == 1


@pytest.mark.parametrize(
    "hostile",
    ['"', "-", "AND(", "NEAR(a b)", "a*", "^a", "{title}:x", "'; DROP TABLE articles; --", "OR"],
)
def test_malformed_queries_never_raise(sample_archive: Archive, hostile: str) -> None:
    result = sample_archive.search(hostile)
    assert result.total >= 0
    assert sample_archive.count() == 4


def test_pinyin_matches_rank_after_direct(sample_archive: Archive) -> None:
    full = sample_archive.search("baojiaolou")
    assert full.total == 1 and "保交楼" in full.hits[0].title
    assert sample_archive.search("bjl").total == 1
    assert sample_archive.search("sunqinghui").total == 4


def test_sort_by_date_and_paging(sample_archive: Archive) -> None:
    everything = sample_archive.search_ids("高新区", sort="date")
    assert len(everything) == 4
    page = sample_archive.search("高新区", limit=2, offset=2, sort="date")
    assert [h.id for h in page.hits] == everything[2:]


def test_scope_narrows_results(sample_archive: Archive) -> None:
    first = next(iter(sample_archive.articles()))
    sample_archive.set_starred(first.id)
    assert sample_archive.search("高新区", scope=SectionKey("starred")).total == 1
    assert sample_archive.search("高新区 is:starred").total == 1
    assert sample_archive.search("is:unread").total == 4


# --------------------------------------------------------- parallel counting
PARALLEL_QUERIES = ["的", "保交", "保交楼", "经济 发展", "高新 OR 郑州", "-的", "zhengzhou", "gx",
                    "title:郑州", "date:2023", "记者:王", '"高新 区"', "國", "x"]  # fmt: skip


@pytest.mark.parametrize("bm25_limit", [0, 3_000])
@pytest.mark.parametrize("sort", ["rank", "date"])
def test_counting_on_the_side_thread_changes_no_result(
    sample_archive: Archive, monkeypatch: pytest.MonkeyPatch, bm25_limit: int, sort: str
) -> None:
    """A search whose total is counted on the helper thread (the page built
    newest first on a bet, then again by BM25 when the result is small) gives
    exactly the sequential search's total, ids, order, scores and snippets."""
    monkeypatch.setattr(search_engine, "BM25_LIMIT", bm25_limit)
    assert sample_archive._side_connection() is not None
    for text in PARALLEL_QUERIES:
        for limit, offset in ((50, 0), (2, 1)):
            parallel = sample_archive.search(text, limit=limit, offset=offset, sort=sort)
            total, ids, scores = search_engine.run(
                sample_archive.db, text, limit, offset, sort, None
            )
            sequential = sample_archive._hits(ids, text, scores)
            assert parallel.total == total, text
            assert parallel.hits == tuple(sequential), text
            for guess in (False, True):  # a right and a wrong guess give the same page
                got_total, _direct, got_hits = search_engine.run_with_page(
                    sample_archive.db, text, limit, offset, sort, None,
                    sample_archive._side_connection(),
                    lambda ids, scores, text=text: sample_archive._hits(ids, text, scores),
                    small_guess=guess,
                )  # fmt: skip
                assert (got_total, got_hits) == (total, sequential), (text, guess)


def test_closing_the_archive_stops_the_side_thread(sample_archive: Archive) -> None:
    import threading

    sample_archive.search("保交")
    assert any(t.name.startswith("newsreader-side") for t in threading.enumerate())
    sample_archive.close()
    assert not any(
        t.name.startswith("newsreader-side") and t.is_alive() for t in threading.enumerate()
    )


def test_the_bm25_guess_follows_the_longest_remembered_prefix() -> None:
    from newsreader.archive import _RecentTotals
    from newsreader.models import SectionKey

    recent = _RecentTotals()
    assert not recent.small_guess("保", None)  # nothing known: newest first
    recent.remember("保", None, 60_000)
    recent.remember("保交", None, 900)
    assert not recent.small_guess("保", None)
    assert recent.small_guess("保交楼", None)
    assert not recent.small_guess("保交楼", SectionKey("unread"))  # another scope
    for n in range(100):  # bounded: the oldest are forgotten
        recent.remember(f"q{n}", None, 1)
    assert not recent.small_guess("保交楼", None)
