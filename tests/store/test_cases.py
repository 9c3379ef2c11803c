"""Cases through their service: references, status and outcome, edits and their undo, dates, lists."""

from __future__ import annotations

from datetime import date

import pytest

from repdesk.domain.enums import CaseCategory, CaseOutcome, CaseStatus, DisciplinaryStage, Priority
from repdesk.domain.filters import CaseFilter
from repdesk.store import cases
from repdesk.store.common import Page, validate
from repdesk.store.engine import Database
from repdesk.store.errors import Invalid, StaleVersion
from repdesk.store.models import CaseCreate, CaseUpdate, Deadline, DeadlineUpdate, TimelineEntryUpdate
from tests.helpers import TODAY, day
from tests.helpers.factories import NewCase, make_deadline, make_timeline_entry


def _state(db: Database, ids: list[int]) -> dict[int, tuple[object, ...]]:
    with db.session() as s:
        found = [cases.get_case(s, i) for i in ids]
        return {
            c.id or 0: (c.status, c.outcome, c.closed_on, c.priority, c.last_activity_on, c.urgency)
            for c in found
        }


def test_a_bulk_change_and_its_undo_restore_activity_and_score(db: Database, new_case: NewCase) -> None:
    made = [new_case(opened_on="2026-09-01") for _ in range(3)]
    ids = [m.case_id for m in made]
    with db.transaction() as s:
        # An old activity date, which a change of status leaves where it is (it is not activity).
        for i in ids:
            cases.get_case(s, i).last_activity_on = date(2026, 9, 1)
    before = _state(db, ids)
    with db.transaction() as s:
        versions = {i: cases.get_case(s, i).version for i in ids}
        change = cases.change_cases(s, versions, status=CaseStatus.CLOSED, outcome=CaseOutcome.RESOLVED)
    changed = _state(db, ids)
    assert {v[0] for v in changed.values()} == {CaseStatus.CLOSED}
    assert {v[2] for v in changed.values()} == {TODAY}  # closing fills in today
    assert {v[4] for v in changed.values()} == {date(2026, 9, 1)}
    with db.transaction() as s:
        assert cases.restore_cases(s, change) == 3
    assert _state(db, ids) == before


def test_an_undo_refuses_a_case_changed_since_and_changes_nothing(db: Database, new_case: NewCase) -> None:
    first, second = new_case(), new_case()
    with db.transaction() as s:
        versions = {m.case_id: cases.get_case(s, m.case_id).version for m in (first, second)}
        change = cases.change_cases(s, versions, priority=Priority.URGENT)
    with db.transaction() as s:  # another window edits the second case
        case = cases.get_case(s, second.case_id)
        cases.edit_case(s, second.case_id, {"priority": Priority.LOW}, version=case.version)
    with pytest.raises(StaleVersion), db.transaction() as s:
        cases.restore_cases(s, change)
    state = _state(db, [first.case_id, second.case_id])
    assert (state[first.case_id][3], state[second.case_id][3]) == (Priority.URGENT, Priority.LOW)


def test_a_bulk_change_from_a_stale_copy_changes_nothing(db: Database, new_case: NewCase) -> None:
    first, second = new_case(), new_case()
    before = _state(db, [first.case_id, second.case_id])
    with pytest.raises(StaleVersion), db.transaction() as s:
        cases.change_cases(s, {first.case_id: first.case_version, second.case_id: 99}, priority=Priority.LOW)
    assert _state(db, [first.case_id, second.case_id]) == before


def test_edit_case_validates_in_the_service_and_says_what_it_changed(db: Database, new_case: NewCase) -> None:
    made = new_case(opened_on="2026-10-01")
    with pytest.raises(Invalid, match="Closed date cannot be before"), db.transaction() as s:
        cases.edit_case(
            s,
            made.case_id,
            {"status": "closed", "outcome": "resolved", "closed_on": "2026-09-01"},
            version=made.case_version,
        )
    with db.transaction() as s:
        change = cases.edit_case(s, made.case_id, {"title": "Renamed"}, version=made.case_version)
    assert change.before[made.case_id]["title"] != "Renamed"
    assert change.after[made.case_id] == made.case_version + 1
    with pytest.raises(Invalid, match="Choose a status or a priority"), db.transaction() as s:
        cases.change_cases(s, {made.case_id: made.case_version + 1})


def _case_dates(db: Database, case_id: int) -> tuple[date | None, date]:
    with db.session() as s:
        case = cases.get_case(s, case_id)
        return case.next_due_on, case.last_activity_on


def _add_deadline(db: Database, case_id: int, due: date) -> int:
    with db.transaction() as s:
        deadline = make_deadline(s, case_id, what=f"Due {due}", due_on=due)
        assert deadline.id is not None
        return deadline.id


def test_next_due_follows_deadlines_added_done_moved_and_deleted(db: Database, new_case: NewCase) -> None:
    made = new_case(opened_on=date(2026, 11, 1))
    other = new_case(opened_on=date(2026, 11, 1))
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


def test_a_deadline_added_already_done_does_not_count(db: Database, new_case: NewCase) -> None:
    made = new_case()
    with db.transaction() as s:
        make_deadline(s, made.case_id, what="Old", due_on=date(2026, 11, 1), done=True)
    assert _case_dates(db, made.case_id)[0] is None


def test_raw_sql_deadline_writes_are_followed_too(db: Database, new_case: NewCase) -> None:
    made = new_case()
    deadline_id = _add_deadline(db, made.case_id, date(2026, 12, 1))
    with db.engine.begin() as conn:
        conn.exec_driver_sql(f"UPDATE deadline SET done = 1 WHERE id = {deadline_id}")
    assert _case_dates(db, made.case_id)[0] is None
    with db.engine.begin() as conn:
        conn.exec_driver_sql(f"UPDATE deadline SET done = 0, due_on = '2026-12-02' WHERE id = {deadline_id}")
    assert _case_dates(db, made.case_id)[0] == date(2026, 12, 2)


def test_timeline_entries_move_last_activity_forward(db: Database, new_case: NewCase) -> None:
    made = new_case(opened_on=date(2026, 10, 1))
    assert _case_dates(db, made.case_id)[1] == date(2026, 10, 1)
    with db.transaction() as s:
        entry = make_timeline_entry(s, made.case_id, summary="Meeting", occurred_on=date(2026, 10, 20))
        assert entry.id is not None
        entry_id = entry.id
    assert _case_dates(db, made.case_id)[1] == date(2026, 10, 20)
    with db.transaction() as s:  # backfilling an older entry does not make the case look idle
        make_timeline_entry(s, made.case_id, summary="Note", occurred_on=date(2026, 10, 5))
    assert _case_dates(db, made.case_id)[1] == date(2026, 10, 20)
    with db.transaction() as s:
        cases.update_timeline_entry(
            s, entry_id, validate(TimelineEntryUpdate, {"version": 1, "occurred_on": "1/11/26"})
        )
    assert _case_dates(db, made.case_id)[1] == date(2026, 11, 1)
    with db.transaction() as s:  # today's default date
        make_timeline_entry(s, made.case_id, summary="Call")
    assert _case_dates(db, made.case_id)[1] == TODAY
    with db.session() as s:
        assert cases.get_case(s, made.case_id).version == 1
        assert [e.summary for e in cases.timeline(s, made.case_id)] == ["Note", "Meeting", "Call"]


def test_a_case_round_trips_with_a_fresh_reference(db: Database, new_case: NewCase) -> None:
    first = new_case(title="Earlier matter")
    with db.transaction() as s:
        case = cases.create_case(
            s,
            CaseCreate.model_validate(
                {
                    "member_id": first.member_id,
                    "title": "Disciplinary over office days",
                    "category": "disciplinary",
                    "status": "open",
                    "priority": "high",
                    "stage": "investigation",
                    "opened_on": "1/11/26",
                    "next_action": "Ask for the investigation notes",
                    "next_action_due": "2026-11-27",
                    "tags": "#Hybrid, pay hybrid",
                    "summary": "Told to attend 4 days despite the 2021 agreement.",
                }
            ),
        )
        assert case.id is not None
        case_id = case.id
    with db.session() as s:
        stored = cases.get_case(s, case_id)
        found = cases.find_case(s, " c-2026-0002 ")
    assert first.case_ref == "C-2026-0001"
    assert stored.ref == "C-2026-0002"
    assert found is not None and found.id == case_id
    assert stored.category is CaseCategory.DISCIPLINARY
    assert stored.status is CaseStatus.OPEN
    assert stored.priority is Priority.HIGH
    assert stored.stage is DisciplinaryStage.INVESTIGATION
    assert stored.opened_on == date(2026, 11, 1)
    assert stored.last_activity_on == date(2026, 11, 1)
    assert stored.next_action_due == date(2026, 11, 27)
    assert stored.tags == ["hybrid", "pay"]
    assert stored.summary == "Told to attend 4 days despite the 2021 agreement."
    assert stored.outcome is None and stored.closed_on is None


def test_closing_a_case_fills_in_today_and_reopening_clears_the_outcome(
    db: Database, new_case: NewCase
) -> None:
    made = new_case(opened_on="2026-11-01")
    with db.transaction() as s:
        closed = cases.set_status(
            s, made.case_id, CaseStatus.CLOSED, version=made.case_version, outcome=CaseOutcome.RESOLVED
        )
        version = closed.version
    with db.session() as s:
        stored = cases.get_case(s, made.case_id)
    assert (stored.status, stored.outcome, stored.closed_on) == (
        CaseStatus.CLOSED,
        CaseOutcome.RESOLVED,
        TODAY,
    )
    with db.transaction() as s:
        cases.set_status(s, made.case_id, CaseStatus.OPEN, version=version)
    with db.session() as s:
        reopened = cases.get_case(s, made.case_id)
    assert (reopened.status, reopened.outcome, reopened.closed_on) == (CaseStatus.OPEN, None, None)


def test_update_case_changes_only_what_is_set(db: Database, new_case: NewCase) -> None:
    made = new_case(summary="Original", next_action="Call member", priority=Priority.LOW)
    with db.transaction() as s:
        cases.update_case(s, made.case_id, CaseUpdate.model_validate({"version": 1, "summary": "New facts"}))
    with db.session() as s:
        stored = cases.get_case(s, made.case_id)
    assert (stored.summary, stored.next_action, stored.priority) == ("New facts", "Call member", Priority.LOW)


def _ids(page: Page[cases.CaseRow]) -> list[int]:
    return [row.id for row in page.rows]


def test_pages_add_up_to_the_whole_ordered_list(db: Database, varied: list[int]) -> None:
    with db.session() as s:
        whole = cases.list_cases(s, limit=100)
        pages = [cases.list_cases(s, limit=10, offset=offset) for offset in (0, 10, 20, 30)]
        beyond = cases.list_cases(s, limit=10, offset=40)
        clamped = cases.list_cases(s, limit=0, offset=-5)
    active = len(varied) - 1
    assert whole.total == active
    assert [p.total for p in pages] == [active] * 4
    assert [len(p.rows) for p in pages] == [10, 10, 10, active - 30]
    assert [p.offset for p in pages] == [0, 10, 20, 30]
    assert [i for p in pages for i in _ids(p)] == _ids(whole)
    assert (beyond.rows, beyond.total) == ([], active)
    assert (len(clamped.rows), clamped.offset) == (1, 0)


def test_other_sorts(db: Database, varied: list[int]) -> None:
    with db.session() as s:
        by_ref = cases.list_cases(s, CaseFilter(sort="ref"), limit=100)
        by_due = cases.list_cases(s, CaseFilter(sort="due"), limit=100)
        by_opened = cases.list_cases(s, CaseFilter(sort="opened"), limit=100)
    refs = [row.ref for row in by_ref.rows]
    assert refs == sorted(refs)
    dues = [row.next_due for row in by_due.rows]
    dated = [d for d in dues if d is not None]
    assert dated == sorted(dated) and dues[: len(dated)] == dated  # undated last
    opened = [row.opened_on for row in by_opened.rows]
    assert opened == sorted(opened, reverse=True)


@pytest.fixture
def assorted(db: Database, new_case: NewCase) -> dict[str, int]:
    priya = new_case(
        member_name="Priya Okafor",
        member_membership_no="PCS-100",
        title="Docked pay",
        category=CaseCategory.PAY_DEDUCTION,
        priority=Priority.URGENT,
        status=CaseStatus.OPEN,
        tags=["pay", "hybrid"],
        next_action_due=day(3),
    )
    priya2 = new_case(
        member_id=priya.member_id,
        title="Office days",
        category=CaseCategory.ATTENDANCE,
        priority=Priority.LOW,
        tags=["hybrid"],
        summary="Quartermaster rota",
    )
    dan = new_case(
        member_name="Dan Smith",
        member_membership_no="PCS-200",
        title="Hearing",
        category=CaseCategory.DISCIPLINARY,
        priority=Priority.HIGH,
        status=CaseStatus.WAITING_EMPLOYER,
        tags=["pay"],
    )
    with db.transaction() as s:
        make_deadline(s, dan.case_id, what="Overdue reply", due_on=day(-2))
    closed = new_case(
        member_name="Ola Closed",
        title="Old grievance",
        category=CaseCategory.GRIEVANCE,
        opened_on=day(-100),
        tags=["pay"],
        next_action_due=day(1),
    )
    with db.transaction() as s:
        cases.set_status(s, closed.case_id, CaseStatus.CLOSED, version=1, outcome=CaseOutcome.RESOLVED)
    far = new_case(member_name="Far Future", title="Later", next_action_due=day(40))
    return {
        "priya": priya.case_id,
        "priya2": priya2.case_id,
        "priya_member": priya.member_id,
        "dan": dan.case_id,
        "closed": closed.case_id,
        "far": far.case_id,
    }


def _listed(db: Database, query: CaseFilter) -> set[int]:
    with db.session() as s:
        page = cases.list_cases(s, query, limit=100)
    assert page.total == len(page.rows)
    return set(_ids(page))


def test_case_filters(db: Database, assorted: dict[str, int]) -> None:
    a = assorted
    active = {a["priya"], a["priya2"], a["dan"], a["far"]}
    assert _listed(db, CaseFilter()) == active
    assert _listed(db, CaseFilter(include_closed=True)) == active | {a["closed"]}
    assert _listed(db, CaseFilter(statuses=frozenset({CaseStatus.OPEN}))) == {a["priya"]}
    assert _listed(db, CaseFilter(statuses=frozenset({CaseStatus.CLOSED}))) == {a["closed"]}
    assert _listed(db, CaseFilter(priorities=frozenset({Priority.URGENT, Priority.HIGH}))) == {
        a["priya"],
        a["dan"],
    }
    assert _listed(db, CaseFilter(categories=frozenset({CaseCategory.ATTENDANCE}))) == {a["priya2"], a["far"]}
    assert _listed(db, CaseFilter(member="okaf")) == {a["priya"], a["priya2"]}
    assert _listed(db, CaseFilter(member="pcs-2")) == {a["dan"]}
    assert _listed(db, CaseFilter(member="%")) == set()  # LIKE wildcards are literal
    assert _listed(db, CaseFilter(member_id=a["priya_member"])) == {a["priya"], a["priya2"]}
    assert _listed(db, CaseFilter(tags=frozenset({"pay"}))) == {a["priya"], a["dan"]}
    assert _listed(db, CaseFilter(tags=frozenset({"PAY", "hybrid"}))) == {a["priya"]}
    assert _listed(db, CaseFilter(tags=frozenset({"pay"}), include_closed=True)) == {
        a["priya"],
        a["dan"],
        a["closed"],
    }
    # Overdue counts as due within any window; undated and far-off cases do not.
    assert _listed(db, CaseFilter(due_within_days=7)) == {a["priya"], a["dan"]}
    assert _listed(db, CaseFilter(due_within_days=0)) == {a["dan"]}
    assert _listed(db, CaseFilter(due_within_days=60)) == {a["priya"], a["dan"], a["far"]}
    assert _listed(db, CaseFilter(text="quartermaster")) == {a["priya2"]}
    assert _listed(db, CaseFilter(text="docked")) == {a["priya"]}  # the title is indexed
    assert _listed(db, CaseFilter(text="quartermaster", priorities=frozenset({Priority.HIGH}))) == set()
    assert _listed(db, CaseFilter(text="  ")) == active  # no words, no text filter


def test_case_rows_carry_their_member(db: Database, assorted: dict[str, int]) -> None:
    with db.session() as s:
        [row] = cases.list_cases(s, CaseFilter(member="Dan")).rows
    assert (row.id, row.member_name, row.title, row.priority) == (
        assorted["dan"],
        "Dan Smith",
        "Hearing",
        Priority.HIGH,
    )
    assert row.next_due == day(-2)
    assert row.version == 1


def test_deleting_a_deadline_moves_the_cases_next_due_date(db: Database, new_case: NewCase) -> None:
    made = new_case()
    with db.transaction() as session:
        early = make_deadline(session, made.case_id, what="Reply", due_on=date(2026, 12, 1))
        make_deadline(session, made.case_id, what="Hearing", due_on=date(2026, 12, 9))
    with pytest.raises(StaleVersion), db.transaction() as session:
        cases.delete_deadline(session, early.id or 0, version=early.version + 1)
    with db.transaction() as session:
        cases.delete_deadline(session, early.id or 0, version=early.version)
    with db.session() as session:
        assert cases.get_case(session, made.case_id).next_due_on == date(2026, 12, 9)
        assert [d.what for d in cases.deadlines(session, made.case_id)] == ["Hearing"]


def test_closing_before_opening_is_caught_on_the_merged_record(db: Database, new_case: NewCase) -> None:
    made = new_case(opened_on=date(2026, 11, 1))
    # Only status, outcome and a closed date: the opened date comes from the stored record.
    with pytest.raises(Invalid) as caught, db.transaction() as s:
        cases.update_case(
            s,
            made.case_id,
            validate(
                CaseUpdate,
                {"version": 1, "status": "closed", "outcome": "resolved", "closed_on": "31/10/26"},
            ),
        )
    assert str(caught.value) == "Closed date cannot be before the opened date."

    with db.transaction() as s:
        closed = cases.set_status(s, made.case_id, CaseStatus.CLOSED, version=1, outcome=CaseOutcome.UPHELD)
        assert closed.closed_on == TODAY
    # Now only the closed date.
    with pytest.raises(Invalid) as caught, db.transaction() as s:
        cases.update_case(s, made.case_id, validate(CaseUpdate, {"version": 2, "closed_on": "2026-10-01"}))
    assert str(caught.value) == "Closed date cannot be before the opened date."
    with db.session() as s:
        stored = cases.get_case(s, made.case_id)
    assert (stored.closed_on, stored.version) == (TODAY, 2)


def test_a_case_cannot_close_without_an_outcome_or_take_one_while_open(
    db: Database, new_case: NewCase
) -> None:
    made = new_case()
    with pytest.raises(Invalid) as caught, db.transaction() as s:
        cases.set_status(s, made.case_id, CaseStatus.CLOSED, version=1)
    assert str(caught.value) == "Outcome is required when a case is closed."
    with pytest.raises(Invalid) as caught, db.transaction() as s:
        cases.update_case(s, made.case_id, validate(CaseUpdate, {"version": 1, "outcome": "resolved"}))
    assert str(caught.value).startswith("Outcome and closed date are for closed cases only")
    with db.session() as s:
        stored = cases.get_case(s, made.case_id)
    assert (stored.status, stored.outcome, stored.version) == (CaseStatus.NEW, None, 1)
