"""ACAS talks: sessions, offers and their history, what is on the table, topics, action points."""

from __future__ import annotations

from datetime import date, time

import pytest

from repdesk.domain.enums import OfferKind, OfferStatus, Side, TalksFormat, TalksKind
from repdesk.store import talks
from repdesk.store.common import validate
from repdesk.store.engine import Database
from repdesk.store.errors import Invalid
from repdesk.store.models import DEFAULT_MARKING, ActionPointCreate, TalksSessionCreate, TalksSessionUpdate
from tests.helpers import TODAY, day
from tests.helpers.factories import make_offer, make_talks_session
from tests.store.store_helpers import round_trip


def test_a_talks_session_round_trips(db: Database) -> None:
    given = TalksSessionCreate(
        held_on=date(2026, 11, 10),
        starts_at=time(10, 0),
        format=TalksFormat.HYBRID,
        kind=TalksKind.SEPARATE,
        venue="ACAS Euston",
        conciliator="J. Conciliator",
        union_attendees="Branch secretary, two reps",
        employer_attendees="HR director",
        agenda="Office days",
        notes="Employer floated 3 days for support roles.",
        caucus_notes="We could live with 3.",
        report_back="Talks continue.",
        next_session_on=date(2026, 11, 24),
    )
    stored = round_trip(db, talks.create_session, talks.get_session, given)
    assert stored.confidentiality == DEFAULT_MARKING


def test_an_offer_keeps_its_status_history(db: Database) -> None:
    with db.transaction() as s:
        first = make_talks_session(s, held_on=date(2026, 11, 3))
        second = make_talks_session(s, held_on=date(2026, 11, 10))
        assert first.id is not None and second.id is not None
        offer = make_offer(
            s,
            first.id,
            side=Side.EMPLOYER,
            kind=OfferKind.OFFER,
            topic="office days for support roles",
            text="3 days for support roles from January.",
        )
        assert offer.id is not None
        offer_id, ids = offer.id, (first.id, second.id)
        considered = talks.set_offer_status(
            s, offer_id, OfferStatus.CONSIDERING, version=offer.version, at_session_id=second.id
        )
        talks.set_offer_status(
            s,
            offer_id,
            OfferStatus.REJECTED,
            version=considered.version,
            on=date(2026, 11, 15),
            note="Ballot",
        )
    with db.session() as s:
        detail = talks.session_detail(s, ids[0])
        history = talks.offer_history(s, offer_id)
    [stored] = detail.offers
    assert (stored.side, stored.kind, stored.topic, stored.text, stored.status) == (
        Side.EMPLOYER,
        OfferKind.OFFER,
        "office days for support roles",
        "3 days for support roles from January.",
        OfferStatus.REJECTED,
    )
    assert stored.version == 3
    steps = [(h.from_status, h.to_status, h.session_id, h.changed_on, h.note) for h in history]
    assert steps == [
        (None, OfferStatus.TABLED, ids[0], date(2026, 11, 3), ""),
        (OfferStatus.TABLED, OfferStatus.CONSIDERING, ids[1], date(2026, 11, 10), ""),
        (OfferStatus.CONSIDERING, OfferStatus.REJECTED, None, date(2026, 11, 15), "Ballot"),
    ]
    assert [h.id for h in detail.history[offer_id]] == [h.id for h in history]


def test_an_action_point_toggles_done_and_back(db: Database) -> None:
    with db.transaction() as s:
        talk = make_talks_session(s, held_on=date(2026, 11, 10))
        assert talk.id is not None
        point = talks.add_action_point(
            s,
            talk.id,
            ActionPointCreate.model_validate(
                {"text": "Send headcount figures", "owner": "HR", "owner_side": "employer", "due_on": "+3d"}
            ),
        )
        assert point.id is not None
        point_id, talk_id = point.id, talk.id
    with db.transaction() as s:
        done = talks.toggle_action_point(s, point_id, version=1)
        assert (done.done, done.done_on, done.version) == (True, TODAY, 2)
    with db.session() as s:
        [stored] = talks.action_points(s, talk_id)
        [row] = talks.list_sessions(s).rows
    assert (stored.text, stored.owner, stored.owner_side, stored.due_on) == (
        "Send headcount figures",
        "HR",
        Side.EMPLOYER,
        date(2026, 11, 25),
    )
    assert (stored.done, stored.done_on) == (True, TODAY)
    assert row.open_actions == 0
    with db.transaction() as s:
        undone = talks.toggle_action_point(s, point_id, version=2)
    assert (undone.done, undone.done_on, undone.version) == (False, None, 3)


def test_following_a_topic_across_sessions(db: Database) -> None:
    with db.transaction() as s:
        # Recorded out of order: the third session is typed in first.
        third = make_talks_session(s, held_on=date(2026, 11, 17))
        first = make_talks_session(s, held_on=date(2026, 11, 3))
        second = make_talks_session(s, held_on=date(2026, 11, 10))
        assert third.id and first.id and second.id

        def offer(session_id: int, side: Side, topic: str, text: str) -> int:
            made = make_offer(s, session_id, side=side, topic=topic, text=text)
            assert made.id is not None
            return made.id

        final = offer(third.id, Side.EMPLOYER, "Office days for support roles", "Final: 3 days.")
        opening = offer(first.id, Side.UNION, "office days for support roles", "Keep the 2021 agreement.")
        unrelated = offer(first.id, Side.EMPLOYER, "Pay", "1% uplift.")
        counter = offer(second.id, Side.EMPLOYER, "", "Counter-offer on office days: 4 reduced to 3.")
        _ = unrelated
    with db.session() as s:
        followed = talks.follow_topic(s, "office days")
        by_word = talks.follow_topic(s, "uplift")
        sessions = talks.list_sessions(s)
    assert [item.offer.id for item in followed] == [opening, counter, final]
    assert [item.held_on for item in followed] == [date(2026, 11, 3), date(2026, 11, 10), date(2026, 11, 17)]
    assert [item.offer.id for item in by_word] == [unrelated]
    assert [row.held_on for row in sessions.rows] == [
        date(2026, 11, 17),
        date(2026, 11, 10),
        date(2026, 11, 3),
    ]
    assert [row.offers for row in sessions.rows] == [1, 1, 2]


def _three_sessions(db: Database) -> tuple[int, int, int, dict[str, int]]:
    """Three sessions; an offer tabled at the first is considered at the second, rejected at the third."""
    with db.transaction() as session:
        ids = []
        for offset in (-60, -30, -10):
            made = make_talks_session(session, held_on=day(offset))
            assert made.id is not None
            ids.append(made.id)
        first, second, third = ids
        days = make_offer(
            session, first, side=Side.UNION, kind=OfferKind.POSITION, topic="office days", text="Two days"
        )
        closed = make_offer(session, first, side=Side.EMPLOYER, topic="pay", text="Deductions apply")
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
        later = make_offer(session, third, side=Side.EMPLOYER, topic="Office days", text="Three days")
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
    assert days.history[-1].changed_on == day(-10)


def test_offer_histories_and_topics(db: Database) -> None:
    _first, _second, _third, offer = _three_sessions(db)
    with db.session() as session:
        history = talks.offer_histories(session, [offer["days"], offer["later"], offer["days"]])
        assert [len(history[offer["days"]]), len(history[offer["later"]])] == [3, 1]
        assert talks.offer_histories(session, []) == {}
        # Most recently used first; distinct spellings stay distinct.
        assert talks.topics(session) == ["Office days", "pay", "office days"]
        assert talks.topics(session, limit=1) == ["Office days"]


def test_the_next_talks_session_cannot_come_before_this_one(db: Database) -> None:
    with db.transaction() as s:
        talk = make_talks_session(s, held_on=date(2026, 11, 10))
        assert talk.id is not None
        talk_id = talk.id
    with pytest.raises(Invalid) as caught, db.transaction() as s:
        talks.update_session(
            s, talk_id, validate(TalksSessionUpdate, {"version": 1, "next_session_on": "9/11/26"})
        )
    assert str(caught.value) == "Next session cannot be before this session's date."
