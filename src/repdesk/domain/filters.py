"""What a list screen asks for, as plain data the store turns into SQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from repdesk.domain.enums import (
    CaseCategory,
    CaseStatus,
    Priority,
    ThreatAudience,
    ThreatChannel,
    ThreatKind,
    ThreatStatus,
)


@dataclass(frozen=True)
class CaseFilter:
    """Which cases to list and in what order. Empty means "every active case, most urgent first"."""

    text: str = ""
    """Full-text search over case text and timelines."""
    statuses: frozenset[CaseStatus] = frozenset()
    """Only these statuses; empty means every status but closed (unless include_closed)."""
    priorities: frozenset[Priority] = frozenset()
    """Only these priorities."""
    categories: frozenset[CaseCategory] = frozenset()
    """Only these categories."""
    member: str = ""
    """Member name or number contains this."""
    tags: frozenset[str] = frozenset()
    """Cases carrying every one of these tags."""
    due_within_days: int | None = None
    """Next due date (deadline or next action) within this many days, overdue included."""
    include_closed: bool = False
    """Show closed cases too."""
    member_id: int | None = None
    """Only this member's cases."""
    sort: str = "urgency"
    """"urgency", "ref", "opened" or "due"."""


@dataclass(frozen=True)
class ThreatFilter:
    """Which threat-log entries to list (chronological)."""

    text: str = ""
    """Full-text search over the exact words, context and who made it."""
    kinds: frozenset[ThreatKind] = frozenset()
    """Only these kinds."""
    channels: frozenset[ThreatChannel] = frozenset()
    """Only these channels."""
    audiences: frozenset[ThreatAudience] = frozenset()
    """Only these audiences."""
    statuses: frozenset[ThreatStatus] = frozenset()
    """Only these follow-up statuses."""
    made_by: str = ""
    """Who made it contains this."""
    related_to_action: bool | None = None
    """Only entries related (or not) to the action."""
    date_from: date | None = None
    """On or after this date."""
    date_to: date | None = None
    """On or before this date."""
    member_ids: frozenset[int] = field(default_factory=frozenset)
    """Touching any of these members."""
    case_id: int | None = None
    """Touching this case."""
    newest_first: bool = False
    """Reverse the chronological order."""
