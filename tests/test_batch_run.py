"""Batch runs: every output format, broken files, resume, local = Dask."""
import shutil

import pytest
from click.testing import CliRunner

from conftest import EXAMPLE
from luoshi import batch as B
from luoshi.cli import main


def _corpus(folder, n=3):
    folder.mkdir()
    text = EXAMPLE.read_text(encoding="utf-8")
    for i in range(n):  # distinct files (distinct hashes) of the same report
        (folder / f"r{i}.txt").write_text(text + "\n" * i, encoding="utf-8")
    return folder


def _broken(folder):
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "truncated.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog")
    (folder / "bad-encoding.txt").write_bytes("工作报告".encode("utf-8")[:-1] + b"\xff\xfe\x00\x81" * 50)


def _sorted(rows, *keys):
    return sorted(rows, key=lambda r: tuple(str(r.get(k)) for k in keys))


@pytest.mark.parametrize("fmt,name", [("sqlite", "out.sqlite"), ("parquet", "out"), ("csv", "out.csv"),
                                      ("jsonl", "out.jsonl")])
def test_batch_writes_every_format(tmp_path, fmt, name):
    src = _corpus(tmp_path / "in")
    summary = B.batch(src, tmp_path / name, workers=1, progress=False)
    assert (summary.done, summary.errors) == (3, 0)
    docs = B.read_table(tmp_path / name, "documents")
    assert len(docs) == 3 and {d["chars"] for d in docs} == {5284, 5285, 5286}
    single = B.document_rows(__import__("luoshi").read(src / "r0.txt"), "x", "h", {})
    assert len(B.read_table(tmp_path / name, "quantities")) == 3 * len(single["quantities"])


def test_batch_broken_files_are_listed_and_do_not_change_the_good_output(tmp_path):
    clean = _corpus(tmp_path / "clean", 2)
    dirty = tmp_path / "dirty"
    shutil.copytree(clean, dirty)
    _broken(dirty)
    good = B.batch(clean, tmp_path / "a.sqlite", workers=2, progress=False)
    mixed = B.batch(dirty, tmp_path / "b.sqlite", workers=2, progress=False)
    assert good.errors == 0 and mixed.errors == 4 and mixed.done == 2
    assert {p.rsplit("/", 1)[-1] for p, _ in mixed.broken} == {"empty.txt", "binary.txt", "truncated.pdf",
                                                               "bad-encoding.txt"}
    assert all(reason for _, reason in mixed.broken)
    for table in ("quantities", "tasks", "entities"):
        a = [dict(r) for r in B.read_table(tmp_path / "a.sqlite", table)]
        b = [dict(r) for r in B.read_table(tmp_path / "b.sqlite", table)]
        assert _sorted(a, "sha256", "start", "end") == _sorted(b, "sha256", "start", "end")


def test_batch_resume_skips_done_files(tmp_path):
    src = _corpus(tmp_path / "in", 2)
    B.batch(src, tmp_path / "o.sqlite", workers=1, progress=False)
    (src / "r9.txt").write_text(EXAMPLE.read_text(encoding="utf-8") + "。", encoding="utf-8")
    again = B.batch(src, tmp_path / "o.sqlite", workers=1, resume=True, progress=False)
    assert (again.skipped, again.done) == (2, 1)
    assert len(B.read_table(tmp_path / "o.sqlite", "documents")) == 3


def test_batch_refuses_to_overwrite_without_resume(tmp_path):
    src = _corpus(tmp_path / "in", 1)
    B.batch(src, tmp_path / "o.jsonl", workers=1, progress=False)
    res = CliRunner().invoke(main, ["batch", str(src), "--out", str(tmp_path / "o.jsonl")])
    assert res.exit_code == 2 and "already exists" in res.output


def test_batch_manifest_overrides_metadata(tmp_path):
    src = _corpus(tmp_path / "in", 1)
    (tmp_path / "m.csv").write_text("file,government,level,year\nr0.txt,某某县人民政府,county,2030\n",
                                    encoding="utf-8")
    B.batch(src, tmp_path / "o.jsonl", workers=1, manifest=tmp_path / "m.csv", progress=False)
    (doc,) = B.read_table(tmp_path / "o.jsonl", "documents")
    assert (doc["government"], doc["level"], doc["year"]) == ("某某县人民政府", "county", 2030)


def test_batch_cli_prints_summary_and_errors(tmp_path):
    src = _corpus(tmp_path / "in", 1)
    (src / "empty.txt").write_bytes(b"")
    res = CliRunner().invoke(main, ["batch", str(src), "--out", str(tmp_path / "o.sqlite"), "--workers", "1"])
    assert res.exit_code == 0, res.output
    assert "2 files: 1 analysed, 1 errors" in res.output and "empty.txt" in res.output


def test_batch_dask_output_equals_local(tmp_path):
    distributed = pytest.importorskip("distributed")
    src = _corpus(tmp_path / "in", 3)
    _broken(src)
    B.batch(src, tmp_path / "local", workers=2, progress=False)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        B.batch(src, tmp_path / "dask", engine="dask", scheduler=cluster.scheduler_address, progress=False)
    for table in B.TABLES:
        local = B.read_table(tmp_path / "local", table)
        dask = B.read_table(tmp_path / "dask", table)
        assert _sorted(local, "path", "sha256", "start", "end", "id") == \
            _sorted(dask, "path", "sha256", "start", "end", "id"), table


def test_batch_dask_without_scheduler_is_a_clear_error(tmp_path):
    src = _corpus(tmp_path / "in", 1)
    res = CliRunner().invoke(main, ["batch", str(src), "--out", str(tmp_path / "o"), "--engine", "dask"])
    assert res.exit_code == 2 and "--scheduler" in res.output


def test_panel_cli_reads_a_batch_output(tmp_path):
    src = _corpus(tmp_path / "in", 1)
    B.batch(src, tmp_path / "o.sqlite", workers=1, progress=False)
    res = CliRunner().invoke(main, ["panel", str(tmp_path / "o.sqlite"), "--metric", "GDP"])
    assert res.exit_code == 0, res.output
    header, *rows = res.output.strip().splitlines()
    assert header.startswith("government,level,year,metric,actual")
    assert rows and all(",地区生产总值," in r for r in rows)
    res = CliRunner().invoke(main, ["panel", str(tmp_path / "o.sqlite"), "--format", "parquet"])
    assert res.exit_code == 2 and "--output" in res.output
