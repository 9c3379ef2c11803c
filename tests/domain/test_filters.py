"""The filter bar's language: terms, free text and the problems it reports."""

from __future__ import annotations

from datetime import date

import pytest

from repdesk.domain.enums import CaseCategory, CaseStatus, Priority, ThreatChannel, ThreatKind, ThreatStatus
from repdesk.domain.filters import parse_case_filter, parse_threat_filter, settled
from tests.helpers import TODAY


def test_case_terms_and_free_text() -> None:
    parsed = parse_case_filter(
        "status:open,new priority:urg cat:disc member:smith tag:#Pay due:<2w docked pay"
    )
    f = parsed.filter
    assert parsed.problems == ()
    assert f.statuses == {CaseStatus.OPEN, CaseStatus.NEW}
    assert f.priorities == {Priority.URGENT}
    assert f.categories == {CaseCategory.DISCIPLINARY}
    assert (f.member, f.tags, f.due_within_days, f.text) == ("smith", frozenset({"pay"}), 14, "docked pay")
    assert not f.include_closed


def test_closed_and_sort() -> None:
    assert parse_case_filter("closed:yes").filter.include_closed
    assert parse_case_filter("status:closed").filter.include_closed
    assert parse_case_filter("sort:due").filter.sort == "due"


def test_bad_terms_are_reported_not_fatal() -> None:
    parsed = parse_case_filter('status:bogus due:soon sort:size unknown:term "half')
    assert len(parsed.problems) == 3
    assert "status:bogus is not one of" in parsed.problems[0]
    assert "due:soon" in parsed.problems[1]
    assert parsed.filter.statuses == frozenset()
    assert "unknown:term" in parsed.filter.text  # an unknown key is just words


def test_half_typed_terms_are_ignored() -> None:
    assert parse_case_filter("status:").filter == parse_case_filter("").filter


def test_threat_terms_with_lenient_dates() -> None:
    parsed = parse_threat_filter(
        "kind:pay channel:email status:logged by:jones action:yes from:1/12/24 to:today words", today=TODAY
    )
    f = parsed.filter
    assert parsed.problems == ()
    assert f.kinds == {ThreatKind.PAY_DEDUCTION}
    assert f.channels == {ThreatChannel.EMAIL}
    assert f.statuses == {ThreatStatus.LOGGED}
    assert (f.made_by, f.related_to_action, f.text) == ("jones", True, "words")
    assert (f.date_from, f.date_to) == (date(2024, 12, 1), TODAY)


def test_threat_bad_date_is_a_problem() -> None:
    parsed = parse_threat_filter("from:31/2/25", today=TODAY)
    assert parsed.filter.date_from is None
    assert "February 2025 has only 28 days" in parsed.problems[0]


@pytest.mark.parametrize(
    ("typed", "searched"),
    [
        ("s", ""),  # still typing "status"
        ("st", ""),
        ("sta", "sta"),
        ("hr", ""),
        ("hr ", "hr "),  # a space says the word is whole
        ("pay hr", "pay "),
        ("hr pay", "hr pay"),
        ("status:o", "status:o"),  # terms count as soon as they are typed
        ("cat:pay st", "cat:pay "),
        ("", ""),
        ("   ", "   "),
    ],
)
def test_a_short_last_word_waits_until_it_is_finished(typed: str, searched: str) -> None:
    assert settled(typed) == searched
