"""The threat log: management's all-staff notice, a corrected entry, and remarks, emails and meetings.

The first ``SERVICE_THREATS`` entries go through the threat service one by
one; the rest go in batches that leave the same rows behind.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlmodel import Session

from repdesk.demo.people import _MANAGERS, _NOTICE_AUTHOR, _SENIOR_MANAGERS, _MemberPlan
from repdesk.demo.rows import BATCH, _first_free_id, _row
from repdesk.demo.story import _between, _chunks, _days, _long_date, _Story, _weekday, _weighted, _weights
from repdesk.domain import clock
from repdesk.domain.chain import EventKind
from repdesk.domain.dates import format_date
from repdesk.domain.enums import (
    CaseCategory,
    CaseStatus,
    ProtectedActivity,
    ThreatAudience,
    ThreatChannel,
    ThreatKind,
    ThreatStatus,
)
from repdesk.store import chain
from repdesk.store import threats as threat_service
from repdesk.store.common import ids, next_reference
from repdesk.store.models import (
    ThreatCase,
    ThreatCorrection,
    ThreatEntry,
    ThreatEntryCreate,
    ThreatMember,
)

LINK_CHUNK = 2_000
"""Members linked per call when the all-staff notice is linked to everyone in the action."""

SERVICE_THREATS = 150
"""Threat entries logged one by one through the service before the rest go in batches."""

MIN_GROUP_LINKS = 20
"""The all-staff notice touches at least this many members (when there are that many)."""


_WORDS: dict[ThreatKind, tuple[str, ...]] = {
    ThreatKind.PAY_DEDUCTION: (
        "Your pay will be docked for each contracted office day you work from home.",
        "Any day you are rostered in the office and work from home will be treated as unauthorised "
        "absence and will not be paid.",
        "I have been told to report every home-working day to payroll for a deduction.",
    ),
    ThreatKind.DISCIPLINARY: (
        "Continued refusal may result in disciplinary action under the conduct procedure.",
        "If you are not in on your office days from next week, this becomes a conduct matter.",
        "This is a reasonable management instruction; failure to follow it is misconduct.",
    ),
    ThreatKind.VETTING_PROMOTION: (
        "I'd think carefully: refusing to come in won't look good when your vetting review comes round.",
        "People who are not in the office are not going to be put forward for the promotion board.",
        "Your participation in the action will be noted on your file for the vetting renewal.",
    ),
    ThreatKind.FLEXIBLE_WORKING_WITHDRAWAL: (
        "Your flexible-working arrangement is withdrawn from Monday; you will be in four days a week "
        "like everyone else.",
        "Old flexible-working plans do not survive the new policy; you will need to apply again.",
    ),
    ThreatKind.CAPABILITY: (
        "If you are not in the office we cannot supervise you, so we will look at your performance "
        "under the capability procedure.",
        "Your call-handling figures will be reviewed formally while you keep working from home.",
    ),
    ThreatKind.OTHER_DETRIMENT: (
        "Staff taking part in the action will not be offered overtime.",
        "Acting-up opportunities will go to people who are in the office.",
        "You can forget the training course while you are refusing to come in.",
    ),
}
_CONTEXTS: dict[ThreatKind, str] = {
    ThreatKind.PAY_DEDUCTION: "Said about the member's participation in the action short of strike.",
    ThreatKind.DISCIPLINARY: "Followed the member's refusal to attend on a contracted office day.",
    ThreatKind.VETTING_PROMOTION: "Remark made at the end of a one-to-one about the team rota.",
    ThreatKind.FLEXIBLE_WORKING_WITHDRAWAL: "The member has an approved flexible-working plan on file.",
    ThreatKind.CAPABILITY: "No performance concerns had been raised before the action began.",
    ThreatKind.OTHER_DETRIMENT: "Said in front of the team after the morning briefing.",
}
_THREAT_KINDS = _weights(
    ThreatKind,
    "pay_deduction=30 disciplinary=25 vetting_promotion=12 "
    "flexible_working_withdrawal=12 capability=10 other_detriment=11",
)
_THREAT_CASES: dict[ThreatKind, CaseCategory] = {
    ThreatKind.PAY_DEDUCTION: CaseCategory.PAY_DEDUCTION,
    ThreatKind.DISCIPLINARY: CaseCategory.DISCIPLINARY,
    ThreatKind.VETTING_PROMOTION: CaseCategory.DETRIMENT,
    ThreatKind.FLEXIBLE_WORKING_WITHDRAWAL: CaseCategory.FLEXIBLE_WORKING,
    ThreatKind.CAPABILITY: CaseCategory.CAPABILITY,
    ThreatKind.OTHER_DETRIMENT: CaseCategory.DETRIMENT,
}
_THREAT_STATUSES = _weights(ThreatStatus, "logged=35 raised=30 referred=15 withdrawn=8 carried_out=12")
_CHANNELS = _weights(ThreatChannel, "email=35 meeting=25 in_person=15 call=12 letter=10 other=3")
# The follow-up status of the first entries, one per kind in _THREAT_KINDS order, so every status shows.
_FIRST_STATUSES = (
    ThreatStatus.CARRIED_OUT,
    ThreatStatus.REFERRED,
    ThreatStatus.LOGGED,
    ThreatStatus.RAISED,
    ThreatStatus.WITHDRAWN,
)
_CAN_BE_CARRIED_OUT = (
    ThreatKind.PAY_DEDUCTION,
    ThreatKind.FLEXIBLE_WORKING_WITHDRAWAL,
    ThreatKind.OTHER_DETRIMENT,
)
_SUBJECTS = (
    "Office attendance",
    "Hybrid Working Policy",
    "Your rota",
    "Action short of strike",
    "Attendance",
)

_NOTICE_WORDS = (
    "The Hybrid Working Policy comes into effect on {start}. Staff who do not follow it may be in breach "
    "of contract, and time worked from home beyond the maximum for their role will not be paid: pay will "
    "be deducted for each contracted office day not worked in the office. Failure to follow a reasonable "
    "management instruction may also be dealt with under the conduct procedure."
)


@dataclass(frozen=True)
class _Target:
    member_id: int
    plan: _MemberPlan


def _case_for(plan: _MemberPlan, kind: ThreatKind, rng: random.Random) -> list[int]:
    wanted = _THREAT_CASES[kind]
    matching = [case.case_id for case in plan.cases if case.fields["category"] is wanted]
    if matching:
        return matching[:1]
    active = [case.case_id for case in plan.cases if case.fields["status"] is not CaseStatus.CLOSED]
    return active[:1] if active and rng.random() < 0.4 else []


def _threat(
    rng: random.Random,
    story: _Story,
    last_day: date,
    kind: ThreatKind,
    target: _Target,
    by_department: dict[str, list[_Target]],
    *,
    alleged: bool = False,
) -> ThreatEntryCreate:
    plan = target.plan
    made_by, role = _MANAGERS[plan.department]
    if rng.random() < 0.15:
        made_by, role = rng.choice(_SENIOR_MANAGERS)
    channel = _weighted(rng, _CHANNELS)
    if kind is ThreatKind.VETTING_PROMOTION and channel in (ThreatChannel.EMAIL, ThreatChannel.LETTER):
        channel = ThreatChannel.IN_PERSON
    audience = _weighted(
        rng, ((ThreatAudience.ONE_MEMBER, 80), (ThreatAudience.TEAM, 13), (ThreatAudience.DEPARTMENT, 7))
    )
    member_ids = [target.member_id]
    if audience is not ThreatAudience.ONE_MEMBER:
        colleagues = [t.member_id for t in by_department[plan.department] if t.member_id != target.member_id]
        size = rng.randint(2, 7) if audience is ThreatAudience.TEAM else rng.randint(6, 15)
        member_ids += rng.sample(colleagues, min(size, len(colleagues)))
    occurred = _weekday(_between(rng, story.action_start, last_day), story.action_start)
    at = None
    if channel is not ThreatChannel.LETTER and rng.random() < 0.75:
        at = time(rng.randint(8, 17), rng.choice((0, 5, 10, 15, 20, 30, 40, 45, 50)))
    document_ref = ""
    if channel is ThreatChannel.EMAIL:
        stamp = f" {at:%H:%M}" if at else ""
        document_ref = f"Email {occurred:%d/%m/%Y}{stamp}, subject '{rng.choice(_SUBJECTS)}'"
    elif channel is ThreatChannel.LETTER:
        document_ref = f"Letter ref HR/{occurred.year}/{rng.randint(100, 9999):04d}"
    elif channel is ThreatChannel.MEETING and rng.random() < 0.6:
        document_ref = f"Rep's note of the meeting, {format_date(occurred)}"
    oral = channel in (ThreatChannel.MEETING, ThreatChannel.IN_PERSON, ThreatChannel.CALL)
    witnesses = ""
    if channel in (ThreatChannel.MEETING, ThreatChannel.IN_PERSON) and rng.random() < 0.6:
        witnesses = rng.choice(
            ("Alex Morgan (rep)", "A colleague on the same shift", "Two team members", "HR note-taker")
        )
    return ThreatEntryCreate(
        occurred_on=occurred,
        occurred_at=at,
        made_by=made_by,
        made_by_role=role,
        channel=channel,
        audience=audience,
        kind=kind,
        exact_words=rng.choice(_WORDS[kind]),
        context=_CONTEXTS[kind],
        related_to_action=plan.in_action or rng.random() < 0.3,
        protected_activity=(
            ProtectedActivity.INDUSTRIAL_ACTION
            if plan.in_action
            else _weighted(rng, ((ProtectedActivity.NONE, 3), (ProtectedActivity.UNION_ACTIVITIES, 1)))
        ),
        witnesses=witnesses,
        document_ref=document_ref,
        disputed=rng.random() < (0.3 if oral else 0.03) or alleged,
        member_ids=member_ids,
        case_ids=_case_for(plan, kind, rng),
    )


def _log(session: Session, data: ThreatEntryCreate, status: ThreatStatus) -> int:
    entry = threat_service.log_threat(session, data)
    assert entry.id is not None
    if status is not ThreatStatus.LOGGED:
        threat_service.set_status(session, entry.id, status, version=entry.version)
    return entry.id


def _fill_threats(
    session: Session,
    rng: random.Random,
    story: _Story,
    member_ids: list[int],
    plans: list[_MemberPlan],
) -> int:
    if not member_ids:
        return 0
    last_day = min(story.today, clock.today())
    targets = [_Target(member_id, plan) for member_id, plan in zip(member_ids, plans, strict=True)]
    by_department: dict[str, list[_Target]] = {}
    for target in targets:
        by_department.setdefault(target.plan.department, []).append(target)
    total = max(8, len(member_ids) // 5)

    # 1. Management's all-staff notice, linked to everyone taking part in the action.
    linked = [t.member_id for t in targets if t.plan.in_action]
    if len(linked) < MIN_GROUP_LINKS:
        others = [t.member_id for t in targets if not t.plan.in_action]
        linked += others[: MIN_GROUP_LINKS - len(linked)]
    notice = ThreatEntryCreate(
        occurred_on=min(story.management_notice, last_day),
        occurred_at=time(16, 45),
        made_by=_NOTICE_AUTHOR[0],
        made_by_role=_NOTICE_AUTHOR[1],
        channel=ThreatChannel.NOTICE,
        audience=ThreatAudience.ALL_STAFF,
        kind=ThreatKind.PAY_DEDUCTION,
        exact_words=_NOTICE_WORDS.format(start=_long_date(story.action_start)),
        context=(
            "Intranet notice to all police staff, published after PCS served notice of industrial action. "
            "PCS wrote to the Commissioner in reply."
        ),
        related_to_action=True,
        protected_activity=ProtectedActivity.INDUSTRIAL_ACTION,
        document_ref=f"Intranet notice 'Hybrid Working Policy from {_long_date(story.action_start)}'",
        member_ids=linked[:LINK_CHUNK],
    )
    notice_id = _log(session, notice, ThreatStatus.RAISED)
    for chunk in _chunks(linked[LINK_CHUNK:], LINK_CHUNK):
        threat_service.add_links(session, notice_id, member_ids=chunk)

    # 2. An email logged with the wrong date, then corrected: both entries stay.
    in_action = [t for t in targets if t.plan.in_action] or targets
    target = rng.choice(in_action)
    right = _weekday(_between(rng, _days(story.action_start, 7), _days(last_day, -1)), story.action_start)
    made_by, role = _MANAGERS[target.plan.department]
    wrong = _days(right, 1)
    original = ThreatEntryCreate(
        occurred_on=wrong,
        occurred_at=time(9, 12),
        made_by=made_by,
        made_by_role=role,
        channel=ThreatChannel.EMAIL,
        audience=ThreatAudience.ONE_MEMBER,
        kind=ThreatKind.PAY_DEDUCTION,
        exact_words=_WORDS[ThreatKind.PAY_DEDUCTION][0],
        context="Sent the morning after the member worked from home on a rostered office day.",
        related_to_action=True,
        protected_activity=ProtectedActivity.INDUSTRIAL_ACTION,
        document_ref=f"Email {wrong:%d/%m/%Y} 09:12, subject 'Office attendance'",
        member_ids=[target.member_id],
        case_ids=_case_for(target.plan, ThreatKind.PAY_DEDUCTION, rng),
    )
    correction = ThreatCorrection.model_validate(
        {
            **original.model_dump(),
            "occurred_on": right,
            "document_ref": f"Email {right:%d/%m/%Y} 09:12, subject 'Office attendance'",
            "reason": (
                f"Date entered as {format_date(wrong)}; the email in the member's inbox is dated "
                f"{format_date(right)}."
            ),
        }
    )

    # 3. Individual remarks, emails and meetings; the first few cover each kind of threat.
    kinds = [kind for kind, _ in _THREAT_KINDS]
    flexible = [t for t in in_action if t.plan.has_flexible_plan] or in_action
    entries: list[tuple[ThreatEntryCreate, ThreatStatus]] = [(original, ThreatStatus.LOGGED)]
    for index in range(total - 3):
        kind = kinds[index] if index < len(kinds) else _weighted(rng, _THREAT_KINDS)
        pool = flexible if kind is ThreatKind.FLEXIBLE_WORKING_WITHDRAWAL else in_action
        target = rng.choice(pool if rng.random() < 0.85 else targets)
        # The manager denies the vetting remark: the log shows it as alleged.
        alleged = index < len(kinds) and kind is ThreatKind.VETTING_PROMOTION
        data = _threat(rng, story, last_day, kind, target, by_department, alleged=alleged)
        status = _weighted(rng, _THREAT_STATUSES)
        if index < len(_FIRST_STATUSES):
            status = _FIRST_STATUSES[index]
        if status is ThreatStatus.CARRIED_OUT and kind not in _CAN_BE_CARRIED_OUT:
            status = ThreatStatus.RAISED
        entries.append((data, status))

    # Logged in the order they happened, so references run with the dates.
    entries.sort(key=lambda item: (item[0].occurred_on, item[0].occurred_at or time.min))
    pending: list[tuple[ThreatEntryCreate, ThreatStatus]] = []
    for index, (data, status) in enumerate(entries):
        if data is original:
            _insert_threats(session, pending)
            pending = []
            original_id = _log(session, original, status)
            corrected = threat_service.correct_threat(session, original_id, correction)
            assert corrected.id is not None
            threat_service.set_status(session, corrected.id, ThreatStatus.RAISED, version=corrected.version)
        elif index < SERVICE_THREATS:
            _log(session, data, status)
        else:
            pending.append((data, status))
    _insert_threats(session, pending)
    return 1 + len(entries) + 1


def _insert_threats(session: Session, entries: list[tuple[ThreatEntryCreate, ThreatStatus]]) -> None:
    """Log many entries in batches, leaving the store exactly as :func:`_log` would.

    The service costs a few milliseconds an entry (three flushes); past the
    first :data:`SERVICE_THREATS` the entries go in batches instead: checked
    by the same Create model, numbered by the same counter, linked, then
    moved on to their follow-up status by a second flush (audited as updates,
    as ``set_status`` would be).
    """
    if not entries:
        return
    first = _first_free_id(session, ThreatEntry)
    now = clock.now()
    for start in range(0, len(entries), BATCH):
        batch = entries[start : start + BATCH]
        rows: list[ThreatEntry] = []
        links: list[ThreatMember | ThreatCase] = []
        for offset, (data, _) in enumerate(batch):
            entry_id = first + start + offset
            fields = {
                **data.model_dump(exclude={"member_ids", "case_ids"}),
                "id": entry_id,
                "ref": next_reference(session, "T", data.occurred_on.year),
                "recorded_at": now,
                "amends_id": None,
                "correction_reason": "",
                "status": ThreatStatus.LOGGED,
                "status_changed_at": None,
                "version": 1,
                "salt": secrets.token_hex(16),
            }
            rows.append(_row(ThreatEntry, fields))
            links += [
                _row(ThreatMember, {"threat_id": entry_id, "member_id": m}) for m in ids(data.member_ids)
            ]
            links += [_row(ThreatCase, {"threat_id": entry_id, "case_id": c}) for c in ids(data.case_ids)]
        session.add_all(rows)
        session.flush()
        session.add_all(links)
        session.flush()
        chain.log_entries(session, [first + start + offset for offset in range(len(batch))])
        moved: list[tuple[EventKind, int, datetime, dict[str, Any]]] = []
        for offset, (row, (_, status)) in enumerate(zip(rows, batch, strict=True)):
            if status is not ThreatStatus.LOGGED:
                row.status = status
                row.status_changed_at = now
                row.version += 1
                moved.append((EventKind.STATUS_CHANGED, first + start + offset, now, {"status": status}))
        session.flush()
        chain.append_many(session, moved)
