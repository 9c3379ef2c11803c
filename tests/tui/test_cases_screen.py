"""The Cases screen, driven by keys: new case, timeline, deadline, bulk status and undo, filters, errors."""

from __future__ import annotations

from datetime import date

from textual import events
from textual.widgets import Input, Static

from repdesk.domain.enums import CaseStatus, Priority
from repdesk.domain.filters import CaseFilter
from repdesk.store import cases
from repdesk.store.engine import Database
from repdesk.tui.app import RepDesk
from repdesk.tui.cases.deadline_form import DeadlineForm
from repdesk.tui.cases.screen import CasesScreen
from repdesk.tui.dialogs.confirm import ChoiceScreen, ConfirmScreen
from repdesk.tui.dialogs.form import FormScreen
from repdesk.tui.dialogs.picker import PickerScreen
from repdesk.tui.widgets.paged_table import PagedTable
from tests.helpers import TODAY
from tests.helpers.pilot import settle as _settle
from tests.helpers.pilot import shown
from tests.helpers.pilot import type_text as _type
from tests.tui.area_steps import hint, on_top, opened, selected_case

SIZE = (120, 36)


def _table(app: RepDesk) -> PagedTable[cases.CaseRow]:
    screen = app.screen
    assert isinstance(screen, CasesScreen)
    return screen.table


def _detail(app: RepDesk) -> str:
    return shown(app.screen.query_one("#detail", Static))


async def test_cases_list_is_ordered_by_urgency_and_shows_the_detail(app: RepDesk, db: Database) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await _settle(app, pilot)
        table = _table(app)
        with db.session() as session:
            expected = cases.list_cases(session, CaseFilter(), limit=5).rows
        assert [r.ref for r in table.rows_loaded[:5]] == [r.ref for r in expected]
        assert expected[0].ref in _detail(app)
        await pilot.press("w")
        assert "Priority" in _detail(app) and "Status" in _detail(app)


async def test_opening_cases_on_a_new_day_stores_that_days_scores(app: RepDesk, db: Database) -> None:
    # The demo scored its cases for 22 Nov; the rep opens the desk a day later.
    with db.transaction() as session:
        session.connection().exec_driver_sql("UPDATE urgency_day SET scored_on = '2026-11-21'")
    with db.session() as session:
        assert not cases.scores_current(session)
        expected = [r.ref for r in cases.list_cases(session, CaseFilter(), limit=5).rows]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await _settle(app, pilot)
        assert [r.ref for r in _table(app).rows_loaded[:5]] == expected
    with db.session() as session:
        assert cases.scores_current(session)
        assert [r.ref for r in cases.list_cases(session, CaseFilter(), limit=5).rows] == expected


async def test_new_case_then_timeline_entry_then_deadline(app: RepDesk, db: Database) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await _settle(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press("enter")  # the member field opens the picker
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        with db.session() as session:
            from repdesk.store import members

            target = members.list_members(session, limit=1).rows[0]
        await _type(pilot, target.name.split()[0])
        await pilot.press("down", "space", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press("tab")
        await _type(pilot, "Refused reasonable adjustment")
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert isinstance(app.screen, CasesScreen)
        with db.session() as session:
            found = cases.list_cases(session, CaseFilter(text="Refused reasonable adjustment")).rows
        assert len(found) == 1
        case_id = found[0].id
        assert _table(app).current_id == case_id

        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press("tab", "tab")
        await _type(pilot, "Phoned the member")
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("tab")  # from "Work it out" (a typed date) to the date
        await _type(pilot, "+5d")
        await pilot.pause()
        hint = app.screen.query_one("#hint-dl-due_on", Static)
        assert "Fri 27 Nov 2026" in shown(hint)
        await pilot.press("tab")
        await _type(pilot, "Reply to HR")
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        with db.session() as session:
            detail = cases.case_detail(session, case_id)
        assert [e.summary for e in detail.timeline] == ["Phoned the member"]
        assert [(d.what, d.due_on.isoformat()) for d in detail.deadlines] == [("Reply to HR", "2026-11-27")]
        assert "Reply to HR" in _detail(app) and "Phoned the member" in _detail(app)


async def test_three_marked_cases_change_status_together_and_undo_as_one(app: RepDesk, db: Database) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await _settle(app, pilot)
        table = _table(app)
        chosen = [r.id for r in table.rows_loaded[:3]]

        def state() -> dict[int, tuple[CaseStatus, date, float | None]]:
            # What an undo must restore exactly: the status, the activity date and so the score.
            with db.session() as session:
                found = (cases.get_case(session, i) for i in chosen)
                return {c.id or 0: (c.status, c.last_activity_on, c.urgency) for c in found}

        before = state()
        assert any(activity < TODAY for _, activity, _ in before.values())
        await pilot.press("space", "space", "space")
        assert table.marked == set(chosen)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("w", "enter")  # "Waiting on employer"
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await _settle(app, pilot)
        with db.session() as session:
            assert {cases.get_case(session, i).status for i in chosen} == {CaseStatus.WAITING_EMPLOYER}
        assert not table.marked
        assert state() != before
        await pilot.press("u")
        await _settle(app, pilot)
        assert state() == before


async def test_single_priority_change_needs_no_confirmation(app: RepDesk, db: Database) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await _settle(app, pilot)
        case_id = _table(app).current_id
        assert case_id is not None
        await pilot.press("p", "l", "enter")
        await _settle(app, pilot)
        with db.session() as session:
            assert cases.get_case(session, case_id).priority is Priority.LOW


async def test_letters_typed_straight_after_slash_go_to_the_filter(app: RepDesk) -> None:
    """A fast typist's "/pay" arrives as four queued keys; none may reach the list's own bindings."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await _settle(app, pilot)
        driver = app._driver
        assert driver is not None
        for key, character in (("slash", "/"), ("p", "p"), ("a", "a"), ("y", "y")):
            event = events.Key(key, character)
            event.set_sender(app)
            driver.send_message(event)  # as the terminal delivers them: queued together, not one by one
        await _settle(app, pilot)
        assert isinstance(app.screen, CasesScreen)  # "p" and "a" opened no dialog
        assert app.screen.query_one("#filter-input", Input).value == "pay"
        await pilot.press("slash")  # in the filter itself, / is just a slash
        assert app.screen.query_one("#filter-input", Input).value == "pay/"


async def test_a_two_letter_word_counts_once_finished(app: RepDesk, db: Database) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await _settle(app, pilot)
        everything = _table(app).total
        with db.session() as session:
            hr = cases.list_cases(session, CaseFilter(text="hr")).total
        assert 0 < hr < everything
        await pilot.press("slash")
        await _type(pilot, "hr")  # perhaps the start of "hrs" or "hybrid"
        await _settle(app, pilot)
        assert _table(app).total == everything
        await pilot.press("enter")  # enter says the word is finished
        await _settle(app, pilot)
        assert _table(app).total == hr


async def test_filter_by_term_and_by_text(app: RepDesk, db: Database) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await _settle(app, pilot)
        await pilot.press("slash")
        await _type(pilot, "priority:urgent")
        await _settle(app, pilot)
        table = _table(app)
        with db.session() as session:
            urgent = cases.list_cases(session, CaseFilter(priorities=frozenset({Priority.URGENT}))).total
        assert table.total == urgent > 0
        assert {r.priority for r in table.rows_loaded} == {Priority.URGENT}
        filter_input = app.screen.query_one("#filter-input", Input)
        filter_input.value = ""
        await _type(pilot, "docked")
        await _settle(app, pilot)
        with db.session() as session:
            docked = cases.list_cases(session, CaseFilter(text="docked")).total
        assert table.total == docked > 0
        filter_input.value = ""
        await _type(pilot, "status:nonsense")
        await _settle(app, pilot)
        problems = shown(app.screen.query_one(".filter-problems", Static))
        assert "status:nonsense is not one of" in problems


async def test_a_form_with_bad_input_keeps_it_and_shows_the_errors(app: RepDesk, db: Database) -> None:
    async with app.run_test(size=SIZE) as pilot:
        case_id = await selected_case(pilot)
        await opened(pilot, "d", DeadlineForm)
        await pilot.press("tab")
        await _type(pilot, "31/2/25")
        await pilot.press("ctrl+s")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, DeadlineForm)
        assert "What is required." in shown(form.query_one("#hint-dl-what", Static))
        assert "February 2025 has only 28 days" in shown(form.query_one("#hint-dl-due_on", Static))
        assert form.query_one("#dl-due_on", Input).value == "31/2/25"
        await pilot.press("escape")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is not confirm and isinstance(app.screen, DeadlineForm)
    with db.session() as session:
        assert all(d.what != "" for d in cases.deadlines(session, case_id))


async def test_editing_one_field_saves_only_that_field(app: RepDesk, db: Database) -> None:
    """Untouched fields (dates shown as text among them) are not written back as changes."""
    from repdesk.store import audit

    async with app.run_test(size=SIZE) as pilot:
        case_id = await selected_case(pilot)
        await opened(pilot, "e", FormScreen)
        await pilot.press("end")  # the title field has focus: type at its end
        await _type(pilot, " (revised)")
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
    with db.session() as session:
        last = audit.history(session, "member_case", case_id)[-1]
    assert set(last.changes) <= {"title", "last_activity_on"}
    assert last.changes["title"][1].endswith(" (revised)")


async def test_a_case_deleted_in_another_window_is_reported_not_crashed(app: RepDesk, db: Database) -> None:
    async with app.run_test(size=SIZE) as pilot:
        case_id = await selected_case(pilot)
        screen = on_top(pilot, CasesScreen)
        with db.transaction() as session:  # another repdesk on the same file
            cases.delete_case(session, case_id, version=cases.get_case(session, case_id).version)
        screen.show_detail()
        await pilot.pause()
        assert "no longer exists" in _detail(app)


async def test_a_new_case_with_a_bad_date_says_so_by_the_field_and_saves_nothing(
    app: RepDesk, db: Database
) -> None:
    with db.session() as session:
        before = cases.list_cases(session, CaseFilter(include_closed=True)).total
    async with app.run_test(size=SIZE) as pilot:
        await selected_case(pilot)
        form = await opened(pilot, "n", FormScreen)
        await pilot.press("tab")  # past the member, left unpicked
        await _type(pilot, "Docked for a strike day")
        form.query_one("#f-opened_on", Input).value = "31/2/25"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert on_top(pilot, FormScreen) is form
        assert "February 2025 has only 28 days" in hint(pilot, "opened_on")
        assert "Member is required." in hint(pilot, "member_id")
        assert form.query_one("#f-title", Input).value == "Docked for a strike day"
    with db.session() as session:
        assert cases.list_cases(session, CaseFilter(include_closed=True)).total == before
