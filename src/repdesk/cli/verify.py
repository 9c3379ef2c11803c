"""``repdesk verify``: recompute the threat log's hash chain and say whether it holds."""

from __future__ import annotations

import argparse
from typing import TextIO

from repdesk.cli.common import EXIT_OK, UsageError, database
from repdesk.domain import chain as rules
from repdesk.domain.errors import RepdeskError
from repdesk.paths import Location


def cmd_verify(location: Location, args: argparse.Namespace, out: TextIO) -> int:
    """Exit 0 with the head when every event, entry, link and evidence hash holds; else 1, naming
    the first failure. ``--extends HEAD``: also whether today's log extends a head recorded earlier."""
    from repdesk.store import chain

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
