"""Members through their service: every field round-trips, numbers are unique, the list filters."""

from __future__ import annotations

from datetime import date

import pytest

from repdesk.domain.enums import AuditAction, CaseOutcome, CaseStatus, RoleCategory
from repdesk.domain.member_filter import MemberFilter
from repdesk.store import cases, members
from repdesk.store.common import validate
from repdesk.store.engine import Database
from repdesk.store.errors import Invalid
from repdesk.store.models import MemberCreate, MemberUpdate
from tests.helpers import NOON
from tests.helpers.factories import NewCase, make_member
from tests.store.store_helpers import audit_trail, round_trip


def test_a_member_with_cases_is_not_deleted(db: Database, new_case: NewCase) -> None:
    made = new_case(member_name="Dan Smith")
    with pytest.raises(Invalid, match="Dan Smith has 1 case"), db.transaction() as s:
        members.delete_member(s, made.member_id)
    assert [a for a, _ in audit_trail(db, "member", made.member_id)] == [AuditAction.CREATE]


def test_a_member_with_every_field_round_trips(db: Database) -> None:
    # As a form sends it: dates typed the way a rep writes them.
    given = MemberCreate.model_validate(
        {
            "name": "Priya Okafor",
            "membership_no": "PCS-0042",
            "job_title": "999 call handler",
            "role_category": "operational",
            "office_days_required": 4,
            "department": "Contact handling",
            "work_site": "Lambeth",
            "email": "priya@example.org",
            "phone": "07700 900123",
            "work_pattern": "2 office days a week under the 2021 blended-working agreement",
            "adjustments": "Quiet desk; later start",
            "adjustments_agreed": True,
            "adjustments_agreed_on": "3/2/25",
            "flexible_plan": "Compressed hours",
            "flexible_plan_approved": True,
            "flexible_plan_approved_on": "2025-04-01",
            "in_action": True,
            "in_action_since": "1 Oct 2026",
            "consent_on": "2026-09-30",
            "notes": "Prefers email.",
        }
    )
    stored = round_trip(db, members.create_member, members.get_member, given)
    assert (
        stored.adjustments_agreed_on,
        stored.flexible_plan_approved_on,
        stored.in_action_since,
        stored.consent_on,
    ) == (date(2025, 2, 3), date(2025, 4, 1), date(2026, 10, 1), date(2026, 9, 30))
    assert stored.role_category is RoleCategory.OPERATIONAL
    assert stored.version == 1
    assert stored.created_at == NOON
    assert stored.exemption_summary == "reasonable adjustments agreed; flexible-working plan approved"


def test_member_filters(db: Database, new_case: NewCase) -> None:
    with db.transaction() as s:
        people = [
            make_member(
                s,
                name="priya Okafor",
                membership_no="PCS-1",
                job_title="999 call handler",
                role_category=RoleCategory.OPERATIONAL,
                office_days_required=4,
                adjustments_agreed=True,
            ),
            make_member(s, name="Dan Smith", department="Contact handling", flexible_plan_approved=True),
            make_member(s, name="Ann Jones", in_action=True, job_title="PCSO"),
            make_member(s, name="Bob 100% Brown"),
        ]
        ids = [p.id for p in people]
    assert None not in ids
    priya, dan, ann, bob = (int(i or 0) for i in ids)
    new_case(member_id=priya)
    closed = new_case(member_id=priya)
    with db.transaction() as s:
        cases.set_status(s, closed.case_id, CaseStatus.CLOSED, version=1, outcome=CaseOutcome.RESOLVED)

    def listed(**kwargs: object) -> list[int]:
        with db.session() as s:
            page = members.list_members(s, MemberFilter(**kwargs))  # type: ignore[arg-type]
        assert page.total == len(page.rows)
        return [row.id for row in page.rows]

    assert listed() == [ann, bob, dan, priya]  # by name, ignoring case
    assert listed(text="OKAF") == [priya]
    assert listed(text="pcs-1") == [priya]
    assert listed(text="handl") == [dan, priya]  # department and job title
    assert listed(text="100%") == [bob]
    assert listed(text="%") == [bob]
    assert listed(role=RoleCategory.OPERATIONAL) == [priya]
    assert listed(role=RoleCategory.SUPPORT) == [ann, bob, dan]
    assert listed(exempt=True) == [dan, priya]
    assert listed(in_action=True) == [ann]
    assert listed(exempt=True, role=RoleCategory.SUPPORT) == [dan]
    with db.session() as s:
        page = members.list_members(s, limit=2, offset=1)
        rows = {row.id: row for row in members.list_members(s).rows}
    assert ([row.id for row in page.rows], page.total) == ([bob, dan], 4)
    assert rows[priya].open_cases == 1 and rows[dan].open_cases == 0
    assert rows[priya].has_exemption and rows[dan].has_exemption and not rows[ann].has_exemption


def test_membership_numbers_are_unique(db: Database) -> None:
    with db.transaction() as s:
        make_member(s, name="Priya Okafor", membership_no="PCS-1")
        other = make_member(s, name="Dan Smith", membership_no="PCS-2")
        # Blank numbers are "not given", so any number of members may have none.
        make_member(s, name="No Number", membership_no="")
        make_member(s, name="Also None", membership_no="  ")
        assert other.id is not None
        other_id = other.id
    with pytest.raises(Invalid) as caught, db.transaction() as s:
        make_member(s, name="Copy Cat", membership_no="PCS-1")
    assert [(p.field, p.message) for p in caught.value.problems] == [
        ("membership_no", "Membership number PCS-1 already belongs to Priya Okafor.")
    ]
    with pytest.raises(Invalid) as caught, db.transaction() as s:
        members.update_member(s, other_id, validate(MemberUpdate, {"version": 1, "membership_no": " PCS-1 "}))
    assert "Membership number PCS-1 already belongs to Priya Okafor." in str(caught.value)
    with db.transaction() as s:  # keeping one's own number is no clash
        members.update_member(s, other_id, validate(MemberUpdate, {"version": 1, "membership_no": "PCS-2"}))


def test_a_bad_email_is_refused_on_update(db: Database, new_case: NewCase) -> None:
    made = new_case()
    with pytest.raises(Invalid) as caught, db.transaction() as s:
        members.update_member(
            s, made.member_id, validate(MemberUpdate, {"version": 1, "email": "name at example"})
        )
    assert [p.field for p in caught.value.problems] == ["email"]
    assert str(caught.value).startswith("Email 'name at example' does not look like an address")
