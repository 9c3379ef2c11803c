"""Store each case's urgency score, so the list sorts on an index.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

Scoring 100,000 cases on every keystroke cost 350 ms. The score is now a
column with an index that also carries the columns the list filters on, so a
page is read off the index in score order.

The score depends on today, which SQL cannot know (repdesk's clock can be
frozen), so the store computes it: a trigger blanks a case's score whenever
one of its inputs changes; every flush rescores the blank rows, and the first
list of a new day rescores them all (``urgency_day`` remembers which day the
scores are for). Existing rows start blank and are scored on first use.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# What the score reads (see repdesk.domain.urgency): priority, status, the next
# open deadline, the next-action date and the last activity.
INPUTS = "priority, status, next_due_on, next_action_due, last_activity_on"


def upgrade() -> None:
    op.add_column("member_case", sa.Column("urgency", sa.Float(), nullable=True))
    op.create_index(
        op.f("ix_member_case_urgency"),
        "member_case",
        ["urgency", "id", "status", "priority", "category", "member_id"],
        unique=False,
    )
    op.create_table(
        "urgency_day",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("scored_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_urgency_day")),
    )
    op.execute(
        f"CREATE TRIGGER member_case_unscore AFTER UPDATE OF {INPUTS} ON member_case "
        "BEGIN UPDATE member_case SET urgency = NULL WHERE id = new.id; END"
    )
    # Give the query planner row counts, so a filter on status reads the score index
    # in order rather than sorting every open case; Database.close keeps them fresh.
    op.execute("ANALYZE")


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS member_case_unscore")
    op.drop_table("urgency_day")
    op.drop_index(op.f("ix_member_case_urgency"), table_name="member_case")
    # SQLite's own DROP COLUMN (3.35+), not batch mode: batch mode rebuilds the
    # table and would lose the enum CHECK constraints it cannot reflect.
    op.execute("ALTER TABLE member_case DROP COLUMN urgency")
