"""The core must work without Textual or Rich: parsing, storage and search alone."""

from __future__ import annotations

import subprocess
import sys

CORE_MODULES = [
    "newsreader",
    "newsreader.archive",
    "newsreader.search.run",
    "newsreader.store.schema",
    "newsreader.index.tokens",
    "newsreader.search.query",
    "newsreader.search.snippets",
    "newsreader.text",
    "newsreader.parse",
    "newsreader.store.prepare",
    # feeds, live folders, export and the config file (issue 6)
    "newsreader.parse.dispatch",
    "newsreader.parse.feed",
    "newsreader.parse.html_text",
    "newsreader.features.fetch",
    "newsreader.features.opml",
    "newsreader.features.export",
    "newsreader.features.live",
    "newsreader.config",
]


def test_core_imports_neither_textual_nor_rich() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {CORE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_core_works_without_ui_packages_present() -> None:
    """Block textual and rich outright: importing and searching must still work."""
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('textual', 'rich'):\n"
        "            raise ImportError('blocked ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "from newsreader import Archive\n"
        "with Archive.open(':memory:') as archive:\n"
        "    print(archive.search('保交楼').total)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0"
