"""The acts the Employment Rights Act 2025's 6-month limit covers, as the rep confirms them.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30

The 6-month tribunal limit is off until the rep enters its commencement date
(nothing confirmed it by Nov 2026). Its transitional rule (which acts it
covers) has not been made either, so the rep enters that too: the first act
covered, when it differs from the commencement date. Computed deadlines are
not touched: the desk and the command line recheck them against the rules and
these settings every time they are read, and flag any that now differ.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("rep_profile", sa.Column("era2025_covers_from", sa.Date(), nullable=True))


def downgrade() -> None:
    # SQLite's own DROP COLUMN, not batch mode, which would lose the enum CHECKs.
    op.execute("ALTER TABLE rep_profile DROP COLUMN era2025_covers_from")
