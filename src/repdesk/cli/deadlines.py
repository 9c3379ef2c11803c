"""``repdesk rules`` and ``repdesk deadline compute|add``: the deadline rules from the command line."""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from typing import TYPE_CHECKING, TextIO

from repdesk.cli.common import EXIT_OK, UsageError, database
from repdesk.cli.parser import REGIONS, option_name
from repdesk.domain.errors import RepdeskError
from repdesk.paths import Location

if TYPE_CHECKING:
    from repdesk.domain.rules import Computation, Settings


def _rule_values(args: argparse.Namespace) -> dict[str, object]:
    """The rule inputs given on the command line, by the names the rules use."""
    names = (
        "claim",
        "act",
        "acas_contacted",
        "certificate",
        "proposed",
        "received",
        "requested",
        "days",
        "unit",
    )
    values: dict[str, object] = {name: getattr(args, name) for name in names if getattr(args, name, None)}
    if getattr(args, "from_", None):
        values["from"] = args.from_
    if getattr(args, "series", False):
        values["series"] = "yes"
    return values


def _computation(args: argparse.Namespace, base: Settings | None = None) -> Computation:
    """Work the deadline out from the options, under --region and --commencement over ``base``
    (the profile's settings for ``deadline add``; the defaults for ``deadline compute``)."""
    from repdesk.domain.dates import parse_date
    from repdesk.domain.enums import HolidayRegion
    from repdesk.domain.rules import RuleInputError, Settings, compute

    settings = base or Settings()
    if args.region:
        settings = replace(settings, region=HolidayRegion(REGIONS[args.region]))
    if getattr(args, "commencement", None):  # only tribunal limits take it
        try:
            settings = replace(settings, commencement=parse_date(args.commencement), covers_from=None)
        except RepdeskError as exc:
            raise UsageError(f"--commencement: {exc.message}") from None
    try:
        return compute(args.kind, _rule_values(args), settings)
    except RuleInputError as exc:
        # The rule names the input in words; the command line names its option too.
        raise UsageError(f"{option_name(exc.field)}: {exc.message}") from None


def _print_computation(computation: Computation, fmt: str, out: TextIO, *, saved: str = "") -> None:
    if fmt == "json":
        data = computation.as_json()
        if saved:
            data["saved_to"] = saved
        print(json.dumps(data, indent=2, ensure_ascii=False), file=out)
        return
    from repdesk.domain.dates import format_date_weekday

    print(f"Due: {format_date_weekday(computation.result)}", file=out)
    if saved:
        print(saved, file=out)
    print(file=out)
    for line in computation.explain():
        print(line, file=out)


def cmd_rules(_location: Location, args: argparse.Namespace, out: TextIO) -> int:
    """List every rule version and claim type, with its source and when it applies."""
    from repdesk.domain.rules import RULES, Claim, RuleKind, rule_id_for

    claims = {rule_id_for(RuleKind.TRIBUNAL, claim): claim.value for claim in Claim}
    rows = [
        {
            "rule": rule.id,
            "version": rule.version,
            "kind": rule.kind.value,
            "claim": claims.get(rule.id),
            "name": rule.name,
            "applies": rule.commencement_text,
            "verify": rule.verify,
            "source": rule.source,
            "summary": rule.summary,
        }
        for rule in RULES
    ]
    if args.format == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False), file=out)
        return EXIT_OK
    for row in rows:
        claim = f"  (--claim {row['claim']})" if row["claim"] else ""
        verify = "  [verify]" if row["verify"] else ""
        print(f"{row['rule']} v{row['version']}: {row['name']}{claim}{verify}", file=out)
        print(f"  kind: {row['kind']}; applies: {row['applies']}", file=out)
        print(f"  source: {row['source']}", file=out)
        print(f"  {row['summary']}", file=out)
        print(file=out)
    print(
        "Every date repdesk computes is arithmetic, not advice: check it with your full-time officer.",
        file=out,
    )
    return EXIT_OK


def cmd_deadline(location: Location, args: argparse.Namespace, out: TextIO) -> int:
    """Work out a deadline (touching no database), or save one to a case."""
    if args.action == "compute":
        _print_computation(_computation(args), args.format, out)
        return EXIT_OK
    from repdesk.domain.dates import format_date
    from repdesk.store import cases, deadlines

    with database(location) as db, db.transaction() as session:
        case = cases.find_case(session, args.case_ref.strip())
        if case is None or case.id is None:
            raise RepdeskError(f"There is no case {args.case_ref!r} in {location.database}.")
        computation = _computation(args, deadlines.rule_settings(session))
        saved = deadlines.add_computed(session, case.id, computation, what=args.what)
        note = f"Saved to {case.ref} as deadline {saved.id}: {saved.what}, due {format_date(saved.due_on)}."
    _print_computation(computation, args.format, out, saved=note)
    return EXIT_OK
