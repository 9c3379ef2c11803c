"""``repdesk profile``: show the rep's profile, or change it (the settings deadlines are counted by)."""

from __future__ import annotations

import argparse
from typing import TextIO

from repdesk.cli.common import EXIT_OK, UsageError, database
from repdesk.cli.desk import print_rows
from repdesk.cli.parser import REGIONS, option_name
from repdesk.domain.errors import RepdeskError
from repdesk.domain.text import plural
from repdesk.paths import Location


def cmd_profile(location: Location, args: argparse.Namespace, out: TextIO) -> int:
    """Print the profile, or change the fields given."""
    from repdesk.domain.dates import format_date, parse_date
    from repdesk.store import profile

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
                raise UsageError(f"{option_name(option)}: {exc.message}") from None
    if args.evidence_limit is not None:
        changes["evidence_limit_mb"] = args.evidence_limit
    for field, option, off in (
        ("retention_months", "retention_months", "no_retention"),
        ("lock_after_minutes", "lock_after", "no_lock_after"),
    ):
        if getattr(args, option) is not None:
            if getattr(args, off):
                raise UsageError(f"{option_name(off)} cannot be given with {option_name(option)}")
            changes[field] = getattr(args, option)
        elif getattr(args, off):
            changes[field] = None
    if args.no_commencement:
        if args.commencement or args.covers_from:
            raise UsageError("--no-commencement cannot be given with --commencement or --covers-from")
        changes["era2025_commencement"] = changes["era2025_covers_from"] = None
    with database(location) as db, db.transaction() as session:
        current = profile.get_profile(session)
        if changes:
            if current is None:
                current = profile.save_profile(session, changes)
            else:
                current = profile.update_profile(session, {"version": current.version, **changes})
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
            ("evidence limit", f"{current.evidence_limit_mb} MB per file (copied into the database)"),
            (
                "retention",
                f"closed cases listed for review {current.retention_months} months after closing "
                "(listed only: nothing is deleted)"
                if current.retention_months
                else "off: closed cases are never listed for review",
            ),
            (
                "locking",
                "an encrypted desk locks after "
                f"{plural(current.lock_after_minutes, 'idle minute')}, and on ctrl+l"
                if current.lock_after_minutes
                else "an encrypted desk locks only on ctrl+l",
            ),
        ]
    if changes:
        print("Profile saved. Computed deadlines are rechecked against it wherever they are shown.", file=out)
    print_rows(rows, out)
    return EXIT_OK
