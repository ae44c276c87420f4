"""The supervision workflow (督查督办): assign a task, receive it, report
progress, review, close; lights and the process status follow every change.

Every write goes through `_save`, which updates the assignment only if its
`version` is still the one the caller saw (optimistic locking), bumps the
version, recomputes the light and the process status, and appends one
history row with who, when, what changed and why — in one transaction.
The conditional UPDATE is the transaction's first write so that SQLite takes
its write lock before anything else and PostgreSQL's row lock decides
between two concurrent saves: one wins, the other gets `Conflict`.
"""
from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from . import lights
from .auth import User, require
from .errors import LuoshiError
from .people import log, now, unit_ids
from .track_tables import assignments, co_units, light_rules, progress
from .tasksource import task_facts


class Conflict(LuoshiError):
    """Someone else saved first (HTTP 409)."""


class NotFound(LuoshiError):
    """No such task, assignment or report (HTTP 404)."""


class Process(StrEnum):
    NOT_STARTED = "未启动"
    ONGOING = "推进中"
    LATE = "滞后"
    STALLED = "停滞"
    DONE = "已完成"


class Verdict(StrEnum):
    DONE = "完成"
    MOSTLY = "基本完成"
    PARTLY = "部分完成"
    NOT_DONE = "未完成"
    UNKNOWN = "无法评估"


class ReportState(StrEnum):
    PENDING = "待审核"
    ACCEPTED = "已采纳"
    RETURNED = "已退回"


DONE_VERDICTS = {Verdict.DONE, Verdict.MOSTLY}
MAX_TEXT = 5000


# -- due dates ---------------------------------------------------------------

# Deadline words → (month, day) within the plan year; first match wins, so the
# narrower periods come before 年内.
_DEADLINE_WORDS = (
    (r"一季度|第一季度", (3, 31)),
    (r"上半年|年中", (6, 30)),
    (r"前三季度|三季度|第三季度", (9, 30)),
    (r"(?<![\d一二两三四五六七八九十])年内|年底|年末|全年|本年|当年|今年", (12, 31)),
)


# A horizon of whole years (3至5年, 两年内, 三年); only small counts make sense for a task.
_SMALL_NUMBERS = {str(n): n for n in range(1, 11)} | dict(zip("一二两三四五六七八九十", (1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10)))
_HORIZON = re.compile(r"(?<![\d年])(10|[1-9]|[一二两三四五六七八九十])(?:[至到-](?:10|[1-9]|[一二两三四五六七八九十]))?年")


def default_due(deadline: str | None, due: str | None, plan_year: int) -> date:
    """The due date for a task: the extraction's ISO `due` when it has one,
    else from deadline words (上半年 → 06-30, 年内 → 12-31), else the end of
    the plan year.

    >>> default_due("上半年", None, 2021)
    datetime.date(2021, 6, 30)
    >>> default_due(None, None, 2021)
    datetime.date(2021, 12, 31)
    >>> default_due("3至5年", None, 2022)
    datetime.date(2024, 12, 31)
    """
    if due:
        try:
            return date.fromisoformat(due[:10])
        except ValueError:
            pass
    text = deadline or ""
    named = re.search(r"((?:19|20)\d\d)年", text)       # 2025年底前: that year, not the plan year
    year = int(named[1]) if named else plan_year
    month = re.search(r"(?<!\d)(1[0-2]|[1-9])月", text)     # 9月底前: the month's last day
    if month:
        return date(year, int(month[1]), calendar.monthrange(year, int(month[1]))[1])
    for pattern, (month, day) in _DEADLINE_WORDS:
        if re.search(pattern, text):
            return date(year, month, day)
    horizon = None if named else _HORIZON.search(text)
    if horizon:     # 3至5年, 两年内: the end of the shortest horizon, counting the plan year
        return date(plan_year + _SMALL_NUMBERS[horizon[1]] - 1, 12, 31)
    return date(year, 12, 31)


# -- rules -------------------------------------------------------------------

def rules(conn: Connection) -> lights.Rules:
    """The shipped defaults with the office's overrides from `light_rules`."""
    stored = dict(conn.execute(select(light_rules.c.key, light_rules.c.value)).all())
    return lights.with_overrides(lights.default_rules(), stored)


def set_rules(engine: Engine, actor: User, values: dict, reason: str | None = None) -> lights.Rules:
    require(actor, "rules")
    with engine.begin() as conn:
        old = rules(conn)
        new = lights.with_overrides(old, values)
        changes = {k: [getattr(old, k), getattr(new, k)] for k in values if getattr(old, k) != getattr(new, k)}
        for key, (_, value) in changes.items():
            conn.execute(delete(light_rules).where(light_rules.c.key == key))
            conn.execute(insert(light_rules).values(key=key, value=value, updated_at=now()))
        if changes:
            log(conn, actor, "rules", changes, reason=reason)
    if changes:
        recompute(engine)
    return new


# -- derived state ----------------------------------------------------------

def derive(a: dict, today: date, r: lights.Rules) -> dict:
    """Light, its reason and the process status of assignment row `a`."""
    done = a["percent"] == 100 or a["verdict"] in DONE_VERDICTS
    result = lights.assess(start=a["start"], due=a["due"], percent=a["percent"], done=done,
                           today=today, rules=r)
    if done:
        process = Process.DONE
    elif result.light is lights.Light.RED:
        process = Process.LATE
    elif a["last_report_at"] is None:
        process = Process.NOT_STARTED
    elif (today - a["last_report_at"].date()).days > r.stall_days:
        process = Process.STALLED
    else:
        process = Process.ONGOING
    return {"light": result.light.value, "light_reason": "；".join(result.reasons), "process": process.value}


def _save(conn: Connection, row: dict, values: dict, actor: User | None, action: str, *, r: lights.Rules,
          reason: str | None = None, extra: dict | None = None, today: date | None = None) -> dict:
    """Apply `values` to the assignment read as `row`, or raise Conflict when
    its version moved on since; append the history row. Returns the new row.
    Everything it needs was read before, so its first statement is a write."""
    merged = {**row, **values}
    values = {**values, **derive(merged, today or date.today(), r)}
    changes = {k: [row[k], v] for k, v in values.items() if row[k] != v}
    done = conn.execute(update(assignments)
                        .where(assignments.c.id == row["id"], assignments.c.version == row["version"])
                        .values(**values, version=row["version"] + 1, updated_at=now()))
    if done.rowcount != 1:
        raise Conflict("此任务已被他人修改，请刷新后重试 (the task changed since you opened it)")
    log(conn, actor, action, {**changes, **(extra or {})}, reason=reason,
        assignment_id=row["id"], task_id=row["task_id"])
    return {**row, **values, "version": row["version"] + 1}


def _check_version(row: dict, version) -> None:
    """Refuse early when the caller's version is already stale (the UPDATE checks again)."""
    try:
        seen = int(version)
    except (TypeError, ValueError):
        raise LuoshiError("version is required (the version of the task you are editing)") from None
    if seen != row["version"]:
        raise Conflict("此任务已被他人修改，请刷新后重试 (the task changed since you opened it)")


def load(conn: Connection, task_id: str) -> dict | None:
    row = conn.execute(select(assignments).where(assignments.c.task_id == task_id)).mappings().first()
    return dict(row) if row else None


def _load_or_404(engine: Engine, task_id: str) -> tuple[dict, lights.Rules]:
    """The assignment and the light rules, read before any write transaction."""
    with engine.connect() as conn:
        row, r = load(conn, task_id), rules(conn)
    if row is None:
        raise NotFound(f"task {task_id} is not assigned yet")
    return row, r


# -- assignment ----------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Spec:
    """One row of the 任务分解表 as the office fills it in."""
    task_id: str
    lead_unit: str
    co_units: tuple[str, ...] = ()
    leader: str | None = None
    due: date | None = None
    start: date | None = None
    target: str | None = None
    milestones: tuple[dict, ...] = ()
    version: int | None = None         # the version the editor saw; None only for a new assignment


class Rejected(LuoshiError):
    """A bulk assignment refused as a whole; `problems` says which rows and why."""

    def __init__(self, problems: list[tuple[str, LuoshiError]]):
        self.problems = problems
        lines = [f"{where}: {err}" for where, err in problems[:20]]
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} row(s) refused, nothing changed{more}: " + "; ".join(lines))


def assign(engine: Engine, actor: User, spec: Spec, *, reason: str | None = None,
           today: date | None = None) -> dict:
    """Create or change the assignment of one task (the supervisor's form)."""
    try:
        return assign_many(engine, actor, [spec], reason=reason, today=today)[spec.task_id]
    except Rejected as err:
        raise err.problems[0][1] from None


def assign_many(engine: Engine, actor: User, specs: list[Spec], *, reason: str | None = None,
                today: date | None = None, labels: list[str] | None = None) -> dict[str, dict]:
    """Bulk assignment in one transaction: every row is checked first (unknown
    tasks and units, stale versions, bad dates) and if any is wrong nothing is
    written. Rows identical to the stored assignment are left alone. Returns
    task id → the assignment row after the change."""
    require(actor, "assign")
    ids = [s.task_id for s in specs]
    with engine.connect() as conn:
        facts, names, r = task_facts(conn, ids), unit_ids(conn), rules(conn)
        rows = {x["task_id"]: dict(x) for x in conn.execute(
            select(assignments).where(assignments.c.task_id.in_(ids))).mappings()} if ids else {}
        old_co = _co_map(conn, [x["id"] for x in rows.values()])
    plans, problems = [], []
    for i, spec in enumerate(specs):
        try:
            plans.append(_plan(spec, facts.get(spec.task_id), rows.get(spec.task_id), names, old_co))
        except LuoshiError as err:
            problems.append((labels[i] if labels else spec.task_id, err))
    if len({s.task_id for s in specs}) != len(specs):
        problems.append(("file", LuoshiError("a task appears more than once")))
    if problems and all(isinstance(err, Conflict) for _, err in problems):
        raise Conflict(str(Rejected(problems)))       # only stale versions: reload and retry (409)
    if problems:
        raise Rejected(problems)
    out = {}
    with engine.begin() as conn:
        for spec, row, values, co_ids in plans:
            if row is not None and all(row[k] == v for k, v in values.items()) and old_co.get(row["id"], []) == co_ids:
                out[spec.task_id] = row
                continue
            try:
                row = row or _create(conn, spec.task_id, values)
            except IntegrityError:
                raise Conflict(f"task {spec.task_id} was assigned by someone else meanwhile") from None
            out[spec.task_id] = _save(conn, row, values, actor, "assign", r=r, reason=reason, today=today,
                                      extra=_co_change(conn, row["id"], old_co.get(row["id"], []), co_ids, names))
    return out


def _plan(spec: Spec, facts: dict | None, row: dict | None, names: dict[str, int],
          old_co: dict[int, list[int]]) -> tuple:
    """Check one row; the values to store and the co-operating unit ids."""
    if facts is None:
        raise NotFound(f"no task {spec.task_id}")
    lead_id, co_ids = _resolve_units(names, spec.lead_unit, spec.co_units)
    due = spec.due or (row["due"] if row else default_due(facts["deadline"], facts["due"], facts["plan_year"]))
    values = {"lead_unit_id": lead_id, "leader": spec.leader or None, "due": due,
              "start": spec.start or (row["start"] if row else date(facts["plan_year"], 1, 1)),
              "target": spec.target or None,
              "milestones": json.dumps(_milestones(spec.milestones), ensure_ascii=False)}
    if values["start"] > due:
        raise LuoshiError(f"the start date {values['start']} is after the due date {due}")
    if row is not None:
        _check_version(row, spec.version)
    return spec, row, values, co_ids


def assign_lead(engine: Engine, actor: User, items: list[tuple[str, int | None]], lead_unit: str, *,
                reason: str | None = None, today: date | None = None) -> dict[str, dict]:
    """Bulk assignment from the board: give the ticked tasks (task id, version
    seen) this lead unit, keeping everything else of an existing assignment."""
    ids = [tid for tid, _ in items]
    with engine.connect() as conn:
        rows = {x["task_id"]: dict(x) for x in conn.execute(
            select(assignments).where(assignments.c.task_id.in_(ids))).mappings()} if ids else {}
        by_id = {v: k for k, v in unit_ids(conn).items()}
        co = _co_map(conn, [x["id"] for x in rows.values()])
    specs = []
    for tid, version in items:
        a = rows.get(tid)
        keep = {} if a is None else {
            "co_units": tuple(by_id[u] for u in co.get(a["id"], [])), "leader": a["leader"], "due": a["due"],
            "start": a["start"], "target": a["target"], "milestones": tuple(json.loads(a["milestones"]))}
        specs.append(Spec(tid, lead_unit, version=version, **keep))
    return assign_many(engine, actor, specs, reason=reason, today=today)


def _co_map(conn: Connection, assignment_ids: list[int]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    if assignment_ids:
        q = select(co_units.c.assignment_id, co_units.c.unit_id).where(co_units.c.assignment_id.in_(assignment_ids))
        for aid, uid in conn.execute(q.order_by(co_units.c.unit_id)):
            out.setdefault(aid, []).append(uid)
    return out


def _create(conn: Connection, task_id: str, values: dict) -> dict:
    """A blank assignment at version 0; `_save` then fills it and logs the lot."""
    blank = {"task_id": task_id, "process": Process.NOT_STARTED.value, "verdict": None, "percent": None,
             "actual": None, "light": lights.Light.GREEN.value, "light_reason": "", "received_at": None,
             "last_report_at": None, "closed_at": None, "version": 0, "updated_at": now(),
             "lead_unit_id": None, "leader": None, "target": None, "milestones": "[]",
             "start": values["start"], "due": values["due"]}
    blank["id"] = conn.execute(insert(assignments).values(**blank)).inserted_primary_key[0]
    return blank


def _resolve_units(names: dict[str, int], lead: str, co: tuple[str, ...]) -> tuple[int, list[int]]:
    wanted = [lead, *co]
    unknown = [n for n in wanted if n and n not in names]
    if not lead:
        raise LuoshiError("a lead unit (牵头单位) is required")
    if unknown:
        raise LuoshiError(f"unknown unit(s): {', '.join(unknown)} — add them with `luoshi unit add`")
    return names[lead], sorted({names[n] for n in co if n and n != lead})


def _co_change(conn: Connection, assignment_id: int, old: list[int], co_ids: list[int],
               names: dict[str, int]) -> dict:
    """Replace the co-operating units (after `_save` checked the version);
    the change, by name, for the history row."""
    by_id = {v: k for k, v in names.items()}
    if old == co_ids:
        return {}
    conn.execute(delete(co_units).where(co_units.c.assignment_id == assignment_id))
    if co_ids:
        conn.execute(insert(co_units), [{"assignment_id": assignment_id, "unit_id": u} for u in co_ids])
    return {"co_units": [[by_id.get(u) for u in old], [by_id.get(u) for u in co_ids]]}


def _milestones(items: list[dict]) -> list[dict]:
    out = []
    for m in items:
        name = str(m.get("name", "")).strip()
        if not name:
            continue
        due = m.get("due")
        if due:
            try:
                due = date.fromisoformat(str(due)).isoformat()
            except ValueError:
                raise LuoshiError(f"milestone {name!r}: bad date {due!r}") from None
        out.append({"name": name[:200], "due": due or None, "done": bool(m.get("done"))})
    return out


# -- the unit's side -----------------------------------------------------------

def receive(engine: Engine, actor: User, task_id: str, version, today: date | None = None) -> dict:
    """签收: the lead unit acknowledges the task."""
    row, r = _load_or_404(engine, task_id)
    require(actor, "receive", row["lead_unit_id"])
    _check_version(row, version)
    if row["received_at"] is not None:
        raise Conflict("already received (已签收)")
    with engine.begin() as conn:
        return _save(conn, row, {"received_at": now()}, actor, "receive", r=r, today=today)


def report(engine: Engine, actor: User, task_id: str, version, *, text: str, percent=None,
           milestone: str | None = None, actual: str | None = None, files=(), store=None,
           today: date | None = None) -> int:
    """进展情况: a progress report from the lead unit, waiting for review. Returns its id."""
    row, r = _load_or_404(engine, task_id)
    require(actor, "report", row["lead_unit_id"])
    if row["closed_at"] is not None:
        raise Conflict("the task is closed (已办结)")
    fields = _progress_fields(row, text, percent, milestone, actual)
    _check_version(row, version)
    # Files first, rows second: a failed transaction can leave an unreferenced
    # file (content-addressed, maybe shared with a concurrent report), never a
    # row pointing at a missing file.
    saved = store.save(files) if store else []
    with engine.begin() as conn:
        stamp = now()
        new = _save(conn, row, {"last_report_at": stamp, "received_at": row["received_at"] or stamp},
                    actor, "progress", r=r, today=today, extra=_report_change(fields, saved))
        pid = conn.execute(insert(progress).values(
            assignment_id=new["id"], author_id=actor.id, created_at=stamp, state=ReportState.PENDING.value,
            **fields)).inserted_primary_key[0]
        if saved:
            store.record(conn, pid, saved)
    return pid


def _report_change(fields: dict, saved) -> dict:
    """What a progress report adds, for its history row (attachments by name and hash)."""
    change = {k: [None, v] for k, v in fields.items() if v is not None}
    if saved:
        change["attachments"] = [None, [f"{s.filename} ({s.sha256[:12]})" for s in saved]]
    return change


def _progress_fields(row: dict, text: str, percent, milestone, actual) -> dict:
    text = (text or "").strip()
    if not text:
        raise LuoshiError("进展情况 is required")
    if len(text) > MAX_TEXT:
        raise LuoshiError(f"进展情况 is longer than {MAX_TEXT} characters")
    if percent not in (None, ""):
        try:
            percent = int(percent)
        except (TypeError, ValueError):
            raise LuoshiError(f"percent must be a whole number, not {percent!r}") from None
        if not 0 <= percent <= 100:
            raise LuoshiError("percent must be between 0 and 100")
    else:
        percent = None
    names = {m["name"] for m in json.loads(row["milestones"])}
    if milestone and milestone not in names:
        raise LuoshiError(f"no milestone {milestone!r} on this task")
    actual = (actual or "").strip()[:100] or None
    return {"text": text, "percent": percent, "milestone": milestone or None, "actual": actual}


# -- the office's side -----------------------------------------------------------

def review(engine: Engine, actor: User, report_id: int, version, *, accept: bool,
           reason: str | None = None, today: date | None = None) -> dict:
    """Accept a progress report (its percent, milestone and actual value become
    the task's) or return it with a reason."""
    require(actor, "review")
    with engine.connect() as conn:
        rep = conn.execute(select(progress).where(progress.c.id == report_id)).mappings().first()
        row = conn.execute(select(assignments).where(assignments.c.id == rep["assignment_id"])).mappings().first() \
            if rep else None
        r = rules(conn)
    if rep is None or row is None:
        raise NotFound(f"no progress report {report_id}")
    row = dict(row)
    if not accept and not (reason or "").strip():
        raise LuoshiError("returning a report needs a reason (退回原因)")
    _check_version(row, version)
    values = _accepted_values(row, rep) if accept else {}
    state = ReportState.ACCEPTED if accept else ReportState.RETURNED
    with engine.begin() as conn:
        new = _save(conn, row, values, actor, "accept" if accept else "return", r=r, reason=reason, today=today,
                    extra={"report": [report_id, state.value]})
        marked = conn.execute(update(progress).where(progress.c.id == report_id,
                                                     progress.c.state == ReportState.PENDING.value)
                              .values(state=state.value, reviewer_id=actor.id, reviewed_at=now(),
                                      review_reason=reason))
        if marked.rowcount != 1:
            raise Conflict("this report was already reviewed")
    return new


def _accepted_values(row: dict, rep) -> dict:
    values = {}
    if rep["percent"] is not None:
        values["percent"] = rep["percent"]
    if rep["actual"] is not None:
        values["actual"] = rep["actual"]
    if rep["milestone"]:
        ms = json.loads(row["milestones"])
        for m in ms:
            if m["name"] == rep["milestone"]:
                m["done"] = True
        values["milestones"] = json.dumps(ms, ensure_ascii=False)
    return values


def close(engine: Engine, actor: User, task_id: str, version, *, verdict: str, reason: str | None = None,
          today: date | None = None) -> dict:
    """办结: close a task with a verdict (完成 / 基本完成 / 部分完成 / 未完成 / 无法评估)."""
    require(actor, "review")
    row, r = _load_or_404(engine, task_id)
    try:
        verdict = Verdict(verdict)
    except ValueError:
        raise LuoshiError(f"unknown verdict {verdict!r}: one of {', '.join(v.value for v in Verdict)}") from None
    _check_version(row, version)
    with engine.begin() as conn:
        return _save(conn, row, {"verdict": verdict.value, "closed_at": now()}, actor, "close",
                     r=r, reason=reason, today=today)


def recompute(engine: Engine, today: date | None = None) -> int:
    """The daily pass: lights and process statuses move with the calendar too.
    Returns how many tasks changed (each with its history row)."""
    today = today or date.today()
    with engine.connect() as conn:
        r = rules(conn)
        rows = [dict(x) for x in conn.execute(select(assignments).where(assignments.c.closed_at.is_(None))).mappings()]
    changed = 0
    for row in rows:
        if all(row[k] == v for k, v in derive(row, today, r).items()):
            continue
        try:
            with engine.begin() as conn:
                _save(conn, row, {}, None, "recompute", r=r, today=today)
            changed += 1
        except Conflict:
            pass    # someone saved it meanwhile, and that save recomputed it
    return changed
