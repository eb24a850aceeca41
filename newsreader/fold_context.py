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

# The phrase dictionaries of tw2s and hk2s (t2s's TSPhrases is in both).
PHRASE_DICTIONARIES = ("TSPhrases", "TWVariantsRevPhrases", "HKVariantsRevPhrases")

# Generated: see the module docstring.
CONTEXT_CHARS = "么乾俱剋劄吒哩噁坏彷徵扞於昇氾沈濛甦畫瞭祕脩著蒐薹藉袷覆谿逕釐鉅鍊鍾"


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


def context_chars() -> str:
    """Characters a word of the phrase dictionaries converts unlike the character alone."""
    from newsreader.text import convert_han

    tools = opencc_tools()
    if tools is None:
        raise RuntimeError("this OpenCC ships no opencc_dict tool")
    keys = phrase_entries(*tools)
    whole = convert_han("\n".join(keys)).split("\n")
    alone = convert_han("\n".join("".join(keys))).split("\n")
    found: set[str] = set()
    pos = 0
    for key, converted in zip(keys, whole, strict=True):
        singles = alone[pos : pos + len(key)]
        pos += len(key)
        if len(converted) != len(key):
            found.update(key)
            continue
        found.update(c for c, w, s in zip(key, converted, singles, strict=True) if w != s)
    return "".join(sorted(found))


if __name__ == "__main__":
    sys.stdout.write(context_chars() + "\n")
