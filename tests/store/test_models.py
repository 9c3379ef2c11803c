"""Every model refuses bad input with a sentence that names the field the way the rep sees it."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from repdesk.domain.validation import FieldProblem, problems_from
from repdesk.store.models import (
    CaseCreate,
    DeadlineCreate,
    MemberCreate,
    TalksSessionCreate,
    ThreatEntryCreate,
    labels_of,
)

TYPED_THREAT: dict[str, Any] = {
    "occurred_on": "2026-11-20",
    "made_by": "Supt Example",
    "channel": "email",
    "audience": "team",
    "kind": "disciplinary",
    "exact_words": "You will face disciplinary action.",
}


TYPED_CASE: dict[str, Any] = {"member_id": 1, "title": "Office days", "category": "attendance"}


def _problems(model: type[BaseModel], data: dict[str, Any]) -> list[FieldProblem]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return problems_from(caught.value, labels_of(model))


@pytest.mark.parametrize(
    ("model", "data", "field", "message"),
    [
        (MemberCreate, {"name": "   "}, "name", "Name is required."),
        (CaseCreate, {**TYPED_CASE, "title": ""}, "title", "Title is required."),
        (
            ThreatEntryCreate,
            {**TYPED_THREAT, "exact_words": " "},
            "exact_words",
            "Exact words is required.",
        ),
        (ThreatEntryCreate, {**TYPED_THREAT, "made_by": ""}, "made_by", "Made by is required."),
        (
            MemberCreate,
            {"name": "x" * 121},
            "name",
            "Name is too long (121 characters); the limit is 120.",
        ),
        (
            CaseCreate,
            {**TYPED_CASE, "summary": "y" * 20_001},
            "summary",
            "Summary is too long (20001 characters); the limit is 20000.",
        ),
        (
            ThreatEntryCreate,
            {**TYPED_THREAT, "exact_words": "z" * 5_001},
            "exact_words",
            "Exact words is too long (5001 characters); the limit is 5000.",
        ),
        (
            MemberCreate,
            {"name": "A", "role_category": "boss"},
            "role_category",
            "Role category must be one of: 'operational' or 'support'.",
        ),
        (CaseCreate, {**TYPED_CASE, "category": "parking"}, "category", "Category must be one of: "),
        (ThreatEntryCreate, {**TYPED_THREAT, "channel": "pigeon"}, "channel", "Channel must be one of: "),
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
            {**TYPED_THREAT, "occurred_on": "2026-11-23"},
            "occurred_on",
            "Date cannot be in the future: a threat cannot be recorded before it happened.",
        ),
        (
            TalksSessionCreate,
            {"held_on": "2026-11-10", "next_session_on": "1/11/26"},
            "next_session_on",
            "Next session cannot be before this session's date.",
        ),
        (
            CaseCreate,
            {**TYPED_CASE, "status": "open", "outcome": "resolved"},
            "status",
            "Outcome and closed date are for closed cases only; set the status to closed first.",
        ),
        (
            CaseCreate,
            {
                **TYPED_CASE,
                "status": "closed",
                "opened_on": "2026-11-01",
                "closed_on": "2026-10-31",
                "outcome": "upheld",
            },
            "closed_on",
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
