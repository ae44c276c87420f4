"""Accuracy floors of the indicator stage on the dev gold (../shared): on the gold
figures themselves, and end to end through the detector (the issue's bars)."""
from luoshi.evaluate import evaluate, gold_dirs, indicator_agreement

FLOORS_ON_GOLD_SPANS = {"metric": 0.94, "kind": 0.97, "period": 0.85, "section": 0.97, "of": 0.95}


def test_indicators_on_gold_spans_hold_their_floors(shared):
    right, total, misses = indicator_agreement(gold_dirs([str(shared / "gold")]))
    for field, floor in FLOORS_ON_GOLD_SPANS.items():
        assert total[field] >= 250
        assert right[field] / total[field] >= floor, (field, right[field], total[field], misses[:10])


def test_metric_and_kind_bars_end_to_end(shared):
    t = evaluate(gold_dirs([str(shared / "gold")])).total
    assert t["kind_acc"] >= 0.90 and t["metric_acc"] >= 0.85, t
