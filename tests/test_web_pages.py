"""The web app through the ASGI test client, on SQLite and PostgreSQL: every
page renders, and its /api/ twin returns the very dict the page was built from."""
from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from luoshi.web import views
from luoshi.web.app import create_app
from storekit import TASKS, pg_url, shared_store  # noqa: F401


@pytest.fixture(scope="module")
def app(shared_store):
    client = TestClient(create_app(store=shared_store))
    client.report_id = shared_store.reports()[0]["id"]
    return client


@pytest.fixture
def store(shared_store):
    return shared_store


def _same(api_json, built: dict) -> bool:
    return api_json == json.loads(json.dumps(built, default=str))


@pytest.mark.parametrize("page, api, build, must_show", [
    ("/", "/api/reports", lambda s, r: views.reports_view(s), "测试区"),
    ("/reports/{r}", "/api/reports/{r}", lambda s, r: views.report_view(s, r), "2022年工作安排"),
    ("/indicators", "/api/indicators", lambda s, r: views.indicators_view(s), "地区生产总值"),
    ("/indicators?kind=growth&report={r}", "/api/indicators?kind=growth&report={r}",
     lambda s, r: views.indicators_view(s, report=r, kind="growth"), "6.5%"),
    ("/tasks", "/api/tasks", lambda s, r: views.tasks_view(s), TASKS[0]),
    ("/search?q=黄旗", "/api/search?q=黄旗", lambda s, r: views.search_view(s, "黄旗"), "黄旗"),
])
def test_web_page_and_api_share_one_dict(app, store, page, api, build, must_show):
    r = app.report_id
    html = app.get(page.format(r=r))
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert must_show in html.text
    got = app.get(api.format(r=r))
    assert got.status_code == 200 and _same(got.json(), build(store, r))


def test_web_report_view_highlights_and_explains(app):
    page = app.get(f"/reports/{app.report_id}").text
    for cls in ("a-t", "a-q", "a-e"):
        assert f'class="{cls}' in page or f' {cls}' in page
    island = page.split('id="annotations">', 1)[1].split("</script>", 1)[0]
    ann = json.loads(island)
    assert {q["metric"] for q in ann["q"]} >= {"地区生产总值"}
    assert {t["strength"] for t in ann["t"]} >= {"must", "aim"}
    assert 'href="#s0"' in page and 'id="s0"' in page           # outline navigation reaches the text


@pytest.mark.parametrize("q", ["黄旗", "停车", "6.5%", "100%_x"])
def test_web_search_two_characters(app, store, q):
    hits = app.get("/api/search", params={"q": q}).json()["hits"]
    text = store.report(app.report_id)["text"]
    assert len(hits) == text.count(q)
    assert all(text[h["start"]:h["end"]] == q for h in hits)


@pytest.mark.parametrize("params, expect", [
    ({"strength": "must"}, [TASKS[1]]),
    ({"q": "停车"}, [TASKS[1]]),
    ({"sort": "strength"}, [TASKS[1], TASKS[2], TASKS[0], TASKS[3]]),  # firmest first: 确保, 力争, do, 探索
    ({"sort": "strength", "desc": "true", "per_page": 1}, [TASKS[3]]),
    ({"report": "", "area": "", "q": ""}, list(TASKS)),                 # empty form fields mean 'any'
])
def test_web_tasks_filters(app, params, expect):
    body = app.get("/api/tasks", params=params).json()
    assert [t["text"] for t in body["rows"]] == expect


def test_web_tasks_paginate_and_link_to_text(app):
    body = app.get("/api/tasks", params={"per_page": 3, "page": 2}).json()
    assert (body["total"], body["pages"], body["page"]) == (len(TASKS), 2, 2)
    page = app.get("/tasks", params={"per_page": 3}).text
    first = app.get("/api/tasks").json()["rows"][0]
    assert f'/reports/{first["report_id"]}#t-{first["id"]}' in page
    assert f'id="t-{first["id"]}"' in app.get(f'/reports/{first["report_id"]}').text


def test_web_task_api_links_quantities(app):
    rows = app.get("/api/tasks", params={"q": "停车"}).json()["rows"]
    one = app.get(f"/api/tasks/{rows[0]['id']}").json()
    assert one["text"] == TASKS[1] and [q["text"] for q in one["quantities"]] == ["500个"]
    assert app.get("/api/tasks/nonesuch").status_code == 404


@pytest.mark.parametrize("url, status", [
    ("/reports/999", 404), ("/api/reports/999", 404), ("/api/tasks?sort=evil", 422),
    ("/api/tasks?per_page=100000", 422), ("/api/indicators?kind=nonsense", 422),
])
def test_web_bad_requests_are_answered(app, url, status):
    r = app.get(url)
    assert r.status_code == status
    if url.startswith("/api/") and status == 404:
        assert "error" in r.json()


def test_web_docs_and_assets_are_local(app):
    docs = app.get("/docs").text
    assert "/static/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
    assert app.get("/openapi.json").json()["paths"]["/api/tasks"]
    for asset in ("echarts.min.js", "swagger-ui-bundle.js", "luoshi.css", "report.js", "indicators.js"):
        assert app.get(f"/static/{asset}").status_code == 200
    assert "https://" not in app.get("/indicators").text.split("<main>")[0]


def test_web_indicators_paginate(app):
    body = app.get("/api/indicators", params={"per_page": 1, "page": 2}).json()
    assert (body["total"], body["pages"], body["page"], len(body["rows"])) == (4, 4, 2, 1)
    assert body["charts"]["growth"]["metrics"] == ["地区生产总值"]
    assert body["charts"]["actual"]["series"][0]["data"] == [1200.0]


@pytest.mark.parametrize("value, shown", [
    (67000000000.0, "670亿"), (16400.0, "1.64万"), (6.5, "6.5"), (1200.0, "1,200"), (12e12, "12万亿"),
    (-3.2e8, "-3.2亿"), (0.0, "0"), (None, ""),
])
def test_web_numbers_as_chinese_readers_write_them(value, shown):
    from luoshi.web.common import chinese_number
    assert chinese_number(value) == shown
