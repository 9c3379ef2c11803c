"""``repdesk evidence add|list|get``: files kept in the database as evidence.

``add`` copies a file into the database: onto a threat-log entry, or onto a
case as a new timeline entry (a "document" dated today, summed up by the
description or the file's name). ``list`` shows a record's files with their
hashes; ``get`` saves a stored file out (0600, never over an existing file).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from repdesk.cli.common import EXIT_OK, database
from repdesk.domain.units import file_size
from repdesk.paths import Location

SHA_SHOWN = 12
"""Hex digits of a hash printed by ``list``; enough to give to ``get``."""


def cmd_evidence(location: Location, args: argparse.Namespace, out: TextIO) -> int:
    """Run ``evidence add``, ``list`` or ``get``."""
    if args.action == "add":
        return _add(location, args, out)
    if args.action == "list":
        return _list(location, args, out)
    return _get(location, args, out)


def _add(location: Location, args: argparse.Namespace, out: TextIO) -> int:
    from repdesk.store import evidence
    from repdesk.store.models import AttachmentCreate

    with database(location, purpose="attach a file to") as db, db.transaction() as session:
        data = AttachmentCreate.model_construct(path=args.file, description=args.description or "")
        ref, attached = evidence.attach_to_ref(session, args.ref, data)
        onto = (
            f"{ref} on a new timeline entry (document, today)"
            if attached.timeline_entry_id is not None
            else ref
        )
        line = (
            f"Attached {Path(attached.path).name} ({file_size(attached.size_bytes)}, "
            f"SHA-256 {attached.sha256}) to {onto}. Its bytes are stored in the database."
        )
    print(line, file=out)
    return EXIT_OK


def _list(location: Location, args: argparse.Namespace, out: TextIO) -> int:
    from repdesk.domain.dates import format_datetime
    from repdesk.store import evidence

    with database(location, purpose="list") as db, db.session() as session:
        ref, items = evidence.evidence_of(session, args.ref)
        lines = [f"{ref}: {len(items)} evidence file{'' if len(items) == 1 else 's'}"]
        for item in items:
            a = item.attachment
            kept = "in the file" if item.stored else "NOT in the file (path and hash only)"
            lines.append(
                f"  {a.sha256[:SHA_SHOWN]}  {item.name}  {file_size(a.size_bytes)}  {kept}  "
                f"attached {format_datetime(a.attached_at)}  on {item.where}"
            )
            if a.description:
                lines.append(f"      {a.description}")
            if not item.stored:
                lines.append(f"      was at {a.path}")
    for line in lines:
        print(line, file=out)
    return EXIT_OK


def _get(location: Location, args: argparse.Namespace, out: TextIO) -> int:
    from repdesk.store import evidence

    with database(location, purpose="get a file from") as db, db.session() as session:
        found = evidence.find_stored(session, args.hash)
        data = evidence.checked_content(session, found.sha256)
    from repdesk.export.write import save_copy

    written = save_copy(data, evidence.target_for(args.output, found.name))
    print(
        f"Saved {found.name} ({file_size(found.size_bytes)}, SHA-256 {found.sha256}) to {written}", file=out
    )
    return EXIT_OK
