"""Worker processes for import that end when the importing process dies.

A pool worker waits for work on a pipe whose other end it inherited too, so
it never sees the importer go: after a ``kill -9`` of `newsreader import`
both workers stayed alive, holding the archive open. Each worker now asks
Linux to signal it when its parent dies (``PR_SET_PDEATHSIG``), and
everywhere also runs a thread that watches its parent id change (the
portable fallback, and a second chance if the first is unavailable).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import sys
import threading
from concurrent.futures import ProcessPoolExecutor

__all__ = ["PARENT_POLL_SECONDS", "end_with_parent", "worker_pool"]

# How often the fallback thread looks at the parent id (~1 ms of CPU an hour).
PARENT_POLL_SECONDS = 0.5
_PR_SET_PDEATHSIG = 1


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """A process pool whose workers end when this process does, however it ends."""
    return ProcessPoolExecutor(
        max_workers=workers, initializer=end_with_parent, initargs=(os.getpid(),)
    )


def end_with_parent(parent: int) -> None:
    """Pool initializer: exit when ``parent`` (the importer) is gone."""
    _ask_kernel_for_death_signal()
    # The parent may have died before the request above took effect.
    if os.getppid() != parent:
        os._exit(1)
    watcher = threading.Thread(
        target=_watch_parent, args=(parent,), name="newsreader-parent-watch", daemon=True
    )
    watcher.start()


def _ask_kernel_for_death_signal() -> bool:
    """``prctl(PR_SET_PDEATHSIG, SIGTERM)`` on Linux; False where it is not available."""
    if not sys.platform.startswith("linux"):
        return False
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0) == 0
    return False


def _watch_parent(parent: int) -> None:
    """Exit the worker once it has been handed to another parent (its own died)."""
    stop = threading.Event()
    while not stop.wait(PARENT_POLL_SECONDS):
        if os.getppid() != parent:
            os._exit(1)
