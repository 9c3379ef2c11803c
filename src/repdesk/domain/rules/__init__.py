"""UK deadline rules as versioned data, and computations that show their working.

A change in the law adds a :class:`Rule` version instead of editing one, so a
deadline saved under an older rule can still be re-worked exactly as it was
computed (:func:`recompute`), and checked against today's rules and the rep's
settings (:func:`recheck`). Every :class:`Computation` carries its inputs, its
steps in plain sentences, its warnings and a caveat: repdesk shows arithmetic,
it does not give legal advice, and it never says a claim exists.

The package: ``base`` (the vocabulary), ``catalogue`` (every rule as data, and
the inputs each kind asks for), ``working`` (a computation and the arithmetic
all rules share), ``tribunal`` and ``others`` (the rules themselves) and
``compute`` (from what the rep typed, or from what was saved).

Two safety choices run through the package:

* A rule whose commencement is only reported (the 6-month limit of the
  Employment Rights Act 2025) is off until the rep enters its commencement
  date (:class:`Settings`). A later date is the dangerous direction.
* Where readings of the arithmetic differ, the result is the earlier date and
  the other one is given as :attr:`Computation.alternative`, with the reason.
"""

from __future__ import annotations

from repdesk.domain.dates import add_months
from repdesk.domain.rules.base import (
    CHECK_WITH_FTO,
    COMPANION_POSTPONEMENT,
    SETTING_KEYS,
    TRIBUNAL_LIMIT,
    Claim,
    InputSpec,
    Rule,
    RuleInputError,
    RuleKind,
    RuleParam,
    Settings,
)
from repdesk.domain.rules.catalogue import (
    RULES,
    get_rule,
    input_specs,
    kind_of,
    rule_for,
    rule_id_for,
    rule_named,
)
from repdesk.domain.rules.compute import compute, recheck, recompute
from repdesk.domain.rules.tribunal import tribunal_six_months
from repdesk.domain.rules.working import Alternative, Computation
from repdesk.domain.workdays import add_working_days, bank_holiday_name, bank_holidays, is_working_day

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
    "rule_named",
    "tribunal_six_months",
]
