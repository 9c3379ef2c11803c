"""Display words and styles that more than one area shows: case priority and status, relative dates.

An area keeps its own vocabulary (a threat's status, an offer's side) in its
own folder; what two areas both show lives here, so neither imports the other.
"""

from __future__ import annotations

from datetime import date

from repdesk.domain import clock
from repdesk.domain.dates import format_date, relative_days
from repdesk.domain.enums import CaseStatus, Priority

PRIORITY_STYLE = {
    Priority.URGENT: "bold red",
    Priority.HIGH: "yellow",
    Priority.NORMAL: "",
    Priority.LOW: "dim",
}

CASE_STATUS_SHORT = {
    CaseStatus.NEW: "new",
    CaseStatus.OPEN: "open",
    CaseStatus.WAITING_EMPLOYER: "wait emp.",
    CaseStatus.WAITING_MEMBER: "wait mem.",
    CaseStatus.ESCALATED: "escalated",
    CaseStatus.CLOSED: "closed",
}


def when(d: date | None, *, today: date | None = None) -> str:
    """``19 Nov 2026 (3 days ago)``; empty for no date."""
    if d is None:
        return ""
    return f"{format_date(d)} ({relative_days(d, today=today or clock.today())})"
