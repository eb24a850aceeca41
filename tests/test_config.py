"""config.toml: defaults, bad input never raises, saving keeps the user's file."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomlkit

from newsreader.config import (
    DEFAULT_CONFIG_TEXT,
    Config,
    ConfigError,
    Topic,
    WatchGroup,
    default_config,
    default_config_path,
    is_colour,
    load_config,
    remove_watch_word,
    save_watch_word,
    write_default_config,
)

USER_FILE = """\
# my own settings — keep this comment
theme = "nord"   # I like nord
default_sort = "date"

[panes]
sections = 30

# groups I watch
[[watchlist]]
name = "廉政"   # corruption
colour = "crimson"
words = [
    "反腐败",  # the big one
    "纪委",
]

[[watchlist]]
name = "住房"
colour = "#3a7"
words = ["保交楼"]

[topics]
"城建" = ["地铁", "安置房"]

[keymap]
quit = "ctrl+q"
cursor-down = ["j", "down", "ctrl+n"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_means_defaults_without_problems(tmp_path: Path) -> None:
    config, problems = load_config(tmp_path / "nope" / "config.toml")
    assert problems == []
    assert config == default_config()
    assert config.theme == "newsreader-dark" and config.default_sort == "rank"
    assert config.watch_groups == (WatchGroup("廉政", "red", ("反腐败", "纪委", "警示教育")),)
    names = [t.name for t in config.topics]
    for name in (
        "党建廉政",
        "经济发展",
        "科技创新",
        "城市建设",
        "民生保障",
        "社会治理",
        "文化教育",
    ):
        assert name in names
    assert all(t.words for t in config.topics)
    assert set(config.pane_widths) == {"sections", "list"}


def test_template_documents_every_key() -> None:
    doc = tomlkit.parse(DEFAULT_CONFIG_TEXT)
    assert set(doc) == {"theme", "default_sort", "panes", "watchlist", "topics", "keymap"}
    for key in ("theme", "default_sort", "[panes]", "[[watchlist]]", "[topics]", "[keymap]"):
        line = next(
            i for i, ln in enumerate(DEFAULT_CONFIG_TEXT.splitlines()) if ln.startswith(key)
        )
        around = DEFAULT_CONFIG_TEXT.splitlines()[max(0, line - 3) : line + 3]
        assert any(ln.lstrip().startswith("#") for ln in around), key


def test_user_file_is_read(tmp_path: Path) -> None:
    config, problems = load_config(write(tmp_path, USER_FILE))
    assert problems == []
    assert config.theme == "nord" and config.default_sort == "date"
    assert config.pane_widths == {"sections": 30, "list": default_config().pane_widths["list"]}
    assert config.watch_groups == (
        WatchGroup("廉政", "crimson", ("反腐败", "纪委")),
        WatchGroup("住房", "#3a7", ("保交楼",)),
    )
    assert config.topics == (Topic("城建", ("地铁", "安置房")),)
    assert config.watch_words()["保交楼"].name == "住房"


def test_keymap_parsed_strings_and_lists(tmp_path: Path) -> None:
    config, _ = load_config(write(tmp_path, USER_FILE))
    assert config.keymap == {"quit": "ctrl+q", "cursor-down": "j,down,ctrl+n"}


def test_bad_keymap_entries_reported_and_skipped(tmp_path: Path) -> None:
    path = write(tmp_path, '[keymap]\nquit = 5\nhelp = "f1"\nstar = "s, ,x"\n')
    config, problems = load_config(path)
    assert config.keymap == {"help": "f1"}
    assert len(problems) == 2
    assert "line 2" in problems[0] and "'quit'" in problems[0]
    assert "line 4" in problems[1]


def test_bad_toml_names_the_line_and_uses_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, 'theme = "nord"\n\n[panes\nsections = 30\n')
    config, problems = load_config(path)
    assert config == default_config()
    assert len(problems) == 1
    assert "line 3" in problems[0] and str(path) in problems[0]
    assert "using the defaults" in problems[0] and "\n" not in problems[0]


def test_duplicate_key_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    config, problems = load_config(write(tmp_path, 'theme = "a"\ntheme = "b"\n'))
    assert config == default_config() and len(problems) == 1


def test_unknown_colour_reported_and_replaced(tmp_path: Path) -> None:
    text = '[[watchlist]]\nname = "甲"\ncolour = "reddish"\nwords = ["一"]\n'
    config, problems = load_config(write(tmp_path, text))
    group = config.watch_groups[0]
    assert group.colour != "reddish" and is_colour(group.colour)
    assert len(problems) == 1
    assert "reddish" in problems[0] and "line 3" in problems[0] and "甲" in problems[0]


def test_invalid_values_fall_back_one_message_each(tmp_path: Path) -> None:
    text = 'theme = 3\ndefault_sort = "newest"\nbogus = 1\n[panes]\nsections = 95\nlist = "wide"\n'
    config, problems = load_config(write(tmp_path, text))
    defaults = default_config()
    assert config.theme == defaults.theme and config.default_sort == defaults.default_sort
    assert config.pane_widths == defaults.pane_widths
    assert len(problems) == 5
    assert any("newest" in p and "line 2" in p for p in problems)
    assert any("bogus" in p for p in problems)


def test_undecodable_file_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'theme = "\xff\xfe"\n')
    config, problems = load_config(path)
    assert config == default_config() and len(problems) == 1


@pytest.mark.parametrize(
    ("value", "ok"),
    [("red", True), ("Bright_Cyan", True), ("#abc", True), ("#a1b2c3", True),
     ("rgb(1, 2, 3)", True), ("crimson", True), ("reddish", False), ("#ggg", False),
     ("rgb(1,2)", False), ("", False)],
)  # fmt: skip
def test_is_colour(value: str, ok: bool) -> None:
    assert is_colour(value) is ok


def test_save_watch_word_keeps_comments_and_layout(tmp_path: Path) -> None:
    path = write(tmp_path, USER_FILE)
    assert save_watch_word(path, "廉政", "警示教育") is True
    text = path.read_text(encoding="utf-8")
    for line in USER_FILE.splitlines():  # every original line is still there, as written
        assert line in text.splitlines(), line
    config, problems = load_config(path)
    assert problems == []
    assert config.watch_groups[0].words == ("反腐败", "纪委", "警示教育")
    assert config.theme == "nord"  # the rest untouched
    assert save_watch_word(path, "廉政", " 警示教育 ") is False  # already there
    assert path.read_text(encoding="utf-8") == text


def test_save_watch_word_new_group_gets_a_free_colour(tmp_path: Path) -> None:
    path = write(tmp_path, USER_FILE)
    assert save_watch_word(path, "环保", "污染防治")
    config, problems = load_config(path)
    assert problems == []
    new = config.watch_groups[-1]
    assert new.name == "环保" and new.words == ("污染防治",)
    assert new.colour not in {g.colour for g in config.watch_groups[:-1]}
    assert config.topics == (Topic("城建", ("地铁", "安置房")),)  # [topics] not disturbed
    assert "# groups I watch" in path.read_text(encoding="utf-8")


def test_save_into_missing_file_starts_from_the_template(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "config.toml"
    assert save_watch_word(path, "廉政", "巡察")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# newsreader configuration")
    config, problems = load_config(path)
    assert problems == []
    assert config.watch_groups[0].words == ("反腐败", "纪委", "警示教育", "巡察")
    assert config.topics == default_config().topics


def test_remove_watch_word(tmp_path: Path) -> None:
    path = write(tmp_path, USER_FILE)
    assert remove_watch_word(path, "廉政", "纪委") is True
    assert remove_watch_word(path, "廉政", "纪委") is False
    assert remove_watch_word(path, "没有这组", "反腐败") is False
    config, _ = load_config(path)
    assert config.watch_groups[0].words == ("反腐败",)
    assert "# the big one" in path.read_text(encoding="utf-8")
    assert remove_watch_word(path, "住房", "保交楼")
    config, _ = load_config(path)
    assert config.watch_groups[1] == WatchGroup("住房", "#3a7", ())  # the group stays


def test_save_refuses_to_overwrite_a_broken_file(tmp_path: Path) -> None:
    path = write(tmp_path, "[[watchlist]\nname = 1\n")
    before = path.read_bytes()
    with pytest.raises(ConfigError, match="line 1"):
        save_watch_word(path, "甲", "乙")
    assert path.read_bytes() == before
    with pytest.raises(ConfigError):
        save_watch_word(path, "甲", "  ")


def test_write_default_config_only_when_missing(tmp_path: Path) -> None:
    path = write_default_config(tmp_path / "c" / "config.toml")
    assert path.read_text(encoding="utf-8") == DEFAULT_CONFIG_TEXT
    path.write_text('theme = "mine"\n', encoding="utf-8")
    write_default_config(path)
    assert path.read_text(encoding="utf-8") == 'theme = "mine"\n'


def test_default_config_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NEWSREADER_CONFIG", str(tmp_path / "x.toml"))
    assert default_config_path() == tmp_path / "x.toml"
    monkeypatch.delenv("NEWSREADER_CONFIG")
    path = default_config_path()
    assert path.name == "config.toml" and "newsreader" in str(path.parent)


def test_config_is_frozen() -> None:
    with pytest.raises(AttributeError):
        Config().theme = "x"  # type: ignore[misc]


def test_default_topics_are_the_topic_rules() -> None:
    """The config template and topics.DEFAULT_TOPICS must not drift apart."""
    from newsreader.config import default_config
    from newsreader.features.topics import DEFAULT_TOPICS

    assert [(t.name, tuple(t.words)) for t in default_config().topics] == [
        (t.name, tuple(t.words)) for t in DEFAULT_TOPICS
    ]
