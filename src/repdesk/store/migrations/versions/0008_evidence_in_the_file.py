"""Evidence files are kept inside the database, each file's bytes once by SHA-256.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30

``evidence_blob`` holds the bytes of every file attached from now on, keyed by
their SHA-256, so evidence travels and is backed up with the file. An
attachment made before keeps its path and hash; it is "not stored in the
file" unless the same bytes are attached again. A trigger drops a blob when
the last attachment with its hash is deleted, so deleted casework does not
linger. The rep's profile gains the largest file they allow (25 MB).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "evidence_blob",
        sa.Column("sha256", AutoString(length=64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("stored_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_evidence_blob")),
    )
    op.create_index("ix_attachment_sha256", "attachment", ["sha256"])
    op.execute(
        """
        CREATE TRIGGER evidence_blob_last_attachment_gone AFTER DELETE ON attachment
        WHEN NOT EXISTS (SELECT 1 FROM attachment WHERE sha256 = old.sha256)
        BEGIN
            DELETE FROM evidence_blob WHERE sha256 = old.sha256;
        END
        """
    )
    op.add_column(
        "rep_profile",
        sa.Column("evidence_limit_mb", sa.Integer(), nullable=False, server_default="25"),
    )


def downgrade() -> None:
    # SQLite's own DROP COLUMN, not batch mode, which would lose the enum CHECKs.
    op.execute("ALTER TABLE rep_profile DROP COLUMN evidence_limit_mb")
    op.execute("DROP TRIGGER IF EXISTS evidence_blob_last_attachment_gone")
    op.drop_index("ix_attachment_sha256", table_name="attachment")
    op.drop_table("evidence_blob")
