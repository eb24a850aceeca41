"""Bundles of short stories under one heading: each bold sub-head becomes a story.

A broadcast transcript or a news round-up (国际联播快讯, 简讯, 要闻简报)
prints several stories under one heading, each opened by a bold line. Read
as one article they would be one long text under the round-up's name; read
here, each is an article of its own with the round-up as its section. The
test for a bundle is strict (bold lines each over text), so a story with a
bold sub-head or two stays whole.
"""

from __future__ import annotations

import re

from newsreader.parse.article import Built, build
from newsreader.parse.blocks import NUMBER_STARTS, NUMBERED, Heading, Para
from newsreader.parse.inline import WHOLLY_STRONG, ends_sentence, inline
from newsreader.parse.outline import Entry

# Bundle headings (国际联播快讯, 简讯, 要闻简报): a story each bold line.
_BUNDLE_HEAD_MAX = 80
_BUNDLE_TITLE = re.compile("快讯|简讯|短讯|简报|速览|速递|集锦|一句话新闻|新闻链接|综合消息")
_HEADLINE_MIN = 6

Story = tuple[str, list[Para]]


def _strong_head(para: Para) -> str:
    """The text of a one-line bold sub-head (``**伊拉克…**``), else ""."""
    if len(para.lines) != 1 or para.list_item or para.quote or para.table:
        return ""
    line = para.lines[0].strip()
    if line[:1] not in "*_" or WHOLLY_STRONG.fullmatch(line) is None:
        return ""
    text = inline(line, []).strip()
    if not text or len(text) > _BUNDLE_HEAD_MAX or ends_sentence(text):
        return ""
    if text[:1] in NUMBER_STARTS and NUMBERED.match(text):
        return ""  # 一、… numbered parts of one article
    return text


def bundle(entry: Entry) -> list[Story] | None:
    """Split a heading's body into stories when it is a run of (bold line, text) pairs.

    None when it is not: a single story, or bold lines without text between.
    """
    body = entry.body
    if len(body) < 4 or not _strong_head(body[0]):
        return None
    stories: list[Story] = []
    for para in body:
        if _strong_head(para):
            if stories and not stories[-1][1]:
                return None  # two bold lines in a row
            stories.append((para.lines[0].strip(), []))  # read as a title by build
        else:
            stories[-1][1].append(para)
    if len(stories) < 2 or not stories[-1][1]:
        return None
    if entry.heading is not None and _BUNDLE_TITLE.search(entry.heading.text):
        return stories
    # Untitled as a bundle: only a clear run of headlines, each over text.
    headline = all(len(inline(head, [])) >= _HEADLINE_MIN for head, _ in stories)
    return stories if len(stories) >= 3 and headline else None


def build_bundle(
    heading: Heading,
    path: tuple[str, ...],
    entry: Entry,
    stories: list[Story],
    columns: bool,
) -> list[Built]:
    """The stories of a bundle, each under the bundle heading as its section.

    The bundle's closing link (``[查看原文](…)``) is every story's URL.
    """
    bundle_title = inline(heading.text, [])
    section_path = (*path, bundle_title)
    built = []
    for head, body in stories:
        story = Entry(heading, body, [])
        built.append(build(head, heading.level + 1, section_path, story, columns))
    last = built[-1]
    if entry.edition_lines:
        built[0].extra["edition_line"] = list(entry.edition_lines)
    for story_built in built[:-1]:
        if not story_built.url and last.url:
            story_built.url = last.url
    return built
