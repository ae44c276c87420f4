"""What every router of the web app shares: the templates, the store of the
running app, and one way to render a page. Import from here, not from app.py
(app.py imports the routers)."""
from __future__ import annotations

from pathlib import Path

from urllib.parse import urlencode

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context

from ..store import Store

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=HERE / "templates")

STRENGTH_LABELS = {"must": "确保", "aim": "力争", "explore": "探索", "do": "推进"}
KIND_LABELS = {"actual": "实际", "target": "目标", "plan": "计划", "growth": "增速", "rank": "排名"}
ROLE_LABELS = {"review": "回顾", "plan": "安排", "other": "其他"}
QUALIFIER_LABELS = {"approx": "约", "over": "以上", "under": "以内", "range": "区间"}
ENTITY_LABELS = {"ORG": "机构", "GOV": "政府部门", "PLACE": "地点", "PROJECT": "项目", "POLICY": "政策"}
templates.env.globals.update(strength_labels=STRENGTH_LABELS, kind_labels=KIND_LABELS, role_labels=ROLE_LABELS,
                             qualifier_labels=QUALIFIER_LABELS, entity_labels=ENTITY_LABELS)


def chinese_number(v: float | None) -> str:
    """670亿, 1.64万, 6.5: figures as a Chinese reader writes them."""
    if v is None:
        return ""
    for scale, word in ((1e12, "万亿"), (1e8, "亿"), (1e4, "万")):
        if abs(v) >= scale:
            return f"{v / scale:,.4g}{word}"
    return f"{v:,.4f}".rstrip("0").rstrip(".")


templates.env.filters["cn"] = chinese_number


@pass_context
def query(ctx, **changes) -> str:
    """The current page's query string with some parameters changed (empty drops one)."""
    params = {**ctx["request"].query_params, **{k: str(v) for k, v in changes.items()}}
    return urlencode({k: v for k, v in params.items() if v not in ("", "None")})


templates.env.globals["query"] = query


def store_of(request: Request) -> Store:
    """The store the running app was created with (a FastAPI dependency)."""
    return request.app.state.store


def render(request: Request, template: str, data: dict, status_code: int = 200):
    """A page: the template gets the view's dict as `data` (and its keys)."""
    return templates.TemplateResponse(request, template, {**data, "data": data}, status_code=status_code)
