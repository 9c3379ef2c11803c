"""The members: invented names, roles, sites and working patterns, their managers, and the rep."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from repdesk.demo.rows import BATCH, _first_free_id, _row, _stamps
from repdesk.demo.story import _between, _days, _Story, _weighted
from repdesk.domain.enums import RoleCategory
from repdesk.store.models import Member, MemberCreate, RepProfileCreate

if TYPE_CHECKING:
    from repdesk.demo.cases import _CasePlan

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


@dataclass(frozen=True)
class _Exemption:
    """How often members have a kind of exemption (an adjustment, a flexible-working plan) and get it."""

    chance: float
    """Of a member having one."""
    granted: float
    """Of one being granted."""
    texts: tuple[str, ...]
    """What one may say."""
    pending: str
    """Added to one not granted."""

    def draw(self, rng: random.Random, start: date, end: date) -> tuple[str, bool, date | None]:
        """One member's: its text ("" for none), whether it was granted, and when (from start to end)."""
        if rng.random() >= self.chance:
            return "", False, None
        text = rng.choice(self.texts)
        if rng.random() < self.granted:
            return text, True, _between(rng, start, end)
        return text + self.pending, False, None


_ADJUSTMENT = _Exemption(0.12, 0.8, _ADJUSTMENTS, " Requested again under the new policy; not yet agreed.")
_FLEXIBLE_PLAN = _Exemption(0.15, 0.75, _FLEXIBLE_PLANS, " Statutory request made; decision awaited.")


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

        agreed_by = _days(story.management_notice, -7)
        adjustments, agreed, agreed_on = _ADJUSTMENT.draw(rng, story.blended_agreement, agreed_by)
        approved_by = _days(story.policy_notice, -1)
        plan, approved, approved_on = _FLEXIBLE_PLAN.draw(rng, story.blended_agreement, approved_by)
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
