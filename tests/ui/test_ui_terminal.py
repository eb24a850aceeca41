"""The real program on a pseudo-terminal (every other UI test runs headless)."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path


def _read_until(fd: int, wanted: bytes, seconds: float) -> bytes:
    """Everything the terminal got, up to ``wanted`` or the deadline."""
    seen = b""
    deadline = time.monotonic() + seconds
    while wanted not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    return seen


def test_the_reader_starts_on_a_terminal_that_reports_no_size(db_path: Path) -> None:
    """A pty nobody sized reports 0x0 (``script`` without a terminal, some CI
    runners). Textual's two fallbacks (80x24, 80x25) then made the screen flip
    size on every layout and the list never came; the reader names 80x24."""
    master, slave = pty.openpty()  # a fresh pty has no size
    assert os.get_terminal_size(slave) == (0, 0)
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env["TERM"] = "xterm-256color"
    process = subprocess.Popen(
        [sys.executable, "-m", "newsreader", "--db", str(db_path)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    try:
        screen = _read_until(master, b"4 articles", 30)
        assert b"4 articles" in screen
        os.write(master, b"q")
        process.wait(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)
