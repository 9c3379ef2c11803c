"""Tests for the UK deadline rules and their working."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from repdesk.domain.enums import HolidayRegion
from repdesk.domain.errors import RepdeskError
from repdesk.domain.rules import (
    CHECK_WITH_FTO,
    RULES,
    Computation,
    RuleInputError,
    Settings,
    add_months,
    add_working_days,
    bank_holiday_name,
    bank_holidays,
    compute,
    get_rule,
    is_working_day,
    recompute,
    rule_for,
)

ENG_DEFAULT = HolidayRegion.ENGLAND_WALES


def tribunal_limit(
    act: date,
    *,
    acas_contacted: date | None = None,
    certificate: date | None = None,
    commencement: date | None = None,
) -> Computation:
    """Most claims' limit, as the desk and the command line ask for it."""
    values = {"act": act, "acas_contacted": acas_contacted, "certificate": certificate}
    return compute("tribunal", values, Settings(commencement=commencement))


def companion_postponement(
    proposed: date, region: HolidayRegion = HolidayRegion.ENGLAND_WALES
) -> Computation:
    """The companion rule for ``proposed`` in ``region``."""
    return compute("companion", {"proposed": proposed}, Settings(region=region))


ENG = HolidayRegion.ENGLAND_WALES
SCT = HolidayRegion.SCOTLAND
NIR = HolidayRegion.NORTHERN_IRELAND


# --------------------------------------------------------------------------- working days


def test_weekends_are_not_working_days() -> None:
    assert is_working_day(date(2025, 1, 6), ENG)  # Monday
    assert not is_working_day(date(2025, 1, 4), ENG)  # Saturday
    assert not is_working_day(date(2025, 1, 5), ENG)  # Sunday


def test_second_of_january_is_a_bank_holiday_only_in_scotland() -> None:
    assert is_working_day(date(2025, 1, 2), ENG)
    assert not is_working_day(date(2025, 1, 2), SCT)
    assert bank_holiday_name(date(2025, 1, 2), SCT) is not None
    assert bank_holiday_name(date(2025, 1, 2), ENG) is None


def test_christmas_and_new_year_england_and_wales_versus_scotland() -> None:
    # Wed 24 Dec 2025: Christmas and Boxing Day, then the weekend.
    assert add_working_days(date(2025, 12, 24), 1, ENG) == date(2025, 12, 29)
    assert add_working_days(date(2025, 12, 24), 1, SCT) == date(2025, 12, 29)
    # Wed 31 Dec 2025: 1 Jan is a holiday everywhere, 2 Jan only in Scotland.
    assert add_working_days(date(2025, 12, 31), 1, ENG) == date(2026, 1, 2)
    assert add_working_days(date(2025, 12, 31), 1, SCT) == date(2026, 1, 5)
    assert add_working_days(date(2025, 12, 22), 5, ENG) == date(2025, 12, 31)
    assert add_working_days(date(2025, 12, 22), 5, SCT) == date(2025, 12, 31)
    assert add_working_days(date(2025, 12, 29), 5, ENG) == date(2026, 1, 6)
    assert add_working_days(date(2025, 12, 29), 5, SCT) == date(2026, 1, 7)


def test_easter_2025_england_and_wales_versus_scotland() -> None:
    # Good Friday 18 Apr is a holiday in both; Easter Monday 21 Apr is not in Scotland.
    assert not is_working_day(date(2025, 4, 18), ENG)
    assert not is_working_day(date(2025, 4, 18), SCT)
    assert not is_working_day(date(2025, 4, 21), ENG)
    assert is_working_day(date(2025, 4, 21), SCT)
    assert add_working_days(date(2025, 4, 17), 1, ENG) == date(2025, 4, 22)
    assert add_working_days(date(2025, 4, 17), 1, SCT) == date(2025, 4, 21)


def test_northern_ireland_has_st_patricks_day() -> None:
    assert not is_working_day(date(2025, 3, 17), NIR)
    assert is_working_day(date(2025, 3, 17), ENG)


def test_add_working_days_backwards_and_zero() -> None:
    assert add_working_days(date(2025, 12, 29), -1, ENG) == date(2025, 12, 24)
    assert add_working_days(date(2025, 1, 4), 0, ENG) == date(2025, 1, 4)
    # The start is never counted, even when it is not a working day.
    assert add_working_days(date(2025, 1, 4), 1, ENG) == date(2025, 1, 6)


@given(
    st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(min_value=1, max_value=40),
    st.sampled_from(list(HolidayRegion)),
)
def test_add_working_days_lands_on_a_working_day(start: date, n: int, region: HolidayRegion) -> None:
    result = add_working_days(start, n, region)
    assert result > start
    assert is_working_day(result, region)
    assert add_working_days(result, -n, region) <= start


def test_holiday_calendar_is_cached_and_read_only() -> None:
    first = bank_holidays(ENG, 2025)
    assert first is bank_holidays(ENG, 2025)
    assert first[date(2025, 12, 25)] == "Christmas Day"
    with pytest.raises(TypeError):
        first[date(2025, 1, 2)] = "Not a holiday"  # type: ignore[index]


# --------------------------------------------------------------------------- rules as data


def test_registry_has_each_version_once() -> None:
    keys = [(rule.id, rule.version) for rule in RULES]
    assert len(keys) == len(set(keys))
    assert ("companion-postponement", 1) in keys
    assert ("tribunal-limit", 1) in keys
    assert ("tribunal-limit", 2) in keys


def test_tribunal_v2_is_marked_verify_with_its_commencement() -> None:
    v2 = get_rule("tribunal-limit", 2)
    assert v2.verify
    assert v2.params["months"] == 6
    # Pending: no start date of its own until the rep enters one.
    assert v2.pending
    assert v2.applies_from is None
    assert "commencement date" in v2.commencement_text
    assert get_rule("tribunal-limit", 1).params["months"] == 3
    assert not get_rule("tribunal-limit", 1).verify


def test_rule_params_are_frozen_and_rules_hashable() -> None:
    rule = get_rule("companion-postponement", 1)
    with pytest.raises(TypeError):
        rule.params["working_days"] = 3  # type: ignore[index]
    assert len({*RULES}) == len(RULES)


def test_rule_for_picks_the_version_by_act_date() -> None:
    assert rule_for("tribunal-limit", date(2026, 9, 30)).version == 1
    # The 6-month version's start is only reported: without a date from the rep it never applies.
    assert rule_for("tribunal-limit", date(2026, 10, 1)).version == 1
    assert rule_for("tribunal-limit", date(2030, 1, 1)).version == 1
    overridden = rule_for("tribunal-limit", date(2026, 10, 1), commencement=date(2027, 4, 6))
    assert overridden.version == 1
    later = rule_for("tribunal-limit", date(2027, 4, 6), commencement=date(2027, 4, 6))
    assert later.version == 2
    assert later.applies_from == date(2027, 4, 6)
    assert later.params["commencement"] == date(2027, 4, 6)


def test_unknown_rule_raises() -> None:
    with pytest.raises(RepdeskError, match="no rule called 'appeal-window'"):
        rule_for("appeal-window", date(2025, 1, 1))
    with pytest.raises(RepdeskError):
        get_rule("tribunal-limit", 9)


def test_add_months_is_reexported() -> None:
    assert add_months(date(2025, 8, 31), 3) == date(2025, 11, 30)


# --------------------------------------------------------------------------- companion


def test_companion_postponement_over_christmas() -> None:
    computation = companion_postponement(date(2025, 12, 22), ENG)
    assert computation.result == date(2025, 12, 31)
    assert computation.rule.id == "companion-postponement"
    assert computation.inputs == {"proposed": "2025-12-22", "region": "ENG"}
    working = " ".join(computation.steps)
    assert "Christmas Day 25 Dec 2025" in working
    assert "Boxing Day 26 Dec 2025" in working
    assert "Wed 31 Dec 2025" in computation.steps[-1]
    assert CHECK_WITH_FTO in computation.caveat


def test_companion_postponement_scotland_skips_second_january() -> None:
    assert companion_postponement(date(2025, 12, 29), ENG).result == date(2026, 1, 6)
    scottish = companion_postponement(date(2025, 12, 29), SCT)
    assert scottish.result == date(2026, 1, 7)
    assert "Scotland" in scottish.steps[1]
    assert recompute("companion-postponement", scottish.inputs) == scottish


# --------------------------------------------------------------------------- tribunal limit


def test_tribunal_limit_plain() -> None:
    computation = tribunal_limit(date(2025, 1, 10))
    assert computation.result == date(2025, 4, 9)
    assert computation.rule.version == 1
    assert computation.steps[0] == "Act complained of: 10 Jan 2025."
    assert "3 months less one day → 9 Apr 2025." in computation.steps
    assert CHECK_WITH_FTO in computation.caveat
    assert "verify" not in computation.caveat


@pytest.mark.parametrize(
    ("act", "expected"),
    [
        (date(2025, 8, 31), date(2025, 11, 30)),
        (date(2024, 11, 30), date(2025, 2, 28)),
        (date(2023, 11, 30), date(2024, 2, 29)),
        (date(2024, 11, 28), date(2025, 2, 27)),
        (date(2024, 12, 1), date(2025, 2, 28)),
    ],
)
def test_tribunal_limit_month_end(act: date, expected: date) -> None:
    assert tribunal_limit(act).result == expected


def test_tribunal_limit_month_end_says_so() -> None:
    computation = tribunal_limit(date(2025, 8, 31))
    assert any("no 31 November 2025" in step and "last day of November" in step for step in computation.steps)


def test_tribunal_limit_acas_step_one_only() -> None:
    computation = tribunal_limit(
        date(2025, 1, 10), acas_contacted=date(2025, 3, 1), certificate=date(2025, 3, 15)
    )
    assert computation.result == date(2025, 4, 23)
    assert (
        "Step 1: ACAS contacted (Day A) 1 Mar 2025, certificate (Day B) 15 Mar 2025: "
        "the 14 days from the day after Day A to Day B do not count → 23 Apr 2025."
    ) in computation.steps
    assert (
        "Step 2: one month after Day B is 15 Apr 2025; the limit is already later, so it stays 23 Apr 2025."
    ) in computation.steps
    assert computation.inputs == {
        "claim": "most",
        "region": "ENG",
        "act": "2025-01-10",
        "acas_contacted": "2025-03-01",
        "certificate": "2025-03-15",
    }


def test_tribunal_limit_acas_step_two_applies() -> None:
    computation = tribunal_limit(
        date(2025, 1, 10), acas_contacted=date(2025, 4, 1), certificate=date(2025, 4, 20)
    )
    # Step 1: 9 Apr + 19 days = 28 Apr; step 2: one month after 20 Apr is 20 May.
    assert computation.result == date(2025, 5, 20)
    working = " ".join(computation.steps)
    assert "19 days from the day after Day A to Day B do not count → 28 Apr 2025" in working
    assert "so it becomes 20 May 2025" in working


def test_tribunal_limit_steps_in_order() -> None:
    computation = tribunal_limit(
        date(2025, 1, 10), acas_contacted=date(2025, 4, 1), certificate=date(2025, 4, 20)
    )
    step_one = next(i for i, s in enumerate(computation.steps) if s.startswith("Step 1:"))
    step_two = next(i for i, s in enumerate(computation.steps) if s.startswith("Step 2:"))
    assert step_one < step_two


def test_tribunal_limit_acas_after_the_limit_does_not_extend() -> None:
    computation = tribunal_limit(
        date(2025, 1, 10), acas_contacted=date(2025, 4, 10), certificate=date(2025, 4, 20)
    )
    assert computation.result == date(2025, 4, 9)
    assert any("does not extend" in step for step in computation.steps)


def test_tribunal_limit_is_three_months_until_a_commencement_is_entered() -> None:
    computation = tribunal_limit(date(2026, 10, 5))
    assert computation.rule.version == 1
    assert computation.result == date(2027, 1, 4)
    assert "commencement" not in computation.inputs
    assert any("No commencement date has been entered" in step for step in computation.steps)


def test_tribunal_limit_v2_after_commencement() -> None:
    computation = tribunal_limit(date(2026, 10, 5), commencement=date(2026, 10, 1))
    assert computation.rule.version == 2
    assert computation.result == date(2027, 4, 4)
    assert "6 months less one day → 4 Apr 2027." in computation.steps
    assert "verify" in computation.caveat
    assert CHECK_WITH_FTO in computation.caveat


def test_tribunal_limit_commencement_override() -> None:
    computation = tribunal_limit(date(2026, 10, 5), commencement=date(2027, 1, 1))
    assert computation.rule.version == 1
    assert computation.result == date(2027, 1, 4)
    assert computation.inputs["commencement"] == "2027-01-01"
    earlier = tribunal_limit(date(2026, 7, 5), commencement=date(2026, 7, 1))
    assert earlier.rule.version == 2
    assert earlier.result == date(2027, 1, 4)


@pytest.mark.parametrize(
    "computation",
    [
        tribunal_limit(date(2025, 1, 10)),
        tribunal_limit(date(2025, 8, 31)),
        tribunal_limit(date(2025, 1, 10), acas_contacted=date(2025, 4, 1), certificate=date(2025, 4, 20)),
        tribunal_limit(date(2026, 10, 5)),
        tribunal_limit(date(2026, 10, 5), commencement=date(2027, 1, 1)),
        companion_postponement(date(2025, 4, 17), SCT),
    ],
)
def test_recompute_equals_original(computation: Computation) -> None:
    again = recompute(computation.rule.id, computation.inputs)
    assert again == computation
    assert again.steps == computation.steps


def test_recompute_errors() -> None:
    with pytest.raises(RepdeskError, match="no rule called 'made-up'"):
        recompute("made-up", {"act": "2025-01-10"})
    with pytest.raises(RepdeskError, match="YYYY-MM-DD"):
        recompute("tribunal-limit", {"act": "10/1/25"})
    with pytest.raises(RepdeskError, match="no 'act' date"):
        recompute("tribunal-limit", {})
    with pytest.raises(RepdeskError, match="region"):
        recompute("companion-postponement", {"proposed": "2025-01-06", "region": "XX"})


@pytest.mark.parametrize(
    ("acas_contacted", "certificate", "field", "fragment"),
    [
        (None, date(2025, 3, 15), "acas_contacted", "as well as the certificate date"),
        (date(2025, 3, 15), date(2025, 3, 1), "certificate", "Day B must be on or after Day A"),
    ],
)
def test_bad_early_conciliation_inputs_name_the_field(
    acas_contacted: date | None, certificate: date | None, field: str, fragment: str
) -> None:
    with pytest.raises(RuleInputError, match=fragment) as raised:
        tribunal_limit(date(2025, 1, 10), acas_contacted=acas_contacted, certificate=certificate)
    assert raised.value.field == field


def test_day_a_alone_counts_no_extension_and_says_the_clock_is_stopped() -> None:
    computation = tribunal_limit(date(2025, 1, 10), acas_contacted=date(2025, 3, 1))
    assert computation.result == date(2025, 4, 9)
    assert any("clock is stopped" in warning for warning in computation.warnings)


def test_acas_before_the_act_gives_the_conservative_date_with_a_warning() -> None:
    # Day A 1 Jan, act 10 Jan, Day B 1 Feb: only the 22 days after the act count.
    computation = tribunal_limit(
        date(2025, 1, 10), acas_contacted=date(2025, 1, 1), certificate=date(2025, 2, 1)
    )
    assert computation.result == date(2025, 5, 1)
    assert any("Fergusson" in warning for warning in computation.warnings)
    counted_from_day_a = date(2025, 4, 9) + (date(2025, 2, 1) - date(2025, 1, 1))
    assert computation.result < counted_from_day_a


def test_explain_shows_rule_source_steps_and_caveat() -> None:
    lines = tribunal_limit(date(2025, 1, 10)).explain()
    assert lines[0] == "Tribunal time limit (v1)."
    assert lines[1].startswith("Source: ")
    assert "Result: Wed 9 Apr 2025." in lines
    assert lines[-1].endswith(CHECK_WITH_FTO)


@given(
    st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(min_value=0, max_value=60),
    st.integers(min_value=0, max_value=42),
)
def test_tribunal_limit_properties(act: date, wait: int, ec_days: int) -> None:
    plain = tribunal_limit(act)
    assert plain.result > act
    a = act.fromordinal(act.toordinal() + wait)
    b = a.fromordinal(a.toordinal() + ec_days)
    extended = tribunal_limit(act, acas_contacted=a, certificate=b)
    assert extended.result >= plain.result
    if a <= plain.result:
        assert extended.result >= add_months(b, 1)
    assert recompute("tribunal-limit", extended.inputs) == extended
