"""Encodings, line ends, binary, empty and oversized input."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from newsreader.parse import MAX_FILE_BYTES, PAGE_SUFFIXES, ParseError, parse_bytes, parse_file
from newsreader.parse.decode import decode, is_binary

SIMPLIFIED = (
    "# 市政府召开常务会议\n\n"
    "本报讯 近日，市政府召开常务会议，研究部署经济发展和民生工作。会议强调，要坚持稳中求进。\n\n"
    "记者 王浩\n"
)
TRADITIONAL = (
    "# 市政府召開常務會議\n\n"
    "本報訊 近日，市政府召開常務會議，研究部署經濟發展和民生工作。會議強調，要堅持穩中求進。\n\n"
    "記者 王浩\n"
)


def _title_and_text(data: bytes) -> tuple[str, str, str]:
    page = parse_bytes(data, "page.md")
    article = page.articles[0]
    return page.encoding, article.title, article.paragraphs[0]


@pytest.mark.parametrize(
    ("encode", "encoding"),
    [
        (lambda s: s.encode("utf-8"), "utf-8"),
        (lambda s: codecs.BOM_UTF8 + s.encode("utf-8"), "utf-8-sig"),
        (lambda s: codecs.BOM_UTF16_LE + s.encode("utf-16-le"), "utf-16-le"),
        (lambda s: codecs.BOM_UTF16_BE + s.encode("utf-16-be"), "utf-16-be"),
        (lambda s: s.encode("gb18030"), "gb18030"),
        (lambda s: s.encode("gbk"), "gb18030"),
        (lambda s: s.encode("gb2312"), "gb18030"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le", "utf-16-be", "gb18030", "gbk", "gb2312"],
)
def test_simplified_encodings(encode, encoding: str) -> None:
    found, title, text = _title_and_text(encode(SIMPLIFIED))
    assert found == encoding
    assert title == "市政府召开常务会议"
    assert text.startswith("近日，市政府召开常务会议")
    assert "\ufeff" not in title


def test_gb18030_four_byte_characters() -> None:
    text = SIMPLIFIED.replace("王浩", "王㐀浩") + "\n参见𠀀字。\n"
    page = parse_bytes(text.encode("gb18030"), "page.md")
    assert page.encoding == "gb18030"
    assert "𠀀" in "".join(page.articles[0].paragraphs)


def test_big5_traditional() -> None:
    found, title, text = _title_and_text(TRADITIONAL.encode("big5"))
    assert found == "big5"
    assert title == "市政府召開常務會議"
    assert text.startswith("近日，市政府召開常務會議")
    page = parse_bytes(TRADITIONAL.encode("big5"), "page.md")
    assert page.articles[0].dateline == "本報訊"


def test_big5_short_text_is_not_taken_for_gbk() -> None:
    data = "《臺灣新聞》報導：這個問題還沒有解決。".encode("big5")
    text, encoding = decode(data)
    assert encoding == "big5"
    assert text == "《臺灣新聞》報導：這個問題還沒有解決。"


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"], ids=["crlf", "cr", "lf"])
def test_line_ends(newline: str) -> None:
    data = SIMPLIFIED.replace("\n", newline).encode("utf-8")
    page = parse_bytes(data, "page.md")
    article = page.articles[0]
    assert article.title == "市政府召开常务会议"
    assert len(article.paragraphs) == 1
    assert all("\r" not in p for p in article.paragraphs)
    assert [str(b) for b in article.bylines] == ["记者 王浩"]


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        b"%PDF-1.7\n" + bytes(range(256)),
        b"abc\x00def\x00" * 100,
        bytes(range(32)) * 50,
    ],
    ids=["png", "pdf", "nul", "controls"],
)
def test_binary_is_rejected(data: bytes) -> None:
    with pytest.raises(ParseError) as info:
        parse_bytes(data, "x.md")
    assert info.value.reason == "binary file"
    assert is_binary(data)


def test_text_with_a_few_controls_is_not_binary() -> None:
    assert not is_binary("# 标题\n\n正文\x0c第二页\x1b。\n".encode())


@pytest.mark.parametrize("data", [b"", b"   \n\n\t", codecs.BOM_UTF8, codecs.BOM_UTF16_LE])
def test_empty_file_is_an_error(data: bytes) -> None:
    with pytest.raises(ParseError) as info:
        parse_bytes(data, "x.md")
    assert info.value.reason == "empty file"


def test_undecodable_bytes_report_a_one_line_reason() -> None:
    # Invalid in UTF-8, GB18030 and Big5 alike, with no NULs or controls.
    data = b"\xff\xfe\xfd\xfc" * 3 + b"\x80\x80\xff" * 50
    with pytest.raises(ParseError) as info:
        parse_bytes(b"ok " + data, "x.md")
    assert "\n" not in info.value.reason
    assert info.value.reason.startswith(("cannot decode", "binary file"))


def test_two_megabyte_single_paragraph() -> None:
    sentence = "高新区持续优化营商环境，推动经济高质量发展，"
    body = sentence * (2 * 1024 * 1024 // len(sentence.encode()) + 1)
    page = parse_bytes(f"# 长文\n\n{body}结束。\n".encode(), "long.md")
    article = page.articles[0]
    assert len(article.paragraphs) == 1
    assert len(article.paragraphs[0].encode()) > 2 * 1024 * 1024
    assert article.paragraphs[0].endswith("结束。")


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    with open(path, "wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(ParseError) as info:
        parse_file(path)
    assert info.value.reason == "too large (64 MB > 64 MB)" or info.value.reason.startswith(
        "too large ("
    )
    assert info.value.reason.endswith("> 64 MB)")


def test_parse_file_reasons(tmp_path: Path) -> None:
    with pytest.raises(ParseError) as info:
        parse_file(tmp_path / "missing.md")
    assert info.value.reason.startswith("unreadable")
    with pytest.raises(ParseError) as info:
        parse_file(tmp_path)
    assert info.value.reason.startswith("unreadable")
    good = tmp_path / "2023-10-12" / "page.md"
    good.parent.mkdir()
    good.write_text(SIMPLIFIED, encoding="utf-8")
    page = parse_file(good)
    assert page.date == "2023-10-12"
    assert page.articles[0].date == "2023-10-12"


def test_suffixes() -> None:
    assert PAGE_SUFFIXES == (".md", ".markdown", ".txt")


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    with pytest.raises(ParseError) as info:
        parse_file(fifo)
    assert info.value.reason == "not a regular file"


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.md"
    path.write_text("# 标题\n\n正文。\n", encoding="utf-8")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):  # running as root: permissions do not apply
            pytest.skip("file permissions are not enforced for this user")
        with pytest.raises(ParseError) as info:
            parse_file(path)
        assert info.value.reason.startswith("unreadable (")
    finally:
        path.chmod(0o644)


def test_big5_variants_with_characters_plain_big5_lacks() -> None:
    # 恒 and 銹 are in Windows cp950 but not in plain Big5: a GB18030 reading of
    # these bytes "works" too, and must lose to the right one.
    text = "恒生指數今日上升，銹蝕問題受到關注。" * 3
    decoded, encoding = decode(text.encode("cp950"))
    assert decoded == text
    assert encoding == "cp950"


def test_gbk_bytes_of_traditional_text() -> None:
    text = "本報訊 近日，市政府召開常務會議，研究部署經濟發展和民生工作。" * 2
    decoded, encoding = decode(text.encode("gbk"))
    assert (decoded, encoding) == (text, "gb18030")


def test_a_few_damaged_bytes_are_replaced_with_a_warning() -> None:
    text = "# 标题\n\n本报讯 近日，市政府召开常务会议，研究部署经济发展和民生工作。\n"
    for data, encoding in [
        (text.encode("gb18030") + b"\x81", "gb18030"),  # a cut-off double-byte character
        (text.encode("utf-8") + b"\xe4\xb8", "utf-8"),
    ]:
        page = parse_bytes(data, "page.md")
        assert page.encoding == encoding
        assert page.articles[0].paragraphs[0].startswith("近日，市政府召开常务会议")
        assert page.warnings and "U+FFFD" in page.warnings[0]


def test_heavily_damaged_chinese_is_refused() -> None:
    data = "本报讯 近日，市政府召开会议。".encode("gb18030")
    junk = bytes([0x81, 0x20]) * 40  # a lead byte followed by a space: never valid
    with pytest.raises(ParseError) as info:
        parse_bytes(data + junk + data, "x.md")
    assert info.value.reason.startswith("cannot decode") or info.value.reason == "binary file"


def test_latin1_text_is_not_read_as_gb18030() -> None:
    text = "Ceci est un texte français, très simple. Où est la bibliothèque?"
    page = parse_bytes(text.encode("latin-1"), "x.md")
    assert page.encoding not in ("gb18030", "big5", "cp950", "big5hkscs")
    assert "fran" in page.articles[0].paragraphs[0]
