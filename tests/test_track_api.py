"""The workflow's HTTP API for every role, and every forbidden action answered
401/403 with nothing changed — on SQLite and PostgreSQL."""
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from luoshi.auth import Sessions
from luoshi.track_tables import assignments, history, light_rules, progress
from trackkit import PASSWORD, api_client, db, make_app, pg_url  # noqa: F401 (fixtures)


@pytest.fixture
def app(db, tmp_path):
    engine, ids = db
    return make_app(engine, tmp_path), engine, ids


def login(app, name):
    return api_client(app, name, PASSWORD)


def snapshot(engine):
    with engine.connect() as c:
        return (c.execute(select(func.count()).select_from(history)).scalar_one(),
                c.execute(select(func.count()).select_from(progress)).scalar_one(),
                c.execute(select(func.count()).select_from(light_rules)).scalar_one(),
                tuple(c.execute(select(assignments.c.task_id, assignments.c.version, assignments.c.lead_unit_id)
                                .order_by(assignments.c.task_id)).all()))


@pytest.fixture
def world(app):
    """Task 0 led by 区发展改革委 (fgw) with one pending report; task 1 led by 区教委 (jw)."""
    app, engine, ids = app
    sup = login(app, "sup")
    assert sup.post(f"/api/track/tasks/{ids[0]}/assign", json={"lead_unit": "区发展改革委"}).status_code == 200
    assert sup.post(f"/api/track/tasks/{ids[1]}/assign", json={"lead_unit": "区教委"}).status_code == 200
    fgw = login(app, "fgw")
    r = fgw.post(f"/api/track/tasks/{ids[0]}/progress", json={"version": 1, "text": "开工", "percent": 30})
    assert r.status_code == 201, r.text
    return app, engine, ids, r.json()["report_id"]


# (who, method, path template, json): every one must be refused and change nothing
FORBIDDEN = [
    ("jw", "post", "/api/track/tasks/{t0}/progress", {"version": 2, "text": "越权报送"}),
    ("jw", "post", "/api/track/tasks/{t0}/receive", {"version": 2}),
    ("fgw", "post", "/api/track/tasks/{t1}/progress", {"version": 1, "text": "越权报送"}),
    ("fgw", "post", "/api/track/tasks/{t0}/assign", {"lead_unit": "区教委", "version": 2}),
    ("fgw", "post", "/api/track/reports/{rid}/review", {"version": 2, "accept": True}),
    ("fgw", "post", "/api/track/tasks/{t0}/close", {"version": 2, "verdict": "完成"}),
    ("fgw", "post", "/api/track/rules", {"values": {"red_behind": 50}}),
    ("viewer", "post", "/api/track/tasks/{t0}/progress", {"version": 2, "text": "只读用户报送"}),
    ("viewer", "post", "/api/track/tasks/{t0}/assign", {"lead_unit": "区教委", "version": 2}),
    ("viewer", "post", "/api/track/reports/{rid}/review", {"version": 2, "accept": True}),
    ("viewer", "post", "/api/track/tasks/{t0}/close", {"version": 2, "verdict": "完成"}),
    ("viewer", "post", "/api/track/rules", {"values": {"red_behind": 50}}),
    ("sup", "post", "/api/track/tasks/{t2}/assign", {"lead_unit": "区教委"}),   # allowed for sup: see below
]


def _call(client, method, path, body, ids, rid):
    url = path.format(t0=ids[0], t1=ids[1], t2=ids[2], rid=rid)
    return getattr(client, method)(url, json=body)


@pytest.mark.parametrize("who, method, path, body", [f for f in FORBIDDEN if f[0] != "sup"])
def test_track_api_forbidden_role_actions(world, who, method, path, body):
    app, engine, ids, rid = world
    before = snapshot(engine)
    r = _call(login(app, who), method, path, body, ids, rid)
    assert r.status_code == 403, r.text
    assert "error" in r.json()
    assert snapshot(engine) == before


@pytest.mark.parametrize("who, method, path, body", FORBIDDEN)
def test_track_api_without_session_is_401(world, who, method, path, body):
    app, engine, ids, rid = world
    before = snapshot(engine)
    r = _call(TestClient(app), method, path, body, ids, rid)
    assert r.status_code == 401
    assert snapshot(engine) == before


@pytest.mark.parametrize("token", [None, "", "forged-token", "x" * 32])
def test_track_api_forged_csrf_is_403(world, token):
    app, engine, ids, rid = world
    before = snapshot(engine)
    client = login(app, "sup")
    if token is None:
        del client.headers["X-CSRF-Token"]
    else:
        client.headers["X-CSRF-Token"] = token
    for path, body in ((f"/api/track/tasks/{ids[2]}/assign", {"lead_unit": "区教委"}),
                       (f"/api/track/reports/{rid}/review", {"version": 2, "accept": True})):
        assert client.post(path, json=body).status_code == 403
    assert snapshot(engine) == before


def test_track_api_forged_or_foreign_session_cookie_is_401(world):
    app, engine, ids, rid = world
    before = snapshot(engine)
    sup = login(app, "sup")
    other = Sessions("another-secret-" * 4)
    cookie, csrf = other.issue(2, "whatever")
    for value in (cookie, sup.cookies.get("luoshi_session") + "x"):
        c = TestClient(app)
        c.cookies.set("luoshi_session", value)
        c.headers["X-CSRF-Token"] = csrf
        assert c.post(f"/api/track/tasks/{ids[2]}/assign", json={"lead_unit": "区教委"}).status_code == 401
        assert c.get("/api/track/tasks").status_code == 401
    assert snapshot(engine) == before


def test_track_api_each_role_can_do_its_part(world):
    app, engine, ids, rid = world
    viewer = login(app, "viewer")
    assert viewer.get("/api/track/tasks").json()["total"] == len(ids)
    assert viewer.get(f"/api/track/tasks/{ids[0]}").json()["can"] == {
        "assign": False, "receive": False, "report": False, "review": False}
    jw = login(app, "jw")
    assert jw.post(f"/api/track/tasks/{ids[1]}/receive", json={"version": 1}).status_code == 200
    sup = login(app, "sup")
    r = sup.post(f"/api/track/reports/{rid}/review", json={"version": 2, "accept": True})
    assert r.status_code == 200 and r.json()["percent"] == 30
    assert sup.post("/api/track/rules", json={"values": {"red_behind": 25}, "reason": "试行"}).status_code == 200
    admin = login(app, "admin")
    version = admin.get(f"/api/track/tasks/{ids[0]}").json()["assignment"]["version"]
    r = admin.post(f"/api/track/tasks/{ids[0]}/close", json={"version": version, "verdict": "完成", "reason": "核验"})
    assert r.status_code == 200 and r.json()["process"] == "已完成" and r.json()["light"] == "green"
    actions = [h["action"] for h in viewer.get(f"/api/track/tasks/{ids[0]}").json()["history"]]
    assert [a for a in actions if a != "recompute"] == ["close", "accept", "progress", "assign"]


def test_track_api_stale_version_is_409(world):
    app, engine, ids, rid = world
    before = snapshot(engine)
    r = login(app, "fgw").post(f"/api/track/tasks/{ids[0]}/progress", json={"version": 1, "text": "旧版本"})
    assert r.status_code == 409 and "刷新" in r.json()["error"]
    assert snapshot(engine) == before


def test_track_login_is_rate_limited(app):
    app, engine, ids = app
    c = TestClient(app)
    codes = [c.post("/api/track/login", json={"username": "sup", "password": "wrong-password"}).status_code
             for _ in range(6)]
    assert codes == [401] * 5 + [429]
    assert c.post("/api/track/login", json={"username": "sup", "password": PASSWORD}).status_code == 429


def test_track_pages_need_login_and_page_forms_check_the_unit(world):
    app, engine, ids, rid = world
    anon = TestClient(app, follow_redirects=False)
    r = anon.get(f"/track/task/{ids[0]}")
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
    assert anon.post(f"/track/task/{ids[0]}/progress", data={"text": "x", "version": "2"}).status_code == 401
    jw = login(app, "jw")
    page = jw.get(f"/track/task/{ids[0]}")
    assert page.status_code == 200 and "报送进展" not in page.text
    before = snapshot(engine)
    csrf = jw.headers["X-CSRF-Token"]
    r = jw.post(f"/track/task/{ids[0]}/progress", data={"text": "越权", "version": "2", "csrf_token": csrf})
    assert r.status_code == 403
    r = jw.post(f"/track/task/{ids[1]}/progress", data={"text": "x", "version": "1", "csrf_token": "forged"})
    assert r.status_code == 403
    assert snapshot(engine) == before
