"""The quantity grammar against tables of real examples, grouped by phenomenon
(tests/cases/quantities/*.tsv; columns: input, span, value, unit, qualifier,
source, status). A row whose value is `-` is a non-quantity: no figure may
overlap its span. `low..high` is a range. status `xfail` marks a known failure
(strict, so a fix must move it)."""
from pathlib import Path

import pytest

from luoshi import quantities

CASES = Path(__file__).parent / "cases" / "quantities"


def load_cases():
    for path in sorted(CASES.glob("*.tsv")):
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t") + [""] * 7
            text, span, value, unit, qualifier, source, status = cols[:7]
            marks = [pytest.mark.xfail(strict=True, reason=source)] if status.strip() == "xfail" else []
            yield pytest.param(text, span, value, unit, qualifier, id=f"{path.stem}:{no}", marks=marks)


def _number(s: str) -> float:
    return float(s)


@pytest.mark.parametrize("text,span,value,unit,qualifier", list(load_cases()))
def test_quantities_case(text, span, value, unit, qualifier):
    start = text.index(span)
    end = start + len(span)
    found = quantities.scan(text)
    hits = [q for q in found if q.start < end and start < q.end]
    if value == "-":
        assert hits == [], f"{span!r} is not a quantity, got {[q.text for q in hits]}"
        return
    assert len(hits) == 1, f"expected one quantity on {span!r}, got {[q.text for q in found]}"
    q = hits[0]
    assert (q.text, q.start, q.end) == (span, start, end)
    assert text[q.start:q.end] == q.text
    if ".." in value:
        low, high = map(_number, value.split(".."))
        assert (q.value, q.low, q.high) == (None, pytest.approx(low), pytest.approx(high))
    else:
        assert q.value == pytest.approx(_number(value))
    assert q.unit == unit
    assert (q.qualifier or "-") == qualifier
