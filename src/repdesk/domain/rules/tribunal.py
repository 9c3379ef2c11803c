"""Tribunal time limits: months or days from the act, ACAS early conciliation (s.207B), both readings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from repdesk.domain.dates import MONTH_NAMES, add_months, format_date
from repdesk.domain.enums import HolidayRegion
from repdesk.domain.rules.base import (
    TRIBUNAL_LIMIT,
    Claim,
    RuleInputError,
    RuleKind,
    Settings,
)
from repdesk.domain.rules.catalogue import (
    _choice,
    _int_param,
    _Values,
    get_rule,
    rule_for,
    rule_id_for,
    rule_named,
)
from repdesk.domain.rules.working import (
    Alternative,
    Computation,
    _computed,
    _days,
    _months,
    _months_less_one_day,
    _not_moved,
    _safe,
    _union_reading,
)


def _conciliation_period(day_a: date) -> int:
    """Weeks ACAS may conciliate for a notification on ``day_a`` (SI 2025/1153 from 1 Dec 2025)."""
    return 12 if day_a >= date(2025, 12, 1) else 6


@dataclass
class _Extension:
    """s.207B applied to one unextended limit: the result and its sentences."""

    limit: date
    steps: list[str]
    warnings: list[str]


def _extend(
    limit: date, act: date, day_a: date | None, day_b: date | None, *, narrate: bool = True
) -> _Extension:
    """Apply ACAS early conciliation to ``limit``, in the order s.207B sets (Luton BC v Haque)."""
    steps: list[str] = []
    warnings: list[str] = []
    if day_a is None and day_b is None:
        steps.append("No ACAS early conciliation dates entered, so no extension is added.")
        return _Extension(limit, steps, warnings)
    assert day_a is not None
    if day_b is None:
        steps.append(
            f"ACAS contacted (Day A) {format_date(day_a)}; no certificate date yet, so no "
            "extension is counted."
        )
        warnings.append(
            "Early conciliation is under way: the clock is stopped until the certificate. Enter "
            "the certificate date (Day B) when it arrives and recompute; until then repdesk "
            "works to the date without any extension."
        )
        return _Extension(limit, steps, warnings)
    if day_a > limit:
        steps.append(
            f"ACAS was contacted (Day A) on {format_date(day_a)}, after the limit had already "
            f"passed, so early conciliation does not extend it (Pearce v Bank of America, EAT "
            f"2019): it stays {format_date(limit)}."
        )
        return _Extension(limit, steps, warnings)
    weeks = _conciliation_period(day_a)
    if day_b > day_a + timedelta(weeks=weeks):
        warnings.append(
            f"The certificate date {format_date(day_b)} is more than {weeks} weeks after ACAS was "
            f"contacted on {format_date(day_a)}, longer than conciliation can last for that "
            "notification: check both dates for a typing error."
        )
    if day_a < act:
        counted_from = act
        stopped = max(0, (day_b - act).days)
        warnings.append(
            f"ACAS was contacted (Day A, {format_date(day_a)}) before the act "
            f"({format_date(act)}). Tribunals differ on how that counts; repdesk counts only the "
            "days after the act (as in Raison v DF Capital Bank [2025] EAT 86, and Fergusson v "
            "Combat Stress, ET 2016), which gives the earlier date."
        )
    else:
        counted_from = day_a
        stopped = (day_b - day_a).days
    new_limit = limit + timedelta(days=stopped)
    verb = "does" if stopped == 1 else "do"
    counted = "Day A" if counted_from == day_a else "the act"
    steps.append(
        f"Step 1: ACAS contacted (Day A) {format_date(day_a)}, certificate (Day B) "
        f"{format_date(day_b)}: the {_days(stopped)} from the day after {counted} to Day B "
        f"{verb} not count → {format_date(new_limit)}."
    )
    month_after = add_months(day_b, 1)
    clamp = ""
    if month_after.day != day_b.day:
        clamp = f" (the last day of {MONTH_NAMES[month_after.month - 1]})"
    opening = f"Step 2: one month after Day B is {format_date(month_after)}{clamp}"
    if new_limit < month_after:
        steps.append(
            f"{opening}; the limit {format_date(new_limit)} falls before it, so it becomes "
            f"{format_date(month_after)}."
        )
        new_limit = month_after
    elif new_limit == month_after:
        steps.append(f"{opening}; the limit falls on that day, so it stays.")
    else:
        steps.append(f"{opening}; the limit is already later, so it stays {format_date(new_limit)}.")
    return _Extension(new_limit, steps if narrate else [], warnings)


def _tribunal(values: _Values, settings: Settings) -> Computation:
    claim = _choice(Claim, values.text("claim") or Claim.MOST.value, "claim", "Claim type")
    rule_id = rule_id_for(RuleKind.TRIBUNAL, claim)
    base = rule_named(rule_id)
    act_label = base.subject
    act = values.date("act", act_label, required=True)
    day_a = values.date("acas_contacted", "ACAS contacted (Day A)", required=False)
    day_b = values.date("certificate", "Certificate received (Day B)", required=False)
    series = values.flag("series")
    assert act is not None
    if day_b is not None and day_a is None:
        raise RuleInputError(
            "acas_contacted",
            "ACAS contacted (Day A): enter the day ACAS was contacted as well as the certificate date.",
        )
    if day_a is not None and day_b is not None and day_b < day_a:
        raise RuleInputError(
            "certificate",
            f"Certificate received (Day B): {format_date(day_b)} is before ACAS was contacted "
            f"(Day A, {format_date(day_a)}); Day B must be on or after Day A.",
        )

    northern_ireland = settings.region is HolidayRegion.NORTHERN_IRELAND
    first_covered = None if northern_ireland else settings.first_covered
    commencement = settings.commencement if first_covered is not None and act >= first_covered else None
    rule = rule_for(rule_id, act, commencement=commencement)
    ec = _int_param(rule, "ec") == 1

    steps = [
        f"{act_label}: {format_date(act)}"
        + (", the last act of a series (the act you chose as the last)." if series else ".")
    ]
    warnings: list[str] = []
    if northern_ireland:
        warnings.append(
            "These are Great Britain rules. Northern Ireland has its own time limits, and the "
            "Labour Relations Agency (not ACAS) conciliates: check Northern Ireland law before "
            "relying on this date."
        )
    if claim is Claim.MOST:
        if northern_ireland:
            steps.append("repdesk does not count the Employment Rights Act 2025's 6 months in NI.")
        elif settings.commencement is None:
            steps.append(
                "No commencement date has been entered for the Employment Rights Act 2025's "
                "6-month limit, so repdesk counts 3 months."
            )
        elif commencement is None:
            steps.append(
                f"The 6-month limit (commenced {format_date(settings.commencement)}, as you entered) "
                f"covers acts from {format_date(first_covered)}; this act is earlier, so repdesk "
                "counts 3 months."
            )
        else:
            steps.append(
                f"The 6-month limit commenced on {format_date(settings.commencement)} (as you "
                f"entered) and covers acts from {format_date(first_covered)}, so repdesk counts 6 months."
            )
    elif settings.commencement is not None and not northern_ireland:
        steps.append(
            "repdesk counts the Employment Rights Act 2025's 6 months only for most claims; "
            "this limit is counted as before it."
        )

    if "days" in rule.params:
        days = _int_param(rule, "days")
        limit = act + timedelta(days=days)
        steps.append(f"The {days} days immediately following {format_date(act)} end on {format_date(limit)}.")
        union = limit
    else:
        months = _int_param(rule, "months")
        limit, sentence = _safe(lambda: _months_less_one_day(act, months), "act", act_label)
        steps.append(sentence)
        union = _safe(lambda: _union_reading(act, months), "act", act_label)

    if ec:
        extension = _extend(limit, act, day_a, day_b)
        steps += extension.steps
        warnings += extension.warnings
        result = extension.limit
        union_result = _extend(union, act, day_a, day_b, narrate=False).limit
    else:
        if day_a is not None or day_b is not None:
            warnings.append("Early conciliation does not extend this limit: the ACAS dates are not used.")
        steps.append("Early conciliation does not extend this limit.")
        result = union_result = limit

    alternative: Alternative | None = None
    if union_result < result:
        alternative = Alternative(
            result,
            "The tribunal rules' own reading (the day before the corresponding date, SI 2018/1082 "
            "r.1.4). Union guidance counts from the day before the act, which gives the earlier "
            "date; work to the earlier one.",
        )
        steps.append(
            f"Union guidance reads the limit as the day before the act, then forward "
            f"{_months(_int_param(rule, 'months'))}: that gives {format_date(union_result)}, "
            f"earlier than {format_date(result)}, so repdesk works to {format_date(union_result)}."
        )
        result = union_result

    if claim is Claim.MOST and settings.commencement is None and not northern_ireland:
        six = tribunal_six_months(act, day_a, day_b)
        why = (
            "Only if commenced: verify. Once the Employment Rights Act 2025's 6-month limit "
            "commences for this act, it would give this later date; until you enter its "
            "commencement date, work to the 3-month date."
        )
        if alternative is None:
            alternative = Alternative(six, why)
        else:
            warnings.append(f"Only if the 6-month limit has commenced for this act: {format_date(six)}.")

    warnings += _not_moved(result, settings.region)

    inputs = {"claim": claim.value, "act": act.isoformat()}
    if day_a is not None:
        inputs["acas_contacted"] = day_a.isoformat()
    if day_b is not None:
        inputs["certificate"] = day_b.isoformat()
    if series:
        inputs["series"] = "yes"
    inputs["region"] = settings.region.value
    if settings.commencement is not None:
        inputs["commencement"] = settings.commencement.isoformat()
        if settings.covers_from is not None:
            inputs["covers_from"] = settings.covers_from.isoformat()
    return _computed(rule, inputs, steps, result, warnings, alternative)


def tribunal_six_months(act: date, day_a: date | None, day_b: date | None) -> date:
    """What the pending 6-month limit would give, for the "only if commenced" date."""
    six = get_rule(TRIBUNAL_LIMIT, 2)
    months = _int_param(six, "months")
    statutory, _ = _months_less_one_day(act, months)
    union = _union_reading(act, months)
    earliest = min(statutory, union)
    return _extend(earliest, act, day_a, day_b, narrate=False).limit
