"""The task table: `luoshi extract --format xlsx` read back with openpyxl,
and the task list in `--format text`."""
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from luoshi import pipeline, render
from luoshi.cli import main

REPORT = Path(__file__).resolve().parent.parent / "examples" / "dongcheng-2021.txt"


@pytest.fixture(scope="module")
def doc():
    return pipeline.read(REPORT)


def test_tasks_xlsx_reads_back(tmp_path, doc):
    out = tmp_path / "tasks.xlsx"
    result = CliRunner().invoke(main, ["extract", str(REPORT), "--format", "xlsx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    ws = load_workbook(out).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == render.TASK_COLUMNS
    body = rows[1:]
    assert len(body) == len(doc.tasks) > 100
    for n, (row, task) in enumerate(zip(body, doc.tasks), 1):
        record = dict(zip(rows[0], row))
        assert record["序号"] == n and record["任务"] == task.text
        start, end = map(int, record["原文位置"].split("-"))
        assert doc.text[start:end] == task.text
    areas = {dict(zip(rows[0], r))["领域"] for r in body}
    assert "一是 打造城市发展新引擎" in areas
    deadlines = [dict(zip(rows[0], r))["完成时限"] for r in body if dict(zip(rows[0], r))["完成时限"]]
    assert any(d.startswith("2022年") for d in deadlines)


def test_tasks_xlsx_unwritable_path_is_one_line_error(tmp_path):
    out = tmp_path / "missing" / "dir" / "tasks.xlsx"
    result = CliRunner().invoke(main, ["extract", str(REPORT), "--format", "xlsx", "-o", str(out)])
    assert result.exit_code == 2
    assert result.output.startswith("luoshi: cannot write the task table") and "Traceback" not in result.output


def test_tasks_text_lists_tasks_by_area(doc):
    text = render.tasks_as_text(doc)
    lines = text.splitlines()
    assert lines[0].startswith("任务分解表") and f"共{len(doc.tasks)}项" in lines[0]
    assert "七是 提升人民群众生活品质" in lines
    assert any("[必须] 严格落实国家“双减”政策" in line for line in lines)
    assert any("[力争]" in line and "时限：2022年（2022-12-31）" in line for line in lines)
    # every task appears once, numbered in order
    numbered = [line.strip() for line in lines if line.startswith("    ")]
    assert len(numbered) == len(doc.tasks)
    assert [int(line.split(".", 1)[0]) for line in numbered] == list(range(1, len(doc.tasks) + 1))


def test_tasks_text_in_cli_output():
    result = CliRunner().invoke(main, ["extract", str(REPORT), "--format", "text"])
    assert result.exit_code == 0 and "任务分解表" in result.output
