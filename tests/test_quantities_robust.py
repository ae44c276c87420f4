"""No input makes the quantity extractor raise, and every span it reports is
valid: text[start:end] == q.text, within the text, values consistent."""
import math

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi import quantities
from luoshi.model import Qualifier, Structure

# Characters the grammar reacts to, so that random strings reach deep paths.
NUMERIC = "0123456789０１２３４５６７８９.,．%％·+-—~至到〇零一二两三四五六七八九十百千万亿壹贰半成分之" \
          "超约近逾多余以上左右内下不到过低于第排名居全市省国位个家人名年月日元亩平方米次场项条期级度倍" \
          "百分点“”《》，。、；：\n 下降增长上升来过去的这行动计划"


def _check(text: str) -> None:
    for q in quantities.extract(text, Structure()):
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start:q.end] == q.text
        assert q.unit
        if q.qualifier == Qualifier.RANGE:
            assert q.value is None and q.low is not None and q.high is not None and q.low < q.high
        else:
            assert q.value is not None and math.isfinite(q.value)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_quantities_arbitrary_unicode_never_raises(text):
    _check(text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=NUMERIC, max_size=60))
def test_quantities_numeric_soup_never_raises(text):
    _check(text)


def test_quantities_corpus_spans_slice_back(shared):
    for path in sorted((shared / "corpus").glob("*.txt")):
        _check(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("text", [
    "超" + "亿" * 120 + "元", "1" * 400 + "元", "百分之" + "9" * 400, "九" * 400 + "分之一",
    "3" + "0" * 400 + "至4" + "0" * 401 + "元", "1" * 400 + "/" + "1" * 3, "第" * 50 + "一" * 50, "排名第" + "9" * 400 + "位",
])
def test_quantities_extreme_numbers_are_dropped_not_raised(text):
    _check(text)
