"""The urgency score: computed in SQL as the domain computes it, stored, and stale on a new day."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest

from repdesk.domain.enums import CaseStatus, Priority
from repdesk.domain.filters import CaseFilter
from repdesk.domain.urgency import urgency
from repdesk.store import cases
from repdesk.store.engine import Database
from tests.helpers import TODAY
from tests.helpers.factories import NewCase, make_deadline, make_timeline_entry


def test_the_urgency_read_from_the_case_follows_its_dates(db: Database, new_case: NewCase) -> None:
    made = new_case(opened_on=date(2026, 10, 1))
    with db.session() as s:
        idle = cases.case_urgency(cases.get_case(s, made.case_id))
    with db.transaction() as s:
        make_deadline(s, made.case_id, due_on=TODAY)
        make_timeline_entry(s, made.case_id, summary="Call")
    with db.session() as s:
        detail = cases.case_detail(s, made.case_id)
    parts = {part.label: part.points for part in detail.urgency.parts}
    assert parts["Due"] == 10.0 and parts["Idle"] == 0.0
    assert {part.label: part.points for part in idle.parts}["Idle"] > 4.0
    assert detail.urgency.score > idle.score


def test_the_sql_urgency_matches_the_domain_score_for_every_row(db: Database, varied: list[int]) -> None:
    with db.session() as s:
        page = cases.list_cases(s, CaseFilter(include_closed=True), limit=100)
        stored = {c.id: c for c in (cases.get_case(s, i) for i in varied)}
    assert page.total == len(varied) == len(page.rows)
    python_scores = []
    for row in page.rows:
        case = stored[row.id]
        expected = urgency(
            priority=case.priority,
            status=case.status,
            next_due=cases.next_due(case),
            last_activity=case.last_activity_on,
            today=TODAY,
        )
        assert row.next_due == cases.next_due(case)
        assert row.score == pytest.approx(expected.score, abs=0.15), (row.title, expected.explain())
        assert cases.case_urgency(case).score == expected.score
        python_scores.append(expected.score)
    # Most urgent first: the Python scores never rise down the list (beyond rounding).
    for higher, lower in pairwise(python_scores):
        assert higher >= lower - 0.2
    assert page.rows[-1].status is CaseStatus.CLOSED
    assert len(set(python_scores)) > 10  # the fixture really does spread the scores


def _scores(db: Database) -> dict[int, float]:
    with db.session() as s:
        page = cases.list_cases(s, CaseFilter(include_closed=True), limit=100)
    return {row.id: row.score for row in page.rows}


def _domain_scores(db: Database, today: date) -> dict[int, float]:
    with db.session() as s:
        return {
            case_id: cases.case_urgency(cases.get_case(s, case_id), today).score for case_id in _scores(db)
        }


def test_the_stored_score_is_todays_after_every_kind_of_write(db: Database, varied: list[int]) -> None:
    with db.session() as s:
        assert not cases.scores_current(s)  # never scored for a day yet: the list scores in SQL
    scored_in_sql = _scores(db)
    with db.transaction() as s:
        # Every write already scored its case for today: marking the day rewrites nothing.
        assert cases.refresh_scores(s) == 0
    with db.session() as s:
        assert cases.scores_current(s)
    # The stored column holds exactly what the query computed.
    assert _scores(db) == scored_in_sql
    # Each input of the score, changed through the services, rescored on the same flush.
    first, second, third = varied[:3]
    with db.transaction() as s:
        case = cases.get_case(s, first)
        cases.set_priority(
            s,
            first,
            Priority.LOW if case.priority is not Priority.LOW else Priority.URGENT,
            version=case.version,
        )
        make_deadline(s, second, what="Hearing", due_on=TODAY)
        make_timeline_entry(s, third, summary="Met the member", occurred_on=TODAY)
    with db.session() as s:
        assert cases.scores_current(s)
    after = _scores(db)
    assert after != scored_in_sql
    assert after == pytest.approx(_domain_scores(db, TODAY), abs=0.15)
    # Nothing else moved.
    assert {k: v for k, v in after.items() if k not in (first, second, third)} == {
        k: v for k, v in scored_in_sql.items() if k not in (first, second, third)
    }


def test_a_new_day_makes_the_stored_scores_stale_until_rescored(
    db: Database, varied: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    with db.transaction() as s:
        cases.refresh_scores(s)
    today_scores = _scores(db)
    tomorrow = TODAY + timedelta(days=1)
    monkeypatch.setenv("REPDESK_TODAY", tomorrow.isoformat())
    with db.session() as s:
        assert not cases.scores_current(s)
    # Stale: the list scores in SQL for the new day rather than trusting yesterday's column.
    stale_list = _scores(db)
    assert stale_list != today_scores
    assert stale_list == pytest.approx(_domain_scores(db, tomorrow), abs=0.15)
    with db.transaction() as s:
        moved = cases.refresh_scores(s)
    # Only rows whose score changed were rewritten (some sit at the curves' caps).
    assert 0 < moved < len(varied)
    with db.session() as s:
        assert cases.scores_current(s)
    assert _scores(db) == stale_list
