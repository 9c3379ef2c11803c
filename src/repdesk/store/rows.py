"""Light rows the lists show (cases, members, threat entries, talks sessions), importable without SQLAlchemy.

The desk's first page is read with the standard library before the ORM has
loaded (see :mod:`repdesk.store.quick`), so what a page holds lives here and
the service modules re-export it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Any, Generic, TypeVar

from repdesk.domain.enums import (
    CaseCategory,
    CaseStatus,
    Priority,
    RoleCategory,
    TalksFormat,
    TalksKind,
    ThreatAudience,
    ThreatChannel,
    ThreatKind,
    ThreatStatus,
)
from repdesk.domain.unreadable import UnreadableDate

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of light rows and the total that matched."""

    rows: list[T]
    """The rows on this page."""
    total: int
    """How many rows matched in all."""
    offset: int
    """Index of the first row in the whole result."""


@dataclass(frozen=True)
class CaseRow:
    """A case as a list shows it."""

    id: int
    ref: str
    title: str
    member_id: int
    member_name: str
    category: CaseCategory
    status: CaseStatus
    priority: Priority
    opened_on: date
    next_action: str
    next_due: date | None
    last_activity_on: date
    score: float
    version: int


@dataclass(frozen=True)
class MemberRow:
    """A member as a list shows it."""

    id: int
    name: str
    membership_no: str | None
    job_title: str
    role_category: RoleCategory
    office_days_required: int
    department: str
    adjustments_agreed: bool
    flexible_plan_approved: bool
    in_action: bool
    open_cases: int
    archived: bool = False
    """Archived: hidden from the list unless its filter asks (``archived:yes``), kept for the record."""

    @property
    def has_exemption(self) -> bool:
        """An agreed adjustment or approved flexible plan."""
        return self.adjustments_agreed or self.flexible_plan_approved


@dataclass(frozen=True)
class SessionRow:
    """A talks session as the list shows it."""

    id: int
    held_on: date
    kind: TalksKind
    format: TalksFormat
    conciliator: str
    offers: int
    open_actions: int
    next_session_on: date | None


@dataclass(frozen=True)
class ThreatRow:
    """A threat entry as the chronological list shows it."""

    id: int
    ref: str
    occurred_on: date
    occurred_at: time | None
    made_by: str
    made_by_role: str
    channel: ThreatChannel
    audience: ThreatAudience
    kind: ThreatKind
    exact_words: str
    related_to_action: bool
    disputed: bool
    status: ThreatStatus
    amends_id: int | None
    members: int
    version: int


def _day(value: Any) -> date:
    """A date from the ORM (already read, or its stand-in) or raw ISO text from sqlite3.

    Raw text that is not a date (a damaged file) gives the "unreadable" stand-in:
    only the desk's first page reads raw text, and the desk reads leniently.
    """
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return UnreadableDate()


def case_row(values: tuple[Any, ...]) -> CaseRow:
    """A CaseRow from one result row, typed by SQLAlchemy or raw from sqlite3 (ISO text, enum values)."""
    (case_id, ref, title, member_id, name, category, status, priority) = values[:8]
    (opened_on, next_action, next_due, last_activity_on, score, version) = values[8:]
    return CaseRow(
        id=int(case_id),
        ref=ref,
        title=title,
        member_id=int(member_id),
        member_name=name,
        category=CaseCategory(category),
        status=CaseStatus(status),
        priority=Priority(priority),
        opened_on=_day(opened_on),
        next_action=next_action,
        next_due=None if next_due is None else _day(next_due),
        last_activity_on=_day(last_activity_on),
        score=round(float(score), 1),
        version=int(version),
    )
