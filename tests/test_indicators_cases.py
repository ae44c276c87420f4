"""Table-driven cases for luoshi.indicators (tests/cases/indicators/cases.jsonl, each
with its source): a text whose figures are marked 【…】; the marks are removed and the
figures handed to annotate as the detector would (no metric, kind RANK for ranks), then
the expected fields are checked. Cases with "xfail" are known failures (strict)."""
import json
import re
from pathlib import Path

import pytest

from luoshi import indicators
from luoshi.model import Kind, Quantity, Structure

CASES = [json.loads(line) for line in
         (Path(__file__).parent / "cases" / "indicators" / "cases.jsonl").read_text(encoding="utf-8").splitlines()
         if line.strip()]


def unit_of(span: str) -> str:
    for unit in ("个百分点", "%", "倍", "年"):
        if span.endswith(unit):
            return unit
    if re.search(r"第.|首位", span):
        return "名次"
    if re.search(r"[升降]\d+位$", span):
        return "名次"
    return span[-1]


def marked(text: str) -> tuple[str, tuple[Quantity, ...]]:
    plain, found = "", []
    for piece in re.split(r"(【[^】]*】)", text):
        if piece.startswith("【"):
            span = piece[1:-1]
            unit = unit_of(span)
            found.append(Quantity(text=span, start=len(plain), end=len(plain) + len(span), value=1.0, unit=unit,
                                  kind=Kind.RANK if unit == "名次" else Kind.ACTUAL))
            piece = span
        plain += piece
    return plain, tuple(found)


def as_param(case: dict):
    """A case with an "xfail" reason is a known failure: strict, so a fix must move it."""
    marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
    return pytest.param(case, id=case["name"], marks=marks)


@pytest.mark.parametrize("case", [as_param(c) for c in CASES])
def test_indicator_case(case):
    text, found = marked(case["text"])
    got = indicators.annotate(text, Structure(), found)
    assert len(got) == len(case["expect"])
    for q, want in zip(got, case["expect"]):
        for field, value in want.items():
            assert getattr(q, field) == value, f"{q.text}: {field} {getattr(q, field)!r} != {value!r}"
