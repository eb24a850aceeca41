"""The core must work without Textual or Rich: parsing, storage and search alone.

Which modules may import what is the import contract's job
(tests/test_import_contract.py); this test checks the running code: every
core module imports, and an archive searches, with textual and rich unavailable.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import newsreader

# The front ends; everything else in the package is the core.
FRONT_ENDS = ("newsreader.ui", "newsreader.cli", "newsreader.__main__")


def core_modules() -> list[str]:
    """Every module of the package outside the front ends, found by walking its files.

    Walking files rather than packages imports nothing here (pkgutil would import
    ``newsreader.ui`` to look inside it).
    """
    package = Path(newsreader.__file__).parent
    found = []
    for path in package.rglob("*.py"):
        parts = path.relative_to(package.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if not name.startswith(FRONT_ENDS):
            found.append(name)
    return sorted(found)


def test_walk_finds_the_core_packages() -> None:
    modules = core_modules()
    for name in ("newsreader.archive", "newsreader.search.run", "newsreader.store.schema"):
        assert name in modules
    assert not [name for name in modules if name.startswith(FRONT_ENDS)]


def test_core_works_without_ui_packages_present() -> None:
    """Block textual and rich outright: importing every core module and searching must work."""
    code = (
        "import importlib, sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('textual', 'rich', 'textual_plotext'):\n"
        "            raise ImportError('blocked ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "from newsreader import Archive\n"
        "with Archive.open(':memory:') as archive:\n"
        "    print(archive.search('保交楼').total)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0"
