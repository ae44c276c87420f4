"""Units (责任单位) and user accounts in the database: set-up from the CLI,
login from the web. Every change here is also written to `history`."""
from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from .auth import Role, User, hash_password, password_stamp, verify_password
from .errors import LuoshiError
from .track_tables import history, units, users


def now() -> datetime:
    """Naive UTC, stored the same way on SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)


def log(conn: Connection, actor: User | None, action: str, changes: dict, *, reason: str | None = None,
        assignment_id: int | None = None, task_id: str | None = None) -> None:
    """Append one history row. The only way anything in the workflow is recorded."""
    conn.execute(insert(history).values(
        assignment_id=assignment_id, task_id=task_id, user_id=actor.id if actor else None,
        username=actor.username if actor else "system", at=now(), action=action,
        changes=json.dumps(changes, ensure_ascii=False, default=str), reason=reason))


# -- units ------------------------------------------------------------------

def add_unit(engine: Engine, name: str, actor: User | None = None) -> int:
    name = name.strip()
    if not name:
        raise LuoshiError("a unit needs a name")
    try:
        with engine.begin() as conn:
            uid = conn.execute(insert(units).values(name=name, created_at=now())).inserted_primary_key[0]
            log(conn, actor, "unit.add", {"name": [None, name]})
    except IntegrityError:
        raise LuoshiError(f"unit {name!r} already exists") from None
    return uid


def list_units(engine: Engine) -> list[dict]:
    with engine.connect() as conn:
        counts = dict(conn.execute(select(users.c.unit_id, func.count()).group_by(users.c.unit_id)).all())
        rows = conn.execute(select(units.c.id, units.c.name).order_by(units.c.name)).mappings().all()
    return [{"id": r["id"], "name": r["name"], "members": counts.get(r["id"], 0)} for r in rows]


def unit_ids(conn: Connection) -> dict[str, int]:
    """Unit name → id, for resolving names typed in forms and spreadsheets."""
    return {name: uid for uid, name in conn.execute(select(units.c.id, units.c.name))}


# -- users ------------------------------------------------------------------

def add_user(engine: Engine, username: str, password: str, role: str, *, unit: str | None = None,
             display: str | None = None, email: str | None = None, actor: User | None = None) -> int:
    role = _role(role)
    username = username.strip()
    if not username:
        raise LuoshiError("a user needs a name")
    with engine.begin() as conn:
        unit_id = _unit_for(conn, role, unit)
        try:
            uid = conn.execute(insert(users).values(
                username=username, display=display, password_hash=hash_password(password), role=role.value,
                unit_id=unit_id, email=email, active=True, created_at=now())).inserted_primary_key[0]
        except IntegrityError:
            raise LuoshiError(f"user {username!r} already exists") from None
        log(conn, actor, "user.add", {"username": [None, username], "role": [None, role.value],
                                      "unit": [None, unit]})
    return uid


def set_password(engine: Engine, username: str, password: str, actor: User | None = None) -> None:
    digest = hash_password(password)
    with engine.begin() as conn:
        done = conn.execute(update(users).where(users.c.username == username).values(password_hash=digest))
        if done.rowcount != 1:
            raise LuoshiError(f"no user {username!r}")
        log(conn, actor, "user.passwd", {"username": [username, username]})


def list_users(engine: Engine) -> list[dict]:
    q = (select(users.c.id, users.c.username, users.c.display, users.c.role, users.c.email,
                users.c.active, units.c.name.label("unit"))
         .select_from(users.outerjoin(units, users.c.unit_id == units.c.id)).order_by(users.c.username))
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(q).mappings()]


def authenticate(engine: Engine, username: str, password: str) -> tuple[User, str] | None:
    """The user and their password stamp when the password is right, else None."""
    row = _user_row(engine, users.c.username == username)
    if row is None or not row["active"] or not verify_password(row["password_hash"], password):
        return None
    return _user(row), password_stamp(row["password_hash"])


def account(engine: Engine, username: str | None) -> User:
    """The active account USERNAME, for commands that act on someone's behalf."""
    if not username:
        raise LuoshiError("say whose name the change is made under (--by USERNAME)")
    row = _user_row(engine, users.c.username == username)
    if row is None or not row["active"]:
        raise LuoshiError(f"no active user {username!r}")
    return _user(row)


def load_user(engine: Engine, user_id: int, stamp: str) -> User | None:
    """The user a session names, unless the account is gone, disabled or its password changed."""
    row = _user_row(engine, users.c.id == user_id)
    if row is None or not row["active"] or password_stamp(row["password_hash"]) != stamp:
        return None
    return _user(row)


def _user_row(engine: Engine, where) -> dict | None:
    q = (select(users, units.c.name.label("unit"))
         .select_from(users.outerjoin(units, users.c.unit_id == units.c.id)).where(where))
    with engine.connect() as conn:
        row = conn.execute(q).mappings().first()
    return dict(row) if row else None


def _user(row: dict) -> User:
    return User(id=row["id"], username=row["username"], role=Role(row["role"]), unit_id=row["unit_id"],
                unit=row["unit"], display=row["display"])


def _role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise LuoshiError(f"unknown role {role!r} (one of: {', '.join(r.value for r in Role)})") from None


def _unit_for(conn: Connection, role: Role, unit: str | None) -> int | None:
    if role is Role.MEMBER and not unit:
        raise LuoshiError("a unit member needs --unit")
    if not unit:
        return None
    uid = unit_ids(conn).get(unit)
    if uid is None:
        raise LuoshiError(f"no unit {unit!r}: add it first with `luoshi unit add`")
    return uid
