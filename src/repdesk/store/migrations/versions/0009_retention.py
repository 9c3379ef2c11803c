"""The rep's profile gains a retention period for closed cases (72 months).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30

Triage lists closed cases older than the period as due for review; nothing
is deleted by it. Existing profiles get the default of six years, the usual
limitation period; NULL means the rep turned the review off.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "rep_profile",
        sa.Column("retention_months", sa.Integer(), nullable=True, server_default="72"),
    )


def downgrade() -> None:
    # SQLite's own DROP COLUMN, not batch mode, which would lose the enum CHECKs.
    op.execute("ALTER TABLE rep_profile DROP COLUMN retention_months")
