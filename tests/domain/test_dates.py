"""Tests for lenient UK date entry and display."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from repdesk.domain import clock
from repdesk.domain.dates import (
    add_months,
    describe_date,
    format_date,
    format_date_weekday,
    format_datetime,
    format_time,
    parse_date,
    parse_time,
    relative_days,
)
from repdesk.domain.errors import DateInputError, RepdeskError
from tests.helpers import TODAY


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-01-06", date(2025, 1, 6)),
        ("6/1/25", date(2025, 1, 6)),
        ("06/01/2025", date(2025, 1, 6)),
        ("06-01-2025", date(2025, 1, 6)),
        ("6.1.25", date(2025, 1, 6)),
        ("6/1", date(2026, 1, 6)),
        ("6 Jan 2025", date(2025, 1, 6)),
        ("6 January 2025", date(2025, 1, 6)),
        ("6 jan", date(2026, 1, 6)),
        ("6th of January 2025", date(2025, 1, 6)),
        ("Jan 6 2025", date(2025, 1, 6)),
        ("6 Sept 2025", date(2025, 9, 6)),
        ("Fri 27 Nov 2026", date(2026, 11, 27)),
        ("29/2/24", date(2024, 2, 29)),
        ("today", TODAY),
        ("tomorrow", date(2026, 11, 23)),
        ("yesterday", date(2026, 11, 21)),
        ("+5d", date(2026, 11, 27)),
        ("-3d", date(2026, 11, 19)),
        ("+2w", date(2026, 12, 6)),
        ("+1m", date(2026, 12, 22)),
        ("+1y", date(2027, 11, 22)),
        ("+ 3 days", date(2026, 11, 25)),
        ("fri", date(2026, 11, 27)),
        ("friday", date(2026, 11, 27)),
        ("next fri", date(2026, 11, 27)),
        ("last fri", date(2026, 11, 20)),
        ("mon", date(2026, 11, 23)),
        ("sun", date(2026, 11, 29)),
        ("last sun", date(2026, 11, 15)),
        ("thurs", date(2026, 11, 26)),
        ("  6   JAN   2025 ", date(2025, 1, 6)),
        ("TODAY", TODAY),
        ("Next Friday", date(2026, 11, 27)),
    ],
)
def test_parse_date_accepts_every_format(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY) == expected


def test_month_offset_clamps_to_month_end() -> None:
    assert parse_date("+1m", today=date(2025, 1, 31)) == date(2025, 2, 28)
    assert parse_date("+1y", today=date(2024, 2, 29)) == date(2025, 2, 28)
    assert parse_date("-1m", today=date(2025, 3, 31)) == date(2025, 2, 28)


def test_weekday_is_strictly_after_or_before_today() -> None:
    friday = date(2026, 11, 27)
    assert parse_date("fri", today=friday) == date(2026, 12, 4)
    assert parse_date("last fri", today=friday) == date(2026, 11, 20)


def test_today_defaults_to_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    assert parse_date("+5d") == date(2026, 11, 27)
    assert parse_date("6 jan") == date(2026, 1, 6)


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("31/2/25", ["31/2/25", "February 2025 has only 28 days"]),
        ("2025-02-30", ["February 2025 has only 28 days"]),
        ("29/2/25", ["February 2025 has only 28 days"]),
        ("32/1/25", ["January 2025 has only 31 days"]),
        ("13/13/2025", ["day first", "month", "13"]),
        ("1/13/25", ["month-first", "day first", "13/1/25"]),
        ("0/1/25", ["no day 0"]),
        ("2025-13-01", ["year-month-day", "no month 13"]),
        ("6/1/202", ["2 or 4 digits"]),
        ("6 foo 2025", ["'foo' is not a month name"]),
        ("+5", ["unit", "+5d"]),
        ("+5q", ["'q'", "d (days)"]),
        ("Sat 27 Nov 2026", ["Friday", "not a Saturday"]),
        ("soonish", ["'soonish' is not a date", "6/1/25", "+5d", "fri"]),
        ("+99999999999d", ["smaller offset"]),
    ],
)
def test_parse_date_explains_what_it_understood(text: str, fragments: list[str]) -> None:
    with pytest.raises(DateInputError) as caught:
        parse_date(text, today=TODAY)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message
    assert message.endswith(".")
    assert "\n" not in message


def test_month_first_is_explained_as_day_first_reading() -> None:
    with pytest.raises(DateInputError) as caught:
        parse_date("1/13/25", today=TODAY)
    assert str(caught.value) == (
        "1/13/25 looks month-first, but repdesk reads dates day first (day/month/year) "
        "and there is no month 13: for 13 January 2025 type 13/1/25."
    )


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_date_asks_for_one(text: str) -> None:
    with pytest.raises(DateInputError, match=r"^Enter a date, e\.g\. "):
        parse_date(text, today=TODAY)


def test_date_input_error_is_a_repdesk_error_and_value_error() -> None:
    with pytest.raises(RepdeskError):
        parse_date("nonsense", today=TODAY)
    with pytest.raises(ValueError):
        parse_date("nonsense", today=TODAY)


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_iso_and_day_first_round_trip(d: date) -> None:
    assert parse_date(d.isoformat(), today=TODAY) == d
    assert parse_date(f"{d.day}/{d.month}/{d.year:04d}", today=TODAY) == d
    assert parse_date(format_date(d), today=TODAY) == d
    assert parse_date(format_date_weekday(d), today=TODAY) == d


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_two_digit_years_are_this_century(d: date) -> None:
    assert parse_date(f"{d.day:02d}.{d.month:02d}.{d.year % 100:02d}", today=TODAY) == d


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),
        ("  ", None),
        ("14:30", time(14, 30)),
        ("1430", time(14, 30)),
        ("930", time(9, 30)),
        ("14.30", time(14, 30)),
        ("2:30pm", time(14, 30)),
        ("2:30 PM", time(14, 30)),
        ("9am", time(9, 0)),
        ("12am", time(0, 0)),
        ("12pm", time(12, 0)),
        ("noon", time(12, 0)),
        ("Midnight", time(0, 0)),
        ("9", time(9, 0)),
    ],
)
def test_parse_time(text: str, expected: time | None) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("25:00", "no hour 25"),
        ("14:75", "no minute 75"),
        ("13pm", "1 to 12"),
        ("lunch", "'lunch' is not a time"),
    ],
)
def test_parse_time_rejects_with_a_sentence(text: str, fragment: str) -> None:
    with pytest.raises(DateInputError, match=fragment):
        parse_time(text)


def test_formatting() -> None:
    assert format_date(date(2025, 1, 6)) == "6 Jan 2025"
    assert format_date(None) == ""
    assert format_date_weekday(date(2026, 11, 27)) == "Fri 27 Nov 2026"
    assert format_date_weekday(None) == ""
    assert format_time(time(9, 5)) == "09:05"
    assert format_time(None) == ""
    assert format_datetime(None) == ""
    assert format_datetime(datetime(2025, 1, 6, 14, 30)) == "6 Jan 2025 14:30"


def test_format_datetime_shows_uk_local_time() -> None:
    assert format_datetime(datetime(2025, 1, 6, 14, 30, tzinfo=UTC)) == "6 Jan 2025 14:30"
    # British Summer Time is UTC+1.
    assert format_datetime(datetime(2025, 7, 1, 13, 30, tzinfo=UTC)) == "1 Jul 2025 14:30"
    assert format_datetime(datetime(2025, 6, 30, 23, 30, tzinfo=UTC)) == "1 Jul 2025 00:30"


def test_describe_date() -> None:
    assert describe_date("+5d", today=TODAY) == (date(2026, 11, 27), "Fri 27 Nov 2026")
    assert describe_date("", today=TODAY) == (None, "")
    assert describe_date("  ", today=TODAY) == (None, "")
    parsed, message = describe_date("31/2/25", today=TODAY)
    assert parsed is None
    assert message == "31/2/25: February 2025 has only 28 days."


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (TODAY, "today"),
        (date(2026, 11, 23), "tomorrow"),
        (date(2026, 11, 21), "yesterday"),
        (date(2026, 11, 27), "in 5 days"),
        (date(2026, 11, 19), "3 days ago"),
    ],
)
def test_relative_days(d: date, expected: str) -> None:
    assert relative_days(d, today=TODAY) == expected


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 8, 31), 3, date(2025, 11, 30)),
        (date(2025, 1, 10), 3, date(2025, 4, 10)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2025, 11, 15), 2, date(2026, 1, 15)),
    ],
)
def test_add_months_clamps(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected
