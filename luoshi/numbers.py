"""Numerals as Chinese government reports write them: Arabic (with thousands
separators, decimals, full-width digits), Chinese (一百二十三, 两万, 二〇二一,
formal 壹贰叁), mixed (1.6万, 3千, 1.3万亿), percent forms (百分之五, 三成,
一半, 三分之一) and ranges (3至5, 三到五).

The regex fragments here are the building blocks of the quantity grammar
(`luoshi.quantities`); the parse functions turn a matched numeral into a float.
Nothing here changes the length of a text: full-width characters are mapped
one for one (`halfwidth`), so offsets found in the mapped text are offsets in
the original.
"""
from __future__ import annotations

import re
from decimal import Decimal

# Full-width digits and the punctuation that belongs to numbers, one for one.
# The ideographic comma 、 and the full-width comma ， are NOT mapped: in
# Chinese text they separate clauses, never thousands.
_FULL = "０１２３４５６７８９．％－～"
_HALF = "0123456789.%-~"
_HALFWIDTH = str.maketrans(_FULL, _HALF)

CN_DIGITS = {
    "〇": 0, "零": 0, "洞": 0,
    "一": 1, "壹": 1, "幺": 1,
    "二": 2, "两": 2, "贰": 2, "貳": 2,
    "三": 3, "叁": 3, "參": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}
# 洞 and 幺 are radio-speech digits; they are accepted by the parser but left
# out of the regex below (洞 means "hole" in running text).
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_UNITS = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}

# --- regex fragments (no groups, so callers may wrap them as they like) ---
CN_DIGIT_CHARS = "〇零一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
CN_UNIT_CHARS = "十拾百佰千仟万亿"
# An Arabic number: 1,234.5 or 12.5 or 7; never glued to a Latin letter or
# another digit (codes such as M0, 5G, PM2.5 are names, not quantities).
ARABIC = r"(?<![A-Za-z0-9.·])(?:\d{1,3}(?:,\d{3})+(?![\d])|\d+)(?:\.\d+)?(?![A-Za-z])"
CHINESE = f"[{CN_DIGIT_CHARS}{CN_UNIT_CHARS}]+"
# Scale words after an Arabic number: 万亿 before 亿 before 万 (longest first).
SCALE = r"(?:[十百千]?万亿|[十百千]?亿|[十百千]?万|千|百)"
RANGE_SEP = r"(?:至|到|——|—|–|-|~|〜|－|～)"


def halfwidth(text: str) -> str:
    """Map full-width digits, ．, ％, －, ～ to ASCII, one character for one.

    >>> halfwidth("增长６．５％")
    '增长6.5%'
    >>> len(halfwidth("１２３")) == len("１２３")
    True
    """
    return text.translate(_HALFWIDTH)


def parse_arabic(s: str) -> float:
    """An Arabic numeral with optional thousands separators.

    >>> parse_arabic("1,234.5")
    1234.5
    >>> parse_arabic("１２")
    12.0
    """
    return float(halfwidth(s).replace(",", ""))


def _section(s: str) -> int | None:
    """Value of a Chinese numeral below 万 (e.g. 三千零五, 十二, 两百)."""
    total, digit = 0, None
    for ch in s:
        if ch in CN_DIGITS:
            if digit is not None and CN_DIGITS[ch] and digit:
                return None                    # 三四 (two digits in a row) is not a number
            digit = CN_DIGITS[ch]
        elif ch in _SMALL_UNITS:
            unit = _SMALL_UNITS[ch]
            total += (1 if digit is None else digit) * unit   # 十二: the 1 of 十 is implied
            digit = None
        else:
            return None
    return total + (digit or 0)


def _digit_string(s: str) -> int | None:
    """二〇二一 (a year or code written digit by digit), else None."""
    if len(s) >= 2 and all(ch in CN_DIGITS for ch in s) and any(ch in "〇零" for ch in s[1:]) \
            or len(s) >= 3 and all(ch in CN_DIGITS for ch in s):
        return int("".join(str(CN_DIGITS[ch]) for ch in s))
    return None


def parse_chinese(s: str) -> float | None:
    """A Chinese numeral, or None when the characters do not form one.

    >>> parse_chinese("一百二十三"), parse_chinese("两万"), parse_chinese("十")
    (123.0, 20000.0, 10.0)
    >>> parse_chinese("一万二千"), parse_chinese("三千零五"), parse_chinese("一亿五千万")
    (12000.0, 3005.0, 150000000.0)
    >>> parse_chinese("二〇二一"), parse_chinese("壹佰"), parse_chinese("万亿")
    (2021.0, 100.0, 1000000000000.0)
    >>> parse_chinese("三四") is None
    True
    """
    if not s:
        return None
    try:
        return _chinese(s)
    except OverflowError:                     # 亿亿亿…: beyond a float
        return None


def _chinese(s: str) -> float | None:
    digits = _digit_string(s)
    if digits is not None:
        return float(digits)
    total, section_start = 0, 0
    pending = 0          # value accumulated since the last 亿, multiplied by 万 once
    i = 0
    while i < len(s):
        ch = s[i]
        if ch in _BIG_UNITS:
            part = _section(s[section_start:i])
            if part is None:
                return None
            big = _BIG_UNITS[ch]
            if big == 10**8:
                total = (total + pending + (part or (0 if (total or pending) else 1))) * big
                pending = 0
            else:
                pending = (pending + (part or 1)) * big
            section_start = i + 1
        i += 1
    rest = _section(s[section_start:])
    if rest is None:
        return None
    return float(total + pending + rest)


def parse_number(s: str) -> float | None:
    """Any plain numeral: Arabic, Chinese, or Arabic followed by a scale.

    >>> parse_number("1.6万"), parse_number("3千"), parse_number("1.3万亿")
    (16000.0, 3000.0, 1300000000000.0)
    >>> parse_number("12,800"), parse_number("三十五"), parse_number("３")
    (12800.0, 35.0, 3.0)
    >>> parse_number("abc") is None
    True
    """
    s = halfwidth(s.strip())
    m = re.fullmatch(r"([\d,]*\d(?:\.\d+)?)(" + SCALE + ")?", s)
    if m:
        return scaled(m.group(1), m.group(2) or "")
    return parse_chinese(s)


def scaled(numeral: str, scale: str) -> float | None:
    """A numeral times a scale word, exact in decimal (166.2亿 is 16620000000,
    not 16619999999.999998).

    >>> scaled("166.2", "亿"), scaled("十二", "万"), scaled("1,234.5", "")
    (16620000000.0, 120000.0, 1234.5)
    """
    numeral = halfwidth(numeral)
    if numeral[:1].isdigit():
        return float(Decimal(numeral.replace(",", "")) * int(scale_factor(scale)))
    value = parse_chinese(numeral)
    return None if value is None else value * scale_factor(scale)


def scale_factor(scale: str) -> float:
    """The multiplier of a scale word (万 → 1e4, 千万 → 1e7, 万亿 → 1e12).

    >>> scale_factor("万亿"), scale_factor("千万"), scale_factor("")
    (1000000000000.0, 10000000.0, 1.0)
    """
    f = 1.0
    for ch in scale:
        f *= _BIG_UNITS.get(ch) or _SMALL_UNITS.get(ch, 1)
    return f


_FRACTION = re.compile(r"(.+)分之(.+)")


def parse_percent(s: str) -> float | None:
    """A share in percent: 6.5%, 百分之五, 三成, 一半, 三分之一.

    >>> parse_percent("6.5%"), parse_percent("百分之九十五"), parse_percent("八成")
    (6.5, 95.0, 80.0)
    >>> parse_percent("一半"), parse_percent("四分之一"), round(parse_percent("三分之一"), 4)
    (50.0, 25.0, 33.3333)
    """
    s = halfwidth(s.strip())
    if s == "一半":
        return 50.0
    if s.endswith("%"):
        return parse_number(s[:-1])
    if s.startswith("百分之"):
        return parse_number(s[3:])
    if s.endswith("成"):
        n = parse_number(s[:-1])
        return None if n is None else n * 10
    m = _FRACTION.fullmatch(s)
    if m:
        whole, part = parse_number(m.group(1)), parse_number(m.group(2))
        if whole and part is not None:
            return part / whole * 100
    return None


_RANGE = re.compile(f"(.+?){RANGE_SEP}(.+)")


def parse_range(s: str) -> tuple[float, float] | None:
    """A range `low SEP high`; a scale written only after `high` applies to both.

    >>> parse_range("3至5"), parse_range("三到五"), parse_range("3—5")
    ((3.0, 5.0), (3.0, 5.0), (3.0, 5.0))
    >>> parse_range("3~5万")
    (30000.0, 50000.0)
    """
    m = _RANGE.fullmatch(halfwidth(s.strip()))
    if not m:
        return None
    low_s, high_s = m.group(1), m.group(2)
    high = parse_number(high_s)
    low = parse_number(low_s)
    if low is None or high is None:
        return None
    scale = re.search(SCALE + "$", high_s)
    if scale and not re.search(SCALE + "$", low_s) and re.fullmatch(r"[\d.,]+", low_s):
        low *= scale_factor(scale.group(0))
    return low, high
