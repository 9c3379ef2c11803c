"""``repdesk member erase``: erase a member and every copy the file holds of them (UK GDPR Art. 17)."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from repdesk.cli.common import EXIT_ERROR, EXIT_OK, UsageError, database
from repdesk.cli.parser import _command, _Parser
from repdesk.paths import Location

CONFIRM_WORD = "ERASE"
"""What the rep types to confirm an erasure: a word, not a key, since nothing brings it back."""


def add_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    """``repdesk member erase MEMBER [--keep-cases] [--yes]`` and ``repdesk member compact``."""
    sub = _command(commands, "member", "erase a member and every copy of their data (UK GDPR Art. 17)")
    actions = sub.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser, required=True)
    erase = _command(
        actions,
        "erase",
        "erase a member: their record, cases and every copy in history, search and filters; cannot be undone",
        (
            "Removes the member's record and, unless --keep-cases, their cases with timelines, deadlines "
            "and evidence files; every copy of those in the audit log, the search index and saved filters "
            "naming them; and their links from threat-log entries (each an erasure event in the chain, "
            "which still verifies). Then the file's WAL and free space are cleared. Asks first on a "
            "terminal (type ERASE); elsewhere --yes is required. Backups made earlier are not changed."
        ),
    )
    erase.add_argument(
        "member", metavar="MEMBER", help="the membership number, or the full name exactly as stored"
    )
    erase.add_argument(
        "--keep-cases",
        action="store_true",
        help="keep their cases (and files) under a placeholder member with no details",
    )
    erase.add_argument("--yes", action="store_true", help="erase without asking (required off a terminal)")
    _command(
        actions,
        "compact",
        "clear the file's WAL and free space (if an erasure could not, as another repdesk had it open)",
    )


def cmd_member(location: Location, args: argparse.Namespace, out: TextIO) -> int:
    """Erase one member after showing what will go, or compact the file."""
    from repdesk.export.subject_access import find_member_exact
    from repdesk.store import erasure

    with database(location, purpose="erase") as db:
        if args.action == "compact":
            return _compacted(erasure.compact(db), out, "The file's WAL and free space are cleared.")
        with db.session() as session:
            member_id = find_member_exact(session, args.member)
            plan = erasure.plan(session, member_id, keep_cases=args.keep_cases)
        if not args.yes and not _confirmed(plan.lines(), out):
            print("Nothing was erased.", file=out)
            return EXIT_ERROR
        report = erasure.erase_member(db, member_id, keep_cases=args.keep_cases)
    said = report.summary()
    print(f"{said[0].upper()}{said[1:]}.", file=out)
    if location.backups.exists() and any(location.backups.iterdir()):
        print(
            f"Backups made before now still hold them ({location.backups}): delete those you no longer need.",
            file=out,
        )
    return _compacted(report.compacted, out)


def _confirmed(lines: list[str], out: TextIO) -> bool:
    """Show what will go and ask for the word; refused off a terminal (a script must say --yes)."""
    if not sys.stdin.isatty():
        raise UsageError(
            "an erasure cannot be undone, so it asks first on a terminal; give --yes to erase without "
            "asking. Nothing was erased"
        )
    print("This erases, for good:", file=out)
    for line in lines:
        print(f"  - {line}", file=out)
    print(f"Type {CONFIRM_WORD} to erase, anything else to stop: ", end="", file=out, flush=True)
    try:
        answer = sys.stdin.readline()
    except KeyboardInterrupt:
        return False
    return answer.strip() == CONFIRM_WORD


def _compacted(done: bool, out: TextIO, said: str = "") -> int:
    if done:
        if said:
            print(said, file=out)
        return EXIT_OK
    print(
        "The file's WAL could not be emptied: another repdesk has it open. Close it and run "
        "`repdesk member compact` so no old copy is left in the file.",
        file=out,
    )
    return EXIT_ERROR
