"""The urgency score in SQL: the domain's curves evaluated by SQLite, and the stored score column.

:mod:`repdesk.domain.urgency` defines the score; this module is its SQL
twin, so the Cases list can filter, sort and page by it in the query.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col, select

from repdesk.domain import clock
from repdesk.domain.urgency import (
    DUE_CURVE,
    IDLE_CURVE,
    NO_DUE_POINTS,
    NO_IDLE_POINTS,
    PRIORITY_POINTS,
    STATUS_POINTS,
    Urgency,
    urgency,
)
from repdesk.store.models import Case, UrgencyDay

JULIAN_OFFSET = 1_721_424.5  # date.toordinal() + this = SQLite's julianday() at midnight


# --- the urgency score, evaluated by SQLite from the domain's own curves ------


def _sql_curve(curve: Sequence[tuple[int, float]], x: sa.ColumnElement[float]) -> sa.ColumnElement[float]:
    """The SQL twin of :func:`repdesk.domain.urgency.interpolate` (clamped, piecewise linear)."""
    whens: list[tuple[sa.ColumnElement[bool], sa.ColumnElement[float]]] = [
        (x <= curve[0][0], sa.literal(float(curve[0][1])))
    ]
    for (x0, y0), (x1, y1) in itertools.pairwise(curve):
        slope = (y1 - y0) / (x1 - x0)
        whens.append((x <= x1, sa.literal(float(y0)) + (x - x0) * slope))
    return sa.case(*whens, else_=sa.literal(float(curve[-1][1])))


def next_due_expr() -> sa.ColumnElement[date]:
    """The earlier of a case's next open deadline and its next-action date."""
    due = col(Case.next_due_on)
    action = col(Case.next_action_due)
    return sa.case(
        (due.is_(None), action),
        (action.is_(None), due),
        else_=sa.func.min(due, action),
    )


def urgency_expr(today: date) -> sa.ColumnElement[float]:
    """The urgency score as an SQL expression over one case row.

    Like :func:`repdesk.domain.urgency.urgency`, each curve's part is rounded to
    one decimal before the parts are added, and SQLite's ``round`` takes a half
    up as :func:`~repdesk.domain.urgency.tenths` does: the list (this score,
    stored) and the detail pane (the domain's) show one number.
    """
    # Today's Julian day as a number: SQLite would otherwise recompute it per row.
    day = sa.literal(today.toordinal() + JULIAN_OFFSET)
    due = next_due_expr()
    due_points = sa.case(
        (due.is_(None), sa.literal(NO_DUE_POINTS)),
        else_=sa.func.round(_sql_curve(DUE_CURVE, sa.func.julianday(due) - day), 1),
    )
    idle_points = sa.case(
        (col(Case.last_activity_on).is_(None), sa.literal(NO_IDLE_POINTS)),
        else_=sa.func.round(_sql_curve(IDLE_CURVE, day - sa.func.julianday(col(Case.last_activity_on))), 1),
    )
    priority_points = sa.case(
        *((col(Case.priority) == key, sa.literal(value)) for key, value in PRIORITY_POINTS.items()),
        else_=sa.literal(0.0),
    )
    status_points = sa.case(
        *((col(Case.status) == key, sa.literal(value)) for key, value in STATUS_POINTS.items()),
        else_=sa.literal(0.0),
    )
    # Added in the domain's order, then rounded as the domain rounds the sum.
    return sa.func.round(priority_points + due_points + idle_points + status_points, 1)


# --- the stored score ------------------------------------------------------------
#
# Each case keeps its score in ``urgency`` (migration 0003) so the list reads a
# page off an index. A trigger blanks the score when an input changes; the
# session rescores blank rows after every flush; the first list of a new day
# rescores every row. ``scores_current`` says whether the column can be trusted
# for today; when it cannot, the list falls back to scoring in the query.


def _rescore(session: OrmSession, today: date, *, every_row: bool) -> int:
    score = urgency_expr(today)
    statement = sa.update(Case).values(urgency=score)
    if every_row:
        # Rows whose score has not moved keep their index entry (most closed cases, whose
        # idle points have reached the cap): the daily rescore then rewrites only what changed.
        statement = statement.where(col(Case.urgency).is_distinct_from(score))
    else:
        statement = statement.where(col(Case.urgency).is_(None))
    result = session.connection().execute(statement.execution_options(synchronize_session=False))
    return int(getattr(result, "rowcount", 0) or 0)


def scores_current(session: Session, today: date | None = None) -> bool:
    """True when every stored score is for ``today`` (so the list may sort on the column)."""
    today = today or clock.today()
    day = session.get(UrgencyDay, 1)
    if day is None or day.scored_on != today:
        return False
    return session.exec(select(Case.id).where(col(Case.urgency).is_(None)).limit(1)).first() is None


def refresh_scores(session: Session, today: date | None = None) -> int:
    """Score every case for ``today`` if the stored scores are older; return how many were scored."""
    today = today or clock.today()
    day = session.get(UrgencyDay, 1)
    if day is not None and day.scored_on == today:
        return _rescore(session, today, every_row=False)
    count = _rescore(session, today, every_row=True)
    session.connection().execute(
        sa.text("INSERT OR REPLACE INTO urgency_day (id, scored_on) VALUES (1, :day)"),
        {"day": today.isoformat()},
    )
    return count


def _score_blanks(session: OrmSession, _context: object) -> None:
    _rescore(session, clock.today(), every_row=False)


def install(session_class: type[OrmSession]) -> None:
    """Make every flush rescore the cases whose inputs it changed."""
    event.listen(session_class, "after_flush_postexec", _score_blanks)


def next_due(case: Case) -> date | None:
    """The earlier of the next open deadline and the next-action date (what urgency reads)."""
    dates = [d for d in (case.next_due_on, case.next_action_due) if d is not None]
    return min(dates) if dates else None


def case_urgency(case: Case, today: date | None = None) -> Urgency:
    """The urgency score with its parts, for the detail pane."""
    return urgency(
        priority=case.priority,
        status=case.status,
        next_due=next_due(case),
        last_activity=case.last_activity_on,
        today=today or clock.today(),
    )
