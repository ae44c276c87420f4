"""The supervision workflow: units, users, assignments (with the optimistic
lock `version`), co-operating units, progress reports, attachments, the
append-only history and the light-rule overrides. Tables in luoshi/track_tables.py.

Assignments name their task by the store's task id without a foreign key on
purpose: a corrected report may drop a task, and its assignment and history
must outlive it.

Revision ID: track_0001
Revises: store_0001
"""
from alembic import op
import sqlalchemy as sa

revision = "track_0001"
down_revision = "store_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "units",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("display", sa.String(100)),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id")),
        sa.Column("email", sa.String(200)),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("task_id", sa.String(64), nullable=False, unique=True),
        sa.Column("lead_unit_id", sa.Integer, sa.ForeignKey("units.id"), index=True),
        sa.Column("leader", sa.String(100)),
        sa.Column("start", sa.Date, nullable=False),
        sa.Column("due", sa.Date, nullable=False),
        sa.Column("target", sa.String(200)),
        sa.Column("milestones", sa.Text, nullable=False),
        sa.Column("process", sa.String(8), nullable=False),
        sa.Column("verdict", sa.String(8)),
        sa.Column("percent", sa.Integer),
        sa.Column("actual", sa.String(100)),
        sa.Column("light", sa.String(8), nullable=False),
        sa.Column("light_reason", sa.String(200), nullable=False),
        sa.Column("received_at", sa.DateTime),
        sa.Column("last_report_at", sa.DateTime),
        sa.Column("closed_at", sa.DateTime),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "assignment_units",
        sa.Column("assignment_id", sa.Integer, sa.ForeignKey("assignments.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), primary_key=True),
    )
    op.create_table(
        "progress_reports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("assignment_id", sa.Integer, sa.ForeignKey("assignments.id"), nullable=False, index=True),
        sa.Column("author_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("percent", sa.Integer),
        sa.Column("milestone", sa.String(200)),
        sa.Column("actual", sa.String(100)),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("reviewer_id", sa.Integer, sa.ForeignKey("users.id")),
        sa.Column("reviewed_at", sa.DateTime),
        sa.Column("review_reason", sa.Text),
    )
    op.create_table(
        "progress_attachments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("progress_id", sa.Integer, sa.ForeignKey("progress_reports.id"), nullable=False, index=True),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("stored_as", sa.String(255), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("content_type", sa.String(100), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
    )
    op.create_table(
        "history",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("assignment_id", sa.Integer, sa.ForeignKey("assignments.id"), index=True),
        sa.Column("task_id", sa.String(64), index=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id")),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("changes", sa.Text, nullable=False),
        sa.Column("reason", sa.Text),
    )
    op.create_table(
        "light_rules",
        sa.Column("key", sa.String(32), primary_key=True),
        sa.Column("value", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    for name in ("light_rules", "history", "progress_attachments", "progress_reports", "assignment_units",
                 "assignments", "users", "units"):
        op.drop_table(name)
