"""UK deadline rules as versioned data, and computations that show their working.

A change in the law adds a :class:`Rule` version instead of editing one, so a
deadline saved under an older rule can still be re-worked exactly as it was
computed (:func:`recompute`). Every :class:`Computation` carries its inputs,
its steps in plain sentences and a caveat: repdesk shows arithmetic, it does
not give legal advice.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from types import MappingProxyType

from repdesk.domain.dates import add_months, format_date, format_date_weekday
from repdesk.domain.enums import HolidayRegion
from repdesk.domain.errors import RepdeskError

__all__ = [
    "CHECK_WITH_FTO",
    "COMPANION_POSTPONEMENT",
    "RULES",
    "TRIBUNAL_LIMIT",
    "Computation",
    "Rule",
    "RuleParam",
    "add_months",
    "add_working_days",
    "bank_holiday_name",
    "bank_holidays",
    "companion_postponement",
    "get_rule",
    "is_working_day",
    "recompute",
    "rule_for",
    "tribunal_limit",
]

RuleParam = int | str | date
"""The kinds of value a rule parameter may hold."""

CHECK_WITH_FTO = "Check with your full-time officer or legal before relying on this date."
"""The sentence every computed deadline carries."""

COMPANION_POSTPONEMENT = "companion-postponement"
"""Rule id: the worker's right to propose another time when their companion cannot attend."""

TRIBUNAL_LIMIT = "tribunal-limit"
"""Rule id: the time limit for most employment tribunal claims."""

_MONTH_NAMES = (
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


# --------------------------------------------------------------------------- working days


@functools.lru_cache(maxsize=128)
def bank_holidays(region: HolidayRegion, year: int) -> Mapping[date, str]:
    """The bank holidays of ``region`` in ``year``, date → name (read-only).

    Comes from the maintained ``holidays`` package (substitute days included),
    because hand-kept tables go stale; cached per (region, year) since
    deadline counting asks for the same year many times.
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


def _working_days_after(start: date, region: HolidayRegion, step: int) -> Iterator[tuple[date, str | None]]:
    """Walk day by day from ``start``, yielding each working day (name None) and
    each skipped weekday bank holiday (with its name), so steps can cite them."""
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
    for d, holiday in _working_days_after(start, region, 1 if n > 0 else -1):
        if holiday is None:
            counted += 1
            if counted == abs(n):
                return d
    raise AssertionError("unreachable: the walk is endless")  # pragma: no cover


# --------------------------------------------------------------------------- rules as data


@dataclass(frozen=True)
class Rule:
    """One version of a deadline rule, as data.

    ``applies_from`` is the first date of the act (or event) the version
    applies to; None means "from the start". ``params`` is read-only.
    ``verify`` marks a rule whose parameters are reported rather than
    confirmed: every computation under it says so (``verify_note``).
    """

    id: str
    version: int
    name: str
    source: str
    applies_from: date | None
    params: Mapping[str, RuleParam] = field(hash=False)
    verify: bool
    summary: str
    verify_note: str = ""

    @property
    def label(self) -> str:
        """Name and version, e.g. "Tribunal time limit (v2)", for headings."""
        return f"{self.name} (v{self.version})"


def _frozen(**params: RuleParam) -> Mapping[str, RuleParam]:
    return MappingProxyType(dict(params))


_ERA_2025_COMMENCEMENT = date(2026, 10, 1)

_EC_SOURCE = (
    "ACAS early conciliation extension: Employment Rights Act 1996 s.207B "
    "(and the equivalent provisions for other claims)."
)

RULES: tuple[Rule, ...] = (
    Rule(
        id=COMPANION_POSTPONEMENT,
        version=1,
        name="Postponement when the companion cannot attend",
        source="Employment Relations Act 1999, s.10(4)-(5).",
        applies_from=None,
        params=_frozen(working_days=5),
        verify=False,
        summary=(
            "If the worker's chosen companion cannot attend a disciplinary or grievance "
            "hearing at the time the employer proposed, the worker may propose another "
            "time. It must be reasonable and fall within 5 working days, counted from the "
            "first working day after the date the employer first proposed."
        ),
    ),
    Rule(
        id=TRIBUNAL_LIMIT,
        version=1,
        name="Tribunal time limit",
        source=(
            "Most employment tribunal claims: 3 months less one day from the act "
            "complained of (e.g. Employment Rights Act 1996 s.111(2), Equality Act 2010 "
            "s.123). " + _EC_SOURCE
        ),
        applies_from=None,
        params=_frozen(months=3),
        verify=False,
        summary=(
            "For acts before the Employment Rights Act 2025 commencement, most claims "
            "must be presented within 3 months less one day of the act complained of "
            "(for a series of similar acts, the last one). ACAS early conciliation stops "
            "the clock (step 1) and guarantees at least one month after the certificate "
            "(step 2). Some claims have other limits (e.g. 6 months for equal pay and "
            "redundancy pay)."
        ),
    ),
    Rule(
        id=TRIBUNAL_LIMIT,
        version=2,
        name="Tribunal time limit",
        source=(
            "Employment Rights Act 2025, extending most limits to 6 months less one day "
            "for acts on or after its commencement. " + _EC_SOURCE
        ),
        applies_from=_ERA_2025_COMMENCEMENT,
        params=_frozen(months=6, commencement=_ERA_2025_COMMENCEMENT),
        verify=True,
        summary=(
            "For acts on or after the Employment Rights Act 2025 commencement, most "
            "claims must be presented within 6 months less one day of the act complained "
            "of (for a series of similar acts, the last one). ACAS early conciliation "
            "stops the clock (step 1) and guarantees at least one month after the "
            "certificate (step 2)."
        ),
        verify_note=(
            "The commencement date of the 6-month limit is reported for October 2026, "
            "not confirmed: verify it."
        ),
    ),
)


def _known_ids() -> str:
    return ", ".join(sorted({rule.id for rule in RULES}))


def _versions(rule_id: str) -> list[Rule]:
    versions = [rule for rule in RULES if rule.id == rule_id]
    if not versions:
        raise RepdeskError(f"repdesk has no rule called '{rule_id}'; the rules it knows are {_known_ids()}.")
    return versions


def get_rule(rule_id: str, version: int) -> Rule:
    """The rule ``rule_id`` at exactly ``version``, e.g. for a saved deadline's heading."""
    for rule in _versions(rule_id):
        if rule.version == version:
            return rule
    raise RepdeskError(f"repdesk has no version {version} of the rule '{rule_id}'.")


def _starts(rule: Rule, commencement: date | None) -> date | None:
    """When a version starts, honouring a rep-configured commencement date.

    A version with a ``commencement`` parameter is a law whose start is only
    reported: it never starts unless the rep has entered the date (a later
    limit is the dangerous direction), so it is given ``date.max``.
    """
    if "commencement" in rule.params:
        return date.max if commencement is None else commencement
    return rule.applies_from


def rule_for(rule_id: str, act_date: date, *, commencement: date | None = None) -> Rule:
    """The version of ``rule_id`` that applies to an act on ``act_date``.

    That is the version with the latest ``applies_from`` on or before the act.
    ``commencement`` overrides the start of any version that has a
    ``commencement`` parameter (the rep's configured date for a law whose
    start is only reported); the returned rule then carries that date.
    """
    eligible: list[tuple[date, int, Rule]] = []
    for rule in _versions(rule_id):
        starts = _starts(rule, commencement)
        if starts is None or (starts != date.max and starts <= act_date):
            eligible.append((starts or date.min, rule.version, rule))
    if not eligible:
        raise RepdeskError(
            f"No version of the rule '{rule_id}' applies to an act on {format_date(act_date)}."
        )
    _, _, chosen = max(eligible, key=lambda item: (item[0], item[1]))
    if commencement is not None and "commencement" in chosen.params:
        chosen = replace(
            chosen,
            applies_from=commencement,
            params=MappingProxyType({**chosen.params, "commencement": commencement}),
        )
    return chosen


def _int_param(rule: Rule, name: str) -> int:
    value = rule.params[name]
    if not isinstance(value, int):
        raise TypeError(f"rule {rule.id} v{rule.version}: {name} must be an int")
    return value


def _date_param(rule: Rule, name: str) -> date:
    value = rule.params[name]
    if not isinstance(value, date):
        raise TypeError(f"rule {rule.id} v{rule.version}: {name} must be a date")
    return value


# --------------------------------------------------------------------------- computations


@dataclass(frozen=True)
class Computation:
    """A deadline worked out by a rule, with everything needed to show and redo it.

    ``inputs`` holds exactly what :func:`recompute` needs (ISO dates and a
    region code); ``steps`` are plain sentences a rep can read aloud;
    ``caveat`` always says to check with a full-time officer or legal.
    """

    rule: Rule
    inputs: dict[str, str] = field(hash=False)
    steps: list[str] = field(hash=False)
    result: date
    caveat: str

    def explain(self) -> list[str]:
        """The whole working as lines: rule, source, steps, result and caveat."""
        return [
            f"{self.rule.label}.",
            f"Source: {self.rule.source}",
            *self.steps,
            f"Result: {format_date_weekday(self.result)}.",
            self.caveat,
        ]


def _caveat(rule: Rule, *extra: str) -> str:
    parts = [*extra, CHECK_WITH_FTO]
    if rule.verify and rule.verify_note:
        parts.append(rule.verify_note)
    return " ".join(parts)


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def companion_postponement(
    proposed: date, region: HolidayRegion = HolidayRegion.ENGLAND_WALES
) -> Computation:
    """The last day a worker's alternative hearing time may fall on (ERA 1999 s.10(5)).

    Counts ``working_days`` working days from the first working day after the
    date the employer first proposed, skipping weekends and ``region``'s bank
    holidays; the steps name every day counted and every holiday skipped.
    """
    rule = rule_for(COMPANION_POSTPONEMENT, proposed)
    wanted = _int_param(rule, "working_days")
    counted: list[date] = []
    skipped: list[str] = []
    for d, holiday in _working_days_after(proposed, region, 1):
        if holiday is not None:
            skipped.append(f"{holiday} {format_date(d)}")
            continue
        counted.append(d)
        if len(counted) == wanted:
            break
    result = counted[-1]

    steps = [f"Date first proposed by the employer: {format_date_weekday(proposed)}."]
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
    return Computation(
        rule=rule,
        inputs={"proposed": proposed.isoformat(), "region": region.value},
        steps=steps,
        result=result,
        caveat=_caveat(rule),
    )


def _months_less_one_day(act: date, months: int) -> tuple[date, str]:
    """The day before the corresponding date ``months`` later, with its sentence.

    Where the corresponding date does not exist (31 Aug + 3 months), the
    period ends on the last day of that month, as tribunals count it.
    """
    later = add_months(act, months)
    if later.day == act.day:
        result = later - timedelta(days=1)
        return result, f"{months} months less one day → {format_date(result)}."
    month = _MONTH_NAMES[later.month - 1]
    return later, (
        f"{months} months less one day: there is no {act.day} {month} {later.year}, "
        f"so the period ends on the last day of {month} → {format_date(later)}."
    )


def tribunal_limit(
    act: date,
    *,
    acas_contacted: date | None = None,
    certificate: date | None = None,
    commencement: date | None = None,
) -> Computation:
    """The last day to present most tribunal claims about ``act``, with its working.

    Chooses the 3- or 6-month version by the act's date (``commencement``
    overrides the reported Employment Rights Act 2025 start), counts months
    less one day, then applies ACAS early conciliation: step 1 adds the days
    from the day after Day A (``acas_contacted``) to Day B (``certificate``);
    step 2 moves a limit that falls before one month after Day B to that date.

    Raises :class:`RepdeskError` if only one of Day A and Day B is given, if
    Day B is before Day A, or if Day A is before the act.
    """
    if (acas_contacted is None) != (certificate is None):
        raise RepdeskError(
            "Enter both ACAS dates, the day ACAS was contacted (Day A) and the day the "
            "certificate was received (Day B), or leave both empty."
        )
    if acas_contacted is not None and certificate is not None:
        if certificate < acas_contacted:
            raise RepdeskError(
                f"The certificate date (Day B, {format_date(certificate)}) is before ACAS "
                f"was contacted (Day A, {format_date(acas_contacted)}); Day B must be on "
                f"or after Day A."
            )
        if acas_contacted < act:
            raise RepdeskError(
                f"ACAS was contacted (Day A, {format_date(acas_contacted)}) before the act "
                f"complained of ({format_date(act)}), so repdesk cannot work out the "
                f"extension; check the dates with your full-time officer."
            )

    rule = rule_for(TRIBUNAL_LIMIT, act, commencement=commencement)
    months = _int_param(rule, "months")

    steps = [f"Act complained of: {format_date(act)}."]
    if commencement is None:
        steps.append(
            "No commencement date has been entered for the Employment Rights Act 2025's "
            f"6-month limit, so the {months}-month limit in force applies."
        )
    else:
        when = "on or after" if act >= commencement else "before"
        steps.append(
            f"It is {when} {format_date(commencement)}, the commencement date entered for "
            f"the Employment Rights Act 2025, so the {months}-month limit applies."
        )
    limit, sentence = _months_less_one_day(act, months)
    steps.append(sentence)

    if acas_contacted is None or certificate is None:
        steps.append("No ACAS early conciliation dates entered, so no extension is added.")
    elif acas_contacted > limit:
        steps.append(
            f"ACAS was contacted (Day A) on {format_date(acas_contacted)}, after the limit "
            f"had already passed, so early conciliation does not extend it: it stays "
            f"{format_date(limit)}."
        )
    else:
        stopped = (certificate - acas_contacted).days
        limit += timedelta(days=stopped)
        verb = "does" if stopped == 1 else "do"
        steps.append(
            f"ACAS contacted (Day A) {format_date(acas_contacted)}, certificate (Day B) "
            f"{format_date(certificate)}: {_days(stopped)} {verb} not count → "
            f"{format_date(limit)}."
        )
        month_after = add_months(certificate, 1)
        clamp = (
            ""
            if month_after.day == certificate.day
            else f" (the last day of {_MONTH_NAMES[month_after.month - 1]})"
        )
        opening = f"One month after Day B is {format_date(month_after)}{clamp}"
        if limit < month_after:
            steps.append(
                f"{opening}; the limit {format_date(limit)} falls before it, so it becomes "
                f"{format_date(month_after)}."
            )
            limit = month_after
        elif limit == month_after:
            steps.append(f"{opening}; the limit falls on that day, so it stays.")
        else:
            steps.append(f"{opening}; the limit is already later, so it stays {format_date(limit)}.")

    if limit.weekday() >= 5:
        steps.append(
            f"{format_date_weekday(limit)} is a weekend day; do not assume the limit moves "
            f"to the next working day."
        )

    inputs = {"act": act.isoformat()}
    if commencement is not None:
        inputs["commencement"] = commencement.isoformat()
    if acas_contacted is not None and certificate is not None:
        inputs["acas_contacted"] = acas_contacted.isoformat()
        inputs["certificate"] = certificate.isoformat()
    return Computation(
        rule=rule,
        inputs=inputs,
        steps=steps,
        result=limit,
        caveat=_caveat(
            rule,
            "Some claims have other limits, and the tribunal decides what the act complained of is.",
        ),
    )


def _optional_date(inputs: Mapping[str, str], key: str) -> date | None:
    raw = inputs.get(key, "")
    if raw == "":
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise RepdeskError(
            f"The saved '{key}' value '{raw}' is not a date in YYYY-MM-DD form, so the "
            f"working cannot be shown."
        ) from None


def _required_date(inputs: Mapping[str, str], key: str) -> date:
    value = _optional_date(inputs, key)
    if value is None:
        raise RepdeskError(f"The saved deadline has no '{key}' date, so its working cannot be shown.")
    return value


def recompute(rule_id: str, inputs: Mapping[str, str]) -> Computation:
    """Rebuild a computation from the inputs saved with a deadline.

    Gives the same result and steps as the original call, so the app can show
    the working of a saved deadline later. Raises :class:`RepdeskError` for an
    unknown rule id or inputs that cannot be read.
    """
    if rule_id == COMPANION_POSTPONEMENT:
        proposed = _required_date(inputs, "proposed")
        region_code = inputs.get("region", HolidayRegion.ENGLAND_WALES.value)
        try:
            region = HolidayRegion(region_code)
        except ValueError:
            raise RepdeskError(
                f"The saved region '{region_code}' is not one repdesk knows "
                f"(ENG, SCT or NIR), so the working cannot be shown."
            ) from None
        return companion_postponement(proposed, region)
    if rule_id == TRIBUNAL_LIMIT:
        return tribunal_limit(
            _required_date(inputs, "act"),
            acas_contacted=_optional_date(inputs, "acas_contacted"),
            certificate=_optional_date(inputs, "certificate"),
            commencement=_optional_date(inputs, "commencement"),
        )
    raise RepdeskError(
        f"repdesk has no rule called '{rule_id}', so this deadline's working cannot be "
        f"shown; the rules it knows are {_known_ids()}."
    )
