"""Display words and styles that more than one area shows: case priority and status, relative dates.

An area keeps its own vocabulary (a threat's status, an offer's side) in its
own folder; what two areas both show lives here, so neither imports the other.
"""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from repdesk.domain import clock
from repdesk.domain.dates import format_date, relative_days
from repdesk.domain.enums import CaseStatus, LabelledEnum, Priority

E = TypeVar("E", bound=LabelledEnum)

PRIORITY_STYLE = {
    Priority.URGENT: "bold red",
    Priority.HIGH: "yellow",
    Priority.NORMAL: "",
    Priority.LOW: "dim",
}


def short_words(vocabulary: type[E]) -> dict[E, str]:
    """Each value's word for a narrow column (``LabelledEnum.short``: the filters read the same words)."""
    return {value: value.short for value in vocabulary}


CASE_STATUS_SHORT = short_words(CaseStatus)


def when(d: date | None, *, today: date | None = None) -> str:
    """``19 Nov 2026 (3 days ago)``; empty for no date."""
    if d is None:
        return ""
    return f"{format_date(d)} ({relative_days(d, today=today or clock.today())})"
