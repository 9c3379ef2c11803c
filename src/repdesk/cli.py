"""The command line: argument parsing and the non-interactive commands.

Every command resolves the rep's files through :mod:`repdesk.paths`, opens the
database through :func:`repdesk.store.engine.open_database` and calls
services; none of it imports Textual. Errors meant for the rep end as one
line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from repdesk import __version__
from repdesk.domain.dates import format_date
from repdesk.domain.errors import RepdeskError
from repdesk.paths import Location, locate

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
    return parser


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

    from repdesk.store import demo as demo_data
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
    from repdesk.store import summary
    from repdesk.store.engine import open_database

    db = open_database(location.database, backups=location.backups)
    try:
        with db.session() as session:
            report = summary.overview(session)
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
    print(f"Overdue deadlines: {report.overdue}; due in the next 7 days: {report.due_soon}.", file=out)
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


def open_desk(location: Location, out: TextIO) -> int:
    """Open the interactive desk (until the TUI lands: print the database's contents)."""
    return cmd_summary(location, argparse.Namespace(command="summary"), out)


COMMANDS: dict[str, Callable[[Location, argparse.Namespace, TextIO], int]] = {
    "locate": cmd_locate,
    "demo": cmd_demo,
    "summary": cmd_summary,
    "backup": cmd_backup,
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
