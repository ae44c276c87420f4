"""A floor on the held-out gold (gold/heldout/*): four report excerpts annotated by
reading, without looking at luoshi's output first (see gold/heldout/README.md).
Measured when the folders were made: value F1 0.995, qualifier 0.995, kind 0.954,
non-quantities 0.38 per 5,000 characters. The floors are those figures rounded down;
raise them only when the pipeline improves, never by editing the gold."""
import json
from pathlib import Path

import pytest

from luoshi.evaluate import evaluate, gold_dirs

HELDOUT = Path(__file__).resolve().parent.parent / "gold" / "heldout"
FOLDERS = ("guowuyuan-2020", "hebei-2024", "guangdong-2025", "qingyuanqu-2024")

FLOORS = (  # (figure in Evaluation.total, floor or ceiling, direction)
    ("quantity_value_f1", 0.99, "min"),
    ("quantity_qualifier_acc", 0.99, "min"),
    ("kind_acc", 0.96, "min"),
    ("metric_acc", 0.96, "min"),
    ("non_quantities_per_5000", 0.4, "max"),
)


@pytest.fixture(scope="module")
def total() -> dict:
    return evaluate(gold_dirs([str(HELDOUT)])).total


def test_heldout_folders_are_all_there():
    assert sorted(d.name for d in gold_dirs([str(HELDOUT)])) == sorted(FOLDERS)


@pytest.mark.parametrize("folder", FOLDERS)
def test_heldout_spans_match_text(folder):
    """Every gold record's offsets point at its text (the files are hand-made)."""
    text = (HELDOUT / folder / "report.txt").read_text(encoding="utf-8")
    for name in ("quantities.jsonl", "non_quantities.jsonl"):
        for line in (HELDOUT / folder / name).read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            assert text[r["start"]:r["end"]] == r["text"], (folder, r)


@pytest.mark.parametrize("figure,bound,direction", FLOORS)
def test_heldout_floor(total, figure, bound, direction):
    if direction == "min":
        assert total[figure] >= bound, f"{figure} {total[figure]:.3f} fell below {bound}"
    else:
        assert total[figure] <= bound, f"{figure} {total[figure]:.3f} rose above {bound}"
