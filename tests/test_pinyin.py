"""Pinyin keys of titles and bylines (newsreader.pinyin)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from pypinyin import Style, lazy_pinyin

from newsreader.pinyin import is_pinyin_query, pinyin_keys, reading


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
