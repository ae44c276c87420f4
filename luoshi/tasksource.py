"""Where the workflow reads the tasks from: the store's tables
(luoshi/db_schema.py). The only module of the workflow that knows the
store's column names."""
from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.engine import Connection

from .db_schema import governments, reports, tasks


def task_select():
    """One row per task: id, text, area, topic, deadline, due, targets (JSON),
    lead_unit (the extraction's guess), plan_year, report_id, government."""
    return (select(tasks.c.id, tasks.c.text, tasks.c.area, tasks.c.topic, tasks.c.strength, tasks.c.deadline,
                   tasks.c.due, tasks.c.targets, tasks.c.lead_unit.label("suggested_unit"),
                   reports.c.year.label("plan_year"), tasks.c.report_id, tasks.c.ord,
                   governments.c.name.label("government"))
            .select_from(tasks.join(reports, reports.c.id == tasks.c.report_id)
                         .join(governments, governments.c.id == reports.c.government_id)))


def task_facts(conn: Connection, ids: list[str]) -> dict[str, dict]:
    """Task id → its facts (targets joined into one text), for the ids that exist."""
    if not ids:
        return {}
    out = {}
    for r in conn.execute(task_select().where(tasks.c.id.in_(ids))).mappings():
        row = dict(r)
        row["targets"] = "、".join(json.loads(row["targets"] or "[]"))
        out[row["id"]] = row
    return out
