"""Article keywords: TF-IDF of segmented words against the archive's own statistics.

Design (docs/decisions.md, "Keywords"): nothing is computed at import.

* ``article_terms(text)`` runs when an article's keywords are shown: word
  segmentation, then filtering (stop words, numbers, punctuation and single
  characters go; multi-character words stay, which keeps person and place
  names such as 张红军 or 郑州市 without needing part-of-speech tags).
* Each candidate's document frequency is an exact count from the search
  index (the Archive asks ``search.document_frequency``); ``DocumentFrequencies``
  remembers those counts until the index changes, because they are most of
  the cost of showing keywords in a large archive and common words recur in
  every article.
* ``top_keywords(terms, df, n_docs)`` ranks with the CURRENT frequencies, so
  keywords follow the archive as it grows.

Segmentation uses rjieba (the Rust port of jieba: ~50x faster than jieba on
the same dictionary) and falls back to jieba when rjieba is not installed.
Either one is created lazily on first use: jieba builds a prefix dictionary
(~1 s) that the app must not pay at start-up. A small built-in user
dictionary adds domain words the default dictionary lacks (安置房, 众创空间
...), so they are not split.

Text is folded (``newsreader.text.fold``: width, case, traditional ->
simplified) before segmentation so that 保交樓 and 保交楼 are one term.

Pure standard library plus the segmenter: never imports textual or rich.
"""

from __future__ import annotations

import json
import logging
import math
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping

from newsreader.text import fold as _fold

__all__ = [
    "DOMAIN_WORDS",
    "KEYWORD_MIN_OCCURRENCES",
    "STOP_WORDS",
    "DocumentFrequencies",
    "article_term_set",
    "article_terms",
    "backend",
    "keyword_text",
    "pack_terms",
    "top_keywords",
    "unpack_terms",
]

#: A keyword chip's word occurs more than once in the archive (issue 15).
KEYWORD_MIN_OCCURRENCES = 2

# Domain words of Chinese local news that the stock dictionaries split in two.
# Written for this project; extend freely (one word per entry).
DOMAIN_WORDS: tuple[str, ...] = (
    "保交楼",
    "安置房",
    "安置地块",
    "回迁房",
    "村改",
    "城中村改造",
    "老旧小区改造",
    "经济普查",
    "五经普",
    "四经普",
    "双创载体",
    "众创空间",
    "星创天地",
    "孵化载体",
    "科技企业孵化器",
    "专精特新",
    "新质生产力",
    "营商环境",
    "放管服",
    "一网通办",
    "全面从严治党",
    "党风廉政",
    "党纪教育",
    "警示教育",
    "主题教育",
    "三不腐",
    "乡村振兴",
    "高质量发展",
    "河长制",
    "垃圾分类",
    "文明城市",
    "网格化",
    "十四五",
    "十五五",
)
_DOMAIN_SET = frozenset(DOMAIN_WORDS)

# Words too common in news prose to say what an article is about. Our own
# short list: function words, reporting boilerplate and generic officialese.


def _wordset(block: str) -> frozenset[str]:
    """Whitespace-separated words: keeps the lists below readable as prose."""
    return frozenset(block.split())


STOP_WORDS: frozenset[str] = _wordset(
    """
    的 了 和 与 及 或 在 是 为 对 将 把 被 从 向 于 以 由 也 都 而 并 等 这 那 其 之 个 要
    我们 你们 他们 她们 它们 自己 大家 我 你 他 她 它 咱们
    这个 那个 这些 那些 这样 那样 这里 那里 这种 哪些 什么 怎么 如何 为何 因为 所以 但是
    但 然而 而且 并且 或者 以及 还是 如果 虽然 即使 只要 因此 于是 同时 此外 另外 其中
    以上 以下 以来 之后 之前 之间 之中 当中 方面 通过 根据 按照 关于 对于 围绕 针对 作为
    进行 开展 实现 做好 加强 推进 推动 坚持 提高 提升 加快 确保 进一步 持续 不断 全力
    全面 积极 切实 认真 有效 深入 扎实 努力 着力 大力 充分 不仅 一是 二是 三是 四是
    年度 当年 全年 上半年 下半年 已经 正在 目前 近日 日前 当天 今年 去年 明年 年底 年初
    近年来 截至 截至目前 目前为止
    表示 指出 强调 要求 认为 介绍 了解 据悉 据了解 获悉 称 说 讲话 会议 召开 参加 出席
    本报讯 本报 记者 通讯员 摄影 编辑 责任编辑 报道 来源 图片 供图 新华社 电
    相关 有关 各类 各项 各级 一些 一批 一系列 多个 各个 所有 每个 整个 其他 其它 部分
    工作 问题 情况 方式 方法 过程 时间 时候 地方 重要 主要 一定 一起 一直 一般
    可以 能够 可能 应该 需要 必须 不能 没有 不是 就是 还有 只有 已 再 又 还 更 最 很 非常
    平方米 万元 亿元 元 公里 千米 公顷 亩 吨 万 亿 人次 余人 左右 多万 约
    """
)

# Single characters that carry meaning on their own in headlines (水 电 气
# 粮 ...). Every other single character is dropped.
_MEANINGFUL_SINGLES: frozenset[str] = frozenset("水气暖粮油煤税房地药医疫桥")

# A number, a percentage, a date part or an ordinal: 2023, 58.73%, 第五次,
# 八十天, 四季度, 12宗. Measure words after the number are part of the match.
_NUMERIC_RE = re.compile(
    r"^[第约近超逾]?[\d.,:%％零〇一二三四五六七八九十百千万亿两几多余]+"
    r"(?:平方公里|平方米|公里|千米|公顷|万元|亿元|[个次年月日号天周届期批项名位家条件宗套元岁人户所座台辆吨米亩倍成季度点分秒时%％])*$"
)
_HAS_WORD_CHAR_RE = re.compile(r"\w")

# Person names. The dictionaries know 红军 and 张 (a measure word), so
# 张红军 comes out as 张 / 红军. Rule: a common one-character surname right
# after a title (书记, 主任, 记者 ...) followed by a one- or two-character
# word is a name; once found, every later 张 + 红军 in the article is merged
# too (张红军指出 has no title before it). Surnames that are also everyday
# words (和 于 向 成 时 金 石 ...) are left out of the list. Names the
# segmenter keeps whole (王德敏, 孙庆辉) need no help; place names (郑州市,
# 榆林) come out whole too.
_SURNAMES: frozenset[str] = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余"
    "杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范廖贾夏韦付邹孟熊秦邱江尹薛闫段雷侯史陶黎贺顾"
    "郝龚邵覃武戴莫孔汤温康施牛樊葛邢乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿兰焦俞左柳祝舒阮"
    "柯纪梅裴霍涂苗辛鲍臧"
)
_TITLES: frozenset[str] = _wordset(
    """
    书记 副书记 主任 副主任 局长 副局长 区长 副区长 市长 副市长 县长 副县长 省长 副省长
    镇长 乡长 村长 部长 副部长 主席 副主席 委员 常委 组长 副组长 处长 科长 所长 院长
    校长 馆长 站长 队长 主编 社长 总经理 经理 董事长 厅长 司长 会长 秘书长 主管 负责人
    记者 通讯员 摄影 同志 代表 教授 专家 医生 老师 民警 干部 村民 居民 市民
    """
)
_MAX_NAME_TAIL = 2


_NAME_RE = re.compile(
    "(?:"
    + "|".join(sorted(_TITLES, key=len, reverse=True))
    + ")(["
    + "".join(sorted(_SURNAMES))
    + f"])([\u4e00-\u9fff]{{1,{_MAX_NAME_TAIL}}})"
)


def _split_names(text: str, tokens: list[str]) -> list[tuple[str, str, int]]:
    """Surname + given-name pairs the segmenter split: ``(name, given, times)``.

    A regular expression finds "title, surname, one or two Han characters" in
    the text (C speed, no walk over the tokens); a pair counts as a name when
    the segmenter produced the surname and the given name as tokens.
    """
    names: dict[str, tuple[str, str]] = {}
    for match in _NAME_RE.finditer(text):
        surname, tail = match.group(1), match.group(2)
        if surname + tail[:1] in names or surname + tail in names:
            continue
        if surname not in tokens:
            continue
        given = tail if tail in tokens else tail[:1]
        if given in tokens:
            names[surname + given] = (surname, given)
    found = []
    for name, (surname, given) in names.items():
        times = min(text.count(name), tokens.count(surname), tokens.count(given))
        if times > 0:
            found.append((name, given, times))
    return found


def _merge_names(text: str, tokens: list[str], counts: Counter[str]) -> None:
    """Count each split name as one term, taking its count from the given name."""
    for name, given, times in _split_names(text, tokens):
        counts[name] += times
        if given in counts:
            left = counts[given] - times
            if left > 0:
                counts[given] = left
            else:
                del counts[given]


_CACHE_LIMIT = 500_000
# Every token ever classified, in one of two sets, so that filtering an
# article is set arithmetic (in C) plus a Python check of new tokens only.
_kept: set[str] = set()
_dropped: set[str] = set()


def _keep(term: str) -> bool:
    """Whether a segmented token is worth keeping as a keyword candidate."""
    if term in _DOMAIN_SET:
        return True
    if term in STOP_WORDS:
        return False
    if len(term) < 2:
        return term in _MEANINGFUL_SINGLES
    if term.isspace() or not _HAS_WORD_CHAR_RE.search(term):
        return False
    if _NUMERIC_RE.match(term):
        return False
    # "_" counts as a word character for \w; a token of underscores is noise.
    return bool(term.strip("_-"))


def _classify(terms: set[str]) -> None:
    """Sort tokens never seen before into ``_kept`` / ``_dropped``."""
    for term in terms:
        (_kept if _keep(term) else _dropped).add(term)


# ---------------------------------------------------------------------------
# Segmenter (lazy)
# ---------------------------------------------------------------------------

_lock = threading.Lock()
Cut = Callable[..., list[str]]
"""``cut(text, hmm=True)``: the tokens; ``hmm=False`` finds dictionary words only."""
_cut: Cut | None = None
_backend_name = ""


def _make_rjieba() -> Cut:
    """A private rjieba instance (not the module-global one other code may tune)."""
    import rjieba

    seg = rjieba.Jieba()
    for word in DOMAIN_WORDS:
        seg.add_word(word, None, "n")

    def cut(text: str, hmm: bool = True) -> list[str]:
        return seg.cut(text, hmm)

    return cut


def _make_jieba() -> Cut:
    """A private jieba Tokenizer; its prefix dictionary is built (or loaded) here."""
    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)
    seg = jieba.Tokenizer()
    seg.initialize()
    for word in DOMAIN_WORDS:
        seg.add_word(word)

    def cut(text: str, hmm: bool = True) -> list[str]:
        return seg.lcut(text, HMM=hmm)

    return cut


def _segmenter() -> Cut:
    """The word segmenter, created on first use (thread-safe)."""
    global _cut, _backend_name
    if _cut is None:
        with _lock:
            if _cut is None:
                try:
                    cut, name = _make_rjieba(), "rjieba"
                except ImportError:
                    cut, name = _make_jieba(), "jieba"
                _backend_name = name
                _cut = cut
    return _cut


def backend() -> str:
    """Which segmenter is in use ("rjieba" or "jieba"); creates it if needed."""
    _segmenter()
    return _backend_name


def _use_backend(name: str) -> None:
    """Force a segmenter (tests and the benchmark compare both)."""
    global _cut, _backend_name
    with _lock:
        _cut = _make_rjieba() if name == "rjieba" else _make_jieba()
        _backend_name = name


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


# Keywords of a very long article come from its first this many characters:
# segmenting a whole 1.7M-character paragraph took ~1 s and ~260 MB.
KEYWORD_TEXT_LIMIT = 100_000


def keyword_text(title: str, paragraphs: Iterable[str]) -> str:
    """The text keywords are taken from: title and body, not bylines or datelines.

    Bylines would make every reporter a keyword of every article they wrote.
    At most ``KEYWORD_TEXT_LIMIT`` characters, from the start.
    """
    parts, size = [title], len(title)
    for paragraph in paragraphs:
        if size >= KEYWORD_TEXT_LIMIT:
            break
        parts.append(paragraph)
        size += 1 + len(paragraph)
    return "\n".join(parts)[:KEYWORD_TEXT_LIMIT]


def _tokens(text: str, folded: bool) -> tuple[str, list[str], set[str]]:
    """Folded text, its tokens and their distinct values, every token classified."""
    if not folded:
        text = _fold(text)
    tokens = _segmenter()(text)
    if len(_kept) + len(_dropped) > _CACHE_LIMIT:  # bound memory on huge archives
        _kept.clear()
        _dropped.clear()
    distinct = set(tokens)
    # set.difference walks the smaller side; `keys() - big_set` would walk
    # the whole vocabulary on every call.
    new = distinct.difference(_kept).difference(_dropped)
    if new:
        _classify(new)
    return text, tokens, distinct


def article_terms(text: str, *, folded: bool = False) -> Counter[str]:
    """Candidate keywords of one article with their counts.

    Pass ``folded=True`` when ``text`` is already ``fold``-ed (the importer
    folds every article for its index anyway). Every step but the
    classification of never-seen tokens runs in C: the token list is
    filtered by set membership before it is counted.
    """
    text, tokens, _ = _tokens(text, folded)
    counts = Counter(filter(_kept.__contains__, tokens))
    _merge_names(text, tokens, counts)
    for term in _drop_invented_once(text, counts):
        del counts[term]
    return counts


def _drop_invented_once(text: str, counts: Mapping[str, int]) -> set[str]:
    """Words the segmenter invented (not in its dictionary) that occur once: not keywords.

    The segmenter's HMM makes words of unknown character runs: it finds
    names (孙庆辉), but also joins the ends of two words (济约 from 经济约束,
    十地 from 八十地块). A dictionary word, a domain word or a name after a
    title (记者 …) stays; an invented word stays when it occurs twice.
    """
    once = {term for term, n in counts.items() if n < 2 and term not in _DOMAIN_SET}
    if not once:
        return set()
    known = set(_segmenter()(text, False))
    for match in _NAME_RE.finditer(text):
        surname, tail = match.group(1), match.group(2)
        known.update(surname + tail[:k] for k in range(1, len(tail) + 1))
    return once - known


def article_term_set(text: str, *, folded: bool = False) -> set[str]:
    """The terms of ``article_terms`` without counts: what ``term_df`` needs.

    Cheaper (no counting), for an import that keeps only document
    frequencies and recomputes an article's counts when it is shown.
    """
    text, tokens, distinct = _tokens(text, folded)
    terms = distinct.intersection(_kept)
    counts = {term: 0 for term in terms}
    for token in tokens:
        if token in counts:
            counts[token] += 1
    for name, given, times in _split_names(text, tokens):
        terms.add(name)
        counts[name] = counts.get(name, 0) + times
        if given in terms and tokens.count(given) <= times:
            terms.discard(given)
            counts.pop(given, None)
        elif given in counts:
            counts[given] -= times
    return terms - _drop_invented_once(text, counts)


def top_keywords(
    terms: Mapping[str, int],
    df: Mapping[str, int],
    n_docs: int,
    k: int = 8,
    *,
    min_occurrences: int = 1,
) -> list[tuple[str, float]]:
    """The ``k`` best terms of an article by TF-IDF, best first.

    ``terms`` are the article's counts (from ``article_terms``), ``df`` how
    many archive articles contain each term and ``n_docs`` how many articles
    the archive has. Score = tf * (ln((1 + n_docs) / (1 + df)) + 1): the
    smoothed IDF never divides by zero and stays positive, so a term every
    article has still ranks by its count, and a term missing from ``df``
    (not yet counted) is treated as rare. Ties go to the longer (more
    specific) term, then code point order, so the result is deterministic.

    ``min_occurrences``: a term must occur at least this many times in the
    article or be in at least this many articles. The reader asks for 2: a
    word found once in the whole archive is most often a segmentation
    accident (``济约`` out of 经济约束), not a topic.
    """
    if k <= 0 or not terms:
        return []
    n = max(n_docs, 0)
    scored = []
    for term, tf in terms.items():
        if tf <= 0:
            continue
        d = min(max(df.get(term, 0), 0), n) if n else 0
        if tf < min_occurrences and d < min_occurrences:
            continue
        idf = math.log((1 + n) / (1 + d)) + 1.0
        scored.append((term, tf * idf))
    scored.sort(key=lambda item: (-item[1], -len(item[0]), item[0]))
    return scored[:k]


class DocumentFrequencies:
    """Document frequencies already counted, per archive file, until its index changes.

    Counting one word in the search index costs 0.1-30 ms at 100k articles
    (common words and long phrases the most), and an article has ~100
    candidates, so counting them all took 150-350 ms an article. The reader
    opens a fresh Archive for each article's keywords (on a worker thread),
    so the counts are kept here, for the process, keyed by the file and
    checked against a ``stamp`` that changes whenever the index does.
    Thread-safe; at most ``limit`` words a file (then it starts over).
    """

    def __init__(self, limit: int = 200_000, files: int = 4) -> None:
        self._lock = threading.Lock()
        self._limit = limit
        self._files = files
        self._by_file: dict[str, tuple[object, dict[str, int]]] = {}

    def get(
        self, file: str, stamp: object, terms: Iterable[str], count: Callable[[str], int]
    ) -> dict[str, int]:
        """``{term: df}`` for ``terms``, calling ``count(term)`` only for terms not known.

        ``stamp`` must differ whenever the archive's index has changed; a new
        stamp forgets everything counted before for ``file``.
        """
        with self._lock:
            known = self._by_file.get(file)
            if known is None or known[0] != stamp:
                if known is None and len(self._by_file) >= self._files:
                    self._by_file.pop(next(iter(self._by_file)))
                known = (stamp, {})
                self._by_file[file] = known
            cached = known[1]
            out = {term: cached[term] for term in terms if term in cached}
        missing = {term: count(term) for term in terms if term not in out}
        if missing:
            with self._lock:
                current = self._by_file.get(file)
                if current is not None and current[0] == stamp:
                    if len(current[1]) + len(missing) > self._limit:
                        current[1].clear()
                    current[1].update(missing)
        out.update(missing)
        return out

    def clear(self) -> None:
        with self._lock:
            self._by_file.clear()


def pack_terms(terms: Mapping[str, int]) -> str:
    """One text column for an article's terms: compact JSON ``{"保交楼":10,...}``.

    JSON because its encoder and decoder run in C (faster than any
    hand-rolled format in Python here); zero and negative counts are left out.
    """
    return json.dumps(
        {term: n for term, n in terms.items() if n > 0}, ensure_ascii=False, separators=(",", ":")
    )


def unpack_terms(packed: str) -> dict[str, int]:
    """The inverse of ``pack_terms``; anything malformed gives ``{}``, never raises.

    Also reads the earlier "term count term count" form, so archives built
    with it keep their keywords until they are re-imported.
    """
    try:
        data = json.loads(packed)
    except (ValueError, TypeError):
        return _unpack_pairs(packed) if isinstance(packed, str) else {}
    if not isinstance(data, dict):
        return {}
    return {t: n for t, n in data.items() if isinstance(n, int) and not isinstance(n, bool)}


def _unpack_pairs(packed: str) -> dict[str, int]:
    parts = packed.split()
    if len(parts) % 2:
        return {}
    pairs = zip(parts[::2], parts[1::2], strict=True)
    out = {term: int(n) for term, n in pairs if n.isascii() and n.isdigit()}
    return out if len(out) * 2 == len(parts) else {}
