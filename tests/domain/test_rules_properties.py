"""Properties every deadline rule keeps, over generated inputs."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from repdesk.domain.enums import HolidayRegion
from repdesk.domain.rules import CHECK_WITH_FTO, Claim, Computation, RuleKind, Settings, compute, recompute

DATES = st.dates(min_value=date(2019, 1, 1), max_value=date(2030, 12, 31))
REGIONS = st.sampled_from(list(HolidayRegion))
COMMENCEMENTS = st.one_of(st.none(), st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 31)))


@st.composite
def tribunal_inputs(draw: st.DrawFn) -> tuple[dict[str, object], Settings]:
    act = draw(DATES)
    values: dict[str, object] = {"claim": draw(st.sampled_from(list(Claim))).value, "act": act}
    if draw(st.booleans()):
        day_a = act + timedelta(days=draw(st.integers(min_value=-30, max_value=200)))
        values["acas_contacted"] = day_a
        if draw(st.booleans()):
            values["certificate"] = day_a + timedelta(days=draw(st.integers(min_value=0, max_value=120)))
    if draw(st.booleans()):
        values["series"] = "yes"
    return values, Settings(draw(REGIONS), draw(COMMENCEMENTS))


@st.composite
def any_inputs(draw: st.DrawFn) -> tuple[RuleKind, dict[str, object], Settings]:
    kind = draw(st.sampled_from(list(RuleKind)))
    if kind is RuleKind.TRIBUNAL:
        values, chosen = draw(tribunal_inputs())
        return kind, values, chosen
    day = draw(DATES)
    name = {RuleKind.COMPANION: "proposed", RuleKind.SAR: "received", RuleKind.POLICY: "from"}.get(
        kind, "requested"
    )
    values = {name: day}
    if kind is RuleKind.POLICY:
        values["days"] = str(draw(st.integers(min_value=1, max_value=365)))
        values["unit"] = draw(st.sampled_from(["working", "calendar"]))
    return kind, values, Settings(draw(REGIONS), draw(COMMENCEMENTS))


@settings(max_examples=300, deadline=None)
@given(tribunal_inputs())
def test_early_conciliation_never_makes_a_limit_earlier(case: tuple[dict[str, object], Settings]) -> None:
    values, chosen = case
    plain = compute("tribunal", {"claim": values["claim"], "act": values["act"]}, chosen)
    extended = compute("tribunal", values, chosen)
    assert extended.result >= plain.result
    assert plain.result > values["act"]  # type: ignore[operator]


@settings(max_examples=300, deadline=None)
@given(any_inputs())
def test_every_saved_computation_recomputes_and_names_its_rule_source_inputs_and_caveat(
    case: tuple[RuleKind, dict[str, object], Settings],
) -> None:
    kind, values, chosen = case
    computation: Computation = compute(kind, values, chosen)
    assert recompute(computation.rule.id, computation.inputs) == computation
    working = computation.explain()
    assert working[0] == f"{computation.rule.label}."
    assert working[1] == f"Source: {computation.rule.source}" and computation.rule.source
    assert working[2].startswith("Inputs: ")
    for _, label, shown in computation.input_rows():
        assert f"{label}: {shown}" in working[2]
    assert CHECK_WITH_FTO in working[-1]
    kinds = [kind for kind, _ in computation.working()]
    assert kinds[:3] == ["rule", "source", "inputs"] and kinds[-1] == "caveat"
    assert kinds.count("warning") == len(computation.warnings)
    assert kinds.count("alternative") == (computation.alternative is not None)
    if computation.rule.verify:
        assert "verify" in computation.caveat
    # The date to work to is never later than the other date shown beside it, except the
    # ICO's next-working-day reply date for a subject access request, which is the employer's.
    if computation.alternative is not None and kind is not RuleKind.SAR:
        assert computation.result <= computation.alternative.due


@settings(max_examples=200, deadline=None)
@given(DATES, REGIONS)
def test_the_six_month_limit_never_applies_without_a_commencement(act: date, region: HolidayRegion) -> None:
    computation = compute("tribunal", {"claim": "most", "act": act}, Settings(region))
    assert computation.rule.version == 1
    assert (
        computation.result <= compute("tribunal", {"claim": "most", "act": act}, Settings(region, act)).result
    )


@settings(max_examples=200, deadline=None)
@given(DATES)
def test_northern_ireland_is_never_given_a_gb_rule_silently(act: date) -> None:
    northern_ireland = Settings(HolidayRegion.NORTHERN_IRELAND, commencement=date(2026, 1, 1))
    for kind, values in (("tribunal", {"claim": "most", "act": act}), ("companion", {"proposed": act})):
        computation = compute(kind, values, northern_ireland)
        assert any("Northern Ireland" in warning for warning in computation.warnings)
        assert computation.rule.version == 1
