"""Member services: create, update, delete, look up, and list in pages."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from repdesk.domain.enums import CaseStatus
from repdesk.domain.member_filter import MemberFilter
from repdesk.store import search
from repdesk.store.common import (
    Fields,
    Page,
    apply_update,
    columns,
    count,
    fetch,
    get,
    insert,
    like_pattern,
    page_bounds,
    validate,
)
from repdesk.store.errors import Invalid
from repdesk.store.models import (
    Case,
    Member,
    MemberCreate,
    MemberUpdate,
    ThreatEntry,
    ThreatMember,
)
from repdesk.store.rows import MemberRow


def _unique_membership_no(session: Session, number: str | None, member_id: int | None) -> None:
    if not number:
        return
    clash = session.exec(
        select(Member.id, Member.name).where(Member.membership_no == number, Member.id != member_id)
    ).first()
    if clash:
        raise Invalid.one("membership_no", f"Membership number {number} already belongs to {clash[1]}.")


def create_member(session: Session, data: Fields) -> Member:
    """Add a member."""
    data = validate(MemberCreate, data)
    _unique_membership_no(session, data.membership_no, None)
    return insert(session, Member, data)


def get_member(session: Session, member_id: int) -> Member:
    """One member, or NotFound."""
    return get(session, Member, member_id, "member")


def update_member(session: Session, member_id: int, data: Fields) -> Member:
    """Change a member; refused if they changed since ``data.version``."""
    data = validate(MemberUpdate, data)
    member = get_member(session, member_id)
    if "membership_no" in data.changes():
        _unique_membership_no(session, data.changes()["membership_no"], member_id)
    return apply_update(session, member, data, "member")


def delete_member(session: Session, member_id: int) -> None:
    """Remove a member who has no cases (their threat-log links go with them)."""
    member = get_member(session, member_id)
    cases = count(session, Case, Case.member_id == member_id)
    if cases:
        raise Invalid.one(
            "",
            f"{member.name} has {cases} case(s); delete or move those first, so no casework is lost.",
        )
    session.delete(member)
    session.flush()


def list_members(
    session: Session,
    query: MemberFilter | None = None,
    *,
    limit: int = 100,
    offset: int = 0,
) -> Page[MemberRow]:
    """Members by name, filtered (as the Members screen's filter reads) and paged in SQL."""
    query = query or MemberFilter()
    text, role, exempt, in_action = query.text, query.role, query.exempt, query.in_action
    limit, offset = page_bounds(limit, offset)
    open_cases = (
        select(func.count())
        .select_from(Case)
        .where(Case.member_id == Member.id, Case.status != CaseStatus.CLOSED)
        .correlate(Member)
        .scalar_subquery()
    )
    conditions: list[sa.ColumnElement[bool]] = []
    if text.strip():
        pattern = like_pattern(text.strip())
        conditions.append(
            sa.or_(
                col(Member.name).like(pattern, escape="\\"),
                col(Member.membership_no).like(pattern, escape="\\"),
                col(Member.job_title).like(pattern, escape="\\"),
                col(Member.department).like(pattern, escape="\\"),
                search.matches(col(Member.id), text, search.Kind.MEMBER),
            )
        )
    if role is not None:
        conditions.append(col(Member.role_category) == role)
    if exempt is not None:
        has_exemption = sa.or_(col(Member.adjustments_agreed), col(Member.flexible_plan_approved))
        conditions.append(has_exemption if exempt else sa.not_(has_exemption))
    if in_action is not None:
        conditions.append(col(Member.in_action) == in_action)
    total = count(session, Member, *conditions)
    statement = (
        sa.select(
            *columns(
                Member.id,
                Member.name,
                Member.membership_no,
                Member.job_title,
                Member.role_category,
                Member.office_days_required,
                Member.department,
                Member.adjustments_agreed,
                Member.flexible_plan_approved,
                Member.in_action,
                open_cases,
            )
        )
        .where(*conditions)
        .order_by(func.lower(Member.name), col(Member.id))
        .limit(limit)
        .offset(offset)
    )
    rows = [MemberRow(*row) for row in fetch(session, statement)]
    return Page(rows, total, offset)


def member_threats(session: Session, member_id: int) -> list[ThreatEntry]:
    """Threat-log entries naming the member, newest first."""
    query = (
        select(ThreatEntry)
        .join(ThreatMember, col(ThreatMember.threat_id) == ThreatEntry.id)
        .where(ThreatMember.member_id == member_id)
        .order_by(col(ThreatEntry.occurred_on).desc(), col(ThreatEntry.id).desc())
    )
    return list(session.exec(query))


def member_cases(session: Session, member_id: int) -> list[Case]:
    """The member's cases, open ones first, newest first."""
    query = (
        select(Case)
        .where(Case.member_id == member_id)
        .order_by(col(Case.status) == CaseStatus.CLOSED, col(Case.opened_on).desc())
    )
    return list(session.exec(query))


def find_members(session: Session, text: str, limit: int = 10) -> list[tuple[int, str]]:
    """(id, name) of members whose name or number contains ``text``, for pickers."""
    pattern = like_pattern(text.strip())
    query = (
        select(Member.id, Member.name)
        .where(
            sa.or_(
                col(Member.name).like(pattern, escape="\\"),
                col(Member.membership_no).like(pattern, escape="\\"),
                search.matches(col(Member.id), text, search.Kind.MEMBER),
            )
        )
        .order_by(func.lower(Member.name))
        .limit(limit)
    )
    return [(int(i or 0), str(n)) for i, n in session.exec(query)]
