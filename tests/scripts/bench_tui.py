"""Benchmark the desk against a bare Textual app started in the same run. Run by hand, not by pytest:

    .venv/bin/python tests/scripts/bench_tui.py [--sizes 1000,10000,100000] [--repeat 5]

For each demo database size it prints, with the ratio to the bare app:
  * start-up: process start to an interactive Cases screen (first page painted),
    started as `repdesk` starts it, and (store ms) to the store having opened
    behind it, after which no key waits for it; (triage ms) process start to
    the Triage screen filled, which is where `repdesk` opens and which waits
    for the store;
  * keystroke: a filter keystroke to the repainted list;
  * detail: moving to the next case to its detail shown.
With --queries it also prints the case list's query alone for a few filters,
and how long the first list of a new day takes to rescore every case.
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
from typing import Any

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

# Started the way `repdesk` starts it: the store opens on a thread behind the first screen.
# Prints when the first page was painted and when the store had finished opening.
DESK_CHILD = """
import sys, time
from pathlib import Path
from repdesk.paths import locate
from repdesk.tui.app import RepDesk
from repdesk.tui.config import load_config
from repdesk.tui.desk_store import DeskStore
marks = {}
class Bench(RepDesk):
    def on_paged_table_loaded(self, event):
        self.call_after_refresh(self.painted)
    def painted(self):
        marks.setdefault("page", time.time())
        self.finish()
    def _store_opened(self):
        super()._store_opened()
        marks.setdefault("store", time.time())
        self.finish()
    def finish(self):
        if len(marks) == 2:
            self.exit()
path = Path(sys.argv[1])
location = locate("bench", path)
store = DeskStore(path)
Bench(store, location, config=load_config(location.config), start_mode="cases").run(headless=True)
store.close()
print(marks["page"], marks["store"], flush=True)
"""


# `repdesk` itself opens on Triage, which needs the store: process start to its sections filled.
# With a passphrase after the path (an encrypted file, see bench_encryption.py) it is given as
# soon as the unlock screen is up, and the time it was given is printed first.
TRIAGE_CHILD = """
import sys, threading, time
from pathlib import Path
from repdesk.paths import locate
from repdesk.tui.app import RepDesk
from repdesk.tui.config import load_config
from repdesk.tui.desk_store import DeskStore
from repdesk.tui.triage.screen import TriageScreen
marks = {}
shown = TriageScreen._show
def timed(self, data):
    shown(self, data)
    self.call_after_refresh(lambda: (marks.setdefault("filled", time.time()), self.app.exit()))
TriageScreen._show = timed
class Bench(RepDesk):
    def on_mount(self):
        super().on_mount()
        if len(sys.argv) > 2:
            self.call_after_refresh(self.give)
    def give(self):
        marks["unlock"] = time.time()
        threading.Thread(target=self.store.unlock, args=(sys.argv[2], self.store_done)).start()
path = Path(sys.argv[1])
location = locate("bench", path)
store = DeskStore(path)
Bench(store, location, config=load_config(location.config), start_mode="triage").run(headless=True)
store.close()
print(marks.get("unlock", marks["filled"]), marks["filled"], flush=True)
"""


def database(cases: int) -> Path:
    """A demo database with about ``cases`` cases (demo makes ~1.05 cases per member).

    Made once and cached; opened before timing so it is migrated, scored for
    today and analysed, as a rep's file is on every start but the first of a day.
    """
    from repdesk import demo
    from repdesk.store import cases as case_service
    from repdesk.store.engine import open_database

    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"cases-{cases}.sqlite"
    fresh = not path.exists()
    if fresh:
        print(f"  making {path} ...", file=sys.stderr, flush=True)
    db = open_database(path)
    if fresh:
        demo.fill(db, members=max(20, int(cases / 1.05)), seed=7)
    with db.transaction() as session:
        case_service.refresh_scores(session)
    db.analyze()
    db.close()
    return path


# Children may cache compiled bytecode, as any installed Python program does: an
# environment that sets PYTHONDONTWRITEBYTECODE (some sandboxes do) would make the
# desk recompile its own modules on every start while Textual's come precompiled.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def start_times(code: str, *args: str) -> tuple[float, float]:
    """Seconds from spawning a Python process to each of the (one or two) times it reports."""
    begun = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True, env=CHILD_ENV
    )
    marks = [float(x) - begun for x in out.stdout.strip().splitlines()[-1].split()]
    return marks[0], marks[-1]


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


async def desk_interactions(path: Path, repeat: int, key: Any = None) -> tuple[float, float]:
    """(filter keystroke to repainted list, next case to its detail shown) inside the desk.

    ``key`` opens an encrypted file (see bench_encryption.py).
    """
    from textual.widgets import Input

    from repdesk.paths import locate
    from repdesk.store.engine import open_database
    from repdesk.tui.app import RepDesk
    from repdesk.tui.cases.screen import CasesScreen
    from repdesk.tui.config import load_config
    from repdesk.tui.desk_store import DeskStore
    from repdesk.tui.widgets.filter_bar import FilterBar
    from repdesk.tui.widgets.paged_table import PagedTable

    keys, moves = Stopwatch(), Stopwatch()
    typed = FilterBar.on_input_changed
    asked = CasesScreen.show_detail
    shown = CasesScreen._show_detail
    placed = PagedTable._show

    def timed_key(self: FilterBar, event: Input.Changed) -> None:
        keys.start()
        asked_before = self._emitted
        typed(self, event)
        if self._emitted == asked_before:
            # A short word still being typed asks nothing of the list: the repaint is the input's.
            self.call_after_refresh(keys.stop)

    def timed_place(self: PagedTable[Any], page: Any, replace: bool) -> None:
        # The list's new rows are in the table: stop once the frame showing them is drawn.
        placed(self, page, replace)
        if keys.began and not keys.done.is_set():
            self.call_after_refresh(keys.stop)

    def timed_ask(self: CasesScreen) -> None:
        moves.start()
        asked(self)

    def timed_show(self: CasesScreen, case_id: int, detail: Any) -> None:
        shown(self, case_id, detail)
        if moves.began and not moves.done.is_set():
            self.call_after_refresh(moves.stop)

    FilterBar.on_input_changed = timed_key  # type: ignore[method-assign]
    PagedTable._show = timed_place  # type: ignore[method-assign]
    CasesScreen.show_detail = timed_ask  # type: ignore[method-assign,assignment]
    CasesScreen._show_detail = timed_show  # type: ignore[method-assign,assignment]
    db = open_database(path, key=key)
    location = locate("bench", path)
    app = RepDesk(DeskStore(path, db=db), location, config=load_config(location.config), start_mode="cases")
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
        PagedTable._show = placed  # type: ignore[method-assign]
        CasesScreen.show_detail = asked  # type: ignore[method-assign]
        CasesScreen._show_detail = shown  # type: ignore[method-assign]
        db.close()
    return statistics.median(keys.laps), statistics.median(moves.laps)


QUERY_FILTERS = ("", "status:open", "priority:urgent cat:pay", "due:<7d", "member:smith", "pay", "griev pay")


def query_figures(path: Path, repeat: int) -> None:
    """The case list's query alone for a few filters, and the first-list-of-a-day rescore."""
    import shutil
    from datetime import timedelta

    from repdesk.domain import clock
    from repdesk.domain.filters import parse_case_filter
    from repdesk.store import cases as case_service
    from repdesk.store.engine import open_database

    db = open_database(path)
    laps = []
    for text in QUERY_FILTERS:
        times = []
        for _ in range(repeat):
            began = time.perf_counter()
            with db.session() as session:
                page = case_service.list_cases(session, parse_case_filter(text).filter, limit=60)
            times.append(time.perf_counter() - began)
        laps.append(f"{text or '(none)'} {statistics.median(times) * 1000:.1f} ms ({page.total:,})")
    db.close()
    copy = CACHE / f"rescore-{path.name}"
    shutil.copyfile(path, copy)
    db = open_database(copy)
    began = time.perf_counter()
    with db.transaction() as session:
        moved = case_service.refresh_scores(session, clock.today() + timedelta(days=1))
    rescore = time.perf_counter() - began
    db.close()
    copy.unlink()
    print(f"    list query by filter: {'; '.join(laps)}")
    print(f"    next day's rescore: {moved:,} scores moved in {rescore:.2f} s")


def main() -> None:
    """Print the figures.

    The machine's speed drifts during a run (other tenants, thermal limits), so
    each size times the bare app alongside the desk, start by start, and each
    ratio is the median of those pairs rather than of two far-apart medians.
    """
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--queries", action="store_true", help="also time the case query and the daily rescore"
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    paths = {size: database(size) for size in sizes}
    heads = ["cases", "bare ms", "start ms", "x bare", "store ms", "triage ms"]
    heads += ["bare key", "key ms", "x bare", "bare move", "detail ms", "x bare"]
    widths = (8, 8, 9, 7, 9, 10, 9, 8, 7, 10, 10, 7)
    print(" ".join(f"{h:>{w}}" for h, w in zip(heads, widths, strict=True)))
    for size, path in paths.items():
        start_times(BARE_CHILD)  # once each untimed: bytecode written, files in the OS cache
        start_times(DESK_CHILD, str(path))
        pairs = [(start_times(BARE_CHILD)[0], start_times(DESK_CHILD, str(path))) for _ in range(args.repeat)]
        bare_start = statistics.median(bare for bare, _desk in pairs)
        start = statistics.median(desk[0] for _bare, desk in pairs)
        start_ratio = statistics.median(desk[0] / bare for bare, desk in pairs)
        store = statistics.median(desk[1] for _bare, desk in pairs)
        triage = statistics.median(start_times(TRIAGE_CHILD, str(path))[-1] for _ in range(args.repeat))
        bare_key, bare_move = asyncio.run(bare_interactions(args.repeat))
        key, move = asyncio.run(desk_interactions(path, args.repeat))
        print(
            f"{size:>8,} {bare_start * 1000:>8.0f} {start * 1000:>9.0f} {start_ratio:>7.2f} "
            f"{store * 1000:>9.0f} {triage * 1000:>10.0f} {bare_key * 1000:>9.1f} {key * 1000:>8.1f} "
            f"{key / bare_key:>7.2f} {bare_move * 1000:>10.1f} {move * 1000:>10.1f} {move / bare_move:>7.2f}",
            flush=True,
        )
        if args.queries:
            query_figures(path, args.repeat)


if __name__ == "__main__":
    main()
