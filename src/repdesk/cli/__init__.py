"""The command line: argument parsing and the non-interactive commands.

Every command resolves the rep's files through :mod:`repdesk.paths`, opens the
database through :func:`repdesk.cli.common.database` and calls services; none
of it imports Textual. Errors meant for the rep end as one line on stderr and
a non-zero exit, never a traceback.

``parser`` builds the command line; ``desk`` (locate, demo, summary, backup),
``export``, ``deadlines`` (rules, deadline) and ``profile`` hold the commands.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from repdesk.cli.common import EXIT_ERROR, EXIT_UNEXPECTED, EXIT_USAGE, UsageError
from repdesk.cli.deadlines import cmd_deadline, cmd_rules
from repdesk.cli.desk import cmd_backup, cmd_demo, cmd_locate, cmd_summary, open_desk
from repdesk.cli.export import cmd_export
from repdesk.cli.parser import build_parser, target
from repdesk.cli.profile import cmd_profile
from repdesk.domain.errors import RepdeskError
from repdesk.paths import Location

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
