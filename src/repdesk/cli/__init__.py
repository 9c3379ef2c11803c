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
import contextlib
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TextIO

from repdesk.cli import passphrase
from repdesk.cli.common import (
    EXIT_ERROR,
    EXIT_UNEXPECTED,
    EXIT_USAGE,
    UsageError,
    file_problem,
    unexpected_error_message,
)
from repdesk.cli.deadlines import cmd_deadline, cmd_rules
from repdesk.cli.desk import cmd_backup, cmd_demo, cmd_locate, cmd_summary, open_desk
from repdesk.cli.encryption import cmd_decrypt, cmd_encrypt, cmd_init, cmd_passphrase
from repdesk.cli.evidence import cmd_evidence
from repdesk.cli.export import cmd_export
from repdesk.cli.member import cmd_member
from repdesk.cli.parser import build_parser, target
from repdesk.cli.profile import cmd_profile
from repdesk.cli.verify import cmd_verify
from repdesk.domain.errors import RepdeskError
from repdesk.paths import Location

COMMANDS: dict[str, Callable[[Location, argparse.Namespace, TextIO], int]] = {
    "locate": cmd_locate,
    "init": cmd_init,
    "encrypt": cmd_encrypt,
    "passphrase": cmd_passphrase,
    "decrypt": cmd_decrypt,
    "demo": cmd_demo,
    "summary": cmd_summary,
    "backup": cmd_backup,
    "export": cmd_export,
    "rules": cmd_rules,
    "deadline": cmd_deadline,
    "profile": cmd_profile,
    "evidence": cmd_evidence,
    "verify": cmd_verify,
    "member": cmd_member,
}


def run(argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Parse ``argv`` and run the command; returns the exit code. Never raises for rep errors."""
    out = out or sys.stdout
    err = err or sys.stderr
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        _check_encoding(argv, os.environ)
        args = build_parser().parse_args(argv)
        location = target(args)
        passphrase.use_file(getattr(args, "passphrase_file", None))
        if args.command is None:
            return open_desk(location, out)
        return COMMANDS[args.command](location, args, out)
    except UsageError as exc:
        print(f"repdesk: {exc}", file=err)
        return EXIT_USAGE
    except RepdeskError as exc:
        print(f"repdesk: {exc}", file=err)
        return EXIT_ERROR
    except BrokenPipeError:
        # The reader went away (`repdesk rules | head`): stop quietly, and keep Python's
        # own flush at exit from complaining about the closed pipe.
        if out is sys.stdout:
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
    except OSError as exc:  # a file or folder the system refused: a problem with the file, in plain words
        # Named only if typed on the command line: a file name from elsewhere may be stored casework.
        name = os.fsdecode(exc.filename) if isinstance(exc.filename, str | bytes) else ""
        typed = bool(name) and any(name in arg for arg in argv)
        print(f"repdesk: {file_problem(exc, name if typed else None)}", file=err)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("repdesk: interrupted; nothing further was saved.", file=err)
        return 130
    except Exception as exc:
        if os.environ.get("REPDESK_DEBUG"):
            raise
        print(unexpected_error_message(exc), file=err)
        return EXIT_UNEXPECTED


def _check_encoding(argv: list[str], environ: Mapping[str, str]) -> None:
    """Refuse arguments (and ``REPDESK_DB``) that are not UTF-8, before anything uses them.

    Python hands undecodable bytes over as lone surrogates, which reach a
    file name or the terminal and fail there; repdesk reads names, paths and
    values as UTF-8 only, so says which argument is wrong without echoing it.
    """
    for position, arg in enumerate(argv):
        if _is_utf8(arg):
            continue
        option = arg.split("=", 1)[0]
        previous = argv[position - 1] if position else ""
        if arg.startswith("-") and _is_utf8(option):
            what = f"the value of {option}"
        elif previous.startswith("-") and _is_utf8(previous):
            what = f"the value of {previous}"
        else:
            what = f"argument {position + 1}"
        raise UsageError(f"{what} is not valid UTF-8 text; repdesk takes names and paths as UTF-8 only")
    if not _is_utf8(environ.get("REPDESK_DB", "")):
        raise UsageError("REPDESK_DB is not valid UTF-8 text; repdesk takes paths as UTF-8 only")


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
