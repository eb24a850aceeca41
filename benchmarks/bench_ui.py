"""The reader's first paint, memory and cursor moves: 4 articles against 100k.

Issue 4's targets: first paint at 100k within 1.5x of the 4-article sample,
RSS within +150 MB, list cursor moves under 16 ms. Each archive is measured in
a fresh subprocess (``python -m benchmarks.bench_ui --child DB``), so one run's
caches and imports cannot flatter the next. "First paint" is the moment the
article list's ``render_line`` first draws a row with articles in it, timed
from ``NewsreaderApp(...)`` (archive opening included) and from process start.
Without the UI module the benchmark says "not available" instead of failing.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, fmt_ms, median, percentile

_STARTED = time.perf_counter()
CHILD_TIMEOUT_S = 300
MOVES = 200


@dataclass
class UiResult:
    label: str
    articles: int = 0
    available: bool = False
    error: str = ""
    import_ms: float = 0.0  # importing newsreader.ui.app (Textual included)
    paint_ms: float = 0.0  # NewsreaderApp(...) -> first list row drawn
    paint_from_start_ms: float = 0.0
    rss_paint_mb: float = 0.0
    rss_end_mb: float = 0.0
    move_ms: list[float] = field(default_factory=list)
    list_move_ms: list[float] = field(default_factory=list)
    key_draw_ms: list[float] = field(default_factory=list)
    paint_runs: list[float] = field(default_factory=list)


def _peak_rss_mb() -> float:
    """This process's peak RSS since exec.

    ``/proc/self/status`` VmHWM, not ``ru_maxrss``: on Linux ``ru_maxrss``
    survives exec, so a child forked from a big benchmark process would report
    the parent's size.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def _child(db: Path, moves: int) -> dict[str, Any]:
    t0 = time.perf_counter()
    from newsreader.ui.app import NewsreaderApp

    try:
        from newsreader.ui.widgets.article_list import ArticleList
    except ImportError:
        ArticleList = None
    out: dict[str, Any] = {"import_ms": (time.perf_counter() - t0) * 1000}
    painted: list[float] = []
    pressed: list[float] = []
    drawn: list[float] = []
    if ArticleList is not None and hasattr(ArticleList, "render_line"):
        original = ArticleList.render_line

        def render_line(self: Any, y: int) -> Any:
            strip = original(self, y)
            if not painted and getattr(self, "ids", None):
                painted.append(time.perf_counter())
            if pressed and not drawn:
                # The row under the moved cursor being drawn ends the key's latency.
                height = getattr(self, "row_height", 1) or 1
                if (self.scroll_offset.y + y) // height == getattr(self, "cursor", -1):
                    drawn.append(time.perf_counter())
            return strip

        ArticleList.render_line = render_line  # type: ignore[method-assign]

    t_app = time.perf_counter()
    app = NewsreaderApp(db_path=db)
    async with app.run_test(size=(120, 40)) as pilot:
        deadline = time.perf_counter() + 120
        while not painted and time.perf_counter() < deadline:
            await pilot.pause(0.002)
        if not painted:
            out["error"] = "the article list never drew a row within 120 s"
            return out
        out["paint_ms"] = (painted[0] - t_app) * 1000
        out["paint_from_start_ms"] = (painted[0] - _STARTED) * 1000
        out["rss_paint_mb"] = _peak_rss_mb()
        lists = app.screen.query(ArticleList) if ArticleList is not None else []
        if lists:
            lists.first().focus()
            await pilot.pause()
        times = []
        latency = []
        for _ in range(moves):
            drawn.clear()
            started = time.perf_counter()
            pressed.append(started)
            await pilot.press("j")
            times.append((time.perf_counter() - started) * 1000)
            if drawn:
                latency.append((drawn[0] - started) * 1000)
            pressed.clear()
        out["move_ms"] = times
        out["key_draw_ms"] = latency
        # The list's own share of a move: the cursor action and redrawing the
        # visible rows, without the pilot's waiting and the reader's update.
        own = []
        if lists and hasattr(lists.first(), "action_cursor_down"):
            widget = lists.first()
            for _ in range(moves):
                started = time.perf_counter()
                widget.action_cursor_down()
                for y in range(widget.size.height):
                    widget.render_line(y)
                own.append((time.perf_counter() - started) * 1000)
                await pilot.pause()
        out["list_move_ms"] = own
        out["articles"] = len(lists.first().ids) if lists else 0
        out["rss_end_mb"] = _peak_rss_mb()
    return out


def measure(db: Path, label: str, moves: int = MOVES) -> UiResult:
    """Run the child on ``db`` and read its JSON line; failures become ``error``."""
    result = UiResult(label)
    try:
        import importlib.util

        if importlib.util.find_spec("newsreader.ui.app") is None:
            result.error = "not available (no newsreader.ui.app)"
            return result
    except ImportError:
        result.error = "not available (no newsreader.ui)"
        return result
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "benchmarks.bench_ui", "--child", str(db), str(moves)],
            capture_output=True,
            text=True,
            timeout=CHILD_TIMEOUT_S,
            cwd=ROOT,
            env=env,
        )
    except subprocess.TimeoutExpired:
        result.error = f"timed out after {CHILD_TIMEOUT_S} s"
        return result
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        result.error = f"not available ({tail[:160]})"
        return result
    data = json.loads(lines[-1])
    if data.get("error"):
        result.error = data["error"]
        return result
    result.available = True
    for key in ("articles", "import_ms", "paint_ms", "paint_from_start_ms"):
        setattr(result, key, data.get(key, 0))
    result.rss_paint_mb = data.get("rss_paint_mb", 0.0)
    result.rss_end_mb = data.get("rss_end_mb", 0.0)
    result.move_ms = data.get("move_ms", [])
    result.list_move_ms = data.get("list_move_ms", [])
    result.key_draw_ms = data.get("key_draw_ms", [])
    return result


def measure_all(targets: list[tuple[Path, str]], runs: int = 3) -> list[UiResult]:
    """Each archive ``runs`` times, alternating, after one discarded warm-up child.

    The first child of a run pays for cold file caches (Textual's modules, the
    database pages); measured in the same order every time, that would make
    whichever archive goes first look slow. Paint, import and RSS figures are
    medians over the runs; cursor moves come from the first run only.
    """
    if not targets:
        return []
    measure(targets[0][0], "warm-up", moves=0)
    runs_of: list[list[UiResult]] = [[] for _ in targets]
    for run in range(runs):
        for i, (db, label) in enumerate(targets):
            runs_of[i].append(measure(db, label, moves=MOVES if run == 0 else 0))
    results = []
    for done in runs_of:
        first = done[0]
        ok = [r for r in done if r.available]
        if first.available and ok:
            first.paint_runs = [r.paint_ms for r in ok]
            first.paint_ms = median(first.paint_runs)
            first.paint_from_start_ms = median([r.paint_from_start_ms for r in ok])
            first.import_ms = median([r.import_ms for r in ok])
            first.rss_paint_mb = median([r.rss_paint_mb for r in ok])
        results.append(first)
    return results


def rows(results: list[UiResult]) -> tuple[list[str], list[list[str]]]:
    headers = ["", *(r.label for r in results)]

    def line(label: str, cell: Any) -> list[str]:
        return [label, *(cell(r) if r.available else (r.error or "n/a") for r in results)]

    table = [
        line("articles in the list", lambda r: f"{r.articles:,}"),
        line("import newsreader.ui.app ms", lambda r: fmt_ms(r.import_ms)),
        line("first paint ms (app created -> list drawn)", lambda r: fmt_ms(r.paint_ms)),
        line(
            "first paint, each run ms",
            lambda r: " / ".join(fmt_ms(x) for x in r.paint_runs) or fmt_ms(r.paint_ms),
        ),
        line("first paint ms from process start", lambda r: fmt_ms(r.paint_from_start_ms)),
        line("RSS at first paint MB", lambda r: f"{r.rss_paint_mb:,.0f}"),
        line(f"RSS after {MOVES} moves MB (first run)", lambda r: f"{r.rss_end_mb:,.0f}"),
        line(
            "key j -> cursor row redrawn p50 ms (moves seen)",
            lambda r: f"{fmt_ms(median(r.key_draw_ms))} ({len(r.key_draw_ms)})",
        ),
        line("key j -> cursor row redrawn p95 ms", lambda r: fmt_ms(percentile(r.key_draw_ms, 95))),
        line("key j -> screen settled (pilot) p50 ms", lambda r: fmt_ms(median(r.move_ms))),
        line("key j -> screen settled p95 ms", lambda r: fmt_ms(percentile(r.move_ms, 95))),
        line("key j -> screen settled max ms", lambda r: fmt_ms(percentile(r.move_ms, 100))),
        line(
            "list only (cursor + visible rows) p50 ms",
            lambda r: fmt_ms(median(r.list_move_ms)),
        ),
        line(
            "list only p95 ms",
            lambda r: fmt_ms(percentile(r.list_move_ms, 95)),
        ),
    ]
    return headers, table


def verdict(small: UiResult, large: UiResult) -> list[str]:
    """Issue 4's targets, stated as measured."""
    if not (small.available and large.available):
        return []
    ratio = large.paint_ms / small.paint_ms if small.paint_ms else float("nan")
    extra = round(large.rss_paint_mb - small.rss_paint_mb, 1) + 0.0  # + 0.0: no "-0"
    p95 = percentile(large.key_draw_ms, 95)
    own = percentile(large.list_move_ms, 95)
    return [
        f"first paint {large.label} ÷ {small.label}: {ratio:.2f}x (target <= 1.5x)",
        f"RSS {large.label} − {small.label}: {extra:+.1f} MB (target <= +150 MB)",
        f"cursor move p95 at {large.label}: {fmt_ms(p95)} ms from key to redrawn cursor row,"
        f" {fmt_ms(own)} ms in the list itself (target < 16 ms)",
    ]


if __name__ == "__main__" and len(sys.argv) >= 3 and sys.argv[1] == "--child":
    moves = int(sys.argv[3]) if len(sys.argv) > 3 else MOVES
    print(json.dumps(asyncio.run(_child(Path(sys.argv[2]), moves))), flush=True)
