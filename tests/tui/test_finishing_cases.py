"""Cases, driven by keys: a timeline entry edited (E) or deleted (X), a case deleted (delete), and the
saved filters (f) renamed (r) and deleted (d); each versioned, so a stale window is refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import select
from textual.pilot import Pilot
from textual.widgets import Input, Label, OptionList, Static

from repdesk.domain.enums import AuditAction, TimelineKind
from repdesk.domain.filters import CaseFilter
from repdesk.store import cases, saved_filters
from repdesk.store.engine import Database
from repdesk.store.models import Attachment, AttachmentCreate, AuditEntry, ThreatEntry
from repdesk.tui.app import RepDesk
from repdesk.tui.cases.saved_filter_dialog import SavedFiltersScreen
from repdesk.tui.cases.screen import CasesScreen
from repdesk.tui.dialogs.confirm import ChoiceScreen, ConfirmScreen
from repdesk.tui.dialogs.form import FormScreen
from tests.helpers.factories import ident, make_deadline, make_threat, make_timeline_entry
from tests.helpers.pilot import settle, shown, type_text
from tests.tui.area_steps import clear_input, detail_text, focused_id, move_to, on_top, open_area, opened, top

SIZE = (120, 40)


def _notes(app: RepDesk) -> list[str]:
    return [str(n.message) for n in app._notifications]


def _labels(screen: object) -> str:
    assert isinstance(screen, ChoiceScreen | ConfirmScreen | SavedFiltersScreen)
    return "\n".join(str(label.content) for label in screen.query(Label).results(Label))


def _choices(screen: ChoiceScreen[Any] | SavedFiltersScreen) -> list[str]:
    listing = screen.query_one(OptionList)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


def _form_error(form: FormScreen[Any]) -> str:
    return shown(form.query_one("#form-error", Static), width=200)


def _hint(form: FormScreen[Any], name: str) -> str:
    return shown(form.query_one(f"#hint-{name}", Static), width=200)


def _top_case(db: Database) -> tuple[int, str, int]:
    """(id, reference, id of the next row) of the two most urgent cases, as Cases lists them."""
    with db.session() as s:
        first, second = cases.list_cases(s, CaseFilter(), limit=2).rows
    return first.id, first.ref, second.id


def _entries(db: Database, case_id: int, tmp_path: Path) -> tuple[int, int]:
    """A meeting on 6 Jan 2026 with two files, and a call on 2 Feb 2026, on ``case_id``.

    Dated long ago, so they leave the case's activity date (and its place in the list) as it was.
    """
    with db.transaction() as s:
        meeting = make_timeline_entry(
            s,
            case_id,
            occurred_on=date(2026, 1, 6),
            kind=TimelineKind.MEETING,
            summary="Meeting with HR about the office-days letter and the pay warning",
        )
        for n in range(2):
            letter = tmp_path / f"letter-{n}.txt"
            letter.write_text("letter")
            cases.attach_to_entry(s, ident(meeting), AttachmentCreate(path=str(letter)))
        call = make_timeline_entry(
            s, case_id, occurred_on=date(2026, 2, 2), kind=TimelineKind.CALL, summary="Rang the member"
        )
        return ident(meeting), ident(call)


async def _cases(pilot: Pilot[Any], case_id: int) -> CasesScreen:
    screen = await open_area(pilot, "2", CasesScreen)
    assert screen.table.current_id == case_id
    return screen


async def _pick(pilot: Pilot[Any], db: Database, case_id: int, entry_id: int) -> None:
    """Choose entry ``entry_id`` in the open picker, which lists the case's entries newest first."""
    newest_first = [ident(e) for e in reversed(_timeline(db, case_id))]
    await pilot.press(*["down"] * newest_first.index(entry_id), "enter")
    await pilot.pause()


def _summaries(db: Database, case_id: int) -> list[str]:
    with db.session() as s:
        return [e.summary for e in cases.timeline(s, case_id)]


# --- timeline entries -----------------------------------------------------------------------------


async def test_E_edits_a_picked_timeline_entry_in_its_form(
    app: RepDesk, db: Database, tmp_path: Path
) -> None:
    case_id, ref, _next = _top_case(db)
    meeting, call = _entries(db, case_id, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _cases(pilot, case_id)
        choice = await opened(pilot, "E", ChoiceScreen)
        # Newest first, by UK date, kind and first words (a long summary cut at a word, with …).
        assert _labels(choice).startswith(f"Edit which timeline entry of {ref}?")
        newest_first = [ident(e) for e in reversed(_timeline(db, case_id))]
        listed = _choices(choice)
        assert len(listed) == len(newest_first)
        assert listed[newest_first.index(call)] == "2 Feb 2026  Call: Rang the member"
        assert listed[newest_first.index(meeting)] == ("6 Jan 2026  Meeting: Meeting with HR about the…  📎2")
        assert newest_first.index(call) < newest_first.index(meeting)
        await _pick(pilot, db, case_id, meeting)
        form = on_top(pilot, FormScreen)
        assert form.query_one("#f-occurred_on", Input).value == "6 Jan 2026"
        assert form.query_one("#f-summary", Input).value.startswith("Meeting with HR")
        await move_to(pilot, "f-summary")
        await clear_input(pilot)
        await pilot.press("ctrl+s")  # a summary is required: said beside the field, the form stays
        await pilot.pause()
        assert on_top(pilot, FormScreen) is form
        assert "Summary" in _hint(form, "summary")
        await type_text(pilot, "Meeting with HR: letter withdrawn")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert "Timeline entry saved." in _notes(app)
        assert focused_id(pilot) == "table"
        assert " 6 Jan 2026  Meeting: Meeting with HR: letter withdrawn  📎2" in detail_text(screen, 160)
    with db.session() as s:
        entry = cases.get_timeline_entry(s, meeting)
        trail = list(s.exec(select(AuditEntry).where(AuditEntry.entity == "timeline_entry")))
    assert (entry.summary, entry.occurred_on, entry.version) == (
        "Meeting with HR: letter withdrawn",
        date(2026, 1, 6),
        2,
    )
    updates = [a.changes for a in trail if a.action == AuditAction.UPDATE and a.entity_id == meeting]
    assert list(updates[0]) == ["summary"]  # only what changed: the date shown the UK way is not a change


async def test_an_entry_edit_from_a_stale_window_is_refused_and_keeps_what_was_typed(
    app: RepDesk, db: Database, tmp_path: Path
) -> None:
    case_id, _ref, _next = _top_case(db)
    _meeting, call = _entries(db, case_id, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _cases(pilot, case_id)
        await opened(pilot, "E", ChoiceScreen)
        await _pick(pilot, db, case_id, call)
        form = on_top(pilot, FormScreen)
        await move_to(pilot, "f-summary")
        await clear_input(pilot)
        await type_text(pilot, "Rang the member back")
        with db.transaction() as s:  # another window changes it meanwhile
            cases.update_timeline_entry(s, call, {"version": 1, "summary": "Rang the member twice"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert on_top(pilot, FormScreen) is form
        assert "was changed elsewhere" in _form_error(form)
        assert form.query_one("#f-summary", Input).value == "Rang the member back"
    assert "Rang the member twice" in _summaries(db, case_id)


async def test_X_deletes_a_picked_entry_and_its_files_after_naming_them(
    app: RepDesk, db: Database, tmp_path: Path
) -> None:
    case_id, ref, _next = _top_case(db)
    meeting, _call = _entries(db, case_id, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _cases(pilot, case_id)
        assert "Meeting with HR about" in detail_text(screen, 200)
        choice = await opened(pilot, "X", ChoiceScreen)
        assert _labels(choice).startswith(f"Delete which timeline entry of {ref}?")
        await _pick(pilot, db, case_id, meeting)
        confirm = on_top(pilot, ConfirmScreen)
        said = _labels(confirm)
        assert said.startswith(
            f"Delete the 6 Jan 2026 meeting entry of {ref}? Its 2 attached files go with it."
        )
        assert "u does not bring it back" in said
        await pilot.press("n")  # no: nothing deleted
        await settle(app, pilot)
        assert app.screen is screen and meeting in [ident(e) for e in _timeline(db, case_id)]
        await opened(pilot, "X", ChoiceScreen)
        await _pick(pilot, db, case_id, meeting)
        on_top(pilot, ConfirmScreen)
        await pilot.press("y")
        await settle(app, pilot)
        assert app.screen is screen
        assert "Timeline entry deleted." in _notes(app)
        assert focused_id(pilot) == "table"
        assert "Meeting with HR about" not in detail_text(screen, 200)
    assert meeting not in [ident(e) for e in _timeline(db, case_id)]
    with db.session() as s:
        assert list(s.exec(select(Attachment).where(Attachment.timeline_entry_id == meeting))) == []


def _timeline(db: Database, case_id: int) -> list[Any]:
    with db.session() as s:
        return cases.timeline(s, case_id)


async def test_an_entry_delete_from_a_stale_window_is_refused(
    app: RepDesk, db: Database, tmp_path: Path
) -> None:
    case_id, _ref, _next = _top_case(db)
    _meeting, call = _entries(db, case_id, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _cases(pilot, case_id)
        await opened(pilot, "X", ChoiceScreen)
        await _pick(pilot, db, case_id, call)
        on_top(pilot, ConfirmScreen)
        with db.transaction() as s:
            cases.update_timeline_entry(s, call, {"version": 1, "summary": "Rang the member twice"})
        await pilot.press("y")
        await settle(app, pilot)
        assert app.screen is screen
        assert any("This timeline entry was changed elsewhere" in note for note in _notes(app))
        assert "Rang the member twice" in detail_text(screen, 200)  # the detail shows it as it now is
    assert "Rang the member twice" in _summaries(db, case_id)


# --- cases --------------------------------------------------------------------------------------


async def test_delete_removes_a_case_named_with_what_goes_and_moves_to_its_neighbour(
    app: RepDesk, db: Database, tmp_path: Path
) -> None:
    case_id, ref, next_id = _top_case(db)
    _entries(db, case_id, tmp_path)
    with db.transaction() as s:
        before = len(cases.timeline(s, case_id)), len(cases.deadlines(s, case_id))
        make_deadline(s, case_id, what="Appeal")
        threat = ident(make_threat(s, case_ids=[case_id]))
        member = cases.case_detail(s, case_id).member.name
        linked = len(cases.case_threats(s, case_id))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _cases(pilot, case_id)
        confirm = await opened(pilot, "delete", ConfirmScreen)
        said = _labels(confirm)
        entries, deadlines = before[0], before[1] + 1
        assert said.startswith(
            f"Delete case {ref} of {member}, with its {entries} timeline entries, "
            f"{deadlines} deadline{'s' if deadlines != 1 else ''} and 2 attached files?"
        )
        assert f"Its {linked} linked threat-log entr" in said and "only the link goes" in said
        assert "This cannot be undone (u does not bring it back)" in said
        await pilot.press("y")
        await settle(app, pilot)
        assert app.screen is screen
        assert f"Deleted {ref}." in _notes(app)
        assert screen.table.current_id == next_id  # the neighbour takes the cursor
        assert case_id not in [row.id for row in screen.table.rows_loaded]
        assert focused_id(pilot) == "table"
        assert not detail_text(screen).startswith(ref)
    with db.session() as s:
        assert cases.find_case(s, ref) is None
        assert s.get(ThreatEntry, threat) is not None  # the threat log keeps its entry
        gone = s.exec(select(AuditEntry).where(AuditEntry.entity == "member_case")).all()
    assert [(a.action, a.label) for a in gone if a.entity_id == case_id][-1] == (AuditAction.DELETE, ref)


async def test_a_case_delete_from_a_stale_window_is_refused(app: RepDesk, db: Database) -> None:
    case_id, ref, _next = _top_case(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _cases(pilot, case_id)
        await opened(pilot, "delete", ConfirmScreen)
        with db.transaction() as s:  # another window changes the case while the question is open
            version = cases.get_case(s, case_id).version
            cases.update_case(s, case_id, {"version": version, "title": "Changed in another window"})
        await pilot.press("y")
        await settle(app, pilot)
        assert app.screen is screen
        assert any("This case was changed elsewhere" in note for note in _notes(app))
        assert screen.table.current_id == case_id
        assert "Changed in another window" in detail_text(screen)
    with db.session() as s:
        assert cases.find_case(s, ref) is not None


# --- saved filters ----------------------------------------------------------------------------------


async def test_saved_filters_are_renamed_and_deleted_from_the_recall_dialog(
    app: RepDesk, db: Database
) -> None:
    with db.transaction() as s:
        late = saved_filters.save_filter(s, "cases", "Overdue", "due:<0d").id
        saved_filters.save_filter(s, "cases", "Urgent", "priority:urgent")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _cases(pilot, _top_case(db)[0])
        dialog = await opened(pilot, "f", SavedFiltersScreen)
        assert _choices(dialog) == ["(clear the filter)", "Overdue  due:<0d", "Urgent  priority:urgent"]
        assert "[b]r[/b] rename   [b]d[/b] delete" in _labels(dialog)  # its keys, shown at its foot
        await pilot.press("up", "r")  # on the first line, which only clears: nothing to rename
        await pilot.pause()
        assert app.screen is dialog
        assert any("the first line only clears the filter" in note for note in _notes(app))
        await pilot.press("down", "r")
        await pilot.pause()
        form = on_top(pilot, FormScreen)
        assert form.query_one("#f-name", Input).value == "Overdue"
        await clear_input(pilot)
        await type_text(pilot, "Urgent")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert on_top(pilot, FormScreen) is form  # a name another filter has: said beside the field
        assert "already a saved filter called “Urgent”" in _hint(form, "name")
        await clear_input(pilot)
        await type_text(pilot, "Late")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        assert "Renamed “Overdue” to “Late”." in _notes(app)
        assert _choices(dialog) == ["(clear the filter)", "Late  due:<0d", "Urgent  priority:urgent"]
        await pilot.press("d")  # the highlight stayed on the renamed filter
        await pilot.pause()
        confirm = on_top(pilot, ConfirmScreen)
        assert _labels(confirm).startswith("Delete the saved filter “Late”?")
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is dialog
        assert _choices(dialog) == ["(clear the filter)", "Urgent  priority:urgent"]
        await pilot.press("enter")  # the highlight moved to its neighbour: recall it
        await settle(app, pilot)
        assert top(pilot) is screen
        assert screen.query_one("#filter-input", Input).value == "priority:urgent"
        assert focused_id(pilot) == "table"
    with db.session() as s:
        assert [(f.name, f.version) for f in saved_filters.list_filters(s, "cases")] == [("Urgent", 1)]
        trail = s.exec(
            select(AuditEntry).where(AuditEntry.entity == "saved_filter", AuditEntry.entity_id == late)
        )
        assert [(a.action, a.changes.get("name")) for a in trail][1:] == [
            (AuditAction.UPDATE, ["Overdue", "Late"]),
            (AuditAction.DELETE, ["Late", None]),
        ]


async def test_a_saved_filter_changed_in_another_window_is_not_renamed_or_deleted(
    app: RepDesk, db: Database
) -> None:
    with db.transaction() as s:
        filter_id = saved_filters.save_filter(s, "cases", "Overdue", "due:<0d").id or 0
    async with app.run_test(size=SIZE) as pilot:
        await _cases(pilot, _top_case(db)[0])
        dialog = await opened(pilot, "f", SavedFiltersScreen)
        with db.transaction() as s:
            saved_filters.rename_filter(s, filter_id, "Late elsewhere", version=1)
        await pilot.press("d")  # the highlight starts on the first saved filter
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is dialog
        assert any("This saved filter was changed elsewhere" in note for note in _notes(app))
        assert _choices(dialog)[1] == "Late elsewhere  due:<0d"  # read again: as it now is
        with db.transaction() as s:
            saved_filters.rename_filter(s, filter_id, "Later still", version=2)
        await pilot.press("r")
        await pilot.pause()
        form = on_top(pilot, FormScreen)
        await clear_input(pilot)
        await type_text(pilot, "Mine")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert on_top(pilot, FormScreen) is form
        assert "was changed elsewhere" in _form_error(form)
    with db.session() as s:
        assert [f.name for f in saved_filters.list_filters(s, "cases")] == ["Later still"]


async def test_undo_passes_over_an_entry_deleted_since_it_was_added(app: RepDesk, db: Database) -> None:
    case_id, _ref, _next = _top_case(db)
    async with app.run_test(size=SIZE) as pilot:
        await _cases(pilot, case_id)
        await opened(pilot, "a", FormScreen)
        await move_to(pilot, "f-summary")
        await type_text(pilot, "Added in error")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await opened(pilot, "X", ChoiceScreen)
        await pilot.press("enter")  # the newest: the one just added
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert "Added in error" not in _summaries(db, case_id)
        await pilot.press("u")  # its undo can never work now: said, and taken off the list
        await settle(app, pilot)
        assert any("The timeline entry cannot be undone" in note for note in _notes(app))
        await pilot.press("u")
        await pilot.pause()
        assert _notes(app)[-1] == "Nothing to undo."
