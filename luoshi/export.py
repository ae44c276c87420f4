"""Indicators and tasks as CSV or XLSX, for the `export` command and the
web app's download links. Headers are Chinese, for the offices that open the
files in Excel; `read` maps them back, so an export can be read again."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from . import queries
from .errors import LuoshiError
from .store import Store

# (key in the row dict, column header)
COLUMNS = {
    "indicators": (("government", "政府"), ("year", "年份"), ("metric", "指标"), ("text", "原文"),
                   ("value", "数值"), ("unit", "单位"), ("kind", "类型"), ("period", "时期"),
                   ("qualifier", "限定"), ("firmness", "措辞"), ("of", "增长基数"), ("section", "部分"),
                   ("report_id", "报告编号"), ("start", "起点"), ("end", "终点")),
    "tasks": (("id", "任务编号"), ("government", "政府"), ("year", "年份"), ("area", "领域"),
              ("topic", "要点"), ("text", "任务"), ("verb", "动词"), ("object", "对象"), ("strength", "力度"),
              ("deadline", "完成时限"), ("due", "截止日期"), ("targets", "量化目标"), ("lead_unit", "牵头单位"),
              ("report_id", "报告编号"), ("start", "起点"), ("end", "终点")),
}
NUMERIC = {"year", "value", "report_id", "start", "end"}
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
SHEET_NAMES = {"indicators": "指标", "tasks": "任务分解表"}


def rows(store: Store, kind: str, report_id: int | None = None) -> list[dict]:
    """The rows to export, one dict per indicator or task, keys as in COLUMNS."""
    if kind not in COLUMNS:
        raise LuoshiError(f"cannot export {kind!r}: choose indicators or tasks")
    if report_id is not None and store.report(report_id) is None:
        raise LuoshiError(f"no report {report_id}")
    with store.engine.connect() as conn:
        if kind == "indicators":
            found = queries.indicators(conn, report_id=report_id)
        else:
            found = queries.all_tasks(conn, report_id)
    keys = [k for k, _ in COLUMNS[kind]]
    return [{k: ("；".join(r[k]) or None) if k == "targets" else r.get(k) for k in keys} for r in found]


def to_bytes(store: Store, kind: str, fmt: str, report_id: int | None = None) -> bytes:
    buf = io.BytesIO()
    write_rows(rows(store, kind, report_id), kind, fmt, buf)
    return buf.getvalue()


def export(store: Store, kind: str, fmt: str, out: str | Path, report_id: int | None = None) -> int:
    """Write the file; returns how many rows it has."""
    found = rows(store, kind, report_id)
    try:
        with open(out, "wb") as f:
            write_rows(found, kind, fmt, f)
    except OSError as err:
        raise LuoshiError(f"cannot write {out}: {err.strerror}") from None
    return len(found)


def write_rows(found: list[dict], kind: str, fmt: str, f) -> None:
    headers = [h for _, h in COLUMNS[kind]]
    keys = [k for k, _ in COLUMNS[kind]]
    if fmt == "csv":
        text = io.StringIO(newline="")
        w = csv.writer(text)
        w.writerow(headers)
        w.writerows([["" if r[k] is None else r[k] for k in keys] for r in found])
        f.write(text.getvalue().encode("utf-8-sig"))     # the BOM makes Excel read UTF-8
    elif fmt == "xlsx":
        from openpyxl import Workbook
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(SHEET_NAMES[kind])
        ws.append(headers)
        for r in found:
            ws.append([r[k] for k in keys])
        wb.save(f)
    else:
        raise LuoshiError(f"unknown export format {fmt!r}: choose csv or xlsx")


def read(path: str | Path, kind: str) -> list[dict]:
    """Read an exported file back into row dicts (keys as in COLUMNS)."""
    back = {h: k for k, h in COLUMNS[kind]}
    if str(path).endswith(".xlsx"):
        from openpyxl import load_workbook
        ws = load_workbook(path, read_only=True).active
        table = [list(r) for r in ws.iter_rows(values_only=True)]
    else:
        with open(path, encoding="utf-8-sig", newline="") as f:
            table = list(csv.reader(f))
    head, body = table[0], table[1:]
    return [{back[h]: _cell(back[h], v) for h, v in zip(head, line)} for line in body]


def _cell(key: str, v):
    if v in ("", None):
        return None
    if key in NUMERIC and isinstance(v, str):
        return float(v) if key == "value" else int(v)
    return v
