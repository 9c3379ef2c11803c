"""Lenient UK date and time entry, and the one way repdesk shows dates.

Reps type dates the way they write them on paper: day first (``6/1/25``),
with month names (``6 Jan``), or relative to today (``+5d``, ``fri``). The
parser accepts all of these and, when it cannot, says in one sentence what it
understood and what to type instead. Display never depends on the locale, so
screens, exports and snapshot tests read the same on every machine.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from functools import wraps
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from repdesk.domain import clock
from repdesk.domain.errors import DateInputError
from repdesk.domain.unreadable import UNREADABLE, is_unreadable

__all__ = [
    "MONTH_NAMES",
    "add_months",
    "describe_date",
    "format_date",
    "format_date_weekday",
    "format_datetime",
    "format_time",
    "parse_date",
    "parse_time",
    "relative_days",
]

# Fixed English names: strftime's %a/%b follow the process locale.
_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES: tuple[str, ...] = (  # the one list of month names: rules and the demo use it too
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WEEKDAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_MONTHS: dict[str, int] = {}
for _number, _name in enumerate(MONTH_NAMES, start=1):
    _MONTHS[_name.lower()] = _number
    _MONTHS[_name[:3].lower()] = _number
_MONTHS["sept"] = 9

_WEEKDAYS: dict[str, int] = {}
for _number, _name in enumerate(_WEEKDAY_NAMES):
    _WEEKDAYS[_name.lower()] = _number
    _WEEKDAYS[_name[:3].lower()] = _number
# Common longer abbreviations people type in notes.
_WEEKDAYS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})

_EXAMPLES = "6/1/25, 2025-01-06, today, +5d or fri"

_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d+))?")
_DAY_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[\s/.-]*(?:of\s+)?([a-z]+)\.?(?:[\s,/.-]+(\d+))?")
_MONTH_DAY = re.compile(r"([a-z]+)\.?[\s/.-]*(\d{1,2})(?:st|nd|rd|th)?(?:[\s,/.-]+(\d{4}))?")
_OFFSET = re.compile(r"([+-])\s*(\d+)\s*([a-z]*)")
_WEEKDAY = re.compile(r"(?:(next|last|this)\s+)?([a-z]+)")
_LEADING_WEEKDAY = re.compile(r"([a-z]+)\.?,?\s+(?=\d)")

_OFFSET_UNITS = {
    "d": "d",
    "day": "d",
    "days": "d",
    "w": "w",
    "wk": "w",
    "wks": "w",
    "week": "w",
    "weeks": "w",
    "m": "m",
    "mo": "m",
    "mon": "m",
    "month": "m",
    "months": "m",
    "y": "y",
    "yr": "y",
    "yrs": "y",
    "year": "y",
    "years": "y",
}


def add_months(d: date, n: int) -> date:
    """Return the same day ``n`` calendar months later (earlier if negative).

    Where that month is too short (31 Jan + 1 month), the result is clamped to
    the month's last day, which is how UK time limits and notice periods read
    "one month after".
    """
    index = d.year * 12 + (d.month - 1) + n
    year, month0 = divmod(index, 12)
    if not 1 <= year <= 9999:
        raise DateInputError(
            f"{format_date(d)} moved by {n} months falls outside the calendar repdesk can show."
        )
    month = month0 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(d.day, last))


def _month_year(month: int, year: int) -> str:
    return f"{MONTH_NAMES[month - 1]} {year}"


def _expand_year(text: str, original: str) -> int:
    """Turn a typed year into a full one; two digits mean 20YY."""
    if len(text) == 2:
        return 2000 + int(text)
    if len(text) == 4:
        year = int(text)
        if year == 0:
            raise DateInputError(f"{original}: there is no year 0; type a year such as 2025 or 25.")
        return year
    raise DateInputError(f"{original}: the year '{text}' should have 2 or 4 digits, e.g. 25 or 2025.")


def _month_first_hint(day: int, month: int, year: int, year_text: str, original: str) -> None:
    """Explain day-first reading when the rep evidently typed month/day/year."""
    if not (month > 12 and 1 <= day <= 12):
        return
    try:
        meant = date(year, day, month)
    except ValueError:
        return
    swapped = f"{month}/{day}" + (f"/{year_text}" if year_text else "")
    raise DateInputError(
        f"{original} looks month-first, but repdesk reads dates day first "
        f"(day/month/year) and there is no month {month}: for "
        f"{meant.day} {MONTH_NAMES[meant.month - 1]} {meant.year} type {swapped}."
    )


def _build(day: int, month: int, year: int, original: str, *, numeric: bool = False) -> date:
    """Make a date, explaining exactly which part is impossible."""
    if month < 1 or month > 12:
        if numeric:
            raise DateInputError(
                f"{original}: repdesk reads dates day first (day/month/year), so the "
                f"second number, {month}, is the month, and months run 1 to 12."
            )
        raise DateInputError(f"{original}: there is no month {month}; months run 1 to 12.")
    last = calendar.monthrange(year, month)[1]
    if day < 1:
        raise DateInputError(f"{original}: there is no day {day}; days start at 1.")
    if day > last:
        raise DateInputError(f"{original}: {_month_year(month, year)} has only {last} days.")
    return date(year, month, day)


def _too_far(original: str) -> DateInputError:
    return DateInputError(f"{original} reaches past the calendar repdesk can show; try a smaller offset.")


def _shift(base: date, sign: int, amount: int, unit: str, original: str) -> date:
    try:
        if unit == "d":
            return base + timedelta(days=sign * amount)
        if unit == "w":
            return base + timedelta(weeks=sign * amount)
        if unit == "m":
            return add_months(base, sign * amount)
        return add_months(base, sign * amount * 12)
    except (OverflowError, DateInputError):
        raise _too_far(original) from None


def _parse_offset(text: str, original: str, today: date) -> date | None:
    match = _OFFSET.fullmatch(text)
    if not match:
        return None
    sign = 1 if match.group(1) == "+" else -1
    if len(match.group(2)) > 7:  # past the calendar in any unit; and int() refuses 4,300+ digits
        raise _too_far(original)
    amount = int(match.group(2))
    unit_text = match.group(3)
    if not unit_text:
        raise DateInputError(
            f"{original}: add a unit to the number, e.g. {match.group(1)}{amount}d for days, "
            f"w for weeks, m for months or y for years."
        )
    unit = _OFFSET_UNITS.get(unit_text)
    if unit is None:
        raise DateInputError(
            f"{original}: '{unit_text}' is not a unit repdesk knows; use d (days), "
            f"w (weeks), m (months) or y (years), e.g. +5d."
        )
    return _shift(today, sign, amount, unit, original)


def _parse_weekday(text: str, original: str, today: date) -> date | None:
    match = _WEEKDAY.fullmatch(text)
    if not match or match.group(2) not in _WEEKDAYS:
        return None
    target = _WEEKDAYS[match.group(2)]
    if match.group(1) == "last":
        back = (today.weekday() - target) % 7 or 7
        return today - timedelta(days=back)
    # "fri" on a Friday means next week's: a deadline typed as a weekday is
    # never meant to be today, which the rep would type as "today".
    ahead = (target - today.weekday()) % 7 or 7
    return today + timedelta(days=ahead)


def _month_number(name: str, original: str) -> int:
    number = _MONTHS.get(name)
    if name in {"st", "nd", "rd", "th"}:
        raise DateInputError(f"{original}: add the month, e.g. 6th Jan or 6/1.")
    if number is None:
        raise DateInputError(
            f"{original}: '{name}' is not a month name; try e.g. 6 Jan 2025 or 6 January 2025."
        )
    return number


def _parse_absolute(text: str, original: str, today: date) -> date | None:
    match = _ISO.fullmatch(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
        if year == 0:
            raise DateInputError(f"{original}: there is no year 0; type a year such as 2025.")
        if not 1 <= month <= 12:
            raise DateInputError(
                f"{original} reads as year-month-day, and there is no month {month}; "
                f"e.g. 2025-01-06 is 6 January 2025."
            )
        return _build(day, month, year, original)

    match = _NUMERIC.fullmatch(text)
    if match:
        day, month = int(match.group(1)), int(match.group(2))
        year = _expand_year(match.group(3), original) if match.group(3) else today.year
        _month_first_hint(day, month, year, match.group(3) or "", original)
        return _build(day, month, year, original, numeric=True)

    match = _DAY_MONTH.fullmatch(text)
    if match:
        month = _month_number(match.group(2), original)
        year = _expand_year(match.group(3), original) if match.group(3) else today.year
        return _build(int(match.group(1)), month, year, original)

    match = _MONTH_DAY.fullmatch(text)
    if match and match.group(1) in _MONTHS:
        month = _MONTHS[match.group(1)]
        year = int(match.group(3)) if match.group(3) else today.year
        return _build(int(match.group(2)), month, year, original)
    return None


def _strip_weekday(text: str) -> tuple[int | None, str]:
    """Split off a leading weekday ("fri 27 nov 2026"), as format_date_weekday writes."""
    match = _LEADING_WEEKDAY.match(text)
    if match and match.group(1) in _WEEKDAYS:
        return _WEEKDAYS[match.group(1)], text[match.end() :]
    return None, text


def parse_date(text: str, *, today: date | None = None) -> date:
    """Read a date as a UK rep types it.

    Accepts ISO (``2025-01-06``), day-first numbers (``6/1/25``,
    ``06-01-2025``, ``6.1.25``; no year means this year), day and month name
    (``6 Jan 2025``, ``6 january``), ``today``/``tomorrow``/``yesterday``,
    offsets (``+5d``, ``-3d``, ``+2w``, ``+1m``, ``+1y``), and weekdays
    (``fri``, ``next fri``: the next one strictly after today; ``last fri``:
    the latest strictly before). Two-digit years are 20YY.

    Raises :class:`DateInputError` with one sentence saying what was understood
    and what to type instead.
    """
    original = " ".join(text.split())
    if not original:
        raise DateInputError(f"Enter a date, e.g. {_EXAMPLES}.")
    base = clock.today() if today is None else today
    cleaned = original.lower()

    keywords = {
        "today": base,
        "now": base,
        "tomorrow": base + timedelta(days=1),
        "tmrw": base + timedelta(days=1),
        "yesterday": base - timedelta(days=1),
    }
    if cleaned in keywords:
        return keywords[cleaned]

    for reader in (_parse_offset, _parse_weekday):
        result = reader(cleaned, original, base)
        if result is not None:
            return result

    weekday, rest = _strip_weekday(cleaned)
    result = _parse_absolute(rest, original, base)
    if result is None:
        raise DateInputError(f"'{original}' is not a date: try {_EXAMPLES}.")
    if weekday is not None and result.weekday() != weekday:
        raise DateInputError(
            f"{original}: {format_date(result)} is a {_WEEKDAY_NAMES[result.weekday()]}, "
            f"not a {_WEEKDAY_NAMES[weekday]}; check the date."
        )
    return result


_TIME = re.compile(r"(\d{1,2})(?:[:.h](\d{2})|(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?")
_TIME_WORDS = {"noon": time(12, 0), "midday": time(12, 0), "midnight": time(0, 0)}


def parse_time(text: str) -> time | None:
    """Read a time of day: ``14:30``, ``1430``, ``2:30pm``, ``9am``, ``noon``.

    Empty text means "no time known" and gives ``None``; anything else that
    cannot be read raises :class:`DateInputError` with one sentence.
    """
    original = " ".join(text.split())
    if not original:
        return None
    cleaned = original.lower()
    if cleaned in _TIME_WORDS:
        return _TIME_WORDS[cleaned]
    match = _TIME.fullmatch(cleaned)
    if not match:
        raise DateInputError(f"'{original}' is not a time: try 14:30, 1430, 2:30pm, 9am or noon.")
    hour = int(match.group(1))
    minute = int(match.group(2) or match.group(3) or 0)
    meridiem = match.group(4)
    if minute > 59:
        raise DateInputError(f"{original}: there is no minute {minute}; minutes run 00 to 59.")
    if meridiem:
        if not 1 <= hour <= 12:
            raise DateInputError(f"{original}: with am or pm the hour runs 1 to 12; try e.g. 2pm or 14:00.")
        hour %= 12
        if meridiem.startswith("p"):
            hour += 12
    elif hour > 23:
        raise DateInputError(f"{original}: there is no hour {hour}; times run 00:00 to 23:59.")
    return time(hour, minute)


V = TypeVar("V", date, time, datetime)


def _shown(format_value: Callable[[V], str]) -> Callable[[V | None], str]:
    """A formatter that shows nothing for no value and "unreadable" for a value damaged in the file.

    Never a damaged value's text, never a made-up date.
    """

    @wraps(format_value)
    def show(value: V | None) -> str:
        if value is None:
            return ""
        if is_unreadable(value):
            return UNREADABLE
        return format_value(value)

    return show


@_shown
def format_date(d: date) -> str:
    """``6 Jan 2025`` (no leading zero), or ``""`` when there is no date."""
    # Padding only touches years before 1000; it keeps the text parseable.
    return f"{d.day} {_MONTH_ABBR[d.month - 1]} {d.year:04d}"


@_shown
def format_date_weekday(d: date) -> str:
    """``Fri 27 Nov 2026``, or ``""`` when there is no date."""
    return f"{_WEEKDAY_ABBR[d.weekday()]} {format_date(d)}"


@_shown
def format_time(t: time) -> str:
    """``14:30`` (24-hour), or ``""`` when there is no time."""
    return f"{t.hour:02d}:{t.minute:02d}"


def _london() -> ZoneInfo | None:
    try:
        return ZoneInfo("Europe/London")
    except ZoneInfoNotFoundError:
        # No tz database (e.g. Windows without tzdata): showing UTC beats crashing.
        return None


@_shown
def format_datetime(dt: datetime) -> str:
    """``6 Jan 2025 14:30`` in UK local time, or ``""`` when there is none.

    Aware datetimes (the app records moments in UTC) are shown in
    Europe/London time, so summer entries read as the rep lived them. Naive
    datetimes are shown as they are.
    """
    dt = _local(dt)
    return f"{format_date(dt.date())} {format_time(dt.time())}"


def format_datetime_iso(dt: datetime) -> str:
    """``2025-01-06 14:30`` in UK local time, as :func:`format_datetime`: for a spreadsheet's columns."""
    dt = _local(dt)
    return f"{dt.date().isoformat()} {format_time(dt.time())}"


def _local(dt: datetime) -> datetime:
    """An aware ``dt`` in Europe/London time; a naive one as it is."""
    if dt.tzinfo is not None:
        zone = _london()
        dt = dt.astimezone(zone if zone is not None else UTC)
    return dt


def describe_date(text: str, *, today: date | None = None) -> tuple[date | None, str]:
    """Say what a form understood as the rep types.

    Returns ``(date, "Fri 27 Nov 2026")`` when the text reads as a date,
    ``(None, error sentence)`` when it does not, and ``(None, "")`` for empty
    text so an untouched field stays quiet.
    """
    if not text.strip():
        return None, ""
    try:
        parsed = parse_date(text, today=today)
    except DateInputError as error:
        return None, error.message
    return parsed, format_date_weekday(parsed)


def relative_days(d: date, *, today: date) -> str:
    """``today``, ``tomorrow``, ``yesterday``, ``in 5 days`` or ``3 days ago``."""
    if is_unreadable(d):
        return "date unknown"
    delta = (d - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    if delta > 0:
        return f"in {delta} days"
    return f"{-delta} days ago"
