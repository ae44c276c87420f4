"""Entities on the shared data: every span valid on every corpus report, a
floor on the dev gold (reference scorer), and the overlap rule."""
from dataclasses import asdict

import pytest

from luoshi import entities
from conftest import reference_tool

EXACT_F1_FLOOR = 0.90          # bar: 0.75
OVERLAP_F1_FLOOR = 0.93        # bar: 0.85


def test_entities_spans_valid_on_corpus(shared):
    files = sorted((shared / "corpus").glob("*.txt"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        found = entities.extract(text)
        assert found, path.name
        flat = [e for e in found if not e.nested]
        for e in found:
            assert 0 <= e.start < e.end <= len(text) and text[e.start:e.end] == e.text, (path.name, e)
            # quote marks are excluded (a title may hold a quoted name: 《“三重一大”…办法》)
            assert e.text[0] != "《" and e.text[-1] != "》", (path.name, e)
            assert not (e.text[0] == "“" and e.text[-1] == "”"), (path.name, e)
        for a, b in zip(flat, flat[1:]):
            assert a.end <= b.start, (path.name, a, b)                    # flat spans never overlap
        for e in found:
            if e.nested:
                assert any(p.start <= e.start and e.end <= p.end for p in flat), (path.name, e)


def test_entities_dev_gold_floor(shared):
    gold = shared / "gold" / "dongcheng-2021"
    text = (gold / "report.txt").read_text(encoding="utf-8")
    pred = {"entities": [asdict(e) for e in entities.extract(text)]}
    r = reference_tool("score").score(gold, pred, 0)
    assert r["entity_exact_f1"] >= EXACT_F1_FLOOR, r["entity_exact_f1"]
    assert r["entity_overlap_f1"] >= OVERLAP_F1_FLOOR, r["entity_overlap_f1"]


@pytest.mark.parametrize("cands, expected", [
    # longest span wins
    ([(0, 4, "PROJECT"), (0, 2, "PLACE"), (2, 4, "GOV")], [(0, 4, "PROJECT", False), (0, 2, "PLACE", True)]),
    # equal spans: the higher rank (POLICY) wins
    ([(0, 3, "PLACE"), (0, 3, "POLICY")], [(0, 3, "POLICY", False)]),
    # partial overlap: the shorter is dropped
    ([(0, 3, "ORG"), (2, 6, "PROJECT")], [(2, 6, "PROJECT", False)]),
    # nothing nests inside an ORG
    ([(0, 4, "ORG"), (0, 2, "PLACE")], [(0, 4, "ORG", False)]),
])
def test_entities_overlap_rule(cands, expected):
    from luoshi.entities import RANK, Cand
    from luoshi.model import EntityType
    text = "上海复星集团"
    found = entities.resolve(text, [Cand(s, e, EntityType(t), RANK[EntityType(t)] * 10) for s, e, t in cands])
    assert [(x.start, x.end, x.type.value, x.nested) for x in found] == expected
