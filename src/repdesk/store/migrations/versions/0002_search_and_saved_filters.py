"""Full-text search over casework, kept in sync by triggers; saved list filters.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

One FTS5 table indexes case text, timeline entries, threat words and context,
talks notes, offers and action points. Each source row gets a fixed rowid
(kind * 10**12 + id), so the triggers keep it in sync with O(log n) deletes
whatever writes to the file. Existing rows are indexed on upgrade.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STRIDE = 10**12

# kind code, table, case id expression, title expression, body expression
SOURCES: list[tuple[int, str, str, str, str]] = [
    (
        1,
        "member_case",
        "{r}.id",
        "{r}.ref || ' ' || {r}.title",
        "{r}.summary || ' ' || {r}.next_action || ' ' || "
        "coalesce((SELECT group_concat(value, ' ') FROM json_each({r}.tags)), '')",
    ),
    (2, "timeline_entry", "{r}.case_id", "{r}.summary", "{r}.body"),
    (
        3,
        "threat_entry",
        "NULL",
        "{r}.ref || ' ' || {r}.made_by || ' ' || {r}.made_by_role || ' ' || {r}.document_ref",
        "{r}.exact_words || ' ' || {r}.context || ' ' || {r}.witnesses",
    ),
    (
        4,
        "talks_session",
        "NULL",
        "{r}.venue || ' ' || {r}.conciliator",
        "{r}.agenda || ' ' || {r}.notes || ' ' || {r}.caucus_notes || ' ' || {r}.report_back",
    ),
    (5, "talks_offer", "NULL", "{r}.topic", "{r}.text"),
    (6, "action_point", "NULL", "{r}.owner", "{r}.text"),
]


# Columns whose change re-indexes a row: the case row also moves when its
# urgency dates are refreshed, and that must not cost a re-index.
WATCHED = {
    "member_case": "ref, title, summary, next_action, tags",
    "timeline_entry": "summary, body",
    "threat_entry": "ref, made_by, made_by_role, document_ref, exact_words, context, witnesses",
    "talks_session": "venue, conciliator, agenda, notes, caucus_notes, report_back",
    "talks_offer": "topic, text",
    "action_point": "owner, text",
}


def _insert(code: int, case_id: str, title: str, body: str, r: str) -> str:
    # Built from this module's constants only; no input reaches these strings.
    return (
        "INSERT INTO search_index(rowid, kind, entity_id, case_id, title, body) VALUES ("
        f"{code} * {STRIDE} + {r}.id, {code}, {r}.id, {case_id.format(r=r)}, "
        f"{title.format(r=r)}, {body.format(r=r)});"
    )


def _delete(code: int, r: str) -> str:
    return f"DELETE FROM search_index WHERE rowid = {code} * {STRIDE} + {r}.id;"


def upgrade() -> None:
    op.create_table(
        "saved_filter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area", AutoString(length=20), nullable=False),
        sa.Column("name", AutoString(length=60), nullable=False),
        sa.Column("query", AutoString(length=500), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_filter")),
        sa.UniqueConstraint("area", "name", name=op.f("uq_saved_filter_area")),
    )
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "kind UNINDEXED, entity_id UNINDEXED, case_id UNINDEXED, title, body, "
        "tokenize = 'porter unicode61 remove_diacritics 2')"
    )
    for code, table, case_id, title, body in SOURCES:
        op.execute(
            f"CREATE TRIGGER search_{table}_ai AFTER INSERT ON {table} BEGIN "
            f"{_insert(code, case_id, title, body, 'new')} END"
        )
        op.execute(
            f"CREATE TRIGGER search_{table}_au AFTER UPDATE OF {WATCHED[table]} ON {table} BEGIN "
            f"{_delete(code, 'old')} {_insert(code, case_id, title, body, 'new')} END"
        )
        op.execute(
            f"CREATE TRIGGER search_{table}_ad AFTER DELETE ON {table} BEGIN {_delete(code, 'old')} END"
        )
        # Index what an older database already holds.
        op.execute(
            _insert(code, case_id, title, body, table)
            .replace("VALUES (", "SELECT ")
            .replace(");", f" FROM {table};")
        )


def downgrade() -> None:
    for _code, table, *_ in SOURCES:
        for suffix in ("ai", "au", "ad"):
            op.execute(f"DROP TRIGGER IF EXISTS search_{table}_{suffix}")
    op.execute("DROP TABLE IF EXISTS search_index")
    op.drop_table("saved_filter")
