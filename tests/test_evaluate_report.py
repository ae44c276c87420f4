"""luoshi.evaluate on a small gold folder made here, and the `luoshi eval` command."""
import json
import sys
import types

import pytest
from click.testing import CliRunner

from luoshi.cli import main
from luoshi.errors import LuoshiError
from luoshi.evaluate import evaluate, gold_dirs, report, totals

TEXT = "全年地区生产总值670亿元，同比增长6.5%。一是抓好项目。"
GOLD = [
    {"text": "670亿元", "start": 8, "end": 13, "value": 6.7e10, "unit": "元", "qualifier": None,
     "metric": "地区生产总值", "kind": "actual", "period": "2021"},
    {"text": "6.5%", "start": 18, "end": 22, "value": 6.5, "unit": "%", "qualifier": None,
     "metric": "地区生产总值", "kind": "growth", "period": "2021"},
]
NON = [{"text": "一是", "start": 23, "end": 25, "reason": "label"}]


@pytest.fixture
def gold(tmp_path):
    d = tmp_path / "g1"
    d.mkdir()
    (d / "report.txt").write_text(TEXT, encoding="utf-8")
    (d / "quantities.jsonl").write_text("\n".join(json.dumps(g, ensure_ascii=False) for g in GOLD), encoding="utf-8")
    (d / "non_quantities.jsonl").write_text(json.dumps(NON[0], ensure_ascii=False), encoding="utf-8")
    return d


@pytest.mark.parametrize("pred, found_f1, metric_acc, kind_acc, nonq", [
    (GOLD, 1.0, 1.0, 1.0, 0),
    ([dict(GOLD[0], metric="税收"), dict(GOLD[1], kind="actual")], 1.0, 0.5, 0.5, 0),
    ([GOLD[0], NON[0]], 2 * 0.5 * 0.5 / 1.0, 1.0, 1.0, 1),
    ([], 0.0, 0.0, 0.0, 0),
])
def test_evaluate_figures(gold, pred, found_f1, metric_acc, kind_acc, nonq):
    ev = evaluate([gold], {gold: {"quantities": pred}})
    assert ev.total["quantity_found_f1"] == pytest.approx(found_f1)
    assert ev.total["metric_acc"] == pytest.approx(metric_acc)
    assert ev.total["kind_acc"] == pytest.approx(kind_acc)
    assert ev.total["non_quantities_reported"] == nonq


def test_totals_sum_counts_not_averages(gold):
    one = evaluate([gold], {gold: {"quantities": GOLD}}).folders[0][1]
    none = evaluate([gold], {gold: {"quantities": []}}).folders[0][1]
    t = totals([one, none])
    assert t["n_quantity_gold"] == 4 and t["n_quantity_found"] == 2
    assert t["quantity_value_r"] == pytest.approx(0.5) and t["quantity_value_p"] == pytest.approx(1.0)


def test_report_lists_misses_only_with_errors(gold):
    ev = evaluate([gold], {gold: {"quantities": [GOLD[0]]}})
    assert "TOTAL" in report(ev) and "missed" not in report(ev)
    assert "quantity missed or wrong: 6.5%" in report(ev, errors=True)


def test_gold_dirs_finds_folders_below_and_rejects_others(gold, tmp_path):
    assert gold_dirs([str(tmp_path)]) == [gold]
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(LuoshiError, match="no gold folder"):
        gold_dirs([str(empty)])


@pytest.mark.parametrize("args", [["eval", "/no/such/folder"], ["eval", "--json", "/no/such/folder"]])
def test_cli_eval_bad_folder_is_one_line_exit_2(args):
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 2
    assert len(res.output.strip().splitlines()) == 1


def test_cli_eval_json_has_folders_and_total(gold):
    res = CliRunner().invoke(main, ["eval", "--json", str(gold)])
    assert res.exit_code == 0, res.output
    payload = json.loads(res.output)
    assert set(payload) == {"folders", "total"} and "g1" in payload["folders"]
    assert payload["total"]["n_quantity_gold"] == 2


def test_cli_eval_pairs_missing_module_is_one_line(gold, monkeypatch):
    monkeypatch.setitem(sys.modules, "luoshi.pairs_eval", None)
    res = CliRunner().invoke(main, ["eval", "--pairs", str(gold)])
    assert res.exit_code == 2 and "pairs_eval" in res.output and len(res.output.strip().splitlines()) == 1


def test_cli_eval_pairs_delegates(gold, monkeypatch):
    fake = types.ModuleType("luoshi.pairs_eval")
    fake.evaluate_pairs = lambda dirs, errors: f"pairs {len(dirs)} {errors}"
    monkeypatch.setitem(sys.modules, "luoshi.pairs_eval", fake)
    res = CliRunner().invoke(main, ["eval", "--pairs", "--errors", str(gold)])
    assert res.exit_code == 0 and res.output.strip() == "pairs 1 True"
