"""Linking members and cases to a saved threat-log entry, and who a collective incident touches.

A notice to all staff is one entry touching many members. Linking more of
them later is no correction: the entry's words stay as they are, and each
new link is an appended event, audited by the flush hook and appended to the
threat chain (by :func:`repdesk.store.threats.add_links`, which every link
here goes through). Links go on the entry the rep picked, even one a later
entry corrects: the rep chose it, and the detail of each names the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from repdesk.domain.enums import RoleCategory
from repdesk.domain.member_filter import MemberFilter
from repdesk.store import members, threats
from repdesk.store.common import columns, count, fetch, ids
from repdesk.store.models import Member, ThreatCase, ThreatMember


@dataclass(frozen=True)
class Linked:
    """What one linking step did."""

    added: list[int]
    """Ids newly linked, in the order asked for."""
    skipped: int
    """How many asked for were linked already (left as they were)."""


@dataclass(frozen=True)
class Preview:
    """What linking by a Members filter would do, before the rep confirms it."""

    matching: int
    """Current (not archived) members the filter matches."""
    already: int
    """How many of those are linked to the entry already."""

    @property
    def new(self) -> int:
        """How many linking would add."""
        return self.matching - self.already


@dataclass(frozen=True)
class LinkedMember:
    """A member an entry touches, as the collective section lists them."""

    id: int
    name: str
    role_category: RoleCategory
    exempt: bool
    """Has agreed reasonable adjustments or an approved flexible-working plan."""
    in_action: bool
    """Taking part in the action."""
    archived: bool
    """Archived since being linked: kept on the entry, as on every record."""


@dataclass(frozen=True)
class Collective:
    """Everyone an entry touches, by name, with the counts a rep reports."""

    members: list[LinkedMember]

    @property
    def total(self) -> int:
        """How many members the entry touches."""
        return len(self.members)

    @property
    def exempt(self) -> list[LinkedMember]:
        """Those with agreed adjustments or an approved flexible-working plan."""
        return [m for m in self.members if m.exempt]

    @property
    def in_action(self) -> list[LinkedMember]:
        """Those taking part in the action."""
        return [m for m in self.members if m.in_action]


def _linked_members(session: Session, entry_id: int) -> set[int]:
    return set(session.exec(select(ThreatMember.member_id).where(ThreatMember.threat_id == entry_id)))


def link_members(session: Session, entry_id: int, member_ids: Sequence[int]) -> Linked:
    """Link members to a saved entry; those linked already are skipped and counted.

    A member who no longer exists is refused (:class:`~repdesk.store.errors.Invalid`),
    and then nothing is linked.
    """
    threats.get_threat(session, entry_id)
    wanted = ids(member_ids)
    existing = _linked_members(session, entry_id)
    added = [m for m in wanted if m not in existing]
    threats.add_links(session, entry_id, member_ids=added)
    return Linked(added, len(wanted) - len(added))


def link_cases(session: Session, entry_id: int, case_ids: Sequence[int]) -> Linked:
    """Link cases to a saved entry; those linked already are skipped and counted."""
    threats.get_threat(session, entry_id)
    wanted = ids(case_ids)
    existing = set(session.exec(select(ThreatCase.case_id).where(ThreatCase.threat_id == entry_id)))
    added = [c for c in wanted if c not in existing]
    threats.add_links(session, entry_id, case_ids=added)
    return Linked(added, len(wanted) - len(added))


def _current(query: MemberFilter) -> list[sa.ColumnElement[bool]]:
    # Archived members have left the caseload: a filter never links them, whatever it says
    # (and archived:only then matches nobody, rather than everyone).
    return [*members.filter_conditions(query), col(Member.archived_at).is_(None)]


def preview_matching(session: Session, entry_id: int, query: MemberFilter) -> Preview:
    """How many current members ``query`` matches, and how many of them the entry has already."""
    threats.get_threat(session, entry_id)
    conditions = _current(query)
    linked = select(ThreatMember.member_id).where(ThreatMember.threat_id == entry_id)
    return Preview(
        matching=count(session, Member, *conditions),
        already=count(session, Member, *conditions, col(Member.id).in_(linked)),
    )


def link_members_matching(session: Session, entry_id: int, query: MemberFilter) -> Linked:
    """Link every current member the Members filter ``query`` matches (archived ones never)."""
    threats.get_threat(session, entry_id)
    matching = session.exec(
        select(Member.id).where(*_current(query)).order_by(func.lower(Member.name), col(Member.id))
    )
    return link_members(session, entry_id, [int(m) for m in matching if m is not None])


def collective(session: Session, entry_id: int) -> Collective:
    """Every member the entry touches, by name, with their adjustments, plans and part in the action."""
    threats.get_threat(session, entry_id)
    rows = fetch(
        session,
        sa.select(
            *columns(
                Member.id,
                Member.name,
                Member.role_category,
                sa.or_(col(Member.adjustments_agreed), col(Member.flexible_plan_approved)),
                Member.in_action,
                col(Member.archived_at).is_not(None),
            )
        )
        .join(ThreatMember, col(ThreatMember.member_id) == Member.id)
        .where(col(ThreatMember.threat_id) == entry_id)
        .order_by(func.lower(Member.name), col(Member.id)),
    )
    return Collective(
        [
            LinkedMember(int(i), str(name), RoleCategory(role), bool(exempt), bool(action), bool(archived))
            for i, name, role, exempt, action, archived in rows
        ]
    )
