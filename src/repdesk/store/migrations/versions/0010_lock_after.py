"""The rep's profile gains how many idle minutes lock an encrypted desk (10).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30

The desk of an encrypted file hides the casework and drops its key after
this many minutes without a key pressed; NULL means only ctrl+l locks it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "rep_profile",
        sa.Column("lock_after_minutes", sa.Integer(), nullable=True, server_default="10"),
    )


def downgrade() -> None:
    # SQLite's own DROP COLUMN, not batch mode, which would lose the enum CHECKs.
    op.execute("ALTER TABLE rep_profile DROP COLUMN lock_after_minutes")
