"""A computation and the arithmetic every rule shares: months less one day, the two readings, warnings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal, TypeVar

from repdesk.domain.dates import MONTH_NAMES, add_months, format_date, format_date_weekday
from repdesk.domain.enums import HolidayRegion
from repdesk.domain.errors import RepdeskError
from repdesk.domain.rules.base import (
    CHECK_WITH_FTO,
    Claim,
    Rule,
    RuleInputError,
)
from repdesk.domain.rules.catalogue import (
    _SUBJECT_INPUTS,
    _label,
)
from repdesk.domain.workdays import (
    bank_holiday_name,
)

# --------------------------------------------------------------------------- computations


WorkingPart = Literal["rule", "source", "inputs", "step", "warning", "result", "alternative", "caveat"]
"""What a line of the working is, for a screen that styles each kind its own way."""


@dataclass(frozen=True)
class Alternative:
    """The other date a reading or an unconfirmed law would give, and why it is not the one."""

    due: date
    why: str


@dataclass(frozen=True)
class Computation:
    """A deadline worked out by a rule, with everything needed to show and redo it.

    ``inputs`` holds exactly what :func:`recompute` needs (ISO dates, the
    region code, any commencement used); ``steps`` are plain sentences a rep
    can read aloud; ``warnings`` are what the rep must not miss; ``caveat``
    always says to check with a full-time officer or legal; ``result`` is the
    date to work to, and ``alternative`` the other date where readings differ.
    """

    rule: Rule
    inputs: dict[str, str] = field(hash=False)
    steps: list[str] = field(hash=False)
    result: date
    caveat: str
    warnings: list[str] = field(default_factory=list, hash=False)
    alternative: Alternative | None = None

    def input_rows(self) -> list[tuple[str, str, str]]:
        """Each input as (key, label, value as a rep reads it: dates the UK way)."""
        rows = []
        for name, value in self.inputs.items():
            shown: str = value
            try:
                if name == "region":
                    shown = HolidayRegion(value).label
                elif name == "series":
                    shown = "yes"
                elif name == "claim":
                    shown = Claim(value).label
                elif len(value) == 10 and value[4] == "-":
                    shown = format_date(date.fromisoformat(value))
            except ValueError:
                shown = value
            label = self.rule.subject if name in _SUBJECT_INPUTS else _label(name)
            rows.append((name, label, shown))
        return rows

    def describe_inputs(self) -> list[str]:
        """Each input as "label: value", for the working."""
        return [f"{label}: {shown}" for _, label, shown in self.input_rows()]

    @property
    def alternative_text(self) -> str:
        """The other date and why, as one sentence, or "" when there is none."""
        if self.alternative is None:
            return ""
        return f"Other date: {format_date_weekday(self.alternative.due)}. {self.alternative.why}"

    def working(self) -> list[tuple[WorkingPart, str]]:
        """The whole working in order, each line with what it is, so a screen can style it."""
        parts: list[tuple[WorkingPart, str]] = [
            ("rule", f"{self.rule.label}."),
            ("source", f"Source: {self.rule.source}"),
            ("inputs", "Inputs: " + "; ".join(self.describe_inputs()) + "."),
            *(("step", step) for step in self.steps),
            *(("warning", f"Warning: {warning}") for warning in self.warnings),
            ("result", f"Result: {format_date_weekday(self.result)}."),
        ]
        if self.alternative is not None:
            parts.append(("alternative", self.alternative_text))
        parts.append(("caveat", self.caveat))
        return parts

    def explain(self) -> list[str]:
        """The whole working as lines: rule, source, inputs, steps, warnings, result, caveat."""
        return [text for _, text in self.working()]

    def as_json(self) -> dict[str, Any]:
        """The computation as plain JSON values (``repdesk deadline compute --format json``)."""
        return {
            "due": self.result.isoformat(),
            "rule": self.rule.id,
            "version": self.rule.version,
            "name": self.rule.name,
            "source": self.rule.source,
            "inputs": dict(self.inputs),
            "steps": list(self.steps),
            "warnings": list(self.warnings),
            "caveat": self.caveat,
            "alternative": (
                None
                if self.alternative is None
                else {"due": self.alternative.due.isoformat(), "why": self.alternative.why}
            ),
        }


def _caveat(rule: Rule) -> str:
    parts = [CHECK_WITH_FTO]
    if rule.verify and rule.verify_note:
        parts.append(rule.verify_note)
    return " ".join(parts)


def _computed(
    rule: Rule,
    inputs: dict[str, str],
    steps: list[str],
    result: date,
    warnings: list[str],
    alternative: Alternative | None = None,
) -> Computation:
    """What a rule worked out, with the caveat every rule carries."""
    return Computation(rule, inputs, steps, result, _caveat(rule), warnings, alternative)


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def _months(n: int) -> str:
    if n == 12:
        return "one year"
    return "1 month" if n == 1 else f"{n} months"


def _not_moved(result: date, region: HolidayRegion) -> list[str]:
    """A warning when a limit falls on a day the tribunal office may be shut (it never moves)."""
    holiday = bank_holiday_name(result, region)
    if result.weekday() >= 5:
        why = "a weekend day"
    elif holiday is not None:
        why = f"a bank holiday ({holiday}) in {region.label}"
    else:
        return []
    return [
        f"{format_date_weekday(result)} is {why}. The limit does not move to the next working "
        "day (Miah v Axis Security, EAT 2017): present the claim before it."
    ]


_T = TypeVar("_T")


def _safe(step: Callable[[], _T], field_name: str, label: str) -> _T:
    """Run date arithmetic, turning a date off the calendar into an error naming the input."""
    try:
        return step()
    except RepdeskError as exc:
        raise RuleInputError(field_name, f"{label}: {exc.message}") from None


def _months_less_one_day(act: date, months: int) -> tuple[date, str]:
    """The day before the corresponding date ``months`` later, with its sentence.

    Where the corresponding date does not exist (31 Aug + 3 months), the
    period ends on the last day of that month, as tribunals count it.
    """
    later = add_months(act, months)
    if later.day == act.day:
        result = later - timedelta(days=1)
        return result, f"{_months(months).capitalize()} less one day → {format_date(result)}."
    month = MONTH_NAMES[later.month - 1]
    return later, (
        f"{_months(months).capitalize()} less one day: there is no {act.day} {month} "
        f"{later.year}, so the period ends on the last day of {month} → {format_date(later)}."
    )


def _union_reading(act: date, months: int) -> date:
    """Union guidance's reading: the day before the act, then forward ``months``."""
    return add_months(act - timedelta(days=1), months)
