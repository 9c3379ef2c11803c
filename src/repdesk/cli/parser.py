"""The command line's parser: every command, its options and how they are read.

Importing it is cheap: what some options offer (redaction profiles, threat
kinds, claim types) is read when the parser is built.
"""

from __future__ import annotations

import argparse
import os

from repdesk import __version__
from repdesk.cli.common import UsageError
from repdesk.paths import Location, locate

DEMO_REP = "demo"


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
    parser.add_argument(
        "--passphrase-file",
        metavar="PATH",
        default=default,
        help="an encrypted file's passphrase: the first line of PATH (else REPDESK_PASSPHRASE, else asked)",
    )


def _command(
    commands: argparse._SubParsersAction[_Parser], name: str, help_text: str, description: str | None = None
) -> _Parser:
    """A command that works on one rep's files, so takes --rep/--db after its name too."""
    sub = commands.add_parser(name, help=help_text, description=description)
    _add_target(sub, top=False)
    return sub


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

    _command(commands, "locate", "print where the rep's database, config and exports live")

    sub = _command(
        commands,
        "demo",
        "fill a database with fictional demo data (the 'demo' rep unless --rep/--db is given)",
    )
    sub.add_argument(
        "--members", type=_member_count, default=60, metavar="N", help="how many members (default 60)"
    )
    sub.add_argument("--seed", type=int, default=2025, metavar="S", help="random seed; same seed, same data")
    sub.add_argument("--fresh", action="store_true", help="start the file over if it already holds data")
    sub.add_argument("--open", action="store_true", help="open the desk on the demo data afterwards")

    _command(commands, "summary", "print the database's contents: counts and what needs you now")
    _command(commands, "backup", "copy the database to its backups folder")
    sub = _command(
        commands,
        "verify",
        "recompute the threat log's hash chain; print its head, or name the first thing that fails",
        (
            "Exit 0 and the chain's head (a short form to write down, and the full hash) when every "
            "event, entry, link and evidence hash holds; exit 1 naming the first that does not."
        ),
    )
    sub.add_argument(
        "--extends",
        metavar="HEAD",
        help="also check that today's log extends a head recorded earlier (short or full, as printed)",
    )
    sub.add_argument(
        "--export",
        metavar="FILE",
        help=(
            "check an exported threat chronology, case summary or subject access copy (JSON) "
            "against this database: exit 0 if every entry matches, 1 naming the first that "
            "differs or is missing, 2 if the file is not such an export"
        ),
    )

    _add_export(commands)
    _add_rules(commands)
    _add_profile(commands)
    _add_evidence(commands)
    # Their own modules, which import this one for `_command`: imported here, not at the top.
    from repdesk.cli.encryption import add_parser as add_encryption
    from repdesk.cli.member import add_parser as add_member

    add_encryption(commands)
    add_member(commands)
    return parser


# --- deadline rules ----------------------------------------------------------------

REGIONS = {"england-wales": "ENG", "scotland": "SCT", "northern-ireland": "NIR"}
"""The command line's names for the holiday regions, and their stored codes."""

_OPTION_FOR = {
    "acas_contacted": "--acas-contacted",
    "covers_from": "--covers-from",
}


def option_name(field: str) -> str:
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


def _text_or_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=["text", "json"], default="text", help="text (default) or json")


def _add_rules(commands: argparse._SubParsersAction[_Parser]) -> None:
    """``repdesk rules`` and ``repdesk deadline compute|add``."""
    _text_or_json(commands.add_parser("rules", help="list every deadline rule and claim type, with sources"))

    sub = _command(commands, "deadline", "work out a deadline (compute) or save one to a case (add)")
    actions = sub.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser, required=True)
    compute = actions.add_parser(
        "compute", help="work out a deadline and show its working; touches no database"
    )
    kinds = compute.add_subparsers(dest="kind", metavar="KIND", parser_class=_Parser, required=True)
    for kind, text in _KIND_HELP.items():
        leaf = kinds.add_parser(kind, help=text)
        _add_deadline_inputs(leaf, kind)
        _text_or_json(leaf)

    add = _command(
        actions, "add", "work out a deadline and save it to a case (your profile's region and commencement)"
    )
    add.add_argument("case_ref", metavar="CASE-REF", help="the case, e.g. C-2025-0007")
    kinds = add.add_subparsers(dest="kind", metavar="KIND", parser_class=_Parser, required=True)
    for kind, text in _KIND_HELP.items():
        leaf = _command(kinds, kind, text)
        _add_deadline_inputs(leaf, kind)
        leaf.add_argument(
            "--what", metavar="TEXT", default="", help="what falls due (default: the rule's name)"
        )
        _text_or_json(leaf)


def _add_profile(commands: argparse._SubParsersAction[_Parser]) -> None:
    """``repdesk profile``: show the rep's profile, or change the settings deadlines are counted by."""
    sub = _command(
        commands,
        "profile",
        "show your profile, or set its deadline settings (region, ERA 2025 commencement)",
        (
            "With no options, prints the profile. The 6-month tribunal limit of the Employment "
            "Rights Act 2025 stays off until you enter the date it commenced (--commencement), once "
            "you have confirmed it; --covers-from gives the first act it covers if not that date."
        ),
    )
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
    sub.add_argument(
        "--evidence-limit",
        type=int,
        metavar="MB",
        help="the largest file that may be attached as evidence, in MB (default 25, at most 500)",
    )
    sub.add_argument(
        "--retention-months",
        type=int,
        metavar="N",
        help="list closed cases for review N months after they closed (default 72: six years)",
    )
    sub.add_argument("--no-retention", action="store_true", help="turn the review of old closed cases off")
    sub.add_argument(
        "--lock-after",
        type=int,
        metavar="MINUTES",
        help="an encrypted desk locks itself after MINUTES without a key pressed (default 10)",
    )
    sub.add_argument(
        "--no-lock-after", action="store_true", help="an encrypted desk locks only on ctrl+l, never when idle"
    )


def _add_evidence(commands: argparse._SubParsersAction[_Parser]) -> None:
    """``repdesk evidence add|list|get``: files kept in the database as evidence."""
    sub = _command(
        commands,
        "evidence",
        "attach a file as evidence (copied into the database), list a record's files, save one out",
    )
    actions = sub.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser, required=True)
    add = _command(
        actions,
        "add",
        "copy FILE into the database onto a threat entry, or onto a case as a new timeline entry",
        (
            "A threat-log reference (T-2025-0003) attaches the file to that entry. A case reference "
            '(C-2025-0007) attaches it to a new timeline entry of kind "document" dated today, summed '
            "up by the description (or the file's name). Files over your profile's limit are refused."
        ),
    )
    add.add_argument("ref", metavar="CASE-REF|THREAT-REF", help="the case or threat-log entry")
    add.add_argument("file", metavar="FILE", help="the file to attach")
    add.add_argument("--description", metavar="TEXT", default="", help="what the file is")
    listing = _command(actions, "list", "list the evidence files of a case or threat-log entry")
    listing.add_argument("ref", metavar="CASE-REF|THREAT-REF", help="the case or threat-log entry")
    get = _command(actions, "get", "save a stored file out (mode 0600, never over an existing file)")
    get.add_argument("hash", metavar="HASH", help="the file's SHA-256, or a unique start of it (4+ digits)")
    get.add_argument(
        "-o", "--output", required=True, metavar="PATH", help="the file to write, or a folder to put it in"
    )


def _add_export(commands: argparse._SubParsersAction[_Parser]) -> None:
    """``repdesk export case|threats|talks``: documents to send or print."""
    from repdesk.export.redaction import DEFAULT_PROFILE, PROFILES

    sub = _command(
        commands,
        "export",
        "write a case summary, threat chronology, talks record or subject access copy",
        (
            "Write a document to send or print. Without -o it goes to the exports folder "
            "(see repdesk locate), named for what it is and when it was made; files are private (0600)."
        ),
    )
    kinds = sub.add_subparsers(dest="what", metavar="WHAT", parser_class=_Parser, required=True)

    def common(leaf: argparse.ArgumentParser, formats: tuple[str, ...], *, profile: bool = True) -> None:
        _add_target(leaf, top=False)
        leaf.add_argument("--format", required=True, choices=formats, help="the file format")
        if profile:
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

    leaf = kinds.add_parser(
        "member",
        help="subject access (UK GDPR Art. 15): everything held about one member, nothing left out",
    )
    leaf.add_argument(
        "member", metavar="MEMBER", help="the membership number, or the full name exactly as stored"
    )
    common(leaf, document_formats, profile=False)


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


def _member_count(text: str) -> int:
    from repdesk.demo import MAX_MEMBERS

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    if value > MAX_MEMBERS:
        raise argparse.ArgumentTypeError(f"at most {MAX_MEMBERS:,} members")
    return value


def target(args: argparse.Namespace) -> Location:
    """The rep's files as chosen by --rep/--db/REPDESK_DB; demo data goes to the demo rep by default."""
    rep, db = args.rep, args.db
    if args.command == "demo" and rep is None and db is None and not os.environ.get("REPDESK_DB"):
        # Never mix fictional members into a rep's real casework by accident.
        rep = DEMO_REP
    try:
        return locate(rep, db)
    except ValueError as exc:  # a --rep that is a path or empty, a ~user that does not exist
        raise UsageError(str(exc)) from None
