"""The dispute's dated story and the small helpers every part of the demo draws with.

``_Story`` holds the dispute's real dates, moved back by whole weeks when
``today`` is too early for them; the rest are date arithmetic and the
weighted and chunked draws from the one ``random.Random`` that ``fill`` seeds.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import TypeVar

from repdesk.domain import rules
from repdesk.domain.dates import MONTH_NAMES
from repdesk.domain.enums import HolidayRegion

T = TypeVar("T")


# The real story ends two weeks after the third talks session. If that is after
# ``today``, the whole story moves back so it still lies in the past.
_STORY_END = date(2025, 3, 19)


@dataclass(frozen=True)
class _Story:
    """The dispute's dates, real where they are in the past of ``today``."""

    today: date
    blended_agreement: date
    """The 2021 blended-working agreement: no adjustment or plan in the demo is agreed before it."""
    policy_notice: date
    """Three months' formal notice of the Hybrid Working Policy."""
    first_case: date
    """The earliest day a demo case is opened."""
    management_notice: date
    """Management's all-staff threat notice, after PCS served notice of action."""
    action_start: date
    """The first day of action short of strike."""
    sessions: tuple[date, date, date, date]
    """The three ACAS sessions and the date the last one set for the next."""

    @classmethod
    def for_today(cls, today: date) -> _Story:
        late = max(0, (_STORY_END - today).days)
        # Whole weeks, so Mondays stay Mondays.
        shift = timedelta(weeks=math.ceil(late / 7))

        def on(year: int, month: int, day: int) -> date:
            """A real date of the dispute, moved back if the story would end after today."""
            return date(year, month, day) - shift

        # A moved story may land on a bank holiday; ACAS would meet the next working day.
        # The story is set in London, so England and Wales's bank holidays count.
        london = HolidayRegion.ENGLAND_WALES
        talks = (on(2025, 1, 22), on(2025, 2, 12), on(2025, 3, 5), on(2025, 3, 26))
        first, second, third, after = (rules.add_working_days(_days(d, -1), 1, london) for d in talks)
        return cls(
            today=today,
            blended_agreement=on(2021, 6, 1),
            policy_notice=on(2024, 10, 1),
            first_case=on(2024, 10, 7),
            management_notice=on(2024, 12, 16),
            action_start=on(2025, 1, 6),
            sessions=(first, second, third, after),
        )


def _long_date(d: date) -> str:
    """``6 January 2025``, as a notice would write it."""
    return f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}"


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


E = TypeVar("E", bound=StrEnum)


def _weights(enum: type[E], spec: str) -> tuple[tuple[E, int], ...]:
    """A draw table of ``enum`` values in the order given: ``_weights(Priority, "urgent=8 high=22")``."""
    pairs = (item.split("=") for item in spec.split())
    return tuple((enum(value), int(weight)) for value, weight in pairs)


def _weighted(rng: random.Random, options: Sequence[tuple[T, int]]) -> T:
    return rng.choices([value for value, _ in options], [weight for _, weight in options])[0]


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
