"""luoshi.pairs_eval gives the reference scorer's figures (shared/tools/score_pairs.py)."""
import copy

import pytest

from luoshi.pairs_eval import evaluate_pairs, load_jsonl, score
from conftest import reference_tool


def gold_as_prediction(d):
    """The gold itself, with a few records spoiled, exercises every branch."""
    targets = copy.deepcopy(load_jsonl(d / "targets.jsonl"))
    tasks = copy.deepcopy(load_jsonl(d / "tasks_sample.jsonl"))
    for i, t in enumerate(targets):
        if i % 3 == 1:
            t["verdict"], t["actual_start"], t["actual_end"] = "not_reported", None, None
    for i, k in enumerate(tasks):
        k["evidence"] = [dict(e, score=1.0) for e in k["evidence"]]
        if i % 4 == 2:
            k["verdict"] = "done"
    return {"targets": targets[:-2], "tasks": tasks[1:]}


@pytest.mark.parametrize("name", ["P1", "P5"])
@pytest.mark.parametrize("make", [lambda d: {}, gold_as_prediction])
def test_same_figures_as_score_pairs(shared, name, make):
    d = shared / "gold" / "pairs" / name
    pred = make(d)
    assert score(d, pred)[0] == reference_tool("score_pairs").score(d, pred)


def test_evaluate_pairs_on_our_own_output(shared):
    d = shared / "gold" / "pairs" / "P1"
    text = evaluate_pairs([d], errors=True)
    assert text.startswith("== P1") and "evidence_recall_at3" in text
