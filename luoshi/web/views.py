"""The data behind each page: one function per page builds one dict, which the
page renders as HTML and /api/ returns as JSON, so the two cannot drift.
Nothing here knows about HTTP beyond raising 404."""
from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import HTTPException

from .. import queries
from ..errors import InputError
from ..queries import years_text
from ..store import IngestResult, Store

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
UPLOAD_SUFFIXES = {".txt", ".htm", ".html", ".docx", ".pdf"}


def reports_view(store: Store) -> dict:
    reports = store.reports()
    for r in reports:
        r["years"] = years_text(r)
    return {"reports": reports, "max_mb": max_upload_mb()}


def report_view(store: Store, report_id: int) -> dict:
    """A report's text with every annotation, for the reading view."""
    report = store.report(report_id)
    if report is None:
        raise HTTPException(404, f"没有编号为 {report_id} 的报告")
    report["years"] = years_text(report)
    return {"report": report, **store.annotations(report_id)}


def indicators_view(store: Store, report: int | None = None, metric: str | None = None,
                    kind: str | None = None, government: str | None = None, page: int = 1,
                    per_page: int = 100) -> dict:
    """One page of indicators under the filters, and the series the charts draw."""
    filters = {"report_id": report, "metric": metric, "kind": kind, "government": government}
    with store.engine.connect() as conn:
        result = queries.indicators_page(conn, page=page, per_page=per_page, **filters)
        drawn = charts(queries.chart_rows(conn, **filters))
    return {"filters": {"report": report, "metric": metric, "kind": kind, "government": government,
                        "per_page": per_page},
            "reports": _report_choices(store), **result, "charts": drawn}


def charts(rows: list[dict]) -> dict:
    """Growth rates by metric (percent), and actual values by metric in one
    unit (money when the reports give money, else the most common unit);
    across several reports, one series per government and year."""
    growth = [r for r in rows if r["kind"] == "growth" and r["unit"] == "%"]
    actual = [r for r in rows if r["kind"] == "actual"]
    units: dict[str, int] = {}
    for r in actual:
        units[r["unit"]] = units.get(r["unit"], 0) + 1
    unit = "元" if "元" in units else max(units, key=units.get) if units else None
    return {"growth": _series(growth, "%"),
            "actual": _series([r for r in actual if r["unit"] == unit], unit)}


def _series(rows: list[dict], unit: str | None, limit: int = 30) -> dict:
    """{'unit', 'metrics': [...], 'series': [{'name', 'data'}]}: first value per metric and report."""
    metrics: list[str] = []
    by_report: dict[str, dict[str, float]] = {}
    for r in rows:
        if r["metric"] not in metrics:
            if len(metrics) >= limit:
                continue
            metrics.append(r["metric"])
        by_report.setdefault(f"{r['government']} {r['year']}", {}).setdefault(r["metric"], r["value"])
    series = [{"name": name, "data": [vals.get(m) for m in metrics]} for name, vals in by_report.items()]
    return {"unit": unit, "metrics": metrics, "series": series[:12]}


def tasks_view(store: Store, report: int | None = None, q: str | None = None, area: str | None = None,
               strength: str | None = None, government: str | None = None, sort: str = "ord",
               desc: bool = False, page: int = 1, per_page: int = 50) -> dict:
    """One page of the 任务分解表 under the filters."""
    filters = {"report": report, "q": q, "area": area, "strength": strength, "government": government,
               "sort": sort, "desc": desc, "per_page": per_page}
    result = store.tasks(report_id=report, q=q, area=area, strength=strength, government=government,
                         sort=sort, desc=desc, page=page, per_page=per_page)
    with store.engine.connect() as conn:
        areas = queries.task_areas(conn, report) if report else []    # areas are a report's own
    return {"filters": filters, "reports": _report_choices(store), "areas": areas, **result}


def task_view(store: Store, task_id: str) -> dict:
    found = store.task(task_id)
    if found is None:
        raise HTTPException(404, f"没有编号为 {task_id} 的任务")
    return found


def search_view(store: Store, q: str | None, limit: int = 100) -> dict:
    q = (q or "").strip()[:100]
    hits = store.search(q, limit=limit) if q else []
    return {"q": q, "hits": hits, "limit": limit}


def max_upload_mb() -> str:
    return f"{MAX_UPLOAD_BYTES / 1024 / 1024:.3g}"


def _report_choices(store: Store) -> list[dict]:
    with store.engine.connect() as conn:
        return queries.report_choices(conn)


def ingest_upload(store: Store, filename: str, data: bytes, government: str | None = None,
                  year: int | None = None) -> IngestResult:
    """Store an uploaded file through the same reader as the CLI; the upload
    lands whole or not at all (the store ingests in one transaction)."""
    name = Path(filename or "upload.txt").name
    suffix = Path(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise InputError(f"{name}: 不支持的文件类型（请上传 txt、HTML、DOCX 或 PDF）")
    if not data:
        raise InputError(f"{name}: 文件是空的")
    if len(data) > MAX_UPLOAD_BYTES:
        raise InputError(f"{name}: 文件超过上传上限 {max_upload_mb()} MB")
    with tempfile.TemporaryDirectory(prefix="luoshi-upload-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(data)
        try:
            return store.ingest_path(path, government=government or None, year=year or None, filename=name)
        except InputError as err:
            # the reader names the temporary file; the person knows the file by its own name
            raise InputError(str(err).replace(str(path), name)) from None
