"""UK deadline rules as versioned data, and computations that show their working.

A change in the law adds a :class:`Rule` version instead of editing one, so a
deadline saved under an older rule can still be re-worked exactly as it was
computed (:func:`recompute`), and checked against today's rules and the rep's
settings (:func:`recheck`). Every :class:`Computation` carries its inputs, its
steps in plain sentences, its warnings and a caveat: repdesk shows arithmetic,
it does not give legal advice, and it never says a claim exists.

Two safety choices run through the module:

* A rule whose commencement is only reported (the 6-month limit of the
  Employment Rights Act 2025) is off until the rep enters its commencement
  date (:class:`Settings`). A later date is the dangerous direction.
* Where readings of the arithmetic differ, the result is the earlier date and
  the other one is given as :attr:`Computation.alternative`, with the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Literal, TypeVar

from repdesk.domain.dates import MONTH_NAMES, add_months, format_date, format_date_weekday, parse_date
from repdesk.domain.enums import HolidayRegion
from repdesk.domain.errors import RepdeskError
from repdesk.domain.workdays import (
    add_working_days,
    bank_holiday_name,
    bank_holidays,
    is_working_day,
    working_days_after,
)

__all__ = [
    "CHECK_WITH_FTO",
    "COMPANION_POSTPONEMENT",
    "RULES",
    "SETTING_KEYS",
    "TRIBUNAL_LIMIT",
    "Alternative",
    "Claim",
    "Computation",
    "InputSpec",
    "Rule",
    "RuleInputError",
    "RuleKind",
    "RuleParam",
    "Settings",
    "add_months",
    "add_working_days",
    "bank_holiday_name",
    "bank_holidays",
    "compute",
    "get_rule",
    "input_specs",
    "is_working_day",
    "kind_of",
    "recheck",
    "recompute",
    "rule_for",
    "rule_id_for",
]

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
        return _rule(rule_id_for(RuleKind.TRIBUNAL, self)).name

    @property
    def subject(self) -> str:
        """What the limit is counted from ("Date of payment of the wages", ...), for a form's label."""
        return _rule(rule_id_for(RuleKind.TRIBUNAL, self)).subject


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


_EC = "early conciliation extends it ({})"
_NO_EC = "early conciliation does not extend it"


def _tribunal_rule(
    claim: Claim,
    name: str,
    source: str,
    summary: str,
    *,
    subject: str = "Act complained of",
    verify_note: str = "",
    version: int = 1,
    applies_from: date | None = None,
    **params: RuleParam,
) -> Rule:
    rule_id = TRIBUNAL_LIMIT if claim is Claim.MOST else f"tribunal-{claim.value}"
    return Rule(
        id=rule_id,
        version=version,
        kind=RuleKind.TRIBUNAL,
        name=name,
        source=source,
        applies_from=applies_from,
        params=_frozen(**params),
        verify=bool(verify_note),
        summary=summary,
        verify_note=verify_note,
        claim=claim,
        subject=subject,
    )


_S207B = "ERA 1996 s.207B"

RULES: tuple[Rule, ...] = (
    _tribunal_rule(
        Claim.MOST,
        "Tribunal time limit",
        "Most claims: 3 months less one day from the act complained of (e.g. Employment Rights "
        "Act 1996 s.111(2) and s.48(3), Equality Act 2010 s.123). ACAS early conciliation: "
        "ERA 1996 s.207B, Equality Act 2010 s.140B.",
        "Most claims (unfair dismissal, discrimination, detriment) are counted as 3 months "
        "less one day from the act complained of, or from the last act of a series. ACAS early "
        "conciliation stops the clock (step 1) and, where the limit would fall sooner, moves it "
        "to one month after the certificate (step 2).",
        months=3,
        ec=1,
    ),
    _tribunal_rule(
        Claim.MOST,
        "Tribunal time limit",
        "Employment Rights Act 2025 s.152 and Sch 12, lengthening most limits to 6 months less "
        "one day once commenced. ACAS early conciliation: ERA 1996 s.207B, Equality Act 2010 s.140B.",
        "Once s.152 of the Employment Rights Act 2025 has commenced, for the acts its "
        "transitional rule covers, most claims are counted as 6 months less one day from the act "
        "complained of, with the same early conciliation steps.",
        version=2,
        verify_note=(
            "The 6-month limit is used only because a commencement date was entered for it: "
            "verify that date and the acts it covers."
        ),
        months=6,
        ec=1,
        commencement="entered by the rep",
    ),
    _tribunal_rule(
        Claim.UNION_DETRIMENT,
        "Trade union detriment",
        "Trade Union and Labour Relations (Consolidation) Act 1992 s.146 and s.147: 3 months "
        "from the act (or the last of a series). Early conciliation: TULRCA s.292A.",
        "A complaint of detriment for union membership or activities is counted as 3 months "
        "less one day from the act, or the last act of a series. Mercer v Alternative Future "
        "Group [2024] UKSC 12 declared s.146 incompatible with Article 11 for strike action; "
        "the declaration did not change the law itself.",
        verify_note="That early conciliation extends this limit (TULRCA s.292A) is reported: verify.",
        months=3,
        ec=1,
    ),
    _tribunal_rule(
        Claim.INDUSTRIAL_ACTION_DISMISSAL,
        "Dismissal for protected industrial action",
        "TULRCA 1992 s.238A and s.239: 6 months from the date of dismissal. Early "
        "conciliation: TULRCA s.292A.",
        "A complaint of unfair dismissal for taking protected industrial action is counted as "
        "6 months less one day from the date of dismissal, with early conciliation steps.",
        subject="Date of dismissal",
        months=6,
        ec=1,
    ),
    _tribunal_rule(
        Claim.INTERIM_RELIEF,
        "Interim relief",
        "TULRCA 1992 s.161(2) and ERA 1996 s.128(2): within 7 days immediately following the "
        "effective date of termination. Early conciliation does not extend it.",
        "An application for interim relief (e.g. dismissal for union membership or activities) "
        "must be presented within the 7 days immediately after the effective date of "
        "termination. It is the shortest limit a rep meets, and early conciliation does not "
        "extend it.",
        subject="Effective date of termination",
        days=7,
        ec=0,
    ),
    _tribunal_rule(
        Claim.WAGES,
        "Deductions from wages",
        "Employment Rights Act 1996 s.23(2)-(3): 3 months from the date of payment of the wages "
        "(or the last of a series). Early conciliation: ERA 1996 s.207B.",
        "A complaint about a deduction from wages is counted as 3 months less one day from the "
        "date the wages were paid, or the last payment of a series. Deductions for taking part "
        "in industrial action fall outside ERA s.13 (s.14(5)); repdesk counts the date and "
        "says nothing about whether a claim lies.",
        subject="Date of payment of the wages",
        months=3,
        ec=1,
    ),
    _tribunal_rule(
        Claim.EQUAL_PAY,
        "Equal pay",
        "Equality Act 2010 s.129: 6 months (in a standard case, from the end of the employment). "
        "Early conciliation: Equality Act 2010 s.140B.",
        "An equal pay claim is counted here as 6 months less one day from the date you enter "
        "(in a standard case, the end of the employment). The statute's period can end a day "
        "later; repdesk works to the earlier date.",
        subject="End of the employment",
        months=6,
        ec=1,
    ),
    _tribunal_rule(
        Claim.REDUNDANCY_PAY,
        "Statutory redundancy pay",
        "Employment Rights Act 1996 s.164: 6 months beginning with the relevant date. Early "
        "conciliation: ERA 1996 s.207B.",
        "A claim for a statutory redundancy payment is counted as 6 months less one day from "
        "the relevant date (usually the date the employment ended).",
        subject="Relevant date",
        months=6,
        ec=1,
    ),
    _tribunal_rule(
        Claim.BREACH_OF_CONTRACT,
        "Breach of contract (tribunal)",
        "Employment Tribunals Extension of Jurisdiction (England and Wales) Order 1994 art. 7 "
        "(Scotland: the 1994 Scotland Order): 3 months from the effective date of termination. "
        "Early conciliation: art. 8B.",
        "A breach of contract claim in the tribunal is counted as 3 months less one day from "
        "the effective date of termination.",
        subject="Effective date of termination",
        verify_note=(
            "That this limit stays 3 months after the Employment Rights Act 2025 is reported: verify."
        ),
        months=3,
        ec=1,
    ),
    _tribunal_rule(
        Claim.ACCOMPANIMENT,
        "Right to be accompanied",
        "Employment Relations Act 1999 s.11(2): 3 months from the failure or threat. Early "
        "conciliation: s.11(2A).",
        "A complaint that the right to be accompanied was refused (or threatened) is counted "
        "as 3 months less one day from the date of the failure or threat.",
        subject="Date of the failure or threat",
        months=3,
        ec=1,
    ),
    _tribunal_rule(
        Claim.UNION_TIME_OFF,
        "Time off for union duties or activities",
        "TULRCA 1992 s.171 (for s.168-170): 3 months from the date of the failure. Early "
        "conciliation: TULRCA s.292A.",
        "A complaint that time off for union duties or activities was not allowed is counted "
        "as 3 months less one day from the date of the failure.",
        subject="Date of the failure",
        verify_note="That early conciliation extends this limit is reported: verify.",
        months=3,
        ec=1,
    ),
    _tribunal_rule(
        Claim.FLEXIBLE_WORKING,
        "Flexible-working complaint",
        "Employment Rights Act 1996 s.80H-80I: 3 months from the relevant date. Early "
        "conciliation: ERA 1996 s.207B.",
        "A complaint about how a flexible-working request was handled is counted as 3 months "
        "less one day from the relevant date (for example the decision on appeal).",
        subject="Relevant date",
        verify_note="The 3-month limit for flexible-working complaints is reported: verify.",
        months=3,
        ec=1,
    ),
    _tribunal_rule(
        Claim.HUMAN_RIGHTS,
        "Human Rights Act claim",
        "Human Rights Act 1998 s.7(5): one year beginning with the date of the act (claims "
        "against a public authority). Early conciliation does not extend it.",
        "A claim against a public authority under the Human Rights Act is counted as one year "
        "less one day from the act. Early conciliation does not extend it.",
        verify_note=(
            "Whether the employer is a public authority for this claim is for legal to confirm: verify."
        ),
        months=12,
        ec=0,
    ),
    Rule(
        id=COMPANION_POSTPONEMENT,
        version=1,
        kind=RuleKind.COMPANION,
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
        subject="Date first proposed by the employer",
    ),
    Rule(
        id="flexible-working-decision",
        version=1,
        kind=RuleKind.FLEXIBLE_DECISION,
        name="Flexible-working decision",
        source="Employment Rights Act 1996 s.80G(1B), as amended from 6 Apr 2024.",
        applies_from=None,
        params=_frozen(months=2),
        verify=False,
        summary=(
            "The employer must decide a flexible-working request, including any appeal, within "
            "the decision period of 2 months beginning with the date the request was made, "
            "unless employer and employee agree a longer period."
        ),
        subject="Date the request was made",
    ),
    Rule(
        id="subject-access-request",
        version=1,
        kind=RuleKind.SAR,
        name="Subject access request reply",
        source="UK GDPR Art. 12(3); ICO guidance on the time limit for responding.",
        applies_from=None,
        params=_frozen(months=1),
        verify=True,
        verify_note=(
            "The Data (Use and Access) Act 2025 restated when the month starts (UK GDPR Art. 12A, "
            "from 5 Feb 2026): verify the count against the ICO's current guidance."
        ),
        summary=(
            "The employer must answer a subject access request within one month of receiving "
            "it, counted to the corresponding date in the next month. It may extend by up to "
            "two further months for complex or numerous requests if it says so within the "
            "first month."
        ),
        subject="Date the request was received",
    ),
    Rule(
        id="written-reasons",
        version=1,
        kind=RuleKind.WRITTEN_REASONS,
        name="Written reasons for dismissal",
        source="Employment Rights Act 1996 s.92(2).",
        applies_from=None,
        params=_frozen(days=14),
        verify=True,
        summary=(
            "An employee with the qualifying service who asks for written reasons for their "
            "dismissal is entitled to them within 14 days of the request."
        ),
        verify_note="The 14-day period is reported: verify.",
        subject="Date of the request",
    ),
    Rule(
        id="policy-window",
        version=1,
        kind=RuleKind.POLICY,
        name="Employer-policy window",
        source=(
            "The employer's own policy (e.g. a disciplinary or grievance appeal window); the "
            "ACAS Code of Practice on disciplinary and grievance procedures asks only that "
            "appeals be heard without unreasonable delay."
        ),
        applies_from=None,
        params=_frozen(),
        verify=False,
        summary=(
            "A window set by the employer's policy: the number of days and whether they are "
            "working or calendar days come from the policy, as you enter them."
        ),
        subject="Date the window runs from",
    ),
)


def _known_ids() -> str:
    return ", ".join(sorted({rule.id for rule in RULES}))


def _versions(rule_id: str) -> list[Rule]:
    versions = [rule for rule in RULES if rule.id == rule_id]
    if not versions:
        raise RepdeskError(f"repdesk has no rule called '{rule_id}'; the rules it knows are {_known_ids()}.")
    return versions


def _rule(rule_id: str) -> Rule:
    """The first version of ``rule_id``: names and kinds do not change between versions."""
    return _versions(rule_id)[0]


def get_rule(rule_id: str, version: int) -> Rule:
    """The rule ``rule_id`` at exactly ``version``, e.g. for a saved deadline's heading."""
    for rule in _versions(rule_id):
        if rule.version == version:
            return rule
    raise RepdeskError(f"repdesk has no version {version} of the rule '{rule_id}'.")


def rule_id_for(kind: RuleKind | str, claim: Claim | str | None = None) -> str:
    """The rule id that computes ``kind`` (and, for a tribunal limit, ``claim``)."""
    kind = RuleKind(kind)
    if kind is RuleKind.TRIBUNAL:
        claim = Claim(claim or Claim.MOST)
        return TRIBUNAL_LIMIT if claim is Claim.MOST else f"tribunal-{claim.value}"
    for rule in RULES:
        if rule.kind is kind:
            return rule.id
    raise AssertionError(f"no rule for {kind}")  # pragma: no cover


def kind_of(rule_id: str) -> tuple[RuleKind, Claim | None]:
    """The kind (and claim type) a saved rule id computes."""
    rule = _rule(rule_id)
    return rule.kind, rule.claim


def rule_for(rule_id: str, act_date: date, *, commencement: date | None = None) -> Rule:
    """The version of ``rule_id`` that applies to an act on ``act_date``.

    That is the version with the latest start on or before the act. A pending
    version (one with a ``commencement`` parameter) never applies unless
    ``commencement`` is given: it then starts on that date, and the returned
    rule carries it.
    """
    eligible: list[tuple[date, int, Rule]] = []
    for rule in _versions(rule_id):
        if rule.pending:
            if commencement is None or commencement > act_date:
                continue
            starts = commencement
        else:
            starts = rule.applies_from or date.min
            if starts > act_date:
                continue
        eligible.append((starts, rule.version, rule))
    if not eligible:
        raise RepdeskError(
            f"No version of the rule '{rule_id}' applies to an act on {format_date(act_date)}."
        )
    _, _, chosen = max(eligible, key=lambda item: (item[0], item[1]))
    if chosen.pending and commencement is not None:
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


# --------------------------------------------------------------------------- inputs


_EC_HELP = "Leave empty if ACAS early conciliation has not begun."

_INPUTS: dict[RuleKind, tuple[InputSpec, ...]] = {
    RuleKind.TRIBUNAL: (
        InputSpec(
            "claim",
            "Claim type",
            "choice",
            True,
            "Which limit to count.",
            tuple((claim.label, claim.value) for claim in Claim),
        ),
        InputSpec("act", "Act complained of", "date", True, "For a series of acts, the last one."),
        InputSpec("acas_contacted", "ACAS contacted (Day A)", "date", False, _EC_HELP),
        InputSpec("certificate", "Certificate received (Day B)", "date", False, _EC_HELP),
        InputSpec("series", "Last act of a series", "flag", False, "The date is the last act of a series."),
    ),
    RuleKind.COMPANION: (InputSpec("proposed", "Date first proposed", "date", True),),
    RuleKind.FLEXIBLE_DECISION: (InputSpec("requested", "Request made on", "date", True),),
    RuleKind.SAR: (InputSpec("received", "Request received on", "date", True),),
    RuleKind.WRITTEN_REASONS: (InputSpec("requested", "Reasons requested on", "date", True),),
    RuleKind.POLICY: (
        InputSpec("from", "Window runs from", "date", True, "E.g. the date of the decision letter."),
        InputSpec("days", "Number of days", "int", True, "As the policy says, 1 to 365."),
        InputSpec(
            "unit",
            "Days are",
            "choice",
            True,
            "Working days skip weekends and bank holidays.",
            (("Working days", "working"), ("Calendar days", "calendar")),
        ),
    ),
}

_SUBJECT_INPUTS = frozenset({"act", "proposed", "requested", "received", "from"})
"""Inputs whose label is the rule's own subject ("Effective date of termination", ...)."""

_LABELS: dict[str, str] = {
    "region": "Bank holidays of",
    "commencement": "ERA 2025 6-month limit commenced",
    "covers_from": "6-month limit covers acts from",
}


def input_specs(kind: RuleKind | str) -> tuple[InputSpec, ...]:
    """The inputs ``kind`` needs, in the order a form asks for them."""
    return _INPUTS[RuleKind(kind)]


def _label(name: str) -> str:
    for specs in _INPUTS.values():
        for spec in specs:
            if spec.name == name:
                return spec.label
    return _LABELS.get(name, name)


class _Values:
    """Reads a rule's inputs (typed leniently, or as saved) into Python values."""

    def __init__(self, values: Mapping[str, object], today: date | None) -> None:
        self._values = values
        self._today = today

    def text(self, name: str) -> str:
        raw = self._values.get(name)
        if raw is None:
            return ""
        if isinstance(raw, date):
            return raw.isoformat()
        return str(raw).strip()

    def date(self, name: str, label: str, *, required: bool) -> date | None:
        raw = self._values.get(name)
        if isinstance(raw, date):
            return raw
        text = self.text(name)
        if not text:
            if required:
                raise RuleInputError(name, f"{label}: enter a date (e.g. 6/1/25 or 2025-01-06).")
            return None
        try:
            value = parse_date(text, today=self._today)
        except RepdeskError as exc:
            raise RuleInputError(name, f"{label}: {exc.message}") from None
        if not date(1970, 1, 1) <= value <= date(2200, 12, 31):
            raise RuleInputError(name, f"{label}: {format_date(value)} is outside the years repdesk counts.")
        return value

    def flag(self, name: str) -> bool:
        raw = self._values.get(name)
        if isinstance(raw, bool):
            return raw
        return self.text(name).lower() in {"yes", "true", "1", "y"}


_E = TypeVar("_E", bound=StrEnum)


def _choice(enum: type[_E], text: str, name: str, label: str) -> _E:
    try:
        return enum(text)
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        raise RuleInputError(name, f"{label}: '{text}' is not one of {allowed}.") from None


# --------------------------------------------------------------------------- computations


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

    def explain(self) -> list[str]:
        """The whole working as lines: rule, source, inputs, steps, warnings, result, caveat."""
        lines = [
            f"{self.rule.label}.",
            f"Source: {self.rule.source}",
            "Inputs: " + "; ".join(self.describe_inputs()) + ".",
            *self.steps,
            *(f"Warning: {warning}" for warning in self.warnings),
            f"Result: {format_date_weekday(self.result)}.",
        ]
        if self.alternative is not None:
            lines.append(self.alternative_text)
        lines.append(self.caveat)
        return lines

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
    base = _rule(rule_id)
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
    return Computation(rule, inputs, steps, result, _caveat(rule), warnings, alternative)


def tribunal_six_months(act: date, day_a: date | None, day_b: date | None) -> date:
    """What the pending 6-month limit would give, for the "only if commenced" date."""
    six = get_rule(TRIBUNAL_LIMIT, 2)
    months = _int_param(six, "months")
    statutory, _ = _months_less_one_day(act, months)
    union = _union_reading(act, months)
    earliest = min(statutory, union)
    return _extend(earliest, act, day_a, day_b, narrate=False).limit


def _companion(values: _Values, settings: Settings) -> Computation:
    rule = _rule(COMPANION_POSTPONEMENT)
    proposed = values.date("proposed", rule.subject, required=True)
    assert proposed is not None
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
    return Computation(
        rule,
        {"proposed": proposed.isoformat(), "region": region.value},
        steps,
        result,
        _caveat(rule),
        warnings,
    )


def _months_after(
    rule_id: str, field_name: str, *, less_one_day: bool
) -> Callable[[_Values, Settings], Computation]:
    """A deadline a number of months after one date (flexible-working decision, SAR)."""

    def compute_it(values: _Values, settings: Settings) -> Computation:
        rule = _rule(rule_id)
        start = values.date(field_name, rule.subject, required=True)
        assert start is not None
        months = _int_param(rule, "months")
        steps = [f"{rule.subject}: {format_date(start)}."]
        if less_one_day:
            result, sentence = _safe(lambda: _months_less_one_day(start, months), field_name, rule.subject)
            steps.append(f"A period of {_months(months)} beginning with that date: {sentence}")
        else:
            result = _safe(lambda: add_months(start, months), field_name, rule.subject)
            clamp = (
                ""
                if result.day == start.day
                else f" (there is no {start.day} {MONTH_NAMES[result.month - 1]}: the last day of the month)"
            )
            steps.append(
                f"{_months(months).capitalize()} from the day after that date, to the corresponding "
                f"date{clamp} → {format_date(result)}."
            )
        alternative: Alternative | None = None
        if rule.kind is RuleKind.SAR:
            # ICO: a reply due on a weekend or bank holiday may be sent the next working
            # day. The rep works to the corresponding date and sees the ICO's one beside it.
            warnings: list[str] = []
            if not is_working_day(result, settings.region):
                later = add_working_days(result, 1, settings.region)
                alternative = Alternative(
                    later,
                    f"{format_date_weekday(result)} is not a working day in {settings.region.label}; "
                    "ICO guidance gives the employer until the next working day.",
                )
        else:
            warnings = _not_moved(result, settings.region)
        if rule.kind is RuleKind.SAR:
            extended = _safe(lambda: add_months(result, 2), field_name, rule.subject)
            warnings.append(
                "The employer may extend by up to two further months (to "
                f"{format_date(extended)}) for complex or numerous requests, if it tells the "
                "member within the first month."
            )
        else:
            warnings.append("Employer and employee may agree a longer decision period.")
        return Computation(
            rule,
            {field_name: start.isoformat(), "region": settings.region.value},
            steps,
            result,
            _caveat(rule),
            warnings,
            alternative,
        )

    return compute_it


def _written_reasons(values: _Values, settings: Settings) -> Computation:
    rule = _rule("written-reasons")
    requested = values.date("requested", rule.subject, required=True)
    assert requested is not None
    days = _int_param(rule, "days")
    result = requested + timedelta(days=days)
    steps = [
        f"{rule.subject}: {format_date(requested)}.",
        f"{days} days after the request → {format_date(result)}.",
    ]
    warnings = _not_moved(result, settings.region)
    return Computation(
        rule,
        {"requested": requested.isoformat(), "region": settings.region.value},
        steps,
        result,
        _caveat(rule),
        warnings,
    )


def _policy(values: _Values, settings: Settings) -> Computation:
    rule = _rule("policy-window")
    start = values.date("from", rule.subject, required=True)
    assert start is not None
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
    return Computation(
        rule,
        {"from": start.isoformat(), "days": str(days), "unit": unit, "region": settings.region.value},
        steps,
        result,
        _caveat(rule),
        warnings,
    )


_COMPUTE: dict[RuleKind, Callable[[_Values, Settings], Computation]] = {
    RuleKind.TRIBUNAL: _tribunal,
    RuleKind.COMPANION: _companion,
    RuleKind.FLEXIBLE_DECISION: _months_after("flexible-working-decision", "requested", less_one_day=True),
    RuleKind.SAR: _months_after("subject-access-request", "received", less_one_day=False),
    RuleKind.WRITTEN_REASONS: _written_reasons,
    RuleKind.POLICY: _policy,
}


def compute(
    kind: RuleKind | str,
    values: Mapping[str, object],
    settings: Settings | None = None,
    *,
    today: date | None = None,
) -> Computation:
    """Work out a deadline of ``kind`` from ``values`` under the rep's ``settings``.

    ``values`` maps input names (:func:`input_specs`) to what the rep typed:
    dates leniently ("6/1/25", "today", "+5d"; ``today`` anchors the relative
    ones) or as :class:`datetime.date`. Raises :class:`RuleInputError` naming
    the first input that is missing, unreadable or impossible.
    """
    try:
        chosen = RuleKind(kind)
    except ValueError:
        allowed = ", ".join(k.value for k in RuleKind)
        message = f"'{kind}' is not a deadline repdesk works out; use one of {allowed}."
        raise RuleInputError("kind", message) from None
    return _COMPUTE[chosen](_Values(values, today), settings or Settings())


def _saved_settings(inputs: Mapping[str, str]) -> Settings:
    region_code = inputs.get("region", HolidayRegion.ENGLAND_WALES.value)
    try:
        region = HolidayRegion(region_code)
    except ValueError:
        raise RepdeskError(
            f"The saved region '{region_code}' is not one repdesk knows (ENG, SCT or NIR), so the "
            "working cannot be shown."
        ) from None
    return Settings(region, _saved_date(inputs, "commencement"), _saved_date(inputs, "covers_from"))


def _saved_date(inputs: Mapping[str, str], key: str) -> date | None:
    raw = inputs.get(key, "")
    if raw == "":
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise RepdeskError(
            f"The saved '{key}' value '{raw}' is not a date in YYYY-MM-DD form, so the working "
            "cannot be shown."
        ) from None


def _facts(rule_id: str, inputs: Mapping[str, str]) -> tuple[RuleKind, dict[str, str]]:
    """The kind and the case's own facts from saved inputs (settings set aside)."""
    try:
        kind, claim = kind_of(rule_id)
    except RepdeskError:
        raise RepdeskError(
            f"repdesk has no rule called '{rule_id}', so this deadline's working cannot be "
            f"shown; the rules it knows are {_known_ids()}."
        ) from None
    facts = {key: value for key, value in inputs.items() if key not in SETTING_KEYS}
    if claim is not None:
        facts["claim"] = claim.value
    for spec in input_specs(kind):
        raw = facts.get(spec.name, "")
        if spec.type == "date" and raw:
            _saved_date(facts, spec.name)
        elif spec.type == "date" and spec.required:
            raise RepdeskError(
                f"The saved deadline has no '{spec.name}' date, so its working cannot be shown."
            )
    return kind, facts


def recompute(rule_id: str, inputs: Mapping[str, str]) -> Computation:
    """Rebuild a computation exactly as it was saved, settings included.

    Gives the same result and steps as the original call under today's rule
    data, so the app can show the working of a saved deadline. Raises
    :class:`RepdeskError` for an unknown rule id or inputs that cannot be read.
    """
    kind, facts = _facts(rule_id, inputs)
    return compute(kind, facts, _saved_settings(inputs))


def recheck(rule_id: str, inputs: Mapping[str, str], settings: Settings) -> Computation:
    """What a saved deadline's facts give today, under the rep's current ``settings``.

    A saved deadline whose date differs from this result is flagged for the
    rep to check and recompute; it is never rewritten silently.
    """
    kind, facts = _facts(rule_id, inputs)
    return compute(kind, facts, settings)
