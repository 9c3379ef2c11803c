"""Encryption at rest: a rep's file encrypted with SQLCipher, unlocked by a passphrase.

SQLCipher (the ``sqlcipher3`` package, SQLite with AES-256 page encryption and
an HMAC on every page) is the trusted way to encrypt SQLite; it keeps FTS5, so
search works the same. repdesk derives the key from the passphrase itself,
once per process, with SQLCipher 4's own parameters (PBKDF2-HMAC-SHA512,
256,000 iterations, the file's random 16-byte salt), and hands every
connection the raw key. Left to itself SQLCipher would run the slow
derivation again for each new connection.

An encrypted file has no "SQLite format 3" header: its first 16 bytes are the
salt, and every page after is ciphertext. :func:`state` tells the two apart
without a key.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path
from typing import Any, BinaryIO

from repdesk.store.errors import DatabaseUnavailable
from repdesk.store.filestate import FileState, state

__all__ = [
    "KDF_ITERATIONS",
    "MIN_PASSPHRASE",
    "FileState",
    "Key",
    "NeedsPassphrase",
    "NotEncrypted",
    "WrongPassphrase",
    "check",
    "connect",
    "dbapi",
    "derive",
    "key_for",
    "new_key",
    "passphrase_problem",
    "state",
]

SALT_BYTES = 16
KDF_ITERATIONS = 256_000
"""SQLCipher 4's default for PBKDF2-HMAC-SHA512."""
MIN_PASSPHRASE = 8
"""The shortest passphrase repdesk accepts; the README recommends several words."""


class NeedsPassphrase(DatabaseUnavailable):
    """The file is encrypted and no passphrase was given."""


class WrongPassphrase(DatabaseUnavailable):
    """The passphrase given does not open the file."""


class NotEncrypted(DatabaseUnavailable):
    """A passphrase was given for a plain file."""


class Key:
    """A derived key and the salt it goes with; never shown, logged or compared by value."""

    __slots__ = ("_material", "salt")

    def __init__(self, key: bytes, salt: bytes) -> None:
        self._material = key.hex() + salt.hex()
        self.salt = salt

    @property
    def literal(self) -> str:
        """The key as SQLCipher's raw-key literal (``x'…'``: 32 key bytes, then the 16-byte salt)."""
        return f"\"x'{self._material}'\""

    def __repr__(self) -> str:
        return "Key(<hidden>)"

    __str__ = __repr__


def passphrase_problem(passphrase: str) -> str | None:
    """Why a new passphrase cannot be used, or None."""
    if not passphrase.strip():
        return "The passphrase is empty."
    if len(passphrase) < MIN_PASSPHRASE:
        return (
            f"The passphrase is too short: use at least {MIN_PASSPHRASE} characters (several words is best)."
        )
    return None


def derive(passphrase: str, salt: bytes) -> Key:
    """The key for ``passphrase`` with ``salt`` (the slow step, run once per process)."""
    raw = hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ITERATIONS, dklen=32)
    return Key(raw, salt)


def new_key(passphrase: str) -> Key:
    """A key with a fresh random salt, for a file about to be written encrypted."""
    return derive(passphrase, secrets.token_bytes(SALT_BYTES))


def key_for(path: Path, passphrase: str) -> Key:
    """The key that opens the encrypted file at ``path`` if ``passphrase`` is right (see :func:`check`)."""
    with path.open("rb") as handle:
        salt = handle.read(SALT_BYTES)
    if len(salt) < SALT_BYTES:
        raise WrongPassphrase(f"{path} is too short to be an encrypted repdesk file.")
    return derive(passphrase, salt)


def dbapi() -> Any:
    """The SQLCipher DB-API module (imported on first use: plain files never load it)."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError:  # pragma: no cover - a dependency; only a broken install lacks it
        raise DatabaseUnavailable(
            "repdesk cannot open encrypted files here: the sqlcipher3 package is missing. "
            "Reinstall repdesk (pip install repdesk) and try again."
        ) from None
    return dbapi2


def connect(path: Path | str, key: Key, **kwargs: Any) -> Any:
    """A SQLCipher connection on ``path`` unlocked with ``key`` (nothing read yet)."""
    conn = dbapi().connect(str(path), **kwargs)
    # SQLCipher would otherwise print its own errors (a wrong key's failed page checks) to stderr.
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = {key.literal}")
    # Sorts and temporary tables stay in memory: a temp file would hold plaintext.
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn


def check(path: Path, key: Key) -> None:
    """Raise :class:`WrongPassphrase` unless ``key`` opens the file at ``path``."""
    conn = connect(path, key)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except dbapi().DatabaseError:
        raise WrongPassphrase(
            f"That passphrase does not open {path}. Check it and try again; nothing was changed."
        ) from None
    finally:
        conn.close()


def zero_fill(handle: BinaryIO) -> None:
    """Overwrite the whole of an open file with zeros, to the disk (best effort on SSDs; see the README)."""
    size = os.fstat(handle.fileno()).st_size
    handle.seek(0)
    block = b"\0" * 65536
    while size > 0:
        handle.write(block[: min(size, len(block))])
        size -= len(block)
    handle.flush()
    os.fsync(handle.fileno())


def wipe(path: Path) -> None:
    """Overwrite a plaintext file with zeros, then remove it."""
    try:
        with path.open("r+b") as handle:
            zero_fill(handle)
    except FileNotFoundError:
        return
    path.unlink()
