"""What the supervision pages show, as plain dicts: the task board, one
task with its timeline, the dashboard and the reminder list. The web layer
renders each dict as HTML or returns it as JSON, so page and API agree."""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date

from sqlalchemy import case, func, or_, select
from sqlalchemy.engine import Engine

from . import lights
from .auth import User, allowed
from .track import DONE_VERDICTS, Process, ReportState, Verdict, default_due, rules
from .track_tables import assignments, attachments, co_units, history, progress, units, users
from .tasksource import task_facts, task_select

LIGHT_ORDER = {"red": 0, "yellow": 1, "green": 2, None: 3}
BOARD_LIMIT = 200


def _assigned_tasks():
    """Tasks with their assignment (if any) and lead unit's name."""
    t = task_select().subquery("t")
    lead = units.alias("lead")
    return t, (select(t, assignments.c.id.label("assignment_id"), assignments.c.lead_unit_id,
                      lead.c.name.label("lead_unit"), assignments.c.leader, assignments.c.due.label("due_date"),
                      assignments.c.process, assignments.c.verdict, assignments.c.percent,
                      assignments.c.light, assignments.c.light_reason, assignments.c.version,
                      assignments.c.received_at, assignments.c.closed_at, assignments.c.target,
                      assignments.c.actual, assignments.c.start, assignments.c.milestones)
               .select_from(t.outerjoin(assignments, assignments.c.task_id == t.c.id)
                            .outerjoin(lead, lead.c.id == assignments.c.lead_unit_id)))


def board(engine: Engine, *, unit: str | None = None, light: str | None = None, area: str | None = None,
          process: str | None = None, q: str | None = None, assigned: bool | None = None,
          limit: int = BOARD_LIMIT, offset: int = 0) -> dict:
    """The task board (挂图作战): filtered, worst light first, one page at a time."""
    t, query = _assigned_tasks()
    conds = []
    if unit:
        conds.append(assignments.c.lead_unit_id ==
                     select(units.c.id).where(units.c.name == unit).scalar_subquery())
    if light:
        conds.append(assignments.c.light == light)
    if area:
        conds.append(t.c.area == area)
    if process:
        conds.append(assignments.c.process == process)
    if q:
        conds.append(or_(t.c.text.contains(q, autoescape=True), t.c.id == q))
    if assigned is not None:
        conds.append(assignments.c.id.isnot(None) if assigned else assignments.c.id.is_(None))
    query = query.where(*conds)
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(query.subquery())).scalar_one()
        rows = [dict(r) for r in conn.execute(
            query.order_by(_light_rank(), assignments.c.due, t.c.report_id, t.c.ord)
            .limit(limit).offset(offset)).mappings()]
        counts = dict(conn.execute(select(assignments.c.light, func.count()).group_by(assignments.c.light)).all())
    return {"rows": [_board_row(r) for r in rows], "total": total, "limit": limit, "offset": offset,
            "counts": {k: counts.get(k, 0) for k in ("red", "yellow", "green")},
            "filters": {"unit": unit, "light": light, "area": area, "process": process, "q": q}}


def _light_rank():
    """Red first, then yellow, green, and tasks not yet assigned last."""
    return case({"red": 0, "yellow": 1, "green": 2}, value=assignments.c.light, else_=3)


def _board_row(r: dict) -> dict:
    r["milestones"] = json.loads(r["milestones"]) if r["milestones"] else []
    r["light_label"] = lights.LABELS.get(lights.Light(r["light"])) if r["light"] else "未分解"
    return r


def assignment_extras(engine: Engine, assignment_ids: list[int]) -> dict[int, dict]:
    """Co-operating unit names per assignment (for the spreadsheet)."""
    out: dict[int, dict] = defaultdict(lambda: {"co_units": []})
    q = (select(co_units.c.assignment_id, units.c.name).join(units, units.c.id == co_units.c.unit_id)
         .order_by(units.c.name))
    with engine.connect() as conn:
        for aid, name in conn.execute(q):
            out[aid]["co_units"].append(name)
    wanted = set(assignment_ids)
    return {k: v for k, v in out.items() if k in wanted}


def task_page(engine: Engine, user: User, task_id: str, today: date | None = None) -> dict | None:
    """One task: what the report says, its assignment, the progress reports,
    the timeline, and what this user may do here."""
    with engine.connect() as conn:
        facts = task_facts(conn, [task_id]).get(task_id)
        if facts is None:
            return None
        a = conn.execute(select(assignments).where(assignments.c.task_id == task_id)).mappings().first()
        a = dict(a) if a else None
        unit_names = dict(conn.execute(select(units.c.id, units.c.name)).all())
        co = [unit_names[u] for u in conn.execute(select(co_units.c.unit_id).where(
            co_units.c.assignment_id == a["id"])).scalars()] if a else []
        reports = _reports(conn, a["id"]) if a else []
        timeline = _timeline(conn, task_id)
        r = rules(conn)
    lead_id = a["lead_unit_id"] if a else None
    if a:
        a["lead_unit"] = unit_names.get(lead_id)
        a["co_units"] = co
        a["milestones"] = json.loads(a["milestones"])
        a["assessment"] = _assessment(a, today or date.today(), r)
    closed = bool(a and a["closed_at"])
    return {
        "task": facts, "assignment": a, "reports": reports, "history": timeline,
        "default_due": default_due(facts["deadline"], facts["due"], facts["plan_year"]).isoformat(),
        "units": sorted(unit_names.values()),
        "verdicts": [v.value for v in Verdict],
        "can": {"assign": allowed(user, "assign") and not closed,
                "receive": bool(a) and not closed and a["received_at"] is None and allowed(user, "receive", lead_id),
                "report": bool(a) and not closed and allowed(user, "report", lead_id),
                "review": bool(a) and not closed and allowed(user, "review")},
    }


def _assessment(a: dict, today: date, r: lights.Rules) -> dict:
    done = a["percent"] == 100 or a["verdict"] in DONE_VERDICTS
    x = lights.assess(start=a["start"], due=a["due"], percent=a["percent"], done=done, today=today, rules=r)
    return {"elapsed": x.elapsed, "behind": x.behind, "overdue": x.overdue}


def _reports(conn, assignment_id: int) -> list[dict]:
    author = users.alias("author")
    reviewer = users.alias("reviewer")
    q = (select(progress, author.c.username.label("author"), reviewer.c.username.label("reviewer"))
         .select_from(progress.join(author, author.c.id == progress.c.author_id)
                      .outerjoin(reviewer, reviewer.c.id == progress.c.reviewer_id))
         .where(progress.c.assignment_id == assignment_id).order_by(progress.c.id.desc()))
    rows = [dict(r) for r in conn.execute(q).mappings()]
    files = defaultdict(list)
    if rows:
        for f in conn.execute(select(attachments).where(
                attachments.c.progress_id.in_([r["id"] for r in rows]))).mappings():
            files[f["progress_id"]].append(dict(f))
    for r in rows:
        r["attachments"] = files[r["id"]]
    return rows


def _timeline(conn, task_id: str) -> list[dict]:
    q = select(history).where(history.c.task_id == task_id).order_by(history.c.id.desc())
    return [{**dict(h), "changes": json.loads(h["changes"])} for h in conn.execute(q).mappings()]


def dashboard(engine: Engine, today: date | None = None) -> dict:
    """Completion and light counts by area and by unit, the overdue list and
    the accepted progress over time."""
    today = today or date.today()
    t, query = _assigned_tasks()
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(query.where(assignments.c.id.isnot(None))).mappings()]
        monthly = conn.execute(
            select(progress.c.reviewed_at, progress.c.percent)
            .where(progress.c.state == ReportState.ACCEPTED.value, progress.c.percent.isnot(None))).all()
    return {"by_area": _tally(rows, "area"), "by_unit": _tally(rows, "lead_unit"),
            "overdue": sorted((r for r in rows if r["closed_at"] is None and r["due_date"] < today
                               and r["process"] != Process.DONE.value), key=lambda r: r["due_date"]),
            "progress_by_month": _by_month(monthly), "total": len(rows)}


def _tally(rows: list[dict], key: str) -> list[dict]:
    groups: dict[str, Counter] = defaultdict(Counter)
    for r in rows:
        c = groups[r[key] or "（未填）"]
        c["tasks"] += 1
        c[r["light"]] += 1
        c["done"] += r["process"] == Process.DONE.value
        c["closed"] += r["closed_at"] is not None
    return [{"name": name, "tasks": c["tasks"], "red": c["red"], "yellow": c["yellow"], "green": c["green"],
             "done": c["done"], "closed": c["closed"], "rate": round(100 * c["done"] / c["tasks"])}
            for name, c in sorted(groups.items(), key=lambda kv: (-kv[1]["red"], kv[0]))]


def _by_month(rows) -> list[dict]:
    """Accepted progress reports per month and their mean percent: the chart."""
    months: dict[str, list[int]] = defaultdict(list)
    for at, pct in rows:
        if at is not None:
            months[at.strftime("%Y-%m")].append(pct)
    return [{"month": m, "reports": len(v), "mean_percent": round(sum(v) / len(v))} for m, v in sorted(months.items())]


def reminders(engine: Engine) -> dict[str, list[dict]]:
    """催办: per lead unit, its open tasks that are red or yellow, not yet
    received, or with a returned report. Units with nothing to do are absent."""
    t, query = _assigned_tasks()
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(query.where(assignments.c.closed_at.is_(None))).mappings()]
        returned = set(conn.execute(select(progress.c.assignment_id).where(
            progress.c.state == ReportState.RETURNED.value)).scalars())
    out: dict[str, list[dict]] = defaultdict(list)
    for r in sorted(rows, key=lambda r: (LIGHT_ORDER[r["light"]], r["due_date"])):
        why = _why_remind(r, r["assignment_id"] in returned)
        if why and r["lead_unit"]:
            out[r["lead_unit"]].append({**r, "why": why})
    return dict(sorted(out.items()))


def _why_remind(r: dict, returned: bool) -> list[str]:
    why = []
    if r["light"] in ("red", "yellow"):
        why.append(f"{lights.LABELS[lights.Light(r['light'])]}：{r['light_reason']}")
    if r["received_at"] is None:
        why.append("未签收")
    if returned:
        why.append("进展被退回")
    return why
