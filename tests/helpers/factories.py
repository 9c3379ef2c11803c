"""Records for tests, made through the services like any caller makes them.

Each factory takes an open session, fills in what a test does not care about
and returns the saved record (with its id); keyword arguments override any
field, as the rep would type it. The caller owns the transaction:

    with db.transaction() as session:
        case = make_case(session, title="Docked pay")
        make_deadline(session, case, due_on=day(3))
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from sqlmodel import Session

from repdesk.domain.enums import CaseCategory, DeadlineKind, Side, ThreatAudience, ThreatChannel, ThreatKind
from repdesk.store import cases, members, talks, threats
from repdesk.store.common import validate
from repdesk.store.engine import Database
from repdesk.store.models import (
    ActionPoint,
    AttachmentCreate,
    Case,
    Deadline,
    DeadlineCreate,
    Member,
    Offer,
    TalksSession,
    ThreatEntry,
    TimelineEntry,
)

_serial = itertools.count(1)

Saved = TypeVar("Saved", Member, Case, ThreatEntry, TalksSession, Offer, ActionPoint, Deadline, TimelineEntry)


def ident(record: Saved | int) -> int:
    """The id of a saved record, or the id itself."""
    if isinstance(record, int):
        return record
    assert record.id is not None, f"{type(record).__name__} not saved"
    return record.id


def _saved(record: Saved) -> Saved:
    ident(record)
    return record


def make_member(session: Session, **overrides: Any) -> Member:
    """A member (named "Member N" unless ``name`` is given)."""
    return _saved(members.create_member(session, {"name": f"Member {next(_serial)}", **overrides}))


def make_case(session: Session, member: Member | int | None = None, **overrides: Any) -> Case:
    """A case for ``member`` (a new member when none is given): an attendance case, "Case N"."""
    owner = make_member(session) if member is None else member
    data = {
        "member_id": ident(owner),
        "title": f"Case {next(_serial)}",
        "category": CaseCategory.ATTENDANCE,
        **overrides,
    }
    return _saved(cases.create_case(session, data))


THREAT: dict[str, Any] = {
    "occurred_on": date(2026, 11, 3),
    "made_by": "Supt Example",
    "channel": ThreatChannel.EMAIL,
    "audience": ThreatAudience.TEAM,
    "kind": ThreatKind.PAY_DEDUCTION,
    "exact_words": "Your pay will be docked.",
}
"""The threat ``make_threat`` logs unless told otherwise."""


def make_threat(
    session: Session, *, evidence: Sequence[AttachmentCreate] = (), **overrides: Any
) -> ThreatEntry:
    """A threat-log entry (``member_ids`` and ``case_ids`` link it), with any evidence attached."""
    return _saved(threats.log_threat(session, {**THREAT, **overrides}, evidence=evidence))


def make_talks_session(session: Session, **overrides: Any) -> TalksSession:
    """An ACAS talks session, held on 10 November 2026 unless ``held_on`` is given."""
    return _saved(talks.create_session(session, {"held_on": date(2026, 11, 10), **overrides}))


def make_offer(session: Session, talks_session: TalksSession | int, **overrides: Any) -> Offer:
    """An offer tabled by the employer at ``talks_session``."""
    data = {"side": Side.EMPLOYER, "text": "Three office days a week.", **overrides}
    return _saved(talks.add_offer(session, ident(talks_session), data))


def make_action_point(session: Session, talks_session: TalksSession | int, **overrides: Any) -> ActionPoint:
    """An action point agreed at ``talks_session``."""
    data = {"text": "Send the headcount figures", **overrides}
    return _saved(talks.add_action_point(session, ident(talks_session), data))


def make_deadline(session: Session, case: Case | int, **overrides: Any) -> Deadline:
    """A deadline typed in for ``case``, due on 1 December 2026 unless ``due_on`` is given."""
    data = {"what": "Reply", "due_on": date(2026, 12, 1), **overrides}
    return _saved(cases.add_deadline(session, ident(case), validate(DeadlineCreate, data)))


def make_timeline_entry(session: Session, case: Case | int, **overrides: Any) -> TimelineEntry:
    """A timeline entry on ``case``, dated today unless ``occurred_on`` is given."""
    return _saved(cases.add_timeline_entry(session, ident(case), {"summary": "Call", **overrides}))


@dataclass(frozen=True)
class Made:
    """Ids (and versions) of a member and a case made and committed by ``new_case``."""

    member_id: int
    case_id: int
    case_ref: str
    case_version: int


def new_case(db: Database, member_id: int | None = None, **overrides: Any) -> Made:
    """A case (and a member, unless ``member_id`` is given) in a transaction of its own.

    Keyword arguments starting ``member_`` go to the new member (``member_name``),
    the rest to the case.
    """
    member_fields = {k.removeprefix("member_"): v for k, v in overrides.items() if k.startswith("member_")}
    case_fields = {k: v for k, v in overrides.items() if not k.startswith("member_")}
    with db.transaction() as session:
        member = make_member(session, **member_fields) if member_id is None else member_id
        case = make_case(session, member, **case_fields)
        return Made(ident(member), ident(case), case.ref, case.version)


NewCase = Callable[..., Made]
"""``new_case`` with its database bound, as the store tests' ``new_case`` fixture gives it."""


OLD_DEFAULT_WHAT = "Tribunal limit for the written warning of 2 Nov 2026"


def add_old_default_deadline(db: Database, case_id: int) -> int:
    """A deadline saved by an earlier repdesk, which counted acts from 1 Oct 2026 at 6 months.

    Its act (2 Nov 2026) then gave 1 May 2027; under the 3-month limit in force it
    gives 1 Feb 2027. Inserted as that repdesk wrote it, past today's services.
    """
    with db.transaction() as session:
        old = Deadline(
            case_id=case_id,
            kind=DeadlineKind.TRIBUNAL_LIMIT,
            what=OLD_DEFAULT_WHAT,
            due_on=date(2027, 5, 1),
            rule_id="tribunal-limit",
            rule_version=2,
            rule_inputs={"act": "2026-11-02", "commencement": "2026-10-01"},
        )
        session.add(old)
        session.flush()
        return ident(old)
