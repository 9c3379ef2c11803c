"""Where a command gets an encrypted file's passphrase, and the key it derives from it, once.

In order: ``--passphrase-file PATH`` (its first line), then the
``REPDESK_PASSPHRASE`` environment variable (for scripts; the README says what
that risks), then asking on the terminal. Without any of them a command on an
encrypted file refuses in one line. On a terminal a wrong passphrase may be
tried again, after a wait that doubles each time.
"""

from __future__ import annotations

import getpass
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from repdesk.domain.errors import RepdeskError

if TYPE_CHECKING:
    from repdesk.store.cipher import Key

ENV = "REPDESK_PASSPHRASE"
TRIES = 3
"""How many times a terminal is asked before the command gives up."""
FIRST_WAIT = 1.0
"""Seconds before the second try on a terminal; doubled before each try after."""

_file: Path | None = None
_keys: dict[Path, Key] = {}


def use_file(path: str | None) -> None:
    """Read passphrases from ``path`` (``--passphrase-file``) for the rest of this process."""
    global _file
    _file = None if path is None else Path(path).expanduser()


def _from_file(path: Path, option: str = "--passphrase-file") -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RepdeskError(f"{option} {path}: there is no such file.") from None
    except UnicodeDecodeError:
        raise RepdeskError(f"{option} {path}: the file is not UTF-8 text.") from None
    except OSError as exc:
        raise RepdeskError(f"{option} {path}: {(exc.strerror or 'cannot be read').lower()}.") from None
    line = text.splitlines()[0] if text else ""
    if not line:
        raise RepdeskError(f"{option} {path}: the first line is empty.")
    return line


def _given() -> str | None:
    """The passphrase given without asking, if any."""
    if _file is not None:
        return _from_file(_file)
    return os.environ.get(ENV) or None


def _terminal() -> bool:
    return sys.stdin.isatty()


def _echo_off() -> Callable[[], None]:
    """Turn the terminal's echo off; returns what turns it back on, dropping what was typed meanwhile."""
    try:
        import termios
    except ImportError:  # Windows: no termios, nothing to turn off
        return lambda: None
    fd = sys.stdin.fileno()
    try:
        before = termios.tcgetattr(fd)
        quiet = list(before)
        quiet[3] &= ~termios.ECHO
        termios.tcsetattr(fd, termios.TCSADRAIN, quiet)
    except termios.error:
        return lambda: None
    return lambda: termios.tcsetattr(fd, termios.TCSAFLUSH, before)


def _wait(seconds: float, saying: str) -> None:
    """Say ``saying`` and wait, echo off: a passphrase typed ahead is neither shown nor tried."""
    echo_on = _echo_off()  # before saying it, so nothing typed on seeing it shows
    try:
        print(saying, file=sys.stderr)
        time.sleep(seconds)
    finally:
        echo_on()


def existing(path: Path) -> Key:
    """The key for the encrypted file at ``path``: derived once per process, checked against the file."""
    from repdesk.store import cipher

    if path in _keys:
        return _keys[path]
    given = _given()
    if given is not None:
        key = cipher.key_for(path, given)
        cipher.check(path, key)  # WrongPassphrase: one line, exit 1
        _keys[path] = key
        return key
    if not _terminal():
        raise RepdeskError(
            f"{path} is encrypted and there is no terminal to ask on: give the passphrase with "
            f"--passphrase-file PATH or in {ENV}."
        )
    wait = FIRST_WAIT
    for attempt in range(1, TRIES + 1):
        key = cipher.key_for(path, getpass.getpass(f"Passphrase for {path}: "))
        try:
            cipher.check(path, key)
        except cipher.WrongPassphrase:
            if attempt == TRIES:
                raise
            _wait(wait, f"That passphrase does not open it; try again in {wait:.0f} s.")
            wait *= 2
            continue
        _keys[path] = key
        return key
    raise AssertionError("unreachable")  # pragma: no cover


def new(what: str, file: str | None = None, *, allow_given: bool = True) -> str:
    """A new passphrase: from ``file``, else given (if ``allow_given``), else typed twice on the terminal."""
    from repdesk.store import cipher

    given = (
        _from_file(Path(file).expanduser(), "--new-passphrase-file")
        if file
        else _given()
        if allow_given
        else None
    )
    if given is None:
        if not _terminal():
            # A new passphrase for an encrypted file never comes from the old one's file or variable.
            how = f"--passphrase-file PATH or in {ENV}" if allow_given else "--new-passphrase-file PATH"
            raise RepdeskError(f"There is no terminal to ask for the {what} on: give it with {how}.")
        given = getpass.getpass(f"{what.capitalize()}: ")
        if (problem := cipher.passphrase_problem(given)) is None and getpass.getpass("Again: ") != given:
            raise RepdeskError("The two passphrases differ; nothing was changed.")
    if problem := cipher.passphrase_problem(given):
        raise RepdeskError(f"{problem} Nothing was changed.")
    return given


def key_if_encrypted(path: Path) -> Key | None:
    """The key for ``path`` if it is encrypted (asking as above), else None."""
    from repdesk.store import cipher

    return existing(path) if cipher.state(path) is cipher.FileState.ENCRYPTED else None


def forget() -> None:
    """Drop every derived key and the passphrase file setting (tests run many commands in one process)."""
    _keys.clear()
    use_file(None)
