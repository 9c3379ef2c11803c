"""What needs the rep now, in figures: the data behind ``repdesk summary`` and Triage."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, SQLModel, col

from repdesk.domain import clock
from repdesk.domain.dates import add_months
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
from repdesk.store import cases, deadlines, profile, talks
from repdesk.store.common import columns, count, fetch
from repdesk.store.models import ActionPoint, Case, Deadline, Member, TalksSession, ThreatEntry
from repdesk.store.models.profile import RETENTION_MONTHS


def _not_acted_on() -> sa.ColumnElement[bool]:
    """A threat-log entry the rep has not yet acted on.

    Still "logged", and so is every entry of its chain of corrections: an
    entry and the corrections that restate it are one event, so once the rep
    has acted on any of them (raised the correction with the employer, say),
    none is waiting. The chains are walked in SQL from each corrected
    original, so the query grows with the corrections, not with the log.
    """
    entry, later, member = aliased(ThreatEntry), aliased(ThreatEntry), aliased(ThreatEntry)
    corrected = sa.select(col(later.amends_id)).where(col(later.amends_id).is_not(None))
    chain = (
        sa.select(col(entry.id).label("id"), col(entry.id).label("root"))
        .where(col(entry.amends_id).is_(None), col(entry.id).in_(corrected))
        .cte("correction_chain", recursive=True)
    )
    chain = chain.union_all(
        sa.select(col(later.id), chain.c.root).join(chain, col(later.amends_id) == chain.c.id)
    )
    acted = (
        sa.select(chain.c.root)
        .join(member, col(member.id) == chain.c.id)
        .where(col(member.status) != ThreatStatus.LOGGED)
    )
    moved_on = sa.select(chain.c.id).where(chain.c.root.in_(acted))
    return sa.and_(col(ThreatEntry.status) == ThreatStatus.LOGGED, col(ThreatEntry.id).not_in(moved_on))


# What the summary and Triage both count, written once so the two never disagree.
_NOT_ACTED_ON = _not_acted_on()
"""A threat-log entry the rep has not yet acted on (see :func:`_not_acted_on`)."""
_OPEN_POINT = col(ActionPoint.done).is_(False)
"""A talks action point not yet done."""


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
    """Deadlines and next-action dates past due and not done."""
    late: list[DeadlineItem]
    """The first ``top`` of those, the longest overdue first."""
    due_soon: int
    """Deadlines and next-action dates due in the next 7 days and not done."""
    threats_logged: int
    """Threat entries not yet acted on."""
    recheck: list[deadlines.FlaggedDeadline]
    """Open computed deadlines the rules and settings would now give differently."""
    retention_months: int | None
    """The rep's retention period for closed cases (None: the review is off)."""
    due_for_review: int
    """Closed cases past that period, listed for the rep to keep or delete."""


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
    overdue = _deadlines(session, None, today, limit=top)
    soon = _deadlines(session, today, today + timedelta(days=DUE_SOON_DAYS + 1), limit=1).total
    logged = count(session, ThreatEntry, _NOT_ACTED_ON)
    months = retention_months(session)
    review = _due_for_review(session, months, today, limit=1)
    return Overview(
        profile=label,
        counts=[
            ("members", count(session, Member)),
            ("cases", count(session, Case)),
            ("threat entries", count(session, ThreatEntry)),
            ("talks sessions", count(session, TalksSession)),
            ("open action points", count(session, ActionPoint, _OPEN_POINT)),
        ],
        urgent=cases.list_cases(session, limit=top).rows,
        overdue=overdue.total,
        late=overdue.rows,
        due_soon=int(soon),
        threats_logged=int(logged),
        recheck=deadlines.flagged_deadlines(session),
        retention_months=months,
        due_for_review=review.total,
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
    """An open deadline of an active case, or an active case's next-action date."""

    id: int | None
    """The deadline's id (None for a next-action date)."""
    case_id: int
    """The case it belongs to (where Enter takes the rep)."""
    case_ref: str
    """The case's reference."""
    member_name: str
    """Whose case it is."""
    what: str
    """What falls due."""
    kind: DeadlineKind | None
    """What kind of key date it is (None for a next-action date)."""
    due_on: date
    """When."""
    next_action: bool = False
    """True when this is the case's next action, not one of its deadlines."""


QUIET_DAYS = 30
"""How long an open case goes with nothing on it before Triage says it has gone quiet."""


@dataclass(frozen=True)
class QuietItem:
    """An active case with no activity (timeline entry, change to its facts) for :data:`QUIET_DAYS` days."""

    case_id: int
    """The case (where Enter takes the rep)."""
    case_ref: str
    """Its reference."""
    member_name: str
    """Whose case it is."""
    title: str
    """Its title."""
    status: CaseStatus
    """Where it stands."""
    last_activity_on: date
    """When something last happened on it."""


@dataclass(frozen=True)
class ReviewItem:
    """A closed case past the rep's retention period: to keep or delete, the rep's call."""

    case_id: int
    """The case (where Enter takes the rep)."""
    case_ref: str
    """Its reference."""
    member_name: str
    """Whose case it was."""
    title: str
    """Its title."""
    closed_on: date
    """When it closed."""


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
    quiet: Section[QuietItem]
    """Active cases with nothing for :data:`QUIET_DAYS` days or more, quiet longest first."""
    threats: Section[ThreatItem]
    """Threat-log entries still at "logged", oldest first."""
    session: SessionItem | None
    """The next talks session, or the latest if none is planned; None if there are none."""
    actions: Section[ActionItem]
    """Open action points of every session, soonest due first (undated last)."""
    recheck: list[deadlines.FlaggedDeadline]
    """Open computed deadlines the rules and settings would now give differently."""
    review: Section[ReviewItem]
    """Closed cases past the retention period, closed longest ago first (none when it is off)."""
    retention_months: int | None
    """The rep's retention period in months (None: the review is off)."""


def retention_months(session: Session) -> int | None:
    """The rep's retention period for closed cases; the default before there is a profile."""
    rep = profile.get_profile(session)
    return RETENTION_MONTHS if rep is None else rep.retention_months


def _due_for_review(session: Session, months: int | None, today: date, *, limit: int) -> Section[ReviewItem]:
    """Closed cases that closed ``months`` or more before ``today``, longest ago first.

    Only listed: deleting one stays the rep's own act (delete on Cases). A case
    closed without a closed date counts from its last activity.
    """
    if months is None:
        return Section([], 0)
    # Typed as a date, so SQLite's text reads back as one.
    closed_on = sa.func.coalesce(col(Case.closed_on), col(Case.last_activity_on), type_=sa.Date())
    return _section(
        session,
        ReviewItem,
        Case,
        sa.and_(col(Case.status) == CaseStatus.CLOSED, closed_on <= add_months(today, -months)),
        sa.select(*columns(Case.id, Case.ref, Member.name, Case.title), closed_on)
        .join(Member, col(Member.id) == Case.member_id)
        .order_by(closed_on, col(Case.id)),
        limit,
    )


def _deadlines(session: Session, low: date | None, high: date, *, limit: int) -> Section[DeadlineItem]:
    """Open deadlines and next-action dates of active cases due in [low, high), soonest first."""

    def within(column: Any) -> sa.ColumnElement[bool]:
        upper = column < high
        return upper if low is None else sa.and_(column >= low, upper)

    active = col(Case.status) != CaseStatus.CLOSED
    due = (
        sa.select(
            *columns(
                col(Deadline.id).label("id"),
                col(Deadline.case_id).label("case_id"),
                col(Deadline.what).label("what"),
                col(Deadline.kind).label("kind"),
                col(Deadline.due_on).label("due_on"),
                sa.literal(0).label("next_action"),
            )
        )
        .join(Case, col(Case.id) == Deadline.case_id)
        .where(col(Deadline.done).is_(False), active, within(col(Deadline.due_on)))
    )
    next_actions = sa.select(
        *columns(
            sa.null().label("id"),
            col(Case.id).label("case_id"),
            sa.func.coalesce(sa.func.nullif(col(Case.next_action), ""), "Next action").label("what"),
            sa.null().label("kind"),
            col(Case.next_action_due).label("due_on"),
            sa.literal(1).label("next_action"),
        )
    ).where(active, col(Case.next_action_due).is_not(None), within(col(Case.next_action_due)))
    both = sa.union_all(due, next_actions).subquery("due")
    total = int(session.connection().execute(sa.select(sa.func.count()).select_from(both)).scalar_one())
    rows = fetch(
        session,
        sa.select(
            *columns(
                both.c.id, both.c.case_id, Case.ref, Member.name, both.c.what, both.c.kind, both.c.due_on
            ),
            both.c.next_action,
        )
        .join(Case, col(Case.id) == both.c.case_id)
        .join(Member, col(Member.id) == Case.member_id)
        .order_by(both.c.due_on, both.c.next_action, both.c.id, both.c.case_id)
        .limit(limit),
    )
    # The union keeps the first select's column types, so due_on reads as a date
    # and kind as a DeadlineKind (None on a next-action row).
    items = [
        DeadlineItem(ident, case_id, ref, name, what, kind, due_on, bool(next_action))
        for ident, case_id, ref, name, what, kind, due_on, next_action in rows
    ]
    return Section(items, total)


def _section(
    session: Session,
    item: Callable[..., T],
    table: type[SQLModel],
    condition: Any,
    statement: sa.Select[Any],
    limit: int,
) -> Section[T]:
    """The rows of ``table`` meeting ``condition``: how many, and the first ``limit`` as ``item``s.

    ``statement`` selects an item's columns, in order and with any joins.
    """
    total = count(session, table, condition)
    rows = fetch(session, statement.where(condition).limit(limit))
    return Section([item(*row) for row in rows], total)


def triage(session: Session, *, today: date | None = None, limit: int = 50) -> Triage:
    """What needs the rep now: overdue and due-soon deadlines, urgent cases, cases gone quiet,
    threats not acted on, the next talks session, the open action points and closed cases due
    for review. Each list holds at most ``limit`` rows."""
    today = today or clock.today()
    limit = max(1, min(limit, 500))
    overdue = _deadlines(session, None, today, limit=limit)
    soon = _deadlines(session, today, today + timedelta(days=DUE_SOON_DAYS + 1), limit=limit)
    urgent_page = cases.list_cases(session, CaseFilter(priorities=frozenset({Priority.URGENT})), limit=limit)

    quiet = _section(
        session,
        QuietItem,
        Case,
        sa.and_(
            col(Case.status) != CaseStatus.CLOSED,
            col(Case.last_activity_on) <= today - timedelta(days=QUIET_DAYS),
        ),
        sa.select(*columns(Case.id, Case.ref, Member.name, Case.title, Case.status, Case.last_activity_on))
        .join(Member, col(Member.id) == Case.member_id)
        .order_by(col(Case.last_activity_on), col(Case.id)),
        limit,
    )
    threats = _section(
        session,
        ThreatItem,
        ThreatEntry,
        _NOT_ACTED_ON,
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
        ).order_by(col(ThreatEntry.occurred_on), col(ThreatEntry.id)),
        limit,
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
    actions = _section(
        session,
        ActionItem,
        ActionPoint,
        _OPEN_POINT,
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
        .order_by(sa.nulls_last(col(ActionPoint.due_on)), col(ActionPoint.id)),
        limit,
    )
    months = retention_months(session)
    return Triage(
        today=today,
        overdue=overdue,
        due_soon=soon,
        urgent=Section(urgent_page.rows, urgent_page.total),
        quiet=quiet,
        threats=threats,
        session=item,
        actions=actions,
        recheck=deadlines.flagged_deadlines(session),
        review=_due_for_review(session, months, today, limit=limit),
        retention_months=months,
    )
