"""The reconcile command through click's runner."""
import json

import pytest
from click.testing import CliRunner

from luoshi.cli import main

PLAN = "政府工作报告\n——2023年1月5日\n一、2022年工作回顾\n去年增长4%。\n二、2023年主要任务\n地区生产总值增长7%。完成魏村路路域环境整治。\n"
LATER = "政府工作报告\n——2024年1月6日\n一、2023年工作回顾\n地区生产总值增长7.5%。完成魏村路路域环境整治提升。\n二、2024年主要任务\n增长6%。\n"


@pytest.fixture
def files(tmp_path):
    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "later.txt").write_text(LATER, encoding="utf-8")
    return tmp_path


def test_json(files):
    r = CliRunner().invoke(main, ["reconcile", str(files / "plan.txt"), str(files / "later.txt")])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["targets"][0]["verdict"] == "met"
    assert {"plan", "later", "targets", "tasks"} <= set(out)


@pytest.mark.parametrize("fmt", ["text", "xlsx"])
def test_other_formats(files, fmt):
    out = files / f"r.{fmt}"
    r = CliRunner().invoke(main, ["reconcile", str(files / "plan.txt"), str(files / "later.txt"),
                                  "--format", fmt, "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert out.stat().st_size > 0


@pytest.mark.parametrize("args", [["missing.txt", "later.txt"], ["later.txt", "plan.txt"]])
def test_bad_input_is_one_line_and_exit_2(files, args):
    r = CliRunner().invoke(main, ["reconcile", *[str(files / a) for a in args]])
    assert r.exit_code == 2
    assert r.output.count("\n") == 1 and "Traceback" not in r.output
