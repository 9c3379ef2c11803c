"""The commands about the rep's file itself (locate, demo, summary, backup), and opening the desk."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from repdesk.cli.common import EXIT_OK, database, file_problem
from repdesk.domain import clock
from repdesk.domain.dates import format_date, relative_days
from repdesk.domain.errors import RepdeskError
from repdesk.domain.text import wrap
from repdesk.paths import Location

if TYPE_CHECKING:
    from repdesk.store.engine import Database


def cmd_locate(location: Location, _args: argparse.Namespace, out: TextIO) -> int:
    """Print every path repdesk uses for this rep. Touches nothing; says if the database is not there yet."""
    from repdesk.store.filestate import FileState
    from repdesk.store.filestate import state as file_state

    try:
        state = {
            FileState.MISSING: "; it does not exist yet",
            FileState.EMPTY: "; empty",
            FileState.PLAIN: "; not encrypted",
            FileState.ENCRYPTED: "; encrypted",
        }[file_state(location.database)]
    except OSError as exc:  # a name too long to look up: say so, as every other command would
        state = f"; it cannot be used: {(exc.strerror or 'the system refused').lower()}"
    rows = [
        ("rep", location.rep),
        ("database", f"{location.database}  (chosen by {location.source}{state})"),
        ("config", str(location.config)),
        ("exports", str(location.exports)),
        ("backups", str(location.backups)),
    ]
    print_rows(rows, out)
    return EXIT_OK


def print_rows(rows: list[tuple[str, str]], out: TextIO) -> None:
    """Label / value lines, the values lined up."""
    width = max(len(key) for key, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}", file=out)


def cmd_demo(location: Location, args: argparse.Namespace, out: TextIO) -> int:
    """Fill the database with demo data (only if empty, or after --fresh)."""
    import time

    from repdesk import demo as demo_data

    key = None
    if args.fresh:
        from repdesk.cli.passphrase import key_if_encrypted

        # An encrypted file started over stays encrypted, under the same passphrase.
        key = key_if_encrypted(location.database) if location.database.exists() else None
        _start_over(location, out)
    with database(location, create=True, new_key=key) as db:
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
    if args.open:
        return open_desk(location, out)
    return EXIT_OK


def _start_over(location: Location, out: TextIO) -> None:
    """For ``demo --fresh``: copy the file into its backups folder, then remove it (with its WAL).

    Refused, changing nothing, while another repdesk has the file open: a
    desk left open would go on writing to a file that no longer exists.
    """
    from repdesk.store.engine import exclusive_use

    path = location.database
    with exclusive_use(path):
        files = [Path(f"{path}{suffix}") for suffix in ("", "-wal", "-shm")]
        if any(candidate.exists() and candidate.stat().st_size for candidate in files[:2]):
            try:
                copy = _backup(location, "before-fresh")
            except RepdeskError as exc:
                raise RepdeskError(f"{exc} {path} was left as it is.") from None
            print(f"Backed up {path} to {copy} before starting it over.", file=out)
        for candidate in files:
            candidate.unlink(missing_ok=True)


def _backup(location: Location, label: str) -> Path:
    """Copy the database into its backups folder; a failure is one plain sentence, and leaves no copy."""
    import errno
    import sqlite3

    from repdesk.store import migrate
    from repdesk.store.engine import plain_message

    try:
        from repdesk.cli.passphrase import key_if_encrypted

        return migrate.backup(location.database, location.backups, label, key_if_encrypted(location.database))
    except OSError as exc:
        problem = file_problem(exc, exc.filename or location.backups)
    except sqlite3.Error as exc:
        if "full" in str(exc).lower():  # SQLITE_FULL: the copy filled the disk
            problem = file_problem(OSError(errno.ENOSPC, "disk full"), location.backups)
        else:
            problem = plain_message(exc, location.database)
    raise RepdeskError(f"No backup was made. {problem}")


def _member_count(db: Database) -> int:
    from repdesk.store.common import count
    from repdesk.store.models import Member

    with db.session() as session:
        return count(session, Member)


def cmd_summary(location: Location, _args: argparse.Namespace, out: TextIO) -> int:
    """Print counts and what needs the rep now, from the database, wrapped to the terminal.

    Every line fits the terminal's width (``COLUMNS`` when set) and breaks only
    between words; an item that runs over carries on, indented, on the next line.
    """
    from repdesk.store import chain, triage

    with database(location, purpose="summarise") as db, db.session() as session:
        report = triage.overview(session)
        broken = chain.verify(session, read_files=False).failure
    # One cell short of the edge: a line that fills the last column makes some terminals add a blank one.
    width = max(20, shutil.get_terminal_size((100, 24)).columns - 1)

    def say(text: str = "", *, indent: str = "", hang: str = "") -> None:
        for line in wrap(text, width, indent=indent, hang=hang) if text else [""]:
            print(line, file=out)

    if broken is not None:  # first, so it cannot be missed; nothing is repaired
        say(f"WARNING: the threat log does not verify: {broken}. Run `repdesk verify`.", hang="  ")
    say(f"repdesk: {location.rep}  ({location.database})", hang="  ")
    if report.profile:
        say(report.profile, hang="  ")
    say(", ".join(f"{n} {label}" for label, n in report.counts), hang="  ")
    say()
    say("Most urgent cases:")
    for row in report.urgent:
        due = f"due {format_date(row.next_due)}" if row.next_due else "no date due"
        say(
            f"{row.score:5.1f}  {row.ref}  {row.member_name}: {row.title}  [{row.status.label}; {due}]",
            indent="  ",
            hang=ITEM_HANG,
        )
    if not report.urgent:
        say("(none open)", indent="  ")
    say()
    say(
        f"Overdue deadlines and next actions: {report.overdue}; due in the next 7 days: {report.due_soon}.",
        hang="  ",
    )
    for item in report.late:
        what = f"next action: {item.what}" if item.next_action else item.what
        late = relative_days(item.due_on, today=clock.today())
        say(
            f"{format_date(item.due_on)} ({late})  {item.case_ref}  {item.member_name}: {what}",
            indent="  ",
            hang=ITEM_HANG,
        )
    if report.overdue > len(report.late):
        say(f"and {report.overdue - len(report.late)} more: the desk's Triage lists them all.", indent="  ")
    if report.recheck:
        say(f"Computed deadlines to check and recompute: {len(report.recheck)}.", hang="  ")
        for flagged in report.recheck:
            say(
                f"{flagged.case_ref}  {flagged.what} (saved {format_date(flagged.due_on)}): {flagged.flag}",
                indent="  ",
                hang=ITEM_HANG,
            )
    say(f"Threat entries still at 'logged': {report.threats_logged}.", hang="  ")
    if report.retention_months is None:
        say("Review of old closed cases: off (repdesk profile --retention-months N).", hang="  ")
    else:
        say(
            f"Closed cases due for review (closed {report.retention_months} months ago or more): "
            f"{report.due_for_review}. Triage lists them; nothing is deleted unless you delete it.",
            hang="  ",
        )
    return EXIT_OK


ITEM_HANG = "      "
"""How far the second and later lines of a listed item are indented."""


def cmd_backup(location: Location, _args: argparse.Namespace, out: TextIO) -> int:
    """Copy the database (consistently, WAL included) into its backups folder."""
    # Opened first, as by every command: an older file is upgraded before it is copied.
    with database(location, purpose="back up"):
        pass
    copy = _backup(location, "manual")
    print(f"Backed up to {copy}", file=out)
    return EXIT_OK


def open_desk(location: Location, out: TextIO) -> int:
    """Open the interactive desk; without a terminal, print the database's contents instead."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return cmd_summary(location, argparse.Namespace(command="summary"), out)
    from repdesk.tui import run_desk

    return run_desk(location)
