"""The threat log's hash chain: an append-only event table and stricter triggers.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30

Each threat entry gains a random salt (its content hash is salted, so a hash
in an export says nothing about a short field). ``threat_event`` holds the
chain; triggers refuse any UPDATE or DELETE of it, and now also any DELETE of
a threat entry and any change of its id or salt (before, only its fields were
guarded). A file that already has entries gets one event per entry, in id
order, at the time each was recorded, with the links, evidence and follow-up
status it has now, so an upgraded file verifies from the start.
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import UTCDateTime

from repdesk.domain import chain as rules

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_GUARDED = (
    "occurred_on, occurred_at, made_by, made_by_role, channel, audience, kind, exact_words, context, "
    "related_to_action, protected_activity, witnesses, document_ref, disputed, ref, recorded_at, "
    "amends_id, correction_reason"
)

_event = sa.table(
    "threat_event",
    sa.column("seq", sa.Integer()),
    sa.column("entry_id", sa.Integer()),
    sa.column("kind", sa.String()),
    sa.column("at", UTCDateTime()),
    sa.column("facts", sa.String()),
    sa.column("prev", sa.String()),
    sa.column("hash", sa.String()),
)


def _chain_existing(conn: sa.Connection) -> None:
    """One event per entry already in the file, in id order, read as the store reads them."""
    for (entry_id,) in conn.exec_driver_sql("SELECT id FROM threat_entry").all():
        conn.exec_driver_sql(
            "UPDATE threat_entry SET salt = ? WHERE id = ?", (secrets.token_hex(16), entry_id)
        )
    states = rules.entry_states(*(conn.exec_driver_sql(query).all() for query in rules.STATE_QUERIES))
    prev, rows = rules.GENESIS, []
    for seq, entry_id in enumerate(sorted(states), start=1):
        kind, at, facts = rules.logging_event(states[entry_id])
        encoded = rules.canonical(rules.plain(facts))
        digest = rules.link(prev, rules.event_body(seq, kind, entry_id, at, encoded))
        rows.append(
            {
                "seq": seq,
                "entry_id": entry_id,
                "kind": kind.value,
                "at": at,
                "facts": encoded.decode(),
                "prev": prev,
                "hash": digest,
            }
        )
        prev = digest
    if rows:
        conn.execute(sa.insert(_event), rows)


def upgrade() -> None:
    op.add_column("threat_entry", sa.Column("salt", sa.String(length=32), nullable=False, server_default=""))
    op.create_table(
        "threat_event",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "entry_logged",
                "correction_logged",
                "status_changed",
                "member_linked",
                "case_linked",
                "evidence_attached",
                "erased",
                name=op.f("ck_threat_event_kind"),
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("facts", sa.String(), nullable=False),
        sa.Column("prev", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["threat_entry.id"], name=op.f("fk_threat_event_entry_id_threat_entry")
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_threat_event")),
        sa.UniqueConstraint("hash", name=op.f("uq_threat_event_hash")),
    )
    op.create_index(op.f("ix_threat_event_entry_id"), "threat_event", ["entry_id"], unique=False)
    _chain_existing(op.get_bind())
    op.execute("DROP TRIGGER IF EXISTS threat_entry_immutable")
    op.execute(
        f"""
        CREATE TRIGGER threat_entry_immutable
        BEFORE UPDATE OF id, salt, {_GUARDED}
        ON threat_entry
        BEGIN
            SELECT RAISE(ABORT, 'threat-log entries cannot be edited; record a correction');
        END
        """
    )
    op.execute(
        """
        CREATE TRIGGER threat_entry_no_delete BEFORE DELETE ON threat_entry
        BEGIN
            SELECT RAISE(ABORT, 'threat-log entries cannot be deleted; record a correction');
        END
        """
    )
    for action in ("UPDATE", "DELETE"):
        op.execute(
            f"""
            CREATE TRIGGER threat_event_no_{action.lower()} BEFORE {action} ON threat_event
            BEGIN
                SELECT RAISE(ABORT, 'the threat log''s chain is append-only');
            END
            """
        )


def downgrade() -> None:
    for trigger in ("threat_event_no_update", "threat_event_no_delete", "threat_entry_no_delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.drop_index(op.f("ix_threat_event_entry_id"), table_name="threat_event")
    op.drop_table("threat_event")
    op.execute("DROP TRIGGER IF EXISTS threat_entry_immutable")
    op.execute("ALTER TABLE threat_entry DROP COLUMN salt")
    op.execute(
        f"""
        CREATE TRIGGER threat_entry_immutable
        BEFORE UPDATE OF {_GUARDED}
        ON threat_entry
        BEGIN
            SELECT RAISE(ABORT, 'threat-log entries cannot be edited; record a correction');
        END
        """
    )
