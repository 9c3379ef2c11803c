"""Deadlines in the desk, driven by keys: work one out, mark it done, recompute a flagged one, the profile.

The expected dates are published answers, hard-coded, never worked out
again here by the rules engine under test.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import col, select
from textual.pilot import Pilot
from textual.widgets import Input, Static

from repdesk.domain.enums import AuditAction, DeadlineKind
from repdesk.domain.filters import CaseFilter
from repdesk.store import cases, triage
from repdesk.store.engine import Database
from repdesk.store.models import AuditEntry, Deadline
from repdesk.tui.app import RepDesk
from repdesk.tui.cases.deadline_form import DeadlineForm
from repdesk.tui.cases.screen import CasesScreen
from repdesk.tui.dialogs.confirm import ChoiceScreen
from repdesk.tui.dialogs.form import FormScreen
from repdesk.tui.triage.screen import TriageScreen
from tests.helpers.factories import add_old_default_deadline
from tests.helpers.pilot import settle, shown, type_text
from tests.tui.area_steps import opened, selected_case

SIZE = (120, 40)
OLD_DEFAULT_FLAG = "The rules now give 1 Feb 2027: check and recompute."
"""3 months less a day from 2 Nov 2026 (ERA 1996 s.111(2)): 1 Feb 2027, not the old 6-month 1 May 2027."""


def _cases(app: RepDesk) -> CasesScreen:
    screen = app.screen
    assert isinstance(screen, CasesScreen)
    return screen


def _detail(app: RepDesk) -> str:
    return shown(app.screen.query_one("#detail", Static), width=160)


def _preview(form: DeadlineForm) -> str:
    return shown(form.query_one("#dl-preview", Static), width=200) + shown(
        form.query_one("#dl-problem", Static), width=200
    )


def _first_case(db: Database) -> int:
    with db.session() as session:
        return cases.list_cases(session, CaseFilter(), limit=1).rows[0].id


def _tribunal_limit(db: Database, case_id: int, act: str) -> Deadline:
    """A tribunal time limit worked out from an act on ``act`` (ISO), saved on the case."""
    from repdesk.domain import rules
    from repdesk.store import deadlines

    with db.transaction() as session:
        computation = deadlines.preview(session, rules.RuleKind.TRIBUNAL, {"act": act})
        return deadlines.add_computed(session, case_id, computation)


async def _edit_deadline(app: RepDesk, pilot: Pilot[Any], shown: str) -> None:
    """On Cases, press D and pick the deadline whose choice shows ``shown`` (when there is a choice)."""
    await pilot.press("2")
    await settle(app, pilot)
    await pilot.press("D")
    await pilot.pause()
    if isinstance(app.screen, ChoiceScreen):
        labels = [str(label) for label, _value in app.screen.choices]
        index = next(i for i, label in enumerate(labels) if shown in label)
        await pilot.press(*["down"] * index, "enter")
        await pilot.pause()


async def test_working_out_a_tribunal_limit_previews_as_typed_and_saves_the_rule(
    app: RepDesk, db: Database
) -> None:
    case_id = _first_case(db)
    async with app.run_test(size=SIZE) as pilot:
        assert await selected_case(pilot) == case_id
        form = await opened(pilot, "d", DeadlineForm)
        assert "no working to show" in _preview(form)
        # "Work it out": open the list, one down from "Typed date", choose the tribunal limit.
        await pilot.press("enter", "down", "enter")
        await pilot.pause()
        assert "Act complained of: enter a date" in _preview(form)
        await pilot.press("tab", "tab")  # past the claim type (most claims) to the act
        seen = []
        for key in "20/6/25":
            await pilot.press(key)
            await pilot.pause()
            seen.append(_preview(form))
        assert "Result:" not in seen[0]  # "2" is not a date yet
        # ACAS's and the TUC's worked example: an act on 20 June gives a limit of 19 September.
        assert "Result: Fri 19 Sep 2025" in seen[-1]
        assert "3 months less one day → 19 Sep 2025" in seen[-1]
        assert "Other date: Fri 19 Dec 2025" in seen[-1]  # the unconfirmed 6-month date, beside
        assert "Check with your full-time officer or legal" in seen[-1]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, CasesScreen)
        detail = _detail(app)
    with db.session() as session:
        saved = [d for d in cases.deadlines(session, case_id) if d.rule_id]
    assert len(saved) == 1
    deadline = saved[0]
    assert deadline.rule_id == "tribunal-limit"
    assert deadline.rule_inputs is not None and deadline.rule_inputs["act"] == "2025-06-20"
    assert deadline.due_on == date(2025, 9, 19)
    assert deadline.kind is DeadlineKind.TRIBUNAL_LIMIT
    assert deadline.what == "Tribunal time limit from 20 Jun 2025"
    # The working shows in the case detail without pressing anything.
    assert "19 Sep 2025" in detail and "Tribunal time limit (v1)." in detail
    assert "Source: Most claims" in detail and "Inputs: Claim type" in detail
    assert "Check with your full-time officer or legal" in detail


async def test_a_bad_rule_input_is_a_sentence_under_the_preview_and_blocks_saving(
    app: RepDesk, db: Database
) -> None:
    case_id = _first_case(db)
    async with app.run_test(size=SIZE) as pilot:
        await selected_case(pilot)
        form = await opened(pilot, "d", DeadlineForm)
        await pilot.press("enter", "down", "down", "enter")  # companion postponement
        await pilot.pause()
        await pilot.press("tab")
        await type_text(pilot, "31/2/25")
        await pilot.pause()
        assert "February 2025 has only 28 days" in _preview(form)
        assert "Traceback" not in _preview(form)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DeadlineForm)  # not saved: the form stays
        await pilot.press(*["backspace"] * 7)
        # A companion who cannot come on Mon 5 Jan 2026: 5 working days after is Mon 12 Jan 2026.
        await type_text(pilot, "5/1/26")
        await pilot.pause()
        assert "Result: Mon 12 Jan 2026" in _preview(form)
        await pilot.press("enter")  # enter in a field saves too
        await settle(app, pilot)
        assert isinstance(app.screen, CasesScreen)
    with db.session() as session:
        saved = [d for d in cases.deadlines(session, case_id) if d.rule_id]
    assert [(d.rule_id, d.due_on) for d in saved] == [("companion-postponement", date(2026, 1, 12))]


async def test_marking_a_deadline_done_takes_it_off_triage(app: RepDesk, db: Database) -> None:
    with db.session() as session:
        before = triage.triage(session)
    item = next(row for row in before.overdue.rows if row.id is not None)
    assert item.id is not None
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        board = app.screen
        assert isinstance(board, TriageScreen)
        assert str(item.id) in [row.key for row in board.section("overdue").rows]
        await app.jump("cases", "case", item.case_id)
        await settle(app, pilot)
        assert _cases(app).table.current_id == item.case_id
        await pilot.press("c")
        await pilot.pause()
        if isinstance(app.screen, ChoiceScreen):  # the case has several: pick this one
            choice = app.screen
            index = next(i for i, (label, _v) in enumerate(choice.choices) if item.what in str(label))
            for _ in range(index):
                await pilot.press("down")
            await pilot.press("enter")
        await settle(app, pilot)
        with db.session() as session:
            assert cases.get_deadline(session, item.id).done
        assert "done 22 Nov 2026" in _detail(app)
        await pilot.press("1")
        await settle(app, pilot)
        board = app.screen
        assert isinstance(board, TriageScreen)
        assert str(item.id) not in [row.key for row in board.section("overdue").rows]
        assert f"Overdue deadlines ({before.overdue.total - 1})" in shown(
            board.section("overdue").query_one(".triage-title", Static)
        )


async def test_next_action_dates_show_in_triage_labelled(app: RepDesk, db: Database) -> None:
    with db.session() as session:
        data = triage.triage(session)
    rows = [r for r in [*data.overdue.rows, *data.due_soon.rows] if r.next_action]
    assert rows, "the demo should have a case whose next action is due"
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        board = app.screen
        assert isinstance(board, TriageScreen)
        keys = [r.key for name in ("overdue", "due-soon") for r in board.section(name).rows]
        assert f"n{rows[0].case_id}" in keys
        cells = [
            r.cells[3]
            for name in ("overdue", "due-soon")
            for r in board.section(name).rows
            if r.key == f"n{rows[0].case_id}"
        ]
        assert str(cells[0]).startswith("next action: ")


async def test_a_deadline_made_under_the_old_default_is_flagged_not_rewritten_until_recomputed(
    app: RepDesk, db: Database
) -> None:
    case_id = _first_case(db)
    deadline_id = add_old_default_deadline(db, case_id)
    with db.session() as session:
        version = cases.get_deadline(session, deadline_id).version
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        board = app.screen
        assert isinstance(board, TriageScreen)
        recheck = board.section("recheck")
        assert recheck.display
        assert "Deadlines to recheck (1)" in shown(recheck.query_one(".triage-title", Static))
        assert OLD_DEFAULT_FLAG in str(recheck.rows[0].cells[3])
        assert "1 to recheck" in shown(board.query_one("#triage-summary", Static))
        assert recheck.table.has_focus  # the first thing the rep sees
        await pilot.press("enter")
        await settle(app, pilot)
        assert _cases(app).table.current_id == case_id
        assert OLD_DEFAULT_FLAG in _detail(app)
        with db.session() as session:
            unchanged = cases.get_deadline(session, deadline_id)
            assert (unchanged.due_on, unchanged.version) == (date(2027, 5, 1), version)
        await pilot.press("R")
        await settle(app, pilot)
        assert OLD_DEFAULT_FLAG not in _detail(app)
    with db.session() as session:
        recomputed = cases.get_deadline(session, deadline_id)
        assert recomputed.due_on == date(2027, 2, 1)
        assert recomputed.rule_inputs is not None and "commencement" not in recomputed.rule_inputs
        audit = session.exec(
            select(AuditEntry).where(
                AuditEntry.entity == "deadline",
                AuditEntry.entity_id == deadline_id,
                col(AuditEntry.action) == AuditAction.UPDATE,
            )
        ).all()
    assert audit and "due_on" in audit[-1].changes


async def test_entering_a_commencement_date_in_the_profile_flags_and_clearing_it_unflags(
    app: RepDesk, db: Database
) -> None:
    case_id = _first_case(db)
    assert _tribunal_limit(db, case_id, "2026-11-02").due_on == date(2027, 2, 1)
    flag = "The rules now give 1 May 2027: check and recompute."  # 6 months less a day from 2 Nov 2026
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(app, pilot)
        assert "1 Feb 2027" in _detail(app) and flag not in _detail(app)
        app.action_edit_profile()
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        await pilot.press("tab", "tab", "tab", "tab", "tab")
        assert form.focused is not None and form.focused.id == "f-era2025_commencement"
        await type_text(pilot, "1/10/26")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, CasesScreen)
        assert flag in _detail(app)
        await pilot.press("1")
        await settle(app, pilot)
        board = app.screen
        assert isinstance(board, TriageScreen)
        assert board.section("recheck").display
        assert flag in str(board.section("recheck").rows[0].cells[3])

        app.action_edit_profile()
        await pilot.pause()
        await pilot.press("tab", "tab", "tab", "tab", "tab")
        await pilot.press(*["backspace"] * 10)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        board = app.screen
        assert isinstance(board, TriageScreen)
        assert not board.section("recheck").display


async def test_editing_a_computed_deadline_reopens_its_working_and_recomputes(
    app: RepDesk, db: Database
) -> None:
    case_id = _first_case(db)
    ident = _tribunal_limit(db, case_id, "2025-06-20").id
    assert ident is not None
    async with app.run_test(size=SIZE) as pilot:
        await _edit_deadline(app, pilot, "20 Jun 2025")
        form = app.screen
        assert isinstance(form, DeadlineForm)
        assert "Result: Fri 19 Sep 2025" in _preview(form)
        act = form.query_one("#in-tribunal-act", Input)
        assert act.value == "20 Jun 2025"  # the stored fact, the UK way
        act.focus()
        await pilot.pause()
        await pilot.press("end", *["backspace"] * len(act.value))
        # A later act, 30 Jun 2025: 3 months less a day is 29 Sep 2025.
        await type_text(pilot, "30/6/25")
        await pilot.pause()
        assert "Result: Mon 29 Sep 2025" in _preview(form)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, CasesScreen)
    with db.session() as session:
        saved = cases.get_deadline(session, ident)
    assert saved.due_on == date(2025, 9, 29)
    assert saved.rule_inputs is not None and saved.rule_inputs["act"] == "2025-06-30"
    assert saved.what == "Tribunal time limit from 30 Jun 2025"  # renamed by the rule


async def test_deleting_a_deadline_asks_first(app: RepDesk, db: Database) -> None:
    with db.session() as session:
        case_id = next(r.case_id for r in triage.triage(session).overdue.rows if r.id is not None)
        count = len(cases.deadlines(session, case_id))
    async with app.run_test(size=SIZE) as pilot:
        await app.jump("cases", "case", case_id)
        await settle(app, pilot)
        assert _cases(app).table.current_id == case_id
        await pilot.press("ctrl+d")
        await pilot.pause()
        if isinstance(app.screen, ChoiceScreen):
            await pilot.press("enter")
            await pilot.pause()
        await pilot.press("n")  # no: nothing goes
        await pilot.pause()
        with db.session() as session:
            assert len(cases.deadlines(session, case_id)) == count
        await pilot.press("ctrl+d")
        await pilot.pause()
        if isinstance(app.screen, ChoiceScreen):
            await pilot.press("enter")
            await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
    with db.session() as session:
        assert len(cases.deadlines(session, case_id)) == count - 1


async def test_choosing_a_claim_type_renames_the_date_it_counts_from(app: RepDesk, db: Database) -> None:
    case_id = _first_case(db)
    async with app.run_test(size=SIZE) as pilot:
        assert await selected_case(pilot) == case_id
        form = await opened(pilot, "d", DeadlineForm)
        await pilot.press("enter", "down", "enter")  # work it out: the tribunal limit
        await pilot.pause()
        label = form.query_one("#label-in-tribunal-act", Static)
        assert shown(label, width=40).strip() == "Act complained of *"
        # Claim type: four down from "most claims" is deductions from wages.
        await pilot.press("tab", "enter", "down", "down", "down", "down", "enter")
        await pilot.pause()
        assert shown(label, width=40).strip() == "Date of payment of the wages *"
        await pilot.press("tab")
        await type_text(pilot, "28/6/26")
        await pilot.pause()
        # A payday of 28 Jun 2026: 3 months less one day is Sun 27 Sep 2026, and it does not move.
        preview = _preview(form)
        assert "Result: Sun 27 Sep 2026" in preview
        assert "does not move to the next working day" in preview


async def test_the_detail_alone_scrolls_by_keys_at_80x24_and_keeps_the_keys_after_a_picker(
    app: RepDesk, db: Database
) -> None:
    from textual.containers import VerticalScroll

    from repdesk.store import common
    from repdesk.store.models import DeadlineCreate
    from repdesk.tui.widgets.filter_bar import FilterBar

    case_id = _first_case(db)
    add_old_default_deadline(db, case_id)
    with db.transaction() as session:  # a second deadline, so "c" asks which
        typed = common.validate(DeadlineCreate, {"what": "Hearing", "due_on": "2026-12-04"})
        cases.add_deadline(session, case_id, typed)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(app, pilot)
        await pilot.press("v", "v")  # the detail alone
        await settle(app, pilot)
        scroll = app.screen.query_one("#detail-scroll", VerticalScroll)
        assert app.screen.focused is scroll
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        assert scroll.scroll_y > 0  # the deadlines and their working are reachable
        await pilot.press("c")  # which deadline? ... then change one's mind
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.focused is scroll  # not the filter bar
        await pilot.press("R")
        await settle(app, pilot)
        assert _cases(app).query_one(FilterBar).value == ""
    with db.session() as session:
        recomputed = [d for d in cases.deadlines(session, case_id) if d.rule_id]
    assert [d.due_on for d in recomputed] == [date(2027, 2, 1)]


async def test_a_deadline_whose_saved_working_is_unreadable_is_flagged_and_points_to_editing(
    app: RepDesk, db: Database
) -> None:
    case_id = _first_case(db)
    with db.transaction() as session:
        session.add(
            Deadline(
                case_id=case_id,
                what="Damaged working",
                due_on=date(2027, 1, 1),
                rule_id="tribunal-limit",
                rule_version=1,
                rule_inputs={"act": "not a date"},
            )
        )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(app, pilot)
        detail = _detail(app)
        assert "The working cannot be checked" in detail
        assert "(D edits it)" in detail and "R recomputes" not in detail
        await pilot.press("R")
        await settle(app, pilot)
        assert isinstance(app.screen, CasesScreen)  # nothing to recompute, no crash


async def test_editing_a_typed_deadline_shows_its_date_the_uk_way_and_saves_it_unchanged(
    app: RepDesk, db: Database
) -> None:
    case_id = _first_case(db)
    with db.transaction() as session:
        typed = cases.add_deadline(session, case_id, {"what": "Reply to HR", "due_on": "2027-01-06"})
    async with app.run_test(size=SIZE) as pilot:
        await _edit_deadline(app, pilot, "Reply to HR")
        form = app.screen
        assert isinstance(form, DeadlineForm)
        assert form.query_one("#dl-due_on", Input).value == "6 Jan 2027"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, CasesScreen)
    with db.session() as session:
        assert cases.get_deadline(session, typed.id or 0).due_on == date(2027, 1, 6)
