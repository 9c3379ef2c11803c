"""The command line: argument parsing and the non-interactive commands.

Every command resolves the rep's files through :mod:`repdesk.paths`, opens the
database through :func:`repdesk.store.engine.open_database` and calls
services; none of it imports Textual. Errors meant for the rep end as one
line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from repdesk import __version__
from repdesk.domain.dates import format_date
from repdesk.domain.errors import RepdeskError
from repdesk.paths import Location, locate

if TYPE_CHECKING:
    from repdesk.domain.rules import Computation, Settings

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_UNEXPECTED = 70
DEMO_REP = "demo"


class UsageError(RepdeskError):
    """The command line itself is wrong."""


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of printing usage and exiting, so main() owns the exit."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see repdesk --help)")


def _add_target(parser: argparse.ArgumentParser, *, top: bool) -> None:
    default = None if top else argparse.SUPPRESS
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--rep", metavar="NAME", default=default, help="whose database (default: your OS user name)"
    )
    group.add_argument(
        "--db",
        metavar="PATH",
        default=default,
        help="use this database file (overrides REPDESK_DB)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The whole command line."""
    parser = _Parser(
        prog="repdesk",
        description=(
            "A union rep's casework desk: member cases, a threat log and ACAS talks notes "
            "in a private SQLite file. With no command, opens the desk."
        ),
        epilog="The database is chosen by --db, else REPDESK_DB, else the rep's file in the data folder.",
    )
    parser.add_argument("--version", action="version", version=f"repdesk {__version__}")
    _add_target(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    sub = commands.add_parser("locate", help="print where the rep's database, config and exports live")
    _add_target(sub, top=False)

    sub = commands.add_parser(
        "demo",
        help="fill a database with fictional demo data (the 'demo' rep unless --rep/--db is given)",
    )
    _add_target(sub, top=False)
    sub.add_argument(
        "--members", type=_positive, default=60, metavar="N", help="how many members (default 60)"
    )
    sub.add_argument("--seed", type=int, default=2025, metavar="S", help="random seed; same seed, same data")
    sub.add_argument("--fresh", action="store_true", help="start the file over if it already holds data")
    sub.add_argument("--open", action="store_true", help="open the desk on the demo data afterwards")

    sub = commands.add_parser("summary", help="print the database's contents: counts and what needs you now")
    _add_target(sub, top=False)

    sub = commands.add_parser("backup", help="copy the database to its backups folder")
    _add_target(sub, top=False)

    _add_export(commands)
    _add_rules(commands)
    _add_profile(commands)
    return parser


# --- deadline rules ----------------------------------------------------------------

REGIONS = {"england-wales": "ENG", "scotland": "SCT", "northern-ireland": "NIR"}
"""The command line's names for the holiday regions, and their stored codes."""

_OPTION_FOR = {
    "acas_contacted": "--acas-contacted",
    "covers_from": "--covers-from",
}


def _option(field: str) -> str:
    """The command-line option that gives a rule input (``act`` -> ``--act``)."""
    return _OPTION_FOR.get(field, "--" + field.replace("_", "-"))


def _add_deadline_inputs(parser: argparse.ArgumentParser, kind: str) -> None:
    """The options each kind of deadline takes, named as ``repdesk deadline compute`` documents them."""
    from repdesk.domain.rules import Claim

    date_help = "a date: 2025-06-20, 20/6/25, today, +5d"
    if kind == "tribunal":
        parser.add_argument(
            "--claim", required=True, choices=[c.value for c in Claim], help="which claim type's limit"
        )
        parser.add_argument(
            "--act", required=True, metavar="DATE", help="the act complained of; " + date_help
        )
        parser.add_argument("--acas-contacted", metavar="DATE", help="the day ACAS was contacted (Day A)")
        parser.add_argument(
            "--certificate", metavar="DATE", help="the day the EC certificate was received (Day B)"
        )
        parser.add_argument("--series", action="store_true", help="the act is the last of a series of acts")
        parser.add_argument(
            "--commencement",
            metavar="DATE",
            help="count as if the Employment Rights Act 2025's 6-month limit commenced on DATE",
        )
    elif kind == "policy":
        parser.add_argument(
            "--from", dest="from_", required=True, metavar="DATE", help="the date it runs from"
        )
        parser.add_argument("--days", required=True, metavar="N", help="how many days the policy gives")
        unit = parser.add_mutually_exclusive_group(required=True)
        unit.add_argument(
            "--working", dest="unit", action="store_const", const="working", help="working days"
        )
        unit.add_argument(
            "--calendar", dest="unit", action="store_const", const="calendar", help="calendar days"
        )
    else:
        name = {"companion": "proposed", "sar": "received"}.get(kind, "requested")
        parser.add_argument(f"--{name}", required=True, metavar="DATE", help=date_help)
    parser.add_argument(
        "--region", choices=list(REGIONS), help="whose bank holidays count (default: england-wales)"
    )


_KIND_HELP = {
    "tribunal": "a tribunal time limit, by claim type",
    "companion": "the last day for an alternative hearing time (5 working days)",
    "flexible-decision": "when the employer must decide a flexible-working request (2 months)",
    "sar": "when a subject access request must be answered (1 month)",
    "written-reasons": "when written reasons for dismissal are due (14 days)",
    "policy": "an employer-policy window of N working or calendar days",
}


def _add_rules(commands: argparse._SubParsersAction[_Parser]) -> None:
    """``repdesk rules`` and ``repdesk deadline compute|add``."""
    sub = commands.add_parser("rules", help="list every deadline rule and claim type, with sources")
    sub.add_argument("--format", choices=["text", "json"], default="text", help="text (default) or json")

    sub = commands.add_parser("deadline", help="work out a deadline (compute) or save one to a case (add)")
    _add_target(sub, top=False)
    actions = sub.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser, required=True)
    compute = actions.add_parser(
        "compute", help="work out a deadline and show its working; touches no database"
    )
    kinds = compute.add_subparsers(dest="kind", metavar="KIND", parser_class=_Parser, required=True)
    for kind, text in _KIND_HELP.items():
        leaf = kinds.add_parser(kind, help=text)
        _add_deadline_inputs(leaf, kind)
        leaf.add_argument("--format", choices=["text", "json"], default="text", help="text (default) or json")

    add = actions.add_parser(
        "add", help="work out a deadline and save it to a case (your profile's region and commencement)"
    )
    _add_target(add, top=False)
    add.add_argument("case_ref", metavar="CASE-REF", help="the case, e.g. C-2025-0007")
    kinds = add.add_subparsers(dest="kind", metavar="KIND", parser_class=_Parser, required=True)
    for kind, text in _KIND_HELP.items():
        leaf = kinds.add_parser(kind, help=text)
        _add_target(leaf, top=False)
        _add_deadline_inputs(leaf, kind)
        leaf.add_argument(
            "--what", metavar="TEXT", default="", help="what falls due (default: the rule's name)"
        )
        leaf.add_argument("--format", choices=["text", "json"], default="text", help="text (default) or json")


def _add_profile(commands: argparse._SubParsersAction[_Parser]) -> None:
    """``repdesk profile``: show the rep's profile, or change the settings deadlines are counted by."""
    sub = commands.add_parser(
        "profile",
        help="show your profile, or set its deadline settings (region, ERA 2025 commencement)",
        description=(
            "With no options, prints the profile. The 6-month tribunal limit of the Employment "
            "Rights Act 2025 stays off until you enter the date it commenced (--commencement), once "
            "you have confirmed it; --covers-from gives the first act it covers if not that date."
        ),
    )
    _add_target(sub, top=False)
    sub.add_argument("--name", help="your name")
    sub.add_argument("--union", help='your union, e.g. "PCS"')
    sub.add_argument("--branch", help="your branch")
    sub.add_argument("--workplace", help="employer and site")
    sub.add_argument("--region", choices=list(REGIONS), help="whose bank holidays count")
    sub.add_argument("--commencement", metavar="DATE", help="the date the 6-month limit commenced")
    sub.add_argument("--covers-from", metavar="DATE", help="the first act the 6-month limit covers")
    sub.add_argument(
        "--no-commencement",
        action="store_true",
        help="clear the commencement date (back to the 3-month limit in force)",
    )


def _add_export(commands: argparse._SubParsersAction[_Parser]) -> None:
    """``repdesk export case|threats|talks``: documents to send or print."""
    from repdesk.export.redaction import DEFAULT_PROFILE, PROFILES

    sub = commands.add_parser(
        "export",
        help="write a case summary, threat chronology or talks record (md, html, pdf, json, csv)",
        description=(
            "Write a document to send or print. Without -o it goes to the exports folder "
            "(see repdesk locate), named for what it is and when it was made; files are private (0600)."
        ),
    )
    _add_target(sub, top=False)
    kinds = sub.add_subparsers(dest="what", metavar="WHAT", parser_class=_Parser, required=True)

    def common(leaf: argparse.ArgumentParser, formats: tuple[str, ...]) -> None:
        _add_target(leaf, top=False)
        leaf.add_argument("--format", required=True, choices=formats, help="the file format")
        leaf.add_argument(
            "--profile",
            choices=list(PROFILES),
            default=DEFAULT_PROFILE,
            help=f"redaction profile (default {DEFAULT_PROFILE}; see the README's table)",
        )
        leaf.add_argument(
            "-o",
            "--output",
            metavar="PATH",
            help="file or folder to write to; - writes text formats to standard output",
        )
        leaf.add_argument("--force", action="store_true", help="replace a file that already exists")

    document_formats = ("md", "html", "pdf", "json")
    leaf = kinds.add_parser("case", help="a case summary: member, facts, timeline, deadlines, threats")
    leaf.add_argument("ref", metavar="REF", help="the case reference, e.g. C-2025-0007")
    common(leaf, document_formats)

    leaf = kinds.add_parser("threats", help="a numbered, dated chronology of the threat log")
    leaf.add_argument(
        "--member",
        action="append",
        metavar="NAME|NUMBER",
        help="only entries touching this member (part of a name, or a membership number); repeatable",
    )
    leaf.add_argument("--case", metavar="REF", help="only entries linked to this case")
    leaf.add_argument("--from", dest="date_from", type=_lenient_date, metavar="DATE", help="on or after")
    leaf.add_argument("--to", dest="date_to", type=_lenient_date, metavar="DATE", help="on or before")
    leaf.add_argument(
        "--kind",
        action="append",
        type=_threat_kind,
        metavar="KIND",
        help="only this kind of threat; repeatable (" + ", ".join(_threat_kinds()) + ")",
    )
    common(leaf, (*document_formats, "csv"))

    leaf = kinds.add_parser("talks", help="the ACAS talks record (caucus notes left out unless asked)")
    leaf.add_argument(
        "--include-caucus",
        action="store_true",
        help="include the private caucus notes (never in the branch profile)",
    )
    common(leaf, document_formats)


def _lenient_date(text: str) -> object:
    from repdesk.domain.dates import parse_date
    from repdesk.domain.errors import DateInputError

    try:
        return parse_date(text)
    except DateInputError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def _threat_kinds() -> list[str]:
    from repdesk.domain.enums import ThreatKind

    return [kind.value for kind in ThreatKind]


def _threat_kind(text: str) -> object:
    from repdesk.domain.enums import ThreatKind

    value = text.strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return ThreatKind(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a kind of threat; use one of {', '.join(_threat_kinds())}"
        ) from None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def target(args: argparse.Namespace) -> Location:
    """The rep's files as chosen by --rep/--db/REPDESK_DB; demo data goes to the demo rep by default."""
    rep, db = args.rep, args.db
    if args.command == "demo" and rep is None and db is None and not os.environ.get("REPDESK_DB"):
        # Never mix fictional members into a rep's real casework by accident.
        rep = DEMO_REP
    return locate(rep, db)


# --- commands ---------------------------------------------------------------------


def cmd_locate(location: Location, _args: argparse.Namespace, out: TextIO) -> int:
    """Print every path repdesk uses for this rep; touches nothing."""
    rows = [
        ("rep", location.rep),
        ("database", f"{location.database}  (chosen by {location.source})"),
        ("config", str(location.config)),
        ("exports", str(location.exports)),
        ("backups", str(location.backups)),
    ]
    width = max(len(key) for key, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}", file=out)
    return EXIT_OK


def cmd_demo(location: Location, args: argparse.Namespace, out: TextIO) -> int:
    """Fill the database with demo data (only if empty, or after --fresh)."""
    import time

    from repdesk import demo as demo_data
    from repdesk.store.engine import open_database

    if args.fresh:
        _remove_database(location.database)
    db = open_database(location.database, backups=location.backups)
    try:
        held = _member_count(db)
        if held:
            print(
                f"{location.database} already holds {held} members; left as it is "
                "(use --fresh to start it over).",
                file=out,
            )
        else:
            started = time.perf_counter()
            made = demo_data.fill(db, members=args.members, seed=args.seed)
            seconds = time.perf_counter() - started
            print(
                f"Demo data written to {location.database} in {seconds:.1f}s: "
                f"{made.members} members, {made.cases} cases, {made.timeline_entries} timeline entries, "
                f"{made.deadlines} deadlines, {made.threats} threat entries, {made.sessions} talks sessions, "
                f"{made.offers} offers, {made.action_points} action points.",
                file=out,
            )
    finally:
        db.close()
    if args.open:
        return open_desk(location, out)
    return EXIT_OK


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        candidate = Path(f"{path}{suffix}")
        if candidate.exists():
            candidate.unlink()


def _member_count(db: object) -> int:
    from sqlmodel import func, select

    from repdesk.store.engine import Database
    from repdesk.store.models import Member

    assert isinstance(db, Database)
    with db.session() as session:
        return int(session.exec(select(func.count()).select_from(Member)).one())


def cmd_summary(location: Location, _args: argparse.Namespace, out: TextIO) -> int:
    """Print counts and what needs the rep now, from the database."""
    from repdesk.store import triage
    from repdesk.store.engine import open_database

    db = open_database(location.database, backups=location.backups)
    try:
        with db.session() as session:
            report = triage.overview(session)
    finally:
        db.close()
    width = shutil.get_terminal_size((100, 24)).columns
    print(f"repdesk: {location.rep}  ({location.database})", file=out)
    if report.profile:
        print(f"{report.profile}", file=out)
    print(", ".join(f"{n} {label}" for label, n in report.counts), file=out)
    print(file=out)
    print("Most urgent cases:", file=out)
    for row in report.urgent:
        due = f"due {format_date(row.next_due)}" if row.next_due else "no date due"
        line = f"  {row.score:5.1f}  {row.ref}  {row.member_name}: {row.title}  [{row.status.label}; {due}]"
        print(line[: width - 1], file=out)
    if not report.urgent:
        print("  (none open)", file=out)
    print(file=out)
    print(
        f"Overdue deadlines and next actions: {report.overdue}; due in the next 7 days: {report.due_soon}.",
        file=out,
    )
    if report.recheck:
        print(f"Computed deadlines to check and recompute: {len(report.recheck)}.", file=out)
        for flagged in report.recheck:
            line = (
                f"  {flagged.case_ref}  {flagged.what} (saved {format_date(flagged.due_on)}): {flagged.flag}"
            )
            print(line[: width - 1], file=out)
    print(f"Threat entries still at 'logged': {report.threats_logged}.", file=out)
    return EXIT_OK


def cmd_backup(location: Location, _args: argparse.Namespace, out: TextIO) -> int:
    """Copy the database (consistently, WAL included) into its backups folder."""
    from repdesk.store import migrate
    from repdesk.store.engine import open_database

    if not location.database.exists():
        raise RepdeskError(f"There is no database at {location.database} to back up.")
    db = open_database(location.database, backups=location.backups)
    db.close()
    copy = migrate.backup(location.database, location.backups, "manual")
    print(f"Backed up to {copy}", file=out)
    return EXIT_OK


def cmd_export(location: Location, args: argparse.Namespace, out: TextIO) -> int:
    """Build, render and write one export document."""
    from repdesk import export
    from repdesk.store.engine import open_database

    to_stdout = args.output == "-"
    if to_stdout and args.format == "pdf":
        raise UsageError(
            "a PDF cannot be written to standard output; give a file name with -o, or leave -o out"
        )
    date_from, date_to = getattr(args, "date_from", None), getattr(args, "date_to", None)
    if date_from and date_to and date_from > date_to:
        raise UsageError(f"--from ({format_date(date_from)}) is after --to ({format_date(date_to)})")
    if not location.database.exists():
        raise RepdeskError(f"There is no database at {location.database} to export from.")
    db = open_database(location.database, backups=location.backups)
    try:
        with db.session() as session:
            document: export.Document
            if args.what == "case":
                document = export.build_case_summary(
                    session, args.ref, profile=args.profile, database=db.path, rep=location.rep
                )
            elif args.what == "threats":
                selection = export.ThreatSelection(
                    member_ids=tuple(export.resolve_member(session, text) for text in args.member or ()),
                    case_ref=args.case,
                    date_from=date_from,
                    date_to=date_to,
                    kinds=frozenset(args.kind or ()),
                )
                document = export.build_threat_chronology(
                    session, selection, profile=args.profile, database=db.path, rep=location.rep
                )
            else:
                document = export.build_talks_record(
                    session,
                    profile=args.profile,
                    include_caucus=args.include_caucus,
                    database=db.path,
                    rep=location.rep,
                )
    finally:
        db.close()
    data = export.render(document, args.format)
    if to_stdout:
        _write_stdout(data, out)
        return EXIT_OK
    if args.output:
        path = Path(args.output).expanduser()
        if path.is_dir():
            path = path / export.default_name(document, args.format)
    else:
        path = export.private_folder(location.exports) / export.default_name(document, args.format)
    written = export.write_file(data, path, force=args.force)
    print(f"Wrote {written} ({document.provenance.profile_label.lower()}).", file=out)
    return EXIT_OK


def _write_stdout(data: str | bytes, out: TextIO) -> None:
    """Text to standard output as UTF-8 whatever the locale says (CSV keeps its BOM)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    buffer = getattr(out, "buffer", None)
    if buffer is not None:
        out.flush()
        buffer.write(raw)
        buffer.flush()
    else:
        out.write(raw.decode("utf-8"))


def open_desk(location: Location, out: TextIO) -> int:
    """Open the interactive desk; without a terminal, print the database's contents instead."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return cmd_summary(location, argparse.Namespace(command="summary"), out)
    from repdesk.tui import run_desk

    return run_desk(location)


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
        raise UsageError(f"{_option(exc.field)}: {exc.message}") from None


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
    from repdesk.store.engine import open_database

    _require_database(location)
    db = open_database(location.database, backups=location.backups)
    try:
        with db.transaction() as session:
            case = cases.find_case(session, args.case_ref.strip())
            if case is None or case.id is None:
                raise RepdeskError(f"There is no case {args.case_ref!r} in {location.database}.")
            computation = _computation(args, deadlines.rule_settings(session))
            saved = deadlines.add_computed(session, case.id, computation, what=args.what)
            note = (
                f"Saved to {case.ref} as deadline {saved.id}: {saved.what}, due {format_date(saved.due_on)}."
            )
    finally:
        db.close()
    _print_computation(computation, args.format, out, saved=note)
    return EXIT_OK


def _require_database(location: Location) -> None:
    if not location.database.exists():
        raise RepdeskError(
            f"There is no database at {location.database}; start one with `repdesk` (or `repdesk demo`)."
        )


def cmd_profile(location: Location, args: argparse.Namespace, out: TextIO) -> int:
    """Print the profile, or change the fields given."""
    from repdesk.domain.dates import format_date, parse_date
    from repdesk.store import common, models, profile
    from repdesk.store.engine import open_database

    changes: dict[str, object] = {
        name: getattr(args, name) for name in ("name", "union", "branch", "workplace") if getattr(args, name)
    }
    if args.region:
        changes["holiday_region"] = REGIONS[args.region]
    for option, field in (("commencement", "era2025_commencement"), ("covers_from", "era2025_covers_from")):
        text = getattr(args, option)
        if text:
            try:
                changes[field] = parse_date(text)
            except RepdeskError as exc:
                raise UsageError(f"{_option(option)}: {exc.message}") from None
    if args.no_commencement:
        if args.commencement or args.covers_from:
            raise UsageError("--no-commencement cannot be given with --commencement or --covers-from")
        changes["era2025_commencement"] = changes["era2025_covers_from"] = None
    _require_database(location)
    db = open_database(location.database, backups=location.backups)
    try:
        with db.transaction() as session:
            current = profile.get_profile(session)
            if changes:
                if current is None:
                    data = common.validate(models.RepProfileCreate, changes)
                    current = profile.save_profile(session, data)
                else:
                    update = common.validate(models.RepProfileUpdate, {"version": current.version, **changes})
                    current = profile.update_profile(session, update)
            if current is None:
                raise RepdeskError("There is no profile yet: give at least --name and --union.")
            rows = [
                ("name", current.name),
                ("union", current.union),
                ("branch", current.branch),
                ("workplace", current.workplace),
                ("bank holidays", current.holiday_region.label),
                (
                    "6-month limit",
                    f"commenced {format_date(current.era2025_commencement)}, covers acts from "
                    f"{format_date(current.era2025_covers_from or current.era2025_commencement)}"
                    if current.era2025_commencement
                    else "off: the 3-month limit in force is used until you enter its commencement",
                ),
            ]
    finally:
        db.close()
    if changes:
        print("Profile saved. Computed deadlines are rechecked against it wherever they are shown.", file=out)
    width = max(len(key) for key, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}", file=out)
    return EXIT_OK


COMMANDS: dict[str, Callable[[Location, argparse.Namespace, TextIO], int]] = {
    "locate": cmd_locate,
    "demo": cmd_demo,
    "summary": cmd_summary,
    "backup": cmd_backup,
    "export": cmd_export,
    "rules": cmd_rules,
    "deadline": cmd_deadline,
    "profile": cmd_profile,
}


def run(argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Parse ``argv`` and run the command; returns the exit code. Never raises for rep errors."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        args = build_parser().parse_args(argv)
        location = target(args)
        if args.command is None:
            return open_desk(location, out)
        return COMMANDS[args.command](location, args, out)
    except UsageError as exc:
        print(f"repdesk: {exc}", file=err)
        return EXIT_USAGE
    except RepdeskError as exc:
        print(f"repdesk: {exc}", file=err)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("repdesk: interrupted; nothing further was saved.", file=err)
        return 130
    except Exception as exc:
        if os.environ.get("REPDESK_DEBUG"):
            raise
        # Tracebacks can carry casework (values in locals and SQL), so none is shown.
        print(
            f"repdesk: unexpected error ({type(exc).__name__}); nothing further was saved. "
            "Set REPDESK_DEBUG=1 to see the details.",
            file=err,
        )
        return EXIT_UNEXPECTED
