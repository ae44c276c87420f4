"""luoshi.evaluate.score must give the reference scorer's numbers (shared/tools/score.py)
on every gold folder: for luoshi's own extraction and for a perturbed copy of the gold."""
import json

from luoshi.evaluate import gold_dirs, load_jsonl, predict, score
from conftest import reference_tool


def perturbed_gold(d) -> dict:
    """The gold as a prediction, with every third figure shifted or revalued and a
    metric and kind changed, so that each branch of the scorer is exercised."""
    qs = []
    for i, q in enumerate(load_jsonl(d / "quantities.jsonl")):
        q = dict(q)
        if i % 3 == 1:
            q.update(value=(q.get("value") or 0) + 1, metric="别的", kind="plan")
        elif i % 3 == 2 and q["end"] - q["start"] > 1:
            q.update(start=q["start"] + 1, text=None, qualifier=None)
        qs.append(q)
    tasks = [dict(t, strength="do") for t in load_jsonl(d / "tasks.jsonl")][::2]
    ents = [dict(e, type="ORG") if i % 4 == 0 else e for i, e in enumerate(load_jsonl(d / "entities.jsonl"))]
    structure = json.loads((d / "structure.json").read_text(encoding="utf-8")) if (d / "structure.json").exists() else []
    return {"quantities": qs, "tasks": tasks, "entities": ents, "structure": structure}


def test_evaluate_equals_the_reference_scorer_on_every_gold_folder(shared):
    ref = reference_tool("score")
    dirs = gold_dirs([str(shared / "gold")])
    assert len(dirs) >= 15
    for d in dirs:
        for pred in (predict((d / "report.txt").read_text(encoding="utf-8")), perturbed_gold(d)):
            want = ref.score(d, json.loads(json.dumps(pred)), 0)
            assert score(d, pred).figures == want, d.name
