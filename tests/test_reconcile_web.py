"""The reconcile pages through the ASGI test client: list, pair view, a
person's verdict kept with its history, the JSON twin, errors."""
import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from luoshi.web.app import create_app  # noqa: E402

from test_reconcile_verdicts import LATER, PLAN  # noqa: E402
from trackkit import api_client  # noqa: E402


PASSWORD = "correct-horse-battery"


@pytest.fixture
def app(tmp_path):
    from luoshi import people
    from luoshi.attachments import FileStore
    from luoshi.auth import LoginLimiter, Sessions
    from luoshi.web.track_session import TrackState
    app = create_app(f"sqlite:///{tmp_path / 'db.sqlite'}")
    app.state.track = TrackState(Sessions("test-secret-" * 4), LoginLimiter(), FileStore(tmp_path / "files"))
    for name, text in (("plan.txt", PLAN), ("later.txt", LATER)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        app.state.store.ingest_path(tmp_path / name)
    people.add_user(app.state.store.engine, "sup", PASSWORD, "supervisor")
    people.add_user(app.state.store.engine, "reader", PASSWORD, "viewer")
    return app


def login(app, name):
    return api_client(app, name, PASSWORD)


@pytest.fixture
def client(app):
    return login(app, "sup")


def ids(client):
    pair = client.get("/api/reconcile").json()["pairs"][0]
    return pair["plan"]["id"], pair["later"]["id"]


def test_list_and_pair_page(client):
    assert "对账" in client.get("/reconcile").text
    p, l = ids(client)
    page = client.get(f"/reconcile/{p}/{l}")
    assert page.status_code == 200
    assert '<mark id="lt0"' in page.text            # the actual highlighted in the later text
    assert "分领域汇总" in page.text


def test_a_verdict_is_kept_with_its_history(client):
    p, l = ids(client)
    target = client.get(f"/api/reconcile/{p}/{l}").json()["targets"][0]
    csrf = client.headers["X-CSRF-Token"]
    for verdict in ("not_met", "met"):
        r = client.post(f"/reconcile/{p}/{l}/verdict", data={"kind": "target", "item": target["key"], "csrf_token": csrf,
                        "verdict": verdict, "note": "核对原文", "anchor": "t0"}, follow_redirects=False)
        assert r.status_code == 303
    after = client.get(f"/api/reconcile/{p}/{l}").json()["targets"][0]
    assert after["verdict"] == "met" and after["suggested"] == target["suggested"]
    assert [h["verdict"] for h in after["history"]] == ["met", "not_met"]
    assert after["history"][0]["username"] == "sup"


@pytest.mark.parametrize("who,status", [(None, 401), ("reader", 403)])
def test_only_a_supervisor_may_judge(app, who, status):
    c = login(app, who) if who else TestClient(app)
    p, l = ids(c)
    key = c.get(f"/api/reconcile/{p}/{l}").json()["targets"][0]["key"]
    r = c.post(f"/api/reconcile/{p}/{l}/verdict", json={"kind": "target", "item": key, "verdict": "met"})
    assert r.status_code == status
    assert c.get(f"/api/reconcile/{p}/{l}").json()["targets"][0]["history"] == []


@pytest.mark.parametrize("body,status", [
    ({"kind": "task", "item": "x", "verdict": "met"}, 400),          # a target's verdict on a task
    ({"kind": "task", "item": "nope", "verdict": "done"}, 400),       # no such task
])
def test_bad_verdicts_are_refused(client, body, status):
    p, l = ids(client)
    r = client.post(f"/api/reconcile/{p}/{l}/verdict", json=body)
    assert r.status_code == status and "error" in r.json()


def test_unknown_report_is_404(client):
    assert client.get("/api/reconcile/1/999").status_code == 404


@pytest.mark.parametrize("spans,expected", [
    ([], ["abcdefgh"]),
    ([{"start": 2, "end": 4, "id": "a", "cls": "x"}], ["ab", "cd", "efgh"]),
    # an actual inside its evidence sentence is cut out within it
    ([{"start": 1, "end": 6, "id": "e", "cls": "x"}, {"start": 3, "end": 4, "id": "a", "cls": "y"}],
     ["a", "bcdef", "gh"]),
    # crossing spans: the earlier wins
    ([{"start": 1, "end": 4, "id": "e", "cls": "x"}, {"start": 3, "end": 6, "id": "a", "cls": "y"}],
     ["a", "bcd", "efgh"]),
])
def test_highlight_pieces(spans, expected):
    from luoshi.web.reconcile_routes import highlight
    pieces = highlight("abcdefgh", 0, 8, spans)
    assert [p["text"] for p in pieces] == expected
    nested = [p for p in pieces if p.get("parts")]
    for p in nested:
        assert "".join(q["text"] for q in p["parts"]) == p["text"]


def test_anyone_reads_but_only_a_supervisor_sees_the_forms(app, client):
    p, l = ids(client)
    assert 'name="csrf_token"' in client.get(f"/reconcile/{p}/{l}").text
    anonymous = TestClient(app).get(f"/reconcile/{p}/{l}")
    assert anonymous.status_code == 200 and 'name="csrf_token"' not in anonymous.text and "登录" in anonymous.text
