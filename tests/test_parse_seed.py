"""Golden test on the real sample page shipped in content/."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsreader.models import Byline
from newsreader.parse import parse_bytes, parse_file

SEED = Path(__file__).resolve().parent.parent / "content" / "zhengzhou-high-tech-zone-page.md"

TITLES = [
    "郑州高新区党纪教育警示大会召开 推动党风廉政建设和反腐败斗争向纵深发展",
    "高新区领导调研“五经普”清查工作开展情况 抓实重点环节 提高数据质量 "
    "高标准高质量完成各阶段工作任务",
    "创新再添新活力 高新区 新增4家省级双创载体",
    "大干八十天 决战四季度 全力以赴攻坚克难 扎实做好“安居”工程 高新区全力推动群众回迁和保交楼工作",
]
BYLINES = [
    [("记者", "孙庆辉")],
    [("记者", "孙庆辉"), ("通讯员", "张慧丽")],
    [("记者", "孙庆辉"), ("通讯员", "曹庆海")],
    [("记者", "孙庆辉"), ("通讯员", "庞华磊")],
]
# (article index, text that only exists once the column break is repaired)
BREAKS = [
    (0, "要以案为鉴,保持清醒"),
    (0, "自我膨胀”“空喊口号"),
    (0, "以此次主题教育为契机"),
    (1, "了解企业的经营情况"),
    (1, "肯定了好的经验做法"),
    (3, "内设机构、国有平台公司"),
]


@pytest.fixture(scope="module")
def page():
    return parse_file(SEED)


def test_four_articles_with_exact_titles(page) -> None:
    assert [a.title for a in page.articles] == TITLES
    assert [a.position for a in page.articles] == [0, 1, 2, 3]
    assert [a.level for a in page.articles] == [1, 2, 3, 2]
    # The first heading has a body, so it is an article, not an edition title.
    assert page.edition_title == ""
    assert page.encoding == "utf-8"


def test_datelines_are_benbaoxun(page) -> None:
    for article in page.articles:
        assert article.dateline == "本报讯"
        assert not article.paragraphs[0].startswith("本报讯")
        assert article.paragraphs[0].startswith(("近日", "千方百计"))


def test_bylines_structured_and_out_of_the_body(page) -> None:
    for article, expected in zip(page.articles, BYLINES, strict=True):
        assert article.bylines == tuple(Byline(r, n) for r, n in expected)
        body = "".join(article.paragraphs)
        assert "孙庆辉" not in body
        assert article.paragraphs[-1].endswith("。")
    # The first article's byline was glued to its last paragraph.
    assert page.articles[0].paragraphs[-1].endswith("主要负责人参加会议。")


@pytest.mark.parametrize(("index", "joined"), BREAKS)
def test_each_column_break_is_repaired(page, index: int, joined: str) -> None:
    paragraphs = page.articles[index].paragraphs
    assert sum(joined in p for p in paragraphs) == 1


def test_exactly_six_breaks_repaired(page) -> None:
    # Source paragraphs (blank-line separated) minus the stored ones: each
    # repaired break merges two source paragraphs into one.
    text = SEED.read_text(encoding="utf-8")
    blocks = [b for b in text.split("\n\n") if b.strip() and not b.lstrip().startswith("#")]
    byline_blocks = 3  # articles 2, 3 and 4 end with a byline-only block
    stored = sum(len(a.paragraphs) for a in page.articles)
    assert len(blocks) - byline_blocks - stored == 6


def test_source_characters_are_kept(page) -> None:
    # An ASCII comma stays ASCII: folding is for search, never for storage.
    first = page.articles[0].paragraphs[0]
    assert first.startswith("近日,郑州高新区")
    assert "，" not in first


def test_seed_parses_the_same_from_bytes_and_crlf(page) -> None:
    data = SEED.read_bytes()
    again = parse_bytes(data.replace(b"\n", b"\r\n"), str(SEED))
    assert again.articles == page.articles
