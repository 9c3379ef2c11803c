"""The whole casework schema of domain.md: members, cases, threats, talks, audit.

Revision ID: 0001
Revises:
Create Date: 2026-11-22 18:09:56.240523
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column(
            "action",
            sa.Enum(
                "create",
                "update",
                "delete",
                name=op.f("ck_audit_log_action"),
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("entity", AutoString(length=40), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("label", AutoString(length=200), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_entity"), ["entity"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_entity_id"), ["entity_id"], unique=False)

    op.create_table(
        "member",
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", AutoString(length=120), nullable=False),
        sa.Column("job_title", AutoString(length=120), nullable=False),
        sa.Column(
            "role_category",
            sa.Enum(
                "operational",
                "support",
                name=op.f("ck_member_role_category"),
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("office_days_required", sa.Integer(), nullable=False),
        sa.Column("department", AutoString(length=120), nullable=False),
        sa.Column("work_site", AutoString(length=120), nullable=False),
        sa.Column("email", AutoString(length=254), nullable=True),
        sa.Column("phone", AutoString(length=40), nullable=True),
        sa.Column("work_pattern", AutoString(length=500), nullable=False),
        sa.Column("adjustments", AutoString(length=5000), nullable=False),
        sa.Column("adjustments_agreed", sa.Boolean(), nullable=False),
        sa.Column("adjustments_agreed_on", sa.Date(), nullable=True),
        sa.Column("flexible_plan", AutoString(length=5000), nullable=False),
        sa.Column("flexible_plan_approved", sa.Boolean(), nullable=False),
        sa.Column("flexible_plan_approved_on", sa.Date(), nullable=True),
        sa.Column("in_action", sa.Boolean(), nullable=False),
        sa.Column("in_action_since", sa.Date(), nullable=True),
        sa.Column("consent_on", sa.Date(), nullable=True),
        sa.Column("notes", AutoString(length=20000), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("membership_no", AutoString(length=40), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member")),
        sa.UniqueConstraint("membership_no", name=op.f("uq_member_membership_no")),
    )
    op.create_table(
        "reference_counter",
        sa.Column("key", AutoString(length=20), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_reference_counter")),
    )
    op.create_table(
        "rep_profile",
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", AutoString(length=120), nullable=False),
        sa.Column("union", AutoString(length=120), nullable=False),
        sa.Column("branch", AutoString(length=120), nullable=False),
        sa.Column("workplace", AutoString(length=200), nullable=False),
        sa.Column(
            "holiday_region",
            sa.Enum(
                "ENG",
                "SCT",
                "NIR",
                name=op.f("ck_rep_profile_holiday_region"),
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("era2025_commencement", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rep_profile")),
    )
    op.create_table(
        "talks_session",
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("starts_at", sa.Time(), nullable=True),
        sa.Column(
            "format",
            sa.Enum(
                "in_person",
                "online",
                "hybrid",
                name=op.f("ck_talks_session_format"),
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "kind",
            sa.Enum(
                "separate",
                "joint",
                "exploratory",
                name=op.f("ck_talks_session_kind"),
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("venue", AutoString(length=200), nullable=False),
        sa.Column("conciliator", AutoString(length=120), nullable=False),
        sa.Column("union_attendees", AutoString(length=500), nullable=False),
        sa.Column("employer_attendees", AutoString(length=500), nullable=False),
        sa.Column("agenda", AutoString(length=5000), nullable=False),
        sa.Column("notes", AutoString(length=20000), nullable=False),
        sa.Column("caucus_notes", AutoString(length=20000), nullable=False),
        sa.Column("report_back", AutoString(length=5000), nullable=False),
        sa.Column("next_session_on", sa.Date(), nullable=True),
        sa.Column("confidentiality", AutoString(length=500), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_talks_session")),
    )
    with op.batch_alter_table("talks_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_talks_session_held_on"), ["held_on"], unique=False)

    op.create_table(
        "threat_entry",
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("occurred_at", sa.Time(), nullable=True),
        sa.Column("made_by", AutoString(length=120), nullable=False),
        sa.Column("made_by_role", AutoString(length=120), nullable=False),
        sa.Column(
            "channel",
            sa.Enum(
                "email",
                "letter",
                "meeting",
                "call",
                "notice",
                "in_person",
                "other",
                name=op.f("ck_threat_entry_channel"),
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "audience",
            sa.Enum(
                "one_member",
                "team",
                "department",
                "all_staff",
                name=op.f("ck_threat_entry_audience"),
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "kind",
            sa.Enum(
                "pay_deduction",
                "disciplinary",
                "capability",
                "flexible_working_withdrawal",
                "vetting_promotion",
                "other_detriment",
                name=op.f("ck_threat_entry_kind"),
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("exact_words", AutoString(length=5000), nullable=False),
        sa.Column("context", AutoString(length=20000), nullable=False),
        sa.Column("related_to_action", sa.Boolean(), nullable=False),
        sa.Column(
            "protected_activity",
            sa.Enum(
                "none",
                "industrial_action",
                "union_membership",
                "union_activities",
                "other",
                name=op.f("ck_threat_entry_protected_activity"),
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("witnesses", AutoString(length=500), nullable=False),
        sa.Column("document_ref", AutoString(length=200), nullable=False),
        sa.Column("disputed", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", AutoString(length=20), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.Column("amends_id", sa.Integer(), nullable=True),
        sa.Column("correction_reason", AutoString(length=500), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "logged",
                "raised",
                "referred",
                "withdrawn",
                "carried_out",
                name=op.f("ck_threat_entry_status"),
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("status_changed_at", UTCDateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["amends_id"], ["threat_entry.id"], name=op.f("fk_threat_entry_amends_id_threat_entry")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_threat_entry")),
        sa.UniqueConstraint("ref", name=op.f("uq_threat_entry_ref")),
    )
    with op.batch_alter_table("threat_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_threat_entry_amends_id"), ["amends_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_threat_entry_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_threat_entry_occurred_on"), ["occurred_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_threat_entry_status"), ["status"], unique=False)

    op.create_table(
        "action_point",
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("text", AutoString(length=500), nullable=False),
        sa.Column("owner", AutoString(length=120), nullable=False),
        sa.Column(
            "owner_side",
            sa.Enum(
                "union",
                "employer",
                "acas",
                name=op.f("ck_action_point_owner_side"),
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["talks_session.id"],
            name=op.f("fk_action_point_session_id_talks_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_point")),
    )
    with op.batch_alter_table("action_point", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_point_session_id"), ["session_id"], unique=False)

    op.create_table(
        "member_case",
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("title", AutoString(length=200), nullable=False),
        sa.Column(
            "category",
            sa.Enum(
                "attendance",
                "pay_deduction",
                "disciplinary",
                "grievance",
                "reasonable_adjustment",
                "flexible_working",
                "detriment",
                "capability",
                "other",
                name=op.f("ck_member_case_category"),
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "new",
                "open",
                "waiting_employer",
                "waiting_member",
                "escalated",
                "closed",
                name=op.f("ck_member_case_status"),
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "outcome",
            sa.Enum(
                "resolved",
                "upheld",
                "not_upheld",
                "withdrawn",
                "no_further_action",
                name=op.f("ck_member_case_outcome"),
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "priority",
            sa.Enum(
                "urgent",
                "high",
                "normal",
                "low",
                name=op.f("ck_member_case_priority"),
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "stage",
            sa.Enum(
                "investigation",
                "notice",
                "hearing",
                "decision",
                "appeal",
                name=op.f("ck_member_case_stage"),
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("next_action", AutoString(length=500), nullable=False),
        sa.Column("next_action_due", sa.Date(), nullable=True),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("summary", AutoString(length=20000), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", AutoString(length=20), nullable=False),
        sa.Column("last_activity_on", sa.Date(), nullable=False),
        sa.Column("next_due_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], name=op.f("fk_member_case_member_id_member")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_case")),
        sa.UniqueConstraint("ref", name=op.f("uq_member_case_ref")),
    )
    with op.batch_alter_table("member_case", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_member_case_last_activity_on"), ["last_activity_on"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_member_case_next_due_on"), ["next_due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_member_case_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_member_case_status"), ["status"], unique=False)

    op.create_table(
        "talks_offer",
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "side",
            sa.Enum(
                "union",
                "employer",
                "acas",
                name=op.f("ck_talks_offer_side"),
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "kind",
            sa.Enum(
                "position",
                "proposal",
                "offer",
                "counter_offer",
                name=op.f("ck_talks_offer_kind"),
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("topic", AutoString(length=120), nullable=False),
        sa.Column("text", AutoString(length=5000), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "tabled",
                "considering",
                "accepted",
                "rejected",
                "withdrawn",
                name=op.f("ck_talks_offer_status"),
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["talks_session.id"],
            name=op.f("fk_talks_offer_session_id_talks_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_talks_offer")),
    )
    with op.batch_alter_table("talks_offer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_talks_offer_session_id"), ["session_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_talks_offer_topic"), ["topic"], unique=False)

    op.create_table(
        "threat_member",
        sa.Column("threat_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_threat_member_member_id_member"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["threat_id"],
            ["threat_entry.id"],
            name=op.f("fk_threat_member_threat_id_threat_entry"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("threat_id", "member_id", name=op.f("pk_threat_member")),
    )
    with op.batch_alter_table("threat_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_threat_member_member_id"), ["member_id"], unique=False)

    op.create_table(
        "deadline",
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "investigation_meeting",
                "hearing",
                "outcome_due",
                "appeal_window",
                "tribunal_limit",
                "reply_due",
                "other",
                name=op.f("ck_deadline_kind"),
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("what", AutoString(length=200), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("notes", AutoString(length=500), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("rule_id", AutoString(length=120), nullable=True),
        sa.Column("rule_version", sa.Integer(), nullable=True),
        sa.Column("rule_inputs", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["member_case.id"],
            name=op.f("fk_deadline_case_id_member_case"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deadline")),
    )
    with op.batch_alter_table("deadline", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deadline_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_deadline_due_on"), ["due_on"], unique=False)

    op.create_table(
        "talks_offer_status",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column(
            "from_status",
            sa.Enum(
                "tabled",
                "considering",
                "accepted",
                "rejected",
                "withdrawn",
                name=op.f("ck_talks_offer_status_from_status"),
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "to_status",
            sa.Enum(
                "tabled",
                "considering",
                "accepted",
                "rejected",
                "withdrawn",
                name=op.f("ck_talks_offer_status_to_status"),
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("note", AutoString(length=500), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["offer_id"],
            ["talks_offer.id"],
            name=op.f("fk_talks_offer_status_offer_id_talks_offer"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["talks_session.id"],
            name=op.f("fk_talks_offer_status_session_id_talks_session"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_talks_offer_status")),
    )
    with op.batch_alter_table("talks_offer_status", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_talks_offer_status_offer_id"), ["offer_id"], unique=False)

    op.create_table(
        "threat_case",
        sa.Column("threat_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["member_case.id"],
            name=op.f("fk_threat_case_case_id_member_case"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["threat_id"],
            ["threat_entry.id"],
            name=op.f("fk_threat_case_threat_id_threat_entry"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("threat_id", "case_id", name=op.f("pk_threat_case")),
    )
    with op.batch_alter_table("threat_case", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_threat_case_case_id"), ["case_id"], unique=False)

    op.create_table(
        "timeline_entry",
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "note",
                "call",
                "email",
                "letter",
                "meeting",
                "hearing",
                "outcome",
                "document",
                name=op.f("ck_timeline_entry_kind"),
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("summary", AutoString(length=200), nullable=False),
        sa.Column("body", AutoString(length=20000), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["member_case.id"],
            name=op.f("fk_timeline_entry_case_id_member_case"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_timeline_entry")),
    )
    with op.batch_alter_table("timeline_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_timeline_entry_case_id"), ["case_id"], unique=False)

    op.create_table(
        "attachment",
        sa.Column("path", AutoString(length=1000), nullable=False),
        sa.Column("description", AutoString(length=200), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("timeline_entry_id", sa.Integer(), nullable=True),
        sa.Column("threat_entry_id", sa.Integer(), nullable=True),
        sa.Column("sha256", AutoString(length=64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("attached_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "(timeline_entry_id IS NULL) != (threat_entry_id IS NULL)",
            name="ck_attachment_one_owner",
        ),
        sa.ForeignKeyConstraint(
            ["threat_entry_id"],
            ["threat_entry.id"],
            name=op.f("fk_attachment_threat_entry_id_threat_entry"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["timeline_entry_id"],
            ["timeline_entry.id"],
            name=op.f("fk_attachment_timeline_entry_id_timeline_entry"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment")),
    )
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachment_threat_entry_id"), ["threat_entry_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_attachment_timeline_entry_id"), ["timeline_entry_id"], unique=False
        )

    # Keep the two dates the urgency score reads on the case row itself, so a
    # list of 100,000 cases sorts without a subquery per row. Triggers, not
    # services, so the record cannot drift whatever writes to the file, and
    # the case's own version (what an edit form holds) does not move.
    next_due = (
        "UPDATE member_case SET next_due_on = (SELECT min(due_on) FROM deadline "
        "WHERE case_id = {r}.case_id AND NOT done) WHERE id = {r}.case_id;"
    )
    op.execute(
        f"CREATE TRIGGER deadline_next_due_ai AFTER INSERT ON deadline BEGIN {next_due.format(r='new')} END"
    )
    op.execute(
        "CREATE TRIGGER deadline_next_due_au AFTER UPDATE OF due_on, done, case_id ON deadline BEGIN "
        f"{next_due.format(r='new')} {next_due.format(r='old')} END"
    )
    op.execute(
        f"CREATE TRIGGER deadline_next_due_ad AFTER DELETE ON deadline BEGIN {next_due.format(r='old')} END"
    )
    activity = (
        "UPDATE member_case SET last_activity_on = max(opened_on, coalesce((SELECT max(occurred_on) "
        "FROM timeline_entry WHERE case_id = {r}.case_id), opened_on), last_activity_on) "
        "WHERE id = {r}.case_id;"
    )
    op.execute(
        f"CREATE TRIGGER timeline_activity_ai AFTER INSERT ON timeline_entry BEGIN {activity.format(r='new')} END"
    )
    op.execute(
        "CREATE TRIGGER timeline_activity_au AFTER UPDATE OF occurred_on ON timeline_entry BEGIN "
        f"{activity.format(r='new')} END"
    )

    # A saved threat-log entry is evidence: refuse any change to what it says,
    # whoever writes to the file. Only the follow-up status may move.
    op.execute(
        """
        CREATE TRIGGER threat_entry_immutable
        BEFORE UPDATE OF occurred_on, occurred_at, made_by, made_by_role, channel, audience,
            kind, exact_words, context, related_to_action, protected_activity, witnesses,
            document_ref, disputed, ref, recorded_at, amends_id, correction_reason
        ON threat_entry
        BEGIN
            SELECT RAISE(ABORT, 'threat-log entries cannot be edited; record a correction');
        END
        """
    )


def downgrade() -> None:
    for trigger in (
        "threat_entry_immutable",
        "deadline_next_due_ai",
        "deadline_next_due_au",
        "deadline_next_due_ad",
        "timeline_activity_ai",
        "timeline_activity_au",
    ):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachment_timeline_entry_id"))
        batch_op.drop_index(batch_op.f("ix_attachment_threat_entry_id"))

    op.drop_table("attachment")
    with op.batch_alter_table("timeline_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_timeline_entry_case_id"))

    op.drop_table("timeline_entry")
    with op.batch_alter_table("threat_case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_threat_case_case_id"))

    op.drop_table("threat_case")
    with op.batch_alter_table("talks_offer_status", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_talks_offer_status_offer_id"))

    op.drop_table("talks_offer_status")
    with op.batch_alter_table("deadline", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deadline_due_on"))
        batch_op.drop_index(batch_op.f("ix_deadline_case_id"))

    op.drop_table("deadline")
    with op.batch_alter_table("threat_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_threat_member_member_id"))

    op.drop_table("threat_member")
    with op.batch_alter_table("talks_offer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_talks_offer_topic"))
        batch_op.drop_index(batch_op.f("ix_talks_offer_session_id"))

    op.drop_table("talks_offer")
    with op.batch_alter_table("member_case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_case_status"))
        batch_op.drop_index(batch_op.f("ix_member_case_member_id"))
        batch_op.drop_index(batch_op.f("ix_member_case_next_due_on"))
        batch_op.drop_index(batch_op.f("ix_member_case_last_activity_on"))

    op.drop_table("member_case")
    with op.batch_alter_table("action_point", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_point_session_id"))

    op.drop_table("action_point")
    with op.batch_alter_table("threat_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_threat_entry_status"))
        batch_op.drop_index(batch_op.f("ix_threat_entry_occurred_on"))
        batch_op.drop_index(batch_op.f("ix_threat_entry_kind"))
        batch_op.drop_index(batch_op.f("ix_threat_entry_amends_id"))

    op.drop_table("threat_entry")
    with op.batch_alter_table("talks_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_talks_session_held_on"))

    op.drop_table("talks_session")
    op.drop_table("rep_profile")
    op.drop_table("reference_counter")
    op.drop_table("member")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_entity_id"))
        batch_op.drop_index(batch_op.f("ix_audit_log_entity"))
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
