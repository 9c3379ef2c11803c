"""Evidence files kept inside the database: each file's bytes once, by SHA-256."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from repdesk.domain import clock

DEFAULT_LIMIT_MB = 25
"""The largest evidence file a rep may attach, in MB, unless they raise it in their profile."""

MAX_LIMIT_MB = 500
"""The most the limit may be raised to: SQLite holds at most about 1 GB in one value."""


class EvidenceBlob(SQLModel, table=True):
    """The bytes of an attached file, stored once however many attachments share them.

    Written and removed by the store with plain SQL, never through the ORM, so
    the content never reaches the audit log; a trigger drops a blob when its
    last attachment goes.
    """

    __tablename__ = "evidence_blob"

    sha256: str = Field(primary_key=True, max_length=64, description="SHA-256 of the content (hex).")
    size_bytes: int = Field(description="Length of the content in bytes.")
    content: bytes = Field(sa_type=sa.LargeBinary, description="The file's bytes, as attached.")
    stored_at: datetime = Field(default_factory=clock.now, description="When it was first stored (UTC).")


__all__ = ["DEFAULT_LIMIT_MB", "MAX_LIMIT_MB", "EvidenceBlob"]
