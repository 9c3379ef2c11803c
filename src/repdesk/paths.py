"""Every place repdesk keeps files, via platformdirs. Computed on demand, never at import.

One SQLite file per rep under the user data dir; ``--db PATH`` or
``REPDESK_DB`` point somewhere else. Tests redirect everything by setting
``XDG_DATA_HOME`` and ``XDG_CONFIG_HOME``.
"""

from __future__ import annotations

import getpass
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP = "repdesk"


def data_dir() -> Path:
    """Where rep databases, backups and exports live (created 0700 on first use)."""
    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def config_dir() -> Path:
    """Where the config file (key remapping, preferences) lives."""
    return Path(platformdirs.user_config_dir(APP, appauthor=False))


def rep_slug(name: str) -> str:
    """A file-safe form of a rep's name: ``"Sam O'Neill"`` -> ``"sam-o-neill"``."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.strip().lower()).strip("-")
    return slug or "rep"


def rep_problem(name: str) -> str | None:
    """Why ``name`` cannot name a rep's file, or ``None`` if it can.

    A rep's file is ``<slug>.sqlite`` in the data folder, so a name that is a
    path (``a/b``) or has nothing in it (empty, only dots or spaces) is
    refused rather than quietly turned into some other rep's file.
    """
    if "/" in name or "\\" in name:
        return "a rep's name cannot contain / or \\ (to use a file elsewhere, give --db PATH)"
    if not name.strip(" .\t"):
        return "a rep's name needs a letter or digit"
    return None


def expand(text: str) -> Path:
    """``text`` as a path, with ``~`` and ``~user`` expanded; ``ValueError`` for an unknown user."""
    try:
        return Path(text).expanduser()
    except RuntimeError:  # Path.expanduser's "Could not determine home directory"
        head = text.split("/", 1)[0]
        raise ValueError(f"{head} names no user on this computer, so the path cannot be found") from None


def default_rep() -> str:
    """The OS user name, which is the rep unless ``--rep`` says otherwise."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers) and no LOGNAME
        return "rep"


@dataclass(frozen=True)
class Location:
    """Where one rep's files are."""

    rep: str
    """The rep's name as given (or the OS user)."""
    database: Path
    """The SQLite file."""
    config: Path
    """The config file (may not exist yet)."""
    exports: Path
    """Default folder for exported documents."""
    backups: Path
    """Copies taken before a schema upgrade."""
    source: str
    """Why this database: "--db", "REPDESK_DB" or "--rep"/"default"."""


def locate(
    rep: str | None = None,
    db: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Location:
    """Resolve a rep's files: ``--db`` beats ``REPDESK_DB`` beats the rep's default file.

    Raises ``ValueError`` starting with the option to blame (``--rep``, ``--db``,
    ``REPDESK_DB``) for a rep's name or path that cannot be used.
    """
    environ = os.environ if environ is None else environ
    if rep is not None and (problem := rep_problem(rep)):
        raise ValueError(f"--rep {rep!r}: {problem}")
    name = rep or default_rep()
    slug = rep_slug(name)
    if db is not None or environ.get("REPDESK_DB"):
        text, source = (os.fspath(db), "--db") if db is not None else (environ["REPDESK_DB"], "REPDESK_DB")
        if not text.strip():
            raise ValueError(f"{source} is empty: give the path of a database file")
        try:
            database = expand(text)
        except ValueError as exc:
            raise ValueError(f"{source}: {exc}") from None
    else:
        database, source = data_dir() / f"{slug}.sqlite", ("--rep" if rep else "default (OS user)")
    database = database.absolute()
    return Location(
        rep=name,
        database=database,
        config=config_dir() / "config.toml",
        exports=data_dir() / "exports" / slug,
        backups=database.parent / "backups",
        source=source,
    )


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) readable by the owner only; tighten it if we made it."""
    missing = not path.exists()
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if missing:
        path.chmod(0o700)
    return path


def create_private_file(path: Path) -> None:
    """Make ``path`` exist with mode 0600 before anything writes to it; leave an existing file be."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    os.close(fd)


def create_free_file(path: Path) -> tuple[Path, int]:
    """Create ``path`` exclusively with mode 0600, or ``name-2.ext``, ``name-3.ext``… if taken.

    Returns the path made and its open descriptor (the caller writes and
    closes it); an existing file is never opened, so nothing is overwritten.
    """
    for n in range(1, 1000):
        candidate = path if n == 1 else path.with_name(f"{path.stem}-{n}{path.suffix}")
        try:
            return candidate, os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            continue
    raise FileExistsError(f"{path} and 998 numbered names beside it already exist")


def tighten_file(path: Path) -> None:
    """Take group and other permissions off a file repdesk has accepted as its own."""
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)
