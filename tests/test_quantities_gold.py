"""A floor on the gold sets, computed with the reference scorer
(shared/tools/score.py): quantity value F1 and non-quantities reported, in
total over dongcheng-2021 and every excerpt. Raise the floors as the grammar
improves; they catch regressions."""
from dataclasses import asdict

from luoshi import quantities, structure
from conftest import reference_tool

VALUE_F1_FLOOR = 0.99           # measured 0.998 (261 predicted, 260 gold, all right)
QUALIFIER_FLOOR = 0.98          # measured 1.000
NON_QUANTITIES_PER_5000_CEILING = 0.2   # measured 0 (bar: 1)


def test_quantities_gold_floor(shared):
    score = reference_tool("score")
    gold = shared / "gold"
    dirs = [gold / "dongcheng-2021", *sorted(p for p in (gold / "excerpts").iterdir() if p.is_dir())]
    ok = pred = n_gold = found = qual_ok = non = chars = 0
    for d in dirs:
        text = (d / "report.txt").read_text(encoding="utf-8")
        found_q = quantities.extract(text, structure.outline(text))
        r = score.score(d, {"quantities": [asdict(q) for q in found_q]}, 0)
        assert r["span_errors"] == 0
        ok += r["n_quantity_value_ok"]
        pred += r["n_quantity_pred"]
        n_gold += r["n_quantity_gold"]
        found += r["n_quantity_found"]
        qual_ok += r["n_qualifier_ok"]
        non += r["non_quantities_reported"]
        chars += len(text)
    precision, recall = ok / pred, ok / n_gold
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= VALUE_F1_FLOOR, (precision, recall)
    assert qual_ok / found >= QUALIFIER_FLOOR
    assert non * 5000 / chars <= NON_QUANTITIES_PER_5000_CEILING
