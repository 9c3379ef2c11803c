"""The vocabulary of the deadline rules: kinds, claim types, settings, inputs, and the Rule record."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import Literal

from repdesk.domain.dates import format_date
from repdesk.domain.enums import HolidayRegion
from repdesk.domain.errors import RepdeskError

RuleParam = int | str | date
"""The kinds of value a rule parameter may hold."""

CHECK_WITH_FTO = "Check with your full-time officer or legal before relying on this date."
"""The sentence every computed deadline carries."""

COMPANION_POSTPONEMENT = "companion-postponement"
"""Rule id: the worker's right to propose another time when their companion cannot attend."""

TRIBUNAL_LIMIT = "tribunal-limit"
"""Rule id: the time limit for most employment tribunal claims."""


SETTING_KEYS = ("region", "commencement", "covers_from")
"""Saved input keys that come from the rep's settings rather than the facts of a case."""


# --------------------------------------------------------------------------- what can be computed


class RuleKind(StrEnum):
    """The kinds of deadline repdesk can work out (the command line's subcommands)."""

    TRIBUNAL = "tribunal"
    COMPANION = "companion"
    FLEXIBLE_DECISION = "flexible-decision"
    SAR = "sar"
    WRITTEN_REASONS = "written-reasons"
    POLICY = "policy"

    @property
    def label(self) -> str:
        """What a rep reads for this kind."""
        return _KIND_LABELS[self]


_KIND_LABELS = {
    RuleKind.TRIBUNAL: "Tribunal time limit",
    RuleKind.COMPANION: "Companion postponement (5 working days)",
    RuleKind.FLEXIBLE_DECISION: "Flexible-working decision (2 months)",
    RuleKind.SAR: "Subject access request reply (1 month)",
    RuleKind.WRITTEN_REASONS: "Written reasons for dismissal (14 days)",
    RuleKind.POLICY: "Employer-policy window (N days)",
}


class Claim(StrEnum):
    """Tribunal claim types, each with its own limit (``rules.md``'s table)."""

    MOST = "most"
    UNION_DETRIMENT = "union-detriment"
    INDUSTRIAL_ACTION_DISMISSAL = "industrial-action-dismissal"
    INTERIM_RELIEF = "interim-relief"
    WAGES = "wages"
    EQUAL_PAY = "equal-pay"
    REDUNDANCY_PAY = "redundancy-pay"
    BREACH_OF_CONTRACT = "breach-of-contract"
    ACCOMPANIMENT = "accompaniment"
    UNION_TIME_OFF = "union-time-off"
    FLEXIBLE_WORKING = "flexible-working"
    HUMAN_RIGHTS = "human-rights"

    @property
    def label(self) -> str:
        """What a rep reads for this claim type."""
        if self is Claim.MOST:
            return "Most claims (unfair dismissal, discrimination, detriment)"
        return self._rule().name

    @property
    def subject(self) -> str:
        """What the limit is counted from ("Date of payment of the wages", ...), for a form's label."""
        return self._rule().subject

    def _rule(self) -> Rule:
        # The catalogue imports this module, so it is looked up when first asked for.
        from repdesk.domain.rules.catalogue import rule_id_for, rule_named

        return rule_named(rule_id_for(RuleKind.TRIBUNAL, self))


@dataclass(frozen=True)
class Settings:
    """The rep's settings that change how deadlines are counted (from their profile).

    ``commencement`` is the date the Employment Rights Act 2025's 6-month
    tribunal limit commenced, as the rep has confirmed it; None (the default)
    keeps it off. ``covers_from`` is the first act it covers under the
    transitional rule the rep has confirmed (None: acts on or after the
    commencement date).
    """

    region: HolidayRegion = HolidayRegion.ENGLAND_WALES
    commencement: date | None = None
    covers_from: date | None = None

    @property
    def first_covered(self) -> date | None:
        """The first act the 6-month limit covers, or None while it is off."""
        if self.commencement is None:
            return None
        return self.covers_from or self.commencement


class RuleInputError(RepdeskError):
    """An input to a rule is missing, unreadable or impossible; ``field`` names it."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name


@dataclass(frozen=True)
class InputSpec:
    """One input a rule needs, for the desk's form and the command line."""

    name: str
    label: str
    type: Literal["date", "int", "choice", "flag"]
    required: bool
    help: str = ""
    choices: tuple[tuple[str, str], ...] = ()


# --------------------------------------------------------------------------- rules as data


@dataclass(frozen=True)
class Rule:
    """One version of a deadline rule, as data.

    ``applies_from`` is the first date of the act (or event) the version
    applies to; None means "from the start". A version with a
    ``commencement`` parameter is a law whose start is only reported: it
    applies only once the rep has entered that date. ``params`` is read-only.
    ``verify`` marks a rule whose facts are reported rather than confirmed:
    every computation under it says so (``verify_note``).
    """

    id: str
    version: int
    kind: RuleKind
    name: str
    source: str
    applies_from: date | None
    params: Mapping[str, RuleParam] = field(hash=False)
    verify: bool
    summary: str
    verify_note: str = ""
    claim: Claim | None = None
    subject: str = "Act complained of"

    @property
    def label(self) -> str:
        """Name and version, e.g. "Tribunal time limit (v2)", for headings."""
        return f"{self.name} (v{self.version})"

    @property
    def pending(self) -> bool:
        """True for a version that waits for a commencement date the rep enters."""
        return "commencement" in self.params

    @property
    def commencement_text(self) -> str:
        """When this version applies, in words, for ``repdesk rules``."""
        if self.pending:
            return "only once you enter its commencement date in your profile (not confirmed: verify)"
        if self.applies_from is None:
            return "in force"
        return f"for acts on or after {format_date(self.applies_from)}"


def _frozen(**params: RuleParam) -> Mapping[str, RuleParam]:
    return MappingProxyType(dict(params))
