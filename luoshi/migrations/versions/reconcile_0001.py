"""A person's verdicts on a reconciliation: one row per decision, never
updated, so that the latest row is the verdict in force and the rest is its
history. Tables in luoshi/reconcile_store.py.

Rows name reports and tasks without foreign keys on purpose: a corrected
report keeps its id, but may drop a task, and the decisions must outlive it.

Revision ID: reconcile_0001
Revises: track_0001
"""
from alembic import op
import sqlalchemy as sa

revision = "reconcile_0001"
down_revision = "track_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reconcile_reviews",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("plan_report_id", sa.Integer, nullable=False),
        sa.Column("later_report_id", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),          # target / task
        sa.Column("item", sa.String(64), nullable=False),         # task id, or t:<hash of the target's metric and words>
        sa.Column("suggested", sa.String(16)),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("username", sa.String(64)),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_reconcile_reviews_pair", "reconcile_reviews", ["plan_report_id", "later_report_id"])


def downgrade() -> None:
    op.drop_index("ix_reconcile_reviews_pair", table_name="reconcile_reviews")
    op.drop_table("reconcile_reviews")
