"""Quantities: every figure in a report, with its value in base units, its
unit, and how precise it is (约 / 超 / 近 / ranges).

The grammar works on characters, not words: one compiled regex scans the text
once. Its alternatives, tried in this order at each position, are

* ``rank``  — 排名第二, 居全市第一, 全市第4, 第七位 (unit 名次), and top
  places 进入全省前三, 全市前10名 (value N, qualifier under);
* ``block`` — numbers that are never quantities and must not be read as one:
  years (2021年), ordinals (第一议题, 第十六届), fixed terms (两个维护);
* ``qty``   — [qualifier] numeral [range] [多/余] [scale] unit [qualifier],
  plus 百分之X, X分之Y, 一半, 翻番.

A match is then checked by small rules (`_reject`) that need context: a
Chinese numeral after an opening quote is a slogan (“四个意识”), 一年来 /
过去五年 name a period, 一期 / 二级 are labels. Word lists live in
luoshi/data/units.toml, qualifiers.toml and non_quantities.toml.

The indicator stage (luoshi.indicators) then fills metric, kind, period.
"""
from __future__ import annotations

import functools
import math
import re
import tomllib
from dataclasses import dataclass
from importlib import resources

from . import indicators, numbers
from .model import Kind, Qualifier, Quantity, Structure

_CN = numbers.CHINESE
_NUM = f"(?:{numbers.ARABIC}|{_CN})"
_OPENING_QUOTES = "“‘\"'《〈「『【"
_CLOSING_QUOTES = "”’》〉」』】"
_SHARE_BEFORE = ("占", "达", "为", "约", "的")
_CLAUSE_END = "，,。；;：:！？!?\n、（）()"
_COUNT_BEFORE = re.compile(f"(?:\\d|[{numbers.CN_DIGIT_CHARS}{numbers.CN_UNIT_CHARS}])个$")
# What ends a clause but not a short quoted name (“300米见绿、500米见园”).
_NAME_BREAK = "，,。；;：:！？!?\n（）()"
# A closing quote within twelve characters, nothing of a clause between.
_QUOTE_CLOSES_SOON = re.compile(f"[^{_NAME_BREAK}{_CLOSING_QUOTES}{_OPENING_QUOTES}]{{0,12}}[{_CLOSING_QUOTES}]")


def _toml(name: str) -> dict:
    return tomllib.loads((resources.files("luoshi") / "data" / name).read_text(encoding="utf-8"))


def _alt(words) -> str:
    """A regex alternation of literal words, longest first (万亿 before 万)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@dataclass(frozen=True, slots=True)
class Grammar:
    pattern: re.Pattern
    units: dict            # surface -> (base unit, group)
    prefix: dict           # qualifier words before the number
    infix: dict            # 多 / 余 between number and unit
    suffix: dict           # 以上 / 左右 / 以内 …
    rules: dict            # units.toml [rules]
    implied: dict          # units.toml [implied]
    rank: dict             # units.toml [rank]
    period: dict           # non_quantities.toml [period]
    fall: re.Pattern       # a falling-rate verb right before a figure
    hundred: tuple         # non_quantities.toml [slogan]: 六个百分之百


@functools.cache
def grammar() -> Grammar:
    """Build the one scanning regex from the data tables (once per process)."""
    units_t, qual_t, non_t = _toml("units.toml"), _toml("qualifiers.toml"), _toml("non_quantities.toml")
    skip = {"rules", "implied", "rank"}
    units = {surface: (base, group) for group, table in units_t.items() if group not in skip
             for surface, base in table.items()}
    rank, terms = units_t["rank"], non_t["terms"]["words"]
    # Every alternative starts with one of these characters; testing them first
    # lets the scan skip most positions at once (it doubles the speed).
    starts = set("0123456789" + numbers.CN_DIGIT_CHARS + numbers.CN_UNIT_CHARS + "第翻数几前")
    for words in (rank["frames"], rank["top_frames"], rank["scopes"], terms, qual_t["prefix"]):
        starts.update(w[0] for w in words)
    first = "[" + re.escape("".join(sorted(starts))) + "]"
    unit_re = _unit_re(units, non_t["count_not_before"])
    pattern = re.compile(f"(?={first})(?:{_rank_re(rank)}|{_block_re(terms)}|{_qty_re(unit_re, qual_t)})",
                         re.VERBOSE)
    sign = qual_t["sign"]
    fall = re.compile(f"(?:{_alt(sign['fall'])})(?:{_alt(sign['between'])})*$")
    return Grammar(pattern=pattern, units=units,
                   prefix=qual_t["prefix"], infix=qual_t["infix"], suffix=qual_t["suffix"],
                   rules=units_t["rules"], implied=units_t["implied"], rank=rank,
                   period=non_t["period"], fall=fall, hundred=tuple(non_t["slogan"]["hundred"]))


def _rank_re(rank: dict) -> str:
    frames, scopes = _alt(rank["frames"]), _alt(rank["scopes"])
    top_frames = _alt(rank["frames"] + rank["top_frames"])
    # 前三 is a top place only when nothing numeric or period-like goes on:
    # 全市前三季度, 前10个月 and 前10% (a percentile) stay out.
    top_end = f"(?![0-9.%{numbers.CN_DIGIT_CHARS}{numbers.CN_UNIT_CHARS}])(?!{_alt(rank['top_not_before'])})"
    return f"""(?P<rank>
        (?:(?P<frame>{frames})(?:{scopes})?|(?:{scopes}))   # 排名 / 居全市 / 全市
        第(?P<rn>{_NUM})(?:位|名)?                      # 第二, 第4, 第二位
      | 第(?P<rn2>{_NUM})(?:位|名)                      # 第七位 after a long list name
      | (?:(?:{top_frames})(?:{scopes})?|(?:{scopes}))  # 进入全省 / 排名 / 全市
        前(?P<tn>{_NUM})(?:位|名|强)?{top_end}          # 前三, 前10名: a ceiling on the place
      | 前(?P<tn2>{_NUM})(?:位|名){top_end}             # 前三位 after a long list name
    )"""


def _block_re(terms: list[str]) -> str:
    year = rf"(?<![\d.])(?:1[89]|20)\d\d(?:(?:{numbers.RANGE_SEP})(?:(?:1[89]|20)\d\d|\d\d))?年"
    return f"""(?P<block>
        {year}                                         # 2021年, 2016-2020年
      | [〇零一二三四五六七八九]{{4}}年                 # 二〇二一年
      | 第(?P<ord>{_NUM})                               # 第一议题, 第十六届
      | {_alt(terms)}                                  # 两个维护, 八项规定
    )"""


def _unit_re(units: dict, not_before: dict) -> str:
    """Unit words, longest first, each unless followed by a word it begins
    (家庭, 人大, 次会议): then the regex backtracks to a bare scale, so that
    近千万家庭 still reads 近千万 (households)."""
    parts = []
    for surface in sorted(units, key=lambda w: (-len(w), w)):
        guard = f"(?!{_alt(not_before[surface])})" if surface in not_before else ""
        parts.append(re.escape(surface) + guard)
    return "|".join(parts)


def _prefix_re(qual_t: dict) -> str:
    """Qualifier words before a number, longest first, each unless it ends a
    longer word (签约, 节约, 赶超)."""
    not_after = qual_t["prefix_not_after"]
    parts = []
    for word in sorted(qual_t["prefix"], key=lambda w: (-len(w), w)):
        guard = "(?<![" + re.escape("".join(not_after[word])) + "])" if word in not_after else ""
        parts.append(guard + re.escape(word))
    return "|".join(parts)


def _qty_re(unit_re: str, qual_t: dict) -> str:
    return rf"""(?P<qty>
        (?P<pre>{_prefix_re(qual_t)})?                 # 超 / 约 / 近 / 突破
        (?:
          (?P<special>百分之(?P<pn>{_NUM})              # 百分之九十
            | (?P<fd>{_CN})分之(?P<fn>{_CN})            # 三分之一
            | (?<![\d/.])(?P<an>\d{{1,2}})/(?P<ad>\d{{1,2}})(?![\d/])   # 占全国1/4
            | 一半 | 翻(?:一|两)?番)
        | (?P<vague>(?<![指总参系函基倍])[数几](?=[十百千万]))?   # 数千名, 几十家: at least
          (?P<n1>{_NUM})
          (?:(?P<s1>{numbers.SCALE})?(?P<u1>%)?         # the low end of a range: 3万至5万, 6%-8%
             (?P<sep>{numbers.RANGE_SEP})(?P<n2>{_NUM}))?
          (?P<m1>[多余])?(?P<sc>{numbers.SCALE})?(?P<m2>[多余])?   # 1000多万, 2万余
          (?:(?P<unit>{unit_re})                        # 元 / 人次 / 个百分点 …
            | (?<=[万亿]))                              # or a bare scale: 突破1600万
        )
        (?P<post>{_alt(qual_t["suffix"])})?            # 以上 / 左右 / 以内 / 内
    )"""


def extract(text: str, outline: Structure) -> tuple[Quantity, ...]:
    """Every quantity in `text`, in text order, with indicators filled in."""
    found = scan(text)
    return indicators.annotate(text, outline, found)


def scan(text: str) -> tuple[Quantity, ...]:
    """The quantities of `text`: value (falling rates negative), unit,
    qualifier and, for ranks, kind; the indicator fields are left empty.

    >>> [(q.text, q.value, q.unit, q.qualifier) for q in scan("地区生产总值达到670亿元,同比增长6.5%")]
    [('670亿元', 67000000000.0, '元', None), ('6.5%', 6.5, '%', None)]
    >>> [(q.text, q.value, q.unit, str(q.qualifier)) for q in scan("发起超4000多名党员，检测约365万人次")]
    [('超4000多名', 4000.0, '名', 'over'), ('约365万人次', 3650000.0, '人次', 'approx')]
    >>> [(q.text, q.low, q.high, str(q.qualifier)) for q in scan("争取3至5年实现")]
    [('3至5年', 3.0, 5.0, 'range')]
    >>> [(q.text, q.value, str(q.kind)) for q in scan("人数居全市第一，2021年深化“四个意识”")]
    [('居全市第一', 1.0, 'rank')]
    """
    g = grammar()
    half = numbers.halfwidth(text)           # same length, so offsets carry over
    return _signed(text, _read_all(text, half, g))


def _read_all(text: str, half: str, g: Grammar) -> tuple[Quantity, ...]:
    """One pass of the regex; blocks (years, ordinals, terms) are skipped."""
    out: list[Quantity] = []
    title_end = -1                            # end of the last place read as a title (更多全国第一)
    for m in g.pattern.finditer(half):
        q = None
        if m.lastgroup == "rank":
            if _title(half, m, g, title_end):
                title_end = m.end()
                continue
            q = _rank(text, half, m, g)
        elif m.lastgroup == "qty":
            q = _quantity(text, half, m, g)
        elif m.group("ord") and out:
            q = _listed_rank(text, half, m, g, out[-1])
        if q is not None:
            out.append(q)
    return tuple(out)


def _title(half: str, m: re.Match, g: Grammar, title_end: int) -> bool:
    """培育更多全球第一、全国第一: places to win, named like titles, not held."""
    if not m.group("rn") or m.group("frame"):
        return False
    if title_end >= 0 and half[title_end:m.start()] == "、":
        return True
    return any(half.endswith(w, 0, m.start()) for w in g.rank["title_before"])


def _listed_rank(text: str, half: str, m: re.Match, g: Grammar, prev: Quantity) -> Quantity | None:
    """分别排名全市第2和第1: a bare 第N joined to a place just read is a place too."""
    if prev.kind != Kind.RANK or half[prev.end:m.start()] not in ("和", "、", "与", "及"):
        return None
    return _rank(text, half, m, g, m.group("ord"))


def _rank(text: str, half: str, m: re.Match, g: Grammar, numeral: str | None = None) -> Quantity | None:
    after = half[m.end():m.end() + 3]
    if any(after.startswith(w) for w in g.rank["not_before"]):
        return None                           # 全市第一个 / 第一书记: an ordinal, not a place
    if m.group("rn2") and half[m.start() - 1:m.start()] in ("在", "于"):
        return None                           # 放在第一位: a priority, not a place
    top = m.group("tn") or m.group("tn2")
    value = numbers.parse_number(numeral or m.group("rn") or m.group("rn2") or top)
    if value is None or not math.isfinite(value):
        return None
    return Quantity(text=text[m.start():m.end()], start=m.start(), end=m.end(), value=value,
                    unit="名次", unit_surface=None, kind=Kind.RANK,
                    qualifier=Qualifier.UNDER if top and not numeral else None)


def _special(half: str, m: re.Match) -> tuple[float | None, str]:
    """百分之X, X分之Y, 1/4, 一半, 翻番: value and base unit."""
    s = m.group("special")
    if s.startswith("翻"):
        return (4.0 if "两" in s else 2.0), "倍"
    if m.group("ad"):
        # 1/4 is a share only where a share is expected (占全国1/4, 超1/3);
        # elsewhere it may be a date or a code.
        # A qualifier after it (1/3以上) also makes it a share: dates take none.
        if not (m.group("pre") or m.group("post")
                or any(w in half[max(0, m.start() - 4):m.start()] for w in _SHARE_BEFORE)):
            return None, "%"
        whole = int(m.group("ad"))
        return (int(m.group("an")) / whole * 100 if whole else None), "%"
    return numbers.parse_percent(s), "%"


def _quantity(text: str, half: str, m: re.Match, g: Grammar) -> Quantity | None:
    if _hundred_slogan(half, m, g):
        return None
    if m.group("special"):
        value, unit = _special(half, m)
        if value is None:
            return None
        return _build(text, m.start(), m.end(), g, m, (value, None, None), unit, None, None)
    if _reject(half, m, g):
        return None
    unit_s, end, post = m.group("unit"), m.end(), m.group("post")
    base, group = g.units[unit_s] if unit_s else (None, None)
    if post and not _suffix_fits(post, group):
        end, post = end - len(post), None     # 3个内容: the 内 is not ours
    values = _values(m)
    if values is None:
        return None
    scale_s = _scale_surface(m.group("n1"), m.group("sc"))
    base = base or _implied_unit(half, m, scale_s)
    if base is None:
        return None
    base, value, start = _adjust_unit(half, m, unit_s, base, values[0])
    surface = scale_s + (unit_s or "") or None
    return _build(text, start, end, g, m, (value, values[1], values[2]), base, surface, post)


def _hundred_slogan(half: str, m: re.Match, g: Grammar) -> bool:
    """六个百分之百: the count (followed by 100 %) and the 100 % (after N个)."""
    if m.group("unit") == "个" and any(half.startswith(w, m.end()) for w in g.hundred):
        return True
    return half[m.start():m.end()] in g.hundred and bool(_COUNT_BEFORE.search(half, max(0, m.start() - 4), m.start()))


def _values(m: re.Match) -> tuple[float, float | None, float | None] | None:
    """(value, low, high) of a match; a scale written only after `high` applies to both."""
    scale = m.group("sc") or ""
    value = numbers.scaled(m.group("n1"), scale)
    if value is None or not m.group("n2"):
        return None if value is None else (value, None, None)
    high = numbers.scaled(m.group("n2"), scale)
    low = numbers.scaled(m.group("n1"), m.group("s1") or scale)
    if high is None or low is None:
        return None
    return (low, low, high) if low < high else None


def _build(text: str, start: int, end: int, g: Grammar, m: re.Match, values, unit: str,
           surface: str | None, post: str | None) -> Quantity | None:
    value, low, high = values
    if not all(math.isfinite(v) for v in (value, low, high) if v is not None):
        return None                           # 1111…(400 digits)元: no figure a report gives
    infix = None if m.group("special") else (m.group("m1") or m.group("m2") or m.group("vague"))
    if m.group("special"):
        post = m.group("post")
    qualifier = _qualifier(g, m.group("pre"), infix, post, low is not None)
    return Quantity(text=text[start:end], start=start, end=end,
                    value=None if low is not None else value, unit=unit, unit_surface=surface,
                    qualifier=qualifier, low=low, high=high)


def _qualifier(g: Grammar, pre, infix, post, is_range: bool) -> Qualifier | None:
    """The precision words around a figure; a range wins, then the word before it."""
    if is_range:
        return Qualifier.RANGE
    for word, table in ((pre, g.prefix), (infix, g.infix), (post, g.suffix)):
        if word:
            return Qualifier(table[word])
    return None


def _suffix_fits(post: str, group: str | None) -> bool:
    """内 and a trailing 多 only follow durations (24小时内, 3个月多); 上下 only a
    percent or a duration (上下游 is a word)."""
    if post in ("内", "多"):
        return group == "time"
    if post == "上下":
        return group in ("time", "percent")
    return True


def _scale_surface(n1: str, sc: str | None) -> str:
    """The scale as written: 万 of 1.6万人, 万 of 十二万人 (inside a Chinese numeral)."""
    if sc:
        return sc
    tail = re.search("[万亿]+$", n1)
    return tail.group(0) if tail else ""


def _reject(half: str, m: re.Match, g: Grammar) -> bool:
    """Context rules: this number + unit is not a figure."""
    n1, unit = m.group("n1"), m.group("unit")
    chinese = not n1[0].isdigit()
    before = half[max(0, m.start("n1") - 3):m.start("n1")]
    after = half[m.end("unit"):m.end("unit") + 4] if unit else half[m.end():m.end() + 4]
    if chinese and _chinese_label(n1, before, m, g):
        return True
    if unit in g.rules["arabic_only"] and chinese:
        return True
    if unit == "级" and not any(after.startswith(w) for w in g.rules["magnitude_before"]):
        return True
    if unit == "成" and (m.group("sc") or m.group("n2") or (numbers.parse_number(n1) or 99) > 10):
        return True
    if unit and g.units[unit][0] == "年" and _period_reference(half, m, g, after):
        return True
    return _ends_quoted_name(half, m)


def _ends_quoted_name(half: str, m: re.Match) -> bool:
    """“稳经济131条”, “纾困27条”, “15分钟品质文化生活圈”, “3个70%”,
    “300米见绿、500米见园”: a figure inside a short quoted name or slogan is
    part of it."""
    if not _QUOTE_CLOSES_SOON.match(half, m.end(), m.end() + 13):
        return False
    window = half[max(0, m.start() - 12):m.start()]
    opening = max(window.rfind(ch) for ch in _OPENING_QUOTES)
    return opening >= 0 and not any(ch in window[opening:] for ch in _CLOSING_QUOTES + _NAME_BREAK)


def _chinese_label(n1: str, before: str, m: re.Match, g: Grammar) -> bool:
    """Chinese-numeral words that are labels, slogans or lexical words."""
    if before and before[-1] in _OPENING_QUOTES + _CLOSING_QUOTES:
        return True                           # “四个意识”, 《五个岭南》, “两个维护”十项制度
    qualified = m.group("pre") or m.group("vague") or m.group("m1") or m.group("m2")   # 百余个, 千多人
    if n1[0] in "百千万亿":
        # 百年, 千家万户, 万亩级, 亿万人民, 上亿: names and idioms. A bare
        # magnitude counts only as a milestone or a vague amount: 突破千亿, 数千名.
        return not qualified
    if not m.group("unit") and not qualified:
        return True                           # 十万企业上云: a campaign's round number
    if m.group("sc") or re.search("[万亿]", n1):
        return False                          # 一万人, 两亿元: a real amount
    unit = m.group("unit")
    if n1 in ("一", "壹") and unit in ("个百分点", "百分点", "倍"):
        return False                          # 提高一个百分点: 一 can only be a number here
    if n1 in ("一", "壹", "二", "零", "〇"):
        return True                           # 一批 / 一个 (= "a"), 二级 / 二次 (ordinal), 零部件
    return bool(unit and g.units[unit][0] == "年" and (numbers.parse_chinese(n1) or 0) >= 100)


def _period_reference(half: str, m: re.Match, g: Grammar, after: str) -> bool:
    """一年来, 过去五年, 未来五年, 的五年, 近5年: a period named, not a duration counted."""
    if m.group("pre") in ("近", "最近"):
        return True
    if m.group("n2") or m.group("post"):
        return False
    start = m.start("n1")
    if any(half.endswith(w, 0, start) for w in g.period["before"]) and not m.group("pre"):
        return True
    if any(after.startswith(w) for w in g.period["after"]):
        return True
    if after[:1] and (after[0].isdigit() or after[0] in numbers.CN_DIGIT_CHARS):
        return True                           # 五年三次亲临: the years frame the count
    ahead = re.split(f"[{_CLAUSE_END}]", half[m.end():m.end() + 6], maxsplit=1)[0]
    if any(w in ahead for w in g.period["campaign"]):
        return True
    return _frames_clause(half, m)


def _frames_clause(half: str, m: re.Match) -> bool:
    """，五年跨过3个万亿元级台阶: years opening a clause that then counts
    something frame that count (the period it took), they are not a figure."""
    if m.start() > 0 and half[m.start() - 1] not in "，,；;。\n":
        return False
    clause = re.split(f"[{_CLAUSE_END}]", half[m.end():m.end() + 12], maxsplit=1)[0]
    return bool(re.search(f"[0-9{numbers.CN_DIGIT_CHARS}]", clause))


def _implied_unit(half: str, m: re.Match, scale_s: str) -> str | None:
    """The unit of 突破1600万 / 282.89亿 / 1.12万贫困人口 from the words around it."""
    implied = grammar().implied
    ahead = re.split(f"[{_CLAUSE_END}]", half[m.end():m.end() + 8], maxsplit=1)[0]
    for word, unit in implied["after"].items():
        if word in ahead:
            return unit
    clause_start = max(half.rfind(ch, 0, m.start()) for ch in _CLAUSE_END)
    behind = half[clause_start + 1:m.start()]
    best = max(((behind.rfind(w), unit) for w, unit in implied["before"].items() if w in behind),
               default=None)
    if best:
        return best[1]
    return "元" if "亿" in scale_s else None


def _adjust_unit(half: str, m: re.Match, unit_s, base, value) -> tuple[str, float, int]:
    """Units whose meaning depends on the numeral or the verb before it.
    Returns base unit, value and the span's start (上升4位 takes its verb)."""
    g = grammar()
    if unit_s == "度" and not m.group("n1")[0].isdigit():
        return "次", value, m.start()         # 两度 = twice
    if unit_s == "成":
        return "%", value * 10, m.start()
    if (unit_s == "位" or base == "名次") and not m.group("pre"):
        before = half[max(0, m.start() - 2):m.start()]
        for words, sign in ((g.rank["rise"], 1), (g.rank["fall"], -1)):
            verb = next((w for w in words if before.endswith(w)), None)
            if verb:
                return "名次", sign * value, m.start() - len(verb)   # 上升4位: a change of rank
    return base, value, m.start()


def _signed(text: str, found: tuple[Quantity, ...]) -> tuple[Quantity, ...]:
    """Give falling rates a negative value: 下降2.6% → -2.6, and the rates listed
    with it (分别下降3%、5%)."""
    g = grammar()
    out: list[Quantity] = []
    for q in found:
        negative = False
        if q.unit in ("%", "个百分点") and q.value is not None and q.value > 0:
            if g.fall.search(text, max(0, q.start - 8), q.start) or _chain(text, out, q) \
                    or _minus_sign(text, q.start):
                negative = True
        if negative:
            q = _replace(q, value=-q.value)
        out.append(q)
    return tuple(out)


def _minus_sign(text: str, start: int) -> bool:
    """增长-2.1%: a minus sign after a word (not after a number, where it is a range dash)."""
    if start < 2 or text[start - 1] not in "-－−":
        return False
    return not (text[start - 2].isdigit() or text[start - 2] in "%％" or text[start - 2] in numbers.CN_DIGIT_CHARS)


def _chain(text: str, out: list[Quantity], q: Quantity) -> bool:
    prev = out[-1] if out else None
    return bool(prev and prev.unit == q.unit and prev.value is not None and prev.value < 0
                and text[prev.end:q.start] in ("、", "和", "与", "及"))


def _replace(q: Quantity, **changes) -> Quantity:
    from dataclasses import replace
    return replace(q, **changes)
