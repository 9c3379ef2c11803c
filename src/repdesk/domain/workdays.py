"""Working days: weekends and the bank holidays of the rep's nation.

Every working-day count in repdesk goes through here, with the holiday region
from the rep's profile, so England and Wales, Scotland and Northern Ireland
each get their own calendar.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from types import MappingProxyType

from repdesk.domain.enums import HolidayRegion

__all__ = [
    "add_working_days",
    "bank_holiday_name",
    "bank_holidays",
    "is_working_day",
    "working_days_after",
]


@functools.lru_cache(maxsize=128)
def bank_holidays(region: HolidayRegion, year: int) -> Mapping[date, str]:
    """The bank holidays of ``region`` in ``year``, date → name (read-only).

    Comes from the maintained ``holidays`` package (substitute days and
    one-off holidays included), because hand-kept tables go stale; cached per
    (region, year) since deadline counting asks for the same year many times.
    """
    import holidays  # ~30 ms to import: only when a date is first counted, not at start-up

    calendar = holidays.country_holidays("GB", subdiv=region.value, years=year)
    return MappingProxyType({day: str(name) for day, name in sorted(calendar.items())})


def bank_holiday_name(d: date, region: HolidayRegion = HolidayRegion.ENGLAND_WALES) -> str | None:
    """The name of the bank holiday on ``d`` in ``region``, or None if it is not one."""
    return bank_holidays(region, d.year).get(d)


def is_working_day(d: date, region: HolidayRegion = HolidayRegion.ENGLAND_WALES) -> bool:
    """True for Monday to Friday, except the bank holidays of ``region``."""
    return d.weekday() < 5 and bank_holiday_name(d, region) is None


def working_days_after(
    start: date, region: HolidayRegion, step: int = 1
) -> Iterator[tuple[date, str | None]]:
    """Walk day by day from ``start`` (not included), yielding each weekday with
    its bank-holiday name (None for a working day), so working can cite what
    it skipped. ``step`` is 1 to walk forwards, -1 backwards."""
    d = start
    while True:
        d += timedelta(days=step)
        if d.weekday() >= 5:
            continue
        yield d, bank_holiday_name(d, region)


def add_working_days(start: date, n: int, region: HolidayRegion = HolidayRegion.ENGLAND_WALES) -> date:
    """The ``n``-th working day after ``start`` (before it if ``n`` is negative).

    ``start`` itself is never counted, whether or not it is a working day, so
    ``add_working_days(friday, 1)`` is the following Monday (bank holidays
    aside). ``n == 0`` returns ``start`` unchanged.
    """
    if n == 0:
        return start
    counted = 0
    for d, holiday in working_days_after(start, region, 1 if n > 0 else -1):
        if holiday is None:
            counted += 1
            if counted == abs(n):
                return d
    raise AssertionError("unreachable: the walk is endless")  # pragma: no cover
