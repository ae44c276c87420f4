"""The 任务分解表 as an Excel workbook: export every task with its assignment,
and import the sheet the office filled in back as a bulk assignment.

Import is all or nothing: every row is checked first, and an unknown unit,
an unknown task, a stale version or a bad date refuses the whole file with
the row numbers, instead of creating units or half the rows. Exporting and
re-importing an unchanged file changes nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from sqlalchemy.engine import Engine

from .auth import User
from .errors import InputError, LuoshiError
from .track import Rejected, Spec, assign_many
from .track_views import board

SHEET = "任务分解表"
# (header, key in the board row or a computed field, column width)
COLUMNS = (
    ("任务编号", "id", 18), ("领域", "area", 16), ("任务内容", "text", 60), ("完成时限（原文）", "deadline", 12),
    ("牵头单位", "lead_unit", 16), ("配合单位", "co_units", 20), ("责任领导", "leader", 10),
    ("起始日期", "start", 12), ("完成日期", "due_date", 12), ("目标值", "target", 16), ("节点", "milestones", 30),
    ("形象进度（%）", "percent", 8), ("实际值", "actual", 12), ("推进状态", "process", 8),
    ("办结结论", "verdict", 8), ("灯", "light_label", 6), ("版本", "version", 6),
)
REQUIRED = ("任务编号", "牵头单位")
_SPLIT_UNITS = re.compile(r"[、，,；;\n]+")
_MILESTONE = re.compile(r"^(?P<name>.+?)\s*(?:[（(](?P<due>\d{4}-\d{1,2}-\d{1,2})[)）])?\s*(?P<done>✓)?$")


@dataclass(frozen=True, slots=True)
class Imported:
    rows: int
    assigned: int          # rows with a lead unit, created or changed or identical
    changed: int
    skipped: int           # rows without a lead unit: not assigned yet

    def line(self) -> str:
        return (f"{self.rows} rows: {self.changed} assignments created or changed, "
                f"{self.assigned - self.changed} unchanged, {self.skipped} without a lead unit")


def export_taskbook(engine: Engine, out: str | Path, **filters) -> int:
    """Write the 任务分解表 (every task, assigned or not) to `out`; returns the row count."""
    from .track_views import assignment_extras
    rows = _all_rows(engine, **filters)
    extras = assignment_extras(engine, [r["assignment_id"] for r in rows if r["assignment_id"]])
    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = SHEET
    ws.append([h for h, _, _ in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in rows:
        r = {**r, **extras.get(r["assignment_id"], {})}
        ws.append([_cell(r, key) for _, key, _ in COLUMNS])
    for i, (_, _, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = width
    for row in ws.iter_rows(min_row=2, min_col=3, max_col=3):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "B2"
    wb.save(out)
    return len(rows)


def _all_rows(engine: Engine, **filters) -> list[dict]:
    rows, offset = [], 0
    while True:
        page = board(engine, limit=5000, offset=offset, **filters)
        rows += page["rows"]
        offset += len(page["rows"])
        if not page["rows"] or offset >= page["total"]:
            return sorted(rows, key=lambda r: (r["report_id"], r["ord"]))     # the report's reading order


def _cell(r: dict, key: str):
    value = r.get(key)
    if key == "co_units":
        return "、".join(value or ())
    if key == "milestones":
        return format_milestones(value) or None
    if key == "light_label" and not r.get("assignment_id"):
        return None
    if isinstance(value, date):
        return value.isoformat()
    return value


def import_taskbook(engine: Engine, actor: User, path: str | Path, *, reason: str | None = None) -> Imported:
    """Bulk-assign from a filled-in 任务分解表; refuses the whole file on any bad row."""
    specs, labels, skipped, total = [], [], 0, 0
    problems = []
    for number, row in _read_rows(path):
        total += 1
        if not row.get("牵头单位"):
            skipped += 1
            continue
        try:
            specs.append(_spec(row))
            labels.append(f"第{number}行")
        except LuoshiError as err:
            problems.append((f"第{number}行", err))
    if problems:
        raise Rejected(problems)
    before = {s.task_id: s.version for s in specs}
    done = assign_many(engine, actor, specs, reason=reason or f"导入{Path(path).name}", labels=labels)
    changed = sum(1 for tid, row in done.items() if row["version"] != before[tid])
    return Imported(total, len(specs), changed, skipped)


def format_milestones(items) -> str:
    """The inverse of `parse_milestones`."""
    return "\n".join(m["name"] + (f"（{m['due']}）" if m["due"] else "") + ("✓" if m["done"] else "")
                     for m in items or ())


def _read_rows(path: str | Path):
    """(sheet row number, {header: text}) for every non-empty row."""
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except Exception as err:   # openpyxl raises many types for a file that is not a workbook
        raise InputError(f"{path}: not an Excel .xlsx workbook ({type(err).__name__})") from None
    ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    missing = [h for h in REQUIRED if h not in header]
    if missing:
        raise InputError(f"{path}: the sheet has no column {', '.join(missing)}")
    for number, values in enumerate(rows, start=2):
        row = {h: _text(v) for h, v in zip(header, values) if h}
        if any(row.values()):
            yield number, row
    wb.close()


def _text(v) -> str | None:
    if v is None:
        return None
    if isinstance(v, datetime):
        return v.date().isoformat()
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip() or None


def _spec(row: dict) -> Spec:
    if not row.get("任务编号"):
        raise LuoshiError("任务编号 is empty")
    return Spec(task_id=row["任务编号"], lead_unit=row["牵头单位"],
                co_units=tuple(u.strip() for u in _SPLIT_UNITS.split(row.get("配合单位") or "") if u.strip()),
                leader=row.get("责任领导"), due=_date(row.get("完成日期"), "完成日期"),
                start=_date(row.get("起始日期"), "起始日期"), target=row.get("目标值"),
                milestones=parse_milestones(row.get("节点")), version=_int(row.get("版本")))


def _date(text: str | None, what: str) -> date | None:
    if not text:
        return None
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?", text)
    try:
        return date(int(m[1]), int(m[2]), int(m[3])) if m else date.fromisoformat(text)
    except ValueError:
        raise LuoshiError(f"{what} {text!r} is not a date (YYYY-MM-DD)") from None


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text else None
    except ValueError:
        raise LuoshiError(f"版本 {text!r} is not a number") from None


def parse_milestones(text: str | None) -> tuple[dict, ...]:
    """Milestones typed one per line as `名称（YYYY-MM-DD）✓` (date and tick optional)."""
    out = []
    for line in (text or "").splitlines():
        m = _MILESTONE.match(line.strip())
        if m:
            due = _date(m["due"], "节点日期")
            out.append({"name": m["name"], "due": due.isoformat() if due else None, "done": bool(m["done"])})
    return tuple(out)
