"""Members, driven by keys: archive (a) after a confirmation, archived:yes shows them, r restores."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Label

from repdesk.domain.enums import CaseCategory
from repdesk.store import cases, members
from repdesk.store.engine import Database
from repdesk.tui.app import RepDesk
from repdesk.tui.dialogs.confirm import ConfirmScreen
from repdesk.tui.members.screen import MembersScreen
from tests.helpers.factories import ident, make_case, make_member, make_threat
from tests.helpers.pilot import settle, type_text
from tests.tui.area_steps import detail_text, on_top, open_area, opened

SIZE = (120, 36)


def _notes(app: RepDesk) -> list[str]:
    return [str(n.message) for n in app._notifications]


def _leaving(db: Database) -> int:
    """Aardvark Leaver: first by name, with an open case and a threat entry naming them."""
    with db.transaction() as s:
        member = make_member(s, name="Aardvark Leaver")
        case = make_case(s, member, title="Docked pay", category=CaseCategory.PAY_DEDUCTION)
        make_threat(s, member_ids=[ident(member)], case_ids=[ident(case)])
        return ident(member)


async def _filter(pilot: Pilot[Any], text: str) -> None:
    """Type a filter into the bar and go back to the list."""
    await pilot.press("slash")
    await pilot.press("ctrl+a", "ctrl+k")  # whatever was there
    await type_text(pilot, text)
    await pilot.press("enter")
    await settle(pilot.app, pilot)


async def test_archive_asks_naming_what_stays_then_hides_the_member(app: RepDesk, db: Database) -> None:
    leaver = _leaving(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot, "3", MembersScreen)
        assert screen.table.current_id == leaver
        before = screen.table.total
        confirm = await opened(pilot, "a", ConfirmScreen)
        words = " ".join(str(label.content) for label in confirm.query(Label).results(Label))
        assert "Archive Aardvark Leaver?" in words
        assert "1 case and 1 threat-log entry" in words and "1 open case stays open in Cases" in words
        await pilot.press("n")  # no: nothing changes
        await settle(app, pilot)
        with db.session() as s:
            assert members.get_member(s, leaver).archived_at is None
        await opened(pilot, "a", ConfirmScreen)
        await pilot.press("y")
        await settle(app, pilot)
        assert app.screen is screen and app.focused is screen.table
        assert screen.table.total == before - 1
        assert leaver not in [row.id for row in screen.table.rows_loaded]
        assert "Aardvark Leaver archived (/ archived:yes shows them)." in _notes(app)
        with db.session() as s:
            assert members.get_member(s, leaver).archived_at is not None
            kept = members.member_cases(s, leaver)
            assert [case.title for case in kept] == ["Docked pay"]  # still open, still in Cases
            assert cases.get_case(s, ident(kept[0])).status == kept[0].status
            assert all(name != "Aardvark Leaver" for _id, name in members.find_members(s, "Aardvark"))


async def test_the_filter_word_shows_them_marked_and_r_restores(app: RepDesk, db: Database) -> None:
    leaver = _leaving(db)
    with db.transaction() as s:
        members.archive_member(s, leaver, version=members.get_member(s, leaver).version)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot, "3", MembersScreen)
        assert leaver not in [row.id for row in screen.table.rows_loaded]
        await _filter(pilot, "archived:only")
        assert [row.id for row in screen.table.rows_loaded] == [leaver]
        row = " ".join(str(cell) for cell in screen.table.get_row(str(leaver)))
        assert "archived · Aardvark Leaver" in row
        assert "Archived" in detail_text(screen) and "r restores them" in detail_text(screen)
        await pilot.press("r")
        await settle(app, pilot)
        assert "Aardvark Leaver restored to the Members list." in _notes(app)
        with db.session() as s:
            assert members.get_member(s, leaver).archived_at is None
        await _filter(pilot, "")
        assert leaver in [row.id for row in screen.table.rows_loaded]
        on_top(pilot, MembersScreen)
