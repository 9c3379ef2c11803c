"""The threat-log entry form: for a new entry, and (pre-filled, with a reason) for a correction."""

from __future__ import annotations

from typing import Any, TypeVar

from repdesk.domain import clock
from repdesk.domain.dates import format_date, parse_date
from repdesk.domain.enums import ProtectedActivity, ThreatAudience, ThreatChannel, ThreatKind
from repdesk.domain.errors import DateInputError
from repdesk.domain.validation import FieldProblem
from repdesk.store.common import validate
from repdesk.store.errors import Invalid
from repdesk.store.models import ThreatEntryCreate
from repdesk.store.threats import ThreatDetail
from repdesk.tui.dialogs.form import Field
from repdesk.tui.dialogs.picker import Search

M = TypeVar("M", bound=ThreatEntryCreate)

FUTURE = "Date cannot be in the future: a threat cannot be recorded before it happened."


def threat_fields(members: Search, cases: Search, *, correction: bool = False) -> list[Field]:
    """Every field of an entry, exact words first; a correction starts with why it is needed."""
    fields: list[Field] = []
    if correction:
        fields.append(
            Field(
                "reason",
                "Reason for correction",
                required=True,
                placeholder="e.g. Misquoted: the letter says 'may', not 'will'",
            )
        )
    fields += [
        Field("exact_words", "Exact words", "area", required=True, height=4),
        Field("occurred_on", "Date", "date", required=True, placeholder="today, 6/1/25, -3d, fri"),
        Field("occurred_at", "Time", "time", placeholder="14:30, 2:30pm (blank if not known)"),
        Field("made_by", "Made by", required=True, placeholder="Their name"),
        Field("made_by_role", "Their role", placeholder="e.g. Superintendent, line manager"),
        Field("channel", "Channel", "select", ThreatChannel.choices(), required=True),
        Field("audience", "Audience", "select", ThreatAudience.choices(), required=True),
        Field("kind", "Kind", "select", ThreatKind.choices(), required=True),
        Field("context", "Context", "area", height=3),
        Field("related_to_action", "Related to the action", "bool"),
        Field(
            "protected_activity",
            "Related activity",
            "select",
            ProtectedActivity.choices(),
            allow_blank=False,
        ),
        Field("witnesses", "Witnesses", placeholder="Who else saw or heard it"),
        Field("document_ref", "Document reference", placeholder="e.g. Email 3 Nov 2026 09:12, Notice 14"),
        Field("disputed", "Alleged / disputed", "bool"),
        Field("member_ids", "Members", "links", search=members),
        Field("case_ids", "Cases", "links", search=cases),
    ]
    return fields


NEW_VALUES: dict[str, Any] = {
    "occurred_on": "today",
    "protected_activity": ProtectedActivity.NONE,
}
"""A new entry starts dated today with no related activity; channel, audience and kind are chosen."""


def correction_values(detail: ThreatDetail) -> dict[str, Any]:
    """The form pre-filled with the entry being corrected: every value and every link."""
    entry = detail.entry
    values: dict[str, Any] = {
        name: getattr(entry, name)
        for name in ThreatEntryCreate.model_fields
        if name not in {"member_ids", "case_ids"}
    }
    # Shown as a rep writes it; the form reads it back leniently.
    values["occurred_on"] = format_date(entry.occurred_on)
    values["member_ids"] = [(member.id, member.name) for member in detail.members if member.id is not None]
    values["case_ids"] = [
        (case.id, f"{case.ref} {case.title}") for case in detail.cases if case.id is not None
    ]
    return values


def check_entry(model: type[M], values: dict[str, Any], order: list[str]) -> M:
    """Validate the form as ``model``, every problem beside its field, in the form's order.

    The model checks that the date is not in the future only once every other
    field is valid, and reports it for the whole record; here it is checked
    with the rest and put beside the date.
    """
    try:
        return validate(model, values)
    except Invalid as exc:
        problems = [
            FieldProblem("occurred_on", problem.message)
            if not problem.field and "in the future" in problem.message
            else problem
            for problem in exc.problems
        ]
    if not any(problem.field == "occurred_on" for problem in problems):
        try:
            when = parse_date(str(values.get("occurred_on") or ""))
        except DateInputError:
            when = None
        if when is not None and when > clock.today():
            problems.append(FieldProblem("occurred_on", FUTURE))

    def position(problem: FieldProblem) -> int:
        return order.index(problem.field) if problem.field in order else -1

    raise Invalid(sorted(problems, key=position))
