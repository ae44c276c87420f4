"""Numerals: a table of forms seen in reports, and property tests that render
random numbers in each written form and parse them back."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi import numbers

CASES = [
    ("670", 670), ("27.47", 27.47), ("1,234,567.5", 1234567.5), ("１２３", 123), ("３．５", 3.5),
    ("一", 1), ("十", 10), ("十五", 15), ("二十", 20), ("一百零五", 105), ("两万", 20000),
    ("三千零五", 3005), ("一万二千", 12000), ("一亿五千万", 150000000), ("十二万", 120000),
    ("二〇二一", 2021), ("壹佰贰拾", 120), ("万亿", 1e12), ("千亿", 1e11),
    ("1.6万", 16000), ("3千", 3000), ("1.3万亿", 1.3e12), ("5千万", 5e7),
]


@pytest.mark.parametrize("text,value", CASES)
def test_numbers_parse_number(text, value):
    assert numbers.parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "三四", "abc", "万万x", "1.2.3"])
def test_numbers_parse_number_rejects(text):
    assert numbers.parse_number(text) is None


@pytest.mark.parametrize("text,value", [
    ("6.5%", 6.5), ("６．５％", 6.5), ("百分之五", 5), ("百分之九十五", 95), ("八成", 80), ("4成", 40),
    ("一半", 50), ("三分之一", 100 / 3), ("四分之三", 75), ("万分之一", 0.01),
])
def test_numbers_parse_percent(text, value):
    assert numbers.parse_percent(text) == pytest.approx(value)


@pytest.mark.parametrize("text,low,high", [
    ("3至5", 3, 5), ("3—5", 3, 5), ("3~5", 3, 5), ("3～5", 3, 5), ("三到五", 3, 5),
    ("6－6.5", 6, 6.5), ("3~5万", 30000, 50000), ("1万至2万", 10000, 20000),
])
def test_numbers_parse_range(text, low, high):
    assert numbers.parse_range(text) == (pytest.approx(low), pytest.approx(high))


# --- an independent renderer, used only to generate test input ---
DIGITS = "零一二三四五六七八九"
FORMAL = str.maketrans("一二三四五六七八九十百千", "壹贰叁肆伍陆柒捌玖拾佰仟")
FULLWIDTH = str.maketrans("0123456789.%", "０１２３４５６７８９．％")


def _section(n: int) -> str:
    out, gap = "", False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // unit % 10
        if digit == 0:
            gap = bool(out)
            continue
        if gap:
            out += "零"
            gap = False
        out += DIGITS[digit] + name
    return out


def chinese(n: int, liang: bool = False) -> str:
    """Render n the way reports write it (一百零五, 十二万, 一亿零五百万)."""
    if n == 0:
        return "零"
    yi, rest = divmod(n, 10**8)
    wan, low = divmod(rest, 10**4)
    s = chinese(yi) + "亿" if yi else ""
    if wan:
        s += ("零" if s and wan < 1000 else "") + _section(wan) + "万"
    if low:
        s += ("零" if s and (low < 1000 or not wan) else "") + _section(low)
    if s.startswith("一十"):
        s = s[1:]
    if liang and s.startswith("二") and s[1:2] in ("百", "千", "万", "亿"):
        s = "两" + s[1:]
    return s


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**13), st.booleans())
def test_numbers_chinese_round_trip(n, liang):
    assert numbers.parse_chinese(chinese(n, liang)) == n


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 10**9))
def test_numbers_formal_round_trip(n):
    assert numbers.parse_chinese(chinese(n).translate(FORMAL)) == n


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**12), st.integers(0, 3), st.sampled_from(["plain", "thousands", "fullwidth"]))
def test_numbers_arabic_round_trip(n, places, form):
    value = n / 10**places
    text = f"{value:,.{places}f}" if form == "thousands" else f"{value:.{places}f}"
    if form == "fullwidth":
        text = text.translate(FULLWIDTH)
    assert numbers.parse_number(text) == pytest.approx(value)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 99999), st.integers(0, 2), st.sampled_from(["万", "亿", "万亿", "千", "千万"]))
def test_numbers_mixed_round_trip(n, places, scale):
    text = f"{n / 10**places:.{places}f}{scale}"
    assert numbers.parse_number(text) == pytest.approx(n / 10**places * numbers.scale_factor(scale))


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 100), st.integers(1, 10), st.integers(2, 10))
def test_numbers_percent_forms_round_trip(n, tenth, whole):
    assert numbers.parse_percent(f"百分之{chinese(n)}") == n
    assert numbers.parse_percent(f"{chinese(tenth)}成") == tenth * 10
    part = max(1, whole - 1)
    assert numbers.parse_percent(f"{chinese(whole)}分之{chinese(part)}") == pytest.approx(part / whole * 100)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**6), st.integers(1, 10**6), st.sampled_from(["至", "到", "—", "-", "~", "～"]),
       st.booleans())
def test_numbers_range_round_trip(low, span, sep, in_chinese):
    high = low + span
    render = chinese if in_chinese else str
    assert numbers.parse_range(f"{render(low)}{sep}{render(high)}") == (low, high)


UNITS = [("元", 1, "元"), ("万元", 10**4, "元"), ("亿元", 10**8, "元"), ("个", 1, "个"), ("人次", 1, "人次"),
         ("万人", 10**4, "人"), ("亩", 1, "亩"), ("%", 1, "%"), ("个百分点", 1, "个百分点")]


@settings(max_examples=300, deadline=None)
@given(st.integers(3, 9999), st.sampled_from(UNITS), st.sampled_from(["arabic", "fullwidth", "chinese", "liang"]))
def test_numbers_render_then_extract(n, unit, form):
    """A number rendered in any form, followed by a unit, comes back as one
    quantity of the right value (the quantity grammar built on these numerals)."""
    from luoshi import quantities
    surface, factor, base = unit
    numeral = {"arabic": str(n), "fullwidth": str(n).translate(FULLWIDTH),
               "chinese": chinese(n), "liang": chinese(n, liang=True)}[form]
    text = f"全年完成{numeral}{surface}，"
    (q,) = quantities.scan(text)
    assert (q.text, q.value, q.unit) == (numeral + surface, n * factor, base)
