"""Services behind the Talks and Triage screens: offers on the table, topics, and the triage sections."""

from __future__ import annotations

from datetime import date, timedelta

from repdesk.domain.enums import (
    CaseStatus,
    OfferKind,
    OfferStatus,
    Priority,
    Side,
    ThreatAudience,
    ThreatChannel,
    ThreatKind,
    ThreatStatus,
)
from repdesk.store import cases, talks, threats, triage
from repdesk.store.common import validate
from repdesk.store.engine import Database
from repdesk.store.models import (
    ActionPointCreate,
    CaseUpdate,
    DeadlineCreate,
    OfferCreate,
    TalksSessionCreate,
    ThreatEntryCreate,
)
from tests.store.store_factories import MakeCase

TODAY = date(2026, 11, 22)


def _day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def _three_sessions(db: Database) -> tuple[int, int, int, dict[str, int]]:
    """Three sessions; an offer tabled at the first is considered at the second, rejected at the third."""
    with db.transaction() as session:
        ids = []
        for offset in (-60, -30, -10):
            made = talks.create_session(session, TalksSessionCreate(held_on=_day(offset)))
            assert made.id is not None
            ids.append(made.id)
        first, second, third = ids
        days = talks.add_offer(
            session,
            first,
            OfferCreate(side=Side.UNION, kind=OfferKind.POSITION, topic="office days", text="Two days"),
        )
        closed = talks.add_offer(
            session, first, OfferCreate(side=Side.EMPLOYER, topic="pay", text="Deductions apply")
        )
        assert days.id is not None and closed.id is not None
        moved = talks.set_offer_status(
            session, days.id, OfferStatus.CONSIDERING, version=days.version, at_session_id=second
        )
        talks.set_offer_status(
            session, closed.id, OfferStatus.WITHDRAWN, version=closed.version, at_session_id=first
        )
        talks.set_offer_status(
            session, days.id, OfferStatus.REJECTED, version=moved.version, at_session_id=third
        )
        later = talks.add_offer(
            session, third, OfferCreate(side=Side.EMPLOYER, topic="Office days", text="Three days")
        )
        assert later.id is not None
        return first, second, third, {"days": days.id, "closed": closed.id, "later": later.id}


def test_offers_on_the_table_include_earlier_offers_still_open_or_moved_there(db: Database) -> None:
    first, second, third, offer = _three_sessions(db)
    with db.session() as session:
        at_first = talks.offers_on_table(session, first)
        at_second = talks.offers_on_table(session, second)
        at_third = talks.offers_on_table(session, third)

    assert [(t.offer.id, t.tabled_here, t.status_here) for t in at_first] == [
        (offer["days"], True, OfferStatus.TABLED),
        (offer["closed"], True, OfferStatus.WITHDRAWN),
    ]
    # Carried over: still open at the second session; the withdrawn one is not.
    assert [(t.offer.id, t.tabled_here, t.status_here) for t in at_second] == [
        (offer["days"], False, OfferStatus.CONSIDERING)
    ]
    # Rejected at the third session, so it shows there, beside what was tabled there.
    assert [(t.offer.id, t.tabled_here, t.status_here) for t in at_third] == [
        (offer["days"], False, OfferStatus.REJECTED),
        (offer["later"], True, OfferStatus.TABLED),
    ]
    days = at_third[0]
    assert days.offer.status is OfferStatus.REJECTED
    assert [(step.to_status, step.session_id) for step in days.history] == [
        (OfferStatus.TABLED, first),
        (OfferStatus.CONSIDERING, second),
        (OfferStatus.REJECTED, third),
    ]
    assert days.history[-1].changed_on == _day(-10)


def test_offer_histories_and_topics(db: Database) -> None:
    _first, _second, _third, offer = _three_sessions(db)
    with db.session() as session:
        history = talks.offer_histories(session, [offer["days"], offer["later"], offer["days"]])
        assert [len(history[offer["days"]]), len(history[offer["later"]])] == [3, 1]
        assert talks.offer_histories(session, []) == {}
        # Most recently used first; distinct spellings stay distinct.
        assert talks.topics(session) == ["Office days", "pay", "office days"]
        assert talks.topics(session, limit=1) == ["Office days"]


def _threat(made_by: str, occurred: date) -> ThreatEntryCreate:
    return ThreatEntryCreate(
        occurred_on=occurred,
        made_by=made_by,
        channel=ThreatChannel.EMAIL,
        audience=ThreatAudience.ONE_MEMBER,
        kind=ThreatKind.PAY_DEDUCTION,
        exact_words="Your pay will be docked.",
    )


def test_triage_sections(db: Database, make_case: MakeCase) -> None:
    urgent = make_case(priority=Priority.URGENT, title="Urgent one")
    closed = make_case(priority=Priority.URGENT, title="Closed urgent")
    plain = make_case(title="Plain")
    with db.transaction() as session:
        for case_id, offset, what in [
            (plain.case_id, -3, "Overdue reply"),
            (plain.case_id, -10, "Older overdue"),
            (urgent.case_id, 0, "Due today"),
            (urgent.case_id, 7, "Due in a week"),
            (urgent.case_id, 8, "Too far"),
            (closed.case_id, -5, "Closed case overdue"),
        ]:
            cases.add_deadline(session, case_id, DeadlineCreate(what=what, due_on=_day(offset)))
        done = cases.add_deadline(session, plain.case_id, DeadlineCreate(what="Done", due_on=_day(-1)))
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
        logged = threats.log_threat(session, _threat("A Manager", _day(-4)))
        raised = threats.log_threat(session, _threat("B Manager", _day(-2)))
        assert raised.id is not None and logged.id is not None
        threats.set_status(session, raised.id, ThreatStatus.RAISED, version=raised.version)
        past = talks.create_session(session, TalksSessionCreate(held_on=_day(-20)))
        coming = talks.create_session(session, TalksSessionCreate(held_on=_day(3), venue="ACAS"))
        assert past.id is not None and coming.id is not None
        talks.add_action_point(session, past.id, ActionPointCreate(text="Old but open", due_on=_day(-15)))
        talks.add_action_point(session, coming.id, ActionPointCreate(text="Undated"))
        talks.add_action_point(session, coming.id, ActionPointCreate(text="Done already", done=True))

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
        later = triage.triage(session, today=_day(10))
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
    db: Database, make_case: MakeCase
) -> None:
    from repdesk.domain.enums import CaseOutcome, CaseStatus
    from repdesk.store import cases, triage
    from repdesk.store.models import DeadlineCreate

    made = make_case()
    with db.transaction() as session:
        cases.add_deadline(session, made.case_id, DeadlineCreate(what="Old reply", due_on=date(2026, 11, 1)))
        cases.add_deadline(session, made.case_id, DeadlineCreate(what="Hearing", due_on=date(2026, 11, 24)))
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
