"""The audit log records every change, and versions stop one window overwriting another."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from repdesk.domain.enums import (
    AuditAction,
    CaseStatus,
    Priority,
    ThreatAudience,
    ThreatChannel,
    ThreatKind,
    ThreatStatus,
)
from repdesk.store import audit, cases, members, threats
from repdesk.store.common import validate
from repdesk.store.engine import Database, open_database
from repdesk.store.errors import Invalid, NotFound, StaleVersion
from repdesk.store.models import (
    CaseUpdate,
    DeadlineCreate,
    MemberCreate,
    MemberUpdate,
    ThreatEntryCreate,
    TimelineEntryCreate,
)
from tests.store.store_factories import MakeCase


def _trail(db: Database, entity: str, entity_id: int) -> list[tuple[AuditAction, dict[str, list[object]]]]:
    with db.session() as s:
        return [(row.action, row.changes) for row in audit.history(s, entity, entity_id)]


def test_create_update_and_delete_of_a_member_are_audited(db: Database) -> None:
    with db.transaction() as s:
        member = members.create_member(s, MemberCreate(name="Priya Okafor", job_title="PCSO"))
        assert member.id is not None
        member_id = member.id
    with db.transaction() as s:
        members.update_member(
            s,
            member_id,
            validate(MemberUpdate, {"version": 1, "name": "Priya Okafor-Jones", "job_title": "PCSO"}),
        )
    with db.transaction() as s:
        members.delete_member(s, member_id)

    trail = _trail(db, "member", member_id)
    assert [action for action, _ in trail] == [AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE]
    created, updated, deleted = (changes for _, changes in trail)
    assert created["name"] == [None, "Priya Okafor"]
    assert created["job_title"] == [None, "PCSO"]
    assert created["role_category"] == [None, "support"]
    # Only what changed, with old and new; never the bookkeeping columns.
    assert updated == {"name": ["Priya Okafor", "Priya Okafor-Jones"]}
    assert deleted["name"] == ["Priya Okafor-Jones", None]
    for changes in (created, updated, deleted):
        assert not {"version", "updated_at", "created_at"} & set(changes)
    with db.session() as s:
        [row] = [r for r in audit.history(s, "member", member_id) if r.action is AuditAction.DELETE]
        assert row.label == "Priya Okafor-Jones"
        assert row.at.isoformat().startswith("2026-11-22")
        with pytest.raises(NotFound):
            members.get_member(s, member_id)


def test_a_member_with_cases_is_not_deleted(db: Database, make_case: MakeCase) -> None:
    made = make_case(member_name="Dan Smith")
    with pytest.raises(Invalid, match="Dan Smith has 1 case"), db.transaction() as s:
        members.delete_member(s, made.member_id)
    assert [a for a, _ in _trail(db, "member", made.member_id)] == [AuditAction.CREATE]


def test_deleting_a_case_is_audited_and_takes_its_records_with_it(db: Database, make_case: MakeCase) -> None:
    made = make_case(title="Pay docked")
    with db.transaction() as s:
        cases.add_timeline_entry(s, made.case_id, TimelineEntryCreate(summary="Call"))
        cases.add_deadline(s, made.case_id, DeadlineCreate(what="Reply", due_on=date(2026, 12, 1)))
    with pytest.raises(StaleVersion), db.transaction() as s:
        cases.delete_case(s, made.case_id, version=made.case_version + 1)
    with db.transaction() as s:
        cases.delete_case(s, made.case_id, version=made.case_version)

    trail = _trail(db, "member_case", made.case_id)
    assert [a for a, _ in trail] == [AuditAction.CREATE, AuditAction.DELETE]
    assert trail[1][1]["title"] == ["Pay docked", None]
    assert trail[1][1]["ref"] == [made.case_ref, None]
    with db.session() as s:
        connection = s.connection()
        for table in ("member_case", "timeline_entry", "deadline"):
            assert connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() == 0
        # The member stays; now they can go too.
        assert members.get_member(s, made.member_id).id == made.member_id
    # References are never handed out again, even after a delete.
    again = make_case(member_id=made.member_id)
    assert (made.case_ref, again.case_ref) == ("C-2026-0001", "C-2026-0002")


def test_updates_of_cases_and_threat_status_are_audited_field_by_field(
    db: Database, make_case: MakeCase
) -> None:
    made = make_case(opened_on=date(2026, 11, 1))
    with db.transaction() as s:
        cases.set_priority(s, made.case_id, Priority.URGENT, version=1)
        entry = threats.log_threat(
            s,
            ThreatEntryCreate(
                occurred_on=date(2026, 11, 20),
                made_by="Supt Example",
                channel=ThreatChannel.EMAIL,
                audience=ThreatAudience.ONE_MEMBER,
                kind=ThreatKind.DISCIPLINARY,
                exact_words="This will go on your file.",
            ),
        )
        assert entry.id is not None
        entry_id = entry.id
        threats.set_status(s, entry_id, ThreatStatus.RAISED, version=1)

    [_, (action, changes)] = _trail(db, "member_case", made.case_id)
    assert action is AuditAction.UPDATE
    # A change counts as activity, so the last-activity date moves with it.
    assert changes == {"priority": ["normal", "urgent"], "last_activity_on": ["2026-11-01", "2026-11-22"]}
    threat_trail = _trail(db, "threat_entry", entry_id)
    assert [a for a, _ in threat_trail] == [AuditAction.CREATE, AuditAction.UPDATE]
    assert threat_trail[1][1]["status"] == ["logged", "raised"]
    assert threat_trail[0][1]["exact_words"] == [None, "This will go on your file."]


def test_a_failed_change_leaves_no_audit_row(db: Database, make_case: MakeCase) -> None:
    made = make_case()
    with pytest.raises(Invalid), db.transaction() as s:
        cases.update_case(s, made.case_id, validate(CaseUpdate, {"version": 1, "summary": "ok"}))
        cases.update_case(s, made.case_id, validate(CaseUpdate, {"version": 2, "outcome": "upheld"}))
    assert [a for a, _ in _trail(db, "member_case", made.case_id)] == [AuditAction.CREATE]
    with db.session() as s:
        assert cases.get_case(s, made.case_id).summary == ""


# --- versions and two windows on one file ------------------------------------------------


@pytest.fixture
def second_window(db: Database, db_path: Path) -> Iterator[Database]:
    """Another repdesk (another Database, another engine) on the same file."""
    other = open_database(db_path)
    try:
        yield other
    finally:
        other.close()


def test_an_update_from_a_stale_copy_is_refused(
    db: Database, second_window: Database, make_case: MakeCase
) -> None:
    made = make_case(title="Office days")
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
    db: Database, second_window: Database, make_case: MakeCase
) -> None:
    made = make_case()
    with db.transaction() as s:
        deadline = cases.add_deadline(s, made.case_id, DeadlineCreate(what="Reply", due_on=date(2026, 12, 1)))
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
    assert (stored.done, stored.done_on, stored.version) == (True, date(2026, 11, 22), 2)


def test_versions_move_by_exactly_one_per_update(db: Database, make_case: MakeCase) -> None:
    made = make_case()
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
    assert len(_trail(db, "member_case", made.case_id)) == 5
    # Timeline entries and deadlines move the case's dates through triggers, not its version.
    with db.transaction() as s:
        cases.add_timeline_entry(
            s, made.case_id, TimelineEntryCreate(summary="Call", occurred_on=date(2026, 11, 22))
        )
        cases.add_deadline(s, made.case_id, DeadlineCreate(what="Reply", due_on=date(2026, 12, 1)))
    with db.session() as s:
        stored = cases.get_case(s, made.case_id)
    assert (stored.version, stored.next_due_on, stored.status) == (5, date(2026, 12, 1), CaseStatus.OPEN)
