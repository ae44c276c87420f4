"""The supervision workflow's tables (SQLAlchemy Core), created by the
Alembic revision `track_0001`. The store's tables hold what a report says;
these hold what people do about it. Times are naive UTC, the same on
SQLite and PostgreSQL.

Append-only by design: `history` rows and `progress` reports are never
updated except for a progress report's review fields, which change once
(待审核 → 已采纳 / 已退回) and are themselves recorded in `history`.
"""
from __future__ import annotations

from sqlalchemy import (Boolean, Column, Date, DateTime, ForeignKey, Integer, MetaData,
                        String, Table, Text)

metadata = MetaData()

units = Table(
    "units", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("created_at", DateTime, nullable=False),
)

users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("display", String(100)),
    Column("password_hash", String(255), nullable=False),
    Column("role", String(16), nullable=False),
    Column("unit_id", Integer, ForeignKey("units.id")),
    Column("email", String(200)),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", DateTime, nullable=False),
)

# One row per task under supervision; `version` is the optimistic lock that
# every write checks and bumps.
assignments = Table(
    "assignments", metadata,
    Column("id", Integer, primary_key=True),
    Column("task_id", String(64), nullable=False, unique=True),
    Column("lead_unit_id", Integer, ForeignKey("units.id"), index=True),
    Column("leader", String(100)),
    Column("start", Date, nullable=False),
    Column("due", Date, nullable=False),
    Column("target", String(200)),
    Column("milestones", Text, nullable=False, default="[]"),  # JSON [{"name", "due", "done"}]
    Column("process", String(8), nullable=False),
    Column("verdict", String(8)),
    Column("percent", Integer),                                # last accepted progress
    Column("actual", String(100)),                             # last accepted actual value
    Column("light", String(8), nullable=False),
    Column("light_reason", String(200), nullable=False, default=""),
    Column("received_at", DateTime),
    Column("last_report_at", DateTime),
    Column("closed_at", DateTime),
    Column("version", Integer, nullable=False, default=1),
    Column("updated_at", DateTime, nullable=False),
)

co_units = Table(
    "assignment_units", metadata,
    Column("assignment_id", Integer, ForeignKey("assignments.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", Integer, ForeignKey("units.id"), primary_key=True),
)

progress = Table(
    "progress_reports", metadata,
    Column("id", Integer, primary_key=True),
    Column("assignment_id", Integer, ForeignKey("assignments.id"), nullable=False, index=True),
    Column("author_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("text", Text, nullable=False),
    Column("percent", Integer),
    Column("milestone", String(200)),
    Column("actual", String(100)),
    Column("state", String(8), nullable=False),
    Column("reviewer_id", Integer, ForeignKey("users.id")),
    Column("reviewed_at", DateTime),
    Column("review_reason", Text),
)

attachments = Table(
    "progress_attachments", metadata,
    Column("id", Integer, primary_key=True),
    Column("progress_id", Integer, ForeignKey("progress_reports.id"), nullable=False, index=True),
    Column("filename", String(255), nullable=False),
    Column("stored_as", String(255), nullable=False),
    Column("size", Integer, nullable=False),
    Column("content_type", String(100), nullable=False),
    Column("sha256", String(64), nullable=False),
)

history = Table(
    "history", metadata,
    Column("id", Integer, primary_key=True),
    Column("assignment_id", Integer, ForeignKey("assignments.id"), index=True),
    Column("task_id", String(64), index=True),
    Column("user_id", Integer, ForeignKey("users.id")),
    Column("username", String(64), nullable=False),   # kept as text: history outlives accounts
    Column("at", DateTime, nullable=False),
    Column("action", String(32), nullable=False),
    Column("changes", Text, nullable=False, default="{}"),  # JSON {field: [old, new]}
    Column("reason", Text),
)

light_rules = Table(
    "light_rules", metadata,
    Column("key", String(32), primary_key=True),
    Column("value", Integer, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

TRACK_TABLES = (units, users, assignments, co_units, progress, attachments, history, light_rules)
