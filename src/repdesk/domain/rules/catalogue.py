"""Every rule, as versioned data, and how to find the version that applies; the inputs each kind asks for."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import TypeVar

from repdesk.domain.dates import format_date, parse_date
from repdesk.domain.errors import RepdeskError
from repdesk.domain.rules.base import (
    COMPANION_POSTPONEMENT,
    TRIBUNAL_LIMIT,
    Claim,
    InputSpec,
    Rule,
    RuleInputError,
    RuleKind,
    RuleParam,
    _frozen,
)


def _rule(
    rule_id: str,
    kind: RuleKind,
    name: str,
    source: str,
    summary: str,
    *,
    subject: str,
    params: Mapping[str, RuleParam],
    verify_note: str = "",
    version: int = 1,
    claim: Claim | None = None,
) -> Rule:
    """One version of a rule; a rule with a ``verify_note`` is marked to be verified."""
    return Rule(
        id=rule_id,
        version=version,
        kind=kind,
        name=name,
        source=source,
        applies_from=None,
        params=_frozen(**params),
        verify=bool(verify_note),
        summary=summary,
        verify_note=verify_note,
        claim=claim,
        subject=subject,
    )


def _tribunal_rule(
    claim: Claim,
    name: str,
    source: str,
    summary: str,
    *,
    subject: str = "Act complained of",
    verify_note: str = "",
    version: int = 1,
    **params: RuleParam,
) -> Rule:
    rule_id = TRIBUNAL_LIMIT if claim is Claim.MOST else f"tribunal-{claim.value}"
    return _rule(
        rule_id,
        RuleKind.TRIBUNAL,
        name,
        source,
        summary,
        subject=subject,
        params=params,
        verify_note=verify_note,
        version=version,
        claim=claim,
    )


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
    _rule(
        COMPANION_POSTPONEMENT,
        RuleKind.COMPANION,
        "Postponement when the companion cannot attend",
        "Employment Relations Act 1999, s.10(4)-(5).",
        "If the worker's chosen companion cannot attend a disciplinary or grievance "
        "hearing at the time the employer proposed, the worker may propose another "
        "time. It must be reasonable and fall within 5 working days, counted from the "
        "first working day after the date the employer first proposed.",
        subject="Date first proposed by the employer",
        params={"working_days": 5},
    ),
    _rule(
        "flexible-working-decision",
        RuleKind.FLEXIBLE_DECISION,
        "Flexible-working decision",
        "Employment Rights Act 1996 s.80G(1B), as amended from 6 Apr 2024.",
        "The employer must decide a flexible-working request, including any appeal, within "
        "the decision period of 2 months beginning with the date the request was made, "
        "unless employer and employee agree a longer period.",
        subject="Date the request was made",
        params={"months": 2},
    ),
    _rule(
        "subject-access-request",
        RuleKind.SAR,
        "Subject access request reply",
        "UK GDPR Art. 12(3); ICO guidance on the time limit for responding.",
        "The employer must answer a subject access request within one month of receiving "
        "it, counted to the corresponding date in the next month. It may extend by up to "
        "two further months for complex or numerous requests if it says so within the "
        "first month.",
        subject="Date the request was received",
        verify_note=(
            "The Data (Use and Access) Act 2025 restated when the month starts (UK GDPR Art. 12A, "
            "from 5 Feb 2026): verify the count against the ICO's current guidance."
        ),
        params={"months": 1},
    ),
    _rule(
        "written-reasons",
        RuleKind.WRITTEN_REASONS,
        "Written reasons for dismissal",
        "Employment Rights Act 1996 s.92(2).",
        "An employee with the qualifying service who asks for written reasons for their "
        "dismissal is entitled to them within 14 days of the request.",
        subject="Date of the request",
        verify_note="The 14-day period is reported: verify.",
        params={"days": 14},
    ),
    _rule(
        "policy-window",
        RuleKind.POLICY,
        "Employer-policy window",
        "The employer's own policy (e.g. a disciplinary or grievance appeal window); the "
        "ACAS Code of Practice on disciplinary and grievance procedures asks only that "
        "appeals be heard without unreasonable delay.",
        "A window set by the employer's policy: the number of days and whether they are "
        "working or calendar days come from the policy, as you enter them.",
        subject="Date the window runs from",
        params={},
    ),
)


def _known_ids() -> str:
    return ", ".join(sorted({rule.id for rule in RULES}))


def _versions(rule_id: str) -> list[Rule]:
    versions = [rule for rule in RULES if rule.id == rule_id]
    if not versions:
        raise RepdeskError(f"repdesk has no rule called '{rule_id}'; the rules it knows are {_known_ids()}.")
    return versions


def rule_named(rule_id: str) -> Rule:
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
    rule = rule_named(rule_id)
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
