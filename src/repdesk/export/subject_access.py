"""Subject access (UK GDPR Art. 15): everything the file holds about one member (``subject_access.*.j2``).

It is the member's own copy, so nothing is left out: their record, every case
with its timeline, deadlines and evidence list, the threat-log entries naming
them (with the chain's proof), and the history of each record. It is put
together from the other documents' parts: each case as the case summary builds
it, the threat entries as the chronology builds them for that member.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from sqlmodel import Session

from repdesk.domain import clock
from repdesk.domain.dates import format_date
from repdesk.domain.errors import RepdeskError
from repdesk.domain.filters import CaseFilter
from repdesk.store import cases as case_service
from repdesk.store import history as history_service
from repdesk.store import members as member_service
from repdesk.store.errors import NotFound

from .building import PAGE, copied, provenance, redact, tick
from .case_summary import build_case_summary
from .model import HistoryItem, MemberCase, MemberRecord, Progress, SubjectAccess
from .redaction import get_profile
from .threat_chronology import ThreatSelection, build_threat_chronology

__all__ = ["PURPOSE", "build_subject_access", "find_member_exact"]

PURPOSE = "the member themselves: a subject access copy (UK GDPR Art. 15), with nothing left out"
"""Who a subject access copy is for, as its heading says."""


def find_member_exact(session: Session, text: str) -> int:
    """The member whose membership number or full name (ignoring case) is ``text``, or a one-line error.

    Unlike a chronology's filter, part of a name is not enough: a subject access
    copy must be of exactly one person. Several members of that name are
    listed, with their numbers, so the rep can give the number instead.
    """
    wanted = text.strip()
    if not wanted:
        raise RepdeskError("Give the member's membership number or their full name as stored.")
    exact: list[tuple[int, str, str | None]] = []
    for member_id, name in member_service.find_members(session, wanted, limit=PAGE, archived=True):
        member = member_service.get_member(session, member_id)
        if (member.membership_no or "").casefold() == wanted.casefold():
            return member_id
        if name.strip().casefold() == wanted.casefold():
            exact.append((member_id, name, member.membership_no))
    if not exact:
        raise NotFound(
            f"No member has the membership number or full name {wanted!r}; "
            "give the number, or the name exactly as stored."
        )
    if len(exact) > 1:
        listed = "; ".join(f"{name} ({number or 'no membership number'})" for _id, name, number in exact)
        raise RepdeskError(f"{wanted!r} names {len(exact)} members ({listed}); give the membership number.")
    return exact[0][0]


def _history(session: Session, kind: str, ident: int) -> tuple[HistoryItem, ...]:
    return tuple(
        HistoryItem(at=line.at, text=line.text)
        for line in history_service.history_of(session, kind, ident).lines
    )


def _case_ids(session: Session, member_id: int) -> list[tuple[int, str]]:
    query = CaseFilter(member_id=member_id, include_closed=True)
    found: list[tuple[int, str]] = []
    offset = 0
    while True:
        page = case_service.list_cases(session, query, limit=PAGE, offset=offset)
        found.extend((row.id, row.ref) for row in page.rows)
        offset += len(page.rows)
        if not page.rows or offset >= page.total:
            return sorted(found)


def build_subject_access(
    session: Session,
    member: int | str,
    *,
    database: Path | str,
    rep: str = "",
    on_progress: Progress | None = None,
) -> SubjectAccess:
    """Everything the file holds about ``member`` (an id, or a membership number or full name)."""
    member_id = member if isinstance(member, int) else find_member_exact(session, member)
    record = member_service.get_member(session, member_id)
    full = get_profile("full")
    cases = _case_ids(session, member_id)
    total = 2 + len(cases)
    tick(on_progress, 1, total)
    parts: list[MemberCase] = []
    for done, (case_id, ref) in enumerate(cases, start=2):
        summary = build_case_summary(session, ref, profile=full, database=database, rep=rep)
        parts.append(
            MemberCase(
                case=summary.case,
                timeline=summary.timeline,
                deadlines=summary.deadlines,
                history=_history(session, "case", case_id),
            )
        )
        tick(on_progress, done, total)
    chronology = build_threat_chronology(
        session, ThreatSelection(member_ids=(member_id,)), profile=full, database=database, rep=rep
    )
    made = provenance(session, document="case", title="", profile=full, database=database, rep=rep)
    document = SubjectAccess(
        provenance=dataclasses.replace(
            made,
            document="member",
            title=f"Subject access: everything repdesk holds about {record.name}, "
            f"made {format_date(clock.today())}",
            profile_purpose=PURPOSE,
            leaves_out=(),
        ),
        member=copied(MemberRecord, record, id=member_id),
        cases=tuple(parts),
        threats=chronology.entries,
        history=_history(session, "member", member_id),
    )
    result = redact(session, document, full, include_caucus=False)
    tick(on_progress, total, total)
    return result
