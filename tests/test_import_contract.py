"""The import contract in pyproject.toml holds: layers, no cycles, a core without textual/rich.

It replaces a hand-kept list of core modules: the contract names packages, so
a module added to one is checked without anyone remembering to list it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_lint_imports_keeps_every_contract() -> None:
    # The console script sits beside the interpreter running the tests (the venv's bin);
    # run from the project root, it reads pyproject.toml and analyses this checkout.
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache", "--no-logo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout, result.stdout
