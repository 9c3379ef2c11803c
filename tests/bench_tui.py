"""Benchmark the desk against a bare Textual app started in the same run. Run by hand, not by pytest:

    .venv/bin/python tests/bench_tui.py [--sizes 1000,10000,100000] [--repeat 5]

For each demo database size it prints, with the ratio to the bare app:
  * start-up: process start to an interactive Cases screen (first page shown);
  * keystroke: a filter keystroke to the repainted list;
  * detail: moving to the next case to its detail shown.
Databases are cached in /tmp/repdesk-bench/ (making 100,000 cases takes minutes).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CACHE = Path(tempfile.gettempdir()) / "repdesk-bench"
os.environ.setdefault("REPDESK_TODAY", "2026-11-22")

BARE_CHILD = """
import sys, time
from textual.app import App
from textual.widgets import DataTable, Footer, Input
class Bare(App):
    def compose(self):
        yield Input()
        yield DataTable()
        yield Footer()
    def on_mount(self):
        t = self.query_one(DataTable)
        t.add_columns("a", "b", "c")
        for i in range(100):
            t.add_row(str(i), "x", "y")
        self.call_after_refresh(self.done)
    def done(self):
        print(time.time(), flush=True)
        self.exit()
Bare().run(headless=True)
"""

DESK_CHILD = """
import sys, time
from pathlib import Path
from repdesk.paths import locate
from repdesk.store.engine import open_database
from repdesk.tui.app import RepDesk
from repdesk.tui.config import load_config
class Bench(RepDesk):
    def on_paged_table_loaded(self, event):
        self.call_after_refresh(self.done)
    def done(self):
        print(time.time(), flush=True)
        self.exit()
path = Path(sys.argv[1])
db = open_database(path)
location = locate("bench", path)
Bench(db, location, config=load_config(location.config), start_mode="cases").run(headless=True)
db.close()
"""


def database(cases: int) -> Path:
    """A demo database with about ``cases`` cases (demo makes ~1.05 cases per member)."""
    from repdesk.store import demo
    from repdesk.store.engine import open_database

    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"cases-{cases}.sqlite"
    if not path.exists():
        print(f"  making {path} ...", file=sys.stderr, flush=True)
        db = open_database(path)
        demo.fill(db, members=max(20, int(cases / 1.05)), seed=7)
        db.close()
    return path


def start_time(code: str, *args: str) -> float:
    """Seconds from spawning a Python process to it reporting ready."""
    begun = time.time()
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1]) - begun


class Stopwatch:
    """Times from an event inside the app to the repaint that shows its result."""

    def __init__(self) -> None:
        self.began = 0.0
        self.laps: list[float] = []
        self.done = asyncio.Event()

    def start(self) -> None:
        self.began = time.perf_counter()
        self.done.clear()

    def stop(self) -> None:
        self.laps.append(time.perf_counter() - self.began)
        self.done.set()


async def bare_interactions(repeat: int) -> tuple[float, float]:
    """(keystroke to repaint, cursor move to repaint) in a bare app doing the same kind of work."""
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Input, Static

    keys, moves = Stopwatch(), Stopwatch()

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Input(id="i")
            yield DataTable(id="t", cursor_type="row")
            yield Static(id="s")

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("a", "b")
            for i in range(100):
                table.add_row(str(i), "x")

        def on_input_changed(self, event: Input.Changed) -> None:
            keys.start()
            table = self.query_one(DataTable)
            table.clear()
            for i in range(100):
                table.add_row(event.value, str(i))
            self.call_after_refresh(keys.stop)

        def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
            moves.start()
            self.query_one(Static).update(f"row {event.cursor_row}")
            self.call_after_refresh(moves.stop)

    app = Bare()
    async with app.run_test(size=(120, 40)) as pilot:
        app.query_one(Input).focus()
        for _ in range(repeat):
            await pilot.press("a")
            await asyncio.wait_for(keys.done.wait(), 10)
        app.query_one(DataTable).focus()
        await pilot.pause()
        for _ in range(repeat):
            moves.done.clear()
            await pilot.press("down")
            await asyncio.wait_for(moves.done.wait(), 10)
    return statistics.median(keys.laps), statistics.median(moves.laps)


async def desk_interactions(path: Path, repeat: int) -> tuple[float, float]:
    """(filter keystroke to repainted list, next case to its detail shown) inside the desk."""
    from textual.widgets import Input

    from repdesk.paths import locate
    from repdesk.store.engine import open_database
    from repdesk.tui.app import RepDesk
    from repdesk.tui.config import load_config
    from repdesk.tui.screens.cases import CasesScreen
    from repdesk.tui.widgets.filter_bar import FilterBar
    from repdesk.tui.widgets.paged_table import PagedTable

    keys, moves = Stopwatch(), Stopwatch()

    class Bench(RepDesk):
        def on_paged_table_loaded(self, event: PagedTable.Loaded) -> None:
            if keys.began and not keys.done.is_set():
                self.call_after_refresh(keys.stop)

    typed = FilterBar.on_input_changed
    shown = CasesScreen.show_detail

    def timed_key(self: FilterBar, event: Input.Changed) -> None:
        keys.start()
        typed(self, event)

    def timed_detail(self: CasesScreen) -> None:
        moves.start()
        shown(self)
        self.call_after_refresh(moves.stop)

    FilterBar.on_input_changed = timed_key  # type: ignore[method-assign]
    CasesScreen.show_detail = timed_detail  # type: ignore[method-assign]
    db = open_database(path)
    location = locate("bench", path)
    app = Bench(db, location, config=load_config(location.config), start_mode="cases")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(3):
                await app.workers.wait_for_complete()
                await pilot.pause()
            for _ in range(repeat):
                moves.done.clear()
                await pilot.press("down")
                await asyncio.wait_for(moves.done.wait(), 10)
            await pilot.press("slash")
            for ch in "status:o"[: max(repeat, 3)]:
                await pilot.press(ch)
                await asyncio.wait_for(keys.done.wait(), 30)
    finally:
        FilterBar.on_input_changed = typed  # type: ignore[method-assign]
        CasesScreen.show_detail = shown  # type: ignore[method-assign]
        db.close()
    return statistics.median(keys.laps), statistics.median(moves.laps)


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    paths = {size: database(size) for size in sizes}
    bare_start = statistics.median(start_time(BARE_CHILD) for _ in range(args.repeat))
    bare_key, bare_move = asyncio.run(bare_interactions(args.repeat))
    print(
        f"bare Textual app: start {bare_start * 1000:.0f} ms, keystroke {bare_key * 1000:.1f} ms, "
        f"cursor move {bare_move * 1000:.1f} ms"
    )
    heads = ("cases", "start ms", "x bare", "key ms", "x bare", "detail ms", "x bare")
    print(" ".join(f"{h:>{w}}" for h, w in zip(heads, (8, 9, 7, 8, 7, 10, 7), strict=True)))
    for size, path in paths.items():
        start = statistics.median(start_time(DESK_CHILD, str(path)) for _ in range(args.repeat))
        key, move = asyncio.run(desk_interactions(path, args.repeat))
        print(
            f"{size:>8,} {start * 1000:>9.0f} {start / bare_start:>7.2f} {key * 1000:>8.1f} "
            f"{key / bare_key:>7.2f} {move * 1000:>10.1f} {move / bare_move:>7.2f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
