"""Triage: what needs the rep today, and the overview counts that agree with it."""

from __future__ import annotations

from datetime import date

from repdesk.domain.enums import CaseStatus, Priority, ThreatAudience, ThreatChannel, ThreatKind, ThreatStatus
from repdesk.store import cases, common, threats, triage
from repdesk.store.common import validate
from repdesk.store.engine import Database
from repdesk.store.models import CaseUpdate, ThreatEntryCreate
from tests.helpers import TODAY, day
from tests.helpers.factories import NewCase, make_action_point, make_deadline, make_talks_session


def test_triage_counts_a_cases_next_action_date_as_due(db: Database, new_case: NewCase) -> None:
    made = new_case()
    with db.transaction() as s:
        case = cases.get_case(s, made.case_id)
        update = common.validate(
            CaseUpdate,
            {"version": case.version, "next_action": "Chase payroll", "next_action_due": "2026-11-20"},
        )
        cases.update_case(s, made.case_id, update)
    with db.session() as s:
        board = triage.triage(s)
        [item] = [row for row in board.overdue.rows if row.case_id == made.case_id]
        assert (item.id, item.kind, item.what, item.due_on, item.next_action) == (
            None,
            None,
            "Chase payroll",
            date(2026, 11, 20),
            True,
        )
        assert triage.overview(s).overdue == board.overdue.total >= 1
    # Closed cases' dates are not due.
    with db.transaction() as s:
        case = cases.get_case(s, made.case_id)
        closing = {
            "version": case.version,
            "status": "closed",
            "outcome": "resolved",
            "closed_on": "2026-11-22",
        }
        cases.update_case(s, made.case_id, common.validate(CaseUpdate, closing))
    with db.session() as s:
        assert all(row.case_id != made.case_id for row in triage.triage(s).overdue.rows)


def _threat(made_by: str, occurred: date) -> ThreatEntryCreate:
    return ThreatEntryCreate(
        occurred_on=occurred,
        made_by=made_by,
        channel=ThreatChannel.EMAIL,
        audience=ThreatAudience.ONE_MEMBER,
        kind=ThreatKind.PAY_DEDUCTION,
        exact_words="Your pay will be docked.",
    )


def test_triage_sections(db: Database, new_case: NewCase) -> None:
    urgent = new_case(priority=Priority.URGENT, title="Urgent one")
    closed = new_case(priority=Priority.URGENT, title="Closed urgent")
    plain = new_case(title="Plain")
    with db.transaction() as session:
        for case_id, offset, what in [
            (plain.case_id, -3, "Overdue reply"),
            (plain.case_id, -10, "Older overdue"),
            (urgent.case_id, 0, "Due today"),
            (urgent.case_id, 7, "Due in a week"),
            (urgent.case_id, 8, "Too far"),
            (closed.case_id, -5, "Closed case overdue"),
        ]:
            make_deadline(session, case_id, what=what, due_on=day(offset))
        done = make_deadline(session, plain.case_id, what="Done", due_on=day(-1))
        assert done.id is not None
        cases.set_deadline_done(session, done.id, True, version=done.version)
        case = cases.get_case(session, closed.case_id)
        cases.update_case(
            session,
            closed.case_id,
            validate(
                CaseUpdate, {"version": case.version, "status": CaseStatus.CLOSED, "outcome": "resolved"}
            ),
        )
        logged = threats.log_threat(session, _threat("A Manager", day(-4)))
        raised = threats.log_threat(session, _threat("B Manager", day(-2)))
        assert raised.id is not None and logged.id is not None
        threats.set_status(session, raised.id, ThreatStatus.RAISED, version=raised.version)
        past = make_talks_session(session, held_on=day(-20))
        coming = make_talks_session(session, held_on=day(3), venue="ACAS")
        assert past.id is not None and coming.id is not None
        make_action_point(session, past.id, text="Old but open", due_on=day(-15))
        make_action_point(session, coming.id, text="Undated")
        make_action_point(session, coming.id, text="Done already", done=True)

    with db.session() as session:
        found = triage.triage(session)

    assert found.today == TODAY
    assert [d.what for d in found.overdue.rows] == ["Older overdue", "Overdue reply"]
    assert found.overdue.total == 2
    assert found.overdue.rows[0].case_ref == plain.case_ref
    assert [d.what for d in found.due_soon.rows] == ["Due today", "Due in a week"]
    assert [c.id for c in found.urgent.rows] == [urgent.case_id]
    assert [t.id for t in found.threats.rows] == [logged.id]
    assert found.threats.rows[0].exact_words == "Your pay will be docked."
    assert found.session is not None and found.session.id == coming.id and found.session.upcoming
    assert [a.text for a in found.actions.rows] == ["Old but open", "Undated"]
    assert found.actions.rows[0].session_id == past.id

    with db.session() as session:
        limited = triage.triage(session, limit=1)
        later = triage.triage(session, today=day(10))
    assert [d.what for d in limited.overdue.rows] == ["Older overdue"] and limited.overdue.total == 2
    assert len(limited.actions.rows) == 1 and limited.actions.total == 2
    # Once the planned session has passed, triage points at the latest one instead.
    assert later.session is not None and later.session.id == coming.id and not later.session.upcoming
    assert later.overdue.total == 5


def test_triage_on_an_empty_database(db: Database) -> None:
    with db.session() as session:
        found = triage.triage(session)
    assert found.session is None
    for section in (found.overdue, found.due_soon, found.urgent, found.threats, found.actions):
        assert section.rows == [] and section.total == 0


def test_summary_and_triage_agree_that_closed_cases_have_no_live_deadlines(
    db: Database, new_case: NewCase
) -> None:
    from repdesk.domain.enums import CaseOutcome, CaseStatus
    from repdesk.store import cases, triage

    made = new_case()
    with db.transaction() as session:
        make_deadline(session, made.case_id, what="Old reply", due_on=date(2026, 11, 1))
        make_deadline(session, made.case_id, what="Hearing", due_on=date(2026, 11, 24))
    with db.session() as session:
        before = triage.overview(session)
        assert (before.overdue, before.due_soon) == (1, 1)
    with db.transaction() as session:
        case = cases.get_case(session, made.case_id)
        cases.set_status(
            session, made.case_id, CaseStatus.CLOSED, version=case.version, outcome=CaseOutcome.RESOLVED
        )
    with db.session() as session:
        after = triage.overview(session)
        board = triage.triage(session)
    assert (after.overdue, after.due_soon) == (0, 0)
    assert (board.overdue.total, board.due_soon.total) == (0, 0)
