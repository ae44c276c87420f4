"""The store's tables (SQLAlchemy Core): what a report says. Created by the
Alembic revision `store_0001` (luoshi/migrations/versions/); this module is
the metadata the queries use, and a test checks the two agree.

Every annotation row keeps `start`/`end` into `reports.text`, so a row can
always be shown in place. Task ids are the extraction's stable hashes: a
corrected report keeps the rows (and whatever other tables hang on them) of
every task whose words did not change.
"""
from __future__ import annotations

from sqlalchemy import (Boolean, Column, DateTime, Float, ForeignKey, Index, Integer, MetaData,
                        String, Table, Text, UniqueConstraint)

metadata = MetaData()

governments = Table(
    "governments", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("created_at", DateTime, nullable=False),
)

# One row per (government, year): a corrected file replaces the row's content
# in place, so the id survives corrections.
reports = Table(
    "reports", metadata,
    Column("id", Integer, primary_key=True),
    Column("government_id", Integer, ForeignKey("governments.id"), nullable=False),
    Column("year", Integer, nullable=False),           # the plan year: the year whose work is planned
    Column("review_year", Integer),
    Column("plan_year", Integer),
    Column("title", String(300)),
    Column("filename", String(300)),
    Column("format", String(16), nullable=False),
    Column("encoding", String(32)),
    Column("sha256", String(64), nullable=False, index=True),   # of the raw bytes
    Column("chars", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("ingested_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    UniqueConstraint("government_id", "year", name="uq_reports_government_year"),
)

# The outline flattened: top-level parts (depth 0) and numbered items below
# them, in reading order; `parent` is the `ord` of the enclosing row.
sections = Table(
    "sections", metadata,
    Column("id", Integer, primary_key=True),
    Column("report_id", Integer, ForeignKey("reports.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("ord", Integer, nullable=False),
    Column("parent", Integer),
    Column("depth", Integer, nullable=False),
    Column("key", String(64)),                          # Section.id (intro / review / plan …); null for items
    Column("label", String(32)),
    Column("title", Text),
    Column("role", String(16)),
    Column("year", Integer),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
)

quantities = Table(
    "quantities", metadata,
    Column("id", Integer, primary_key=True),
    Column("report_id", Integer, ForeignKey("reports.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("ord", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", String(200), nullable=False),
    Column("value", Float),
    Column("unit", String(32), nullable=False),
    Column("unit_surface", String(32)),
    Column("qualifier", String(16)),
    Column("low", Float),
    Column("high", Float),
    Column("metric", String(200), index=True),
    Column("kind", String(16), nullable=False),
    Column("of", String(200)),
    Column("period", String(32)),
    Column("section", String(64)),
    Column("firmness", String(16)),
)

tasks = Table(
    "tasks", metadata,
    Column("id", String(64), primary_key=True),
    Column("report_id", Integer, ForeignKey("reports.id", ondelete="CASCADE"), nullable=False),
    Column("ord", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("area", String(300)),
    Column("topic", String(300)),
    Column("verb", String(32)),
    Column("object", Text),
    Column("strength", String(16), nullable=False),
    Column("deadline", String(64)),
    Column("due", String(10)),                          # ISO date
    Column("targets", Text, nullable=False, default="[]"),   # JSON list of the target texts
    Column("lead_unit", String(200)),
    Index("ix_tasks_report_ord", "report_id", "ord"),
    Index("ix_tasks_due", "due", "deadline", "report_id", "ord"),      # store_0002: sort by deadline
    Index("ix_tasks_area", "area", "report_id", "ord"),                # store_0002: sort or filter by area
)

entities = Table(
    "entities", metadata,
    Column("id", Integer, primary_key=True),
    Column("report_id", Integer, ForeignKey("reports.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("ord", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", String(300), nullable=False),
    Column("type", String(16), nullable=False),
    Column("nested", Boolean, nullable=False, default=False),
)

# A quantity or entity belongs to a task when its span lies inside the task's.
task_quantities = Table(
    "task_quantities", metadata,
    Column("task_id", String(64), ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True),
    Column("quantity_id", Integer, ForeignKey("quantities.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)

task_entities = Table(
    "task_entities", metadata,
    Column("task_id", String(64), ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True),
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)

STORE_TABLES = (governments, reports, sections, quantities, tasks, entities, task_quantities, task_entities)
