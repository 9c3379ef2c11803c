"""Members can be archived, and saved filters carry a version like every other record.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30

An archived member is hidden from lists and pickers but kept for the record
(their cases, threat entries and history stay). Saved filters gain
``updated_at`` and ``version`` so a rename or delete from a stale window is
refused like any other edit; existing filters start at version 1.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import UTCDateTime

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("member", sa.Column("archived_at", UTCDateTime(), nullable=True))
    op.create_index("ix_member_archived_at", "member", ["archived_at"])
    # SQLite adds a NOT NULL column only with a constant default; the filter's
    # own creation time is the truthful "last changed" for filters made before.
    op.add_column(
        "saved_filter",
        sa.Column("updated_at", UTCDateTime(), nullable=False, server_default="1970-01-01 00:00:00"),
    )
    op.execute("UPDATE saved_filter SET updated_at = created_at")
    op.add_column("saved_filter", sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    # SQLite's own DROP COLUMN, not batch mode, which would lose the enum CHECKs.
    op.drop_index("ix_member_archived_at", table_name="member")
    op.execute("ALTER TABLE member DROP COLUMN archived_at")
    op.execute("ALTER TABLE saved_filter DROP COLUMN updated_at")
    op.execute("ALTER TABLE saved_filter DROP COLUMN version")
