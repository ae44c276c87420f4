"""The indicator panel over the database: government × year × metric rows
(issue 8's panel, as a page and as JSON), built by luoshi.panel from the
stored quantities, so a batch output and the web app give the same rows."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from ..db_schema import governments, quantities, reports
from ..batch import government_level
from ..panel import panel_rows
from ..store import Store
from .common import render, store_of

router = APIRouter()
NAV = [("面板", "/panel")]
StoreDep = Annotated[Store, Depends(store_of)]
Metric = Annotated[str | None, Query(max_length=100, description="a metric; synonyms count (GDP = 地区生产总值)")]


def panel_view(store: Store, metric: str | None = None) -> dict:
    """Panel rows for one metric (or all), and the series a chart draws."""
    metric = metric or None
    doc_cols = (reports.c.sha256, governments.c.name.label("government"), reports.c.year,
                reports.c.review_year, reports.c.plan_year)
    q_cols = (reports.c.sha256, quantities.c.start, quantities.c.end, quantities.c.text, quantities.c.value,
              quantities.c.unit, quantities.c.metric, quantities.c.kind, quantities.c.period,
              quantities.c.firmness)
    with store.engine.connect() as conn:
        docs = [dict(r._mapping) for r in conn.execute(select(*doc_cols).select_from(reports.join(governments)))]
        qs = [dict(r._mapping) for r in conn.execute(
            select(*q_cols).select_from(quantities.join(reports)).where(quantities.c.metric.is_not(None)))]
    for d in docs:
        d["level"] = government_level(d["government"])
    rows = panel_rows(docs, qs, metric)
    return {"metric": metric, "rows": rows, "chart": _chart(rows) if metric else None}


def _chart(rows: list[dict]) -> dict:
    """One line per government over the years: actual values and growth rates."""
    years = sorted({r["year"] for r in rows if r["year"]})
    govs = sorted({r["government"] or "" for r in rows})
    by = {(r["government"] or "", r["year"]): r for r in rows}
    def series(field):
        return [{"name": g, "data": [by.get((g, y), {}).get(field) for y in years]} for g in govs]
    return {"years": years, "actual": series("actual"), "growth": series("growth")}


@router.get("/panel", response_class=HTMLResponse, include_in_schema=False)
def panel_page(request: Request, store: StoreDep, metric: Metric = None):
    return render(request, "panel.html", panel_view(store, metric))


@router.get("/api/panel", tags=["indicators"],
            summary="Government × year × metric rows: actual, growth, target and its firmness, with sources")
def panel_api(store: StoreDep, metric: Metric = None) -> dict:
    return panel_view(store, metric)
