"""Everything saved can be read in the desk: a timeline entry's whole text, a deadline's notes and
kind, the detail alone scrolled by the first key, and home and end over a whole paged list."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.containers import VerticalScroll

from repdesk.domain.enums import DeadlineKind
from repdesk.domain.member_filter import MemberFilter
from repdesk.store import attachments, members
from repdesk.store.engine import Database
from repdesk.store.models.case import AttachmentCreate
from repdesk.tui.app import RepDesk
from repdesk.tui.cases.screen import CasesScreen
from repdesk.tui.members.screen import MembersScreen
from repdesk.tui.widgets import paged_table
from repdesk.tui.widgets.paged_table import PAGE
from tests.helpers.factories import make_case, make_deadline, make_member, make_timeline_entry
from tests.helpers.pilot import SIZE, settle
from tests.tui.area_steps import detail_text, open_area

BODY = (
    "She was told in the corridor that her adjustments would be withdrawn next month. "
    "Her manager said the decision came from above and that nobody could overrule it.\n"
    "Second paragraph: witness Sam Okafor heard it."
)


def _long_case(db: Database, folder: Path, entries: int = 1) -> int:
    """A case with a long timeline entry (and ``entries - 1`` more), a file, and a deadline with notes."""
    evidence = folder / "corridor.txt"
    evidence.write_text("notes")
    with db.transaction() as session:
        case = make_case(session, make_member(session), title="Adjustments withdrawn")
        entry = make_timeline_entry(session, case, summary="Corridor conversation", body=BODY)
        attachments.attach(
            session,
            AttachmentCreate(path=str(evidence), description="My notes"),
            timeline_entry_id=entry.id or 0,
        )
        for n in range(entries - 1):
            make_timeline_entry(session, case, summary=f"Follow-up {n}", occurred_on=date(2026, 10, 1))
        make_deadline(
            session,
            case,
            what="Appeal letter",
            kind=DeadlineKind.APPEAL_WINDOW,
            notes="Ask HR for the minutes first",
        )
        assert case.id is not None
        return case.id


async def test_case_detail_shows_a_timeline_entrys_whole_text_and_a_deadlines_notes_and_kind(
    app: RepDesk, db: Database, tmp_path: Path
) -> None:
    case_id = _long_case(db, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot, "2", CasesScreen)
        screen.focus_item("case", case_id)
        await settle(app, pilot)
        text = " ".join(detail_text(screen, width=200).split())
    assert "Corridor conversation" in text
    assert " ".join(BODY.split()) in text
    assert "corridor.txt My notes" in text
    assert "Appeal letter" in text
    assert DeadlineKind.APPEAL_WINDOW.label in text
    assert "Ask HR for the minutes first" in text


async def test_detail_alone_scrolls_with_the_first_key(app: RepDesk, db: Database, tmp_path: Path) -> None:
    case_id = _long_case(db, tmp_path, entries=40)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_area(pilot, "2", CasesScreen)
        screen.focus_item("case", case_id)
        await settle(app, pilot)
        await pilot.press("v", "v")  # both → list → detail
        await settle(app, pilot)
        scroll = screen.query_one("#detail-scroll", VerticalScroll)
        assert scroll.max_scroll_y > 0
        await pilot.press("down")
        await pilot.pause()
        assert scroll.scroll_y > 0
        await pilot.press("end")
        await pilot.pause()
        assert scroll.scroll_y == scroll.max_scroll_y
        await pilot.press("home")
        await pilot.pause()
        assert scroll.scroll_y == 0


async def test_end_goes_to_the_last_row_of_the_whole_list_and_home_to_the_first(
    app: RepDesk, db: Database
) -> None:
    with db.transaction() as session:
        for n in range(2 * PAGE):
            make_member(session, name=f"Reader {n:03}")
    with db.session() as session:
        everyone = members.list_members(session, MemberFilter(), limit=1_000)
    assert everyone.total > 2 * PAGE
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot, "3", MembersScreen)
        table = screen.table
        assert len(table.rows_loaded) < everyone.total  # only the first page is loaded
        await pilot.press("end")
        await settle(app, pilot)
        assert table.current_id == everyone.rows[-1].id
        assert table.cursor_row == everyone.total - 1
        await pilot.press("home")
        await settle(app, pilot)
        assert table.cursor_row == 0
        assert table.current_id == everyone.rows[0].id


async def test_end_loads_at_most_its_reach_at_a_time(
    app: RepDesk, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never the whole list at once: past END_REACH rows, end says so; pressed again, it goes on."""
    monkeypatch.setattr(paged_table, "END_REACH", 30)
    with db.transaction() as session:
        for n in range(4 * PAGE):
            make_member(session, name=f"Reader {n:03}")
    with db.session() as session:
        everyone = members.list_members(session, MemberFilter(), limit=1_000)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot, "3", MembersScreen)
        table = screen.table
        first = len(table.rows_loaded)
        await pilot.press("end")
        await settle(app, pilot)
        # Thirty rows further (and the usual next page, read ahead as the cursor nears the end).
        assert table.cursor_row == first + 29
        assert first + 30 <= len(table.rows_loaded) <= first + 30 + PAGE < everyone.total
        assert any("press end again" in n.message for n in app._notifications)
        for _ in range(everyone.total // 30 + 1):
            await pilot.press("end")
            await settle(app, pilot)
        assert table.current_id == everyone.rows[-1].id
