"""The desk does what the rep sees (issue 11, items 5 to 8), driven by keys on the demo data.

Focus comes back to where the rep was after a dialog; a bulk change names what it
touches and leaves alone what the filter hides; undo and the score tell the
truth; Triage's enter keeps the rep's filter, and Triage lists the cases gone quiet.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from repdesk.domain.enums import Priority, ThreatStatus
from repdesk.domain.filters import CaseFilter
from repdesk.store import cases, threats, triage
from repdesk.store.engine import Database
from repdesk.tui.app import RepDesk
from repdesk.tui.cases.screen import CasesScreen
from repdesk.tui.dialogs.confirm import ChoiceScreen, ConfirmScreen
from repdesk.tui.dialogs.form import FormScreen
from repdesk.tui.triage.screen import TriageScreen
from repdesk.tui.widgets.filter_bar import FilterBar
from repdesk.tui.widgets.list_screen import ListScreen
from repdesk.tui.widgets.paged_table import PagedTable
from tests.helpers import TODAY
from tests.helpers.pilot import SIZE, screen_of, settle, shown, type_text


async def _open(app: RepDesk, pilot: Pilot[Any], key: str) -> ListScreen[Any, Any]:
    await settle(app, pilot)
    await pilot.press(key)
    await settle(app, pilot)
    return screen_of(app, ListScreen)


def _filter(screen: ListScreen[Any, Any]) -> str:
    return screen.query_one(FilterBar).value


async def _press(app: RepDesk, pilot: Pilot[Any], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(app, pilot)


# --- item 5: focus returns to where the rep was ------------------------------------------------


@pytest.mark.parametrize(
    ("area", "dialog"),
    [
        ("2", "e"),  # Cases: the edit form
        ("2", "s"),  # Cases: the status choice
        ("2", "question_mark"),  # help, over any area
        ("3", "e"),  # Members: the edit form
        ("4", "n"),  # Threats: the new-entry form
    ],
)
async def test_a_letter_after_a_dialog_is_a_command_not_filter_text(
    app: RepDesk, area: str, dialog: str
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot, area)
        # The rep reads the detail (tab), then shows the list alone (v): the detail, which
        # had the focus, is hidden. Then a dialog, closed unused.
        await _press(app, pilot, "tab", "v", dialog)
        assert screen_of(app, type(app.screen)) is not screen
        await _press(app, pilot, "escape")
        assert app.screen is screen
        await _press(app, pilot, "z")  # a letter no list binds
        assert _filter(screen) == ""
        assert isinstance(app.focused, PagedTable)


async def test_the_detail_alone_keeps_the_focus_after_a_dialog(app: RepDesk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot, "2")
        await _press(app, pilot, "v", "v", "e", "escape", "z")
        assert screen.query_one(".split").has_class("view-detail")
        assert app.focused is screen.query_one("#detail-scroll")
        assert _filter(screen) == ""


# --- item 6: bulk actions act on what is visible and named ----------------------------------


def _cases(app: RepDesk) -> CasesScreen:
    return screen_of(app, CasesScreen)


async def _to_row(app: RepDesk, pilot: Pilot[Any], index: int) -> None:
    table = _cases(app).table
    steps = index - table.cursor_row
    for _ in range(abs(steps)):
        await pilot.press("down" if steps > 0 else "up")
    await settle(app, pilot)
    assert table.cursor_row == index


def _confirm_text(app: RepDesk) -> str:
    dialog = screen_of(app, ConfirmScreen)
    return f"{dialog.question} {dialog.detail}"


async def test_a_change_to_one_marked_case_names_it_and_asks(app: RepDesk, db: Database) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot, "2")
        table = _cases(app).table
        row = table.rows_loaded[0]
        before = row.priority
        await _press(app, pilot, "space", "p")  # mark the first case (the cursor moves on), then p
        assert isinstance(app.screen, ChoiceScreen)
        await _press(app, pilot, "l", "enter")  # Low
        asked = _confirm_text(app)
        assert "1 marked case to Low" in asked and row.ref in asked
        await _press(app, pilot, "n")
        with db.session() as s:
            assert cases.get_case(s, row.id).priority == before
        await _press(app, pilot, "p", "l", "enter", "y")
        with db.session() as s:
            assert cases.get_case(s, row.id).priority is Priority.LOW


async def test_marks_hidden_by_the_filter_are_counted_and_left_alone(app: RepDesk, db: Database) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot, "2")
        table = _cases(app).table
        rows = table.rows_loaded
        urgent = next(i for i, r in enumerate(rows) if r.priority is Priority.URGENT)
        other = next(i for i, r in enumerate(rows) if r.priority is Priority.NORMAL)
        for index in (urgent, other):
            await _to_row(app, pilot, index)
            await _press(app, pilot, "space")
        await _press(app, pilot, "slash")
        await type_text(pilot, "priority:urgent")
        await _press(app, pilot, "enter")
        count = shown(screen.query_one("#count", Static))
        assert "2 marked, 1 hidden by the filter" in count
        await _press(app, pilot, "p", "h", "enter")  # High
        asked = _confirm_text(app)
        assert "1 marked case to High" in asked and rows[urgent].ref in asked
        assert rows[other].ref not in asked.split("Not changed")[0]
        assert "Not changed: 1 marked case hidden by the filter" in asked
        await _press(app, pilot, "y")
        with db.session() as s:
            assert cases.get_case(s, rows[urgent].id).priority is Priority.HIGH
            assert cases.get_case(s, rows[other].id).priority is Priority.NORMAL
        assert table.marked == {rows[other].id}  # still marked, for when it is shown again
        # Every mark now hidden: the change is for the selected case, named and asked all the same.
        current = table.current_row
        assert current is not None
        await _press(app, pilot, "p", "l", "enter")
        asked = _confirm_text(app)
        assert current.ref in asked and "Not changed: 1 marked case hidden by the filter" in asked
        await _press(app, pilot, "y")
        with db.session() as s:
            assert cases.get_case(s, current.id).priority is Priority.LOW
            assert cases.get_case(s, rows[other].id).priority is Priority.NORMAL


# --- item 7: undo is exact, filing is not activity, one score -------------------------------


def _score_and_activity(db: Database, case_id: int) -> tuple[float, object, int]:
    with db.session() as s:
        case = cases.get_case(s, case_id)
        listed = {r.id: r.score for r in cases.list_cases(s, CaseFilter(include_closed=True), limit=500).rows}
        return listed[case_id], case.last_activity_on, case.version


async def _on_a_quiet_case(app: RepDesk, pilot: Pilot[Any]) -> int:
    """Open Cases and select the first case with no activity for a week (today's would move its score)."""
    await _open(app, pilot, "2")
    rows = _cases(app).table.rows_loaded
    index = next(
        i
        for i, r in enumerate(rows)
        if r.last_activity_on is not None and r.last_activity_on < TODAY - timedelta(days=7)
    )
    await _to_row(app, pilot, index)
    return rows[index].id


async def test_undoing_a_timeline_entry_puts_the_score_back(app: RepDesk, db: Database) -> None:
    async with app.run_test(size=SIZE) as pilot:
        case_id = await _on_a_quiet_case(app, pilot)
        before = _score_and_activity(db, case_id)
        await _press(app, pilot, "a")
        screen_of(app, FormScreen).query_one("#f-summary").focus()
        await pilot.pause()
        await type_text(pilot, "Rang the member")
        await _press(app, pilot, "ctrl+s")
        assert _score_and_activity(db, case_id)[1] == TODAY
        await _press(app, pilot, "u")
        score, activity, _version = _score_and_activity(db, case_id)
        assert (score, activity) == before[:2]


async def test_saving_an_unchanged_case_writes_nothing(app: RepDesk, db: Database) -> None:
    async with app.run_test(size=SIZE) as pilot:
        case_id = await _on_a_quiet_case(app, pilot)
        before = _score_and_activity(db, case_id)
        await _press(app, pilot, "e", "ctrl+s")
        assert app.screen is _cases(app)
        assert _score_and_activity(db, case_id) == before


async def test_a_new_status_is_not_activity(app: RepDesk, db: Database) -> None:
    async with app.run_test(size=SIZE) as pilot:
        case_id = await _on_a_quiet_case(app, pilot)
        _score, activity, _version = _score_and_activity(db, case_id)
        await _press(app, pilot, "s", "e", "enter")  # Escalated
        assert _score_and_activity(db, case_id)[1] == activity


async def test_the_list_and_the_detail_show_one_score(app: RepDesk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot, "2")
        table = _cases(app).table
        differ = []
        for index, row in enumerate(table.rows_loaded[:30]):
            await _to_row(app, pilot, index)
            detail = shown(screen.query_one("#detail", Static), 110)
            found = re.search(r"Urgency +(-?\d+\.\d)", detail)
            assert found is not None, row.ref
            if found.group(1) != f"{row.score:.1f}":
                differ.append(f"{row.ref}: list {row.score:.1f}, detail {found.group(1)}")
        assert differ == []


# --- item 8: Triage tells the truth ------------------------------------------------------------


async def test_enter_from_triage_keeps_the_reps_cases_filter(app: RepDesk, db: Database) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot, "2")
        await _press(app, pilot, "slash")
        await type_text(pilot, "tag:no-such-tag")
        await _press(app, pilot, "enter", "1")
        triage_screen = screen_of(app, TriageScreen)
        first = triage_screen.section("overdue").rows[0].target.ident
        await _press(app, pilot, "enter")  # the first overdue item, which the filter hides
        assert app.screen is screen and screen.table.current_id == first
        assert _filter(screen) != "tag:no-such-tag"
        await _press(app, pilot, "1", "2")
        assert _filter(screen) == "tag:no-such-tag"
        assert screen.table.total == 0


async def test_enter_from_triage_keeps_the_reps_threat_log_filter(app: RepDesk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot, "4")
        await _press(app, pilot, "slash")
        await type_text(pilot, "made:nobody")
        await _press(app, pilot, "enter", "1")
        section = screen_of(app, TriageScreen).section("threats")
        first = section.rows[0].target.ident
        section.table.focus()
        await _press(app, pilot, "enter")
        assert app.screen is screen and screen.table.current_id == first
        await _press(app, pilot, "1", "4")
        assert _filter(screen) == "made:nobody"
        assert screen.table.total == 0


async def test_triage_lists_the_cases_gone_quiet_and_opens_them(app: RepDesk, db: Database) -> None:
    with db.session() as s:
        quiet = triage.triage(s).quiet
    assert quiet.total
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = screen_of(app, TriageScreen)
        section = screen.section("quiet")
        assert f"Gone quiet: nothing for 30 days ({quiet.total})" in shown(
            section.query_one(".triage-title", Static), 200
        )
        assert [row.cells[0] for row in section.rows] == [item.case_ref for item in quiet.rows]
        section.table.focus()
        await _press(app, pilot, "enter")
        cases_screen = screen_of(app, CasesScreen)
        assert cases_screen.table.current_id == quiet.rows[0].case_id


async def test_triage_does_not_list_a_threat_whose_correction_was_acted_on(
    app: RepDesk, db: Database
) -> None:
    with db.session() as s:
        log = threats.list_threats(s, limit=500).rows
    refs = {row.id: row.ref for row in log}
    # The demo's T-2026-0003 is still "logged", but its correction was raised with the employer.
    settled = {
        refs[r.amends_id] for r in log if r.amends_id is not None and r.status is not ThreatStatus.LOGGED
    }
    assert settled
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        listed = {row.cells[0] for row in screen_of(app, TriageScreen).section("threats").rows}
    assert listed and not (settled & listed)
