"""Uploading a report from the browser: the same reader and one-line errors as
the CLI, a size limit, and a failed upload leaves the database as it was."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from luoshi.web import views
from luoshi.web.app import create_app
from storekit import counts, make_doc, pg_url, store  # noqa: F401


@pytest.fixture
def client(store):
    store.ingest(make_doc())
    return TestClient(create_app(store=store))


def test_web_upload_sample_report(client, store, sample_text):
    files = {"file": ("dongcheng-2021.txt", sample_text.encode("utf-8"), "text/plain")}
    r = client.post("/reports", files=files, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/reports/")
    page = client.get(r.headers["location"])
    assert page.status_code == 200 and "已导入" in page.text
    again = client.post("/api/reports", files=files).json()
    assert again["status"] == "unchanged"
    assert len(store.reports()) == 2


@pytest.mark.parametrize("name, data, message", [
    ("empty.txt", b"", "空"),
    ("virus.exe", b"MZ\x90\x00", "不支持"),
    ("binary.txt", bytes(range(256)) * 64, ""),
    ("notes.txt", "今天天气很好。".encode("utf-8"), ""),
])
def test_web_upload_error_is_one_line_and_changes_nothing(client, store, name, data, message):
    before = counts(store)
    for url in ("/reports", "/api/reports"):
        r = client.post(url, files={"file": (name, data, "application/octet-stream")})
        assert r.status_code == 400
        error = r.json()["error"] if url.startswith("/api") else \
            r.text.split('role="alert">', 1)[1].split("</p>", 1)[0]
        assert message in error and "\n" not in error.strip() and "Traceback" not in r.text
        assert "/tmp/" not in error                    # the person's file name, not the temporary one
    assert counts(store) == before


def test_web_upload_size_limit(client, store, monkeypatch):
    monkeypatch.setattr(views, "MAX_UPLOAD_BYTES", 1000)
    r = client.post("/api/reports", files={"file": ("big.txt", "字".encode() * 2000, "text/plain")})
    assert r.status_code == 400 and "MB" in r.json()["error"]
    assert len(store.reports()) == 1


def test_web_upload_with_government_and_year(client, store, sample_text):
    r = client.post("/api/reports", files={"file": ("a.txt", sample_text.encode("utf-8"), "text/plain")},
                    data={"government": "某某街道", "year": "2030"})
    assert r.status_code == 200 and (r.json()["government"], r.json()["year"]) == ("某某街道", 2030)
    bad = client.post("/api/reports", files={"file": ("a.txt", sample_text.encode("utf-8"), "text/plain")},
                      data={"year": "二〇三〇"})
    assert bad.status_code == 400 and "年份" in bad.json()["error"]


def test_web_upload_corrected_file_says_what_changed(client, sample_text):
    first = client.post("/api/reports", files={"file": ("r.txt", sample_text.encode("utf-8"), "text/plain")}).json()
    lines = sample_text.split("\n")
    longest = max(range(len(lines)), key=lambda i: len(lines[i]))
    corrected = "\n".join(lines[:longest] + lines[longest + 1:])          # one paragraph dropped
    r = client.post("/reports", files={"file": ("r2.txt", corrected.encode("utf-8"), "text/plain")},
                    follow_redirects=False)
    assert r.status_code == 303 and "ingest=updated" in r.headers["location"]
    assert f"/reports/{first['report_id']}?" in r.headers["location"]
    page = client.get(r.headers["location"]).text
    assert "已用更正后的文件更新" in page and "保留任务" in page


def test_web_upload_refused_by_content_length(client, store):
    big = b"x" * (views.MAX_UPLOAD_BYTES + 100 * 1024)
    for url in ("/reports", "/api/reports"):
        r = client.post(url, files={"file": ("big.txt", big, "text/plain")})
        assert r.status_code == 413 and "MB" in r.text
    assert len(store.reports()) == 1
