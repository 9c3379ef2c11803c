"""The audit log records every change: who, what, old and new, and nothing for a change that failed."""

from __future__ import annotations

from datetime import date

import pytest

from repdesk.domain.enums import AuditAction, Priority, ThreatStatus
from repdesk.store import audit, cases, members, threats
from repdesk.store.common import validate
from repdesk.store.engine import Database
from repdesk.store.errors import Invalid, NotFound, StaleVersion
from repdesk.store.models import CaseUpdate, MemberUpdate
from tests.helpers.factories import (
    NewCase,
    ident,
    make_deadline,
    make_member,
    make_threat,
    make_timeline_entry,
)
from tests.store.store_helpers import audit_trail


def test_create_update_and_delete_of_a_member_are_audited(db: Database) -> None:
    with db.transaction() as s:
        member = make_member(s, name="Priya Okafor", job_title="PCSO")
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

    trail = audit_trail(db, "member", member_id)
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


def test_deleting_a_case_is_audited_and_takes_its_records_with_it(db: Database, new_case: NewCase) -> None:
    made = new_case(title="Pay docked")
    with db.transaction() as s:
        make_timeline_entry(s, made.case_id, summary="Call")
        make_deadline(s, made.case_id, what="Reply", due_on=date(2026, 12, 1))
    with pytest.raises(StaleVersion), db.transaction() as s:
        cases.delete_case(s, made.case_id, version=made.case_version + 1)
    with db.transaction() as s:
        cases.delete_case(s, made.case_id, version=made.case_version)

    trail = audit_trail(db, "member_case", made.case_id)
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
    again = new_case(member_id=made.member_id)
    assert (made.case_ref, again.case_ref) == ("C-2026-0001", "C-2026-0002")


def test_updates_of_cases_and_threat_status_are_audited_field_by_field(
    db: Database, new_case: NewCase
) -> None:
    made = new_case(opened_on=date(2026, 11, 1))
    with db.transaction() as s:
        cases.set_priority(s, made.case_id, Priority.URGENT, version=1)
        entry_id = ident(make_threat(s, exact_words="This will go on your file."))
        threats.set_status(s, entry_id, ThreatStatus.RAISED, version=1)

    [_, (action, changes)] = audit_trail(db, "member_case", made.case_id)
    assert action is AuditAction.UPDATE
    # A priority is not activity: the last-activity date stays where it was.
    assert changes == {"priority": ["normal", "urgent"]}
    threat_trail = audit_trail(db, "threat_entry", entry_id)
    assert [a for a, _ in threat_trail] == [AuditAction.CREATE, AuditAction.UPDATE]
    assert threat_trail[1][1]["status"] == ["logged", "raised"]
    assert threat_trail[0][1]["exact_words"] == [None, "This will go on your file."]


def test_a_failed_change_leaves_no_audit_row(db: Database, new_case: NewCase) -> None:
    made = new_case()
    with pytest.raises(Invalid), db.transaction() as s:
        cases.update_case(s, made.case_id, validate(CaseUpdate, {"version": 1, "summary": "ok"}))
        cases.update_case(s, made.case_id, validate(CaseUpdate, {"version": 2, "outcome": "upheld"}))
    assert [a for a, _ in audit_trail(db, "member_case", made.case_id)] == [AuditAction.CREATE]
    with db.session() as s:
        assert cases.get_case(s, made.case_id).summary == ""
