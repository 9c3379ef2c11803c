"""Members, driven by keys: E erases a member after a dialog naming what goes and the word ERASE typed."""

from __future__ import annotations

from textual.widgets import Checkbox, Static

from repdesk.domain.enums import CaseCategory
from repdesk.store import cases, chain, members
from repdesk.store.engine import Database
from repdesk.store.models import Case, Member
from repdesk.tui.app import RepDesk
from repdesk.tui.members.erase import EraseScreen
from repdesk.tui.members.screen import MembersScreen
from tests.helpers.factories import ident, make_case, make_member, make_threat
from tests.helpers.pilot import settle, type_text
from tests.tui.area_steps import open_area, opened, top

SIZE = (120, 36)


def _leaving(db: Database) -> tuple[int, int]:
    """Aardvark Leaver: first by name, with a case and a threat entry naming them; ids of both."""
    with db.transaction() as s:
        member = make_member(s, name="Aardvark Leaver", email="aardvark@example.org")
        case = make_case(s, member, title="Docked pay", category=CaseCategory.PAY_DEDUCTION)
        make_threat(s, member_ids=[ident(member)], case_ids=[ident(case)])
        return ident(member), ident(case)


def _notes(app: RepDesk) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_e_erases_the_member_after_the_word_is_typed(app: RepDesk, db: Database) -> None:
    leaver, case_id = _leaving(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot, "3", MembersScreen)
        assert screen.table.current_id == leaver
        before = screen.table.total
        dialog = await opened(pilot, "E", EraseScreen)
        what = str(dialog.query_one("#erase-what", Static).render())
        assert "Aardvark Leaver" in what and "Removed: 1 case (C-" in what and "threat-log entry" in what
        # A wrong word erases nothing and says what to type.
        await type_text(pilot, "erase")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is dialog
        assert "in capitals" in str(dialog.query_one("#erase-warning").render())
        await pilot.press("escape")
        await settle(app, pilot)
        with db.session() as s:
            assert members.get_member(s, leaver).name == "Aardvark Leaver"
        # Again, with the word.
        await opened(pilot, "E", EraseScreen)
        await type_text(pilot, "ERASE")
        await pilot.press("enter")
        await settle(app, pilot)
        for _ in range(20):  # the erasure runs off the screen's thread
            if screen.table.total == before - 1:
                break
            await pilot.pause(0.1)
        assert top(pilot) is screen
        assert screen.table.total == before - 1
        assert leaver not in [row.id for row in screen.table.rows_loaded]
        assert "Aardvark Leaver erased." in _notes(app)
    with db.session() as s:
        assert s.get(Member, leaver) is None and s.get(Case, case_id) is None
        assert members.find_members(s, "Aardvark", archived=True) == []
        assert chain.verify(s).ok


async def test_keeping_the_cases_leaves_them_under_a_placeholder(app: RepDesk, db: Database) -> None:
    leaver, case_id = _leaving(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, "3", MembersScreen)
        dialog = await opened(pilot, "E", EraseScreen)
        await pilot.press("tab")  # past the word to the tick
        assert isinstance(app.focused, Checkbox)
        await pilot.press("space")
        await settle(app, pilot)
        assert "Kept: 1 case" in str(dialog.query_one("#erase-what", Static).render())
        await pilot.press("shift+tab")
        await type_text(pilot, "ERASE")
        await pilot.press("enter")
        await settle(app, pilot)
        for _ in range(20):
            if any("erased" in note for note in _notes(app)):
                break
            await pilot.pause(0.1)
        assert "Aardvark Leaver erased. Their cases are kept under Erased member 1." in _notes(app)
    with db.session() as s:
        assert s.get(Member, leaver) is None
        kept = cases.get_case(s, case_id)
        assert members.get_member(s, kept.member_id).name == "Erased member 1"
        assert chain.verify(s).ok
