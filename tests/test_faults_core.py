"""Core answers to the faults of issue 16: processes, names, read-only and damaged
archives, bounded inputs. Each test fails without its fix."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WORDS = "经济会议召开企业创新群众服务建设工作推进质量科技政策改革郑州河南社区居民"


def write_pages(folder: Path, count: int, articles: int = 4) -> None:
    """``count`` small dated pages of ``articles`` articles each."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        lines = [
            f"> 《测试日报》（2024年{n % 12 + 1:02d}月{n % 28 + 1:02d}日第 {n % 8 + 1:02d} 版）",
            "",
        ]
        for i in range(articles):
            body = "".join(WORDS[(n * 7 + i * 3 + k) % len(WORDS)] for k in range(300))
            lines += [f"## 第{n}页第{i}篇", "", f"本报讯 {body}，编号{n}-{i}。", ""]
        (folder / f"page-{n:04d}.md").write_text("\n".join(lines), encoding="utf-8")


# ---------------------------------------------------------------- processes
def _children(pid: int) -> set[int]:
    """Processes whose parent is ``pid`` (read from /proc)."""
    found = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        with suppress(OSError):
            stat = Path(f"/proc/{entry}/stat").read_text()
            # "pid (comm) state ppid ...": comm may hold spaces, so split after ')'.
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry))
    return found


def _alive(pid: int) -> bool:
    """Running (a zombie has ended: it only waits to be reaped)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_killed_import_leaves_no_worker_behind(tmp_path: Path) -> None:
    """SIGKILL the real `newsreader import` once its pool workers exist."""
    folder = tmp_path / "pages"
    write_pages(folder, 600)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "newsreader", "import", "--db", str(tmp_path / "n.db"), str(folder)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    try:
        while len(workers) < 2:
            assert process.poll() is None, "the import ended before its workers were seen"
            assert time.monotonic() < deadline, "no worker processes appeared"
            workers |= _children(process.pid)
            time.sleep(0.01)
    finally:
        process.send_signal(signal.SIGKILL)  # only the importer: its workers must follow
        process.wait()
    deadline = time.monotonic() + 5
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [pid for pid in workers if _alive(pid)]
    for pid in left:  # clean up before failing
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    assert not left, f"workers still running 5 s after the importer was killed: {left}"


def test_a_worker_whose_parent_is_gone_exits(tmp_path: Path) -> None:
    """The portable fallback alone: the parent id changes, the worker exits."""
    script = (
        "import os, sys, time\n"
        "from newsreader.store import workers\n"
        "workers.PARENT_POLL_SECONDS = 0.05\n"
        "if os.fork() == 0:\n"
        "    workers._ask_kernel_for_death_signal = lambda: False\n"
        "    workers.end_with_parent(os.getppid())\n"
        "    print(os.getpid(), flush=True)\n"
        "    time.sleep(30)\n"
        "    os._exit(0)\n"
        "time.sleep(0.5)\n"
        "os._exit(0)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=30
    )
    child = int(done.stdout.split()[0])
    deadline = time.monotonic() + 5
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = _alive(child)
    if alive:
        os.kill(child, signal.SIGKILL)
    assert not alive
