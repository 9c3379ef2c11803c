"""What needs the rep now, in figures: the data behind ``repdesk summary`` and Triage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, col, func, select

from repdesk.domain import clock
from repdesk.domain.enums import ThreatStatus
from repdesk.store import cases, profile
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
    open_deadline = col(Deadline.done).is_(False)
    overdue = session.exec(select(func.count()).where(open_deadline, col(Deadline.due_on) < today)).one()
    soon = session.exec(
        select(func.count()).where(
            open_deadline,
            col(Deadline.due_on) >= today,
            col(Deadline.due_on) <= today + timedelta(days=7),
        )
    ).one()
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
