"""Files the rep attaches as evidence, on a timeline entry or a threat-log entry.

Attaching reads the file once, hashing it as it goes, and copies its bytes
into the database (``evidence_blob``, keyed by SHA-256, so the same bytes are
stored once however often they are attached). The evidence then travels and
is backed up with the file. A file over the rep's limit is refused before
anything is written. Attachments made before the bytes were kept (schema
0008) keep their path and hash only: they are "not stored in the file".
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, col, select

from repdesk.domain import clock
from repdesk.domain.units import MB, file_size
from repdesk.store.common import insert, validate
from repdesk.store.errors import Invalid
from repdesk.store.models import Attachment, AttachmentCreate, EvidenceBlob, RepProfile
from repdesk.store.models.evidence import DEFAULT_LIMIT_MB

HASH_CHUNK = 1 << 20
NAME_MAX = 255
"""The longest file or folder name, in bytes, that common file systems allow."""


def limit_bytes(session: Session) -> int:
    """The largest evidence file the rep allows, in bytes (their profile's setting, else 25 MB)."""
    limit = session.exec(select(RepProfile.evidence_limit_mb).order_by(col(RepProfile.id))).first()
    return (limit or DEFAULT_LIMIT_MB) * MB


@dataclass(frozen=True)
class ReadFile:
    """A file read for attaching: what the rep gave (the path made absolute), its hash, size and bytes."""

    data: AttachmentCreate
    sha256: str
    size_bytes: int
    content: bytes = b""

    @property
    def name(self) -> str:
        """The file's own name, without its folder."""
        return Path(self.data.path).name


def _too_big(typed: str, size: int, limit: int) -> Invalid:
    return Invalid.one(
        "path",
        f"File {typed} is {file_size(size)}, over your limit of {file_size(limit)} per evidence file; "
        "nothing was attached. Raise the limit in your profile (repdesk profile --evidence-limit MB) "
        "to attach it.",
    )


def read_attachment(data: AttachmentCreate, *, limit: int | None = None) -> ReadFile:
    """Read the file once, hashing as it goes: refused if missing, unreadable or over ``limit`` bytes.

    Nothing is written here, so a refusal leaves nothing half-attached. The
    path is kept absolute. Without ``limit`` the file is hashed but its bytes
    are not kept (a preview before saving).
    """
    data = validate(AttachmentCreate, data.model_dump())
    path = Path(data.path)
    if any(len(part.encode("utf-8", "surrogateescape")) > NAME_MAX for part in path.parts):
        raise Invalid.one(
            "path", f"File: one name in the path is longer than {NAME_MAX} bytes, so no such file can exist."
        )
    digest = hashlib.sha256()
    content = bytearray()
    size = 0
    try:
        path = path.expanduser()
        if not path.is_file():
            raise Invalid.one("path", f"File {data.path} does not exist or is not a file; check the path.")
        with path.open("rb") as handle:
            # The size on disk refuses a large file at once; the count while reading
            # holds even for a file that grows while it is read.
            if limit is not None and (on_disk := os.fstat(handle.fileno()).st_size) > limit:
                raise _too_big(data.path, on_disk, limit)
            while chunk := handle.read(HASH_CHUNK):
                size += len(chunk)
                if limit is not None and size > limit:
                    raise _too_big(data.path, size, limit)
                digest.update(chunk)
                if limit is not None:
                    content += chunk
    except (OSError, RuntimeError) as exc:  # RuntimeError: "~nosuchuser" has no home to expand
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "the path cannot be used"
        raise Invalid.one("path", f"File {data.path} cannot be read ({reason}).") from None
    kept = data.model_copy(update={"path": str(path.absolute())})
    return ReadFile(kept, digest.hexdigest(), size, bytes(content))


def read_evidence(session: Session, data: AttachmentCreate) -> ReadFile:
    """Read a file to attach under the rep's limit (see :func:`read_attachment`)."""
    return read_attachment(data, limit=limit_bytes(session))


def store_read(session: Session, read: ReadFile, **owner: int) -> Attachment:
    """Keep ``read``'s bytes (once per hash) and attach it to its ``owner``.

    The bytes go in with plain SQL, never through the ORM, so they never reach
    the audit log (which records the attachment, its hash and size).
    """
    session.connection().execute(
        sa.insert(EvidenceBlob)
        .prefix_with("OR IGNORE")
        .values(sha256=read.sha256, size_bytes=read.size_bytes, content=read.content, stored_at=clock.now())
    )
    return insert(session, Attachment, read.data, sha256=read.sha256, size_bytes=read.size_bytes, **owner)


def attach(session: Session, data: AttachmentCreate, **owner: int) -> Attachment:
    """Read the file now, keep its bytes, and attach it to ``owner`` (``timeline_entry_id=`` or
    ``threat_entry_id=``)."""
    return store_read(session, read_evidence(session, data), **owner)


def attachments_for_entries(session: Session, entry_ids: Sequence[int]) -> dict[int, list[Attachment]]:
    """Attachments grouped by timeline entry."""
    if not entry_ids:
        return {}
    found: dict[int, list[Attachment]] = {}
    query = (
        select(Attachment)
        .where(col(Attachment.timeline_entry_id).in_(entry_ids))
        .order_by(col(Attachment.id))
    )
    for attachment in session.exec(query):
        assert attachment.timeline_entry_id is not None
        found.setdefault(attachment.timeline_entry_id, []).append(attachment)
    return found


def altered_blobs(session: Session, hashes: Iterable[str] | None = None) -> set[str]:
    """Of ``hashes`` (every stored file if None), those whose stored bytes no longer hash to them:
    bytes changed outside repdesk. A hash with no stored bytes is not in the answer.

    One file at a time: evidence can be large, and only its hash is kept in memory.
    """
    if hashes is None:
        hashes = session.connection().execute(sa.select(col(EvidenceBlob.sha256))).scalars().all()
    altered: set[str] = set()
    for sha in sorted(set(hashes)):
        query = sa.select(col(EvidenceBlob.content)).where(col(EvidenceBlob.sha256) == sha)
        data = session.connection().execute(query).scalar()
        if data is not None and hashlib.sha256(bytes(data)).hexdigest() != sha:
            altered.add(sha)
    return altered
