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

The demo sits above the store and writes only through it: ``story`` holds
the dispute's dates and the shared draws, ``rows`` the bulk writes, and
``people``, ``cases``, ``threats`` and ``talks`` one part of the story each.
"""

from __future__ import annotations

import gc
import random
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlmodel import col, select

from repdesk.demo.cases import COMPUTED_LIMIT, _add_computed, _insert_cases, _plan_cases
from repdesk.demo.people import _REP, _insert_members, _plan_members
from repdesk.demo.story import _between, _days, _Story
from repdesk.demo.talks import _fill_talks
from repdesk.demo.threats import _fill_threats
from repdesk.domain import clock
from repdesk.store import profile as profile_service
from repdesk.store import urgency
from repdesk.store.models import Member

if TYPE_CHECKING:
    from repdesk.store.engine import Database

__all__ = ["COMPUTED_LIMIT", "MAX_MEMBERS", "DemoSummary", "fill"]

MAX_MEMBERS = 20_000
"""The most members a demo is made with (about 35 s of work, 170 MB); the command line refuses more."""


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


def fill(db: Database, *, members: int = 60, seed: int = 2025, today: date | None = None) -> DemoSummary:
    """Write fictional demo casework for ``members`` members into ``db`` in one transaction.

    The same ``seed`` and ``today`` give the same data. Adds a rep profile only
    if the database has none; case and threat references continue from any
    already handed out.
    """
    if members > MAX_MEMBERS:
        raise ValueError(f"a demo has at most {MAX_MEMBERS:,} members")
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
        urgency.refresh_scores(session)
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
