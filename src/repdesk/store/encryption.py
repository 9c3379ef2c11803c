"""Turning a rep's file encrypted, changing its passphrase, and making a plain copy to move away.

Each conversion writes a whole new file with SQLCipher's ``sqlcipher_export``
beside the old one, checks it opens with its key and holds every row, and only
then puts it in the old file's place; a failure on the way leaves the old file
as it was. Encrypting then overwrites the plaintext it replaces (the old file,
its WAL, and the copies taken before schema upgrades) before removing it.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from repdesk.paths import create_private_file
from repdesk.store import cipher
from repdesk.store.engine import exclusive_use, open_database
from repdesk.store.errors import DatabaseUnavailable

__all__ = ["Encrypted", "change_passphrase", "decrypt_copy", "encrypt_file", "pre_upgrade_copies"]


@dataclass(frozen=True)
class Encrypted:
    """What ``encrypt_file`` did with the plaintext it found."""

    removed: list[Path] = field(default_factory=list)
    """Plaintext files overwritten and removed (the old file's WAL, its pre-upgrade copies)."""
    unvouched: list[Path] = field(default_factory=list)
    """Older plain backups of this file left where they are, for the rep to deal with."""


def _export(source: Path, source_key: cipher.Key | None, target: Path, target_key: cipher.Key | None) -> None:
    """Write the whole database at ``source`` into the new, empty file ``target`` under ``target_key``."""
    dbapi = cipher.dbapi()
    conn = cipher.connect(source, source_key) if source_key else dbapi.connect(str(source))
    try:
        conn.isolation_level = None
        conn.execute("PRAGMA temp_store = MEMORY")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        literal = target_key.literal if target_key else "''"
        conn.execute(f"ATTACH DATABASE ? AS converted KEY {literal}", (str(target),))
        conn.execute("SELECT sqlcipher_export('converted')")
        conn.execute(f"PRAGMA converted.user_version = {int(version)}")
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "AND sql NOT LIKE 'CREATE VIRTUAL%'"
            )
        ]
        for name in tables:
            quoted = '"' + name.replace('"', '""') + '"'
            # Table names from the file's own schema, quoted: nothing here comes from the rep.
            before = conn.execute(f"SELECT count(*) FROM main.{quoted}").fetchone()[0]  # noqa: S608
            after = conn.execute(f"SELECT count(*) FROM converted.{quoted}").fetchone()[0]  # noqa: S608
            if before != after:
                raise DatabaseUnavailable(
                    f"The converted copy of {source} did not hold every row; {source} was left as it was."
                )
        conn.execute("DETACH DATABASE converted")
    finally:
        conn.close()


def _fresh(path: Path) -> None:
    """Make ``path`` a new empty private file, refusing one that exists (in one step, so none can slip in)."""
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        raise DatabaseUnavailable(
            f"{path} already exists; repdesk never writes over a file. Choose another name."
        ) from None


def _convert_in_place(path: Path, old: cipher.Key | None, new: cipher.Key, *, wipe_old: bool) -> None:
    """Replace the file at ``path`` with a copy under ``new``, held exclusively throughout."""
    scratch = path.with_name(path.name + ".converting")
    with contextlib.suppress(FileNotFoundError):
        scratch.unlink()  # a conversion interrupted before: its half-made copy is not the rep's file
    create_private_file(scratch)
    try:
        _export(path, old, scratch, new)
        cipher.check(scratch, new)
        with scratch.open("rb") as handle:
            os.fsync(handle.fileno())
        # Hold the old file open so its bytes can still be overwritten once it is no longer the rep's file.
        with path.open("r+b") as old_file:
            scratch.replace(path)
            if wipe_old:
                cipher.zero_fill(old_file)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            scratch.unlink()
        raise


def pre_upgrade_copies(path: Path, backups: Path) -> tuple[list[Path], list[Path]]:
    """This file's plain copies in ``backups``: (taken before a schema upgrade, every other one)."""
    before: list[Path] = []
    others: list[Path] = []
    if not backups.is_dir():
        return before, others
    # Named as migrate.backup names them: another rep's "sam-old-…" copies are not "sam"'s.
    own = re.compile(re.escape(path.stem) + r"-\d{8}T\d{6}Z-.+\.sqlite")
    for copy in sorted(backups.glob(f"{path.stem}-*.sqlite")):
        if not own.fullmatch(copy.name) or cipher.state(copy) is not cipher.FileState.PLAIN:
            continue
        (before if "-before-0" in copy.name else others).append(copy)
    return before, others


def encrypt_file(path: Path, key: cipher.Key, backups: Path) -> Encrypted:
    """Encrypt the plain file at ``path`` under ``key``; overwrite and remove the plaintext it leaves."""
    found = cipher.state(path)
    if found is cipher.FileState.ENCRYPTED:
        raise DatabaseUnavailable(
            f"{path} is already encrypted. To change its passphrase, use `repdesk passphrase`."
        )
    if found in (cipher.FileState.MISSING, cipher.FileState.EMPTY):
        raise DatabaseUnavailable(f"There is no database at {path} to encrypt.")
    # Opened (and upgraded, with its pre-upgrade copy) first, as every command does: only a file
    # repdesk accepts is converted. Closing it checkpoints and removes the WAL.
    open_database(path, backups=backups).close()
    with exclusive_use(path):
        _convert_in_place(path, None, key, wipe_old=True)
        removed: list[Path] = []
        for suffix in ("-wal", "-shm", "-journal"):
            leftover = Path(f"{path}{suffix}")
            if leftover.exists():
                cipher.wipe(leftover)
                removed.append(leftover)
    before, others = pre_upgrade_copies(path, backups)
    for copy in before:
        cipher.wipe(copy)
        removed.append(copy)
    return Encrypted(removed, others)


def change_passphrase(path: Path, old: cipher.Key, new: cipher.Key) -> None:
    """Re-encrypt the file at ``path`` under ``new`` (a new salt too)."""
    open_database(path, key=old).close()  # checks the old key, and upgrades the file first
    with exclusive_use(path):
        _convert_in_place(path, old, new, wipe_old=False)


def decrypt_copy(path: Path, key: cipher.Key, target: Path) -> None:
    """Write a plain copy of the encrypted file at ``path`` to the new file ``target`` (0600)."""
    cipher.check(path, key)
    _fresh(target)
    try:
        _export(path, key, target, None)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
        raise
