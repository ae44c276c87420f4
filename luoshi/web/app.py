"""The web application: `create_app(db_url=None)` returns a FastAPI app over
a `Store` (luoshi/store.py).

To add pages: write a module in luoshi/web/ with `router = APIRouter()` (and
optionally `NAV = [("督办", "/track")]` for the top navigation), add its
dotted name to ROUTERS below, and put its templates in web/templates/ as
`{% extends "base.html" %}` filling `{% block title %}` and
`{% block content %}`. A page and its JSON twin under /api/ call the same
function that builds the dict (see pages.py and views.py); render with
`luoshi.web.common.render(request, "x.html", data)`; get the store with
`Depends(luoshi.web.common.store_of)`.
"""
from __future__ import annotations

import importlib

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from ..errors import LuoshiError
from ..store import Store
from .common import HERE, render

ROUTERS = (
    "luoshi.web.pages",             # reports, report view, indicators, tasks, search, export, upload
    "luoshi.web.track_routes",      # the supervision workflow (issue 6)
    "luoshi.web.reconcile_routes",  # a plan against the next year's report (issue 7)
    "luoshi.web.panel_routes",      # government × year × metric panel (issue 8)
)


def create_app(db_url: str | None = None, *, store: Store | None = None,
               routers: tuple[str, ...] = ROUTERS) -> FastAPI:
    """The app over the database at `db_url` (default: LUOSHI_DB or the user data dir)."""
    store = store or Store.open(db_url)
    app = FastAPI(title="luoshi 落实", summary="Government work reports as structured, tracked data",
                  version="0.1.0", docs_url=None, redoc_url=None)
    app.state.store = store
    app.state.nav = []
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for name in routers:
        module = importlib.import_module(name)
        app.include_router(module.router)
        app.state.nav.extend(getattr(module, "NAV", []))
    _error_pages(app)
    _docs(app)
    _upload_cap(app)
    return app


UPLOAD_PATHS = ("/reports", "/api/reports")


def _upload_cap(app: FastAPI) -> None:
    """Refuse an oversized report upload from its Content-Length, before the
    body is received and spooled to disk."""
    from . import views

    @app.middleware("http")
    async def cap(request: Request, call_next):
        size = request.headers.get("content-length", "")
        if request.method == "POST" and request.url.path in UPLOAD_PATHS and size.isdigit() \
                and int(size) > views.MAX_UPLOAD_BYTES + 64 * 1024:       # room for the form's other fields
            return _error(request, 413, f"文件超过上传上限 {views.max_upload_mb()} MB")
        return await call_next(request)


def _docs(app: FastAPI) -> None:
    """Swagger UI from the app's own static files: FastAPI's default loads it from a CDN."""
    @app.get("/docs", include_in_schema=False)
    def docs():
        return get_swagger_ui_html(openapi_url=app.openapi_url, title="luoshi API",
                                   swagger_js_url="/static/swagger-ui-bundle.js",
                                   swagger_css_url="/static/swagger-ui.css",
                                   swagger_favicon_url="/static/swagger-favicon.png")


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "")


def _error_pages(app: FastAPI) -> None:
    """Errors as one line: JSON for the API, a page for people."""
    @app.exception_handler(LuoshiError)
    async def luoshi_error(request: Request, err: LuoshiError):
        return _error(request, 400, str(err))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, err: HTTPException):
        return _error(request, err.status_code, str(err.detail))


def _error(request: Request, status: int, message: str):
    if _wants_json(request):
        return JSONResponse({"error": message}, status_code=status)
    return render(request, "error.html", {"status": status, "error": message}, status_code=status)
