"""Writing an export to disk: private (0600) files, never overwriting by accident.

Nothing here knows about formats or the command line: :func:`write_file`
takes the rendered bytes or text, :func:`default_name` says what a document
is and when it was made.
"""

from __future__ import annotations

import contextlib
import os
import re
from datetime import UTC
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from repdesk.domain.errors import RepdeskError
from repdesk.paths import create_free_file, ensure_private_dir

from .model import CaseSummary, Document, ThreatChronology

__all__ = [
    "ExportExists",
    "default_name",
    "extension_mismatch",
    "private_folder",
    "target_path",
    "write_file",
]


class ExportExists(RepdeskError):
    """The target file is already there and replacing it was not asked for."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path} already exists; nothing was written. Replace it with --force, or choose another name."
        )
        self.path = path


def private_folder(path: Path) -> Path:
    """Create ``path`` and every missing folder above it readable by the owner only (0700).

    Folders that already exist are left as they are.
    """
    missing: list[Path] = []
    current = Path(path)
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        ensure_private_dir(folder)
    return Path(path)


def _stamp(document: Document) -> str:
    made = document.provenance.made_at
    try:
        zone: ZoneInfo | None = ZoneInfo("Europe/London")
    except ZoneInfoNotFoundError:  # no tz database: UTC beats failing
        zone = None
    local = made.astimezone(zone if zone is not None else UTC)
    return local.strftime("%Y-%m-%dT%H%M%S")


def _safe(part: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", part).strip("-") or "x"


def default_name(document: Document, fmt: str) -> str:
    """A file name that says what the export is and when it was made.

    ``case-C-2025-0007-officer-2026-11-22T143005.pdf``; never a member's name,
    since file names show up in folder listings and email attachments.
    """
    p = document.provenance
    parts: list[str] = [p.document]
    if isinstance(document, CaseSummary):
        parts.append(document.case.ref)
    elif isinstance(document, ThreatChronology) and document.filter_case:
        parts.append(document.filter_case)
    parts += [p.profile, _stamp(document)]
    return "-".join(_safe(part) for part in parts) + f".{_safe(fmt)}"


def target_path(typed: str, document: Document, fmt: str, *, folder: Path) -> Path:
    """Where an export goes: ``typed`` as given, or the default name inside it.

    An empty ``typed`` means ``folder``; a typed path ending in ``/`` or naming
    an existing folder means that folder (made 0700 on writing if missing).
    """
    text = typed.strip()
    if not text:
        return folder / default_name(document, fmt)
    path = Path(text).expanduser()
    if text.endswith(("/", os.sep)) or path.is_dir():
        return path / default_name(document, fmt)
    return path


_EXTENSIONS = {
    "md": "md",
    "markdown": "md",
    "html": "html",
    "htm": "html",
    "pdf": "pdf",
    "json": "json",
    "csv": "csv",
}
"""File extensions that name an export format."""


def extension_mismatch(path: Path, fmt: str) -> str | None:
    """One line saying ``path``'s extension names another format than ``fmt``, else None."""
    suffix = path.suffix.lower().lstrip(".")
    named = _EXTENSIONS.get(suffix)
    if named is not None and named != fmt:
        return (
            f"{path.name} ends in .{suffix} but the export is {fmt.upper()}; "
            f"name it .{fmt} or choose {named.upper()}."
        )
    return None


def write_file(data: str | bytes, path: Path, *, force: bool = False, free_name: bool = False) -> Path:
    """Write ``data`` to ``path`` with mode 0600; refuse an existing file unless ``force``.

    A new file is created exclusively, so a file that appears meanwhile is
    never clobbered; with ``free_name`` a taken name becomes ``name-2.ext``
    (and so on) instead of an error. With ``force`` the data goes to a private temporary file
    beside ``path`` that then replaces it, so a failed write leaves the old
    file whole. A missing folder is created 0700.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path = Path(path)
    try:
        private_folder(path.parent)
        if path.is_dir():
            raise RepdeskError(f"{path} is a folder; give a file name to write the export to.")
        if not force:
            try:
                if free_name:
                    path, fd = create_free_file(path)
                else:
                    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                raise ExportExists(path) from None
            _fill(fd, payload, path)
            return path
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        _fill(fd, payload, temporary)
        try:
            temporary.replace(path)
        except OSError:
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise
        return path
    except PermissionError:
        raise RepdeskError(
            f"repdesk cannot write {path}: permission denied. Choose another folder."
        ) from None
    except OSError as exc:
        if isinstance(exc, RepdeskError):
            raise
        raise RepdeskError(f"repdesk cannot write {path}: {exc.strerror or exc}.") from None


def _fill(fd: int, payload: bytes, path: Path) -> None:
    """Write everything to ``fd`` (forcing 0600 whatever the umask), removing the file on failure."""
    try:
        os.fchmod(fd, 0o600)
        view = memoryview(payload)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            path.unlink()
        raise
    os.close(fd)


def save_copy(data: bytes, target: Path, *, free_name: bool = False) -> Path:
    """Write a stored evidence file out, mode 0600, never over an existing file (a missing folder: 0700).

    With ``free_name`` a taken name becomes ``name-2.ext`` (the desk); without
    it, an existing file is refused (the command line).
    """
    try:
        return write_file(data, target, free_name=free_name)
    except ExportExists:
        raise RepdeskError(f"{target} already exists; nothing was written. Choose another name.") from None
