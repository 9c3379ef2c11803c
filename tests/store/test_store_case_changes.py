"""Changes to cases that can be taken back exactly: bulk status and priority, edits, and their undo."""

from __future__ import annotations

from datetime import date

import pytest

from repdesk.domain.enums import CaseOutcome, CaseStatus, Priority
from repdesk.store import cases
from repdesk.store.engine import Database
from repdesk.store.errors import Invalid, StaleVersion
from tests.store.store_factories import MakeCase


def _state(db: Database, ids: list[int]) -> dict[int, tuple[object, ...]]:
    with db.session() as s:
        found = [cases.get_case(s, i) for i in ids]
        return {
            c.id or 0: (c.status, c.outcome, c.closed_on, c.priority, c.last_activity_on, c.urgency)
            for c in found
        }


def test_a_bulk_change_and_its_undo_restore_activity_and_score(db: Database, make_case: MakeCase) -> None:
    made = [make_case(opened_on="2026-09-01") for _ in range(3)]
    ids = [m.case_id for m in made]
    with db.transaction() as s:
        # An old activity date, so a change (which counts as activity today) moves the score.
        for i in ids:
            cases.get_case(s, i).last_activity_on = date(2026, 9, 1)
    before = _state(db, ids)
    with db.transaction() as s:
        versions = {i: cases.get_case(s, i).version for i in ids}
        change = cases.change_cases(s, versions, status=CaseStatus.CLOSED, outcome=CaseOutcome.RESOLVED)
    changed = _state(db, ids)
    assert {v[0] for v in changed.values()} == {CaseStatus.CLOSED}
    assert {v[2] for v in changed.values()} == {date(2026, 11, 22)}  # closing fills in today
    assert {v[4] for v in changed.values()} == {date(2026, 11, 22)}
    with db.transaction() as s:
        assert cases.restore_cases(s, change) == 3
    assert _state(db, ids) == before


def test_an_undo_refuses_a_case_changed_since_and_changes_nothing(db: Database, make_case: MakeCase) -> None:
    first, second = make_case(), make_case()
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


def test_a_bulk_change_from_a_stale_copy_changes_nothing(db: Database, make_case: MakeCase) -> None:
    first, second = make_case(), make_case()
    before = _state(db, [first.case_id, second.case_id])
    with pytest.raises(StaleVersion), db.transaction() as s:
        cases.change_cases(s, {first.case_id: first.case_version, second.case_id: 99}, priority=Priority.LOW)
    assert _state(db, [first.case_id, second.case_id]) == before


def test_edit_case_validates_in_the_service_and_says_what_it_changed(
    db: Database, make_case: MakeCase
) -> None:
    made = make_case(opened_on="2026-10-01")
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
