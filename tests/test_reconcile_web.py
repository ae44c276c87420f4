"""The reconcile pages through the ASGI test client: list, pair view, a
person's verdict kept with its history, the JSON twin, errors."""
import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from luoshi.web.app import create_app  # noqa: E402

from test_reconcile_verdicts import LATER, PLAN  # noqa: E402


@pytest.fixture
def client(tmp_path):
    app = create_app(f"sqlite:///{tmp_path / 'db.sqlite'}")
    for name, text in (("plan.txt", PLAN), ("later.txt", LATER)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        app.state.store.ingest_path(tmp_path / name)
    return TestClient(app)


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
    for verdict in ("not_met", "met"):
        r = client.post(f"/reconcile/{p}/{l}/verdict", data={"kind": "target", "item": target["key"],
                        "verdict": verdict, "note": "核对原文", "anchor": "t0"}, follow_redirects=False)
        assert r.status_code == 303
    after = client.get(f"/api/reconcile/{p}/{l}").json()["targets"][0]
    assert after["verdict"] == "met" and after["suggested"] == target["suggested"]
    assert [h["verdict"] for h in after["history"]] == ["met", "not_met"]


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
