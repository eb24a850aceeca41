"""Folding, cell widths and terminal safety (newsreader.text)."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsreader.text import (
    cell_prefix,
    cell_width,
    fold,
    fold_cached,
    fold_mapped,
    is_cjk,
    truncate_cells,
    visible,
)

_TW2S = opencc.OpenCC("tw2s")
_HK2S = opencc.OpenCC("hk2s")
_HAN_RUN = re.compile(
    "[\u2e80-\u2fdf\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af]+"
)


def reference_fold_char(ch: str) -> str:
    """The per-character rules applied directly, slowly, to one character."""
    for _ in range(8):
        before = ch
        n = unicodedata.normalize("NFKC", ch)
        ch = n if len(n) == 1 else ch
        low = ch.lower()
        ch = low if len(low) == 1 else ch
        if ch != "\n" and ch.isspace():
            ch = " "
        if ch == before:
            break
    return ch


def reference_fold(s: str) -> str:
    """Every rule, slowly: per character, compatibility expansions, then
    OpenCC (tw2s, hk2s) over every Han run, changing or not."""
    out = []
    for ch in s:
        c = reference_fold_char(ch)
        n = unicodedata.normalize("NFKC", c)
        out.append("".join(map(reference_fold_char, n)) if len(n) > 1 else c)
    return _HAN_RUN.sub(lambda m: _convert_keeping_yao(m.group()), "".join(out))


def _convert_keeping_yao(run: str) -> str:
    """OpenCC over a run, 么 put back (it is simplified; alone OpenCC makes it 幺)."""
    out = _HK2S.convert(_TW2S.convert(run))
    if len(out) != len(run):
        return out
    return "".join(r if r == "么" else o for r, o in zip(run, out, strict=True))


def test_fold_traditional_to_simplified() -> None:
    assert fold("經濟") == "经济"
    assert fold("經濟發展與國際貿易") == "经济发展与国际贸易"
    assert fold("鄭州高新區") == "郑州高新区"


def test_fold_leaves_simplified_alone() -> None:
    s = "郑州高新区党纪教育警示大会召开"
    assert fold(s) == s


def test_fold_width_and_case() -> None:
    assert fold("ＡＢＣ１２３") == "abc123"
    assert fold("GDP Growth") == "gdp growth"
    assert fold("，：；（）！？") == ",:;()!?"
    assert fold("Ｇｄｐ") == "gdp"


def test_fold_whitespace() -> None:
    assert fold("a\u3000b\tc\rd\ne\u00a0f") == "a b c d\ne f"


def test_fold_expands_compatibility_forms() -> None:
    assert fold("25℃") == fold("25°C") == "25°c"
    assert fold("第Ⅱ阶段") == fold("第II阶段") == "第ii阶段"
    assert fold("等等…") == "等等..."
    assert fold("①②") == "12"
    assert fold("İ") == "İ"  # lower case of İ is two characters: kept


def test_fold_by_word() -> None:
    assert fold("瞭解") == "了解"
    assert fold("反覆 復甦 藉助 傢俱") == "反复 复苏 借助 家具"
    assert fold("隨著 著力 衞生") == "随着 着力 卫生"
    assert fold("哪吒") == "哪吒"  # not 哪咤: 吒 alone would be
    assert fold("乾隆 乾坤") == "乾隆 乾坤"
    assert fold("乾燥") == "干燥"
    assert fold("著名") == "著名"
    assert fold("要么 什么 這麼") == "要么 什么 这么"  # 么 is never 幺


def test_fold_map_points_at_the_source() -> None:
    folded, mapping = fold_mapped("气温25℃，…")
    assert folded == "气温25°c,..."
    assert mapping is not None
    assert mapping.span(4, 6) == (4, 5)  # °c is ℃
    assert mapping.span(8, 9) == (6, 7)  # one . of …
    assert fold_mapped("經濟")[1] is None  # same length: offsets carry over


def test_fold_astral_characters() -> None:
    # Mathematical bold capital A folds like A; astral text takes the dict path.
    assert fold("\U0001d400經") == "a经"
    assert fold("x\U00020000Y") == "x\U00020000y"


def test_fold_ascii_fast_path_matches_general_path() -> None:
    s = "Hello\tWORLD\x0b\x0c\x1c!"
    assert fold(s) == fold(s + "中")[:-1]


FOLD_PIECES = [*"瞭解反覆復甦藉助傢俱隨著力衞生哪吒乾隆坤燥經濟了解随着干咤么麼這怎℃…Ⅱ①ＡＢab \n，"]
mixed_text = st.one_of(st.text(), st.lists(st.sampled_from(FOLD_PIECES), max_size=40).map("".join))


@settings(max_examples=200)
@given(mixed_text)
def test_fold_map_is_consistent(s: str) -> None:
    folded, mapping = fold_mapped(s)
    assert folded == fold(s)
    if mapping is None:
        assert len(folded) == len(s)
        return
    assert len(mapping.starts) == len(mapping.ends) == len(folded)
    assert list(mapping.starts) == sorted(mapping.starts)
    assert all(0 <= a < b <= len(s) for a, b in zip(mapping.starts, mapping.ends, strict=True))


@settings(max_examples=200)
@given(mixed_text)
def test_fold_equals_the_rules_and_never_looks_across_a_newline(s: str) -> None:
    assert fold(s) == reference_fold(s)
    lines = s.split("\n")
    assert fold(s) == "\n".join(map(fold, lines))


@settings(max_examples=100)
@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)))
def test_fold_cjk_stays_cjk(s: str) -> None:
    assert all(is_cjk(c) for c in fold(s))


@settings(max_examples=300)
@given(st.characters(codec="utf-8") | st.characters(min_codepoint=0x3400, max_codepoint=0x9FFF))
def test_fold_table_agrees_with_the_rules(ch: str) -> None:
    assert fold(ch) == reference_fold(ch)


def test_fold_agrees_on_every_bmp_han_character() -> None:
    han = "\n".join(map(chr, range(0x4E00, 0xA000)))
    assert fold(han) == _convert_keeping_yao(han)


def test_the_context_characters_match_the_installed_opencc() -> None:
    from newsreader import fold_context

    if fold_context.opencc_tools() is None:
        pytest.skip("this OpenCC ships no opencc_dict tool")
    assert fold_context.context_chars() == fold_context.CONTEXT


def test_cell_width() -> None:
    assert cell_width("abc") == 3
    assert cell_width("高新区") == 6
    assert cell_width("ＡＢ") == 4
    assert cell_width("e\u0301") == 1
    assert cell_width("a\u200bb") == 2
    assert cell_width("") == 0


def test_truncate_cells_never_splits_wide() -> None:
    assert truncate_cells("高新区党工委", 7) == "高新区…"
    assert cell_width(truncate_cells("高新区党工委", 7)) == 7
    assert truncate_cells("高新区党工委", 6) == "高新…"
    assert truncate_cells("高新区", 6) == "高新区"
    assert truncate_cells("abcdef", 4) == "abc…"
    assert truncate_cells("abcdef", 4, ellipsis="") == "abcd"
    assert truncate_cells("abc", 0) == ""
    assert truncate_cells("高新", 1) == "…"
    assert truncate_cells("高新", 1, ellipsis="...") == ""


@settings(max_examples=200)
@given(st.text(), st.integers(min_value=0, max_value=40))
def test_truncate_cells_fits(s: str, width: int) -> None:
    out = truncate_cells(s, width)
    assert cell_width(out) <= width
    if cell_width(s) <= width:
        assert out == s
    else:
        assert s.startswith(out[:-1])


def test_is_cjk() -> None:
    assert is_cjk("高")
    assert is_cjk("經")
    assert is_cjk("か")
    assert is_cjk("한")
    assert is_cjk("\U00020000")
    assert not is_cjk("a")
    assert not is_cjk("，")
    assert not is_cjk("。")
    assert not is_cjk("1")
    assert not is_cjk("")


def test_visible_escape_sequences() -> None:
    hostile = "\x1b[2J\x1b]0;pwned\x07title\x9b31m"
    out = visible(hostile)
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert out.startswith("␛[2J␛]0;pwned␇title")
    assert len(out) == len(hostile)


def test_visible_keeps_newline_tab_and_plain_text() -> None:
    s = "高新区\tGDP\n第二行 [bold]x[/bold]"
    assert visible(s) == s


def test_visible_marks_bidi_and_zero_width() -> None:
    for ch in ("\u202e", "\u2066", "\u200b", "\u200d", "\ufeff", "\u2060", "\x7f", "\U000e0041"):
        out = visible("a" + ch + "b")
        assert len(out) == 3
        assert out[1] != ch
        assert out[1].isprintable()


@settings(max_examples=300)
@given(st.text())
def test_visible_no_controls_reach_the_terminal(s: str) -> None:
    out = visible(s)
    assert len(out) == len(s)
    for ch in out:
        if ch in "\n\t":
            continue
        assert unicodedata.category(ch) != "Cc"
        assert not (0x202A <= ord(ch) <= 0x202E or 0x2066 <= ord(ch) <= 0x2069)
        assert not (0x200B <= ord(ch) <= 0x200F or 0x2060 <= ord(ch) <= 0x2064)
        assert ch != "\ufeff"


def test_fold_cached_matches_fold() -> None:
    s = "經濟ＧＤＰ，增長" * 10
    assert fold_cached(s) == fold(s)
    assert fold_cached(s) is fold_cached(s)


@settings(max_examples=200)
@given(
    st.lists(
        st.sampled_from(["，", "！", "\u3000", "經", "经", "G", "Ｄ", "p", "中", "a", "\n", "\t"]),
        max_size=200,
    )
)
def test_fold_patch_path_equals_translate(chars: list[str]) -> None:
    # Mixes of frequent punctuation, capitals and traditional characters
    # exercise the run-patching path and its whole-string fallback.
    s = "".join(chars)
    assert fold(s) == reference_fold(s)


@pytest.mark.slow
def test_lazy_tables_are_built_once_under_threads() -> None:
    # A fresh interpreter, so the first fold really builds the table while
    # several threads race for it.
    code = (
        "import threading\n"
        "import newsreader.text as t\n"
        "from newsreader.index.pinyin import pinyin_keys\n"
        "builds = []\n"
        "real = t._single_triggers\n"
        "t._single_triggers = lambda: builds.append(1) or real()\n"
        "out = []\n"
        "def work():\n"
        "    out.append((t.fold('經濟ＧＤＰ，增長'), pinyin_keys('重庆银行')))\n"
        "threads = [threading.Thread(target=work) for _ in range(4)]\n"
        "[x.start() for x in threads]\n"
        "[x.join() for x in threads]\n"
        "assert len(builds) == 1, builds\n"
        "assert out == [('经济gdp,增长', ('chongqingyinhang', 'cqyh'))] * 4, out\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


@settings(max_examples=200)
@given(st.text(max_size=60))
def test_cell_prefix_is_running_cell_width(s: str) -> None:
    prefix = cell_prefix(s)
    assert len(prefix) == len(s) + 1
    assert all(prefix[i] == cell_width(s[:i]) for i in range(len(s) + 1))


def test_cell_prefix_examples() -> None:
    assert cell_prefix("").tolist() == [0]
    assert cell_prefix("a高e\u0301").tolist() == [0, 1, 3, 4, 4]
