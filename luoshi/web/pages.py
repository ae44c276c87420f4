"""Routes for reading: each page at /x renders the dict its view builds
(views.py), and /api/x returns the same dict as JSON."""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field, field_validator

from .. import export
from ..errors import LuoshiError
from ..store import Store
from . import views
from .common import render, store_of
from .highlight import annotation_json, highlighted

router = APIRouter()
StoreDep = Annotated[Store, Depends(store_of)]


class _Blank(BaseModel):
    """Query parameters where an empty form field means 'not given'."""
    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_none(cls, v):
        return None if v == "" else v


class IndicatorFilter(_Blank):
    report: int | None = Field(None, description="only this report")
    metric: str | None = Field(None, max_length=100, description="metric contains this")
    kind: Literal["actual", "target", "plan", "growth", "rank"] | None = None
    government: str | None = Field(None, max_length=100)
    page: int = Field(1, ge=1)
    per_page: int = Field(100, ge=1, le=1000)


class TaskFilter(_Blank):
    report: int | None = Field(None, description="only this report")
    q: str | None = Field(None, max_length=100, description="task text contains this")
    area: str | None = Field(None, max_length=300)
    strength: Literal["must", "aim", "explore", "do"] | None = None
    government: str | None = Field(None, max_length=100)
    sort: Literal["ord", "area", "strength", "deadline", "government", "year"] = "ord"
    desc: bool = False
    page: int = Field(1, ge=1)
    per_page: int = Field(50, ge=1, le=500)


# -- reports --------------------------------------------------------------------

@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def reports_page(request: Request, store: StoreDep):
    return render(request, "reports.html", views.reports_view(store))


@router.get("/api/reports", tags=["reports"], summary="Every report with its government, years and counts")
def reports_api(store: StoreDep) -> dict:
    return views.reports_view(store)


@router.post("/reports", include_in_schema=False)
async def upload_page(request: Request, store: StoreDep, file: UploadFile = File(...),
                      government: str = Form(""), year: str = Form("")):
    try:
        result = views.ingest_upload(store, file.filename, await _read_capped(file), government,
                                     _year(year))
    except LuoshiError as err:
        return render(request, "reports.html", {**views.reports_view(store), "error": str(err)}, 400)
    diff = (f"&appeared={len(result.appeared)}&disappeared={len(result.disappeared)}&kept={result.kept}"
            if result.status == "updated" else "")
    return RedirectResponse(f"/reports/{result.report_id}?ingest={result.status}{diff}", status_code=303)


@router.post("/api/reports", tags=["reports"], summary="Upload a report file (txt, HTML, DOCX, PDF)")
async def upload_api(store: StoreDep, file: UploadFile = File(...), government: str = Form(""),
                     year: str = Form("")) -> dict:
    result = views.ingest_upload(store, file.filename, await _read_capped(file), government, _year(year))
    return {"report_id": result.report_id, "government": result.government, "year": result.year,
            "status": result.status, "tasks": result.tasks, "quantities": result.quantities,
            "entities": result.entities, "appeared": list(result.appeared),
            "disappeared": list(result.disappeared), "message": result.line()}


async def _read_capped(file: UploadFile) -> bytes:
    """Read at most one byte past the limit, so a huge upload is refused without being held whole."""
    return await file.read(views.MAX_UPLOAD_BYTES + 1)


def _year(text: str) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise LuoshiError(f"年份应为数字：{text}")
    return int(text)


@router.get("/reports/{report_id}", response_class=HTMLResponse, include_in_schema=False)
def report_page(request: Request, store: StoreDep, report_id: int, ingest: str | None = None,
                at: int | None = None, n: int = Query(0, ge=0, le=200), appeared: int = 0,
                disappeared: int = 0, kept: int = 0):
    """`at` and `n` mark a passage (a search hit) and scroll to it; `ingest`
    and the counts say what an upload just did."""
    data = views.report_view(store, report_id)
    hit = (at, at + max(n, 1)) if at is not None and 0 <= at < len(data["report"]["text"]) else None
    return render(request, "report.html", {**data, "body": highlighted(data, hit),
                                           "islands": annotation_json(data), "ingest": ingest, "hit": hit,
                                           "diff": {"appeared": appeared, "disappeared": disappeared,
                                                    "kept": kept}})


@router.get("/api/reports/{report_id}", tags=["reports"],
            summary="A report's text, outline, quantities, tasks and entities (offsets into the text)")
def report_api(store: StoreDep, report_id: int) -> dict:
    return views.report_view(store, report_id)


# -- indicators, tasks, search ----------------------------------------------------

@router.get("/indicators", response_class=HTMLResponse, include_in_schema=False)
def indicators_page(request: Request, store: StoreDep, f: Annotated[IndicatorFilter, Query()]):
    return render(request, "indicators.html", views.indicators_view(store, **f.model_dump()))


@router.get("/api/indicators", tags=["indicators"], summary="One page of indicators under the filters, with chart series")
def indicators_api(store: StoreDep, f: Annotated[IndicatorFilter, Query()]) -> dict:
    return views.indicators_view(store, **f.model_dump())


@router.get("/tasks", response_class=HTMLResponse, include_in_schema=False)
def tasks_page(request: Request, store: StoreDep, f: Annotated[TaskFilter, Query()]):
    return render(request, "tasks.html", views.tasks_view(store, **f.model_dump()))


@router.get("/api/tasks", tags=["tasks"], summary="One page of the task table (任务分解表)")
def tasks_api(store: StoreDep, f: Annotated[TaskFilter, Query()]) -> dict:
    return views.tasks_view(store, **f.model_dump())


@router.get("/api/tasks/{task_id}", tags=["tasks"], summary="One task with its linked quantities and entities")
def task_api(store: StoreDep, task_id: str) -> dict:
    return views.task_view(store, task_id)


@router.get("/search", response_class=HTMLResponse, include_in_schema=False)
def search_page(request: Request, store: StoreDep, q: str = ""):
    return render(request, "search.html", views.search_view(store, q))


@router.get("/api/search", tags=["search"], summary="Passages containing q in every report (2+ characters)")
def search_api(store: StoreDep, q: str = Query("", max_length=100)) -> dict:
    return views.search_view(store, q)


# -- export -----------------------------------------------------------------------

@router.get("/export/{kind}.{fmt}", tags=["export"], summary="Indicators or tasks as CSV or XLSX")
def export_file(store: StoreDep, kind: Literal["indicators", "tasks"], fmt: Literal["csv", "xlsx"],
                report: Annotated[int | None, Query()] = None) -> Response:
    data = export.to_bytes(store, kind, fmt, report_id=report)
    name = f"{kind}-{report}.{fmt}" if report else f"{kind}.{fmt}"
    return Response(data, media_type=export.MEDIA_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
