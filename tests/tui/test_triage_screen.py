"""Triage, the start screen: what needs the rep now, and Enter opens each item where it lives."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static

from repdesk.store import cases, talks, triage
from repdesk.store.engine import Database
from repdesk.tui.app import RepDesk
from repdesk.tui.cases.screen import CasesScreen
from repdesk.tui.talks.screen import TalksScreen
from repdesk.tui.triage.screen import SECTIONS, TriageScreen
from repdesk.tui.triage.section import TriageSection
from tests.helpers.pilot import settle, shown

SIZE = (120, 36)


def _triage(app: RepDesk) -> TriageScreen:
    screen = app.screen
    assert isinstance(screen, TriageScreen)
    return screen


def _title(section: TriageSection) -> str:
    return shown(section.query_one(".triage-title", Static), 200)


def _expected(db: Database) -> triage.Triage:
    with db.session() as session:
        return triage.triage(session)


async def test_each_section_shows_what_the_service_finds(app: RepDesk, db: Database) -> None:
    data = _expected(db)
    assert data.overdue.total and data.due_soon.total and data.urgent.total and data.threats.total
    assert data.session is not None
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = _triage(app)
        assert app.current_mode == "triage"
        header = shown(screen.query_one(".header-bar", Static), 200)
        assert "Triage" in header and "Alex Morgan" in header
        sections: list[tuple[str, triage.Section[Any]]] = [
            ("overdue", data.overdue),
            ("due-soon", data.due_soon),
            ("urgent", data.urgent),
            ("threats", data.threats),
        ]
        for name, section in sections:
            widget = screen.section(name)
            assert f"({section.total})" in _title(widget), name
            assert widget.table.row_count == len(section.rows)
        talks_section = screen.section("talks")
        assert f"({data.actions.total})" in _title(talks_section)
        assert talks_section.table.row_count == 1 + len(data.actions.rows)  # the session, then the points
        first = data.overdue.rows[0]
        cells = [str(c) for c in screen.section("overdue").table.get_row_at(0)]
        assert cells[1] == first.case_ref and first.what in cells[3]
        assert "days ago)" in cells[0] and cells[0].startswith(f"{first.due_on.day} ")
        summary_line = shown(screen.query_one("#triage-summary", Static), 200)
        assert f"{data.overdue.total} overdue" in summary_line
        assert screen.focused is screen.section("overdue").table


async def test_enter_on_an_overdue_deadline_opens_the_case(app: RepDesk, db: Database) -> None:
    first = _expected(db).overdue.rows[0]
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.current_mode == "cases"
        screen = app.screen
        assert isinstance(screen, CasesScreen)
        assert screen.table.current_id == first.case_id


async def test_enter_further_down_a_section_opens_that_row(app: RepDesk, db: Database) -> None:
    second = _expected(db).due_soon.rows[1]
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "down", "enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CasesScreen)
        assert screen.table.current_id == second.case_id


async def test_tab_moves_between_sections_and_a_logged_threat_opens_the_threat_log(
    app: RepDesk, db: Database
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = _triage(app)
        visible = [n for n in SECTIONS if screen.section(n).display]  # "recheck" only when needed
        assert "recheck" not in visible
        order = []
        for _ in visible:
            order.append(next(n for n in SECTIONS if screen.section(n).table.has_focus))
            await pilot.press("tab")
        assert order == visible
        await pilot.press("shift+tab", "shift+tab", "shift+tab")  # back past "gone quiet" and talks
        assert screen.section("threats").table.has_focus
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.current_mode == "threats"


async def test_enter_on_the_talks_section_opens_the_session(app: RepDesk, db: Database) -> None:
    data = _expected(db)
    assert data.session is not None
    point = data.actions.rows[0]
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = _triage(app)
        screen.section("talks").table.focus()
        await pilot.press("enter")
        await settle(app, pilot)
        talks_screen = app.screen
        assert isinstance(talks_screen, TalksScreen)
        assert talks_screen.table.current_id == data.session.id
        await pilot.press("1")
        await settle(app, pilot)
        _triage(app).section("talks").table.focus()
        await pilot.press("down")
        await app.run_action("open_selected", _triage(app))  # the palette's "triage: open selected"
        await settle(app, pilot)
        talks_screen = app.screen
        assert isinstance(talks_screen, TalksScreen)
        assert talks_screen.table.current_id == point.session_id


async def test_refresh_shows_what_changed(app: RepDesk, db: Database) -> None:
    data = _expected(db)
    first = next(row for row in data.overdue.rows if row.id is not None)  # a deadline, not a next action
    assert first.id is not None
    ident = first.id
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = _triage(app)
        with db.transaction() as session:
            deadline = cases.get_deadline(session, ident)
            cases.set_deadline_done(session, ident, True, version=deadline.version)
        assert f"({data.overdue.total})" in _title(screen.section("overdue"))
        await pilot.press("r")
        await pilot.pause()
        assert f"({data.overdue.total - 1})" in _title(screen.section("overdue"))
        keys = [str(row.key) for row in screen.section("overdue").rows]
        assert str(first.id) not in keys


async def test_empty_sections_say_so(app: RepDesk, db: Database) -> None:
    with db.transaction() as session:
        for row in talks.list_sessions(session).rows:
            session.delete(talks.get_session(session, row.id))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = _triage(app)
        section = screen.section("talks")
        assert "(0)" in _title(section)
        assert not section.table.display
        empty = section.query_one(".triage-empty", Static)
        assert empty.display and "No talks sessions" in shown(empty)
        # Nothing focused there, so enter on it is never reached; the rest still work.
        await pilot.press("r")
        await pilot.pause()
        assert app.screen is screen


async def test_narrow_terminal_folds_columns_and_still_opens(app: RepDesk, db: Database) -> None:
    first = _expected(db).overdue.rows[0]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = _triage(app)
        table = screen.section("overdue").table
        assert len(table.columns) == 2
        cells = [str(c) for c in table.get_row_at(0)]
        assert cells[1].startswith(f"{first.member_name}: ")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.current_mode == "cases"
