"""20 concurrent progress posts on one task through a real server: each is
stored or refused with 409, none is lost, and the history has one row per
stored post — on SQLite and PostgreSQL."""
import threading

import httpx
import pytest
from sqlalchemy import func, select

from luoshi.track_tables import assignments, history, progress
from trackkit import PASSWORD, LiveServer, db, make_app, pg_url  # noqa: F401 (fixtures)

N = 20


@pytest.fixture
def server(db, tmp_path):
    engine, ids = db
    live = LiveServer(make_app(engine, tmp_path))
    yield live, engine, ids
    live.stop()


def session(url, name):
    client = httpx.Client(base_url=url, timeout=60)
    r = client.post("/api/track/login", json={"username": name, "password": PASSWORD})
    r.raise_for_status()
    client.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    return client


def test_track_concurrent_progress_posts(server):
    live, engine, ids = server
    task = ids[0]
    sup, fgw = session(live.url, "sup"), session(live.url, "fgw")
    assert sup.post(f"/api/track/tasks/{task}/assign", json={"lead_unit": "区发展改革委"}).status_code == 200
    start_version = fgw.get(f"/api/track/tasks/{task}").json()["assignment"]["version"]
    clients = [fgw if i % 2 else sup for i in range(N)]     # two users, shared sessions, many threads
    barrier = threading.Barrier(N)
    first: dict[int, int] = {}
    final: dict[int, int] = {}

    def post(i):
        body = {"version": start_version, "text": f"第{i}次报送", "percent": i}
        barrier.wait()
        first[i] = clients[i].post(f"/api/track/tasks/{task}/progress", json=body).status_code
        status = first[i]
        for _ in range(200):                      # a refused post retries with the fresh version
            if status != 409:
                break
            body["version"] = clients[i].get(f"/api/track/tasks/{task}").json()["assignment"]["version"]
            status = clients[i].post(f"/api/track/tasks/{task}/progress", json=body).status_code
        final[i] = status

    threads = [threading.Thread(target=post, args=(i,)) for i in range(N)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert sorted(set(first.values())) == [201, 409]            # the first round: one wins, the rest conflict
    assert list(first.values()).count(201) == 1
    assert set(final.values()) == {201}                         # every post landed on retry
    with engine.connect() as c:
        texts = c.execute(select(progress.c.text)).scalars().all()
        logged = c.execute(select(func.count()).select_from(history)
                           .where(history.c.task_id == task, history.c.action == "progress")).scalar_one()
        version = c.execute(select(assignments.c.version).where(assignments.c.task_id == task)).scalar_one()
    assert sorted(texts) == sorted(f"第{i}次报送" for i in range(N))   # none lost, none twice
    assert logged == N
    assert version == start_version + N
