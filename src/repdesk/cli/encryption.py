"""The commands about encryption at rest: init, encrypt, passphrase, decrypt."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from repdesk.cli import passphrase
from repdesk.cli.common import EXIT_OK, how_to_start, no_database
from repdesk.cli.parser import _command as command
from repdesk.cli.parser import _Parser
from repdesk.domain.errors import RepdeskError
from repdesk.paths import Location, expand

RISK = (
    "Anyone who has the file and the passphrase can read it; without the passphrase nobody can, you included."
)


def add_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    """``init``, ``encrypt``, ``passphrase`` and ``decrypt``."""
    sub = command(commands, "init", "create the rep's database (--encrypt to encrypt it, recommended)")
    sub.add_argument(
        "--encrypt", action="store_true", help="encrypt the new file with a passphrase (recommended)"
    )
    command(
        commands,
        "encrypt",
        "encrypt an existing database, then overwrite and remove the plain file it replaces",
    )
    sub = command(commands, "passphrase", "change an encrypted database's passphrase")
    sub.add_argument(
        "--new-passphrase-file",
        metavar="PATH",
        help="read the new passphrase from the first line of PATH (default: ask twice on the terminal)",
    )
    sub = command(
        commands, "decrypt", "write a plain (unencrypted) copy of an encrypted database, to move it away"
    )
    sub.add_argument("--to", required=True, metavar="PATH", help="the new plain file (must not exist yet)")


def cmd_init(location: Location, args: argparse.Namespace, out: TextIO) -> int:
    """Create the rep's database, encrypted if asked; refuse a file that is already there."""
    from repdesk.store import cipher
    from repdesk.store.engine import open_database

    path = location.database
    if cipher.state(path) not in (cipher.FileState.MISSING, cipher.FileState.EMPTY):
        raise RepdeskError(
            f"{path} already exists; nothing was changed. Open it with `{how_to_start(location)}`."
        )
    key = cipher.new_key(passphrase.new("passphrase for the new file")) if args.encrypt else None
    open_database(path, backups=location.backups, key=key).close()
    if key is not None:
        print(f"Created {path}, encrypted. {RISK}", file=out)
    else:
        print(
            f"Created {path}, not encrypted. Encrypting it is recommended: `repdesk encrypt` "
            "(or start again with `repdesk init --encrypt`).",
            file=out,
        )
    print(f"Open the desk with `{how_to_start(location)}`; it asks for your profile first.", file=out)
    return EXIT_OK


def _existing(location: Location, purpose: str) -> Path:
    from repdesk.store import cipher

    path = location.database
    if cipher.state(path) is cipher.FileState.MISSING:
        raise RepdeskError(no_database(location, purpose))
    return path


def cmd_encrypt(location: Location, _args: argparse.Namespace, out: TextIO) -> int:
    """Encrypt the rep's plain file, removing the plaintext original, its WAL and pre-upgrade copies."""
    from repdesk.store import cipher, encryption

    path = _existing(location, "encrypt")
    if cipher.state(path) is cipher.FileState.ENCRYPTED:
        raise RepdeskError(
            f"{path} is already encrypted. To change its passphrase, use `repdesk passphrase`."
        )
    key = cipher.new_key(passphrase.new("passphrase for the file"))
    done = encryption.encrypt_file(path, key, location.backups)
    print(f"Encrypted {path}. The plain original was overwritten and removed. {RISK}", file=out)
    for removed in done.removed:
        print(f"  also overwritten and removed: {removed}", file=out)
    if done.unvouched:
        print(
            "These older backups are NOT encrypted; repdesk leaves them alone. Delete them, or keep them "
            "somewhere as safe as the file was:",
            file=out,
        )
        for copy in done.unvouched:
            print(f"  {copy}", file=out)
    return EXIT_OK


def cmd_passphrase(location: Location, args: argparse.Namespace, out: TextIO) -> int:
    """Change the passphrase of the rep's encrypted file."""
    from repdesk.store import cipher, encryption

    path = _existing(location, "change the passphrase of")
    if cipher.state(path) is not cipher.FileState.ENCRYPTED:
        raise RepdeskError(
            f"{path} is not encrypted, so it has no passphrase. Encrypt it with `repdesk encrypt`."
        )
    old = passphrase.existing(path)
    new = passphrase.new("new passphrase", args.new_passphrase_file, allow_given=False)
    encryption.change_passphrase(path, old, cipher.new_key(new))
    print(
        f"Changed the passphrase of {path}. Backups taken before keep the old passphrase.",
        file=out,
    )
    return EXIT_OK


def cmd_decrypt(location: Location, args: argparse.Namespace, out: TextIO) -> int:
    """Write a plain copy of the rep's encrypted file to a new file."""
    from repdesk.store import cipher, encryption

    path = _existing(location, "decrypt")
    if cipher.state(path) is not cipher.FileState.ENCRYPTED:
        raise RepdeskError(f"{path} is not encrypted; copy it with `repdesk backup` instead.")
    try:
        target = expand(args.to).absolute()
    except ValueError as exc:
        raise RepdeskError(f"--to: {exc}") from None
    encryption.decrypt_copy(path, passphrase.existing(path), target)
    print(
        f"Wrote a plain copy to {target} (readable by you only). Anyone who has that file can read every "
        "member's casework: move it where it is going, then delete it.",
        file=out,
    )
    return EXIT_OK
