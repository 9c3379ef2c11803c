"""A taskwarrior-like urgency score a rep can read, built from plain data.

The score is the sum of four parts: priority, how soon the next deadline is,
how long since anything happened, and status. Every coefficient lives in the
module-level tables below so the store can turn the same numbers into a SQL
``CASE`` expression and sort 100k cases inside SQLite, while the screen shows
the parts (:meth:`Urgency.explain`) computed here.

Curves are ``(x, points)`` pairs with strictly increasing ``x``: between two
pairs the points are interpolated linearly, beyond the ends they are clamped
to the end values (see :func:`interpolate`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from types import MappingProxyType

from repdesk.domain.dates import format_date_weekday
from repdesk.domain.enums import CaseStatus, Priority

__all__ = [
    "DUE_CURVE",
    "IDLE_CURVE",
    "NO_DUE_POINTS",
    "NO_IDLE_POINTS",
    "PRIORITY_POINTS",
    "STATUS_POINTS",
    "Urgency",
    "UrgencyPart",
    "interpolate",
    "tenths",
    "urgency",
]

# The rep's own judgement counts, but a statutory deadline counts more: an
# urgent case with nothing due (6) still sits below any case due within ~3
# days (8+), because a missed time limit cannot be undone. Low adds nothing,
# so "low" cases rise only through deadlines and neglect.
PRIORITY_POINTS: Mapping[Priority, float] = MappingProxyType(
    {
        Priority.URGENT: 6.0,
        Priority.HIGH: 4.0,
        Priority.NORMAL: 2.0,
        Priority.LOW: 0.0,
    }
)
"""Points for each priority."""

# New cases need the rep first (acknowledge, contact the member); open cases
# have the rep's next action; waiting on the member may need a chase; an
# escalated case is with the FTO or legal, and waiting on the employer puts
# the ball in their court (its deadlines still push it up through the due
# part). Closed is -30: more than the most any active case can gain from the
# other parts (6 + 12 + 5 = 23), so every closed case sorts below every
# active one, whatever its stale deadlines.
STATUS_POINTS: Mapping[CaseStatus, float] = MappingProxyType(
    {
        CaseStatus.NEW: 2.0,
        CaseStatus.OPEN: 1.0,
        CaseStatus.WAITING_MEMBER: 0.5,
        CaseStatus.ESCALATED: 0.0,
        CaseStatus.WAITING_EMPLOYER: -1.0,
        CaseStatus.CLOSED: -30.0,
    }
)
"""Points for each status."""

# Days until the next open deadline → points. Due today (10) outweighs
# "urgent" (6); a week overdue is the ceiling (12) so an old missed date does
# not bury everything else; from a month out a deadline adds nothing, like
# taskwarrior's due coefficient fading two weeks out.
DUE_CURVE: tuple[tuple[int, float], ...] = (
    (-7, 12.0),
    (0, 10.0),
    (7, 5.0),
    (14, 2.0),
    (30, 0.0),
)
"""Days until the next due date (negative when overdue) → points."""

# Days since the last timeline entry → points. A quiet fortnight is normal in
# casework; past a month a member may feel forgotten. It caps at 5, below
# "due today", so neglect nudges a case up without outranking a deadline.
IDLE_CURVE: tuple[tuple[int, float], ...] = (
    (0, 0.0),
    (14, 2.0),
    (30, 4.0),
    (60, 5.0),
)
"""Days since the last activity → points."""

NO_DUE_POINTS = 0.0
"""Points when a case has no open deadline."""

NO_IDLE_POINTS = 0.0
"""Points when a case has no recorded activity."""


def interpolate(curve: Sequence[tuple[int, float]], x: float) -> float:
    """Points for ``x`` on ``curve``: linear between pairs, clamped beyond the ends.

    ``curve`` must be non-empty with strictly increasing ``x`` values. The
    store mirrors this exactly in SQL, so keep it this simple.
    """
    if not curve:
        raise ValueError("an urgency curve needs at least one point")
    first_x, first_y = curve[0]
    if x <= first_x:
        return float(first_y)
    for (x0, y0), (x1, y1) in pairwise(curve):
        if x <= x1:
            return float(y0 + (y1 - y0) * (x - x0) / (x1 - x0))
    return float(curve[-1][1])


def tenths(points: float) -> float:
    """``points`` to one decimal, a half rounded up: how a part of the score is shown and summed.

    SQLite's ``round(x, 1)`` rounds the same way (Python's ``round`` would take
    2.25 to 2.2, SQLite to 2.3), so the store's stored score and this module's
    agree to the tenth. Points from the curves are never negative.
    """
    return math.floor(points * 10 + 0.5) / 10


@dataclass(frozen=True)
class UrgencyPart:
    """One term of an urgency score.

    ``label`` is a short column name ("Priority", "Due", "Idle", "Status");
    ``detail`` is the phrase a rep reads ("Next due in 3 days (Fri 27 Nov
    2026)"); ``points`` is rounded to one decimal so the parts add up to the
    score shown.
    """

    label: str
    detail: str
    points: float

    def explain(self) -> str:
        """``"Next due in 3 days (Fri 27 Nov 2026): +7.9"``."""
        return f"{self.detail}: {self.points:+.1f}"


@dataclass(frozen=True)
class Urgency:
    """An urgency score with the parts it is made of."""

    score: float
    parts: tuple[UrgencyPart, ...]

    def explain(self) -> list[str]:
        """One line per part, e.g. ``"Priority urgent: +6.0"``, in a fixed order."""
        return [part.explain() for part in self.parts]


def _lower_first(text: str) -> str:
    # Labels such as "Escalated (FTO / legal)" keep their acronyms.
    return text[:1].lower() + text[1:]


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def _due_part(next_due: date | None, today: date) -> UrgencyPart:
    if next_due is None:
        return UrgencyPart("Due", "No due date", NO_DUE_POINTS)
    days = (next_due - today).days
    when = format_date_weekday(next_due)
    if days < 0:
        detail = f"Overdue by {_days(-days)} ({when})"
    elif days == 0:
        detail = f"Due today ({when})"
    elif days == 1:
        detail = f"Next due tomorrow ({when})"
    else:
        detail = f"Next due in {days} days ({when})"
    return UrgencyPart("Due", detail, tenths(interpolate(DUE_CURVE, days)))


def _idle_part(last_activity: date | None, today: date) -> UrgencyPart:
    if last_activity is None:
        return UrgencyPart("Idle", "No activity recorded", NO_IDLE_POINTS)
    days = (today - last_activity).days
    detail = "Activity today" if days <= 0 else f"Nothing for {_days(days)}"
    return UrgencyPart("Idle", detail, tenths(interpolate(IDLE_CURVE, days)))


def urgency(
    *,
    priority: Priority,
    status: CaseStatus,
    next_due: date | None,
    last_activity: date | None,
    today: date,
) -> Urgency:
    """Score a case: priority + next deadline + time idle + status.

    With no ``next_due`` the due part is 0; with no ``last_activity`` the idle
    part is 0. Each part is rounded to one decimal (:func:`tenths`) and the
    score is their sum, so what the rep reads adds up; the store's SQL rounds
    the same parts the same way, so the list shows this very score.
    """
    parts = (
        UrgencyPart("Priority", f"Priority {_lower_first(priority.label)}", PRIORITY_POINTS[priority]),
        _due_part(next_due, today),
        _idle_part(last_activity, today),
        UrgencyPart("Status", f"Status {_lower_first(status.label)}", STATUS_POINTS[status]),
    )
    return Urgency(score=round(sum(part.points for part in parts), 1), parts=parts)
