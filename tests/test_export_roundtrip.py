"""Indicators and tasks exported as CSV and XLSX read back to the same rows,
from the library, the CLI and the web app's download links."""
from __future__ import annotations

import io

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from luoshi import export
from luoshi.cli import main
from luoshi.errors import LuoshiError
from luoshi.web.app import create_app
from storekit import make_doc, pg_url, store  # noqa: F401


@pytest.mark.parametrize("kind", ["indicators", "tasks"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_round_trip(store, tmp_path, kind, fmt):
    rid = store.ingest(make_doc()).report_id
    store.ingest(make_doc(), year=2030)
    out = tmp_path / f"x.{fmt}"
    n = export.export(store, kind, fmt, out, report_id=rid)
    rows = export.rows(store, kind, report_id=rid)
    assert n == len(rows) > 0
    assert export.read(out, kind) == rows


@pytest.mark.parametrize("kind", ["indicators", "tasks"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_download_equals_file(store, tmp_path, kind, fmt):
    store.ingest(make_doc())
    got = TestClient(create_app(store=store)).get(f"/export/{kind}.{fmt}")
    assert got.status_code == 200 and "attachment" in got.headers["content-disposition"]
    assert got.content == export.to_bytes(store, kind, fmt) or fmt == "xlsx"   # xlsx embeds a timestamp
    path = tmp_path / f"d.{fmt}"
    path.write_bytes(got.content)
    assert export.read(path, kind) == export.rows(store, kind)


def test_export_csv_opens_in_excel():
    buf = io.BytesIO()
    export.write_rows([], "tasks", "csv", buf)
    assert buf.getvalue().startswith("\ufeff任务编号".encode("utf-8"))


def test_export_unknown_report_is_an_error(store):
    with pytest.raises(LuoshiError, match="no report 42"):
        export.rows(store, "tasks", report_id=42)


def test_export_cli(tmp_path):
    db = f"sqlite:///{tmp_path / 'c.db'}"
    from luoshi.store import Store
    Store.open(db).ingest(make_doc())
    runner = CliRunner()
    out = tmp_path / "tasks.xlsx"
    r = runner.invoke(main, ["export", "tasks", "-o", str(out), "--db", db])
    assert r.exit_code == 0, r.output
    assert len(export.read(out, "tasks")) == 4 and "4 tasks" in r.output
    bad = runner.invoke(main, ["export", "tasks", "-o", str(out), "--db", db, "--report", "9"])
    assert bad.exit_code == 2 and "no report 9" in bad.output
