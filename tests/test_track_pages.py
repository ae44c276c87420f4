"""The supervision pages for each role, the login form, attachments with
their limits, the rules form, logout and password changes ending sessions."""
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from luoshi import people
from luoshi.track_tables import attachments, history
from trackkit import PASSWORD, db, make_app, pg_url  # noqa: F401 (fixtures)

PAGES = ["/track", "/track?light=red&q=推进", "/track/task/{t0}", "/track/task/{t1}", "/track/dashboard",
         "/track/reminders", "/track/rules", "/track/taskbook.xlsx",
         "/track/bulletin.docx?start=2021-01-01&end=2021-12-31"]


@pytest.fixture
def site(db, tmp_path):
    engine, ids = db
    app = make_app(engine, tmp_path)
    sup = form_login(app, "sup")
    r = sup.post(f"/track/task/{ids[0]}/assign", data={"lead_unit": "区发展改革委", "co_units": ["区财政局"],
                                                        "milestones": "完成立项（2021-06-30）",
                                                        "csrf_token": csrf(sup, f"/track/task/{ids[0]}")})
    assert r.status_code == 303, r.text
    return app, engine, ids


def form_login(app, name, password=PASSWORD):
    client = TestClient(app, follow_redirects=False)
    page = client.get("/login")
    token = re.search(r'name="login_token" value="([^"]+)"', page.text)[1]
    r = client.post("/login", data={"username": name, "password": password, "login_token": token,
                                    "next": "/track"})
    assert r.status_code == 303 and r.headers["location"] == "/track", r.text
    return client


def csrf(client, path="/track"):
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)[1]


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
@pytest.mark.parametrize("who", ["admin", "sup", "fgw", "jw", "viewer"])
def test_track_pages_render_for_every_role(site, who):
    app, _, ids = site
    client = form_login(app, who)
    for path in PAGES:
        r = client.get(path.format(t0=ids[0], t1=ids[1]))
        assert r.status_code == 200, (path, r.text[:300])
    task = client.get(f"/track/task/{ids[0]}").text
    assert ("报送进展" in task) == (who in ("admin", "sup", "fgw"))
    assert ("任务分解" in task) == (who in ("admin", "sup"))
    assert "区财政局" in task and "完成立项" in task


@pytest.mark.parametrize("db", ["postgresql"], indirect=True)
def test_track_pages_render_on_postgresql(site):
    test_track_pages_render_for_every_role(site, "sup")


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
def test_track_login_form_needs_its_token(site):
    app, _, _ = site
    client = TestClient(app, follow_redirects=False)
    client.get("/login")
    r = client.post("/login", data={"username": "sup", "password": PASSWORD, "login_token": "forged"})
    assert r.status_code == 403 and "luoshi_session" not in r.cookies
    r = client.post("/login", data={"username": "sup", "password": "wrong-pass", "login_token": "x"})
    assert r.status_code == 403


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
@pytest.mark.parametrize("name, data, status", [
    ("evidence.pdf", b"%PDF-1.4 minimal", 303),
    ("photo.png", b"\x89PNG\r\n\x1a\n....", 303),
    ("evil.exe", b"MZ....", 400),
    ("fake.pdf", b"MZ not a pdf", 400),
    ("empty.txt", b"", 400),
    ("big.txt", b"a" * (10 * 1024 * 1024 + 1), 400),
])
def test_track_attachments_types_and_sizes(site, name, data, status):
    app, engine, ids = site
    fgw = form_login(app, "fgw")
    token = csrf(fgw, f"/track/task/{ids[0]}")
    version = re.search(r'name="version" value="(\d+)"', fgw.get(f"/track/task/{ids[0]}").text)[1]
    r = fgw.post(f"/track/task/{ids[0]}/progress", data={"text": "附佐证", "version": version, "csrf_token": token},
                 files=[("files", (name, data, "application/octet-stream"))])
    assert r.status_code == status, r.text[:300]
    with engine.connect() as c:
        stored = c.execute(select(attachments.c.id, attachments.c.size)).all()
    if status == 303:
        assert [s.size for s in stored] == [len(data)]
        got = fgw.get(f"/track/attachment/{stored[0].id}")
        assert got.status_code == 200 and got.content == data
        assert TestClient(app).get(f"/track/attachment/{stored[0].id}").status_code == 401
    else:
        assert stored == []


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
def test_track_rules_form_changes_rules_with_history(site):
    app, engine, _ = site
    sup = form_login(app, "sup")
    r = sup.post("/track/rules", data={"csrf_token": csrf(sup, "/track/rules"), "red_behind": "30",
                                       "yellow_behind": "10", "yellow_days": "15", "stall_days": "45",
                                       "reason": "试行"})
    assert r.status_code == 303
    assert "超过30个百分点" in sup.get("/track/rules").text
    fgw = form_login(app, "fgw")
    assert "保存规则" not in fgw.get("/track/rules").text
    assert fgw.post("/track/rules", data={"csrf_token": csrf(fgw), "red_behind": "90"}).status_code == 403
    with engine.connect() as c:
        assert c.execute(select(func.count()).select_from(history).where(history.c.action == "rules")).scalar_one() == 1


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
def test_track_logout_and_password_change_end_sessions(site):
    app, engine, _ = site
    sup = form_login(app, "sup")
    cookie = sup.cookies.get("luoshi_session")
    r = sup.post("/logout", data={"csrf_token": csrf(sup)})
    assert r.status_code == 303 and r.headers["location"] == "/login"
    fgw = form_login(app, "fgw")
    assert fgw.get("/api/track/me").status_code == 200
    people.set_password(engine, "fgw", "a-new-password")
    assert fgw.get("/api/track/me").status_code == 401
    stolen = TestClient(app)
    stolen.cookies.set("luoshi_session", cookie)
    assert stolen.get("/api/track/me").status_code == 200     # signed cookies: logout clears, the key decides


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
def test_track_bulk_assign_from_the_board_keeps_other_fields(site):
    app, engine, ids = site
    sup = form_login(app, "sup")
    board = sup.get("/track").text
    ticks = re.findall(r'name="tasks" value="([^"]+)"', board)
    chosen = [t for t in ticks if t.split(":")[0] in (ids[0], ids[3])]
    r = sup.post("/track/bulk-assign", data={"csrf_token": csrf(sup), "lead_unit": "区教委", "tasks": chosen})
    assert r.status_code == 303, r.text
    page = sup.get(f"/track/task/{ids[0]}").text
    assert "牵头单位：区教委" in page and "区财政局" in page and "完成立项" in page   # co-unit and milestone kept
    assert "牵头单位：区教委" in sup.get(f"/track/task/{ids[3]}").text
    r = sup.post("/track/bulk-assign", data={"csrf_token": csrf(sup), "lead_unit": "区教委", "tasks": chosen})
    assert r.status_code == 409                    # the versions ticked are stale now
    fgw = form_login(app, "fgw")
    assert fgw.post("/track/bulk-assign", data={"csrf_token": csrf(fgw), "lead_unit": "区发展改革委",
                                                "tasks": [f"{ids[1]}:"]}).status_code == 403


@pytest.mark.parametrize("target, lands", [("/track/dashboard", "/track/dashboard"), ("//evil.example", "/track"),
                                          ("https://evil.example", "/track"), ("/\\evil.example", "/track")])
@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
def test_track_login_redirects_only_to_local_pages(site, target, lands):
    app, _, _ = site
    client = TestClient(app, follow_redirects=False)
    token = re.search(r'name="login_token" value="([^"]+)"', client.get("/login").text)[1]
    r = client.post("/login", data={"username": "sup", "password": PASSWORD, "login_token": token, "next": target})
    assert r.status_code == 303 and r.headers["location"] == lands
