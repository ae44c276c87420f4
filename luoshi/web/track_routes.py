"""The supervision pages (/track…) and their JSON twins (/api/track/…).

Each page and its API endpoint call the same library function; the page
renders the dict, the API returns it. Every write checks the session, the
CSRF token and — inside luoshi.track — the role and the task's unit, and
answers 401 / 403 / 404 / 409 / 400 with one line when refused.
"""
from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, RedirectResponse, Response
from pydantic import BaseModel
from sqlalchemy import select
from starlette.exceptions import HTTPException

from .. import lights, track, track_views
from ..auth import AuthError, Forbidden, allowed, require
from ..errors import LuoshiError
from ..track_tables import attachments
from . import track_session
from .common import render
from .track_session import Session, api_writer, engine_of, form_writer, session_or_none, to_login, today_of, viewer

router = APIRouter()
router.include_router(track_session.router)
NAV = [("督办", "/track"), ("督查看板", "/track/dashboard")]
TAG = ["督办"]

_STATUS = ((AuthError, 401), (Forbidden, 403), (track.NotFound, 404), (track.Conflict, 409), (LuoshiError, 400))


@contextmanager
def http_errors():
    """The library's refusals as HTTP statuses."""
    try:
        yield
    except LuoshiError as err:
        code = next(c for cls, c in _STATUS if isinstance(err, cls))
        raise HTTPException(code, str(err)) from None


def _date(text: str | None, what: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise HTTPException(400, f"{what}: {text!r} is not a date (YYYY-MM-DD)") from None


def _int(text: str) -> int | None:
    try:
        return int(text) if text else None
    except ValueError:
        raise HTTPException(400, f"not a number: {text!r}") from None


def _page(request: Request, template: str, s: Session, data: dict):
    return render(request, template, {**data, "me": track_session.user_info(s.user), "csrf": s.csrf,
                                      "msg": request.query_params.get("msg")})


def _back(task_id: str, msg: str) -> RedirectResponse:
    return RedirectResponse(f"/track/task/{task_id}?msg={msg}", status_code=303)


# -- board and task ------------------------------------------------------------

def _board(request: Request, unit, light, area, process, q, page: int) -> dict:
    today_of(request)
    data = track_views.board(engine_of(request), unit=unit or None, light=light or None, area=area or None,
                             process=process or None, q=q or None, offset=max(0, page - 1) * track_views.BOARD_LIMIT)
    keep = urlencode({k: v for k, v in data["filters"].items() if v})
    return {**data, "page": page, "processes": [p.value for p in track.Process], "query": keep}


@router.get("/track", include_in_schema=False)
def board_page(request: Request, unit: str = "", light: str = "", area: str = "", process: str = "", q: str = "",
               page: int = 1):
    s = session_or_none(request)
    if s is None:
        return to_login(request)
    data = _board(request, unit, light, area, process, q, page)
    data["units"] = [u["name"] for u in _units(request)]
    return _page(request, "track_board.html", s, data)


@router.get("/api/track/tasks", tags=TAG)
def board_api(request: Request, unit: str = "", light: str = "", area: str = "", process: str = "", q: str = "",
              page: int = 1, s: Session = Depends(viewer)):
    """The task board: tasks with their assignment and light, worst first, 200 a page."""
    return _board(request, unit, light, area, process, q, page)


def _task(request: Request, s: Session, task_id: str) -> dict:
    data = track_views.task_page(engine_of(request), s.user, task_id, today_of(request))
    if data is None:
        raise HTTPException(404, f"no task {task_id}")
    return data


@router.get("/track/task/{task_id}", include_in_schema=False)
def task_page(request: Request, task_id: str):
    s = session_or_none(request)
    if s is None:
        return to_login(request)
    from ..taskbook import format_milestones
    data = _task(request, s, task_id)
    data["milestones_text"] = format_milestones(data["assignment"]["milestones"]) if data["assignment"] else ""
    return _page(request, "track_task.html", s, data)


@router.get("/api/track/tasks/{task_id}", tags=TAG)
def task_api(request: Request, task_id: str, s: Session = Depends(viewer)):
    """One task: the report's words, the assignment, progress reports, the timeline, what you may do."""
    return _task(request, s, task_id)


# -- writes: assignment ----------------------------------------------------------

class AssignIn(BaseModel):
    lead_unit: str
    co_units: list[str] = []
    leader: str | None = None
    due: date | None = None
    start: date | None = None
    target: str | None = None
    milestones: list[dict] = []
    version: int | None = None
    reason: str | None = None


def _assign(request: Request, s: Session, task_id: str, body: AssignIn) -> dict:
    spec = track.Spec(task_id, body.lead_unit.strip(), tuple(u.strip() for u in body.co_units if u.strip()),
                      body.leader, body.due, body.start, body.target, tuple(body.milestones), body.version)
    with http_errors():
        return track.assign(engine_of(request), s.user, spec, reason=body.reason, today=today_of(request))


@router.post("/api/track/tasks/{task_id}/assign", tags=TAG)
def assign_api(request: Request, task_id: str, body: AssignIn, s: Session = Depends(api_writer)):
    """Create or change a task's assignment (supervisor, admin). `version` is required once it exists."""
    return _assign(request, s, task_id, body)


@router.post("/track/task/{task_id}/assign", include_in_schema=False)
def assign_form(request: Request, task_id: str, lead_unit: str = Form(""), co_units: list[str] = Form([]),
                leader: str = Form(""), due: str = Form(""), start: str = Form(""), target: str = Form(""),
                milestones: str = Form(""), version: str = Form(""), reason: str = Form(""),
                s: Session = Depends(form_writer)):
    from ..taskbook import parse_milestones
    with http_errors():
        body = AssignIn(lead_unit=lead_unit, co_units=co_units, leader=leader or None,
                        due=_date(due, "完成日期"), start=_date(start, "起始日期"), target=target or None,
                        milestones=list(parse_milestones(milestones)), version=_int(version),
                        reason=reason or None)
    _assign(request, s, task_id, body)
    return _back(task_id, "已保存分解")


# -- writes: the unit's side -------------------------------------------------------

class VersionIn(BaseModel):
    version: int


@router.post("/api/track/tasks/{task_id}/receive", tags=TAG)
def receive_api(request: Request, task_id: str, body: VersionIn, s: Session = Depends(api_writer)):
    """签收 by the lead unit."""
    with http_errors():
        return track.receive(engine_of(request), s.user, task_id, body.version, today=today_of(request))


@router.post("/track/task/{task_id}/receive", include_in_schema=False)
def receive_form(request: Request, task_id: str, version: str = Form(""), s: Session = Depends(form_writer)):
    with http_errors():
        track.receive(engine_of(request), s.user, task_id, version, today=today_of(request))
    return _back(task_id, "已签收")


class ProgressIn(BaseModel):
    version: int | None = None
    text: str
    percent: int | None = None
    milestone: str | None = None
    actual: str | None = None


def _report(request: Request, s: Session, task_id: str, body: ProgressIn, files=()) -> int:
    with http_errors():
        return track.report(engine_of(request), s.user, task_id, body.version, text=body.text,
                            percent=body.percent, milestone=body.milestone, actual=body.actual, files=files,
                            store=track_session.state(request).files, today=today_of(request))


@router.post("/api/track/tasks/{task_id}/progress", status_code=201, tags=TAG)
def progress_api(request: Request, task_id: str, body: ProgressIn, s: Session = Depends(api_writer)):
    """进展情况 from the lead unit; waits for the supervisor's review. 409 when `version` is stale."""
    return {"report_id": _report(request, s, task_id, body), "task_id": task_id}


@router.post("/track/task/{task_id}/progress", include_in_schema=False)
def progress_form(request: Request, task_id: str, text: str = Form(""), percent: str = Form(""),
                  milestone: str = Form(""), actual: str = Form(""), version: str = Form(""),
                  files: list[UploadFile] = File([]), s: Session = Depends(form_writer)):
    with http_errors():
        body = ProgressIn(version=_int(version), text=text, percent=_int(percent),
                          milestone=milestone or None, actual=actual or None)
    uploads = [(f.filename, f.file.read(track_session.state(request).files.max_bytes + 1)) for f in files if f.filename]
    _report(request, s, task_id, body, uploads)
    return _back(task_id, "进展已报送，等待审核")


# -- writes: the office's side -------------------------------------------------------

class ReviewIn(BaseModel):
    version: int
    accept: bool
    reason: str | None = None


@router.post("/api/track/reports/{report_id}/review", tags=TAG)
def review_api(request: Request, report_id: int, body: ReviewIn, s: Session = Depends(api_writer)):
    """Accept a progress report, or return it with a reason (supervisor, admin)."""
    with http_errors():
        return track.review(engine_of(request), s.user, report_id, body.version, accept=body.accept,
                            reason=body.reason, today=today_of(request))


@router.post("/track/review/{report_id}", include_in_schema=False)
def review_form(request: Request, report_id: int, decision: str = Form(""), reason: str = Form(""),
                version: str = Form(""), s: Session = Depends(form_writer)):
    with http_errors():
        row = track.review(engine_of(request), s.user, report_id, version, accept=decision == "accept",
                           reason=reason or None, today=today_of(request))
    return _back(row["task_id"], "已采纳" if decision == "accept" else "已退回")


class CloseIn(BaseModel):
    version: int
    verdict: str
    reason: str | None = None


@router.post("/api/track/tasks/{task_id}/close", tags=TAG)
def close_api(request: Request, task_id: str, body: CloseIn, s: Session = Depends(api_writer)):
    """办结 with a verdict: 完成 / 基本完成 / 部分完成 / 未完成 / 无法评估."""
    with http_errors():
        return track.close(engine_of(request), s.user, task_id, body.version, verdict=body.verdict,
                           reason=body.reason, today=today_of(request))


@router.post("/track/task/{task_id}/close", include_in_schema=False)
def close_form(request: Request, task_id: str, verdict: str = Form(""), reason: str = Form(""),
               version: str = Form(""), s: Session = Depends(form_writer)):
    with http_errors():
        track.close(engine_of(request), s.user, task_id, version, verdict=verdict, reason=reason or None,
                    today=today_of(request))
    return _back(task_id, "已办结")


@router.post("/track/bulk-assign", include_in_schema=False)
def bulk_assign_form(request: Request, lead_unit: str = Form(""), tasks: list[str] = Form([]),
                     reason: str = Form(""), s: Session = Depends(form_writer)):
    """Ticked board rows (`task_id:version`) to one lead unit, all or none."""
    items = []
    for value in tasks:
        tid, _, version = value.partition(":")
        items.append((tid, _int(version) or 0))     # 0: seen unassigned, so stale once assigned
    if not items:
        raise HTTPException(400, "no task ticked")
    with http_errors():
        track.assign_lead(engine_of(request), s.user, items, lead_unit, reason=reason or None,
                          today=today_of(request))
    return RedirectResponse(f"/track?msg=已将{len(items)}项任务交{lead_unit}牵头", status_code=303)


@router.get("/track/attachment/{attachment_id}", include_in_schema=False)
def attachment(request: Request, attachment_id: int, s: Session = Depends(viewer)):
    with engine_of(request).connect() as conn:
        row = conn.execute(select(attachments).where(attachments.c.id == attachment_id)).mappings().first()
    if row is None:
        raise HTTPException(404, "no such attachment")
    path = track_session.state(request).files.path(row["stored_as"])
    return FileResponse(path, media_type=row["content_type"], filename=row["filename"])


# -- dashboard, reminders, rules -------------------------------------------------------

def _units(request: Request) -> list[dict]:
    from ..people import list_units
    return list_units(engine_of(request))


@router.get("/track/dashboard", include_in_schema=False)
def dashboard_page(request: Request):
    s = session_or_none(request)
    if s is None:
        return to_login(request)
    return _page(request, "track_dashboard.html", s, track_views.dashboard(engine_of(request), today_of(request)))


@router.get("/api/track/dashboard", tags=TAG)
def dashboard_api(request: Request, s: Session = Depends(viewer)):
    """Counts by area and unit, the overdue list, accepted progress by month."""
    return track_views.dashboard(engine_of(request), today_of(request))


@router.get("/track/reminders", include_in_schema=False)
def reminders_page(request: Request):
    s = session_or_none(request)
    if s is None:
        return to_login(request)
    today_of(request)
    return _page(request, "track_reminders.html", s, {"units": track_views.reminders(engine_of(request))})


@router.get("/api/track/reminders", tags=TAG)
def reminders_api(request: Request, s: Session = Depends(viewer)):
    """催办: per unit, its tasks that are red or yellow, not received, or returned."""
    today_of(request)
    return track_views.reminders(engine_of(request))


def _rules(request: Request) -> dict:
    with engine_of(request).connect() as conn:
        r = track.rules(conn)
    return {"rules": {k: getattr(r, k) for k in r.__slots__}, "text": lights.describe(r)}


@router.get("/track/rules", include_in_schema=False)
def rules_page(request: Request):
    s = session_or_none(request)
    if s is None:
        return to_login(request)
    return _page(request, "track_rules.html", s, {**_rules(request), "can_edit": allowed(s.user, "rules")})


@router.get("/api/track/rules", tags=TAG)
def rules_api(request: Request, s: Session = Depends(viewer)):
    """The traffic-light rules in force, as numbers and as the sentences the pages show."""
    return _rules(request)


class RulesIn(BaseModel):
    values: dict[str, int]
    reason: str | None = None


@router.post("/api/track/rules", tags=TAG)
def rules_set_api(request: Request, body: RulesIn, s: Session = Depends(api_writer)):
    """Change light rules (supervisor, admin); every task's light is recomputed."""
    with http_errors():
        track.set_rules(engine_of(request), s.user, body.values, body.reason)
    return _rules(request)


@router.post("/track/rules", include_in_schema=False)
async def rules_form(request: Request):
    form = await request.form()
    s = form_writer(request, form.get("csrf_token"))
    values = {k: form[k] for k in lights.Rules.__slots__ if form.get(k) not in (None, "")}
    with http_errors():
        track.set_rules(engine_of(request), s.user, values, form.get("reason") or None)
    return RedirectResponse("/track/rules?msg=已更新", status_code=303)


# -- files out and in: bulletin and 任务分解表 ---------------------------------------------

@router.get("/track/bulletin.docx", tags=TAG)
def bulletin(request: Request, start: str, end: str, s: Session = Depends(viewer)):
    """督查通报 for the period start..end as a Word document."""
    import tempfile

    from ..bulletin import bulletin_data, write_bulletin
    with http_errors():
        data = bulletin_data(engine_of(request), _date(start, "start"), _date(end, "end"))
    with tempfile.NamedTemporaryFile(suffix=".docx") as tmp:
        write_bulletin(data, tmp.name)
        body = open(tmp.name, "rb").read()
    return Response(body, media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    headers={"Content-Disposition": f'attachment; filename="bulletin-{start}-{end}.docx"'})


@router.get("/track/taskbook.xlsx", tags=TAG)
def taskbook_export(request: Request, s: Session = Depends(viewer)):
    """The 任务分解表 as Excel, ready to fill in and import."""
    import tempfile

    from ..taskbook import export_taskbook
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as tmp:
        export_taskbook(engine_of(request), tmp.name)
        body = open(tmp.name, "rb").read()
    return Response(body, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": 'attachment; filename="taskbook.xlsx"'})


@router.post("/track/taskbook", include_in_schema=False)
def taskbook_import(request: Request, file: UploadFile = File(...), s: Session = Depends(form_writer)):
    import tempfile

    from ..taskbook import import_taskbook
    with http_errors():
        require(s.user, "import")
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as tmp:
            tmp.write(file.file.read(50 * 1024 * 1024))
            tmp.flush()
            result = import_taskbook(engine_of(request), s.user, tmp.name)
    return RedirectResponse(f"/track?msg={result.line()}", status_code=303)
