"""Tests for the readable urgency score."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from repdesk.domain.enums import CaseStatus, Priority
from repdesk.domain.urgency import (
    DUE_CURVE,
    IDLE_CURVE,
    PRIORITY_POINTS,
    STATUS_POINTS,
    Urgency,
    interpolate,
    urgency,
)
from tests.helpers import TODAY

optional_dates = st.one_of(st.none(), st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)))
active_statuses = st.sampled_from([s for s in CaseStatus if s.is_active])


def score(
    *,
    priority: Priority = Priority.NORMAL,
    status: CaseStatus = CaseStatus.OPEN,
    next_due: date | None = None,
    last_activity: date | None = None,
) -> Urgency:
    return urgency(
        priority=priority,
        status=status,
        next_due=next_due,
        last_activity=last_activity,
        today=TODAY,
    )


def test_every_enum_member_has_points() -> None:
    assert set(PRIORITY_POINTS) == set(Priority)
    assert set(STATUS_POINTS) == set(CaseStatus)


@pytest.mark.parametrize("curve", [DUE_CURVE, IDLE_CURVE])
def test_curves_are_strictly_increasing_in_x(curve: tuple[tuple[int, float], ...]) -> None:
    xs = [x for x, _ in curve]
    assert xs == sorted(set(xs))


def test_interpolate_between_points_and_clamped_beyond() -> None:
    curve = ((0, 0.0), (10, 5.0), (20, 1.0))
    assert interpolate(curve, -100) == 0.0
    assert interpolate(curve, 0) == 0.0
    assert interpolate(curve, 5) == 2.5
    assert interpolate(curve, 10) == 5.0
    assert interpolate(curve, 15) == 3.0
    assert interpolate(curve, 20) == 1.0
    assert interpolate(curve, 1000) == 1.0
    assert interpolate(DUE_CURVE, -30) == 12.0
    assert interpolate(DUE_CURVE, 365) == 0.0
    assert interpolate(IDLE_CURVE, 1000) == 5.0
    assert interpolate(((3, 7.0),), 0) == 7.0
    with pytest.raises(ValueError):
        interpolate((), 0)


@given(st.floats(min_value=-1000, max_value=1000), st.floats(min_value=-1000, max_value=1000))
def test_due_curve_never_rises_as_the_deadline_recedes(a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert interpolate(DUE_CURVE, low) >= interpolate(DUE_CURVE, high)
    assert interpolate(IDLE_CURVE, low) <= interpolate(IDLE_CURVE, high)


@given(active_statuses, optional_dates, optional_dates)
def test_urgent_beats_low_all_else_equal(
    status: CaseStatus, next_due: date | None, last_activity: date | None
) -> None:
    ranked = [
        score(priority=p, status=status, next_due=next_due, last_activity=last_activity).score
        for p in (Priority.URGENT, Priority.HIGH, Priority.NORMAL, Priority.LOW)
    ]
    assert ranked == sorted(ranked, reverse=True)
    assert ranked[0] > ranked[-1]


@given(st.sampled_from(list(Priority)), active_statuses, optional_dates)
def test_overdue_beats_due_in_30_days(
    priority: Priority, status: CaseStatus, last_activity: date | None
) -> None:
    overdue = score(
        priority=priority,
        status=status,
        next_due=TODAY - timedelta(days=1),
        last_activity=last_activity,
    )
    later = score(
        priority=priority,
        status=status,
        next_due=TODAY + timedelta(days=30),
        last_activity=last_activity,
    )
    assert overdue.score > later.score


@given(
    st.sampled_from(list(Priority)),
    active_statuses,
    optional_dates,
    optional_dates,
    st.sampled_from(list(Priority)),
    optional_dates,
    optional_dates,
)
def test_closed_sorts_below_every_active_case(
    priority: Priority,
    status: CaseStatus,
    next_due: date | None,
    last_activity: date | None,
    closed_priority: Priority,
    closed_due: date | None,
    closed_activity: date | None,
) -> None:
    active = score(priority=priority, status=status, next_due=next_due, last_activity=last_activity)
    same_but_closed = score(
        priority=priority, status=CaseStatus.CLOSED, next_due=next_due, last_activity=last_activity
    )
    any_closed = score(
        priority=closed_priority,
        status=CaseStatus.CLOSED,
        next_due=closed_due,
        last_activity=closed_activity,
    )
    assert same_but_closed.score < active.score
    assert any_closed.score < active.score


def test_waiting_on_employer_is_below_open() -> None:
    assert STATUS_POINTS[CaseStatus.WAITING_EMPLOYER] < STATUS_POINTS[CaseStatus.OPEN]
    assert STATUS_POINTS[CaseStatus.NEW] > STATUS_POINTS[CaseStatus.OPEN]


@pytest.mark.parametrize(
    ("given", "lines", "total"),
    [
        pytest.param(
            {
                "priority": Priority.URGENT,
                "status": CaseStatus.OPEN,
                "next_due": date(2026, 11, 25),
                "last_activity": date(2026, 11, 1),
            },
            [
                "Priority urgent: +6.0",
                "Next due in 3 days (Wed 25 Nov 2026): +7.9",
                "Nothing for 21 days: +2.9",
                "Status open: +1.0",
            ],
            17.8,
            id="every part",
        ),
        pytest.param(
            {"priority": Priority.LOW, "status": CaseStatus.OPEN},
            ["Priority low: +0.0", "No due date: +0.0", "No activity recorded: +0.0", "Status open: +1.0"],
            1.0,
            id="missing dates add nothing",
        ),
    ],
)
def test_explain_lines(given: dict[str, Any], lines: list[str], total: float) -> None:
    result = score(**given)
    assert result.explain() == lines
    assert result.score == total
    assert [part.label for part in result.parts] == ["Priority", "Due", "Idle", "Status"]


def test_explain_other_wordings() -> None:
    overdue = score(next_due=TODAY - timedelta(days=3), last_activity=TODAY)
    assert overdue.explain()[1] == "Overdue by 3 days (Thu 19 Nov 2026): +10.9"
    assert overdue.explain()[2] == "Activity today: +0.0"
    assert score(next_due=TODAY).explain()[1] == "Due today (Sun 22 Nov 2026): +10.0"
    assert score(next_due=TODAY + timedelta(days=1)).explain()[1].startswith("Next due tomorrow")
    closed = score(status=CaseStatus.CLOSED)
    assert closed.explain()[3] == "Status closed: -30.0"
    escalated = score(status=CaseStatus.ESCALATED)
    assert escalated.explain()[3] == "Status escalated (FTO / legal): +0.0"


@given(
    st.sampled_from(list(Priority)),
    st.sampled_from(list(CaseStatus)),
    optional_dates,
    optional_dates,
)
def test_score_is_the_sum_of_its_parts(
    priority: Priority, status: CaseStatus, next_due: date | None, last_activity: date | None
) -> None:
    result = score(priority=priority, status=status, next_due=next_due, last_activity=last_activity)
    assert result.score == round(sum(part.points for part in result.parts), 1)
    assert all(part.points == round(part.points, 1) for part in result.parts)
