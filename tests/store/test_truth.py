"""What the store tells the rep is true: activity and the score, undo, corrections, and Triage's lists.

Issue 11, items 7 and 8, on a real SQLite file per test.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from repdesk.domain.enums import CaseOutcome, CaseStatus, Priority, ThreatStatus
from repdesk.domain.filters import CaseFilter
from repdesk.store import cases, threats, triage
from repdesk.store.engine import Database
from tests.helpers import TODAY, day
from tests.helpers.factories import THREAT, NewCase, ident, make_deadline, make_threat, make_timeline_entry
from tests.store.store_helpers import audit_trail


def _case(db: Database, case_id: int) -> tuple[int, date, float, float]:
    """A case's version and activity date, and its score as the list shows it and as the detail does."""
    with db.session() as s:
        case = cases.get_case(s, case_id)
        listed = {row.id: row.score for row in cases.list_cases(s, CaseFilter(include_closed=True)).rows}
        return (
            case.version,
            case.last_activity_on,
            listed[case_id],
            cases.case_detail(s, case_id).urgency.score,
        )


# --- item 7: status is not activity, undo is exact, one score ------------------------------


@pytest.mark.parametrize(
    "change",
    [
        {"status": CaseStatus.WAITING_EMPLOYER},
        {"priority": Priority.LOW},
        {"status": CaseStatus.CLOSED, "outcome": CaseOutcome.RESOLVED},
        {"tags": "chased"},
    ],
    ids=["status", "priority", "closing", "tags"],
)
def test_filing_a_case_is_not_activity_and_never_makes_it_look_fresh(
    db: Database, new_case: NewCase, change: dict[str, Any]
) -> None:
    made = new_case(opened_on=day(-40), priority=Priority.HIGH)
    with db.transaction() as s:
        cases.edit_case(s, made.case_id, change, version=made.case_version)
    version, activity, listed, shown = _case(db, made.case_id)
    assert (version, activity) == (2, day(-40))
    # Forty quiet days are still counted: 4.3 idle points, whatever the new status adds or takes.
    with db.session() as s:
        idle = next(p for p in cases.case_detail(s, made.case_id).urgency.parts if p.label == "Idle")
    assert idle.points == 4.3
    assert listed == shown


def test_editing_the_facts_is_activity(db: Database, new_case: NewCase) -> None:
    made = new_case(opened_on=day(-40))
    with db.transaction() as s:
        cases.edit_case(s, made.case_id, {"next_action": "Ring the member"}, version=made.case_version)
    assert _case(db, made.case_id)[1] == TODAY


@pytest.mark.parametrize(
    "same",
    [{"priority": Priority.NORMAL}, {"status": CaseStatus.NEW}, {"title": "Docked pay"}, {}],
    ids=["priority", "status", "title", "nothing"],
)
def test_a_field_set_to_its_value_writes_nothing(
    db: Database, new_case: NewCase, same: dict[str, Any]
) -> None:
    made = new_case(opened_on=day(-40), title="Docked pay")
    before = _case(db, made.case_id)
    trail = audit_trail(db, "member_case", made.case_id)
    with db.transaction() as s:
        change = cases.edit_case(s, made.case_id, same, version=made.case_version)
    assert _case(db, made.case_id) == before
    assert audit_trail(db, "member_case", made.case_id) == trail
    assert change.changed == 0


def test_a_bulk_change_leaves_out_the_cases_already_so(db: Database, new_case: NewCase) -> None:
    low, normal = new_case(priority=Priority.LOW), new_case(priority=Priority.NORMAL)
    with db.transaction() as s:
        change = cases.change_cases(
            s, {low.case_id: low.case_version, normal.case_id: normal.case_version}, priority=Priority.LOW
        )
    assert _case(db, low.case_id)[0] == low.case_version
    assert set(change.before) == {normal.case_id}


def test_undoing_a_timeline_entry_puts_back_the_activity_date_and_the_score(
    db: Database, new_case: NewCase
) -> None:
    made = new_case(opened_on=day(-40))
    before = _case(db, made.case_id)
    with db.transaction() as s:
        state = cases.case_state(s, made.case_id)
        entry = ident(make_timeline_entry(s, made.case_id))
    assert _case(db, made.case_id)[1] == TODAY
    with db.transaction() as s:  # what the Cases screen's undo does
        cases.delete_timeline_entry(s, entry, version=1)
        cases.restore_cases(s, state)
    assert _case(db, made.case_id)[1:] == before[1:]


@pytest.mark.parametrize("idle", [0, 1, 3, 6, 15, 16, 29, 35, 45, 61])
def test_the_list_and_the_detail_show_one_score(db: Database, new_case: NewCase, idle: int) -> None:
    # Days chosen where rounding each part and rounding the sum part ways (1 idle, 4 due: the
    # parts give 10.2, the raw sum 10.3), and where a part is a half (16 idle days: 2.25).
    made = [new_case(opened_on=day(-idle), status=CaseStatus.OPEN) for _due in range(-8, 32, 3)]
    with db.transaction() as s:
        for case, due in zip(made, range(-8, 32, 3), strict=True):
            make_deadline(s, case.case_id, due_on=day(due))
    with db.transaction() as s:
        cases.refresh_scores(s, TODAY)
    with db.session() as s:
        assert cases.scores_current(s, TODAY)
        listed = {row.id: row.score for row in cases.list_cases(s, CaseFilter(), limit=100).rows}
        shown = {m.case_id: cases.case_detail(s, m.case_id).urgency.score for m in made}
    assert listed == shown


# --- item 8: Triage tells the truth ---------------------------------------------------------


def _waiting(db: Database) -> tuple[list[str], int, int]:
    """Triage's threats not yet acted on (references and count) and the summary's count."""
    with db.session() as s:
        found = triage.triage(s).threats
        return [item.ref for item in found.rows], found.total, triage.overview(s).threats_logged


def test_a_correction_keeps_the_follow_up_status_of_the_entry_it_corrects(db: Database) -> None:
    with db.transaction() as s:
        entry = make_threat(s)
        threats.set_status(s, ident(entry), ThreatStatus.REFERRED, version=entry.version)
        correction = threats.correct_threat(s, ident(entry), {**THREAT, "reason": "Wrong day"})
    assert (correction.status, correction.status_changed_at) == (
        ThreatStatus.REFERRED,
        entry.status_changed_at,
    )
    assert _waiting(db) == ([], 0, 0)


def test_an_entry_whose_correction_was_acted_on_is_not_waiting(db: Database) -> None:
    with db.transaction() as s:
        entry = make_threat(s, exact_words="Your pay will be docked.")
        correction = threats.correct_threat(s, ident(entry), {**THREAT, "reason": "The words were longer"})
        again = threats.correct_threat(s, ident(correction), {**THREAT, "reason": "And the date"})
        untouched = make_threat(s)
    assert _waiting(db) == ([entry.ref, correction.ref, again.ref, untouched.ref], 4, 4)
    with db.transaction() as s:  # the rep raises the latest correction with the employer
        threats.set_status(s, ident(again), ThreatStatus.RAISED, version=again.version)
    assert _waiting(db) == ([untouched.ref], 1, 1)


def test_a_next_action_date_counts_as_due(db: Database, new_case: NewCase) -> None:
    late = new_case(next_action="Chase HR", next_action_due=day(-2))
    soon = new_case(next_action="Ring the member", next_action_due=day(3))
    closed = new_case(next_action_due=day(-1))
    with db.transaction() as s:
        cases.set_status(s, closed.case_id, CaseStatus.CLOSED, version=1, outcome=CaseOutcome.WITHDRAWN)
    with db.session() as s:
        found = triage.triage(s)
        summary = triage.overview(s)
    assert [(i.case_id, i.what, i.next_action) for i in found.overdue.rows] == [
        (late.case_id, "Chase HR", True)
    ]
    assert [(i.case_id, i.what) for i in found.due_soon.rows] == [(soon.case_id, "Ring the member")]
    assert (summary.overdue, summary.due_soon) == (1, 1)


def test_cases_gone_quiet_are_the_open_ones_with_nothing_for_30_days(db: Database, new_case: NewCase) -> None:
    longest = new_case(opened_on=day(-90), title="Quiet since summer")
    month = new_case(opened_on=day(-30), title="A month to the day")
    new_case(opened_on=day(-29), title="Not yet a month")
    revived = new_case(opened_on=day(-60), title="Revived by a call")
    closed = new_case(opened_on=day(-60))
    filed = new_case(opened_on=day(-45), title="Only filed since")
    with db.transaction() as s:
        make_timeline_entry(s, revived.case_id, occurred_on=day(-3))
        cases.set_status(s, closed.case_id, CaseStatus.CLOSED, version=1, outcome=CaseOutcome.RESOLVED)
        cases.set_priority(s, filed.case_id, Priority.URGENT, version=1)  # filing is not activity
    with db.session() as s:
        quiet = triage.triage(s).quiet
    assert [(i.case_ref, i.last_activity_on) for i in quiet.rows] == [
        (longest.case_ref, day(-90)),
        (filed.case_ref, day(-45)),
        (month.case_ref, day(-30)),
    ]
    assert quiet.total == 3
