"""Shared set-up for the supervision tests: a database on SQLite (a fresh
file per test) or on the real PostgreSQL (one uniquely named database per
session, emptied before each test, dropped at the end), a report's tasks,
units and one user per role. Test modules import the fixtures by name."""
from __future__ import annotations

import functools
import os
import uuid
from datetime import datetime

import pytest
from sqlalchemy import create_engine, insert, text

from luoshi import people
from luoshi.auth import Role
from luoshi.db_schema import governments, reports, tasks
from luoshi.store import Store
from luoshi.track_tables import units, users

PG_SERVER = os.environ.get("LUOSHI_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")
PASSWORD = "secret-pass-1"
UNITS = ("区发展改革委", "区教委", "区财政局")
USERS = (("admin", Role.ADMIN, None), ("sup", Role.SUPERVISOR, None), ("fgw", Role.MEMBER, "区发展改革委"),
         ("jw", Role.MEMBER, "区教委"), ("viewer", Role.VIEWER, None))


@pytest.fixture(scope="session")
def pg_url():
    """A fresh database on the local PostgreSQL, migrated; skips (fails in CI) without a server."""
    try:
        admin = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text("select 1"))
    except Exception as err:    # no server: say which, skip locally, fail in CI
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL must run in CI: {err}")
        pytest.skip(f"no PostgreSQL at {PG_SERVER}")
    name = f"luoshi_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = f"{PG_SERVER}/{name}"
    Store.open(url).close()
    try:
        yield url
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def open_store(kind: str, tmp_path, request) -> Store:
    """An empty, migrated store of `kind` (sqlite / postgresql)."""
    if kind == "sqlite":
        return Store.open(f"sqlite:///{tmp_path / 'luoshi.db'}")
    store = Store.open(request.getfixturevalue("pg_url"))
    with store.engine.begin() as c:
        names = c.execute(text("select tablename from pg_tables where schemaname = 'public' "
                               "and tablename <> 'alembic_version'")).scalars().all()
        c.execute(text("TRUNCATE " + ", ".join(f'"{n}"' for n in names) + " RESTART IDENTITY CASCADE"))
    return store


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path):
    """(engine, task ids) of a seeded store on each database."""
    store = open_store(request.param, tmp_path, request)
    ids = seed(store.engine)
    yield store.engine, ids
    store.close()


@functools.cache
def _password_hash() -> str:
    """argon2 is slow on purpose; the test accounts get a cheap argon2id hash
    (verification reads the cost from the hash), the code under test is unchanged."""
    from argon2 import PasswordHasher
    return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)


def seed(engine, n_tasks: int = 6, plan_year: int = 2021) -> list[str]:
    """A report with `n_tasks` tasks, the units and the users; returns the task ids."""
    deadlines = (None, "上半年", "年内", None, "9月底前", None)
    ids = [f"t{i:05d}" for i in range(n_tasks)]
    now = datetime(2021, 1, 1)
    with engine.begin() as c:
        c.execute(insert(governments).values(id=1, name="东城区", created_at=now))
        c.execute(insert(reports).values(id=1, government_id=1, year=plan_year, format="txt", sha256="0" * 64,
                                         chars=0, text="", ingested_at=now, updated_at=now))
        c.execute(insert(tasks), [
            {"id": tid, "report_id": 1, "ord": i, "start": 0, "end": 0, "text": f"推进第{i}项重点工作",
             "area": ("经济", "民生", "城市")[i % 3], "strength": "do", "deadline": deadlines[i % 6],
             "due": f"{plan_year}-09-30" if i % 6 == 4 else None, "targets": '["5%"]' if i % 2 else "[]"}
            for i, tid in enumerate(ids)])
    seed_people(engine)
    return ids


def seed_people(engine) -> None:
    """The units and one account per role."""
    now = datetime(2021, 1, 1)
    with engine.begin() as c:
        unit_ids = {}
        for name in UNITS:
            unit_ids[name] = c.execute(insert(units).values(name=name, created_at=now)).inserted_primary_key[0]
        c.execute(insert(users), [
            {"username": name, "password_hash": _password_hash(), "role": role.value,
             "unit_id": unit_ids.get(unit), "active": True, "created_at": now} for name, role, unit in USERS])


def user(engine, name: str):
    """The account as a session would load it (without argon2's deliberate slowness)."""
    from sqlalchemy import select
    from luoshi.auth import password_stamp
    with engine.connect() as c:
        uid = c.execute(select(users.c.id).where(users.c.username == name)).scalar_one()
    return people.load_user(engine, uid, password_stamp(_password_hash()))


def free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """The app served by uvicorn on a free loopback port, in a thread."""

    def __init__(self, app):
        import threading
        import time

        import uvicorn
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def make_app(engine, tmp_path):
    """The web app over `engine` with a fixed signing key and attachments under tmp_path."""
    from luoshi.attachments import FileStore
    from luoshi.auth import LoginLimiter, Sessions
    from luoshi.store import Store
    from luoshi.web.app import create_app
    from luoshi.web.track_session import TrackState
    app = create_app(store=Store(engine))
    app.state.track = TrackState(Sessions("test-secret-" * 4), LoginLimiter(), FileStore(tmp_path / "files"))
    return app


def api_client(app, name: str, password: str = PASSWORD):
    """A TestClient logged in through the API as `name`, sending its CSRF token."""
    from fastapi.testclient import TestClient
    client = TestClient(app)
    r = client.post("/api/track/login", json={"username": name, "password": password})
    assert r.status_code == 200, r.text
    client.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    return client
