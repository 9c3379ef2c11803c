"""``repdesk export``: build, render and write one document."""

from __future__ import annotations

import argparse
from typing import TextIO

from repdesk.cli.common import EXIT_OK, UsageError, database
from repdesk.domain.dates import format_date
from repdesk.paths import Location


def cmd_export(location: Location, args: argparse.Namespace, out: TextIO) -> int:
    """Build, render and write one export document."""
    from repdesk import export

    to_stdout = args.output == "-"
    if to_stdout and args.format == "pdf":
        raise UsageError(
            "a PDF cannot be written to standard output; give a file name with -o, or leave -o out"
        )
    date_from, date_to = getattr(args, "date_from", None), getattr(args, "date_to", None)
    if date_from and date_to and date_from > date_to:
        raise UsageError(f"--from ({format_date(date_from)}) is after --to ({format_date(date_to)})")
    with (
        database(location, purpose="export") as db,
        db.session() as session,
    ):
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
        elif args.what == "member":
            document = export.build_subject_access(session, args.member, database=db.path, rep=location.rep)
        else:
            document = export.build_talks_record(
                session,
                profile=args.profile,
                include_caucus=args.include_caucus,
                database=db.path,
                rep=location.rep,
            )
    data = export.render(document, args.format)
    if to_stdout:
        _write_stdout(data, out)
        return EXIT_OK
    folder = location.exports if args.output else export.private_folder(location.exports)
    path = export.target_path(args.output or "", document, args.format, folder=folder)
    mismatch = export.extension_mismatch(path, args.format)
    if mismatch:
        raise UsageError(f"{mismatch} Nothing was written.")
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
