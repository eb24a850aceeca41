"""A seeded, reproducible corpus of Chinese newspaper pages for the benchmarks.

The import and search figures only mean something if the text looks like the
real thing to the parser and to the index: word frequencies from a real
dictionary (jieba's ``dict.txt``, read at run time), news-style punctuation,
datelines, bylines (some glued to the last paragraph, some split over two
lines), column breaks that cut a paragraph mid-sentence, a few Latin words and
digits, a small share of traditional-script articles, and the benchmark's
query words (保交楼, 经济普查, 高新技术, GDP, 2023) at plausible rates.

Speed matters (100k articles must take seconds, not minutes), so words are
drawn in bulk into pools of clauses and sentences once per seed, and each
article is assembled from whole sentences plus a few per-article insertions
(topic phrases, years, dates). Same seed and size give the same bytes: only
``random.Random(seed)`` decides anything, never ``hash()`` or the clock.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

# Bump when the output changes, so cached corpora under benchmarks/data/ are rebuilt.
GENERATOR_VERSION = 2

_DICT_LINE = re.compile(r"^([\u4e00-\u9fff]+) (\d+)", re.MULTILINE)
_CLAUSE_POOL = 120_000
_SENTENCE_POOL = 200_000
# Sentences per paragraph, walked from a random offset (cheaper than a draw each).
_PARAGRAPH_SENTENCES = (5, 3, 7, 4, 9, 6, 3, 8, 5, 2, 10, 6, 4, 7, 6, 5, 4)
_FIRST_DAY = date(2019, 1, 1)
_SPAN_DAYS = 6 * 365

# (name, city, uses ASCII commas like the bundled sample page, header style)
PUBLICATIONS: tuple[tuple[str, str, bool, str], ...] = (
    ("郑州日报", "郑州", True, "heading"),
    ("人民日报", "北京", False, "quote"),
    ("河南日报", "郑州", False, "heading"),
    ("经济日报", "北京", False, "front"),
    ("大河报", "郑州", False, "quote"),
)

# Section headings (no body of their own) that group the later articles of a page.
GROUP_HEADINGS = ("详细新闻", "简讯", "综合新闻", "本地新闻")

# Section names by page number (1-based); pages past the list reuse its tail.
_PAGE_SECTIONS = (
    "要闻", "要闻", "要闻", "经济", "经济", "社会", "社会", "科技",
    "文化", "文化", "体育", "体育", "国际", "评论", "副刊", "专版",
)  # fmt: skip

_SECTION_TOPICS: dict[str, tuple[str, ...]] = {
    "要闻": ("party", "economy", "housing", "census", "tech", "society"),
    "经济": ("economy", "economy", "housing", "census", "tech"),
    "社会": ("society", "society", "housing"),
    "科技": ("tech", "tech", "economy"),
    "文化": ("culture",),
    "体育": ("sport",),
    "国际": ("world",),
    "评论": ("party", "economy", "society"),
    "副刊": ("culture", "society"),
    "专版": ("census", "tech", "housing", "party"),
}

# Phrases each topic mentions; repeats weight the choice.
_TOPIC_PHRASES: dict[str, tuple[str, ...]] = {
    "housing": (
        "保交楼", "保障性住房", "保交楼项目", "安置房建设", "群众回迁", "城中村改造",
        "住房保障", "房地产市场", "保交付", "老旧小区改造", "租赁住房", "物业服务",
    ),
    "census": (
        "经济普查", "经济普查", "第五次全国经济普查", "“五经普”", "普查员",
        "清查工作", "数据质量", "普查对象",
    ),
    "tech": (
        "高新技术", "高新技术企业", "高新区", "高新区", "科技企业孵化器", "众创空间",
        "5G基站", "人工智能", "AI大模型", "科技创新", "研发投入",
    ),
    "economy": (
        "GDP", "GDP增速", "地区生产总值", "同比增长", "CPI", "PMI", "营商环境",
        "稳增长", "扩大内需", "招商引资", "经济发展", "高质量发展",
    ),
    "party": (
        "全面从严治党", "党风廉政建设", "主题教育", "警示教育", "作风建设",
        "基层党组织", "高质量发展",
    ),
    "society": (
        "民生实事", "就业创业", "养老服务", "医疗保障", "义务教育", "社区治理",
        "安全生产", "食品安全",
    ),
    "culture": (
        "非物质文化遗产", "博物馆", "文旅融合", "文艺演出", "全民阅读", "黄河文化",
    ),
    "sport": ("马拉松", "全运会", "中超联赛", "全民健身", "冠军", "CBA"),
    "world": ("联合国", "一带一路", "G20", "APEC", "中欧班列", "进出口"),
}  # fmt: skip

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴孔"  # noqa: E501
_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂华红玉兰建国庆辉慧海波宁凯胜德斌鹏飞晓燕雪梅琳婷浩宇轩博然欣怡子涵思源晨阳志远佳琪"  # noqa: E501
_UNITS = ("万元", "亿元", "万平方米", "家", "个", "人", "项", "套", "公里", "万人次", "%")
_DATELINE_PLACES = ("北京", "郑州", "上海", "广州", "武汉", "西安", "洛阳", "开封", "深圳")


@dataclass(frozen=True)
class CorpusInfo:
    """What was generated: enough to check a cache and to report MB/s."""

    out_dir: Path
    seed: int
    articles: int
    pages: int
    chars: int
    bytes: int
    seconds: float
    version: int = GENERATOR_VERSION
    digest: str = ""  # of every path and byte, in order: equal digests, equal corpora

    def to_json(self) -> str:
        data = asdict(self)
        data["out_dir"] = str(self.out_dir)
        return json.dumps(data, ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> CorpusInfo:
        data = json.loads(text)
        data["out_dir"] = Path(data["out_dir"])
        return cls(**data)


_TABLE_SLOTS = 1 << 21


class _WordSampler:
    """Draws words by jieba frequency: a flat table for the head, bisect for the tail.

    ``random.choices`` with weights bisects a 300k-entry list per draw (~4 us);
    a table where each common word fills slots in proportion to its frequency
    makes a draw one index. Words too rare for a slot keep their exact share
    through the (rarely taken) bisect path, so no part of the dictionary is lost.
    """

    def __init__(self) -> None:
        import jieba

        text = Path(jieba.__file__).with_name("dict.txt").read_text(encoding="utf-8")
        pairs = [(w, int(f)) for w, f in _DICT_LINE.findall(text)]
        total = sum(f for _, f in pairs)
        table: list[str] = []
        tail: list[str] = []
        tail_freqs: list[int] = []
        for word, freq in pairs:
            slots = freq * _TABLE_SLOTS // total
            if slots:
                table.extend([word] * slots)
            else:
                tail.append(word)
                tail_freqs.append(freq)
        self.table = table
        self.tail = tail
        self.tail_cum = list(accumulate(tail_freqs))
        self.tail_share = sum(tail_freqs) / total

    def draw(self, rng: random.Random, k: int) -> list[str]:
        table = self.table
        n = len(table)
        head_share = 1.0 - self.tail_share
        rand = rng.random
        out = [table[int(rand() * n)] for _ in range(k)]
        tail_draws = [i for i in range(k) if rand() >= head_share]
        if tail_draws:
            rare = rng.choices(self.tail, cum_weights=self.tail_cum, k=len(tail_draws))
            for i, word in zip(tail_draws, rare, strict=True):
                out[i] = word
        return out


@lru_cache(maxsize=1)
def _sampler() -> _WordSampler:
    return _WordSampler()


def _traditional_table(chars: str) -> dict[int, str]:
    """Simplified -> traditional, character by character, for ``chars``.

    One OpenCC call for the whole alphabet, then ``str.translate`` per article:
    calling OpenCC per article costs ~2 ms each. Characters are converted one
    per line so that no phrase rule can change the count. Empty without OpenCC
    (the corpus then simply has no traditional articles).
    """
    try:
        import opencc
    except ImportError:
        return {}
    out = opencc.OpenCC("s2t").convert("\n".join(chars)).split("\n")
    if len(out) != len(chars):
        return {}
    return {ord(a): b for a, b in zip(chars, out, strict=True) if a != b and len(b) == 1}


class _Pools:
    """Clauses and sentences drawn once per seed; articles pick from them."""

    def __init__(self, rng: random.Random, articles: int) -> None:
        # Small corpora (tests, smoke runs) get small pools: they start in milliseconds.
        n_clauses = max(2_000, min(_CLAUSE_POOL, articles * 20))
        n_sentences = max(3_000, min(_SENTENCE_POOL, articles * 30))
        counts = rng.choices((2, 3, 3, 4, 4, 5, 6, 7), k=n_clauses)
        drawn = _sampler().draw(rng, sum(counts))
        clauses: list[str] = []
        at = 0
        for n in counts:
            clauses.append("".join(drawn[at : at + n]))
            at += n
        # Sprinkle numbers and quotes into a share of the clauses.
        for i in range(0, n_clauses, 9):
            clauses[i] = clauses[i] + _number(rng)
        for i in range(4, n_clauses, 23):
            clauses[i] = f"“{clauses[i]}”"
        self.clauses = clauses
        # A sentence is a run of consecutive pool clauses (they are independent draws).
        sentences: list[str] = []
        rand = rng.random
        top = n_clauses - 8
        for n in rng.choices((1, 2, 2, 3, 3, 3, 4, 5), k=n_sentences):
            at = int(rand() * top)
            roll = rand()
            if n > 2 and roll < 0.2:
                body = (
                    "，".join(clauses[at : at + n - 2])
                    + "，"
                    + "、".join(clauses[at + n - 2 : at + n])
                )
            else:
                body = "，".join(clauses[at : at + n])
            sentences.append(body + ("。" if roll < 0.93 else "；！？"[int(roll * 1000) % 3]))
        self.sentences = sentences
        self.mean_sentence = sum(map(len, sentences)) / len(sentences)
        # Short clauses for titles: 4 to 10 characters.
        self.short = [c for c in clauses[: n_clauses // 3] if 3 <= len(c) <= 9 and "“" not in c]


def _number(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.35:
        return f"{rng.randint(2, 9999)}{rng.choice(_UNITS)}"
    if roll < 0.6:
        return f"{rng.randint(1, 999)}.{rng.randint(1, 99)}{rng.choice(_UNITS)}"
    if roll < 0.8:
        return f"增长{rng.randint(1, 30)}.{rng.randint(0, 9)}%"
    return f"第{rng.randint(2, 30)}"


def _name(rng: random.Random) -> str:
    given = rng.choice(_GIVEN) + (rng.choice(_GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(_SURNAMES) + given


def _names(rng: random.Random, most: int) -> str:
    n = rng.randint(1, most)
    sep = " " if rng.random() < 0.8 else "、"
    return sep.join(_name(rng) for _ in range(n))


def _byline_lines(rng: random.Random, xinhua: bool) -> list[str]:
    """The byline as printed, one string per line (empty: no byline)."""
    roll = rng.random()
    if xinhua or roll < 0.12:
        return []
    if roll < 0.45:
        return [f"记者 {_name(rng)}"]
    if roll < 0.7:
        return [f"记者 {_names(rng, 2)} 通讯员 {_names(rng, 3)}"]
    if roll < 0.82:
        return [f"记者 {_name(rng)}  ", f"通讯员 {_names(rng, 2)}"]
    if roll < 0.9:
        return [f"本报记者 {_names(rng, 3)}"]
    if roll < 0.95:
        return [f"实习生 {_name(rng)} 记者 {_name(rng)}"]
    return [f"文/图 {_name(rng)}"]


def _dateline(rng: random.Random, day: date, city: str) -> tuple[str, bool]:
    """A dateline for an edition of ``day``; True when it is a wire story."""
    sent = day - timedelta(days=rng.choice((0, 1, 1, 1, 2, 3)))
    roll = rng.random()
    if roll < 0.45:
        return "本报讯", False
    if roll < 0.55:
        return f"本报讯（记者 {_name(rng)}）", False
    if roll < 0.72:
        return f"本报{rng.choice((city, *_DATELINE_PLACES))}{sent.month}月{sent.day}日电", False
    if roll < 0.82:
        return f"新华社{rng.choice(_DATELINE_PLACES)}{sent.month}月{sent.day}日电", True
    if roll < 0.87:
        return f"本报{city}{sent.month}月{sent.day}日讯", False
    return "", False


def _column_break(rng: random.Random, para: str) -> str:
    """Split ``para`` mid-sentence across a blank line, as page conversion does.

    The cut falls between two Han characters (or a comma and a Han character),
    so the parser can and must join the halves back without a space.
    """
    n = len(para)
    for _ in range(6):
        at = rng.randint(8, n - 8)
        left, right = para[at - 1], para[at]
        if "\u4e00" <= right <= "\u9fff" and ("\u4e00" <= left <= "\u9fff" or left in "，、,"):
            return para[:at] + "\n\n" + para[at:]
    return para


class _Writer:
    """Assembles articles and pages from the pools with one RNG."""

    def __init__(self, seed: int, articles: int) -> None:
        self.rng = random.Random(seed + 7919)  # replaced per edition; this one draws the pools
        self.pools = _Pools(self.rng, articles)
        alphabet = set("".join(self.pools.sentences)).union(
            *(map("".join, _TOPIC_PHRASES.values()))
        )
        alphabet.update(_SURNAMES + _GIVEN + "本报讯记者通讯员实习生新华社电日月")
        self.trad = _traditional_table("".join(sorted(alphabet)))

    def title(self, topic: str) -> str:
        rng = self.rng
        segments = []
        for i in range(rng.choice((1, 1, 2, 2, 3))):
            seg = rng.choice(self.pools.short)
            if i == 0 and rng.random() < 0.6:
                phrase = rng.choice(_TOPIC_PHRASES[topic]).strip("“”")
                seg = seg + phrase if rng.random() < 0.5 else phrase + seg
            segments.append(seg)
        return " ".join(segments)

    def body(self, topic: str, day: date) -> list[str]:
        """Paragraphs (without dateline or byline), about 1,300 characters in all."""
        rng = self.rng
        pools = self.pools
        target = max(500, min(2600, int(rng.gauss(1220, 250))))
        k = max(4, round(target / pools.mean_sentence))
        # A strided slice of the pool: one C call, and (start, step) pairs are
        # many enough that two articles rarely share two sentences in a row.
        sentences = pools.sentences
        step = rng.randrange(1, 1000)
        start = rng.randrange(len(sentences) - k * step) if len(sentences) > k * step else 0
        picked = sentences[start : start + k * step : step]
        if len(picked) < k:
            picked = rng.choices(sentences, k=k)
        # Topic phrases, years and dates go in per article, so their rates follow topics.
        clauses = pools.clauses
        phrases = _TOPIC_PHRASES[topic]
        for i in rng.choices(range(k), k=1 + int(rng.random() * k / 7)):
            picked[i] = f"{rng.choice(phrases)}{rng.choice(clauses)}，{picked[i]}"
        if rng.random() < 0.7:
            year = day.year - (rng.random() < 0.35)
            i = rng.randrange(k)
            picked[i] = f"{year}年{rng.choice(clauses)}，{picked[i]}"
        if rng.random() < 0.3:
            i = rng.randrange(k)
            picked[i] = f"{day.month}月{rng.randrange(1, 29)}日，{picked[i]}"
        paras: list[str] = []
        at = 0
        sizes = _PARAGRAPH_SENTENCES
        offset = rng.randrange(len(sizes))
        while at < k:
            size = sizes[offset % len(sizes)]
            paras.append("".join(picked[at : at + size]))
            at += size
            offset += 1
        return paras

    def article(self, level: int, topic: str, day: date, pub: tuple[str, str, bool, str]) -> str:
        rng = self.rng
        _, city, ascii_commas, _ = pub
        title = self.title(topic)
        paras = self.body(topic, day)
        # Breaks first, so that none falls inside the dateline or a glued byline.
        paras = [_column_break(rng, p) if len(p) > 40 and rng.random() < 0.15 else p for p in paras]
        dateline, wire = _dateline(rng, day, city)
        if dateline:
            paras[0] = f"{dateline} {paras[0]}"
        byline = _byline_lines(rng, wire)
        if byline and len(byline) == 1 and paras[-1][-1] == "。" and rng.random() < 0.3:
            paras[-1] = paras[-1] + byline[0]  # glued: …参加会议。记者 孙庆辉
            byline = []
        blocks = [f"{'#' * level} {title}", *paras]
        if byline:
            blocks.append("\n".join(byline))
        if rng.random() < 0.1:
            blocks.append(
                f"[查看原文](https://example.com/{day.isoformat()}/{rng.randrange(10**8)}.html)"
            )
        text = "\n\n".join(blocks)
        if ascii_commas:
            text = text.replace("，", ",")
        if self.trad and rng.random() < 0.03:
            text = text.translate(self.trad)
        return text

    def page(self, pub: tuple[str, str, bool, str], day: date, page_no: int, articles: int) -> str:
        rng = self.rng
        name, _, _, style = pub
        section = _PAGE_SECTIONS[min(page_no, len(_PAGE_SECTIONS)) - 1]
        cn_date = f"{day.year}年{day.month:02d}月{day.day:02d}日"
        quote = f"> 《{name}》（{cn_date}第 {page_no:02d} 版）"
        if style == "heading":
            head = [f"# {name} 第{page_no:02d}版：{section}", quote]
        elif style == "quote":
            head = [quote]
        else:
            head = [
                "---\n"
                f"publication: {name}\n"
                f"date: {day.isoformat()}\n"
                f"section: 第{page_no:02d}版\n"
                f"section_name: {section}\n"
                "---"
            ]
        topics = _SECTION_TOPICS[section]
        blocks = head
        level = 2
        grouped = articles > 3 and rng.random() < 0.3
        for i in range(articles):
            if grouped and i == 2:
                blocks.append(f"## {rng.choice(GROUP_HEADINGS)}")
                level = 3
            blocks.append(self.article(level, rng.choice(topics), day, pub))
        return "\n\n".join(blocks) + "\n"


@dataclass(frozen=True)
class _Edition:
    """One day's issue of one publication: how many articles on each page."""

    index: int
    pub: tuple[str, str, bool, str]
    day: date
    pages: tuple[int, ...]


def _plan(articles: int, seed: int, articles_per_page: tuple[int, int]) -> list[_Edition]:
    """Every edition's date and page sizes, spread evenly over several years.

    Planned up front with its own RNG so that each edition can then be written
    from an RNG of its own, in any order or process, with the same bytes.
    About 60 articles an edition; when that needs more editions than days x
    publications, the calendar simply runs on past the six-year span.
    """
    rng = random.Random(seed)
    low, high = articles_per_page
    n_pubs = len(PUBLICATIONS)
    expected = max(1, -(-articles // 60))
    days = max(_SPAN_DAYS, -(-expected // n_pubs))
    editions: list[_Edition] = []
    left = articles
    k = 0
    while left > 0:
        sizes: list[int] = []
        for _ in range(rng.randint(4, 16)):
            if left <= 0:
                break
            sizes.append(min(left, rng.randint(low, high)))
            left -= sizes[-1]
        # k and k + n_pubs land on different days because days * n_pubs >= expected.
        day = _FIRST_DAY + timedelta(days=(k * days) // expected)
        editions.append(_Edition(k, PUBLICATIONS[k % n_pubs], day, tuple(sizes)))
        k += 1
    return editions


def _edition_pages(writer: _Writer, seed: int, edition: _Edition) -> list[tuple[str, str]]:
    """``(relative path, text)`` of each page of one edition."""
    writer.rng = random.Random(seed * 1_000_003 + edition.index)
    pub, day = edition.pub, edition.day
    return [
        (
            f"{day.year}/{day.isoformat()}/{pub[0]}/第{page_no:02d}版.md",
            writer.page(pub, day, page_no, n),
        )
        for page_no, n in enumerate(edition.pages, start=1)
    ]


def iter_pages(
    articles: int, seed: int = 2023, articles_per_page: tuple[int, int] = (4, 8)
) -> Iterator[tuple[str, str]]:
    """Yield ``(relative path, page text)`` of the corpus, in order, without writing."""
    writer = _Writer(seed, articles)
    for edition in _plan(articles, seed, articles_per_page):
        yield from _edition_pages(writer, seed, edition)


# The writer a forked worker inherits (pools are built once, before the fork).
_WORKER: tuple[_Writer, int, Path] | None = None


def _write_edition(edition: _Edition) -> tuple[int, int, int, int, bytes]:
    """Write one edition's pages in a worker: (index, pages, characters, bytes, digest)."""
    assert _WORKER is not None
    writer, seed, out_dir = _WORKER
    pages = chars = size = 0
    digest = hashlib.sha256()
    for rel, text in _edition_pages(writer, seed, edition):
        path = out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        with open(path, "wb") as handle:
            handle.write(data)
        digest.update(rel.encode("utf-8") + b"\0" + data + b"\0")
        pages += 1
        chars += len(text)
        size += len(data)
    return edition.index, pages, chars, size, digest.digest()


def generate_corpus(
    out_dir: Path,
    articles: int,
    seed: int = 2023,
    articles_per_page: tuple[int, int] = (4, 8),
    workers: int | None = None,
) -> CorpusInfo:
    """Write the corpus under ``out_dir`` (one page per file) and describe it.

    Files are UTF-8; the same ``(articles, seed, articles_per_page)`` always
    gives the same files, byte for byte, whatever ``workers`` is (default: two
    processes from 20k articles up, since each edition has its own RNG).
    """
    global _WORKER
    started = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    plan = _plan(articles, seed, articles_per_page)
    if workers is None:
        workers = min(2, os.cpu_count() or 1) if articles >= 20_000 else 1
    _WORKER = (_Writer(seed, articles), seed, out_dir)
    try:
        if workers > 1:
            import multiprocessing

            with multiprocessing.get_context("fork").Pool(workers) as pool:
                counts = list(pool.imap_unordered(_write_edition, plan, chunksize=16))
        else:
            counts = [_write_edition(edition) for edition in plan]
    finally:
        _WORKER = None
    counts.sort()
    return CorpusInfo(
        out_dir=out_dir,
        seed=seed,
        articles=articles,
        pages=sum(c[1] for c in counts),
        chars=sum(c[2] for c in counts),
        bytes=sum(c[3] for c in counts),
        seconds=time.perf_counter() - started,
        digest=hashlib.sha256(b"".join(c[4] for c in counts)).hexdigest()[:16],
    )
