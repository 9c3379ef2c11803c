"""The cases: titles, summaries, timelines and deadlines per category, and the rule-computed deadlines."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session

from repdesk.demo.people import _MemberPlan
from repdesk.demo.rows import BATCH, _first_free_id, _row, _stamps
from repdesk.demo.story import _between, _days, _Story, _weekday, _weighted, _weights
from repdesk.domain import rules
from repdesk.domain.dates import MONTH_NAMES, format_date
from repdesk.domain.enums import (
    CaseCategory,
    CaseOutcome,
    CaseStatus,
    DeadlineKind,
    DisciplinaryStage,
    Priority,
    TimelineKind,
)
from repdesk.store import deadlines as deadline_service
from repdesk.store.common import next_reference
from repdesk.store.models import (
    Case,
    CaseCreate,
    Deadline,
    DeadlineCreate,
    TimelineEntry,
    TimelineEntryCreate,
)

COMPUTED_LIMIT = 250
"""At most this many rule-computed deadlines (each goes through the service)."""


@dataclass
class _CasePlan:
    member: int
    fields: dict[str, Any]
    timeline: list[dict[str, Any]]
    deadlines: list[dict[str, Any]]
    computed: tuple[str, date, date | None, date | None] | None = None
    case_id: int = 0


_TITLES: dict[CaseCategory, tuple[str, ...]] = {
    CaseCategory.ATTENDANCE: (
        "Instructed to attend {days} office days a week",
        "Return-to-office instruction under the Hybrid Working Policy",
        "Attendance monitoring letter about home-working days",
        "Office rota imposed without regard to the 2021 agreement",
    ),
    CaseCategory.PAY_DEDUCTION: (
        "Pay docked for home-working days in {month}",
        "Threatened deduction for contracted office days",
        "Payslip shows unexplained deduction ({month})",
    ),
    CaseCategory.DISCIPLINARY: (
        "Alleged failure to follow a reasonable management instruction",
        "Conduct investigation over office attendance",
        "Misconduct allegation: refusing contracted office days",
    ),
    CaseCategory.GRIEVANCE: (
        "Grievance: Hybrid Working Policy imposed without consultation",
        "Grievance about manager's remarks in a team meeting",
        "Grievance: no desks available on mandated office days",
    ),
    CaseCategory.REASONABLE_ADJUSTMENT: (
        "Adjustments not honoured under the new policy",
        "Request for home working as a reasonable adjustment",
        "Occupational health referral delayed",
    ),
    CaseCategory.FLEXIBLE_WORKING: (
        "Approved flexible-working plan not honoured",
        "Statutory flexible-working request refused",
        "Flexible-working request: compressed hours",
    ),
    CaseCategory.DETRIMENT: (
        "Overtime withdrawn after joining the action",
        "Acting-up opportunity removed during the action",
        "Note about the action placed on personal file",
    ),
    CaseCategory.CAPABILITY: (
        "Informal capability meeting about remote performance",
        "Performance improvement plan after call-handling audit",
    ),
    CaseCategory.OTHER: (
        "Travel costs for mandated office days",
        "Subject access request for attendance records",
        "Desk booking system excludes part-time staff",
        "Facility time for branch duties refused",
    ),
}

_SUMMARIES: dict[CaseCategory, str] = {
    CaseCategory.ATTENDANCE: (
        "{first} works as a {job} ({dept}) and has worked to the pattern '{pattern}'. "
        "Management now require {days} office days a week under the Hybrid Working Policy."
    ),
    CaseCategory.PAY_DEDUCTION: (
        "A deduction of £{amount} appeared on {first}'s {month} payslip for days worked from home "
        "during the action. {first} worked full contracted hours and has the timesheets."
    ),
    CaseCategory.DISCIPLINARY: (
        "{first} has been told the conduct procedure applies for working from home on contracted "
        "office days while taking part in the action. Stage reached: {stage}."
    ),
    CaseCategory.GRIEVANCE: (
        "{first} wants to raise a formal grievance about how the new policy was applied in {dept}; "
        "informal resolution with the line manager has not worked."
    ),
    CaseCategory.REASONABLE_ADJUSTMENT: (
        "{first} has a long-term health condition and asks that home working continue as an "
        "adjustment. Employer said staff with agreed adjustments may have legitimate reasons "
        "for not following the policy."
    ),
    CaseCategory.FLEXIBLE_WORKING: (
        "{first}'s flexible-working arrangement is being questioned under the new policy. "
        "The employer's own statement lists approved flexible-working plans as an exemption."
    ),
    CaseCategory.DETRIMENT: (
        "{first} reports being treated less favourably since taking part in the action. "
        "Possible detriment for industrial action (see Mercer v Alternative Future Group); "
        "facts to be recorded for the full-time officer."
    ),
    CaseCategory.CAPABILITY: (
        "{first}'s manager links performance concerns to home working. No previous concerns "
        "on file; appraisals since 2021 rated good."
    ),
    CaseCategory.OTHER: "{first} asked for help with a matter arising from the new policy in {dept}.",
}

_NEXT_ACTIONS: dict[CaseCategory, tuple[str, ...]] = {
    CaseCategory.ATTENDANCE: (
        "Reply to manager's attendance letter",
        "Agree a note of the return-to-office meeting",
        "Check the rota against the 2021 agreement",
    ),
    CaseCategory.PAY_DEDUCTION: (
        "Ask payroll for a breakdown of the deduction",
        "Lodge a grievance about the deduction",
        "Send the FTO the payslip and timesheets",
    ),
    CaseCategory.DISCIPLINARY: (
        "Ask for the investigation evidence pack",
        "Prepare the member's statement",
        "Confirm the companion's availability for the hearing",
        "Draft the appeal grounds",
    ),
    CaseCategory.GRIEVANCE: ("Chase a grievance hearing date", "Draft the grievance letter with the member"),
    CaseCategory.REASONABLE_ADJUSTMENT: (
        "Chase the OH referral",
        "Ask HR to confirm the adjustments in writing",
    ),
    CaseCategory.FLEXIBLE_WORKING: (
        "Send the approved plan to the line manager",
        "Draft the appeal against the refusal",
    ),
    CaseCategory.DETRIMENT: (
        "Write up the member's account with dates",
        "Refer to the FTO for advice on a claim",
    ),
    CaseCategory.CAPABILITY: ("Ask for the performance data relied on", "Prepare for the review meeting"),
    CaseCategory.OTHER: ("Email HR for the policy wording", "Call the member back"),
}

_TAGS: dict[CaseCategory, tuple[str, ...]] = {
    CaseCategory.ATTENDANCE: ("hybrid", "60-percent", "blended-working", "rota"),
    CaseCategory.PAY_DEDUCTION: ("pay", "deduction", "payroll"),
    CaseCategory.DISCIPLINARY: ("conduct", "acas-code", "companion"),
    CaseCategory.GRIEVANCE: ("grievance", "consultation"),
    CaseCategory.REASONABLE_ADJUSTMENT: ("ra", "equality-act", "oh"),
    CaseCategory.FLEXIBLE_WORKING: ("flexible-working", "carer"),
    CaseCategory.DETRIMENT: ("detriment", "mercer", "s146"),
    CaseCategory.CAPABILITY: ("capability", "performance"),
    CaseCategory.OTHER: ("expenses", "dsar", "facility-time"),
}

_DEADLINES: dict[CaseCategory, tuple[tuple[DeadlineKind, str], ...]] = {
    CaseCategory.ATTENDANCE: (
        (DeadlineKind.REPLY_DUE, "Reply to the attendance letter"),
        (DeadlineKind.OTHER, "Return-to-office review meeting"),
    ),
    CaseCategory.PAY_DEDUCTION: (
        (DeadlineKind.REPLY_DUE, "Payroll to explain the deduction"),
        (DeadlineKind.OUTCOME_DUE, "Grievance outcome on the deduction"),
    ),
    CaseCategory.DISCIPLINARY: (
        (DeadlineKind.INVESTIGATION_MEETING, "Investigation meeting"),
        (DeadlineKind.HEARING, "Disciplinary hearing"),
        (DeadlineKind.OUTCOME_DUE, "Written decision due"),
        (DeadlineKind.APPEAL_WINDOW, "Appeal must be lodged"),
    ),
    CaseCategory.GRIEVANCE: (
        (DeadlineKind.HEARING, "Grievance hearing"),
        (DeadlineKind.OUTCOME_DUE, "Grievance outcome due"),
        (DeadlineKind.APPEAL_WINDOW, "Grievance appeal window closes"),
    ),
    CaseCategory.REASONABLE_ADJUSTMENT: (
        (DeadlineKind.OTHER, "Occupational health appointment"),
        (DeadlineKind.REPLY_DUE, "HR reply on adjustments"),
    ),
    CaseCategory.FLEXIBLE_WORKING: (
        (DeadlineKind.OUTCOME_DUE, "Decision due on the statutory request"),
        (DeadlineKind.APPEAL_WINDOW, "Appeal against refusal"),
    ),
    CaseCategory.DETRIMENT: (
        (DeadlineKind.REPLY_DUE, "Management reply to the rep's letter"),
        (DeadlineKind.OTHER, "Send the chronology to the FTO"),
    ),
    CaseCategory.CAPABILITY: (
        (DeadlineKind.INVESTIGATION_MEETING, "Capability review meeting"),
        (DeadlineKind.OUTCOME_DUE, "End of improvement period"),
    ),
    CaseCategory.OTHER: ((DeadlineKind.REPLY_DUE, "HR reply due"), (DeadlineKind.OTHER, "Follow up")),
}

_OPENING_ENTRIES = (
    (TimelineKind.CALL, "{first} called the rep about the matter"),
    (TimelineKind.EMAIL, "{first} emailed the rep asking for help"),
    (TimelineKind.NOTE, "First conversation with {first} at the site"),
)
_ENTRIES: tuple[tuple[TimelineKind, str], ...] = (
    (TimelineKind.EMAIL, "Emailed the manager asking for the policy's equality impact assessment"),
    (TimelineKind.EMAIL, "HR emailed to confirm the meeting date"),
    (TimelineKind.EMAIL, "Sent {first} a summary of the options"),
    (TimelineKind.LETTER, "Letter from HR inviting {first} to a meeting"),
    (TimelineKind.LETTER, "Rep wrote to the manager setting out the 2021 agreement"),
    (TimelineKind.MEETING, "Met {first} to go through the papers"),
    (TimelineKind.MEETING, "Meeting with the line manager (rep attended)"),
    (TimelineKind.CALL, "Called the branch FTO about next steps"),
    (TimelineKind.CALL, "{first} rang with an update"),
    (TimelineKind.DOCUMENT, "Copy of the 2021 blended-working agreement added"),
    (TimelineKind.DOCUMENT, "{first} supplied payslips and timesheets"),
    (TimelineKind.NOTE, "Checked {first}'s pattern against the rota"),
    (TimelineKind.NOTE, "Manager on leave; chase next week"),
)
_HEARING_ENTRIES = (
    "Hearing held; rep attended as companion",
    "Investigation meeting held; rep allowed to attend",
)
_ENTRY_BODIES = (
    "",
    "",
    "Points raised: no evidence offered for the 60% figure; the member's output has not changed since 2021.",
    "Member reminded that the union's advice is to keep a dated note of every instruction.",
    "Manager accepted the member works full contracted hours; disagreement is only about location.",
    "Agreed to send the member a copy of the note within two days.",
)


_STATUSES = _weights(CaseStatus, "new=8 open=30 waiting_employer=16 waiting_member=8 escalated=8 closed=30")


_CATEGORY_WEIGHTS = _weights(
    CaseCategory,
    "attendance=24 pay_deduction=16 disciplinary=14 grievance=9 "
    "reasonable_adjustment=9 flexible_working=9 detriment=9 capability=5 other=5",
)
_OUTCOMES = _weights(CaseOutcome, "resolved=40 upheld=15 not_upheld=12 withdrawn=13 no_further_action=20")
_PRIORITIES = _weights(Priority, "urgent=8 high=22 normal=55 low=15")
_ACTIVE_STAGES = _weights(DisciplinaryStage, "investigation=35 notice=25 hearing=20 decision=10 appeal=10")


def _opened_on(rng: random.Random, story: _Story, status: CaseStatus) -> date:
    today = story.today
    low, high = {
        CaseStatus.NEW: (0, 10),
        CaseStatus.OPEN: (5, 200),
        CaseStatus.WAITING_EMPLOYER: (10, 300),
        CaseStatus.WAITING_MEMBER: (10, 250),
        CaseStatus.ESCALATED: (20, 400),
    }.get(status, (30, max(30, (today - story.first_case).days)))
    opened = _days(today, -rng.randint(low, high))
    return max(story.first_case, min(today, opened))


def _due(rng: random.Random, today: date, when: str, opened: date) -> date:
    """A due date that is overdue (but not before the case opened), soon (within 7 days) or later."""
    if when == "overdue":
        return max(opened, _days(today, -rng.randint(1, 21)))
    if when == "soon":
        return _days(today, rng.randint(0, 7))
    return _days(today, rng.randint(8, 60))


def _plan_case(
    rng: random.Random,
    story: _Story,
    member_index: int,
    member: _MemberPlan,
    category: CaseCategory,
    status: CaseStatus,
) -> _CasePlan:
    today = story.today
    opened = _opened_on(rng, story, status)
    closed = status is CaseStatus.CLOSED
    closed_on = _between(rng, _days(opened, 5), min(today, _days(opened, 150))) if closed else None
    end = closed_on or today
    m = member.fields

    stage = None
    if category is CaseCategory.DISCIPLINARY:
        stage = (
            rng.choice((DisciplinaryStage.DECISION, DisciplinaryStage.APPEAL))
            if closed
            else _weighted(rng, _ACTIVE_STAGES)
        )
    priority = _weighted(rng, _PRIORITIES)
    if stage in (DisciplinaryStage.HEARING, DisciplinaryStage.APPEAL) and not closed:
        priority = rng.choice((Priority.URGENT, Priority.HIGH))
    month = MONTH_NAMES[(max(opened, story.action_start).month - 2) % 12]
    words = {
        "first": member.first,
        "job": m["job_title"],
        "dept": m["department"],
        "pattern": m["work_pattern"],
        "days": m["office_days_required"],
        "month": month,
        "amount": f"{rng.randint(4_000, 38_000) / 100:.2f}",
        "stage": stage.label if stage else "",
    }
    tags = rng.sample(_TAGS[category], rng.randint(1, 2))
    if member.in_action:
        tags.append("in-action")
    if m["adjustments_agreed"] or m["flexible_plan_approved"]:
        tags.append("exemption")
    next_action, next_due = "", None
    if not closed and rng.random() < 0.88:
        next_action = rng.choice(_NEXT_ACTIONS[category])
        if rng.random() < 0.85:
            when = _weighted(rng, (("overdue", 20), ("soon", 35), ("later", 45)))
            next_due = _due(rng, today, when, opened)
    fields: dict[str, Any] = {
        "title": rng.choice(_TITLES[category]).format(**words),
        "category": category,
        "status": status,
        "outcome": _weighted(rng, _OUTCOMES) if closed else None,
        "priority": priority,
        "stage": stage,
        "opened_on": opened,
        "closed_on": closed_on,
        "next_action": next_action,
        "next_action_due": next_due,
        "tags": tags,
        "summary": _SUMMARIES[category].format(**words),
    }

    # The timeline: an opening entry, then 0-5 more, ending with the outcome if closed.
    count = rng.randint(1, 6)
    kind, text = rng.choice(_OPENING_ENTRIES)
    timeline = [{"occurred_on": opened, "kind": kind, "summary": text.format(**words), "body": ""}]
    dates = sorted(_between(rng, opened, end) for _ in range(count - 1))
    for index, when_on in enumerate(dates):
        last = index == len(dates) - 1
        if last and closed:
            outcome = fields["outcome"].label.lower()
            timeline.append(
                {
                    "occurred_on": closed_on,
                    "kind": TimelineKind.OUTCOME,
                    "summary": f"Outcome: {outcome}",
                    "body": f"Case closed; {member.first} told the outcome ({outcome}).",
                }
            )
            continue
        if category in (CaseCategory.DISCIPLINARY, CaseCategory.GRIEVANCE) and rng.random() < 0.25:
            kind, text = TimelineKind.HEARING, rng.choice(_HEARING_ENTRIES)
        else:
            kind, text = rng.choice(_ENTRIES)
        timeline.append(
            {
                "occurred_on": when_on,
                "kind": kind,
                "summary": text.format(**words),
                "body": rng.choice(_ENTRY_BODIES),
            }
        )

    deadlines: list[dict[str, Any]] = []
    for _ in range(rng.randint(0, 2) if closed else rng.randint(0, 3)):
        due_kind, what = rng.choice(_DEADLINES[category])
        when = (
            "done" if closed else _weighted(rng, (("done", 25), ("overdue", 20), ("soon", 30), ("later", 25)))
        )
        if when == "done":
            due = _between(rng, opened, end)
            deadlines.append(
                {"kind": due_kind, "what": what, "due_on": due, "done": True, "done_on": min(due, today)}
            )
        else:
            deadlines.append(
                {"kind": due_kind, "what": what, "due_on": _due(rng, today, when, opened), "done": False}
            )

    computed: tuple[str, date, date | None, date | None] | None = None
    if not closed and category in (CaseCategory.PAY_DEDUCTION, CaseCategory.DETRIMENT):
        if rng.random() < 0.4:
            act = max(story.action_start, _days(opened, -rng.randint(0, 20)))
            contacted = certificate = None
            if rng.random() < 0.35:
                contacted = _days(act, rng.randint(10, 40))
                certificate = _days(contacted, rng.randint(14, 42))
                if certificate > today:
                    contacted = certificate = None
            computed = (rules.TRIBUNAL_LIMIT, act, contacted, certificate)
    elif stage in (DisciplinaryStage.NOTICE, DisciplinaryStage.HEARING) and not closed and rng.random() < 0.5:
        proposed = _weekday(_days(today, rng.randint(-3, 9)), opened)
        computed = (rules.COMPANION_POSTPONEMENT, proposed, None, None)
    return _CasePlan(member_index, fields, timeline, deadlines, computed)


def _plan_cases(rng: random.Random, story: _Story, plans: list[_MemberPlan]) -> list[_CasePlan]:
    """About one case per member, with every category and status guaranteed early on."""
    categories = list(CaseCategory)
    statuses = list(CaseStatus)
    guaranteed = rng.sample(range(len(plans)), min(len(plans), len(categories)))
    slot = {member: position for position, member in enumerate(guaranteed)}
    made: list[_CasePlan] = []
    for index, member in enumerate(plans):
        count = _weighted(rng, ((0, 15), (1, 65), (2, 20)))
        if index in slot:
            count = max(count, 1)
        for number in range(count):
            category = _weighted(rng, _CATEGORY_WEIGHTS)
            status = _weighted(rng, _STATUSES)
            if number == 0 and index in slot:
                position = slot[index]
                category = categories[position]
                if position < len(statuses):
                    status = statuses[position]
            case = _plan_case(rng, story, index, member, category, status)
            member.cases.append(case)
            made.append(case)
    # Make sure the desk has at least one overdue and one due-soon deadline.
    before = _days(story.today, -1)
    active = [case for case in made if case.fields["status"] is not CaseStatus.CLOSED]
    overdue = [case for case in active if case.fields["opened_on"] < before]
    for cases, when in ((overdue, "overdue"), (active, "soon")):
        if cases:
            case = cases[0]
            kind, what = _DEADLINES[case.fields["category"]][0]
            due = _due(rng, story.today, when, min(before, case.fields["opened_on"]))
            case.deadlines.append({"kind": kind, "what": what, "due_on": due, "done": False})
    return made


def _insert_cases(session: Session, plans: list[_CasePlan], member_ids: list[int]) -> tuple[int, int]:
    """Cases in the order they were opened, each batch followed by its timelines and deadlines."""
    plans.sort(key=lambda plan: plan.fields["opened_on"])
    # Numbered through the store's own counter, so later cases carry on from here.
    refs = [next_reference(session, "C", plan.fields["opened_on"].year) for plan in plans]
    stamps = _stamps()
    case_id = _first_free_id(session, Case)
    entry_id = _first_free_id(session, TimelineEntry)
    deadline_id = _first_free_id(session, Deadline)
    for start in range(0, len(plans), BATCH):
        batch = plans[start : start + BATCH]
        cases: list[Case] = []
        children: list[TimelineEntry | Deadline] = []
        for plan, ref in zip(batch, refs[start : start + BATCH], strict=True):
            plan.case_id = case_id
            case = CaseCreate.model_validate({**plan.fields, "member_id": member_ids[plan.member]})
            extra = {"id": case_id, "ref": ref, "last_activity_on": case.opened_on, "next_due_on": None}
            cases.append(_row(Case, {**case.model_dump(), **extra, **stamps}))
            for entry in plan.timeline:
                values = TimelineEntryCreate.model_validate(entry).model_dump()
                children.append(_row(TimelineEntry, {**values, "id": entry_id, "case_id": case_id, **stamps}))
                entry_id += 1
            for deadline in plan.deadlines:
                checked = DeadlineCreate.model_validate({k: v for k, v in deadline.items() if k != "done_on"})
                values = {
                    **checked.model_dump(),
                    "id": deadline_id,
                    "case_id": case_id,
                    "done_on": deadline.get("done_on"),
                    "rule_id": None,
                    "rule_version": None,
                    "rule_inputs": None,
                }
                children.append(_row(Deadline, {**values, **stamps}))
                deadline_id += 1
            case_id += 1
        session.add_all(cases)
        session.flush()
        session.add_all(children)
        session.flush()
    return sum(len(p.timeline) for p in plans), sum(len(p.deadlines) for p in plans)


def _add_computed(session: Session, plans: list[_CasePlan]) -> int:
    """Deadlines worked out by the rules, through the service, for the most recently opened cases."""
    chosen = [plan for plan in plans if plan.computed is not None][-COMPUTED_LIMIT:]
    settings = deadline_service.rule_settings(session)
    for plan in chosen:
        assert plan.computed is not None
        rule_id, when, contacted, certificate = plan.computed
        if rule_id == rules.TRIBUNAL_LIMIT:
            # A deduction is counted from the payday; other detriment from the act. The
            # words say what is counted, never that a claim lies.
            pay = plan.fields["category"] is CaseCategory.PAY_DEDUCTION
            values = {
                "claim": rules.Claim.WAGES if pay else rules.Claim.UNION_DETRIMENT,
                "act": when,
                "acas_contacted": contacted,
                "certificate": certificate,
            }
            computation = rules.compute(rules.RuleKind.TRIBUNAL, values, settings)
            what = f"Tribunal time limit counted from the {'payday' if pay else 'act'} on {format_date(when)}"
        else:
            computation = rules.compute(rules.RuleKind.COMPANION, {"proposed": when}, settings)
            what = f"Latest alternative hearing time if the companion cannot attend on {format_date(when)}"
        deadline_service.add_computed(session, plan.case_id, computation, what=what)
    return len(chosen)
