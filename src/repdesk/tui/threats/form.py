"""The threat-log entry form: for a new entry, and (pre-filled, with a reason) for a correction."""

from __future__ import annotations

from typing import Any

from repdesk.domain.dates import format_date
from repdesk.domain.enums import ProtectedActivity, ThreatAudience, ThreatChannel, ThreatKind
from repdesk.store.models import ThreatEntryCreate
from repdesk.store.threats import ThreatDetail
from repdesk.tui.dialogs.form import Field
from repdesk.tui.dialogs.picker import Search


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
