"""Triage's "Due for review": closed cases past the rep's retention period, each one Enter from its case."""

from __future__ import annotations

from textual.widgets import Input, Static

from repdesk.domain.dates import add_months
from repdesk.domain.enums import CaseOutcome, CaseStatus
from repdesk.store import profile, triage
from repdesk.store.engine import Database
from repdesk.tui.app import RepDesk
from repdesk.tui.cases.screen import CasesScreen
from repdesk.tui.dialogs.form import FormScreen
from repdesk.tui.triage.screen import TriageScreen
from tests.helpers import TODAY
from tests.helpers.factories import make_case, make_member
from tests.helpers.pilot import settle, shown
from tests.tui.area_steps import on_top

SIZE = (120, 40)


def _old_closed_case(db: Database) -> int:
    """A case closed seven years ago (the demo's own cases are all recent)."""
    closed_on = add_months(TODAY, -84)
    with db.transaction() as s:
        case = make_case(
            s,
            make_member(s, name="Olwen Retained"),
            title="Seven-year-old grievance",
            opened_on=add_months(closed_on, -2),
            status=CaseStatus.CLOSED,
            outcome=CaseOutcome.RESOLVED,
            closed_on=closed_on,
        )
        assert case.id is not None
        return case.id


async def test_a_case_past_the_period_is_listed_and_enter_opens_it(app: RepDesk, db: Database) -> None:
    with db.session() as s:
        assert triage.triage(s).review.total == 0  # the demo alone has nothing due
    old = _old_closed_case(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TriageScreen)
        section = screen.section("review")
        assert section.display
        title = shown(section.query_one(".triage-title", Static), 200)
        assert "Due for review" in title and "6 years" in title and "(1)" in title
        cells = [str(c) for c in section.table.get_row_at(0)]
        assert cells[1] == "Olwen Retained" and cells[2] == "Seven-year-old grievance"
        assert "(7 years ago)" in cells[3]
        assert "1 due for review" in shown(screen.query_one("#triage-summary", Static), 300)
        # Tab reaches it like any other section, then Enter opens the case on Cases.
        for _ in range(12):
            if section.table.has_focus:
                break
            await pilot.press("tab")
        assert section.table.has_focus
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.current_mode == "cases"
        cases_screen = app.screen
        assert isinstance(cases_screen, CasesScreen)
        assert cases_screen.table.current_id == old


async def test_with_the_review_off_the_section_stays_hidden(app: RepDesk, db: Database) -> None:
    _old_closed_case(db)
    with db.transaction() as s:
        rep = profile.get_profile(s)
        assert rep is not None
        profile.update_profile(s, {"version": rep.version, "retention_months": None})
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TriageScreen)
        assert not screen.section("review").display
        assert "due for review" not in shown(screen.query_one("#triage-summary", Static), 300)


async def test_emptying_the_profile_field_turns_the_review_off(app: RepDesk, db: Database) -> None:
    _old_closed_case(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TriageScreen)
        assert screen.section("review").display
        app.action_edit_profile()
        await pilot.pause()
        form = on_top(pilot, FormScreen)
        field = form.query_one("#f-retention_months", Input)
        assert field.value == "72"
        field.value = ""
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not screen.section("review").display  # Triage worked out again without it
    with db.session() as s:
        saved = profile.get_profile(s)
    assert saved is not None and saved.retention_months is None
