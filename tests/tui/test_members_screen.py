"""The Members screen, driven by real keys: new, edit, markers, filters, and the jump to a case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from repdesk.domain.enums import CaseCategory, RoleCategory
from repdesk.domain.member_filter import MemberFilter
from repdesk.store import members
from repdesk.store.engine import Database
from repdesk.store.rows import MemberRow
from repdesk.tui.app import RepDesk
from repdesk.tui.cases.screen import CasesScreen
from repdesk.tui.dialogs.form import FormScreen
from repdesk.tui.members.screen import MembersScreen
from repdesk.tui.widgets.paged_table import PagedTable
from tests.helpers.factories import ident, make_case, make_member
from tests.helpers.pilot import settle, type_text
from tests.tui.area_steps import clear_input, detail_text, hint, move_to, on_top, open_area, opened, top

SIZE = (120, 36)


@dataclass
class Desk:
    """The demo database plus members of the test's own, and the app over it."""

    db: Database
    app: RepDesk
    exempt_id: int
    """Agreed adjustments and an approved plan, taking part in the action, one open case."""
    plain_id: int
    """No exemption, not in the action, no cases."""
    case_id: int


@pytest.fixture
def desk(db: Database, app: RepDesk) -> Desk:
    with db.transaction() as s:
        exempt = make_member(
            s,
            name="Aardvark Exempt",
            job_title="Call handler",
            role_category=RoleCategory.OPERATIONAL,
            office_days_required=4,
            adjustments="Home working on treatment days",
            adjustments_agreed=True,
            adjustments_agreed_on=date(2024, 3, 5),
            flexible_plan="Compressed hours",
            flexible_plan_approved=True,
            flexible_plan_approved_on=date(2023, 9, 1),
            in_action=True,
            in_action_since=date(2025, 1, 6),
        )
        plain = make_member(s, name="Aaron Plainview", job_title="Analyst")
        case = make_case(s, exempt, title="Docked pay", category=CaseCategory.PAY_DEDUCTION)
        return Desk(db, app, ident(exempt), ident(plain), ident(case))


def table(screen: MembersScreen) -> PagedTable[MemberRow]:
    return screen.table


def names(screen: MembersScreen) -> list[str]:
    return [row.name for row in table(screen).rows_loaded]


def row_text(screen: MembersScreen, member_id: int) -> str:
    """The cells of one row, as plain text."""
    cells = table(screen).get_row(str(member_id))
    return " | ".join(str(cell) for cell in cells)


async def open_members(pilot: Pilot[int]) -> MembersScreen:
    return await open_area(pilot, "3", MembersScreen)


async def test_list_shows_exemption_and_action_markers_and_the_detail(desk: Desk) -> None:
    async with desk.app.run_test(size=SIZE) as pilot:
        screen = await open_members(pilot)
        assert names(screen)[:2] == ["Aardvark Exempt", "Aaron Plainview"]
        exempt = row_text(screen, desk.exempt_id)
        assert "RA FWP" in exempt and "⚑ yes" in exempt and "operational" in exempt
        plain = row_text(screen, desk.plain_id)
        assert "RA" not in plain and "⚑" not in plain
        assert table(screen).current_id == desk.exempt_id
        text = detail_text(screen)
        assert "✔ Reasonable adjustments agreed 5 Mar 2024: Home working on treatment days" in text
        assert "✔ Flexible-working plan approved 1 Sep 2023: Compressed hours" in text
        assert "⚑ Taking part in the action since 6 Jan 2025" in text
        assert "Docked pay" in text and "No consent date recorded" in text


async def test_new_member_through_the_form(desk: Desk) -> None:
    async with desk.app.run_test(size=SIZE) as pilot:
        screen = await open_members(pilot)
        before = table(screen).total
        await opened(pilot, "n", FormScreen)
        await type_text(pilot, "Abigail New")
        await move_to(pilot, "f-role_category")
        await pilot.press("enter", "o", "enter")  # Operational
        await move_to(pilot, "f-in_action")
        await pilot.press("space")
        await pilot.press("tab")
        await type_text(pilot, "6/1/25")
        await pilot.press("ctrl+s")
        await settle(desk.app, pilot)
        assert top(pilot) is screen
        assert table(screen).total == before + 1
        row = table(screen).current_row
        assert row is not None and row.name == "Abigail New"
        assert "⚑ yes" in row_text(screen, row.id)
        assert "Taking part in the action since 6 Jan 2025" in detail_text(screen)
        with desk.db.session() as s:
            member = members.get_member(s, row.id)
        assert member.role_category is RoleCategory.OPERATIONAL
        assert member.office_days_required == 4  # blank days follow the role's policy
        assert member.in_action and member.in_action_since == date(2025, 1, 6)


async def test_edit_office_days(desk: Desk) -> None:
    async with desk.app.run_test(size=SIZE) as pilot:
        screen = await open_members(pilot)
        assert table(screen).select_id(desk.plain_id)
        await pilot.pause()
        form = await opened(pilot, "e", FormScreen)
        assert form.query_one("#f-name", Input).value == "Aaron Plainview"
        await move_to(pilot, "f-office_days_required")
        assert form.query_one("#f-office_days_required", Input).value == "3"
        await pilot.press("home", "ctrl+k", "2")
        await pilot.press("ctrl+s")
        await settle(desk.app, pilot)
        assert top(pilot) is screen
        assert table(screen).current_id == desk.plain_id
        assert "2 office days a week required" in detail_text(screen)
        with desk.db.session() as s:
            member = members.get_member(s, desk.plain_id)
        assert member.office_days_required == 2
        assert member.version == 2
        assert member.job_title == "Analyst"  # untouched fields stay as they were


async def refused_edit(pilot: Pilot[int], typed: dict[str, str]) -> FormScreen[int]:
    """Edit the selected member, typing ``typed`` over each field's value, and save: the form must stay."""
    await opened(pilot, "e", FormScreen)
    for field_id, text in typed.items():
        await move_to(pilot, field_id)
        await clear_input(pilot)
        await type_text(pilot, text)
    await pilot.press("ctrl+s")
    await pilot.pause()
    return on_top(pilot, FormScreen)


async def test_bad_input_stays_and_is_explained_beside_the_fields(desk: Desk) -> None:
    async with desk.app.run_test(size=SIZE) as pilot:
        screen = await open_members(pilot)
        assert table(screen).select_id(desk.plain_id)
        await pilot.pause()
        # Every field's problem shows on the first save, each beside its field.
        form = await refused_edit(
            pilot,
            {
                "f-name": "",
                "f-office_days_required": "nine",
                "f-in_action_since": "31/2/25",
                "f-email": "not-an-email",
            },
        )
        assert "Name is required." in hint(pilot, "name")
        assert "whole number" in hint(pilot, "office_days_required")
        assert "February 2025 has only 28 days" in hint(pilot, "in_action_since")
        assert "does not look like an address" in hint(pilot, "email")
        assert form.query_one("#f-office_days_required", Input).value == "nine"
        await pilot.press("escape", "y")
        await pilot.pause()
        # A rule over two fields (a date with its box unticked) is checked once each field
        # is valid, and is put beside the date, not at the top.
        await refused_edit(pilot, {"f-in_action_since": "6/1/25"})
        assert "not marked as taking part" in hint(pilot, "in_action_since")
        await pilot.press("escape", "y")
        await settle(desk.app, pilot)
        with desk.db.session() as s:
            member = members.get_member(s, desk.plain_id)
        assert member.name == "Aaron Plainview" and member.version == 1


async def test_filter_by_text_and_terms(desk: Desk) -> None:
    async with desk.app.run_test(size=SIZE) as pilot:
        screen = await open_members(pilot)
        await pilot.press("slash")
        await type_text(pilot, "aardv")
        await settle(desk.app, pilot)
        assert names(screen) == ["Aardvark Exempt"]
        await pilot.press("home", "ctrl+k")
        await type_text(pilot, "exempt:yes role:op action:yes")
        await settle(desk.app, pilot)
        with desk.db.session() as s:
            wanted = MemberFilter(role=RoleCategory.OPERATIONAL, exempt=True, in_action=True)
            expected = members.list_members(s, wanted).total
        assert table(screen).total == expected
        assert "Aardvark Exempt" in names(screen)
        assert "Aaron Plainview" not in names(screen)
        assert all(r.has_exemption and r.in_action for r in table(screen).rows_loaded)
        await pilot.press("home", "ctrl+k")
        await type_text(pilot, "role:boss")
        await settle(desk.app, pilot)
        assert "role:boss is not one of" in str(screen.query_one(".filter-problems", Static).content)


async def test_enter_opens_the_first_open_case_in_cases(desk: Desk) -> None:
    async with desk.app.run_test(size=SIZE) as pilot:
        screen = await open_members(pilot)
        assert table(screen).select_id(desk.plain_id)
        await pilot.pause()
        await pilot.press("enter")  # no cases: stays, and says so
        await pilot.pause()
        assert top(pilot) is screen
        assert any("has no cases" in n.message for n in desk.app._notifications)
        assert table(screen).select_id(desk.exempt_id)
        await pilot.pause()
        await pilot.press("enter")
        await settle(desk.app, pilot)
        cases_screen = top(pilot)
        assert isinstance(cases_screen, CasesScreen)
        assert cases_screen.table.current_id == desk.case_id


async def test_focus_item_selects_the_member_clearing_the_filter(desk: Desk) -> None:
    async with desk.app.run_test(size=SIZE) as pilot:
        await settle(desk.app, pilot)
        await desk.app.jump("members", "member", desk.plain_id)  # a screen not shown before
        await settle(desk.app, pilot)
        screen = desk.app.screen
        assert isinstance(screen, MembersScreen)
        assert table(screen).current_id == desk.plain_id
        await pilot.press("slash")
        await type_text(pilot, "aardv")
        await settle(desk.app, pilot)
        assert table(screen).current_id == desk.exempt_id
        await desk.app.jump("members", "member", desk.plain_id)
        await settle(desk.app, pilot)
        assert table(screen).current_id == desk.plain_id
        assert screen.query_one("#filter-input", Input).value == ""


async def test_columns_fit_at_120_and_80_columns(desk: Desk) -> None:
    async with desk.app.run_test(size=SIZE) as pilot:
        screen = await open_members(pilot)
        assert table(screen).virtual_size.width <= table(screen).size.width
        await pilot.resize_terminal(80, 24)
        await settle(desk.app, pilot)
        assert table(screen).virtual_size.width <= table(screen).size.width
        assert "⚑ yes" in row_text(screen, desk.exempt_id)


async def test_square_brackets_typed_by_the_rep_show_as_typed(desk: Desk) -> None:
    """Rich and Textual read "[...]" in plain strings as markup; what a rep typed must never be."""
    with desk.db.transaction() as s:
        member_id = ident(
            make_member(s, name="Aaa [/b] Bracket", job_title="[red]Analyst", work_pattern="[/i] days")
        )
    async with desk.app.run_test(size=SIZE) as pilot:
        screen = await open_members(pilot)
        assert table(screen).select_id(member_id)
        await pilot.pause()
        assert "Aaa [/b] Bracket" in row_text(screen, member_id)
        text = detail_text(screen)
        assert "Aaa [/b] Bracket" in text and "[red]Analyst" in text and "[/i] days" in text
        await opened(pilot, "e", FormScreen)
        await pilot.press("ctrl+s")
        await settle(desk.app, pilot)
        assert top(pilot) is screen
        # Saved unchanged: the notice names the member as typed, brackets and all.
        assert any(
            n.message == "Nothing to save: Aaa [/b] Bracket is as it was." for n in desk.app._notifications
        )


async def test_focus_item_finds_a_member_past_the_first_page(desk: Desk) -> None:
    with desk.db.transaction() as s:
        for n in range(110):
            make_member(s, name=f"Bulk Member {n:03d}")
        last_id = ident(make_member(s, name="Zoe O'Last"))
    async with desk.app.run_test(size=SIZE) as pilot:
        screen = await open_members(pilot)
        assert last_id not in [r.id for r in table(screen).rows_loaded]
        await desk.app.jump("members", "member", last_id)
        await settle(desk.app, pilot)
        assert table(screen).current_id == last_id
        assert names(screen) == ["Zoe O'Last"]
