"""Table-driven entity cases, one table per type under tests/cases/entities/.
Each case lists spans that must be found with their type (`expect`), names
that must be found as nested (`nested`), and spans that must not be reported
at all (`absent`)."""
import tomllib
from pathlib import Path

import pytest

from luoshi import entities

CASES = Path(__file__).parent / "cases" / "entities"


def load_cases():
    for path in sorted(CASES.glob("*.toml")):
        for i, case in enumerate(tomllib.loads(path.read_text(encoding="utf-8"))["case"]):
            yield pytest.param(case, id=f"{path.stem}-{i}")


@pytest.mark.parametrize("case", list(load_cases()))
def test_entities_case(case):
    found = entities.extract(case["text"])
    flat = {(e.text, e.type.value) for e in found if not e.nested}
    nested = {(e.text, e.type.value) for e in found if e.nested}
    for span, typ in case.get("expect", []):
        assert (span, typ) in flat, f"{span}/{typ} not in {sorted(flat)}"
    for span, typ in case.get("nested", []):
        assert (span, typ) in nested, f"nested {span}/{typ} not in {sorted(nested)}"
    texts = {e.text for e in found}
    for span in case.get("absent", []):
        assert span not in texts, f"{span} should not be reported"


@pytest.mark.parametrize("text", ["", "。", "“”", "《》", "一", "abc", "\n\n", "“" * 50])
def test_entities_degenerate_input(text):
    for e in entities.extract(text):
        assert text[e.start:e.end] == e.text
