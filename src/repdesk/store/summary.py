"""What needs the rep now, in figures: the data behind ``repdesk summary`` and Triage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Generic, TypeVar

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from repdesk.domain import clock
from repdesk.domain.enums import (
    CaseStatus,
    DeadlineKind,
    Priority,
    Side,
    TalksFormat,
    TalksKind,
    ThreatKind,
    ThreatStatus,
)
from repdesk.domain.filters import CaseFilter
from repdesk.store import cases, profile, talks
from repdesk.store.common import columns, fetch
from repdesk.store.models import ActionPoint, Case, Deadline, Member, TalksSession, ThreatEntry


@dataclass(frozen=True)
class Overview:
    """Counts and the most urgent cases."""

    profile: str
    """"Name, union branch, workplace" or ""."""
    counts: list[tuple[str, int]]
    """(label, count) for each kind of record."""
    urgent: list[cases.CaseRow]
    """The most urgent active cases."""
    overdue: int
    """Deadlines past due and not done."""
    due_soon: int
    """Deadlines due in the next 7 days and not done."""
    threats_logged: int
    """Threat entries not yet acted on."""


def _count(session: Session, model: type) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


def overview(session: Session, *, top: int = 10) -> Overview:
    """Figures for the summary; every list is limited in SQL."""
    today = clock.today()
    rep = profile.get_profile(session)
    label = ""
    if rep:
        label = ", ".join(
            part for part in (rep.name, f"{rep.union} {rep.branch}".strip(), rep.workplace) if part
        )
    # The same query as Triage's sections, so the two never disagree (closed cases' dates don't count).
    due = col(Deadline.due_on)
    overdue = _deadlines(session, due < today, limit=1).total
    soon = _deadlines(
        session, sa.and_(due >= today, due <= today + timedelta(days=DUE_SOON_DAYS)), limit=1
    ).total
    logged = session.exec(select(func.count()).where(ThreatEntry.status == ThreatStatus.LOGGED)).one()
    return Overview(
        profile=label,
        counts=[
            ("members", _count(session, Member)),
            ("cases", _count(session, Case)),
            ("threat entries", _count(session, ThreatEntry)),
            ("talks sessions", _count(session, TalksSession)),
            (
                "open action points",
                int(session.exec(select(func.count()).where(col(ActionPoint.done).is_(False))).one()),
            ),
        ],
        urgent=cases.list_cases(session, limit=top).rows,
        overdue=int(overdue),
        due_soon=int(soon),
        threats_logged=int(logged),
    )


# --- Triage: what needs the rep now, as light rows ------------------------------

DUE_SOON_DAYS = 7
"""How far ahead "due soon" looks."""

T = TypeVar("T")


@dataclass(frozen=True)
class Section(Generic[T]):
    """One Triage section: the first rows and how many there are in all."""

    rows: list[T]
    """At most ``limit`` rows, most pressing first."""
    total: int
    """How many match in all."""


@dataclass(frozen=True)
class DeadlineItem:
    """An open deadline of an active case."""

    id: int
    """The deadline's id."""
    case_id: int
    """The case it belongs to (where Enter takes the rep)."""
    case_ref: str
    """The case's reference."""
    member_name: str
    """Whose case it is."""
    what: str
    """What falls due."""
    kind: DeadlineKind
    """What kind of key date it is."""
    due_on: date
    """When."""


@dataclass(frozen=True)
class ThreatItem:
    """A threat-log entry still at "logged"."""

    id: int
    """The entry's id."""
    ref: str
    """Its reference, e.g. T-2025-0003."""
    occurred_on: date
    """When it happened."""
    made_by: str
    """Who made it."""
    kind: ThreatKind
    """What was threatened."""
    exact_words: str
    """The words used (the first 200 characters)."""
    disputed: bool
    """Whether it is alleged / disputed."""


@dataclass(frozen=True)
class SessionItem:
    """The talks session Triage points at."""

    id: int
    """The session's id."""
    held_on: date
    """When it is (or was) held."""
    starts_at: time | None
    """When it starts, if known."""
    kind: TalksKind
    """Separate, joint or exploratory."""
    format: TalksFormat
    """In person, online or hybrid."""
    venue: str
    """Where."""
    next_session_on: date | None
    """When talks resume after it, if set."""
    upcoming: bool
    """True if it is today or later; False if it is the latest past session."""


@dataclass(frozen=True)
class ActionItem:
    """An open action point of a talks session."""

    id: int
    """The action point's id."""
    session_id: int
    """The session it was agreed at."""
    session_on: date
    """When that session was held."""
    text: str
    """What is to be done."""
    owner: str
    """Who owns it."""
    owner_side: Side | None
    """Which side owns it."""
    due_on: date | None
    """When it is due."""


@dataclass(frozen=True)
class Triage:
    """Everything the Triage screen shows; every list limited in SQL."""

    today: date
    """The day it was worked out for."""
    overdue: Section[DeadlineItem]
    """Open deadlines of active cases, due before today, oldest first."""
    due_soon: Section[DeadlineItem]
    """Open deadlines of active cases, due today to seven days ahead, soonest first."""
    urgent: Section[cases.CaseRow]
    """Active cases at priority urgent, by urgency score."""
    threats: Section[ThreatItem]
    """Threat-log entries still at "logged", oldest first."""
    session: SessionItem | None
    """The next talks session, or the latest if none is planned; None if there are none."""
    actions: Section[ActionItem]
    """Open action points of every session, soonest due first (undated last)."""


def _deadlines(session: Session, condition: sa.ColumnElement[bool], *, limit: int) -> Section[DeadlineItem]:
    active = sa.and_(col(Deadline.done).is_(False), col(Case.status) != CaseStatus.CLOSED, condition)
    joined = select(func.count()).select_from(Deadline).join(Case, col(Case.id) == Deadline.case_id)
    total = int(session.exec(joined.where(active)).one())
    rows = fetch(
        session,
        sa.select(
            *columns(
                Deadline.id,
                Deadline.case_id,
                Case.ref,
                Member.name,
                Deadline.what,
                Deadline.kind,
                Deadline.due_on,
            )
        )
        .join(Case, col(Case.id) == Deadline.case_id)
        .join(Member, col(Member.id) == Case.member_id)
        .where(active)
        .order_by(col(Deadline.due_on), col(Deadline.id))
        .limit(limit),
    )
    return Section([DeadlineItem(*row) for row in rows], total)


def triage(session: Session, *, today: date | None = None, limit: int = 50) -> Triage:
    """What needs the rep now: overdue and due-soon deadlines, urgent cases, threats not acted on,
    the next talks session and the open action points. Each list holds at most ``limit`` rows."""
    today = today or clock.today()
    limit = max(1, min(limit, 500))
    due = col(Deadline.due_on)
    overdue = _deadlines(session, due < today, limit=limit)
    soon = _deadlines(
        session, sa.and_(due >= today, due <= today + timedelta(days=DUE_SOON_DAYS)), limit=limit
    )
    urgent_page = cases.list_cases(session, CaseFilter(priorities=frozenset({Priority.URGENT})), limit=limit)

    logged = col(ThreatEntry.status) == ThreatStatus.LOGGED
    threat_total = int(session.exec(select(func.count()).select_from(ThreatEntry).where(logged)).one())
    threat_rows = fetch(
        session,
        sa.select(
            *columns(
                ThreatEntry.id,
                ThreatEntry.ref,
                ThreatEntry.occurred_on,
                ThreatEntry.made_by,
                ThreatEntry.kind,
                sa.func.substr(col(ThreatEntry.exact_words), 1, 200),
                ThreatEntry.disputed,
            )
        )
        .where(logged)
        .order_by(col(ThreatEntry.occurred_on), col(ThreatEntry.id))
        .limit(limit),
    )

    item: SessionItem | None = None
    found = talks.next_session(session, today)
    if found is not None and found.id is not None:
        item = SessionItem(
            found.id,
            found.held_on,
            found.starts_at,
            found.kind,
            found.format,
            found.venue,
            found.next_session_on,
            found.held_on >= today,
        )
    open_point = col(ActionPoint.done).is_(False)
    action_total = int(session.exec(select(func.count()).select_from(ActionPoint).where(open_point)).one())
    action_rows = fetch(
        session,
        sa.select(
            *columns(
                ActionPoint.id,
                ActionPoint.session_id,
                TalksSession.held_on,
                ActionPoint.text,
                ActionPoint.owner,
                ActionPoint.owner_side,
                ActionPoint.due_on,
            )
        )
        .join(TalksSession, col(TalksSession.id) == ActionPoint.session_id)
        .where(open_point)
        .order_by(sa.nulls_last(col(ActionPoint.due_on)), col(ActionPoint.id))
        .limit(limit),
    )
    return Triage(
        today=today,
        overdue=overdue,
        due_soon=soon,
        urgent=Section(urgent_page.rows, urgent_page.total),
        threats=Section([ThreatItem(*row) for row in threat_rows], threat_total),
        session=item,
        actions=Section([ActionItem(*row) for row in action_rows], action_total),
    )
