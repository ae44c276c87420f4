"""Who may do what: password hashing, signed-cookie sessions, CSRF tokens,
login rate limiting and the role rules of the supervision workflow.

Everything here is checked on the server; the pages only hide what a role
cannot do, they never decide it.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeTimedSerializer

from .errors import LuoshiError


class Role(StrEnum):
    ADMIN = "admin"            # everything, including people and units
    SUPERVISOR = "supervisor"  # the 督查室: assigns, reviews, closes, sets rules
    MEMBER = "member"          # a unit's member: receives and reports on its unit's tasks
    VIEWER = "viewer"          # reads only


ROLE_LABELS = {Role.ADMIN: "管理员", Role.SUPERVISOR: "督查室", Role.MEMBER: "责任单位", Role.VIEWER: "只读"}


class AuthError(LuoshiError):
    """No valid session (HTTP 401)."""


class Forbidden(LuoshiError):
    """A valid session whose role may not do this (HTTP 403)."""


@dataclass(frozen=True, slots=True)
class User:
    id: int
    username: str
    role: Role
    unit_id: int | None = None
    unit: str | None = None
    display: str | None = None


# -- passwords -------------------------------------------------------------

# argon2id with the library's defaults (RFC 9106 low-memory profile).
_hasher = PasswordHasher()
MIN_PASSWORD = 8


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise LuoshiError(f"a password needs at least {MIN_PASSWORD} characters")
    return _hasher.hash(password)


def verify_password(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def password_stamp(stored_hash: str) -> str:
    """A short fingerprint of the hash kept in the session, so that changing a
    password ends every session opened with the old one."""
    return hashlib.sha256(stored_hash.encode()).hexdigest()[:16]


# -- sessions and CSRF -----------------------------------------------------

SESSION_COOKIE = "luoshi_session"
SESSION_MAX_AGE = 12 * 3600
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


def load_secret(path: Path | None = None) -> str:
    """The signing key: LUOSHI_SECRET, else a random key kept in a file with
    owner-only permissions beside the default database."""
    if os.environ.get("LUOSHI_SECRET"):
        return os.environ["LUOSHI_SECRET"]
    if path is None:
        from platformdirs import user_data_dir
        path = Path(user_data_dir("luoshi")) / "secret.key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(key)
    return key


class Sessions:
    """Signed, timestamped session cookies: {user id, password stamp, CSRF token}."""

    def __init__(self, secret: str, max_age: int = SESSION_MAX_AGE):
        self._signer = URLSafeTimedSerializer(secret, salt="luoshi-session")
        self._login = URLSafeTimedSerializer(secret, salt="luoshi-login")
        self.max_age = max_age

    def issue(self, user_id: int, stamp: str) -> tuple[str, str]:
        """A new cookie value and its CSRF token."""
        csrf = secrets.token_urlsafe(24)
        return self._signer.dumps({"u": user_id, "p": stamp, "c": csrf}), csrf

    def login_token(self, nonce: str) -> str:
        """The login form's CSRF token: the signed nonce also set as a cookie
        (there is no session yet to hold a token)."""
        return self._login.dumps(nonce)

    def login_token_ok(self, token: str | None, nonce: str | None) -> bool:
        try:
            return bool(token and nonce) and self._login.loads(token, max_age=3600) == nonce
        except BadSignature:
            return False

    def read(self, cookie: str | None) -> dict | None:
        """The session payload, or None when the cookie is absent, forged or expired."""
        if not cookie:
            return None
        try:
            data = self._signer.loads(cookie, max_age=self.max_age)
        except BadSignature:
            return None
        return data if isinstance(data, dict) and {"u", "p", "c"} <= data.keys() else None


def csrf_ok(session: dict, token: str | None) -> bool:
    return bool(token) and hmac.compare_digest(session["c"], token)


# -- failed-login rate limiting --------------------------------------------

class LoginLimiter:
    """At most `limit` failed logins per key (user name, client address) within
    `window` seconds; further attempts are refused until the window passes."""

    def __init__(self, limit: int = 5, window: float = 300.0, clock=time.monotonic):
        self.limit, self.window, self.clock = limit, window, clock
        self._fails: dict[str, deque] = defaultdict(deque)
        self._lock = threading.Lock()

    def blocked(self, *keys: str) -> bool:
        with self._lock:
            return any(len(self._recent(k)) >= self.limit for k in keys)

    def failed(self, *keys: str) -> None:
        with self._lock:
            for k in keys:
                self._recent(k).append(self.clock())

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for k in keys:
                self._fails.pop(k, None)

    def _recent(self, key: str) -> deque:
        q = self._fails[key]
        while q and q[0] <= self.clock() - self.window:
            q.popleft()
        return q


# -- the role rules --------------------------------------------------------

# Actions that do not depend on which task: who may do them at all.
_GLOBAL = {
    "view": set(Role),
    "assign": {Role.ADMIN, Role.SUPERVISOR},
    "review": {Role.ADMIN, Role.SUPERVISOR},
    "rules": {Role.ADMIN, Role.SUPERVISOR},
    "remind": {Role.ADMIN, Role.SUPERVISOR},
    "import": {Role.ADMIN, Role.SUPERVISOR},
    "people": {Role.ADMIN},
}
# Actions a unit member may do on the tasks its unit leads.
_UNIT_ACTIONS = {"receive", "report"}


def allowed(user: User, action: str, lead_unit_id: int | None = None) -> bool:
    """May `user` do `action` (on a task whose lead unit is `lead_unit_id`)?"""
    if action in _UNIT_ACTIONS:
        if user.role in (Role.ADMIN, Role.SUPERVISOR):
            return True
        return user.role is Role.MEMBER and user.unit_id is not None and user.unit_id == lead_unit_id
    return user.role in _GLOBAL.get(action, set())


def require(user: User | None, action: str, lead_unit_id: int | None = None) -> User:
    """The user, or AuthError when nobody is logged in, Forbidden when the role may not."""
    if user is None:
        raise AuthError("please log in")
    if not allowed(user, action, lead_unit_id):
        raise Forbidden(f"{ROLE_LABELS[user.role]} may not {action} this task")
    return user
