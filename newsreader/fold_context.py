"""Characters OpenCC converts only inside words (瞭 in 瞭解, 覆 in 反覆).

``text.fold`` converts traditional to simplified by word with OpenCC, but
only the Han runs that need it: running OpenCC over every paragraph would
cost more than the rest of indexing. A run needs it when it holds a
*trigger*: a character OpenCC changes on its own (computed at start from the
converter itself) or one it changes inside some word of its phrase
dictionaries. The second kind cannot be read from the Python binding (the
dictionaries are compiled tries), so it is listed here, generated from the
dictionaries of the installed OpenCC with its own ``opencc_dict`` tool:

    python -m newsreader.fold_context > /tmp/chars.txt

``tests/test_text.py`` checks the list against the installed OpenCC when
the tool is there, and ``fold`` against converting every run.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

# Simplified characters OpenCC's variant tables turn into another alone
# (么 -> 幺, from the Taiwan table): never folded, so 要么 stays 要么.
KEPT_CHARS = "么"

# The phrase dictionaries of tw2s and hk2s (t2s's TSPhrases is in both).
PHRASE_DICTIONARIES = ("TSPhrases", "TWVariantsRevPhrases", "HKVariantsRevPhrases")

# Generated: see the module docstring. Each character with what it may become inside a word.
CONTEXT: dict[str, str] = {
    "么": "么",
    "乾": "乾",
    "剋": "剋",
    "劄": "劄",
    "吒": "吒",
    "哩": "里",
    "噁": "𫫇",
    "坏": "坯",
    "徵": "徵",
    "扞": "扞",
    "於": "於",
    "昇": "昇",
    "氾": "氾",
    "沈": "沉",
    "濛": "濛",
    "甦": "苏",
    "瞭": "了",
    "祕": "祕",
    "脩": "脩",
    "著": "著",
    "蒐": "蒐",
    "薹": "薹",
    "藉": "借",
    "袷": "袷",
    "覆": "复",
    "谿": "谿",
    "逕": "迳",
    "釐": "釐",
    "鉅": "钜",
    "鍊": "链",
    "鍾": "锺",
}


def phrase_entries(tool: Path, share: Path) -> list[str]:
    """Every key of the phrase dictionaries, dumped with OpenCC's own tool."""
    keys: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in PHRASE_DICTIONARIES:
            out = Path(tmp) / f"{name}.txt"
            subprocess.run(
                [str(tool), "-i", str(share / f"{name}.ocd2"), "-o", str(out), "-f", "ocd2",
                 "-t", "text"],
                check=True,
                capture_output=True,
            )  # fmt: skip
            for line in out.read_text(encoding="utf-8").splitlines():
                key, _, _ = line.partition("\t")
                if len(key) > 1:
                    keys.append(key)
    return keys


def opencc_tools() -> tuple[Path, Path] | None:
    """``(opencc_dict, dictionary folder)`` of the installed OpenCC, if it ships them."""
    import opencc

    root = Path(opencc.__file__).parent / "clib"
    tool, share = root / "bin" / "opencc_dict", root / "share" / "opencc"
    return (tool, share) if tool.exists() and share.is_dir() else None


def context_chars() -> dict[str, str]:
    """Characters a word of the phrase dictionaries converts unlike the
    character alone, each with what it may become in a word: only those in
    a word with no other character that changes alone (傢俱 is converted for
    傢, so 俱 need not trigger)."""
    import opencc

    tw2s, hk2s = opencc.OpenCC("tw2s"), opencc.OpenCC("hk2s")

    def convert_han(text: str) -> str:  # as ``text.convert_han`` (this layer is below it)
        return str(hk2s.convert(tw2s.convert(text)))

    tools = opencc_tools()
    if tools is None:
        raise RuntimeError("this OpenCC ships no opencc_dict tool")
    keys = phrase_entries(*tools)
    whole = convert_han("\n".join(keys)).split("\n")
    alone = convert_han("\n".join("".join(keys))).split("\n")
    found: dict[str, set[str]] = {}
    pos = 0
    for key, converted in zip(keys, whole, strict=True):
        singles = alone[pos : pos + len(key)]
        pos += len(key)
        if len(converted) != len(key):
            for c in key:
                found.setdefault(c, set()).update(converted)
            continue
        # A word holding a character that changes alone is converted anyway
        # (that character triggers its run); only the others need listing.
        changing_alone = {c for c, single in zip(key, singles, strict=True) if single != c} - set(
            KEPT_CHARS
        )
        for c, w, single in zip(key, converted, singles, strict=True):
            if w != single and not changing_alone - {c}:
                found.setdefault(c, set()).add(w)
    return {c: "".join(sorted(found[c])) for c in sorted(found)}


if __name__ == "__main__":
    sys.stdout.write(repr(context_chars()) + "\n")
