"""Working a deadline out from what the rep typed, and again from what was saved."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from repdesk.domain.enums import HolidayRegion
from repdesk.domain.errors import RepdeskError
from repdesk.domain.rules.base import (
    SETTING_KEYS,
    RuleInputError,
    RuleKind,
    Settings,
)
from repdesk.domain.rules.catalogue import (
    _known_ids,
    _Values,
    input_specs,
    kind_of,
)
from repdesk.domain.rules.others import (
    _companion,
    _flexible_decision,
    _policy,
    _subject_access,
    _written_reasons,
)
from repdesk.domain.rules.tribunal import (
    _tribunal,
)
from repdesk.domain.rules.working import (
    Computation,
)

_COMPUTE: dict[RuleKind, Callable[[_Values, Settings], Computation]] = {
    RuleKind.TRIBUNAL: _tribunal,
    RuleKind.COMPANION: _companion,
    RuleKind.FLEXIBLE_DECISION: _flexible_decision,
    RuleKind.SAR: _subject_access,
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
