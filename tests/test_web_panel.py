"""The indicator panel page and its JSON twin, on SQLite and PostgreSQL."""
from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from luoshi.web.app import create_app
from luoshi.web.panel_routes import panel_view
from storekit import pg_url, shared_store  # noqa: F401


@pytest.fixture(scope="module")
def app(shared_store):
    return TestClient(create_app(store=shared_store))


@pytest.mark.parametrize("metric, expect", [
    ("GDP", [("测试区", 2021, "地区生产总值", None, 6.5)]),          # a synonym finds the canonical metric
    ("地区生产总值", [("测试区", 2021, "地区生产总值", None, 6.5)]),
    ("新建停车位", [("测试区", 2021, "新建停车位", 1200.0, None)]),
    ("不存在的指标", []),
])
def test_web_panel_rows_by_metric(app, shared_store, metric, expect):
    api = app.get("/api/panel", params={"metric": metric})
    assert api.status_code == 200
    got = [(r["government"], r["year"], r["metric"], r["actual"], r["growth"]) for r in api.json()["rows"]]
    assert got == expect
    assert api.json() == json.loads(json.dumps(panel_view(shared_store, metric), default=str))
    page = app.get("/panel", params={"metric": metric})
    assert page.status_code == 200 and "指标面板" in page.text
    for row in expect:
        assert row[2] in page.text


def test_web_panel_without_metric_lists_every_metric(app):
    rows = app.get("/api/panel").json()["rows"]
    assert {r["metric"] for r in rows} >= {"地区生产总值", "新建停车位"}
