"""Fictional demo data modelled on the 2025 Met Police / PCS dispute over office attendance.

``fill`` writes a rep profile, members, cases (with timelines and deadlines),
a threat log and three ACAS talks sessions into an open database. Everything
is drawn from one ``random.Random(seed)`` and dated relative to ``today``, so a
frozen clock and the same seed give the same data byte for byte.

The dispute's real dates are kept while they lie in the past (management's
threat notice in December 2024, the action from 6 January 2025, talks in early
2025); if ``today`` is earlier than that story allows, the whole story moves
back by whole weeks. Every person, membership number, email address and
phone number is invented: emails use example.org, phones the 07700 900xxx
range Ofcom keeps for drama.

Bulk rows (members, cases, timelines, deadlines) go in with ``add_all`` and
one flush per batch, so the audit hook and the search and urgency triggers
still run. The rule-bearing parts go through the services: the threat log
(the all-staff notice with its links, the correction, and the first
``SERVICE_THREATS`` entries; later entries go in batches that leave the same
rows behind), the talks, and the computed deadlines.
"""

from __future__ import annotations

import gc
import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy.orm import class_mapper
from sqlmodel import Session, SQLModel, col, func, select

from repdesk.domain import clock, rules
from repdesk.domain.dates import format_date
from repdesk.domain.enums import (
    CaseCategory,
    CaseOutcome,
    CaseStatus,
    DeadlineKind,
    DisciplinaryStage,
    HolidayRegion,
    OfferKind,
    OfferStatus,
    Priority,
    ProtectedActivity,
    RoleCategory,
    Side,
    TalksFormat,
    TalksKind,
    ThreatAudience,
    ThreatChannel,
    ThreatKind,
    ThreatStatus,
    TimelineKind,
)
from repdesk.store import cases as case_service
from repdesk.store import deadlines as deadline_service
from repdesk.store import profile as profile_service
from repdesk.store import talks as talks_service
from repdesk.store import threats as threat_service
from repdesk.store.common import ids, next_reference
from repdesk.store.models import (
    ActionPointCreate,
    Case,
    CaseCreate,
    Deadline,
    DeadlineCreate,
    Member,
    MemberCreate,
    OfferCreate,
    RepProfileCreate,
    TalksSessionCreate,
    ThreatCase,
    ThreatCorrection,
    ThreatEntry,
    ThreatEntryCreate,
    ThreatMember,
    TimelineEntry,
    TimelineEntryCreate,
)

if TYPE_CHECKING:
    from repdesk.store.engine import Database

__all__ = ["DemoSummary", "fill"]

T = TypeVar("T")
R = TypeVar("R", bound=SQLModel)

BATCH = 2_000
"""Rows per flush for the bulk tables."""

LINK_CHUNK = 2_000
"""Members linked per call when the all-staff notice is linked to everyone in the action."""

COMPUTED_LIMIT = 250
"""At most this many rule-computed deadlines (each goes through the service)."""

SERVICE_THREATS = 150
"""Threat entries logged one by one through the service before the rest go in batches."""

MIN_GROUP_LINKS = 20
"""The all-staff notice touches at least this many members (when there are that many)."""


@dataclass(frozen=True)
class DemoSummary:
    """How many of each thing ``fill`` made, for the CLI to print."""

    members: int
    cases: int
    timeline_entries: int
    deadlines: int
    threats: int
    sessions: int
    offers: int
    action_points: int


# --------------------------------------------------------------------------- the story's dates


# The real story ends two weeks after the third talks session. If that is after
# ``today``, the whole story moves back so it still lies in the past.
_STORY_END = date(2025, 3, 19)


@dataclass(frozen=True)
class _Story:
    """The dispute's dates, real where they are in the past of ``today``."""

    today: date
    shift: timedelta

    @classmethod
    def for_today(cls, today: date) -> _Story:
        late = max(0, (_STORY_END - today).days)
        # Whole weeks, so Mondays stay Mondays.
        return cls(today, timedelta(weeks=math.ceil(late / 7)))

    def on(self, year: int, month: int, day: int) -> date:
        """A real date of the dispute, moved back if the story would end after today."""
        return date(year, month, day) - self.shift

    @property
    def blended_agreement(self) -> date:
        return self.on(2021, 6, 1)

    @property
    def policy_notice(self) -> date:
        """Three months' formal notice of the Hybrid Working Policy."""
        return self.on(2024, 10, 1)

    @property
    def first_case(self) -> date:
        return self.on(2024, 10, 7)

    @property
    def management_notice(self) -> date:
        """Management's all-staff threat notice, after PCS served notice of action."""
        return self.on(2024, 12, 16)

    @property
    def action_start(self) -> date:
        """The first day of action short of strike."""
        return self.on(2025, 1, 6)

    @property
    def sessions(self) -> tuple[date, date, date, date]:
        """The three ACAS sessions and the date the last one set for the next."""
        days = (self.on(2025, 1, 22), self.on(2025, 2, 12), self.on(2025, 3, 5), self.on(2025, 3, 26))
        # A moved story may land on a bank holiday; ACAS would meet the next working day.
        # The story is set in London, so England and Wales's bank holidays count.
        london = HolidayRegion.ENGLAND_WALES
        first, second, third, after = (rules.add_working_days(_days(d, -1), 1, london) for d in days)
        return first, second, third, after


def _long_date(d: date) -> str:
    """``6 January 2025``, as a notice would write it."""
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _days(d: date, n: int) -> date:
    return d + timedelta(days=n)


def _between(rng: random.Random, start: date, end: date) -> date:
    """A day from ``start`` to ``end`` inclusive (``start`` if the range is empty)."""
    span = (end - start).days
    return start if span <= 0 else _days(start, rng.randint(0, span))


def _weekday(d: date, floor: date) -> date:
    """``d`` moved back to a weekday, or forward if that would fall before ``floor``."""
    back = d
    while back.weekday() >= 5:
        back = _days(back, -1)
    if back >= floor:
        return back
    ahead = d
    while ahead.weekday() >= 5:
        ahead = _days(ahead, 1)
    return ahead


def _weighted(rng: random.Random, options: Sequence[tuple[T, int]]) -> T:
    return rng.choices([value for value, _ in options], [weight for _, weight in options])[0]


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --------------------------------------------------------------------------- people and places

_FIRST_NAMES = (
    "Aisha", "Ben", "Chloe", "Dev", "Emeka", "Fatima", "Gareth", "Hannah", "Imran", "Jade",
    "Kwame", "Laura", "Marcus", "Niamh", "Oluwaseun", "Priya", "Rhys", "Sana", "Tom", "Usha",
    "Vikram", "Wendy", "Yusuf", "Zara", "Adam", "Bianca", "Callum", "Deborah", "Eilidh", "Farid",
    "Grace", "Harjit", "Ioana", "Jamal", "Katie", "Liam", "Mei", "Nadia", "Owen", "Paulina",
    "Rosa", "Samir", "Tariq", "Una", "Victoria", "Wes", "Yasmin", "Zoe", "Andre", "Bernadette",
    "Chidi", "Darren", "Elena", "Femi", "Georgia", "Hassan", "Isla", "Joanne", "Kiran", "Lewis",
    "Maryam", "Nathan", "Orla", "Pete", "Rukhsana", "Sophie", "Theo", "Anjali", "Bogdan",
    "Carmen", "Declan", "Esther", "Funmi", "Gemma", "Hugo", "Ifeoma", "Jess", "Kofi", "Leah",
    "Mo", "Noor", "Patrick", "Reece", "Shanice", "Tomasz", "Vanessa", "Will", "Xavier",
    "Yetunde", "Ruth",
)  # fmt: skip

_LAST_NAMES = (
    "Adeyemi", "Bennett", "Chowdhury", "Doyle", "Evans", "Fernandes", "Gallagher", "Hussain",
    "Iqbal", "Jenkins", "Kowalski", "Lewis", "Mensah", "Nowak", "O'Brien", "Patel", "Quinn",
    "Rahman", "Sandhu", "Thompson", "Underwood", "Vaughan", "Walsh", "Yilmaz", "Zielinski",
    "Ahmed", "Brennan", "Campbell", "Da Silva", "Ellis", "Francis", "Grant", "Hughes", "Ibrahim",
    "Johnson", "Kaur", "Lynch", "Murphy", "Nwosu", "Okafor", "Popescu", "Reid", "Shah", "Taylor",
    "Usman", "Varga", "Williams", "Young", "Akhtar", "Barker", "Cole", "Dimitrov", "Edwards",
    "Fofana", "Green", "Harris", "Igwe", "Jones", "Khan", "Lowe", "Marsh", "Nash", "Osei",
    "Palmer", "Rossi", "Singh", "Turner", "Virk", "Ward", "Abbott", "Begum", "Clarke", "Duffy",
    "Ekwueme", "Fraser", "Gordon", "Hall", "Jackson", "Kelly", "Lee", "Mahmood", "Newton",
    "Owusu", "Pereira", "Robinson", "Sutton", "Tran", "Wilson", "Yates", "McAllister",
)  # fmt: skip


@dataclass(frozen=True)
class _Role:
    job_title: str
    department: str
    sites: tuple[str, ...]
    category: RoleCategory


_OPERATIONAL = RoleCategory.OPERATIONAL
_SUPPORT = RoleCategory.SUPPORT
_METCC = "Met Command and Control (MetCC)"
_CAIT = "Public Protection: Child Abuse Investigation"
_PEOPLE = "People Services (HR)"
_ESTATES = "Property Services (Estates)"

_ROLES: tuple[tuple[_Role, int], ...] = (
    (_Role("999 call handler", _METCC, ("Lambeth MetCC", "Bow MetCC", "Hendon MetCC"), _OPERATIONAL), 14),
    (_Role("Control room supervisor", _METCC, ("Lambeth MetCC", "Bow MetCC"), _OPERATIONAL), 3),
    (
        _Role(
            "PCSO",
            "Safer Neighbourhoods",
            ("Brixton station", "Croydon station", "Tottenham station", "Wembley station"),
            _OPERATIONAL,
        ),
        9,
    ),
    (_Role("Child protection officer", _CAIT, ("Lambeth HQ", "Sutton station"), _OPERATIONAL), 6),
    (_Role("Police staff investigator", _CAIT, ("Lambeth HQ", "Ealing station"), _OPERATIONAL), 3),
    (_Role("Vetting officer", "Vetting Unit", ("Empress State Building",), _OPERATIONAL), 5),
    (
        _Role("Intelligence officer", "Intelligence Unit", ("New Scotland Yard", "Lambeth HQ"), _OPERATIONAL),
        5,
    ),
    (_Role("HR adviser", _PEOPLE, ("Empress State Building", "Lambeth HQ"), _SUPPORT), 6),
    (_Role("HR case officer", _PEOPLE, ("Empress State Building",), _SUPPORT), 3),
    (_Role("Learning and development coordinator", _PEOPLE, ("Hendon Peel Centre",), _SUPPORT), 2),
    (_Role("Finance officer", "Finance", ("New Scotland Yard", "Empress State Building"), _SUPPORT), 5),
    (_Role("Payroll officer", "Finance: Payroll", ("Empress State Building",), _SUPPORT), 3),
    (_Role("Estates surveyor", _ESTATES, ("Lambeth HQ", "Hendon Peel Centre"), _SUPPORT), 3),
    (_Role("Facilities coordinator", _ESTATES, ("Lambeth HQ", "Bow MetCC"), _SUPPORT), 3),
    (_Role("Procurement officer", "Commercial Services", ("Empress State Building",), _SUPPORT), 3),
)

# Who manages each department, and who signed the all-staff notice. All invented.
_MANAGERS: dict[str, tuple[str, str]] = {
    _METCC: ("Graham Ellery", "Team Leader, MetCC"),
    "Safer Neighbourhoods": ("Sharon Pike", "Inspector, Safer Neighbourhoods"),
    _CAIT: ("Fiona Marchetti", "Detective Sergeant, Child Abuse Investigation"),
    "Vetting Unit": ("Paul Hendry", "Vetting Unit Manager"),
    "Intelligence Unit": ("Derek Maitland", "Intelligence Unit Manager"),
    _PEOPLE: ("Rebecca Thorne", "Band C Line Manager, People Services"),
    "Finance": ("Anita Desai-Hart", "Finance Business Partner"),
    "Finance: Payroll": ("Anita Desai-Hart", "Finance Business Partner"),
    _ESTATES: ("Stuart Lomax", "Estates Services Manager"),
    "Commercial Services": ("Colin Rudd", "Head of Commercial Operations"),
}
_SENIOR_MANAGERS: tuple[tuple[str, str], ...] = (
    ("Karen Oduya", "Chief Inspector, MetCC"),
    ("Martin Greaves", "Head of HR Operations"),
    ("Helen Strachan", "Superintendent, Frontline Policing"),
)
_NOTICE_AUTHOR = ("Jonathan Hale", "Director of People and Change")

_REP = RepProfileCreate(
    name="Alex Morgan",
    union="PCS",
    branch="Met Police Staff",
    workplace="Metropolitan Police Service, Lambeth HQ",
)

_PATTERNS: tuple[tuple[str, int], ...] = (
    ("2 office days a week under the 2021 blended-working agreement", 40),
    ("1 office day a week under the 2021 blended-working agreement", 12),
    ("2 office days a week (Tue and Thu) under the 2021 blended-working agreement", 10),
    ("Team day on Wednesdays plus 1 other office day, under the 2021 blended-working agreement", 8),
    ("3 office days a week, agreed with the team in 2021", 5),
    ("Office days agreed week by week with the team leader (2021 blended-working agreement)", 6),
)
_SHIFT_PATTERN = "Shifts 4 on, 4 off; 2 of every 4 shifts on site under the 2021 blended-working agreement"
_PART_TIME_PATTERN = "Part-time, 3 days a week; 1 office day under the 2021 blended-working agreement"

_ADJUSTMENTS = (
    "Home working on up to 3 days a week (long-term back condition); specialist chair at home.",
    "Off-peak travel only and 1 office day a week (anxiety condition; OH report on file).",
    "Quiet workstation and noise-cancelling headset; home working on migraine days.",
    "Home working 3 days a week after long COVID; phased hours reviewed quarterly.",
    "Home working on treatment days and adjusted start times.",
    "Ground-floor desk and accessible parking; home working 2 days a week (mobility impairment).",
    "Screen-reader software and home working while the office set-up is adapted (sight loss).",
)
_FLEXIBLE_PLANS = (
    "Compressed hours: four long days, Fridays off.",
    "School-hours pattern 09:30 to 14:30, in the office on Tuesdays only.",
    "Carer's arrangement: home working Monday and Friday to care for a parent.",
    "Term-time working with 1 office day a week.",
    "Job share (Monday to Wednesday) with 1 office day.",
    "Early shift 07:00 to 15:00 at home three days a week for childcare.",
)
_MEMBER_NOTES = (
    "Prefers contact by personal email.",
    "Works nights; call after 2pm.",
    "Union learning rep for the site.",
    "Sits on the branch committee.",
    "Asked for all letters to be copied to the rep.",
    "Returning from maternity leave in the spring.",
)


@dataclass
class _MemberPlan:
    fields: dict[str, Any]
    first: str
    department: str
    in_action: bool
    has_flexible_plan: bool
    cases: list[_CasePlan] = field(default_factory=list)


@dataclass
class _CasePlan:
    member: int
    fields: dict[str, Any]
    timeline: list[dict[str, Any]]
    deadlines: list[dict[str, Any]]
    computed: tuple[str, date, date | None, date | None] | None = None
    case_id: int = 0


def _slug(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isascii() and ch.isalnum())


def _names(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """``count`` (first, full name) pairs; distinct while the pool lasts, then with initials."""
    pool = len(_FIRST_NAMES) * len(_LAST_NAMES)
    picks = rng.sample(range(pool), min(count, pool))
    names = [
        (
            _FIRST_NAMES[i // len(_LAST_NAMES)],
            f"{_FIRST_NAMES[i // len(_LAST_NAMES)]} {_LAST_NAMES[i % len(_LAST_NAMES)]}",
        )
        for i in picks
    ]
    while len(names) < count:
        first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
        initial = chr(ord("A") + rng.randrange(26))
        names.append((first, f"{first} {initial}. {last}"))
    return names


def _plan_members(
    rng: random.Random, story: _Story, count: int, taken_numbers: set[str]
) -> list[_MemberPlan]:
    names = _names(rng, count)
    numbers = [f"{n:08d}" for n in rng.sample(range(10_000_000, 100_000_000), count)]
    emails: dict[str, int] = {}
    plans: list[_MemberPlan] = []
    for index, (first, name) in enumerate(names):
        role = _weighted(rng, _ROLES)
        operational = role.category is RoleCategory.OPERATIONAL
        part_time = rng.random() < 0.06
        if part_time:
            pattern, days = _PART_TIME_PATTERN, 2
        elif role.job_title == "999 call handler" and rng.random() < 0.5:
            pattern, days = _SHIFT_PATTERN, 4
        else:
            pattern, days = _weighted(rng, _PATTERNS), (4 if operational else 3)

        number: str | None = numbers[index] if rng.random() < 0.8 else None
        if number in taken_numbers:
            number = None
        local = ".".join(_slug(part) for part in name.split() if not part.endswith("."))
        emails[local] = emails.get(local, 0) + 1
        email = None
        if rng.random() < 0.85:
            suffix = "" if emails[local] == 1 else str(emails[local])
            email = f"{local}{suffix}@{rng.choice(('example.org', 'mail.example.org'))}"
        phone = f"07700 900{rng.randrange(1000):03d}" if rng.random() < 0.7 else None

        adjustments, agreed, agreed_on = "", False, None
        if rng.random() < 0.12:
            adjustments = rng.choice(_ADJUSTMENTS)
            agreed = rng.random() < 0.8
            if agreed:
                agreed_on = _between(rng, story.blended_agreement, _days(story.management_notice, -7))
            else:
                adjustments += " Requested again under the new policy; not yet agreed."
        plan, approved, approved_on = "", False, None
        if rng.random() < 0.15:
            plan = rng.choice(_FLEXIBLE_PLANS)
            approved = rng.random() < 0.75
            if approved:
                approved_on = _between(rng, story.blended_agreement, _days(story.policy_notice, -1))
            else:
                plan += " Statutory request made; decision awaited."
        in_action = rng.random() < 0.65
        since = None
        if in_action:
            since = story.action_start
            if rng.random() < 0.15:
                since = min(story.today, _days(story.action_start, 7 * rng.randint(1, 10)))
        fields: dict[str, Any] = {
            "name": name,
            "membership_no": number,
            "job_title": role.job_title,
            "role_category": role.category,
            "office_days_required": days,
            "department": role.department,
            "work_site": rng.choice(role.sites),
            "email": email,
            "phone": phone,
            "work_pattern": pattern,
            "adjustments": adjustments,
            "adjustments_agreed": agreed,
            "adjustments_agreed_on": agreed_on,
            "flexible_plan": plan,
            "flexible_plan_approved": approved,
            "flexible_plan_approved_on": approved_on,
            "in_action": in_action,
            "in_action_since": since,
            "notes": rng.choice(_MEMBER_NOTES) if rng.random() < 0.2 else "",
        }
        plans.append(_MemberPlan(fields, first, role.department, in_action, bool(plan)))
    return plans


# --------------------------------------------------------------------------- cases

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

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


_STATUSES: tuple[tuple[CaseStatus, int], ...] = (
    (CaseStatus.NEW, 8),
    (CaseStatus.OPEN, 30),
    (CaseStatus.WAITING_EMPLOYER, 16),
    (CaseStatus.WAITING_MEMBER, 8),
    (CaseStatus.ESCALATED, 8),
    (CaseStatus.CLOSED, 30),
)


_CATEGORY_WEIGHTS: tuple[tuple[CaseCategory, int], ...] = (
    (CaseCategory.ATTENDANCE, 24),
    (CaseCategory.PAY_DEDUCTION, 16),
    (CaseCategory.DISCIPLINARY, 14),
    (CaseCategory.GRIEVANCE, 9),
    (CaseCategory.REASONABLE_ADJUSTMENT, 9),
    (CaseCategory.FLEXIBLE_WORKING, 9),
    (CaseCategory.DETRIMENT, 9),
    (CaseCategory.CAPABILITY, 5),
    (CaseCategory.OTHER, 5),
)
_OUTCOMES: tuple[tuple[CaseOutcome, int], ...] = (
    (CaseOutcome.RESOLVED, 40),
    (CaseOutcome.UPHELD, 15),
    (CaseOutcome.NOT_UPHELD, 12),
    (CaseOutcome.WITHDRAWN, 13),
    (CaseOutcome.NO_FURTHER_ACTION, 20),
)
_PRIORITIES: tuple[tuple[Priority, int], ...] = (
    (Priority.URGENT, 8),
    (Priority.HIGH, 22),
    (Priority.NORMAL, 55),
    (Priority.LOW, 15),
)
_ACTIVE_STAGES: tuple[tuple[DisciplinaryStage, int], ...] = (
    (DisciplinaryStage.INVESTIGATION, 35),
    (DisciplinaryStage.NOTICE, 25),
    (DisciplinaryStage.HEARING, 20),
    (DisciplinaryStage.DECISION, 10),
    (DisciplinaryStage.APPEAL, 10),
)


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
    month = _MONTHS[(max(opened, story.action_start).month - 2) % 12]
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


# --------------------------------------------------------------------------- bulk writes


def _row(model: type[R], values: dict[str, Any]) -> R:
    """A pending table row from values already checked by the model's Create class.

    SQLModel's constructor pushes every attribute through SQLAlchemy's
    instrumentation one at a time (about 100 µs a row, most of the cost of a
    10,000-member demo). A row about to be inserted needs none of that
    bookkeeping, so it is made the way SQLAlchemy makes the rows it loads: a
    bare instance with its state, and the values in its ``__dict__``, which
    the flush reads. The audit hook and the triggers still see every row.
    """
    row: R = class_mapper(model).class_manager.new_instance()
    row.__dict__.update(values)
    return row


def _first_free_id(
    session: Session, model: type[Member | Case | TimelineEntry | Deadline | ThreatEntry]
) -> int:
    """The id SQLite would give the next row (the tables have no AUTOINCREMENT).

    Giving ids up front lets the flush insert a batch with one ``executemany``:
    without them SQLAlchemy must insert row by row to read each id back, as
    SQLite's RETURNING order is not guaranteed. The write transaction holds
    the lock, so nothing else can take these ids meanwhile.
    """
    return int(session.exec(select(func.max(col(model.id)))).one() or 0) + 1


def _stamps() -> dict[str, Any]:
    now = clock.now()
    return {"created_at": now, "updated_at": now, "version": 1}


def _insert_members(session: Session, plans: list[_MemberPlan]) -> list[int]:
    first = _first_free_id(session, Member)
    stamps = _stamps()
    for start in range(0, len(plans), BATCH):
        session.add_all(
            _row(
                Member,
                {**MemberCreate.model_validate(plan.fields).model_dump(), "id": first + index, **stamps},
            )
            for index, plan in enumerate(plans[start : start + BATCH], start=start)
        )
        session.flush()
    return list(range(first, first + len(plans)))


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


# --------------------------------------------------------------------------- the threat log

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
_THREAT_KINDS: tuple[tuple[ThreatKind, int], ...] = (
    (ThreatKind.PAY_DEDUCTION, 30),
    (ThreatKind.DISCIPLINARY, 25),
    (ThreatKind.VETTING_PROMOTION, 12),
    (ThreatKind.FLEXIBLE_WORKING_WITHDRAWAL, 12),
    (ThreatKind.CAPABILITY, 10),
    (ThreatKind.OTHER_DETRIMENT, 11),
)
_THREAT_CASES: dict[ThreatKind, CaseCategory] = {
    ThreatKind.PAY_DEDUCTION: CaseCategory.PAY_DEDUCTION,
    ThreatKind.DISCIPLINARY: CaseCategory.DISCIPLINARY,
    ThreatKind.VETTING_PROMOTION: CaseCategory.DETRIMENT,
    ThreatKind.FLEXIBLE_WORKING_WITHDRAWAL: CaseCategory.FLEXIBLE_WORKING,
    ThreatKind.CAPABILITY: CaseCategory.CAPABILITY,
    ThreatKind.OTHER_DETRIMENT: CaseCategory.DETRIMENT,
}
_THREAT_STATUSES: tuple[tuple[ThreatStatus, int], ...] = (
    (ThreatStatus.LOGGED, 35),
    (ThreatStatus.RAISED, 30),
    (ThreatStatus.REFERRED, 15),
    (ThreatStatus.WITHDRAWN, 8),
    (ThreatStatus.CARRIED_OUT, 12),
)
_CHANNELS: tuple[tuple[ThreatChannel, int], ...] = (
    (ThreatChannel.EMAIL, 35),
    (ThreatChannel.MEETING, 25),
    (ThreatChannel.IN_PERSON, 15),
    (ThreatChannel.CALL, 12),
    (ThreatChannel.LETTER, 10),
    (ThreatChannel.OTHER, 3),
)
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
        for row, (_, status) in zip(rows, batch, strict=True):
            if status is not ThreatStatus.LOGGED:
                row.status = status
                row.status_changed_at = now
                row.version += 1
        session.flush()


# --------------------------------------------------------------------------- ACAS talks

_CONCILIATOR = "Ruth Okonjo (ACAS senior conciliator)"
_UNION_SIDE = "Alex Morgan (branch rep), Dana Whitfield (PCS full-time officer), Sam Patel (branch secretary)"
_EMPLOYER_SIDE = (
    "Jonathan Hale (Director of People and Change), Martin Greaves (Head of HR Operations), "
    "Lucy Brandt (Hybrid Working Programme lead)"
)
_SUPPORT_DAYS = "office days for support roles"
_OPERATIONAL_DAYS = "office days for operational roles"
_DEDUCTIONS = "pay deductions during the dispute"
_EXEMPTIONS = "exemptions for reasonable adjustments"
_DISCIPLINARY = "disciplinary action during the dispute"


def _fill_talks(session: Session, story: _Story) -> tuple[int, int, int]:
    first, second, third, after = story.sessions
    sessions = [
        TalksSessionCreate(
            held_on=first,
            starts_at=time(10, 0),
            format=TalksFormat.ONLINE,
            kind=TalksKind.SEPARATE,
            venue="ACAS video call (union side only)",
            conciliator=_CONCILIATOR,
            union_attendees=_UNION_SIDE,
            agenda=(
                "1. How ACAS conciliation works\n2. The union's issues in dispute\n3. What a settlement needs"
            ),
            notes=(
                "The conciliator met each side separately. Union set out the dispute: the 60% attendance "
                "rule (4 days operational, 3 days support), threatened pay deductions and disciplinary "
                "action, and the lack of evidence or consultation. ACAS to test whether the employer "
                "will pause deductions while talks run."
            ),
            caucus_notes=(
                "Agreed our bottom line: no deductions for members working full contracted hours. "
                "Keep the Mercer point in reserve for the FTO."
            ),
            report_back=(
                "Talks under ACAS have started. The union has set out members' case; the employer has "
                "agreed to meet jointly. Keep a note of any instruction or threat and send it to your rep."
            ),
            next_session_on=second,
        ),
        TalksSessionCreate(
            held_on=second,
            starts_at=time(10, 30),
            format=TalksFormat.IN_PERSON,
            kind=TalksKind.JOINT,
            venue="ACAS offices, central London",
            conciliator=_CONCILIATOR,
            union_attendees=_UNION_SIDE,
            employer_attendees=_EMPLOYER_SIDE,
            agenda="1. Office days by role\n2. Pay deductions\n3. Exemptions\n4. Disciplinary threats",
            notes=(
                "Employer tabled 3 days for support roles with a six-month review and kept 4 days for "
                "operational roles. Employer maintained that deductions apply. Union proposed that agreed "
                "adjustments and approved flexible-working plans are honoured in full."
            ),
            caucus_notes="Support-roles offer is movement; operational days are the sticking point.",
            report_back=(
                "First joint meeting held. The employer has made an offer on support roles that the "
                "negotiating team will put to members. No agreement yet on operational roles or deductions."
            ),
            next_session_on=third,
        ),
        TalksSessionCreate(
            held_on=third,
            starts_at=time(14, 0),
            format=TalksFormat.HYBRID,
            kind=TalksKind.JOINT,
            venue="ACAS offices, central London, and video link",
            conciliator=_CONCILIATOR,
            union_attendees=_UNION_SIDE,
            employer_attendees=_EMPLOYER_SIDE,
            agenda="1. Members' response to the support-roles offer\n2. Operational roles\n3. Deductions",
            notes=(
                "Members rejected 3 days for support roles. Employer suspended deductions while talks "
                "continue and accepted the exemptions proposal. ACAS proposed a joint working group on "
                "operational roles, to report within eight weeks."
            ),
            caucus_notes="Working group is worth taking if deductions stay suspended in writing.",
            report_back=(
                "Deductions are suspended while talks continue, and agreed adjustments and approved "
                "flexible-working plans will be honoured. Talks on office days continue."
            ),
            next_session_on=after,
        ),
    ]
    ids: list[int] = []
    for data in sessions:
        made = talks_service.create_session(session, data)
        assert made.id is not None
        ids.append(made.id)
    s1, s2, s3 = ids

    offers = 0

    def table(at: int, side: Side, kind: OfferKind, topic: str, text: str) -> tuple[int, int]:
        nonlocal offers
        offer = talks_service.add_offer(
            session, at, OfferCreate(side=side, kind=kind, topic=topic, text=text)
        )
        assert offer.id is not None
        offers += 1
        return offer.id, offer.version

    def move(offer: tuple[int, int], status: OfferStatus, at: int, on: date, note: str) -> tuple[int, int]:
        moved = talks_service.set_offer_status(
            session, offer[0], status, version=offer[1], at_session_id=at, on=on, note=note
        )
        return offer[0], moved.version

    # Session 1: the union's positions.
    support = table(
        s1,
        Side.UNION,
        OfferKind.POSITION,
        _SUPPORT_DAYS,
        "Keep the 2021 blended-working agreement: office days agreed by managers and teams, typically 2.",
    )
    operational = table(
        s1,
        Side.UNION,
        OfferKind.POSITION,
        _OPERATIONAL_DAYS,
        "No blanket minimum; office days set by what each role needs, agreed with the team.",
    )
    deductions = table(
        s1,
        Side.UNION,
        OfferKind.POSITION,
        _DEDUCTIONS,
        "No deductions from members who work their full contracted hours from home.",
    )
    support = move(support, OfferStatus.CONSIDERING, s2, second, "Employer replied with a counter-offer.")
    deductions = move(deductions, OfferStatus.CONSIDERING, s2, second, "Employer to take advice.")

    # Session 2: the employer's offer and the union's proposals.
    support_offer = table(
        s2,
        Side.EMPLOYER,
        OfferKind.OFFER,
        _SUPPORT_DAYS,
        "Support roles: 3 office days a week, reviewed after six months.",
    )
    operational_offer = table(
        s2,
        Side.EMPLOYER,
        OfferKind.POSITION,
        _OPERATIONAL_DAYS,
        "Operational roles: 4 office days a week, with exceptions agreed team by team.",
    )
    employer_deductions = table(
        s2,
        Side.EMPLOYER,
        OfferKind.POSITION,
        _DEDUCTIONS,
        "Deductions apply for each contracted office day worked from home over the permitted maximum.",
    )
    exemptions = table(
        s2,
        Side.UNION,
        OfferKind.PROPOSAL,
        _EXEMPTIONS,
        "Agreed reasonable adjustments and approved flexible-working plans are honoured in full, "
        "without a fresh application.",
    )
    discipline = table(
        s2,
        Side.UNION,
        OfferKind.PROPOSAL,
        _DISCIPLINARY,
        "No disciplinary action against members for taking part in the action.",
    )
    support_offer = move(support_offer, OfferStatus.CONSIDERING, s2, second, "To be put to members.")
    operational_offer = move(operational_offer, OfferStatus.REJECTED, s2, second, "Union side rejected.")

    # Session 3: members' answer, the employer's movement and ACAS's proposal.
    move(support_offer, OfferStatus.REJECTED, s3, third, "Members rejected 3 days in the consultation.")
    move(support, OfferStatus.REJECTED, s3, third, "Employer will not return to the 2021 arrangements.")
    move(employer_deductions, OfferStatus.WITHDRAWN, s3, third, "Deductions suspended while talks continue.")
    move(deductions, OfferStatus.ACCEPTED, s3, third, "Accepted for the duration of the talks.")
    move(exemptions, OfferStatus.ACCEPTED, s3, third, "Employer accepted; to confirm in writing.")
    move(discipline, OfferStatus.CONSIDERING, s3, third, "Employer to respond at the next session.")
    move(operational, OfferStatus.CONSIDERING, s3, third, "Parked pending the working group.")
    table(
        s3,
        Side.EMPLOYER,
        OfferKind.COUNTER_OFFER,
        _SUPPORT_DAYS,
        "Support roles: 2 office days a week for 12 months, then a joint review.",
    )
    working_group = table(
        s3,
        Side.ACAS,
        OfferKind.PROPOSAL,
        _OPERATIONAL_DAYS,
        "A joint working group reviews the evidence for office days role by role and reports in 8 weeks.",
    )
    move(working_group, OfferStatus.ACCEPTED, s3, third, "Both sides agreed to the working group.")

    points = [
        (s1, "Circulate terms of reference for the talks", "ACAS", Side.ACAS, _days(first, 5), True),
        (s1, "Send the members' productivity survey", "Union side", Side.UNION, _days(first, 14), True),
        (s2, "Provide the evidence base for the 60% requirement", "Employer side", Side.EMPLOYER,
         _days(second, 14), False),
        (s2, "Consult members on the support-roles offer", "Union side", Side.UNION, _days(second, 18), True),
        (s3, "Confirm in writing that deductions are suspended", "Jonathan Hale", Side.EMPLOYER,
         _days(third, 7), True),
        (s3, "Nominate members of the working group", "Union side", Side.UNION, _days(third, 10), False),
        (s3, "Draft the working group's terms of reference", "ACAS", Side.ACAS, _days(third, 14), False),
    ]  # fmt: skip
    for at, text, owner, side, due, done in points:
        point = talks_service.add_action_point(
            session, at, ActionPointCreate(text=text, owner=owner, owner_side=side, due_on=due)
        )
        if done:
            # Done when it was done, not on the day the demo was made.
            point.done = True
            point.done_on = min(due, story.today)
            session.add(point)
    session.flush()
    return len(ids), offers, len(points)


# --------------------------------------------------------------------------- entry point


def fill(db: Database, *, members: int = 60, seed: int = 2025, today: date | None = None) -> DemoSummary:
    """Write fictional demo casework for ``members`` members into ``db`` in one transaction.

    The same ``seed`` and ``today`` give the same data. Adds a rep profile only
    if the database has none; case and threat references continue from any
    already handed out.
    """
    rng = random.Random(seed)  # noqa: S311 - repeatable fiction, not secrets
    story = _Story.for_today(today or clock.today())
    # Tens of thousands of short-lived ORM rows: the cycle collector's passes
    # over them cost about a tenth of the run and would free nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _fill(db, rng, story, members)
    finally:
        if collecting:
            gc.enable()


def _fill(db: Database, rng: random.Random, story: _Story, members: int) -> DemoSummary:
    with db.transaction() as session:
        if profile_service.get_profile(session) is None:
            profile_service.save_profile(session, _REP)
        taken = set(session.exec(select(Member.membership_no).where(col(Member.membership_no).is_not(None))))
        member_plans = _plan_members(rng, story, max(0, members), {n for n in taken if n})
        case_plans = _plan_cases(rng, story, member_plans)
        for plan in member_plans:
            # Consent comes before the first case, or any time for members without one.
            first_opened = min((case.fields["opened_on"] for case in plan.cases), default=None)
            if first_opened is None:
                consent = _between(rng, story.first_case, story.today)
            else:
                consent = max(story.first_case, _days(first_opened, -rng.randint(0, 14)))
            plan.fields["consent_on"] = consent
        member_ids = _insert_members(session, member_plans)
        entries, deadlines = _insert_cases(session, case_plans, member_ids)
        deadlines += _add_computed(session, case_plans)
        threats = _fill_threats(session, rng, story, member_ids, member_plans)
        sessions, offers, points = _fill_talks(session, story)
        case_service.refresh_scores(session)
    db.analyze()
    return DemoSummary(
        members=len(member_ids),
        cases=len(case_plans),
        timeline_entries=entries,
        deadlines=deadlines,
        threats=threats,
        sessions=sessions,
        offers=offers,
        action_points=points,
    )
