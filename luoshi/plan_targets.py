"""Figures with their metric, read the same way in a plan and in a review, so
that a plan's target can be matched with the later report's actual.

The numbers themselves (value, unit, qualifier, span) are the pipeline's
Quantity records (luoshi.quantities): one grammar for figures in the whole
project. What is read here is what reconciling needs on top of them: the
target's wording (at_least / at_most / around / range / point), the metric
phrase that names what a figure measures (国内生产总值), whether it is a rate
of change (增长6%) or a level, a flow (新增) or a stock (达到), and whether it
only sizes a thing (总投资152.8亿元的…) or bounds a policy (不到100万元的部分).
The word lists are data/reconcile.toml."""
from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from . import numbers, quantities
from .model import Kind, Qualifier, Quantity

SENTENCE_END = "。！？!?\n"
CLAUSE_END = SENTENCE_END + "，,；;：:、"
QUOTES = "“”‘’\"'《》〈〉「」『』（）()"


@lru_cache(maxsize=1)
def rules() -> dict:
    with resources.files("luoshi.data").joinpath("reconcile.toml").open("rb") as f:
        return tomllib.load(f)


def alternation(words) -> str:
    """A regex alternation, longest word first so that 万亿 wins over 万."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class Figure:
    text: str                   # the quantity's span: "6%以上", "超过10%"
    start: int
    end: int
    value: float                # as written, in `unit` (a fall is positive, with `decline`)
    unit: str                   # surface unit with its scale: 万人, %, 亿元
    base: str                   # the pipeline's base unit: %, 个百分点, 人, 元…
    scale: float                # `unit` in `base` units (万人 → 1e4)
    modifier: str               # at_least / at_most / around / range / point
    metric: str                 # the phrase naming what is measured
    growth: bool                # a rate of change (增长6%), not a level
    decline: bool               # the change is a fall (降低3%)
    flow: bool                  # new things (新增, 建成), not a stock
    stock: bool                 # a stock or total (达到112家)
    sentence_start: int
    sentence_end: int
    low: float | None = None
    high: float | None = None
    attributive: bool = False   # "总投资152.8亿元的…": sizes a thing, not a goal
    scope: bool = False         # "不到100万元的部分": a policy scope

    def in_unit(self, unit_scale: float) -> float:
        """The value expressed in another unit of the same base."""
        return self.value * self.scale / unit_scale


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    r = rules()
    m = r["modifier"]
    return {
        "before": re.compile(f"(?:{alternation(m['at_least_before'] + m['at_most_before'])})$"),
        "growth_tail": re.compile(f"(?:{alternation(r['metric']['growth_verbs'])})$"),
        "level_tail": re.compile(f"(?:{alternation(r['metric']['level_verbs'])})$"),
        "frame_head": re.compile(f"^(?:{alternation(r['metric']['frame_prefix'])})"),
        "growth_name": re.compile(f"(?:{alternation(r['metric']['growth_in_name'])})$"),
    }


def _modifier(q: Quantity, before: str) -> str:
    """The target's wording from the pipeline's qualifier, and from a bounding
    verb outside the quantity's span (控制在5.5%以内, 守住18亿亩)."""
    m = rules()["modifier"]
    if q.qualifier is not None:
        if str(q.qualifier) == "under" and q.text.startswith(tuple(m["around_prefix"])):
            return "around"             # 近80%: nearly, an approximate goal rather than a ceiling
        return m["qualifier"][str(q.qualifier)]
    if before in m["at_most_before"]:
        return "at_most"
    if before in m["at_least_before"]:
        return "at_least"
    return "point"


def _bounds(text: str, pos: int, stops: str, lo: int, hi: int) -> tuple[int, int]:
    a = pos
    while a > lo and text[a - 1] not in stops:
        a -= 1
    b = pos
    while b < hi and text[b] not in stops:
        b += 1
    return a, b


def _clean(phrase: str) -> str:
    return "".join(c for c in phrase if c not in QUOTES and not c.isspace())


def _strip_tail(left: str) -> tuple[str, bool, bool]:
    """Strip the verbs between a metric and its number; say whether they made it
    a rate of change and a fall."""
    p = _patterns()
    growth = decline = False
    for _ in range(5):
        left = left.rstrip("均都等也再要将了")
        g = p["growth_tail"].search(left)
        if g:
            growth = True
            decline = decline or any(w in g.group() for w in ("降", "减", "下"))
            left = left[:g.start()]
            continue
        lv = p["level_tail"].search(left)
        if lv:
            left = left[:lv.start()]
            continue
        break
    return left, growth, decline


def _strip_head(left: str) -> str:
    p = _patterns()
    for _ in range(6):
        h = p["frame_head"].match(left)
        if not h:
            break
        left = left[h.end():]
    return left


def _name_growth(metric: str) -> tuple[str, bool, bool]:
    g = _patterns()["growth_name"].search(metric)
    if g and g.start() >= 2:
        return metric[:g.start()], True, any(w in g.group() for w in ("降", "下"))
    return metric, False, False


def _right_metric(text: str, end: int, clause_end: int) -> str:
    """The noun phrase after a number (建成10个以上 → 宜居宜业和美乡村)."""
    right = text[end:clause_end]
    if right[:1] in "和及与或至":
        return ""                       # "5.8%和6.8%": a second figure follows, not a name
    right = right[1:] if right.startswith("的") else right
    digit = re.search(r"\d", right)
    right = right[:digit.start()] if digit else right
    stop = re.search(r"纳入|启动|实现|开工|建设|投入|完成|达到|的|进行|用于|覆盖", right)
    return _clean(right[:stop.start()] if stop and stop.start() >= 2 else right)[:14]


def figures(text: str, start: int = 0, end: int | None = None,
            found: Sequence[Quantity] | None = None) -> list[Figure]:
    """Every quantity in text[start:end] as a figure with its metric. `found`
    is the pipeline's quantities of the whole text (a Document's), else the
    text is scanned by luoshi.quantities here."""
    end = len(text) if end is None else end
    found = quantities.scan(text) if found is None else found
    periods = rules()["units"]["periods"]
    out: list[Figure] = []
    for q in found:
        if start <= q.start and q.end <= end and q.unit not in periods \
                and (q.value is not None or q.low is not None):
            out.append(_figure(text, q, out, start, end))
    return out


def _place(text: str, start: int, end: int, left_end: int, value: float, lo: int, hi: int) -> Figure:
    """A place in a ranking (rank ≤ value) with the metric named before it."""
    s0, s1 = _bounds(text, start, SENTENCE_END, lo, hi)
    c0, _ = _bounds(text, start, CLAUSE_END, lo, hi)
    left = text[c0:left_end]
    verbs = alternation(rules()["rank"]["verbs"])
    for _ in range(3):
        left = re.sub(f"(?:{verbs})$", "", left)
    metric, _, _ = _name_growth(_clean(_strip_head(left)))
    return Figure(text=text[start:end], start=start, end=end, value=value, unit="位", base="位次", scale=1.0,
                  modifier="at_most", metric=metric or "排名", growth=False, decline=False, flow=False,
                  stock=False, sentence_start=s0, sentence_end=s1)


def _scale(q: Quantity) -> float:
    """The scale the figure was written in: 1e4 for 万人, 1 for 人."""
    m = re.match(numbers.SCALE, q.unit_surface or "")
    return numbers.scale_factor(m.group()) if m else 1.0


def _figure(text: str, q: Quantity, previous: list[Figure], lo: int, hi: int) -> Figure:
    if q.kind == Kind.RANK:
        # 进入全省前三: the figure is the ceiling 前三; its verb and scope are
        # read with the metric, as they were before the pipeline read top places.
        top = q.text.rfind("前") if q.qualifier == Qualifier.UNDER else -1
        return _place(text, q.start + max(top, 0), q.end, q.start, abs(q.value), lo, hi)
    r, p = rules(), _patterns()
    s0, s1 = _bounds(text, q.start, SENTENCE_END, lo, hi)
    c0, c1 = _bounds(text, q.start, CLAUSE_END, lo, hi)
    prev = previous[-1] if previous and previous[-1].sentence_start == s0 else None
    if prev and prev.end > c0:
        c0 = prev.end                   # "增加30元和5元": the left side starts after the last figure
    left = text[c0:q.start]
    before = p["before"].search(left)
    if before:
        left = left[:before.start()]
    metric, growth, decline, stock = _named(text, left, q.end, c1, prev, p, r)
    flow = any(w in text[c0:q.start] or w in metric for w in r["metric"]["flow_words"])
    if c0 > lo and text[c0 - 1] == "、" and prev:
        flow = flow or prev.flow        # "新增A 4家、B 13家": 新增 governs the whole list
    scale = _scale(q)
    value = q.high if q.low is not None else q.value
    fall = value < 0                    # the pipeline signs a falling rate (下降2.6% → -2.6)
    return Figure(
        text=q.text, start=q.start, end=q.end, value=abs(value) / scale, unit=q.unit_surface or q.unit,
        base=q.unit, scale=scale, modifier=_modifier(q, before.group() if before else ""),
        metric=metric, growth=growth or (fall and q.unit in ("%", "个百分点")), decline=decline or fall,
        flow=flow, stock=stock and not flow, sentence_start=s0, sentence_end=s1,
        low=q.low / scale if q.low is not None else None, high=q.high / scale if q.high is not None else None,
        attributive=text[q.end:q.end + 1] == "的",
        scope=q.text.startswith(tuple(r["modifier"]["scope_prefix"]))
        or (q.unit in r["units"]["brackets"] and q.qualifier is not None))


def _named(text, left, end, clause_end, prev, p, r) -> tuple[str, bool, bool, bool]:
    """The metric a figure measures, from the words before it (or after it,
    or the previous figure's), and whether it is a rate of change, a fall, a stock."""
    stock = any(w in left for w in r["metric"]["stock_words"])
    listed = left.endswith("等")       # "白团镇、望亭镇等12个镇…": the thing counted follows
    left, growth, decline = _strip_tail(left)
    metric, g2, d2 = _name_growth(_clean(_strip_head(left.lstrip("的"))))
    growth, decline = growth or g2, decline or d2
    if listed or len(metric) <= 2 or metric in r["metric"]["flow_words"]:
        right = _right_metric(text, end, clause_end)
        if len(right) >= 2:
            keep = not listed and len(metric) >= 2 and not p["frame_head"].fullmatch(metric)
            metric = metric + right if keep else right
    if len(metric) < 2 and prev:        # "…达到114万亿元，增长8.1%": the same metric's growth
        metric, stock = prev.metric, prev.stock
        if not growth:                  # "增长5.8%和6.8%", "增长6.5%左右，力争7%": one verb for both
            growth, decline = prev.growth, prev.decline
    return metric, growth, decline, stock


# ---------------------------------------------------------------- metric match

@lru_cache(maxsize=1)
def _synonyms() -> tuple[re.Pattern, dict[str, str]]:
    table: dict[str, str] = {}
    for key, phrases in rules()["metric"]["synonyms"].items():
        for ph in [key, *phrases]:
            table[ph] = key
    return re.compile(alternation(table)), table


def canonical(metric: str) -> str:
    """The metric with synonyms replaced by one name (地区生产总值 → 生产总值)
    and the administrative level and times dropped (省级和美乡村 → 和美乡村,
    年末城镇调查失业率 → 城镇调查失业率): a review often names what a plan left open."""
    pat, table = _synonyms()
    metric = pat.sub(lambda mm: table[mm.group()], metric)
    return _level().sub("", metric) or metric


@lru_cache(maxsize=1)
def _level() -> re.Pattern:
    m = rules()["metric"]
    return re.compile(alternation(m["level_words"] + m["time_words"]))


def bigrams(s: str) -> set[str]:
    return {s[i:i + 2] for i in range(len(s) - 1)} or ({s} if s else set())


@lru_cache(maxsize=1)
def _acts() -> tuple[re.Pattern, re.Pattern]:
    m = rules()["metric"]
    return (re.compile(f"^(?:{alternation(m['flow_words'] + m['action_heads'])})+"),
            re.compile(f"(?:{alternation(m['action_tails'])})+$"))


def _bare(metric: str) -> str:
    """The thing a metric counts without the act around it: 改造老旧小区 and
    完成老旧小区改造 both count 老旧小区."""
    head, tail = _acts()
    bare = tail.sub("", head.sub("", metric))
    return bare if len(bare) >= 2 else metric


def similarity(a: str, b: str) -> float:
    """Dice overlap of character bigrams of two metrics, after synonyms; a
    different head (the last two characters: 乡村 vs 示范区) halves it, because a
    Chinese noun phrase names its thing last."""
    a, b = _bare(canonical(a)), _bare(canonical(b))
    if not a or not b:
        return 0.0
    ga, gb = bigrams(a), bigrams(b)
    dice = 2 * len(ga & gb) / (len(ga) + len(gb))
    if a in b or b in a:
        dice = max(dice, (min(len(a), len(b)) / max(len(a), len(b))) ** 0.5)
    if a[-2:] not in b[-3:] and b[-2:] not in a[-3:]:
        dice *= 0.5
    return dice


def same_kind(a: Figure, b: Figure) -> bool:
    """Whether two figures count the same kind of thing at the same footing."""
    if a.growth != b.growth:
        return False
    if a.base == b.base:
        return True
    return any(a.base in g and b.base in g for g in rules()["units"]["same_kind"])
