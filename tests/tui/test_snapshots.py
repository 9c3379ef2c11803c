"""Snapshot tests: the look of every screen, on fixed demo data and a frozen date.

Regenerate after an intended change with ``pytest tests/tui/test_snapshots.py --snapshot-update``,
then look at the SVGs (the report pytest prints, or screenshots/).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from repdesk.paths import locate
from repdesk.store.engine import open_database
from repdesk.tui import make_app
from tests.store.store_factories import add_old_default_deadline
from tests.tui.tui_helpers import settle

SnapCompare = Callable[..., bool]


@pytest.fixture
def snap_app(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The app on demo data, with HOME set so the header shows ``~/desk.sqlite`` on every machine."""
    monkeypatch.setenv("HOME", str(db_path.parent))
    db = open_database(db_path)
    yield make_app(db, locate("Alex Morgan", db_path))
    db.close()


def steady(*keys: str) -> Callable[[Pilot[Any]], Any]:
    """Press ``keys``, let loads finish, and stop cursors blinking so the picture is stable."""

    async def run(pilot: Pilot[Any]) -> None:
        for key in keys:
            await pilot.press(key)
            await settle(pilot.app, pilot)
        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False
        await settle(pilot.app, pilot)
        # Under load a section shown by the last load can take another frame or two to be
        # laid out: wait until two pictures in a row agree (at most a few frames).
        before = pilot.app.export_screenshot()
        for _ in range(10):
            await pilot.pause(0.05)
            after = pilot.app.export_screenshot()
            if after == before:
                break
            before = after

    return run


@pytest.fixture
def flagged_app(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The app on demo data whose most urgent case has a deadline saved under the old 6-month default."""
    from repdesk.domain.filters import CaseFilter
    from repdesk.store import cases

    monkeypatch.setenv("HOME", str(db_path.parent))
    db = open_database(db_path)
    with db.session() as session:
        case_id = cases.list_cases(session, CaseFilter(), limit=1).rows[0].id
    add_old_default_deadline(db, case_id)
    yield make_app(db, locate("Alex Morgan", db_path))
    db.close()


class TestAreas:
    """Each area at 120x36."""

    def test_triage(self, snap_compare: SnapCompare, snap_app: Any) -> None:
        assert snap_compare(snap_app, terminal_size=(120, 36), run_before=steady())

    def test_cases(self, snap_compare: SnapCompare, snap_app: Any) -> None:
        assert snap_compare(snap_app, terminal_size=(120, 36), run_before=steady("2"))

    def test_cases_urgency_explained(self, snap_compare: SnapCompare, snap_app: Any) -> None:
        assert snap_compare(snap_app, terminal_size=(120, 36), run_before=steady("2", "w"))

    def test_members(self, snap_compare: SnapCompare, snap_app: Any) -> None:
        assert snap_compare(snap_app, terminal_size=(120, 36), run_before=steady("3"))

    def test_threats(self, snap_compare: SnapCompare, snap_app: Any) -> None:
        assert snap_compare(snap_app, terminal_size=(120, 36), run_before=steady("4"))

    def test_talks(self, snap_compare: SnapCompare, snap_app: Any) -> None:
        assert snap_compare(snap_app, terminal_size=(120, 36), run_before=steady("5"))


class TestSmallTerminal:
    """The Cases screen must read at 80x24 too."""

    def test_cases_80x24(self, snap_compare: SnapCompare, snap_app: Any) -> None:
        assert snap_compare(snap_app, terminal_size=(80, 24), run_before=steady("2"))


class TestDialogs:
    """Forms, help and pickers."""

    def test_help(self, snap_compare: SnapCompare, snap_app: Any) -> None:
        assert snap_compare(snap_app, terminal_size=(120, 36), run_before=steady("question_mark"))

    def test_new_case_form(self, snap_compare: SnapCompare, snap_app: Any) -> None:
        assert snap_compare(snap_app, terminal_size=(120, 36), run_before=steady("2", "n"))

    def test_form_errors(self, snap_compare: SnapCompare, snap_app: Any) -> None:
        assert snap_compare(snap_app, terminal_size=(120, 36), run_before=steady("2", "d", "ctrl+s"))

    def test_status_choice(self, snap_compare: SnapCompare, snap_app: Any) -> None:
        assert snap_compare(snap_app, terminal_size=(120, 36), run_before=steady("2", "s"))


class TestDeadlines:
    """Working a deadline out, and a computed one in the case detail."""

    def test_deadline_form_working_out_a_tribunal_limit(
        self, snap_compare: SnapCompare, snap_app: Any
    ) -> None:
        keys = ("2", "d", "enter", "down", "enter", "tab", "tab", *"20/6/25")
        assert snap_compare(snap_app, terminal_size=(120, 36), run_before=steady(*keys))

    def test_deadline_form_80x24(self, snap_compare: SnapCompare, snap_app: Any) -> None:
        keys = ("2", "d", "enter", "down", "enter", "tab", "tab", *"20/6/25")
        assert snap_compare(snap_app, terminal_size=(80, 24), run_before=steady(*keys))

    def test_case_detail_with_a_flagged_computed_deadline(
        self, snap_compare: SnapCompare, flagged_app: Any
    ) -> None:
        assert snap_compare(flagged_app, terminal_size=(160, 50), run_before=steady("2"))

    def test_triage_with_a_deadline_to_recheck(self, snap_compare: SnapCompare, flagged_app: Any) -> None:
        assert snap_compare(flagged_app, terminal_size=(120, 36), run_before=steady())
