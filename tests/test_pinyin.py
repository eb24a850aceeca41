"""Pinyin keys of titles and bylines (newsreader.index.pinyin)."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from pypinyin import Style, lazy_pinyin
from pypinyin.pinyin_dict import pinyin_dict

from newsreader.index.pinyin import is_pinyin_query, pinyin_keys, reading


def test_examples() -> None:
    assert pinyin_keys("保交楼") == ("baojiaolou", "bjl")
    assert pinyin_keys("高新区") == ("gaoxinqu", "gxq")
    assert pinyin_keys("经济普查") == ("jingjipucha", "jjpc")


def test_mixed_text_keeps_latin_and_digits() -> None:
    assert pinyin_keys("GDP增长7%") == ("gdpzengzhang7", "gdpzz7")
    assert pinyin_keys("“五经普”工作") == ("wujingpugongzuo", "wjpgz")
    assert pinyin_keys("ＡＢＣ１２３") == ("abc123", "abc123")
    assert pinyin_keys("记者 孙庆辉") == ("jizhesunqinghui", "jzsqh")


def test_drops_everything_else() -> None:
    assert pinyin_keys("") == ("", "")
    assert pinyin_keys("，。！ \n\t—") == ("", "")
    assert pinyin_keys("\x1b[31m") == ("31m", "31m")


def test_traditional_and_u_umlaut() -> None:
    assert pinyin_keys("經濟") == ("jingji", "jj")
    assert pinyin_keys("绿") == ("lv", "l")
    assert reading("女") == "nv"


def test_astral_characters_take_the_slow_path() -> None:
    full, initials = pinyin_keys("\U00020000保a")
    assert full.endswith("baoa")
    assert initials.endswith("ba")
    assert pinyin_keys("😀保") == ("bao", "b")
    assert pinyin_keys("\U0001d400保") == ("abao", "ab")


def test_polyphones_read_by_their_word() -> None:
    assert pinyin_keys("重庆") == ("chongqing", "cq")
    assert pinyin_keys("重要") == ("zhongyao", "zy")
    assert pinyin_keys("长沙银行") == ("changshayinhang", "csyh")
    assert pinyin_keys("增长") == ("zengzhang", "zz")
    assert pinyin_keys("调整调研") == ("tiaozhengdiaoyan", "tzdy")
    assert pinyin_keys("率先提高效率") == ("shuaixiantigaoxiaolv", "sxtgxl")
    # Traditional titles find their words through folding.
    assert pinyin_keys("重慶銀行") == ("chongqingyinhang", "cqyh")
    # Context never drops or adds characters.
    assert pinyin_keys("GDP重庆2023") == ("gdpchongqing2023", "gdpcq2023")


def test_polyphone_alone_takes_its_first_reading() -> None:
    assert reading("行") == "xing"
    assert reading("长") == "zhang"
    assert pinyin_keys("行") == ("xing", "x")


def _toneless(reading: str) -> str:
    d = unicodedata.normalize("NFD", reading).replace("u\u0308", "v")
    return "".join(c for c in d if c.isascii())


@settings(max_examples=100)
@given(
    st.text(
        alphabet=st.sampled_from(list("重庆长沙银行调整研率先的确目了解高新区A1，")), max_size=30
    )
)
def test_context_pass_uses_a_real_reading_per_character(s: str) -> None:
    full, initials = pinyin_keys(s)
    kept = [c for c in s if c != "，"]
    assert len(initials) == len(kept)
    # Walk the full key: each character contributes one of its own readings.
    pos = 0
    for c, initial in zip(kept, initials, strict=True):
        if c in "A1":
            options = [c.lower()]
        else:
            options = [_toneless(r) for r in pinyin_dict[ord(c)].split(",")]
        match = [r for r in options if full.startswith(r, pos) and r[0] == initial]
        assert match, (c, full[pos:], options)
        pos += len(match[0])  # this alphabet has no reading that prefixes another
    assert pos == len(full)


def test_agrees_with_pypinyin_on_unambiguous_characters() -> None:
    # Characters pypinyin reads the same way alone as in this title.
    title = "郑州高新区党纪教育警示大会召开"
    expected = "".join(lazy_pinyin(title, style=Style.NORMAL, v_to_u=False))
    assert pinyin_keys(title)[0] == expected.replace("ü", "v")


@settings(max_examples=100)
@given(st.text())
def test_keys_are_lower_ascii_and_initials_shorter(s: str) -> None:
    full, initials = pinyin_keys(s)
    assert full == "" or (full.isascii() and full.isalnum() and full == full.lower())
    assert len(initials) <= len(full)


def test_is_pinyin_query() -> None:
    assert is_pinyin_query("bjl")
    assert is_pinyin_query("BaoJiaoLou")
    assert is_pinyin_query("gdp")
    assert not is_pinyin_query("b")
    assert not is_pinyin_query("")
    assert not is_pinyin_query("bj1")
    assert not is_pinyin_query("保交")
    assert not is_pinyin_query("bao jiao")
    assert not is_pinyin_query("é")
    assert not is_pinyin_query("ab-c")
