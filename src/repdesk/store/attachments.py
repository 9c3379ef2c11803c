"""Files the rep points to as evidence, on a timeline entry or a threat-log entry.

The file stays where it is; its SHA-256 and size are recorded when it is
attached, so a later copy can be shown to be the same file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from sqlmodel import Session, col, select

from repdesk.store.common import insert, validate
from repdesk.store.errors import Invalid
from repdesk.store.models import Attachment, AttachmentCreate

HASH_CHUNK = 1 << 20
NAME_MAX = 255
"""The longest file or folder name, in bytes, that common file systems allow."""


def file_digest(path: Path) -> tuple[str, int]:
    """SHA-256 and size of a file, read in chunks so large evidence files are fine."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(HASH_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def read_attachment(data: AttachmentCreate) -> tuple[AttachmentCreate, str, int]:
    """Check the file exists and hash it; the path is stored absolute."""
    data = validate(AttachmentCreate, data.model_dump())
    path = Path(data.path)
    if any(len(part.encode("utf-8", "surrogateescape")) > NAME_MAX for part in path.parts):
        raise Invalid.one(
            "path", f"File: one name in the path is longer than {NAME_MAX} bytes, so no such file can exist."
        )
    try:
        path = path.expanduser()
        if not path.is_file():
            raise Invalid.one("path", f"File {data.path} does not exist or is not a file; check the path.")
        sha, size = file_digest(path)
    except (OSError, RuntimeError) as exc:  # RuntimeError: "~nosuchuser" has no home to expand
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "the path cannot be used"
        raise Invalid.one("path", f"File {data.path} cannot be read ({reason}).") from None
    return data.model_copy(update={"path": str(path.absolute())}), sha, size


def attach(session: Session, data: AttachmentCreate, **owner: int) -> Attachment:
    """Hash the file now and attach it to its ``owner`` (``timeline_entry_id=`` or ``threat_entry_id=``)."""
    data, sha, size = read_attachment(data)
    return insert(session, Attachment, data, sha256=sha, size_bytes=size, **owner)


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
