"""``repdesk verify``: recompute the threat log's hash chain and say whether it holds."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from repdesk.cli.common import EXIT_OK, UsageError, database
from repdesk.domain import chain as rules
from repdesk.domain.errors import RepdeskError
from repdesk.paths import Location


def cmd_verify(location: Location, args: argparse.Namespace, out: TextIO) -> int:
    """Exit 0 with the head when every event, entry, link and evidence hash holds; else 1, naming
    the first failure. ``--extends HEAD``: also whether today's log extends a head recorded earlier.
    ``--export FILE``: whether an exported chronology or case summary still matches the database."""
    from repdesk.store import chain

    if args.export is not None:
        return _verify_export(location, Path(args.export).expanduser(), out)
    wanted: str | None = None
    if args.extends is not None:
        try:
            wanted = rules.parse_head(args.extends)
        except ValueError as exc:
            raise UsageError(f"--extends: {exc}") from None
    with database(location, purpose="verify") as db, db.session() as session:
        found = chain.events(session)
        verdict = chain.verify(session, found)
        entries = chain.entry_count(session)
    if verdict.failure is not None:
        raise RepdeskError(f"the threat log does not verify: {verdict.failure}. Nothing was changed.")
    if verdict.head is None:
        print("The threat log is empty: there is nothing to verify yet.", file=out)
    else:
        print(f"The threat log verifies: {verdict.count} events over {entries} entries.", file=out)
        print(f"head  {rules.short(verdict.head)}", file=out)
        print(f"full  {verdict.head}", file=out)
    if wanted is not None:
        seq = rules.extends(found, wanted)
        shown = rules.short(wanted) if len(wanted) == rules.SHORT_HEX else wanted
        if seq is None:
            raise RepdeskError(
                f"today's threat log does not extend the head {shown}: no event in it has that hash, "
                "so the log was rewritten, or the head belongs to another file."
            )
        print(f"It extends the head {shown} (event {seq} of {verdict.count}).", file=out)
    return EXIT_OK


def _verify_export(location: Location, path: Path, out: TextIO) -> int:
    """Exit 0 when every entry of the export at ``path`` matches the database; 1 naming the first
    that differs or is missing; 2 (a usage error) when the file is not such an export."""
    from repdesk.export.proof import NotAnExport, check_export, read_export

    try:
        data = read_export(path)
    except NotAnExport as exc:
        raise UsageError(f"--export: {exc}") from None
    with database(location, purpose="verify") as db, db.session() as session:
        try:
            found = check_export(session, data)
        except NotAnExport as exc:
            raise UsageError(f"--export: {exc}") from None
    if found.difference is not None:
        raise RepdeskError(f"the export does not match this database: {found.difference}.")
    noun = "entry" if found.entries == 1 else "entries"
    print(f"The export matches this database: {found.entries} {noun}, each as the chain logged it.", file=out)
    if found.head is not None:
        print(
            f"Its head {rules.short(found.head)} is event {found.head_seq} of today's {found.count}; "
            "the log verifies.",
            file=out,
        )
    return EXIT_OK
