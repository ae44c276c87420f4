"""The store: governments, reports and what each report says (outline,
quantities, tasks, entities) with the task↔quantity and task↔entity links.

Revision ID: store_0001
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "store_0001"
down_revision = None
branch_labels = None
depends_on = None


def _report_fk() -> sa.Column:
    return sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id", ondelete="CASCADE"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "governments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("government_id", sa.Integer, sa.ForeignKey("governments.id"), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("review_year", sa.Integer),
        sa.Column("plan_year", sa.Integer),
        sa.Column("title", sa.String(300)),
        sa.Column("filename", sa.String(300)),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("encoding", sa.String(32)),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("chars", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("ingested_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("government_id", "year", name="uq_reports_government_year"),
    )
    op.create_index("ix_reports_sha256", "reports", ["sha256"])
    op.create_table(
        "sections",
        sa.Column("id", sa.Integer, primary_key=True),
        _report_fk(),
        sa.Column("ord", sa.Integer, nullable=False),
        sa.Column("parent", sa.Integer),
        sa.Column("depth", sa.Integer, nullable=False),
        sa.Column("key", sa.String(64)),
        sa.Column("label", sa.String(32)),
        sa.Column("title", sa.Text),
        sa.Column("role", sa.String(16)),
        sa.Column("year", sa.Integer),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
    )
    op.create_index("ix_sections_report_id", "sections", ["report_id"])
    op.create_table(
        "quantities",
        sa.Column("id", sa.Integer, primary_key=True),
        _report_fk(),
        sa.Column("ord", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.String(200), nullable=False),
        sa.Column("value", sa.Float),
        sa.Column("unit", sa.String(32), nullable=False),
        sa.Column("unit_surface", sa.String(32)),
        sa.Column("qualifier", sa.String(16)),
        sa.Column("low", sa.Float),
        sa.Column("high", sa.Float),
        sa.Column("metric", sa.String(200)),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("of", sa.String(200)),
        sa.Column("period", sa.String(32)),
        sa.Column("section", sa.String(64)),
        sa.Column("firmness", sa.String(16)),
    )
    op.create_index("ix_quantities_report_id", "quantities", ["report_id"])
    op.create_index("ix_quantities_metric", "quantities", ["metric"])
    op.create_table(
        "tasks",
        sa.Column("id", sa.String(64), primary_key=True),
        _report_fk(),
        sa.Column("ord", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("area", sa.String(300)),
        sa.Column("topic", sa.String(300)),
        sa.Column("verb", sa.String(32)),
        sa.Column("object", sa.Text),
        sa.Column("strength", sa.String(16), nullable=False),
        sa.Column("deadline", sa.String(64)),
        sa.Column("due", sa.String(10)),
        sa.Column("targets", sa.Text, nullable=False),
        sa.Column("lead_unit", sa.String(200)),
    )
    op.create_index("ix_tasks_report_ord", "tasks", ["report_id", "ord"])
    op.create_table(
        "entities",
        sa.Column("id", sa.Integer, primary_key=True),
        _report_fk(),
        sa.Column("ord", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.String(300), nullable=False),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("nested", sa.Boolean, nullable=False),
    )
    op.create_index("ix_entities_report_id", "entities", ["report_id"])
    op.create_table(
        "task_quantities",
        sa.Column("task_id", sa.String(64), sa.ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("quantity_id", sa.Integer, sa.ForeignKey("quantities.id", ondelete="CASCADE"),
                  primary_key=True),
    )
    op.create_index("ix_task_quantities_quantity_id", "task_quantities", ["quantity_id"])
    op.create_table(
        "task_entities",
        sa.Column("task_id", sa.String(64), sa.ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("entity_id", sa.Integer, sa.ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True),
    )
    op.create_index("ix_task_entities_entity_id", "task_entities", ["entity_id"])


def downgrade() -> None:
    for name in ("task_entities", "task_quantities", "entities", "tasks", "quantities", "sections",
                 "reports", "governments"):
        op.drop_table(name)
