"""Accuracy floors on the dev pairs (shared/gold/pairs) and the speed bar."""
import time

import pytest

from luoshi import pipeline
from luoshi.pairs_eval import score
from luoshi.reconcile import reconcile, reconcile_paths

FLOORS = {"target_found_r": 0.90, "target_actual_acc": 0.85, "target_verdict_acc": 0.85,
          "task_verdict_acc": 0.70, "evidence_recall_at3": 0.70}


@pytest.fixture(scope="module")
def pairs():
    from conftest import shared_or_skip
    root = shared_or_skip() / "gold" / "pairs"
    out = {}
    for name in ("P1", "P5"):
        d = root / name
        plan, later = pipeline.read(d / "plan.txt"), pipeline.read(d / "later.txt")
        out[name] = (d, plan, later, reconcile_paths(str(d / "plan.txt"), str(d / "later.txt")))
    return out


@pytest.mark.parametrize("name", ["P1", "P5"])
@pytest.mark.parametrize("figure", sorted(FLOORS))
def test_floor(pairs, name, figure):
    d, _, _, result = pairs[name]
    assert score(d, result)[0][figure] >= FLOORS[figure]


@pytest.mark.parametrize("name", ["P1", "P5"])
def test_offsets_slice_back(pairs, name):
    _, plan, later, result = pairs[name]
    for t in result["targets"]:
        assert plan.text[t["plan_start"]:t["plan_end"]] == t["plan_text"]
        if t["actual_start"] is not None:
            assert later.text[t["actual_start"]:t["actual_end"]] == t["actual_text"]
    for k in result["tasks"]:
        assert plan.text[k["task_start"]:k["task_end"]] == k["task_text"]
        for e in k["evidence"]:
            assert later.text[e["start"]:e["end"]] == e["text"]


def test_two_reports_reconcile_in_well_under_a_second(pairs):
    d, plan, later, _ = pairs["P1"]
    t0 = time.process_time()
    reconcile(plan, later)
    reconcile_paths(str(d / "plan.txt"), str(d / "later.txt"))   # reading, outline and tasks included
    assert time.process_time() - t0 < 0.8
