"""What every service shares: versions that stop one window overwriting another, validation once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from repdesk.domain.enums import CaseCategory, CaseStatus
from repdesk.store import cases, members, threats
from repdesk.store.common import validate
from repdesk.store.engine import Database, open_database
from repdesk.store.errors import Invalid, StaleVersion
from repdesk.store.models import (
    CaseCreate,
    CaseUpdate,
    DeadlineUpdate,
    MemberCreate,
    MemberUpdate,
    ThreatEntryCreate,
)
from tests.helpers import TODAY, factories
from tests.helpers.factories import NewCase, make_deadline, make_timeline_entry
from tests.store.store_helpers import audit_trail


@pytest.fixture
def second_window(db: Database, db_path: Path) -> Iterator[Database]:
    """Another repdesk (another Database, another engine) on the same file."""
    other = open_database(db_path)
    try:
        yield other
    finally:
        other.close()


def test_an_update_from_a_stale_copy_is_refused(
    db: Database, second_window: Database, new_case: NewCase
) -> None:
    made = new_case(title="Office days")
    with db.session() as s:  # window A reads the case...
        seen_by_a = cases.get_case(s, made.case_id)
    with second_window.transaction() as s:  # ...window B changes it...
        changed = cases.update_case(
            s, made.case_id, validate(CaseUpdate, {"version": 1, "title": "Office days (B)"})
        )
        assert changed.version == 2
    with pytest.raises(StaleVersion) as caught, db.transaction() as s:  # ...A saves its edit.
        cases.update_case(
            s, made.case_id, validate(CaseUpdate, {"version": seen_by_a.version, "title": "Office days (A)"})
        )
    assert "changed elsewhere" in str(caught.value) and "Nothing was saved" in str(caught.value)
    for window in (db, second_window):
        with window.session() as s:
            stored = cases.get_case(s, made.case_id)
        assert (stored.title, stored.version) == ("Office days (B)", 2)


def test_stale_member_and_deadline_edits_are_refused_too(
    db: Database, second_window: Database, new_case: NewCase
) -> None:
    made = new_case()
    with db.transaction() as s:
        deadline = make_deadline(s, made.case_id, what="Reply", due_on=date(2026, 12, 1))
        assert deadline.id is not None
        deadline_id = deadline.id
    with second_window.transaction() as s:
        members.update_member(s, made.member_id, validate(MemberUpdate, {"version": 1, "phone": "0207"}))
        cases.set_deadline_done(s, deadline_id, True, version=1)
    with pytest.raises(StaleVersion), db.transaction() as s:
        members.update_member(s, made.member_id, validate(MemberUpdate, {"version": 1, "phone": "0208"}))
    with pytest.raises(StaleVersion), db.transaction() as s:
        cases.set_deadline_done(s, deadline_id, False, version=1)
    with db.session() as s:
        assert members.get_member(s, made.member_id).phone == "0207"
        [stored] = cases.deadlines(s, made.case_id)
    assert (stored.done, stored.done_on, stored.version) == (True, TODAY, 2)


def test_versions_move_by_exactly_one_per_update(db: Database, new_case: NewCase) -> None:
    made = new_case()
    assert made.case_version == 1
    seen = []
    steps: list[dict[str, object]] = [
        {"title": "Renamed"},
        {"status": "open", "priority": "high", "summary": "Three fields at once"},
        {"tags": ["pay", "hybrid"]},
        {"next_action": "Write to HR", "next_action_due": "+2d"},
    ]
    for version, change in enumerate(steps, start=1):
        with db.transaction() as s:
            updated = cases.update_case(s, made.case_id, validate(CaseUpdate, {"version": version, **change}))
            seen.append(updated.version)
        with db.session() as s:
            assert cases.get_case(s, made.case_id).version == version + 1
    assert seen == [2, 3, 4, 5]
    # Writing what is already there is no change: no new version, no audit row.
    with db.transaction() as s:
        same = cases.update_case(s, made.case_id, validate(CaseUpdate, {"version": 5, "title": "Renamed"}))
        assert same.version == 5
    assert len(audit_trail(db, "member_case", made.case_id)) == 5
    # Timeline entries and deadlines move the case's dates through triggers, not its version.
    with db.transaction() as s:
        make_timeline_entry(s, made.case_id, summary="Call", occurred_on=TODAY)
        make_deadline(s, made.case_id, what="Reply", due_on=date(2026, 12, 1))
    with db.session() as s:
        stored = cases.get_case(s, made.case_id)
    assert (stored.version, stored.next_due_on, stored.status) == (5, date(2026, 12, 1), CaseStatus.OPEN)


def test_updates_keep_the_same_limits_and_parsers() -> None:
    with pytest.raises(Invalid) as caught:
        validate(CaseUpdate, {"version": 1, "next_action_due": "31/2/25", "title": "t" * 201})
    messages = {p.field: p.message for p in caught.value.problems}
    assert messages == {
        "title": "Title is too long (201 characters); the limit is 200.",
        "next_action_due": "Next action due: 31/2/25: February 2025 has only 28 days.",
    }
    assert "Title is too long" in str(caught.value)


def test_clearing_a_required_field_in_an_update_says_it_is_required(db: Database, new_case: NewCase) -> None:
    made = new_case()
    with db.transaction() as s:
        deadline = make_deadline(s, made.case_id, what="Hearing", due_on=date(2026, 12, 1))
        assert deadline.id is not None
        deadline_id = deadline.id
    with pytest.raises(Invalid) as caught, db.transaction() as s:
        members.update_member(s, made.member_id, validate(MemberUpdate, {"version": 1, "name": None}))
    assert [(p.field, p.message) for p in caught.value.problems] == [("name", "Name is required.")]
    with pytest.raises(Invalid) as caught, db.transaction() as s:
        # A rep blanking the date box in a form.
        cases.update_deadline(s, deadline_id, validate(DeadlineUpdate, {"version": 1, "due_on": ""}))
    assert [(p.field, p.message) for p in caught.value.problems] == [("due_on", "Due is required.")]


def test_services_validate_again_whatever_they_are_handed(db: Database, new_case: NewCase) -> None:
    made = new_case()
    with pytest.raises(Invalid) as caught, db.transaction() as s:
        members.create_member(s, MemberCreate.model_construct(name=""))
    assert [(p.field, p.message) for p in caught.value.problems] == [("name", "Name is required.")]

    with pytest.raises(Invalid) as caught, db.transaction() as s:
        cases.create_case(
            s,
            CaseCreate.model_construct(member_id=made.member_id, title="", category=CaseCategory.ATTENDANCE),
        )
    assert str(caught.value) == "Title is required."

    with pytest.raises(Invalid) as caught, db.transaction() as s:
        threats.log_threat(
            s,
            ThreatEntryCreate.model_construct(**{**factories.THREAT, "exact_words": ""}),
        )
    assert [(p.field, p.message) for p in caught.value.problems] == [
        ("exact_words", "Exact words is required.")
    ]

    with pytest.raises(Invalid) as caught, db.transaction() as s:
        threats.log_threat(
            s,
            ThreatEntryCreate.model_construct(**{**factories.THREAT, "occurred_on": date(2026, 11, 23)}),
        )
    assert "cannot be recorded before it happened" in str(caught.value)

    with db.session() as s:
        assert members.list_members(s).total == 1
        assert cases.list_cases(s, limit=10).total == 1
        assert threats.list_threats(s).total == 0
