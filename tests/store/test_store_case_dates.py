"""Triggers keep a case's next due date and last-activity date right, whatever writes the rows."""

from __future__ import annotations

from datetime import date

from repdesk.store import cases
from repdesk.store.common import validate
from repdesk.store.engine import Database
from repdesk.store.models import (
    Deadline,
    DeadlineCreate,
    DeadlineUpdate,
    TimelineEntryCreate,
    TimelineEntryUpdate,
)
from tests.store.store_factories import MakeCase


def _case_dates(db: Database, case_id: int) -> tuple[date | None, date]:
    with db.session() as s:
        case = cases.get_case(s, case_id)
        return case.next_due_on, case.last_activity_on


def _add_deadline(db: Database, case_id: int, due: date) -> int:
    with db.transaction() as s:
        deadline = cases.add_deadline(s, case_id, DeadlineCreate(what=f"Due {due}", due_on=due))
        assert deadline.id is not None
        return deadline.id


def test_next_due_follows_deadlines_added_done_moved_and_deleted(db: Database, make_case: MakeCase) -> None:
    made = make_case(opened_on=date(2026, 11, 1))
    other = make_case(opened_on=date(2026, 11, 1))
    assert _case_dates(db, made.case_id)[0] is None

    later = _add_deadline(db, made.case_id, date(2026, 12, 10))
    assert _case_dates(db, made.case_id)[0] == date(2026, 12, 10)
    sooner = _add_deadline(db, made.case_id, date(2026, 11, 30))
    assert _case_dates(db, made.case_id)[0] == date(2026, 11, 30)
    _add_deadline(db, other.case_id, date(2026, 11, 23))  # another case's deadline is not ours
    assert _case_dates(db, made.case_id)[0] == date(2026, 11, 30)

    with db.transaction() as s:
        cases.set_deadline_done(s, sooner, True, version=1)
    assert _case_dates(db, made.case_id)[0] == date(2026, 12, 10)
    with db.transaction() as s:
        cases.set_deadline_done(s, sooner, False, version=2)
    assert _case_dates(db, made.case_id)[0] == date(2026, 11, 30)
    with db.transaction() as s:
        cases.update_deadline(s, later, validate(DeadlineUpdate, {"version": 1, "due_on": "25/11/26"}))
    assert _case_dates(db, made.case_id)[0] == date(2026, 11, 25)

    with db.transaction() as s:
        s.delete(s.get_one(Deadline, later))
    assert _case_dates(db, made.case_id)[0] == date(2026, 11, 30)
    with db.transaction() as s:
        s.delete(s.get_one(Deadline, sooner))
    assert _case_dates(db, made.case_id)[0] is None
    assert _case_dates(db, other.case_id)[0] == date(2026, 11, 23)
    # The dates moved; the case's own version (what an edit form holds) did not.
    with db.session() as s:
        assert cases.get_case(s, made.case_id).version == 1


def test_a_deadline_added_already_done_does_not_count(db: Database, make_case: MakeCase) -> None:
    made = make_case()
    with db.transaction() as s:
        cases.add_deadline(s, made.case_id, DeadlineCreate(what="Old", due_on=date(2026, 11, 1), done=True))
    assert _case_dates(db, made.case_id)[0] is None


def test_raw_sql_deadline_writes_are_followed_too(db: Database, make_case: MakeCase) -> None:
    made = make_case()
    deadline_id = _add_deadline(db, made.case_id, date(2026, 12, 1))
    with db.engine.begin() as conn:
        conn.exec_driver_sql(f"UPDATE deadline SET done = 1 WHERE id = {deadline_id}")
    assert _case_dates(db, made.case_id)[0] is None
    with db.engine.begin() as conn:
        conn.exec_driver_sql(f"UPDATE deadline SET done = 0, due_on = '2026-12-02' WHERE id = {deadline_id}")
    assert _case_dates(db, made.case_id)[0] == date(2026, 12, 2)


def test_timeline_entries_move_last_activity_forward(db: Database, make_case: MakeCase) -> None:
    made = make_case(opened_on=date(2026, 10, 1))
    assert _case_dates(db, made.case_id)[1] == date(2026, 10, 1)
    with db.transaction() as s:
        entry = cases.add_timeline_entry(
            s, made.case_id, TimelineEntryCreate(summary="Meeting", occurred_on=date(2026, 10, 20))
        )
        assert entry.id is not None
        entry_id = entry.id
    assert _case_dates(db, made.case_id)[1] == date(2026, 10, 20)
    with db.transaction() as s:  # backfilling an older entry does not make the case look idle
        cases.add_timeline_entry(
            s, made.case_id, TimelineEntryCreate(summary="Note", occurred_on=date(2026, 10, 5))
        )
    assert _case_dates(db, made.case_id)[1] == date(2026, 10, 20)
    with db.transaction() as s:
        cases.update_timeline_entry(
            s, entry_id, validate(TimelineEntryUpdate, {"version": 1, "occurred_on": "1/11/26"})
        )
    assert _case_dates(db, made.case_id)[1] == date(2026, 11, 1)
    with db.transaction() as s:  # today's default date
        cases.add_timeline_entry(s, made.case_id, TimelineEntryCreate(summary="Call"))
    assert _case_dates(db, made.case_id)[1] == date(2026, 11, 22)
    with db.session() as s:
        assert cases.get_case(s, made.case_id).version == 1
        assert [e.summary for e in cases.timeline(s, made.case_id)] == ["Note", "Meeting", "Call"]


def test_the_urgency_read_from_the_case_follows_its_dates(db: Database, make_case: MakeCase) -> None:
    made = make_case(opened_on=date(2026, 10, 1))
    with db.session() as s:
        idle = cases.case_urgency(cases.get_case(s, made.case_id))
    _add_deadline(db, made.case_id, date(2026, 11, 22))
    with db.transaction() as s:
        cases.add_timeline_entry(s, made.case_id, TimelineEntryCreate(summary="Call"))
    with db.session() as s:
        detail = cases.case_detail(s, made.case_id)
    parts = {part.label: part.points for part in detail.urgency.parts}
    assert parts["Due"] == 10.0 and parts["Idle"] == 0.0
    assert {part.label: part.points for part in idle.parts}["Idle"] > 4.0
    assert detail.urgency.score > idle.score
