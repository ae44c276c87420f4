"""No text and no set of figures makes indicators.annotate raise; it keeps every
figure's span and fills only its own fields."""
from hypothesis import given, settings, strategies as st

from luoshi import indicators
from luoshi.model import Kind, Quantity, Structure

ALPHABET = st.sampled_from(list("全年地区生产总值达到亿元万同比增长下降提高其中、，。；\n（）“”一二三第位居排名确保力争以上左右截至目前2019年0123456789.%"))
UNITS = st.sampled_from(["元", "%", "个", "名次", "年", "倍", "个百分点", "亩", ""])


@st.composite
def text_and_figures(draw):
    text = draw(st.one_of(st.text(max_size=120), st.text(alphabet=ALPHABET, max_size=120)))
    ends = st.integers(0, len(text))
    pairs = draw(st.lists(st.tuples(ends, ends), max_size=8))     # spans may overlap or nest
    figures = []
    for a, b in pairs:
        if a < b:
            figures.append(Quantity(text=text[a:b], start=a, end=b, value=1.0, unit=draw(UNITS),
                                    kind=draw(st.sampled_from([Kind.ACTUAL, Kind.RANK]))))
    return text, tuple(figures)


@settings(max_examples=300, deadline=None)
@given(text_and_figures())
def test_annotate_never_raises_and_keeps_spans(case):
    text, found = case
    got = indicators.annotate(text, Structure(), found)
    assert sorted((q.start, q.end, q.text) for q in got) == sorted((q.start, q.end, q.text) for q in found)
    for q in got:
        assert q.kind in Kind and q.section in (None, "intro", "review", "plan")
        assert q.metric is None or isinstance(q.metric, str) and q.metric
        assert q.of is None or q.kind == Kind.GROWTH
        assert q.firmness is None or q.kind == Kind.TARGET
