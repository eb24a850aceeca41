"""OPML import/export of the feed list."""

from __future__ import annotations

import pytest

from newsreader.features.opml import OpmlError, OpmlFeed, export_opml, parse_opml

SAMPLE = """<?xml version="1.0" encoding="utf-8"?>
<opml version="1.0">
  <head><title>订阅</title></head>
  <body>
    <outline text="新闻" title="新闻">
      <outline type="rss" text="高新区时讯" xmlUrl="https://news.example.cn/rss.xml"
               htmlUrl="https://news.example.cn/"/>
      <outline text="深层">
        <outline type="rss" text="Deep" xmlurl="https://deep.example/feed"/>
      </outline>
    </outline>
    <outline type="rss" title="No folder" text="ignored" xmlUrl="https://top.example/atom"/>
    <outline type="rss" text="dup" xmlUrl="https://news.example.cn/rss.xml"/>
  </body>
</opml>
"""


def test_parse_nested_folders_and_dedup() -> None:
    feeds = parse_opml(SAMPLE.encode())
    assert feeds == [
        OpmlFeed(
            "https://news.example.cn/rss.xml", "高新区时讯", "https://news.example.cn/", "新闻"
        ),
        OpmlFeed("https://deep.example/feed", "Deep", "", "深层"),
        OpmlFeed("https://top.example/atom", "No folder", "", ""),
    ]


def test_round_trip() -> None:
    feeds = [
        OpmlFeed("https://a.example/rss?x=1&y=2", "A & B", "https://a.example/", "要闻"),
        OpmlFeed("https://b.example/feed.json", "乙", "", ""),
        OpmlFeed("https://c.example/atom", "", "", "要闻"),
    ]
    text = export_opml(feeds, title="我的订阅")
    assert "&amp;" in text and "我的订阅" in text
    # export groups by folder, in order of each folder's first feed
    assert parse_opml(text) == [feeds[0], feeds[2], feeds[1]]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"<opml><body><outline",
        b"<rss/>",
        b"<opml version='2.0'><head/></opml>",
        b'<!DOCTYPE x [<!ENTITY a "aaaa">]><opml><body/></opml>',
    ],
)
def test_bad_opml_raises_one_error(data: bytes) -> None:
    with pytest.raises(OpmlError):
        parse_opml(data)
