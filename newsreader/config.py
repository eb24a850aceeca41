"""The user's ``config.toml``: theme, sort, panes, watchlist, topics, keymap.

Loading never raises: the app must start even when the file is broken, so
problems come back as messages (naming the line where TOML allows) next to
a ``Config`` built from the defaults plus whatever was valid. Saving goes
through tomlkit, editing the parsed document in place, so the user's
comments, ordering and layout survive (adding a watched word from the app
must not reformat their file).

The defaults are *parsed from* ``DEFAULT_CONFIG_TEXT``, the documented
template written by ``newsreader config edit``: the template and the code
can never disagree about what the defaults are.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.exceptions import ParseError as TomlParseError
from tomlkit.exceptions import TOMLKitError

__all__ = [
    "DEFAULT_CONFIG_TEXT",
    "KEYMAP_PRESETS",
    "SORTS",
    "Config",
    "ConfigError",
    "Topic",
    "WatchGroup",
    "default_config",
    "default_config_path",
    "is_colour",
    "load_config",
    "remove_watch_word",
    "save_watch_word",
    "write_default_config",
]

SORTS = ("rank", "date")
PANES = {"sections": (10, 60), "list": (10, 70)}
# Colours handed to new groups and to groups whose colour was not understood.
PALETTE = ("red", "orange", "yellow", "green", "cyan", "blue", "magenta", "purple")

# Colour names the UI (Textual/Rich) understands: ANSI names and common CSS names.
_ANSI = ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")
_CSS = (  # noqa: SIM905 - a word list reads better than 110 quoted names
    "aqua aquamarine azure beige brown chartreuse chocolate coral cornflowerblue crimson "
    "darkblue darkcyan darkgoldenrod darkgray darkgreen darkgrey darkkhaki darkmagenta "
    "darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen darkslateblue "
    "darkslategray darkturquoise darkviolet deeppink deepskyblue dimgray dodgerblue "
    "firebrick forestgreen fuchsia gold goldenrod gray green greenyellow grey hotpink "
    "indianred indigo khaki lavender lawngreen lightblue lightcoral lightcyan lightgreen "
    "lightgray lightgrey lightpink lightsalmon lightseagreen lightskyblue lightslategray "
    "lightsteelblue lime limegreen maroon mediumaquamarine mediumblue mediumorchid "
    "mediumpurple mediumseagreen mediumslateblue mediumspringgreen mediumturquoise "
    "mediumvioletred midnightblue navy olive olivedrab orange orangered orchid "
    "palegreen paleturquoise palevioletred peru pink plum powderblue purple "
    "rebeccapurple royalblue saddlebrown salmon sandybrown seagreen sienna silver "
    "skyblue slateblue slategray springgreen steelblue tan teal thistle tomato turquoise "
    "violet wheat yellowgreen"
).split()
COLOUR_NAMES = frozenset(
    [*_ANSI, *(f"bright_{c}" for c in _ANSI), *(f"ansi_{c}" for c in _ANSI)]
    + [f"ansi_bright_{c}" for c in _ANSI]
    + _CSS
)


class ConfigError(Exception):
    """A config file that cannot be used; ``str()`` names the file and line."""


@dataclass(frozen=True, slots=True)
class WatchGroup:
    """Watched words shown in one colour, listed as one group in the sections pane."""

    name: str
    colour: str
    words: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Topic:
    """An article belongs to the topic when it contains any of ``words``."""

    name: str
    words: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Config:
    """Everything the user can set; build one with ``load_config``."""

    theme: str = "newsreader-dark"
    default_sort: str = "rank"
    pane_widths: dict[str, int] = field(default_factory=dict, hash=False)
    watch_groups: tuple[WatchGroup, ...] = ()
    topics: tuple[Topic, ...] = ()
    keymap: dict[str, str] = field(default_factory=dict, hash=False)

    def watch_words(self) -> dict[str, WatchGroup]:
        """Each watched word -> its (first) group, for highlighting."""
        out: dict[str, WatchGroup] = {}
        for group in self.watch_groups:
            for word in group.words:
                out.setdefault(word, group)
        return out


DEFAULT_CONFIG_TEXT = """\
# newsreader configuration
#
# newsreader reads this file when it starts. A missing file means the
# defaults below; a broken one is reported (with its line number) and the
# defaults are used. Lines starting with # are comments: newsreader keeps
# your comments and layout when it changes this file itself (for example
# when you watch a word from the app).
#
#   newsreader config path   where this file lives
#   newsreader config show   the settings in effect, and any problems
#   newsreader config edit   open it in $EDITOR (written from this template)

# Colour theme of the terminal UI: "newsreader-dark" or "newsreader-light"
# (both readable in 256 colours), or any Textual theme name, for example
# "textual-dark", "nord", "gruvbox", "dracula", "solarized-light".
theme = "newsreader-dark"

# Order of search results when the app starts: "rank" (best match first) or
# "date" (newest first). Press `o` in the app to switch.
default_sort = "rank"

[panes]
# Widths of the panes in percent of the terminal width; the reader pane
# gets what is left.
sections = 22  # the sections tree on the left (10 to 60)
list = 38      # the article list in the middle (10 to 70)

# Watchlist: groups of words highlighted everywhere (list, snippets,
# reader) and counted in the sections pane; `w` jumps to the next watched
# word. Each [[watchlist]] block is one group:
#   name   - the group's name in the sections pane
#   colour - a colour name (red, orange, yellow, green, cyan, blue, magenta,
#            purple, pink, gold, ...) or "#rrggbb"; unknown names are
#            reported and replaced
#   words  - the words to watch, matched like a search (full and half width,
#            traditional and simplified, upper and lower case are the same)
# Add and remove words from the app too (command palette: "Watch word").
[[watchlist]]
name = "廉政"
colour = "red"
words = ["反腐败", "纪委", "警示教育"]

[topics]
# Topics: an article belongs to every topic whose words it contains; each
# topic is a group in the sections pane with its article count. The name
# goes in quotes, then the list of words. Edit, add or delete freely.
"党建廉政" = [
    "党风廉政", "反腐败", "纪委", "监委", "从严治党", "警示教育",
    "党纪", "廉洁", "作风建设", "巡察", "主题教育", "八项规定",
]
"经济发展" = [
    "经济普查", "招商引资", "营商环境", "产业链", "GDP", "固定资产投资",
    "经济运行", "项目建设", "消费", "外贸", "民营经济", "高质量发展",
]
"科技创新" = [
    "科技创新", "孵化器", "众创空间", "双创", "高新技术企业", "研发",
    "专利", "知识产权", "数字经济", "人工智能", "专精特新", "科技成果",
]
"城市建设" = [
    "城市建设", "保交楼", "安置房", "城中村", "老旧小区", "道路",
    "地铁", "棚户区", "市政", "城市更新", "基础设施", "规划",
]
"民生保障" = [
    "民生", "就业", "社保", "养老", "医保", "住房保障",
    "低保", "救助", "农民工工资", "惠民", "困难群众", "回迁",
]
"社会治理" = [
    "社会治理", "网格化", "平安建设", "信访", "矛盾纠纷", "安全生产",
    "应急管理", "消防", "防汛", "扫黑除恶", "综合治理", "数智治理",
]
"文化教育" = [
    "义务教育", "职业教育", "教育局", "学校", "教师", "学生",
    "幼儿园", "公共文化", "文旅", "图书馆", "博物馆", "非遗",
    "文明城市", "志愿服务", "全民阅读", "体育",
]
"生态环保" = [
    "生态环境", "生态保护", "环保", "污染防治", "大气", "水质",
    "河长制", "绿化", "垃圾分类", "节能减排", "碳达峰", "碳中和",
    "环境整治",
]
"乡村振兴" = [
    "乡村振兴", "农业", "农村", "农户", "粮食", "高标准农田",
    "脱贫", "合作社", "美丽乡村", "村集体", "乡村",
]
"医疗卫生" = [
    "医疗", "医院", "卫生健康", "疫苗", "疫情", "疾控",
    "医生", "义诊", "公共卫生", "家庭医生", "中医",
]

[keymap]
# preset = "newsboat" gives newsboat's keys (o browser, n/p unread, r/R reload,
# A all read, u links); entries below it still win.
# Remap any key binding by its id (press ? in the app to see them all):
# id = "keys", several keys separated by commas. Key names are Textual's:
# letters, "ctrl+x", "shift+tab", "up", "down", "pageup", "pagedown",
# "home", "end", "enter", "escape", "space", "slash", "question_mark".
# Some ids: quit, command-palette, search, help, back, next-pane,
# previous-pane, star, read, sort, next-hit, previous-hit, next-article,
# previous-article, copy, edit, reimport, cursor-down, cursor-up,
# cursor-top, cursor-bottom, page-down, page-up, open, next-watched, trend.
# Examples:
# quit = "ctrl+q"
# search = "slash,ctrl+f"
# cursor-down = "j,down,ctrl+n"
"""


#: ``keymap = "newsboat"`` (or ``preset = "newsboat"`` in ``[keymap]``): binding
#: id -> keys. newsboat's own keys for its actions; what they displace moves
#: (hits to ``<``/``>``, sort to ``S``, read/unread to ``N``, re-import to ctrl+r).
KEYMAP_PRESETS: dict[str, dict[str, str]] = {
    "newsboat": {
        "open-in-browser": "o",
        "sort": "S",
        "next-unread": "n",
        "previous-unread": "p",
        "next-hit": "greater_than_sign",
        "previous-hit": "less_than_sign",
        "read": "N",
        "links": "u",
        "reload-feed": "r",
        "reload-feeds": "R",
        "reimport": "ctrl+r",
        "mark-all-read": "A",
    },
}


def default_config_path() -> Path:
    """``$NEWSREADER_CONFIG``, else ``config.toml`` in the user config dir."""
    env = os.environ.get("NEWSREADER_CONFIG")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("newsreader", appauthor=False)) / "config.toml"


def is_colour(value: str) -> bool:
    """Would the UI understand this colour (a name, ``#rgb``/``#rrggbb``, rgb())?"""
    value = value.strip().lower()
    if value.startswith("#"):
        digits = value[1:]
        return len(digits) in (3, 4, 6, 8) and all(c in "0123456789abcdef" for c in digits)
    for func in ("rgb(", "rgba(", "hsl(", "hsla("):
        if value.startswith(func) and value.endswith(")"):
            parts = [p.strip().rstrip("%") for p in value[len(func) : -1].split(",")]
            return len(parts) in (3, 4) and all(_is_number(p) for p in parts)
    return value in COLOUR_NAMES


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _line_of(text: str, *needles: str) -> int | None:
    """1-based line of the first line containing every needle (for messages)."""
    for number, line in enumerate(text.splitlines(), 1):
        if all(n in line for n in needles):
            return number
    return None


def _at(path: Path | None, text: str, *needles: str) -> str:
    """``config.toml line 12: `` (or just the file name) for a message."""
    name = path.name if path else "config"
    line = _line_of(text, *needles) if needles and text else None
    return f"{name} line {line}: " if line else f"{name}: "


def _clean_word(word: Any) -> str:
    """A watch/topic word: NFC, surrounding and repeated whitespace removed."""
    return " ".join(unicodedata.normalize("NFC", str(word)).split())


def _words(value: Any) -> tuple[tuple[str, ...], bool]:
    """Words from a list (or a single string); ``ok`` False if junk was dropped."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return (), False
    out: list[str] = []
    ok = True
    for item in value:
        word = _clean_word(item) if isinstance(item, str) else ""
        if not word:
            ok = False
            continue
        out.append(word)
    # dict.fromkeys: distinct in order; a list's "not in" took 25 s for 50,000 words.
    return tuple(dict.fromkeys(out)), ok


def _build(
    data: Mapping[str, Any], text: str, path: Path | None, base: Config | None
) -> tuple[Config, list[str]]:
    """Validate plain TOML data into a ``Config``; bad values fall back to ``base``."""
    problems: list[str] = []
    base = base or Config()
    known = {"theme", "default_sort", "panes", "watchlist", "topics", "keymap"}
    for key in data:
        if key not in known:
            problems.append(f"{_at(path, text, key)}unknown setting {key!r} ignored")

    theme = data.get("theme", base.theme)
    if not isinstance(theme, str) or not theme.strip():
        problems.append(f"{_at(path, text, 'theme')}theme must be a name; using {base.theme!r}")
        theme = base.theme

    sort = data.get("default_sort", base.default_sort)
    if sort not in SORTS:
        problems.append(
            f'{_at(path, text, "default_sort")}default_sort must be "rank" or "date", '
            f"not {sort!r}; using {base.default_sort!r}"
        )
        sort = base.default_sort

    panes = dict(base.pane_widths)
    raw_panes = data.get("panes", {})
    if not isinstance(raw_panes, Mapping):
        problems.append(f"{_at(path, text, 'panes')}[panes] must be a table; ignored")
        raw_panes = {}
    for key, value in raw_panes.items():
        if key not in PANES:
            problems.append(f"{_at(path, text, key)}unknown pane {key!r} ignored")
            continue
        low, high = PANES[key]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            problems.append(
                f"{_at(path, text, key, str(value))}pane width {key} must be a whole "
                f"number from {low} to {high}, not {value!r}; using {panes.get(key)}"
            )
            continue
        panes[key] = value
    if sum(panes.values()) > 90:
        problems.append(
            f"{_at(path, text, '[panes]')}pane widths add up to more than 90%; using the defaults"
        )
        panes = dict(base.pane_widths)

    # A section the file leaves out keeps its default; one it has replaces it.
    groups: list[WatchGroup] = [] if "watchlist" in data else list(base.watch_groups)
    raw_groups = data.get("watchlist", [])
    if isinstance(raw_groups, Mapping):  # [watchlist.NAME] tables instead of [[watchlist]]
        raw_groups = [
            {"name": k, **v} if isinstance(v, Mapping) else v for k, v in raw_groups.items()
        ]
    if not isinstance(raw_groups, list):
        problems.append(f"{_at(path, text, 'watchlist')}watchlist must be [[watchlist]] blocks")
        raw_groups = []
    seen_names: set[str] = set()
    for number, raw in enumerate(raw_groups, 1):
        if not isinstance(raw, Mapping):
            problems.append(f"{_at(path, text, 'watchlist')}watch group {number} is not a table")
            continue
        name = _clean_word(raw.get("name", "")) or f"组{number}"
        if name in seen_names:
            problems.append(f"{_at(path, text, name)}watch group {name!r} appears twice; merged")
        colour = raw.get("colour", raw.get("color", ""))
        fallback = PALETTE[(number - 1) % len(PALETTE)]
        if not isinstance(colour, str) or not colour.strip():
            colour = fallback
        elif not is_colour(colour):
            problems.append(
                f"{_at(path, text, colour)}unknown colour {colour!r} for watch group "
                f"{name!r}; using {fallback!r}"
            )
            colour = fallback
        else:
            colour = colour.strip().lower()
        words, ok = _words(raw.get("words", []))
        if not ok:
            problems.append(
                f"{_at(path, text, 'words')}watch group {name!r}: non-text words dropped"
            )
        if name in seen_names:
            index = next(i for i, g in enumerate(groups) if g.name == name)
            merged = tuple(dict.fromkeys([*groups[index].words, *words]))
            groups[index] = WatchGroup(name, groups[index].colour, merged)
            continue
        seen_names.add(name)
        groups.append(WatchGroup(name, colour, words))

    topics: list[Topic] = list(base.topics)
    raw_topics = data.get("topics")
    if raw_topics is not None:
        topics = []
        if not isinstance(raw_topics, Mapping):
            problems.append(f"{_at(path, text, 'topics')}[topics] must be a table; ignored")
            raw_topics = {}
        for name, value in raw_topics.items():
            words, ok = _words(value)
            if not ok:
                problems.append(
                    f"{_at(path, text, name)}topic {name!r} must be a list of words; "
                    "non-text entries dropped"
                )
            if words:
                topics.append(Topic(_clean_word(name), words))

    keymap = dict(base.keymap)
    raw_keymap = data.get("keymap", {})
    if isinstance(raw_keymap, str):  # keymap = "newsboat": a preset alone
        raw_keymap = {"preset": raw_keymap}
    if isinstance(raw_keymap, Mapping) and "preset" in raw_keymap:
        raw_keymap = dict(raw_keymap)
        preset = raw_keymap.pop("preset")
        if isinstance(preset, str) and preset in KEYMAP_PRESETS:
            keymap.update(KEYMAP_PRESETS[preset])
        else:
            known_presets = ", ".join(KEYMAP_PRESETS)
            problems.append(
                f"{_at(path, text, 'keymap')}keymap preset {preset!r} is not one of: "
                f"{known_presets}; ignored"
            )
    if not isinstance(raw_keymap, Mapping):
        problems.append(f"{_at(path, text, 'keymap')}[keymap] must be a table; ignored")
        raw_keymap = {}
    for binding, keys in raw_keymap.items():
        if isinstance(keys, list) and all(isinstance(k, str) for k in keys):
            keys = ",".join(keys)
        parts = [k.strip() for k in keys.split(",")] if isinstance(keys, str) else []
        if not parts or not all(parts) or any(" " in k for k in parts):
            problems.append(
                f"{_at(path, text, binding)}keymap {binding!r}: keys must be text like "
                f'"ctrl+q" or "j,down", not {keys!r}; ignored'
            )
            continue
        keymap[str(binding)] = ",".join(parts)

    config = Config(
        theme=theme.strip(),
        default_sort=sort,
        pane_widths=panes,
        watch_groups=tuple(groups),
        topics=tuple(topics),
        keymap=keymap,
    )
    return config, problems


_DEFAULT: Config | None = None


def default_config() -> Config:
    """The settings of ``DEFAULT_CONFIG_TEXT`` (parsed once)."""
    global _DEFAULT
    if _DEFAULT is None:
        data = tomlkit.parse(DEFAULT_CONFIG_TEXT).unwrap()
        config, problems = _build(data, DEFAULT_CONFIG_TEXT, None, Config())
        assert not problems, problems  # the template is part of the code
        _DEFAULT = config
    return _DEFAULT


# Far above any real config (50,000 watched words are under 1 MB).
MAX_CONFIG_BYTES = 8 * 1024 * 1024


def _read(path: Path) -> str:
    """The file's text: a regular file of at most ``MAX_CONFIG_BYTES``, else ``OSError``.

    Opened non-blocking and checked before reading, so a config path that is
    a FIFO (which would block) or ``/dev/zero`` (which never ends) is one
    line, not a hang.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        reason = "a folder, not a file" if stat.S_ISDIR(mode) else "not a regular file"
        raise OSError(errno.EISDIR if stat.S_ISDIR(mode) else errno.EINVAL, reason)
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(MAX_CONFIG_BYTES + 1)
    if len(data) > MAX_CONFIG_BYTES:
        raise OSError(errno.EFBIG, f"larger than {MAX_CONFIG_BYTES // (1024 * 1024)} MB")
    return data.decode("utf-8-sig")


def load_config(path: Path | None = None) -> tuple[Config, list[str]]:
    """The config at ``path`` (default location if None) and the problems found.

    Never raises: a missing file is the defaults with no problem; an
    unreadable or invalid file is the defaults plus a message naming the
    line; invalid values are replaced by their defaults, one message each.
    """
    path = Path(path) if path is not None else default_config_path()
    defaults = default_config()
    try:
        text = _read(path)
    except FileNotFoundError:
        return defaults, []
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return defaults, [f"{path}: cannot read ({reason}); using the defaults"]
    try:
        data = _parse_toml(text)
    except TOMLKitError as exc:
        return defaults, [str(_toml_error(path, exc)) + "; using the defaults"]
    except Exception as exc:  # tomlkit can raise plain errors on odd input
        return defaults, [f"{path}: not valid TOML ({exc}); using the defaults"]
    return _build(data, text, path, defaults)


def _parse_toml(text: str) -> dict[str, Any]:
    """The file's data: tomllib, then tomlkit for what tomllib refuses.

    tomlkit keeps comments for editing but parsed a 50,000-word watchlist in
    5 s (tomllib: a few ms). A file tomllib refuses goes to tomlkit, which
    accepts it or raises with the line and column the message names.
    """
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return tomlkit.parse(text).unwrap()


def _toml_error(path: Path, exc: Exception) -> ConfigError:
    """A ``ConfigError`` naming the file, line and column of a TOML error."""
    if isinstance(exc, TomlParseError):
        message = str(exc)
        suffix = f" at line {exc.line} col {exc.col}"
        reason = message[: -len(suffix)] if message.endswith(suffix) else message
        return ConfigError(f"{path}: line {exc.line}, column {exc.col}: {reason}")
    return ConfigError(f"{path}: not valid TOML: {exc}")


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------


def write_default_config(path: Path | None = None) -> Path:
    """Write the documented template if no config exists; return its path."""
    path = Path(path) if path is not None else default_config_path()
    if not path.exists():
        _atomic_write(path, DEFAULT_CONFIG_TEXT)
    return path


def _atomic_write(path: Path, text: str) -> None:
    """Replace ``path`` in one step, so a crash never leaves half a config."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _load_document(path: Path) -> tomlkit.TOMLDocument:
    """The file as an editable document (the template if it does not exist)."""
    try:
        text = _read(path)
    except FileNotFoundError:
        text = DEFAULT_CONFIG_TEXT
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read ({exc})") from None
    try:
        return tomlkit.parse(text)
    except TOMLKitError as exc:
        raise _toml_error(path, exc) from None


def _groups(doc: tomlkit.TOMLDocument) -> Any:
    """The ``[[watchlist]]`` array of tables, created if missing."""
    groups = doc.get("watchlist")
    if groups is None:
        groups = tomlkit.aot()
        doc.append("watchlist", groups)
    if not isinstance(groups, list):
        raise ConfigError("watchlist in the config is not a list of [[watchlist]] groups")
    return groups


def save_watch_word(path: Path | None, group: str, word: str, colour: str | None = None) -> bool:
    """Add ``word`` to watch group ``group`` (created if new); True if changed.

    Edits the document in place: every comment and line the user wrote
    stays as it was. Raises ``ConfigError`` if the file cannot be parsed
    (it is then left untouched rather than overwritten).
    """
    path = Path(path) if path is not None else default_config_path()
    word, group = _clean_word(word), _clean_word(group)
    if not word or not group:
        raise ConfigError("a watch word and its group must not be empty")
    if colour is not None and not is_colour(colour):
        raise ConfigError(f"unknown colour {colour!r}")
    doc = _load_document(path)
    groups = _groups(doc)
    for table in groups:
        if _clean_word(table.get("name", "")) == group:
            words = table.get("words")
            if words is None or not isinstance(words, list):
                table["words"] = [word]
            elif word in (_clean_word(w) for w in words):
                return False
            else:
                words.append(word)
            break
    else:
        used = {str(t.get("colour", "")) for t in groups}
        new = tomlkit.table()
        new.add("name", group)
        new.add("colour", colour or next((c for c in PALETTE if c not in used), PALETTE[0]))
        new.add("words", [word])
        new.add(tomlkit.nl())  # keep a blank line before whatever table follows
        groups.append(new)
    _atomic_write(path, tomlkit.dumps(doc))
    return True


def remove_watch_word(path: Path | None, group: str, word: str) -> bool:
    """Remove ``word`` from watch group ``group``; True if it was there.

    The group itself stays (with its colour) even when it becomes empty.
    """
    path = Path(path) if path is not None else default_config_path()
    word, group = _clean_word(word), _clean_word(group)
    doc = _load_document(path)  # the template when missing: its words can go too
    changed = False
    for table in _groups(doc):
        if _clean_word(table.get("name", "")) != group:
            continue
        words = table.get("words")
        if not isinstance(words, list):
            continue
        for index in reversed(range(len(words))):
            if _clean_word(words[index]) == word:
                del words[index]
                changed = True
    if changed:
        _atomic_write(path, tomlkit.dumps(doc))
    return changed
