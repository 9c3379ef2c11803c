"""Evidence kept in the file: a record's evidence, a stored file found by its hash, a copy saved out.

Attaching is :mod:`repdesk.store.attachments`; this module is what the desk
and ``repdesk evidence`` do with evidence once it is there.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath

import sqlalchemy as sa
from sqlmodel import Session, col, select

from repdesk.domain import clock
from repdesk.domain.dates import format_date
from repdesk.domain.enums import TimelineKind
from repdesk.domain.errors import RepdeskError
from repdesk.domain.text import clip
from repdesk.store import cases, threats
from repdesk.store.attachments import read_evidence, store_read
from repdesk.store.common import chunks
from repdesk.store.errors import Invalid, NotFound
from repdesk.store.models import Attachment, AttachmentCreate, EvidenceBlob, TimelineEntry
from repdesk.store.models.base import SHORT

PREFIX_MIN = 4
"""The fewest hex digits of a hash that ``evidence get`` takes."""

_HEX = re.compile(r"[0-9a-f]+")


@dataclass(frozen=True)
class EvidenceItem:
    """One attached file as the desk and the command line list it."""

    attachment: Attachment
    stored: bool
    """Whether its bytes are in the database (attachments made before 0008 hold only a path and hash)."""
    where: str
    """What it is attached to: a threat entry's reference, or a timeline entry's date, kind and summary."""

    @property
    def name(self) -> str:
        """The file's own name, as it was when attached."""
        return PurePath(self.attachment.path).name


def stored_hashes(session: Session, hashes: Sequence[str]) -> set[str]:
    """Which of ``hashes`` have their bytes in the database."""
    found: set[str] = set()
    for chunk in chunks(list(dict.fromkeys(hashes))):
        found.update(session.exec(select(EvidenceBlob.sha256).where(col(EvidenceBlob.sha256).in_(chunk))))
    return found


def _items(session: Session, attachments: Sequence[tuple[Attachment, str]]) -> list[EvidenceItem]:
    stored = stored_hashes(session, [a.sha256 for a, _where in attachments])
    return [EvidenceItem(a, a.sha256 in stored, where) for a, where in attachments]


def case_evidence(session: Session, case_id: int) -> list[EvidenceItem]:
    """Every file attached to a case's timeline entries, oldest entry first."""
    cases.get_case(session, case_id)
    rows = session.exec(
        select(Attachment, TimelineEntry)
        .join(TimelineEntry, col(TimelineEntry.id) == Attachment.timeline_entry_id)
        .where(TimelineEntry.case_id == case_id)
        .order_by(col(TimelineEntry.occurred_on), col(TimelineEntry.id), col(Attachment.id))
    )
    return _items(
        session,
        [(a, f"{format_date(e.occurred_on)} {e.kind.label}: {clip(e.summary, 40)}") for a, e in rows],
    )


def threat_evidence(session: Session, entry_id: int) -> list[EvidenceItem]:
    """Every file attached to a threat-log entry, in the order attached."""
    entry = threats.get_threat(session, entry_id)
    rows = session.exec(
        select(Attachment).where(Attachment.threat_entry_id == entry_id).order_by(col(Attachment.id))
    )
    return _items(session, [(a, entry.ref) for a in rows])


def evidence_of(session: Session, ref: str) -> tuple[str, list[EvidenceItem]]:
    """A case's or threat entry's evidence by its reference: (the reference as stored, the files)."""
    case = cases.find_case(session, ref)
    if case is not None and case.id is not None:
        return case.ref, case_evidence(session, case.id)
    entry = threats.find_threat(session, ref)
    if entry is not None and entry.id is not None:
        return entry.ref, threat_evidence(session, entry.id)
    raise NotFound(no_such_record(ref))


def no_such_record(ref: str) -> str:
    """What is said of a reference that names neither a case nor a threat entry."""
    return (
        f"No case or threat-log entry has the reference {clip(ref.strip(), 30)}; "
        "give one like C-2025-0007 or T-2025-0003."
    )


def attach_to_case(session: Session, case_id: int, data: AttachmentCreate) -> Attachment:
    """Attach a file to a case on a new timeline entry: a "document" dated today, summed up by the
    file's description (else its name). The file is read first, so a refusal adds no entry."""
    read = read_evidence(session, data)
    summary = clip(read.data.description or f"File {read.name}", SHORT)
    entry = cases.add_timeline_entry(
        session, case_id, {"occurred_on": clock.today(), "kind": TimelineKind.DOCUMENT, "summary": summary}
    )
    assert entry.id is not None
    return store_read(session, read, timeline_entry_id=entry.id)


def attach_to_ref(session: Session, ref: str, data: AttachmentCreate) -> tuple[str, Attachment]:
    """Attach a file to the case (on a new timeline entry) or threat entry ``ref`` names."""
    case = cases.find_case(session, ref)
    if case is not None and case.id is not None:
        return case.ref, attach_to_case(session, case.id, data)
    entry = threats.find_threat(session, ref)
    if entry is not None and entry.id is not None:
        return entry.ref, threats.attach_evidence(session, entry.id, data)
    raise NotFound(no_such_record(ref))


@dataclass(frozen=True)
class StoredFile:
    """A file whose bytes are in the database, found by its hash."""

    sha256: str
    size_bytes: int
    name: str
    """The name it was attached under (the first attachment's), for saving a copy."""


def find_stored(session: Session, prefix: str) -> StoredFile:
    """The stored file whose SHA-256 starts with ``prefix`` (at least 4 hex digits, unique)."""
    typed = prefix.strip().lower()
    if len(typed) < PREFIX_MIN or not _HEX.fullmatch(typed) or len(typed) > 64:
        raise Invalid.one(
            "sha256",
            f"Give at least {PREFIX_MIN} hex digits (0-9, a-f) of the file's SHA-256, "
            "as `repdesk evidence list` shows it.",
        )
    matches = session.exec(
        select(EvidenceBlob.sha256, EvidenceBlob.size_bytes)
        .where(col(EvidenceBlob.sha256).startswith(typed))
        .order_by(col(EvidenceBlob.sha256))
        .limit(2)
    ).all()
    if len(matches) > 1:
        raise Invalid.one(
            "sha256", f"More than one stored file's SHA-256 starts with {typed}; give more of it."
        )
    if not matches:
        attached = session.exec(select(Attachment.id).where(col(Attachment.sha256).startswith(typed))).first()
        if attached is not None:
            raise NotFound(
                f"The file with SHA-256 {typed}… was attached before repdesk kept evidence in the database: "
                "only its path and hash are recorded, not the file itself."
            )
        raise NotFound(f"No file stored in this database has a SHA-256 starting {typed}.")
    sha, size = matches[0]
    path = session.exec(
        select(Attachment.path).where(Attachment.sha256 == sha).order_by(col(Attachment.id))
    ).first()
    return StoredFile(sha, size, PurePath(path).name if path else f"{sha[:12]}.bin")


def content(session: Session, sha256: str) -> bytes:
    """The stored bytes of the file with this full SHA-256 (NotFound if not stored)."""
    found = (
        session.connection()
        .execute(sa.select(col(EvidenceBlob.content)).where(col(EvidenceBlob.sha256) == sha256))
        .scalar_one_or_none()
    )
    if found is None:
        raise NotFound("That file is not stored in this database.")
    return bytes(found)


def target_for(typed: str | Path, name: str) -> Path:
    """Where a copy goes: ``typed``, or the file's own name inside it when it names a folder
    (one that exists, or a path typed ending in ``/``)."""
    text = str(typed) if isinstance(typed, Path) else typed.strip()
    path = Path(text).expanduser()
    if text.endswith(("/", os.sep)) or path.is_dir():
        return path / name
    return path


def checked_content(session: Session, sha256: str) -> bytes:
    """The stored bytes of a file, checked against their hash first, so altered bytes are never
    handed out as evidence (RepdeskError if they no longer match)."""
    data = content(session, sha256)
    if hashlib.sha256(data).hexdigest() != sha256:
        raise RepdeskError(
            "The stored copy of that file no longer matches its SHA-256: it was changed outside repdesk. "
            "Nothing was written; restore the database from a backup."
        )
    return data
