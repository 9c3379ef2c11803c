"""Every rule refuses bad input with a sentence that names the field the way the rep sees it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from repdesk.domain.enums import (
    CaseCategory,
    CaseOutcome,
    CaseStatus,
    ThreatAudience,
    ThreatChannel,
    ThreatKind,
)
from repdesk.domain.validation import FieldProblem, problems_from
from repdesk.store import cases, members, talks, threats
from repdesk.store.common import validate
from repdesk.store.engine import Database
from repdesk.store.errors import Invalid
from repdesk.store.models import (
    AttachmentCreate,
    CaseCreate,
    CaseUpdate,
    DeadlineCreate,
    DeadlineUpdate,
    MemberCreate,
    MemberUpdate,
    TalksSessionCreate,
    TalksSessionUpdate,
    ThreatEntryCreate,
    labels_of,
)
from tests.store.store_factories import MakeCase

THREAT: dict[str, Any] = {
    "occurred_on": "2026-11-20",
    "made_by": "Supt Example",
    "channel": "email",
    "audience": "team",
    "kind": "disciplinary",
    "exact_words": "You will face disciplinary action.",
}
CASE: dict[str, Any] = {"member_id": 1, "title": "Office days", "category": "attendance"}


def _problems(model: type[BaseModel], data: dict[str, Any]) -> list[FieldProblem]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return problems_from(caught.value, labels_of(model))


@pytest.mark.parametrize(
    ("model", "data", "field", "message"),
    [
        (MemberCreate, {"name": "   "}, "name", "Name is required."),
        (CaseCreate, {**CASE, "title": ""}, "title", "Title is required."),
        (ThreatEntryCreate, {**THREAT, "exact_words": " "}, "exact_words", "Exact words is required."),
        (ThreatEntryCreate, {**THREAT, "made_by": ""}, "made_by", "Made by is required."),
        (
            MemberCreate,
            {"name": "x" * 121},
            "name",
            "Name is too long (121 characters); the limit is 120.",
        ),
        (
            CaseCreate,
            {**CASE, "summary": "y" * 20_001},
            "summary",
            "Summary is too long (20001 characters); the limit is 20000.",
        ),
        (
            ThreatEntryCreate,
            {**THREAT, "exact_words": "z" * 5_001},
            "exact_words",
            "Exact words is too long (5001 characters); the limit is 5000.",
        ),
        (
            MemberCreate,
            {"name": "A", "role_category": "boss"},
            "role_category",
            "Role category must be one of: 'operational' or 'support'.",
        ),
        (CaseCreate, {**CASE, "category": "parking"}, "category", "Category must be one of: "),
        (ThreatEntryCreate, {**THREAT, "channel": "pigeon"}, "channel", "Channel must be one of: "),
        (
            MemberCreate,
            {"name": "A", "office_days_required": 8},
            "office_days_required",
            "Office days required must be at most 7.",
        ),
        (
            MemberCreate,
            {"name": "A", "email": "not-an-email"},
            "email",
            "Email 'not-an-email' does not look like an address (name@example.org).",
        ),
        (
            DeadlineCreate,
            {"what": "Hearing", "due_on": "31/2/25"},
            "due_on",
            "Due: 31/2/25: February 2025 has only 28 days.",
        ),
        (
            MemberCreate,
            {"name": "A", "consent_on": "31/2/25"},
            "consent_on",
            "Consent date: 31/2/25: February 2025 has only 28 days.",
        ),
        (
            ThreatEntryCreate,
            {**THREAT, "occurred_on": "2026-11-23"},
            "",
            "Date cannot be in the future: a threat cannot be recorded before it happened.",
        ),
        (
            TalksSessionCreate,
            {"held_on": "2026-11-10", "next_session_on": "1/11/26"},
            "",
            "Next session cannot be before this session's date.",
        ),
        (
            CaseCreate,
            {**CASE, "status": "open", "outcome": "resolved"},
            "",
            "Outcome and closed date are for closed cases only; set the status to closed first.",
        ),
        (
            CaseCreate,
            {
                **CASE,
                "status": "closed",
                "opened_on": "2026-11-01",
                "closed_on": "2026-10-31",
                "outcome": "upheld",
            },
            "",
            "Closed date cannot be before the opened date.",
        ),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    model: type[BaseModel], data: dict[str, Any], field: str, message: str
) -> None:
    problems = _problems(model, data)
    assert [p.field for p in problems] == [field]
    assert problems[0].message.startswith(message)
    # Never the Python name of a field when it has a title.
    if "_" in field:
        assert field not in problems[0].message


def test_every_problem_is_reported_at_once() -> None:
    problems = _problems(MemberCreate, {"name": "", "email": "nope", "office_days_required": -1})
    assert [p.field for p in problems] == ["name", "office_days_required", "email"]
    assert problems[0].message == "Name is required."
    assert problems[1].message == "Office days required must be at least 0."


def test_updates_keep_the_same_limits_and_parsers() -> None:
    with pytest.raises(Invalid) as caught:
        validate(CaseUpdate, {"version": 1, "next_action_due": "31/2/25", "title": "t" * 201})
    messages = {p.field: p.message for p in caught.value.problems}
    assert messages == {
        "title": "Title is too long (201 characters); the limit is 200.",
        "next_action_due": "Next action due: 31/2/25: February 2025 has only 28 days.",
    }
    assert "Title is too long" in str(caught.value)


def test_clearing_a_required_field_in_an_update_says_it_is_required(
    db: Database, make_case: MakeCase
) -> None:
    made = make_case()
    with db.transaction() as s:
        deadline = cases.add_deadline(
            s, made.case_id, DeadlineCreate(what="Hearing", due_on=date(2026, 12, 1))
        )
        assert deadline.id is not None
        deadline_id = deadline.id
    with pytest.raises(Invalid) as caught, db.transaction() as s:
        members.update_member(s, made.member_id, validate(MemberUpdate, {"version": 1, "name": None}))
    assert [(p.field, p.message) for p in caught.value.problems] == [("name", "Name is required.")]
    with pytest.raises(Invalid) as caught, db.transaction() as s:
        # A rep blanking the date box in a form.
        cases.update_deadline(s, deadline_id, validate(DeadlineUpdate, {"version": 1, "due_on": ""}))
    assert [(p.field, p.message) for p in caught.value.problems] == [("due_on", "Due is required.")]


# --- through the services ----------------------------------------------------------------


def test_services_validate_again_whatever_they_are_handed(db: Database, make_case: MakeCase) -> None:
    made = make_case()
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
            ThreatEntryCreate.model_construct(
                occurred_on=date(2026, 11, 20),
                made_by="Supt Example",
                channel=ThreatChannel.EMAIL,
                audience=ThreatAudience.TEAM,
                kind=ThreatKind.DISCIPLINARY,
                exact_words="",
            ),
        )
    assert [(p.field, p.message) for p in caught.value.problems] == [
        ("exact_words", "Exact words is required.")
    ]

    with pytest.raises(Invalid) as caught, db.transaction() as s:
        threats.log_threat(
            s,
            ThreatEntryCreate.model_construct(
                occurred_on=date(2026, 11, 23),
                made_by="Supt Example",
                channel=ThreatChannel.EMAIL,
                audience=ThreatAudience.TEAM,
                kind=ThreatKind.DISCIPLINARY,
                exact_words="Tomorrow you will be docked.",
            ),
        )
    assert "cannot be recorded before it happened" in str(caught.value)

    with db.session() as s:
        assert members.list_members(s).total == 1
        assert cases.list_cases(s, limit=10).total == 1
        assert threats.list_threats(s).total == 0


def test_closing_before_opening_is_caught_on_the_merged_record(db: Database, make_case: MakeCase) -> None:
    made = make_case(opened_on=date(2026, 11, 1))
    # Only status, outcome and a closed date: the opened date comes from the stored record.
    with pytest.raises(Invalid) as caught, db.transaction() as s:
        cases.update_case(
            s,
            made.case_id,
            validate(
                CaseUpdate,
                {"version": 1, "status": "closed", "outcome": "resolved", "closed_on": "31/10/26"},
            ),
        )
    assert str(caught.value) == "Closed date cannot be before the opened date."

    with db.transaction() as s:
        closed = cases.set_status(s, made.case_id, CaseStatus.CLOSED, version=1, outcome=CaseOutcome.UPHELD)
        assert closed.closed_on == date(2026, 11, 22)
    # Now only the closed date.
    with pytest.raises(Invalid) as caught, db.transaction() as s:
        cases.update_case(s, made.case_id, validate(CaseUpdate, {"version": 2, "closed_on": "2026-10-01"}))
    assert str(caught.value) == "Closed date cannot be before the opened date."
    with db.session() as s:
        stored = cases.get_case(s, made.case_id)
    assert (stored.closed_on, stored.version) == (date(2026, 11, 22), 2)


def test_a_case_cannot_close_without_an_outcome_or_take_one_while_open(
    db: Database, make_case: MakeCase
) -> None:
    made = make_case()
    with pytest.raises(Invalid) as caught, db.transaction() as s:
        cases.set_status(s, made.case_id, CaseStatus.CLOSED, version=1)
    assert str(caught.value) == "Outcome is required when a case is closed."
    with pytest.raises(Invalid) as caught, db.transaction() as s:
        cases.update_case(s, made.case_id, validate(CaseUpdate, {"version": 1, "outcome": "resolved"}))
    assert str(caught.value).startswith("Outcome and closed date are for closed cases only")
    with db.session() as s:
        stored = cases.get_case(s, made.case_id)
    assert (stored.status, stored.outcome, stored.version) == (CaseStatus.NEW, None, 1)


def test_the_next_talks_session_cannot_come_before_this_one(db: Database) -> None:
    with db.transaction() as s:
        talk = talks.create_session(s, TalksSessionCreate(held_on=date(2026, 11, 10)))
        assert talk.id is not None
        talk_id = talk.id
    with pytest.raises(Invalid) as caught, db.transaction() as s:
        talks.update_session(
            s, talk_id, validate(TalksSessionUpdate, {"version": 1, "next_session_on": "9/11/26"})
        )
    assert str(caught.value) == "Next session cannot be before this session's date."


def test_membership_numbers_are_unique(db: Database) -> None:
    with db.transaction() as s:
        members.create_member(s, MemberCreate(name="Priya Okafor", membership_no="PCS-1"))
        other = members.create_member(s, MemberCreate(name="Dan Smith", membership_no="PCS-2"))
        # Blank numbers are "not given", so any number of members may have none.
        members.create_member(s, MemberCreate(name="No Number", membership_no=""))
        members.create_member(s, MemberCreate(name="Also None", membership_no="  "))
        assert other.id is not None
        other_id = other.id
    with pytest.raises(Invalid) as caught, db.transaction() as s:
        members.create_member(s, MemberCreate(name="Copy Cat", membership_no="PCS-1"))
    assert [(p.field, p.message) for p in caught.value.problems] == [
        ("membership_no", "Membership number PCS-1 already belongs to Priya Okafor.")
    ]
    with pytest.raises(Invalid) as caught, db.transaction() as s:
        members.update_member(s, other_id, validate(MemberUpdate, {"version": 1, "membership_no": " PCS-1 "}))
    assert "Membership number PCS-1 already belongs to Priya Okafor." in str(caught.value)
    with db.transaction() as s:  # keeping one's own number is no clash
        members.update_member(s, other_id, validate(MemberUpdate, {"version": 1, "membership_no": "PCS-2"}))


def test_a_bad_email_is_refused_on_update(db: Database, make_case: MakeCase) -> None:
    made = make_case()
    with pytest.raises(Invalid) as caught, db.transaction() as s:
        members.update_member(
            s, made.member_id, validate(MemberUpdate, {"version": 1, "email": "name at example"})
        )
    assert [p.field for p in caught.value.problems] == ["email"]
    assert str(caught.value).startswith("Email 'name at example' does not look like an address")


def test_missing_links_and_files_are_refused(db: Database, make_case: MakeCase, tmp_path: Any) -> None:
    made = make_case()
    with pytest.raises(Invalid) as caught, db.transaction() as s:
        threats.log_threat(
            s, ThreatEntryCreate.model_validate({**THREAT, "member_ids": [made.member_id, 999]})
        )
    assert [p.field for p in caught.value.problems] == ["member_ids"]
    with pytest.raises(Invalid) as caught, db.transaction() as s:
        threats.log_threat(
            s,
            ThreatEntryCreate.model_validate(THREAT),
            evidence=[AttachmentCreate(path=str(tmp_path / "nowhere.pdf"))],
        )
    assert [p.field for p in caught.value.problems] == ["path"]
    assert "does not exist" in str(caught.value)
    with db.session() as s:
        assert threats.list_threats(s).total == 0
