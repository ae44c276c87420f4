"""Pages for reconciling a plan with the next year's report (issue 7).

/reconcile lists the stored pairs (one government, consecutive years);
/reconcile/{plan}/{later} shows each target and task with its verdict, the
evidence highlighted in both texts, and a form to confirm or override the
verdict (kept with its history, luoshi/reconcile_store.py); a summary by area
heads the page. Anyone may read; confirming takes a supervisor's session and
its CSRF token (luoshi/web/track_session.py). Every page has a JSON twin under /api/ built by the same
function."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel

from ..auth import ROLE_LABELS, allowed
from ..reconcile_store import VERDICTS, reconcile_reports, record_verdict, report_pairs
from ..store import Store
from .common import render, store_of
from .track_session import Session, api_writer, form_writer, session_or_none

router = APIRouter()
NAV = [("对账", "/reconcile")]

LABELS = {"met": "达成", "not_met": "未达成", "not_reported": "未报告",
          "done": "已完成", "progress": "推进中", "not_mentioned": "未提及"}


# ------------------------------------------------------------------ views

def pairs_view(store: Store) -> dict:
    return {"pairs": report_pairs(store), "reports": store.reports()}


def highlight(text: str, start: int, end: int, spans: list[dict]) -> list[dict]:
    """text[start:end] cut into pieces, each either plain or one span (with its
    id and class). A span inside another is cut out within it (`parts`: an
    actual inside its evidence sentence); of two crossing spans the earlier wins."""
    pieces, pos, outer = [], start, None
    inner: list[dict] = []
    for s in sorted(spans, key=lambda s: (s["start"], -s["end"])):
        if s["start"] < start or s["end"] > end:
            continue
        if outer and s["start"] >= outer["start"] and s["end"] <= outer["end"]:
            inner.append(s)
            continue
        if s["start"] < pos:
            continue
        if outer:
            outer["parts"] = highlight(text, outer["start"], outer["end"], inner) if inner else None
        if s["start"] > pos:
            pieces.append({"text": text[pos:s["start"]]})
        outer, inner = {**s, "text": text[s["start"]:s["end"]]}, []
        pieces.append(outer)
        pos = s["end"]
    if outer:
        outer["parts"] = highlight(text, outer["start"], outer["end"], inner) if inner else None
    if pos < end:
        pieces.append({"text": text[pos:end]})
    return pieces


def _spans(result: dict) -> tuple[list[dict], list[dict]]:
    """Marks for the plan text (targets, tasks) and the later text (actuals, evidence)."""
    plan, later = [], []
    for i, t in enumerate(result["targets"]):
        plan.append({"start": t["plan_start"], "end": t["plan_end"], "id": f"pt{i}", "cls": "v-" + t["verdict"]})
        if t["actual_start"] is not None:
            later.append({"start": t["actual_start"], "end": t["actual_end"], "id": f"lt{i}",
                          "cls": "v-" + t["verdict"]})
    for i, k in enumerate(result["tasks"]):
        plan.append({"start": k["task_start"], "end": k["task_end"], "id": f"pk{i}", "cls": "v-" + k["verdict"]})
        if k["verdict"] != "not_mentioned" and k["evidence"]:
            e = k["evidence"][0]
            later.append({"start": e["start"], "end": e["end"], "id": f"lk{i}", "cls": "v-" + k["verdict"]})
    return plan, later


def pair_view(store: Store, plan_id: int, later_id: int, show: str = "all") -> dict:
    """One reconciliation with its decisions; `show` narrows the task list to
    one verdict (or `open`: not yet confirmed by a person)."""
    for rid in (plan_id, later_id):
        if store.report(rid) is None:
            raise HTTPException(404, f"没有编号为 {rid} 的报告")
    result = reconcile_reports(store, plan_id, later_id)
    for i, t in enumerate(result["targets"]):
        t["n"] = i
    for i, k in enumerate(result["tasks"]):
        k["n"] = i
    tasks = result["tasks"]
    if show == "open":
        tasks = [k for k in tasks if not k["confirmed"]]
    elif show in VERDICTS["task"]:
        tasks = [k for k in tasks if k["verdict"] == show]
    return {**result, "shown_tasks": tasks, "show": show}


def page_parts(data: dict) -> dict:
    """The highlighted texts, for the HTML page only."""
    p, l = data["plan"], data["later"]
    plan_marks, later_marks = _spans(data)
    return {"plan_pieces": highlight(p["text"], p["section_start"], p["section_end"], plan_marks),
            "later_pieces": highlight(l["text"], l["section_start"], l["section_end"], later_marks)}


def _without_texts(data: dict) -> dict:
    out = dict(data)
    out["plan"] = {k: v for k, v in data["plan"].items() if k != "text"}
    out["later"] = {k: v for k, v in data["later"].items() if k != "text"}
    out.pop("shown_tasks", None)
    return out


def _judge(session) -> str:
    """Judging delivery is the supervisors' call (the role that reviews)."""
    if not allowed(session.user, "review"):
        raise HTTPException(403, f"{ROLE_LABELS[session.user.role]}不能确认对账结论 (supervisors and admins may)")
    return session.user.username


# ----------------------------------------------------------------- routes

@router.get("/reconcile", include_in_schema=False)
def pairs_page(request: Request, store: Store = Depends(store_of)):
    return render(request, "reconcile_list.html", {**pairs_view(store), "labels": LABELS})


@router.get("/api/reconcile")
def pairs_api(store: Store = Depends(store_of)) -> dict:
    """Stored report pairs that can be reconciled."""
    return pairs_view(store)


@router.get("/reconcile/{plan_id}/{later_id}", include_in_schema=False)
def pair_page(request: Request, plan_id: int, later_id: int, show: str = "all",
              store: Store = Depends(store_of)):
    data = pair_view(store, plan_id, later_id, show)
    s = session_or_none(request)
    judge = s if s and allowed(s.user, "review") else None
    return render(request, "reconcile_pair.html", {**data, **page_parts(data), "labels": LABELS,
                                                     "verdicts": VERDICTS, "csrf": judge.csrf if judge else None,
                                                     "logged_in": s is not None})


@router.get("/api/reconcile/{plan_id}/{later_id}")
def pair_api(plan_id: int, later_id: int, store: Store = Depends(store_of)) -> dict:
    """Targets against actuals and tasks against evidence, with people's verdicts."""
    return _without_texts(pair_view(store, plan_id, later_id))


@router.post("/reconcile/{plan_id}/{later_id}/verdict", include_in_schema=False)
def verdict_form(plan_id: int, later_id: int, kind: str = Form(...), item: str = Form(...),
                 verdict: str = Form(...), note: str = Form(""), anchor: str = Form(""),
                 store: Store = Depends(store_of), s: Session = Depends(form_writer)):
    record_verdict(store, plan_id, later_id, kind, item, verdict, note, _judge(s))
    return RedirectResponse(f"/reconcile/{plan_id}/{later_id}#{anchor}", status_code=303)


class VerdictIn(BaseModel):
    kind: str
    item: str
    verdict: str
    note: str | None = None


@router.post("/api/reconcile/{plan_id}/{later_id}/verdict")
def verdict_api(plan_id: int, later_id: int, body: VerdictIn, store: Store = Depends(store_of),
                s: Session = Depends(api_writer)) -> dict:
    """Confirm or override one verdict (a supervisor, with X-CSRF-Token); the
    decision is appended to its history."""
    return record_verdict(store, plan_id, later_id, body.kind, body.item, body.verdict, body.note, _judge(s))
