"""Member services: create, update, archive, delete, look up, and list in pages.

An archived member (``archived_at`` set) has left the rep's caseload: they are
kept for the record, with their cases and threat-log entries, which still
show everywhere those are listed. They leave the Members list (unless its
filter asks for them) and the pickers a new case or threat entry names
members from. Archiving closes nothing: their open cases stay open in Cases.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from repdesk.domain import clock
from repdesk.domain.enums import CaseStatus
from repdesk.domain.member_filter import MemberFilter
from repdesk.store import search
from repdesk.store.common import (
    Fields,
    Page,
    apply_update,
    check_version,
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


def _set_archived(session: Session, member_id: int, version: int, *, archive: bool) -> Member:
    member = get_member(session, member_id)
    check_version(member, version, "member")
    if (member.archived_at is not None) == archive:
        state = "already archived" if archive else "not archived"
        raise Invalid.one("", f"{member.name} is {state}; nothing was changed.")
    member.archived_at = clock.now() if archive else None
    session.add(member)
    session.flush()
    return member


def archive_member(session: Session, member_id: int, *, version: int) -> Member:
    """Archive a member as the rep saw them (audited): hidden from lists and pickers, kept for the record.

    Their cases and threat-log entries are left as they are; open cases stay open.
    """
    return _set_archived(session, member_id, version, archive=True)


def restore_member(session: Session, member_id: int, *, version: int) -> Member:
    """Bring an archived member back into the Members list and the pickers (audited)."""
    return _set_archived(session, member_id, version, archive=False)


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


def filter_conditions(query: MemberFilter) -> list[sa.ColumnElement[bool]]:
    """The SQL conditions of a Members filter (the list's, and linking a threat entry by filter)."""
    text, role, exempt, in_action = query.text, query.role, query.exempt, query.in_action
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
    if query.archived is not None:
        archived = col(Member.archived_at).is_not(None)
        conditions.append(archived if query.archived else sa.not_(archived))
    return conditions


def list_members(
    session: Session,
    query: MemberFilter | None = None,
    *,
    limit: int = 100,
    offset: int = 0,
) -> Page[MemberRow]:
    """Members by name, filtered (as the Members screen's filter reads) and paged in SQL.

    Archived members are left out unless ``query.archived`` asks for them.
    """
    query = query or MemberFilter()
    limit, offset = page_bounds(limit, offset)
    open_cases = (
        select(func.count())
        .select_from(Case)
        .where(Case.member_id == Member.id, Case.status != CaseStatus.CLOSED)
        .correlate(Member)
        .scalar_subquery()
    )
    conditions = filter_conditions(query)
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
                col(Member.archived_at).is_not(None),
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


def find_members(
    session: Session, text: str, limit: int = 10, *, archived: bool = False
) -> list[tuple[int, str]]:
    """(id, name) of members whose name or number contains ``text``, for pickers.

    A picker never offers an archived member; ``archived=True`` finds them too
    (an export or the palette's jump, which look up the record).
    """
    pattern = like_pattern(text.strip())
    conditions: list[sa.ColumnElement[bool]] = [
        sa.or_(
            col(Member.name).like(pattern, escape="\\"),
            col(Member.membership_no).like(pattern, escape="\\"),
            search.matches(col(Member.id), text, search.Kind.MEMBER),
        )
    ]
    if not archived:
        conditions.append(col(Member.archived_at).is_(None))
    query = select(Member.id, Member.name).where(*conditions).order_by(func.lower(Member.name)).limit(limit)
    return [(int(i or 0), str(n)) for i, n in session.exec(query)]


def archived_ids(session: Session, member_ids: list[int]) -> set[int]:
    """Which of ``member_ids`` (a picker's or the palette's handful) are archived."""
    if not member_ids:
        return set()
    query = select(Member.id).where(col(Member.id).in_(member_ids), col(Member.archived_at).is_not(None))
    return {int(i or 0) for i in session.exec(query)}


def identities(session: Session) -> list[tuple[str, str | None, str | None, str | None]]:
    """Every member's name, membership number, email and phone, archived members too.

    What an export's redaction blanks for everyone on the books (a name leaves
    the list when archived, never the redaction).
    """
    query = select(Member.name, Member.membership_no, Member.email, Member.phone).order_by(col(Member.id))
    return [(str(name), number, email, phone) for name, number, email, phone in session.exec(query)]
