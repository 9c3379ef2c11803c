"""The filter languages read any paste in time linear in its length, and refuse what they cannot search for.

Issue 11, items 2 and 9: a pasted megabyte answers at once (``shlex`` took
30 s), a filter too long or holding a broken character is said so under the
bar, and filters read the words the lists show.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repdesk.domain.dates import parse_date
from repdesk.domain.enums import (
    CaseCategory,
    CaseStatus,
    LabelledEnum,
    Priority,
    ThreatAudience,
    ThreatChannel,
    ThreatKind,
    ThreatStatus,
)
from repdesk.domain.errors import DateInputError
from repdesk.domain.filters import (
    MAX_FILTER_CHARS,
    CaseFilter,
    Parsed,
    ThreatFilter,
    parse_case_filter,
    parse_threat_filter,
    shown,
    terms,
)
from repdesk.domain.member_filter import MemberFilter, parse_member_filter

PARSERS: list[Callable[[str], Parsed[Any]]] = [parse_case_filter, parse_threat_filter, parse_member_filter]
EMPTY = {
    parse_case_filter: CaseFilter(),
    parse_threat_filter: ThreatFilter(),
    parse_member_filter: MemberFilter(),
}


def _timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


@pytest.mark.parametrize("paste", ["a" * 1_000_000, "a " * 500_000, "x'" * 500_000, 'k:"' * 300_000])
def test_reading_a_pasted_megabyte_takes_well_under_a_second(paste: str) -> None:
    # shlex rebuilt each token a character at a time: 'a' * 200_000 took 1.2 s, 1 MB about 30 s.
    assert _timed(lambda: terms(paste, ("kind",))) < 1.0


@pytest.mark.parametrize("parse", PARSERS, ids=lambda p: p.__name__)
def test_a_filter_too_long_is_ignored_and_said_so(parse: Callable[[str], Parsed[Any]]) -> None:
    pasted = "status:open " + "a" * 1_000_000
    assert _timed(lambda: parse(pasted)) < 1.0
    parsed = parse(pasted)
    assert parsed.filter == EMPTY[parse]
    assert parsed.problems == (
        "The filter is too long (1,000,012 characters); it is ignored: keep it under 1,000.",
    )
    # Up to the limit it is read as usual.
    assert parse("b" * MAX_FILTER_CHARS).filter.text == "b" * MAX_FILTER_CHARS


@pytest.mark.parametrize("parse", PARSERS, ids=lambda p: p.__name__)
@pytest.mark.parametrize(
    ("bad", "what"), [("\ud800", "a broken character"), ("\x00", "an empty (NUL) character")]
)
def test_what_cannot_be_searched_for_is_left_out_and_said_so(
    parse: Callable[[str], Parsed[Any]], bad: str, what: str
) -> None:
    parsed = parse(f"smi{bad}th")
    assert parsed.filter.text == "smith"
    assert parsed.problems == (f"The filter contains {what}, which is left out.",)


def test_a_huge_number_in_a_term_or_a_date_is_a_problem_not_a_crash() -> None:
    digits = "9" * 900  # a date past 9999, or a number past SQLite's
    assert parse_case_filter(f"due:<{digits}d").problems == (
        f"due:<{digits}d is not understood; try due:<7d or due:<2w.",
    )
    with pytest.raises(DateInputError, match="reaches past the calendar"):
        parse_date(f"+{'9' * 5_000}d")  # int() refuses 4,300 digits or more with a ValueError
    [problem] = parse_threat_filter(f"from:+{digits}d").problems
    assert "reaches past the calendar" in problem


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec=None), max_size=80))
def test_any_text_parses_to_a_filter_with_nothing_unsearchable(typed: str) -> None:
    for parse in PARSERS:
        parsed = parse(typed)
        for value in vars(parsed.filter).values():
            if isinstance(value, str):
                assert "\x00" not in value
                value.encode("utf-8")  # no lone surrogate reaches the store
        for problem in parsed.problems:
            problem.encode("utf-8")  # nor the bar


# --- item 9: the words the lists show ------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "wanted"),
    [
        ("kind:discipline", {ThreatKind.DISCIPLINARY}),
        ('kind:"no flexi"', {ThreatKind.FLEXIBLE_WORKING_WITHDRAWAL}),
        ('kind:"no flexi",pay', {ThreatKind.FLEXIBLE_WORKING_WITHDRAWAL, ThreatKind.PAY_DEDUCTION}),
        ("kind:pay_deduction", {ThreatKind.PAY_DEDUCTION}),  # the stored value still reads
        ('kind:"Disciplinary action"', {ThreatKind.DISCIPLINARY}),  # and the label
        ("kind:no-flexi", {ThreatKind.FLEXIBLE_WORKING_WITHDRAWAL}),
        ("kind:vet", {ThreatKind.VETTING_PROMOTION}),
    ],
)
def test_threat_kinds_read_the_words_the_list_shows(typed: str, wanted: set[ThreatKind]) -> None:
    parsed = parse_threat_filter(typed)
    assert parsed.problems == ()
    assert parsed.filter.kinds == wanted


def test_channel_audience_and_case_status_read_their_list_words() -> None:
    parsed = parse_threat_filter("channel:person audience:dept,all")
    assert parsed.filter.channels == {ThreatChannel.IN_PERSON}
    assert parsed.filter.audiences == {ThreatAudience.DEPARTMENT, ThreatAudience.ALL_STAFF}
    parsed_case = parse_case_filter('status:"wait emp.","wait mem"')
    assert parsed_case.problems == ()
    assert parsed_case.filter.statuses == {CaseStatus.WAITING_EMPLOYER, CaseStatus.WAITING_MEMBER}


def test_an_unknown_value_lists_the_words_the_list_shows() -> None:
    assert parse_threat_filter("kind:sacking").problems == (
        'kind:sacking is not one of pay, discipline, capability, "no flexi", vetting, detriment.',
    )
    assert parse_case_filter("status:pending").problems == (
        'status:pending is not one of new, open, "wait emp.", "wait mem.", escalated, closed.',
    )
    assert parse_threat_filter("kind:d").problems == (
        "kind:d could be discipline or detriment; type more of it.",
    )


LISTED: list[tuple[type[LabelledEnum], Callable[[str], Parsed[Any]], str, str]] = [
    (ThreatKind, parse_threat_filter, "kind", "kinds"),
    (ThreatChannel, parse_threat_filter, "channel", "channels"),
    (ThreatAudience, parse_threat_filter, "audience", "audiences"),
    (ThreatStatus, parse_threat_filter, "status", "statuses"),
    (CaseStatus, parse_case_filter, "status", "statuses"),
    (Priority, parse_case_filter, "priority", "priorities"),
    (CaseCategory, parse_case_filter, "cat", "categories"),
]


@pytest.mark.parametrize(
    ("enum", "parse", "key", "attribute"), LISTED, ids=[f"{e[2]}-{e[0].__name__}" for e in LISTED]
)
def test_every_word_a_list_shows_reads_back_as_its_value(
    enum: type[LabelledEnum], parse: Callable[[str], Parsed[Any]], key: str, attribute: str
) -> None:
    for member in enum:
        parsed = parse(f"{key}:{shown(member)}")
        assert parsed.problems == (), member
        assert getattr(parsed.filter, attribute) == {member}


@pytest.mark.parametrize(
    ("typed", "wanted"), [("exempt:yes", True), ("exempt:no", False), ("exempt:N", False)]
)
def test_exempt_reads_yes_and_no(typed: str, wanted: bool) -> None:
    parsed = parse_member_filter(typed)
    assert parsed.problems == ()
    assert parsed.filter.exempt is wanted


def test_exempt_nonsense_says_both_answers() -> None:
    parsed = parse_member_filter("exempt:maybe")
    assert parsed.filter.exempt is None
    assert parsed.problems == ("exempt:maybe is not understood; try exempt:yes or exempt:no.",)


def test_a_name_with_an_apostrophe_is_one_free_word() -> None:
    # shlex read the apostrophe as an open quote and gave up on the whole filter.
    parsed = parse_threat_filter("O'Neill kind:pay")
    assert parsed.filter.text == "O'Neill"
    assert parsed.filter.kinds == {ThreatKind.PAY_DEDUCTION}
