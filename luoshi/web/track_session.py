"""Sessions for the supervision pages and API: login and logout, the signed
session cookie, CSRF checks and the failed-login limiter.

Pages post forms carrying `csrf_token`; API clients send the token from
POST /api/track/login in the `X-CSRF-Token` header. Without a session a
request gets 401 (a page GET is sent to the login form instead); with a
session but a wrong token, 403.
"""
from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Header, Request
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import BaseModel
from sqlalchemy.engine import make_url
from starlette.exceptions import HTTPException

from .. import people, track
from ..attachments import FileStore
from ..auth import CSRF_HEADER, ROLE_LABELS, SESSION_COOKIE, LoginLimiter, Sessions, User, csrf_ok, load_secret
from .common import render

router = APIRouter()
LOGIN_NONCE = "luoshi_login"


@dataclass
class TrackState:
    """What the workflow keeps per app: signer, limiter, attachment store, daily pass."""
    sessions: Sessions
    limiter: LoginLimiter
    files: FileStore
    today: object = date.today            # tests may pin the calendar
    last_pass: date | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    secure_cookies: bool = False


_init_lock = threading.Lock()


def state(request: Request) -> TrackState:
    app = request.app
    with _init_lock:
        if getattr(app.state, "track", None) is None:
            app.state.track = TrackState(Sessions(load_secret()), LoginLimiter(), FileStore(_files_dir(app)))
    return app.state.track


def _files_dir(app) -> Path:
    """Attachments beside a SQLite file, else in the user data directory."""
    import os
    if os.environ.get("LUOSHI_FILES"):
        return Path(os.environ["LUOSHI_FILES"])
    url = make_url(app.state.store.url or "sqlite://")
    if url.get_backend_name() == "sqlite" and url.database:
        return Path(url.database + ".files")
    from platformdirs import user_data_dir
    return Path(user_data_dir("luoshi")) / "attachments"


def engine_of(request: Request):
    return request.app.state.store.engine


def today_of(request: Request) -> date:
    """Today, after the daily recompute of lights has run once for it."""
    st = state(request)
    today = st.today()
    if st.last_pass != today:
        with st.lock:
            if st.last_pass != today:
                track.recompute(engine_of(request), today)
                st.last_pass = today
    return today


@dataclass(frozen=True, slots=True)
class Session:
    user: User
    csrf: str


def session_or_none(request: Request) -> Session | None:
    data = state(request).sessions.read(request.cookies.get(SESSION_COOKIE))
    if data is None:
        return None
    user = people.load_user(engine_of(request), data["u"], data["p"])
    return Session(user, data["c"]) if user else None


def viewer(request: Request) -> Session:
    """Any logged-in user; 401 otherwise."""
    s = session_or_none(request)
    if s is None:
        raise HTTPException(401, "请先登录 (login required)")
    return s


def to_login(request: Request) -> RedirectResponse:
    """Where a page GET without a session goes: the login form, then back."""
    target = quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
    return RedirectResponse(f"/login?next={target}", status_code=303)


def form_writer(request: Request, csrf_token: str | None = Form(None)) -> Session:
    """A logged-in user posting a page form with the right CSRF token."""
    s = viewer(request)
    if not csrf_ok({"c": s.csrf}, csrf_token):
        raise HTTPException(403, "CSRF token missing or wrong: reload the page and try again")
    return s


def api_writer(request: Request, x_csrf_token: str | None = Header(None)) -> Session:
    """A logged-in API client sending the session's CSRF token in X-CSRF-Token."""
    s = viewer(request)
    if not csrf_ok({"c": s.csrf}, x_csrf_token):
        raise HTTPException(403, f"CSRF token missing or wrong: send the login's csrf_token as {CSRF_HEADER}")
    return s


def user_info(user: User) -> dict:
    return {"id": user.id, "username": user.username, "role": user.role.value,
            "role_label": ROLE_LABELS[user.role], "unit": user.unit, "unit_id": user.unit_id}


# -- login and logout --------------------------------------------------------

@router.get("/login", include_in_schema=False)
def login_page(request: Request, next: str = "/track", error: str | None = None, status: int = 200):
    nonce = secrets.token_urlsafe(16)
    page = render(request, "track_login.html",
                  {"next": _safe_next(next), "error": error, "login_token": state(request).sessions.login_token(nonce)},
                  status_code=status)
    page.set_cookie(LOGIN_NONCE, nonce, httponly=True, samesite="strict", max_age=3600)
    return page


@router.post("/login", include_in_schema=False)
def login_form(request: Request, username: str = Form(...), password: str = Form(...),
               login_token: str = Form(""), next: str = Form("/track")):
    if not state(request).sessions.login_token_ok(login_token, request.cookies.get(LOGIN_NONCE)):
        return login_page(request, next, "登录页面已过期，请重试 (CSRF token missing or wrong)", 403)
    result, status = _authenticate(request, username, password)
    if result is None:
        return login_page(request, next, status[1], status[0])
    response = RedirectResponse(_safe_next(next), status_code=303)
    _set_session(request, response, _issue(request, *result)[0])
    response.delete_cookie(LOGIN_NONCE)
    return response


class LoginIn(BaseModel):
    username: str
    password: str


@router.post("/api/track/login", tags=["督办"])
def login_api(request: Request, body: LoginIn):
    """Log in; the response carries the CSRF token to send as X-CSRF-Token on every write."""
    result, (status, message) = _authenticate(request, body.username, body.password)
    if result is None:
        return JSONResponse({"error": message}, status_code=status)
    cookie, csrf = _issue(request, *result)
    response = JSONResponse({"user": user_info(result[0]), "csrf_token": csrf})
    _set_session(request, response, cookie)
    return response


def _authenticate(request: Request, username: str, password: str):
    """((user, stamp), _) or (None, (status, message)), with failures rate-limited."""
    st = state(request)
    keys = (f"user:{username}", f"addr:{request.client.host if request.client else '?'}")
    if st.limiter.blocked(*keys):
        return None, (429, "登录失败次数过多，请稍后再试 (too many failed logins, try again later)")
    result = people.authenticate(engine_of(request), username, password)
    if result is None:
        st.limiter.failed(*keys)
        return None, (401, "用户名或密码错误 (wrong user name or password)")
    st.limiter.succeeded(keys[0])
    return result, (200, "")


def _issue(request: Request, user: User, stamp: str) -> tuple[str, str]:
    return state(request).sessions.issue(user.id, stamp)


def _set_session(request: Request, response, cookie: str) -> None:
    st = state(request)
    response.set_cookie(SESSION_COOKIE, cookie, max_age=st.sessions.max_age, httponly=True, samesite="lax",
                        secure=st.secure_cookies)


@router.post("/logout", include_in_schema=False)
def logout_form(s: Session = Depends(form_writer)):
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.post("/api/track/logout", tags=["督办"])
def logout_api(s: Session = Depends(api_writer)):
    response = JSONResponse({"ok": True})
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/api/track/me", tags=["督办"])
def me(s: Session = Depends(viewer)):
    return {"user": user_info(s.user), "csrf_token": s.csrf}


def _safe_next(target: str) -> str:
    """Only a local path: never redirect a login to another site."""
    local = target.startswith("/") and not target.startswith(("//", "/\\")) and "\\" not in target
    return target if local else "/track"

