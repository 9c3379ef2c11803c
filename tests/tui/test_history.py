"""``h`` on Cases, Members, Threat log and ACAS talks: a record's history, newest first, then the list."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import pytest
from sqlmodel import col, select
from textual.pilot import Pilot
from textual.widgets import Static

from repdesk.domain import clock
from repdesk.domain.enums import CaseStatus, ThreatStatus
from repdesk.store import cases, members, threats
from repdesk.store.engine import Database, Session
from repdesk.store.models import ThreatEntry
from repdesk.tui.app import RepDesk
from repdesk.tui.cases.screen import CasesScreen
from repdesk.tui.dialogs.history import EMPTY, HistoryScreen
from repdesk.tui.members.screen import MembersScreen
from repdesk.tui.talks.screen import TalksScreen
from repdesk.tui.threats.screen import ThreatsScreen
from repdesk.tui.widgets.list_screen import ListScreen
from tests.helpers.factories import make_action_point
from tests.helpers.pilot import settle, shown
from tests.tui.area_steps import on_top, open_area

L = TypeVar("L", bound=ListScreen[Any, Any])

MOMENT = datetime(2026, 11, 14, 10, 32, tzinfo=UTC)
"""When the test's own change is recorded: shown as "14 Nov 2026 10:32" (GMT in November)."""


@pytest.fixture(autouse=True)
def recorded_at(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: MOMENT)


def change(db: Database, work: Callable[[Session], object]) -> None:
    with db.transaction() as session:
        work(session)


def dialog_text(dialog: HistoryScreen, width: int) -> str:
    """What the dialog shows, laid out at ``width`` as its lines pane is."""
    return shown(dialog.query_one("#history-text", Static), width=width)


async def selected(pilot: Pilot[Any], key: str, kind: type[L]) -> tuple[L, int]:
    """Open the area on ``key`` and give its screen and the id of the row selected there."""
    screen = await open_area(pilot, key, kind)
    ident = screen.table.current_id
    assert ident is not None
    return screen, ident


async def press_h(pilot: Pilot[Any]) -> None:
    """Press ``h`` and wait for the history's read (on a worker) to land."""
    await pilot.press("h")
    await pilot.pause()
    reading = [w for w in pilot.app.workers if w.group == "history"]
    if reading:
        await pilot.app.workers.wait_for_complete(reading)
    await pilot.pause()


async def open_history(pilot: Pilot[Any]) -> HistoryScreen:
    await press_h(pilot)
    return on_top(pilot, HistoryScreen)


async def close_history(pilot: Pilot[Any], screen: ListScreen[Any, Any]) -> None:
    await pilot.press("escape")
    await pilot.pause()
    assert pilot.app.screen is screen
    assert pilot.app.focused is screen.table


async def test_h_on_a_case_shows_its_status_change_newest_first(db: Database, app: RepDesk) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen, case_id = await selected(pilot, "2", CasesScreen)
        with db.session() as session:
            case = cases.get_case(session, case_id)
            ref, version, was = case.ref, case.version, case.status
        target = CaseStatus.WAITING_EMPLOYER if was is not CaseStatus.WAITING_EMPLOYER else CaseStatus.OPEN
        change(db, lambda s: cases.set_status(s, case_id, target, version=version))

        dialog = await open_history(pilot)
        assert str(dialog.query_one(".dialog-title", Static).content).startswith(f"History · {ref} ")
        first = dialog.history.lines[0]
        assert str(first) == f"14 Nov 2026 10:32 · status: {was.label} → {target.label}"
        assert dialog.history.lines[-1].text.startswith("Created")
        text = " ".join(dialog_text(dialog, 100).split())
        assert f"14 Nov 2026 10:32 status: {was.label} → {target.label}" in text
        assert pilot.app.focused is dialog.query_one("#history-lines")
        await close_history(pilot, screen)


async def test_h_on_a_member_at_80x24_wraps_long_lines_and_says_when_there_is_none(
    db: Database, app: RepDesk
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen, member_id = await selected(pilot, "3", MembersScreen)
        with db.session() as session:
            member = members.get_member(session, member_id)
            name, version = member.name, member.version
        job = "Senior 999 call handler and trainer on the night-shift rota at the central site"
        change(db, lambda s: members.update_member(s, member_id, {"version": version, "job_title": job}))

        dialog = await open_history(pilot)
        assert dialog.history.title == name
        newest = dialog.history.lines[0]
        assert newest.when == "14 Nov 2026 10:32"
        assert newest.text.startswith("job title: ") and newest.text.endswith(
            " → “Senior 999 call handler and trainer on the…”"
        )
        # Long lines wrap inside the dialog, never cut: every word is there at 80 columns.
        lines_pane = dialog.query_one("#history-lines")
        assert lines_pane.region.right <= 80 and len(newest.text) > lines_pane.content_region.width - 18
        text = " ".join(dialog_text(dialog, lines_pane.content_region.width).split())
        assert f"14 Nov 2026 10:32 {newest.text}" in text
        await close_history(pilot, screen)

        # A record the log knows nothing of (made before the log was kept) says so plainly.
        with sqlite3.connect(db.path) as raw:
            raw.execute("DELETE FROM audit_log WHERE entity = 'member' AND entity_id = ?", (member_id,))
        raw.close()
        dialog = await open_history(pilot)
        assert dialog.history.lines == []
        assert EMPTY in dialog_text(dialog, 70)
        await close_history(pilot, screen)


async def test_h_on_a_threat_entry_shows_its_corrections_both_ways(db: Database, app: RepDesk) -> None:
    with db.session() as session:
        later = session.exec(select(ThreatEntry).where(col(ThreatEntry.amends_id).is_not(None))).first()
        assert later is not None and later.amends_id is not None and later.id is not None
        first = threats.get_threat(session, later.amends_id)
        first_id, first_ref, later_id, later_ref = later.amends_id, first.ref, later.id, later.ref
        version, status = first.version, first.status
    target = ThreatStatus.REFERRED if status is not ThreatStatus.REFERRED else ThreatStatus.RAISED
    change(db, lambda s: threats.set_status(s, first_id, target, version=version))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_area(pilot, "4", ThreatsScreen)
        screen.focus_item("threat", first_id)
        await settle(app, pilot)
        assert screen.table.current_id == first_id

        dialog = await open_history(pilot)
        lines = [str(line) for line in dialog.history.lines]
        assert lines[0] == f"14 Nov 2026 10:32 · follow-up status: {status.label} → {target.label}"
        assert any(line.text.startswith(f"Corrected by {later_ref}") for line in dialog.history.lines)
        await close_history(pilot, screen)

        screen.focus_item("threat", later_id)
        await settle(app, pilot)
        dialog = await open_history(pilot)
        assert any(line.text.startswith(f"Corrects {first_ref}") for line in dialog.history.lines)
        await close_history(pilot, screen)


async def test_h_on_a_talks_session_shows_its_action_points(db: Database, app: RepDesk) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen, session_id = await selected(pilot, "5", TalksScreen)
        change(db, lambda s: make_action_point(s, session_id, text="Bring the new rota [draft]"))

        dialog = await open_history(pilot)
        assert dialog.history.title.startswith("ACAS talks ")
        assert (
            str(dialog.history.lines[0])
            == "14 Nov 2026 10:32 · action point “Bring the new rota [draft]”: added"
        )
        assert "action point “Bring the new rota [draft]”: added" in dialog_text(dialog, 100)
        await pilot.press("end", "pageup", "home", "down")  # the keys scroll; none closes it
        assert pilot.app.screen is dialog
        await close_history(pilot, screen)


async def test_h_on_a_case_deleted_in_another_window_is_a_notice(db: Database, app: RepDesk) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen, case_id = await selected(pilot, "2", CasesScreen)
        with db.session() as session:
            version = cases.get_case(session, case_id).version
        change(db, lambda s: cases.delete_case(s, case_id, version=version))
        await press_h(pilot)
        assert pilot.app.screen is screen and pilot.app.focused is screen.table
        said = [n.message for n in pilot.app._notifications]
        assert any("case no longer exists" in message for message in said), said
