"""The case forms: a case (new and edit) and a timeline entry."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from repdesk.domain.enums import (
    CaseCategory,
    CaseOutcome,
    CaseStatus,
    DisciplinaryStage,
    Priority,
    TimelineKind,
)
from repdesk.tui.dialogs.form import Field
from repdesk.tui.dialogs.picker import Search

if TYPE_CHECKING:
    pass


def case_fields(members: Search | None = None) -> list[Field]:
    """The case form; given a way to find members, it starts with the member (a new case)."""
    fields: list[Field] = []
    if members is not None:
        fields.append(
            Field("member_id", "Member", "links", required=True, search=members, extra={"single": True})
        )
    fields += [
        Field("title", "Title", required=True, placeholder="e.g. Pay docked for home working"),
        Field("category", "Category", "select", CaseCategory.choices(), required=True, allow_blank=False),
        Field("priority", "Priority", "select", Priority.choices(), allow_blank=False),
        Field("status", "Status", "select", CaseStatus.choices(), allow_blank=False),
        Field("outcome", "Outcome (closed only)", "select", CaseOutcome.choices()),
        Field("stage", "Disciplinary stage", "select", DisciplinaryStage.choices()),
        Field("opened_on", "Opened", "date", required=True, placeholder="today, 6/1/25, -3d"),
        Field("closed_on", "Closed", "date"),
        Field("next_action", "Next action", placeholder="e.g. Chase written outcome"),
        Field("next_action_due", "Next action due", "date", placeholder="+5d, fri"),
        Field("tags", "Tags", placeholder="hybrid, pay"),
        Field("summary", "Summary", "area", height=5),
    ]
    return fields


NEW_CASE: dict[str, Any] = {"opened_on": "today", "priority": Priority.NORMAL, "status": CaseStatus.NEW}
"""A new case opens today, at normal priority, as new."""


def new_case(values: dict[str, Any]) -> dict[str, Any]:
    """The form's values as the service takes them: the one member picked, by id."""
    picked = values.get("member_id") or []
    return {**values, "member_id": picked[0] if picked else None}


TIMELINE_FIELDS = [
    Field("occurred_on", "Date", "date", required=True),
    Field("kind", "Kind", "select", TimelineKind.choices(), allow_blank=False),
    Field("summary", "Summary", required=True, placeholder="One line"),
    Field("body", "Details", "area", height=6),
]
"""A dated entry in a case's timeline."""

NEW_ENTRY: dict[str, Any] = {"occurred_on": "today", "kind": TimelineKind.NOTE}
"""An entry starts dated today, as a note."""
