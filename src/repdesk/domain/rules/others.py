"""The deadlines that are not tribunal limits: companion postponement, flexible-working decision,
subject access request, written reasons and employer-policy windows."""

from __future__ import annotations

from datetime import date, timedelta

from repdesk.domain.dates import MONTH_NAMES, add_months, format_date, format_date_weekday
from repdesk.domain.enums import HolidayRegion
from repdesk.domain.rules.base import (
    COMPANION_POSTPONEMENT,
    Rule,
    RuleInputError,
    Settings,
)
from repdesk.domain.rules.catalogue import (
    _int_param,
    _Values,
    rule_named,
)
from repdesk.domain.rules.working import (
    Alternative,
    Computation,
    _computed,
    _months,
    _months_less_one_day,
    _not_moved,
    _safe,
)
from repdesk.domain.workdays import (
    add_working_days,
    is_working_day,
    working_days_after,
)


def _start(values: _Values, rule_id: str, key: str) -> tuple[Rule, date]:
    """The rule, and the date it counts from (which the rep must give, as ``key``)."""
    rule = rule_named(rule_id)
    start = values.date(key, rule.subject, required=True)
    assert start is not None
    return rule, start


def _companion(values: _Values, settings: Settings) -> Computation:
    rule, proposed = _start(values, COMPANION_POSTPONEMENT, "proposed")
    region = settings.region
    wanted = _int_param(rule, "working_days")
    counted: list[date] = []
    skipped: list[str] = []
    for d, holiday in working_days_after(proposed, region):
        if holiday is not None:
            skipped.append(f"{holiday} {format_date(d)}")
            continue
        counted.append(d)
        if len(counted) == wanted:
            break
    result = counted[-1]

    steps = [f"{rule.subject}: {format_date_weekday(proposed)}."]
    skipping = f"skipping weekends and {region.label} bank holidays"
    if skipped:
        skipping += f" ({'; '.join(skipped)})"
    steps.append(
        f"{wanted} working days from the next working day, {skipping}: "
        + ", ".join(format_date_weekday(d) for d in counted)
        + "."
    )
    steps.append(
        f"The alternative time must be reasonable and fall on or before {format_date_weekday(result)}."
    )
    warnings = []
    if region is HolidayRegion.NORTHERN_IRELAND:
        warnings.append(
            "This is the Great Britain rule (Employment Relations Act 1999). In Northern Ireland "
            "the right to be accompanied is in the Employment Relations (Northern Ireland) Order "
            "1999: check its wording before relying on this date."
        )
    inputs = {"proposed": proposed.isoformat(), "region": region.value}
    return _computed(rule, inputs, steps, result, warnings)


def _flexible_decision(values: _Values, settings: Settings) -> Computation:
    """The end of the decision period: 2 months beginning with the request (ERA s.80G(1B))."""
    rule, start = _start(values, "flexible-working-decision", "requested")
    months = _int_param(rule, "months")
    result, sentence = _safe(lambda: _months_less_one_day(start, months), "requested", rule.subject)
    steps = [
        f"{rule.subject}: {format_date(start)}.",
        f"A period of {_months(months)} beginning with that date: {sentence}",
    ]
    warnings = [
        *_not_moved(result, settings.region),
        "Employer and employee may agree a longer decision period.",
    ]
    inputs = {"requested": start.isoformat(), "region": settings.region.value}
    return _computed(rule, inputs, steps, result, warnings)


def _subject_access(values: _Values, settings: Settings) -> Computation:
    """The reply to a subject access request: the corresponding date a month after receipt (ICO)."""
    rule, start = _start(values, "subject-access-request", "received")
    months = _int_param(rule, "months")
    result = _safe(lambda: add_months(start, months), "received", rule.subject)
    clamp = ""
    if result.day != start.day:
        clamp = f" (there is no {start.day} {MONTH_NAMES[result.month - 1]}: the last day of the month)"
    steps = [
        f"{rule.subject}: {format_date(start)}.",
        f"{_months(months).capitalize()} from the day after that date, to the corresponding "
        f"date{clamp} → {format_date(result)}.",
    ]
    # ICO: a reply due on a weekend or bank holiday may be sent the next working day.
    # The rep works to the corresponding date and sees the ICO's one beside it.
    alternative: Alternative | None = None
    if not is_working_day(result, settings.region):
        alternative = Alternative(
            add_working_days(result, 1, settings.region),
            f"{format_date_weekday(result)} is not a working day in {settings.region.label}; "
            "ICO guidance gives the employer until the next working day.",
        )
    extended = _safe(lambda: add_months(result, 2), "received", rule.subject)
    warnings = [
        "The employer may extend by up to two further months (to "
        f"{format_date(extended)}) for complex or numerous requests, if it tells the "
        "member within the first month."
    ]
    inputs = {"received": start.isoformat(), "region": settings.region.value}
    return _computed(rule, inputs, steps, result, warnings, alternative)


def _written_reasons(values: _Values, settings: Settings) -> Computation:
    rule, requested = _start(values, "written-reasons", "requested")
    days = _int_param(rule, "days")
    result = requested + timedelta(days=days)
    steps = [
        f"{rule.subject}: {format_date(requested)}.",
        f"{days} days after the request → {format_date(result)}.",
    ]
    warnings = _not_moved(result, settings.region)
    inputs = {"requested": requested.isoformat(), "region": settings.region.value}
    return _computed(rule, inputs, steps, result, warnings)


def _policy(values: _Values, settings: Settings) -> Computation:
    rule, start = _start(values, "policy-window", "from")
    text = values.text("days")
    if not text:
        raise RuleInputError("days", "Number of days: enter how many days the policy gives (1 to 365).")
    try:
        days = int(text)
    except ValueError:
        raise RuleInputError("days", f"Number of days: '{text[:20]}' is not a whole number.") from None
    if not 1 <= days <= 365:
        raise RuleInputError("days", f"Number of days: {days} is outside 1 to 365.")
    unit = values.text("unit")
    if unit not in {"working", "calendar"}:
        raise RuleInputError("unit", "Days are: say whether the policy counts working or calendar days.")
    steps = [f"{rule.subject}: {format_date_weekday(start)}."]
    if unit == "working":
        result = add_working_days(start, days, settings.region)
        steps.append(
            f"{days} working days after it, not counting that day and skipping weekends and "
            f"{settings.region.label} bank holidays → {format_date_weekday(result)}."
        )
        warnings: list[str] = []
    else:
        result = start + timedelta(days=days)
        steps.append(f"{days} calendar days after it → {format_date_weekday(result)}.")
        warnings = _not_moved(result, settings.region)
    warnings.append("Check how the policy itself counts (from the letter's date or its receipt, say).")
    inputs = {"from": start.isoformat(), "days": str(days), "unit": unit, "region": settings.region.value}
    return _computed(rule, inputs, steps, result, warnings)
