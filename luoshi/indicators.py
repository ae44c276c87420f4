"""Indicators: what each quantity measures (metric), what kind of figure it is
(actual / target / plan / growth / rank), the base of a growth rate (`of`), when it
holds (period), which part of the report it is in (section) and, for targets, how
firmly it is worded (firmness).

Everything is read from the clause around each figure, with word tables from
data/metrics.toml compiled once into regexes: no tokenizer runs per figure, so the
stage keeps pace with the quantity detector (about a microsecond per character).
"""
from __future__ import annotations

import re
import tomllib
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from .model import Kind, Quantity, Structure
from .report_parts import YEAR as _YEAR, Part, alternation as _alt, part_at, parts

_MONTHS = r"\d{1,2}\s*(?:至|-|—|～|~|到)\s*\d{1,2}月份?|\d{1,2}月(?:底|末|份)?"


@dataclass(frozen=True, slots=True)
class Tables:
    breaks: re.Pattern
    sentence_breaks: re.Pattern
    conj_end: re.Pattern
    lead: re.Pattern
    trail: re.Pattern
    verbs: re.Pattern
    soft: frozenset
    heads: re.Pattern
    replaced_heads: re.Pattern
    max_len: int
    max_pre_with_post: int
    measure_units: frozenset
    generic: frozenset
    post_stop: re.Pattern
    group_head: re.Pattern
    share_of: re.Pattern
    subject_end: re.Pattern
    former_head: re.Pattern
    scope_end: re.Pattern
    group_noun: re.Pattern
    post_drop: re.Pattern
    growth_end: re.Pattern
    rank_move_end: re.Pattern
    multiple_end: re.Pattern
    growth_units: frozenset
    target: re.Pattern
    target_head: re.Pattern
    assigned: re.Pattern
    planned: re.Pattern
    target_line: re.Pattern
    agent_end: re.Pattern
    firm_verbs: tuple
    firm_verb: re.Pattern
    firm_before: re.Pattern
    firm_after: re.Pattern
    year_any: re.Pattern
    multi_year: re.Pattern
    as_of: re.Pattern
    stock: re.Pattern
    months: re.Pattern
    former_end: re.Pattern
    untimed: re.Pattern
    span_years: re.Pattern


@lru_cache(maxsize=1)
def tables() -> Tables:
    raw = tomllib.loads(resources.files("luoshi").joinpath("data/metrics.toml").read_text(encoding="utf-8"))
    c, m, k, f, p = (raw[n] for n in ("clause", "metric", "kind", "firmness", "period"))
    year_word = rf"{_YEAR}年度?"
    return Tables(
        breaks=re.compile("[" + re.escape(c["breaks"]) + "]"),
        sentence_breaks=re.compile("[" + re.escape(c["sentence_breaks"]) + "]"),
        conj_end=re.compile(f"(?:{_alt(c['conjunctions'])})$"),
        lead=re.compile(rf"(?:{_alt(m['lead'] + m['lead_soft'])}|{year_word}|{_MONTHS}|[”\s])"),
        trail=re.compile(rf"(?:{_alt(m['trail'])}|{'|'.join(m['trail_patterns'])}|{year_word}|[“\s])+$"),
        verbs=re.compile(_alt(m["verbs"])),
        soft=frozenset(m["lead_soft"]),
        heads=re.compile(rf"(?:{_alt(m['heads'])})$"),
        replaced_heads=re.compile(rf"(?:{_alt(m['replaced_heads'])})$"),
        max_len=int(m["max_len"]),
        max_pre_with_post=int(m["max_pre_with_post"]),
        measure_units=frozenset(m["measure_units"]),
        generic=frozenset(m["generic_heads"]),
        post_stop=re.compile(_alt(m["post_stop"])),
        subject_end=re.compile(_alt(m["subject_ends"])),
        former_head=re.compile(rf"(?:{_alt(m['compare_verbs'])})?({_alt(k['planned_cues'])})的?({_alt(m['generic_heads'])})"),
        share_of=re.compile(rf"占(?:{_alt(m['share_scopes'])})"),
        scope_end=re.compile(rf"了?(?:{_alt(m['share_scopes'])})$"),
        group_head=re.compile(rf"(?:{_alt(m['group_heads'])})$"),
        group_noun=re.compile(_alt(m["group_nouns"])),
        post_drop=re.compile(rf"(?:{_alt(m['post_drop'])})+$"),
        growth_end=re.compile(rf"(?:{_alt(k['growth_cues'])})了?(?:{_alt(k['compared_to'])})?\s*$"),
        rank_move_end=re.compile(r"(?:上升|下降|前移|后移|提升|提高|进位|后退|跃升|上移|下滑)了?\s*$"),
        multiple_end=re.compile(k["multiple_cue"]),
        growth_units=frozenset(k["growth_units"]),
        target=re.compile(_alt(k["target_cues"])),
        target_head=re.compile(rf"(?:{_alt(k['target_heads'])})$"),
        assigned=re.compile(_alt(k["assigned_cues"])),
        planned=re.compile(_alt(k["planned_cues"])),
        target_line=re.compile(rf"(?:{_alt(k['target_lines'])})[^。\n]*[：:]"),
        agent_end=re.compile(rf"(?:{_alt(m['agent_ends'])})$"),
        firm_verbs=tuple(f["verbs"]),
        firm_verb=re.compile(_alt(f["verbs"])),
        firm_before=re.compile(rf"(?:{_alt(f['before'])})\s*$"),
        firm_after=re.compile(rf"^\s*(?:{_alt(f['after'])})"),
        year_any=re.compile(rf"(?<!\d)({_YEAR})年(?![\d０-９]{{1,2}}月)"),
        multi_year=re.compile(_alt(p["multi_year"])),
        as_of=re.compile(rf"(?:{_alt(p['as_of'])})(?:({_YEAR})年)?(?:(\d{{1,2}})月底|(\d{{1,2}})月末|年底|年末)?"),
        stock=re.compile(_alt(p["stock_heads"])),
        months=re.compile(r"(?:今年|本年)?(\d{1,2})\s*(?:至|-|—|～|~|到)\s*(\d{1,2})月"),
        former_end=re.compile(rf"(?:{_alt(p['former'])})\s*$"),
        untimed=re.compile(_alt(p["untimed"])),
        span_years=re.compile(r"([0-9一二三四五六七八九十]+\s*(?:至|-|—|～|~|到)\s*[0-9一二三四五六七八九十]+年)"),
    )


# ---------------------------------------------------------------- the clause around a figure

@dataclass(frozen=True, slots=True)
class Window:
    """Where a figure sits: its sentence and clause, the words before it in its list
    item (`pre`) and the noun phrase after it (`post`)."""
    sentence_start: int
    clause_start: int
    pre: str
    post: str
    before: str          # the sentence up to the figure
    post_de: bool        # the words after the figure start with 的 (…5%左右的较低水平)
    target_line: bool = False   # the line opens the expected targets (主要预期目标是：…)


# How far a figure's clause and sentence reach at most: text without punctuation
# (a table flattened into one line) must not make every figure read all of it.
_REACH = 200


def _window(text: str, q: Quantity, i: int, found: tuple[Quantity, ...],
            breaks: list[int], sbreaks: list[int], target_lines: list[int]) -> Window:
    t = tables()
    k = bisect_right(breaks, q.start - 1)
    clause_start = max(breaks[k - 1] + 1 if k else 0, q.start - _REACH)
    k_end = bisect_left(breaks, q.end)
    clause_end = min(breaks[k_end] if k_end < len(breaks) else len(text), q.end + _REACH)
    s = bisect_right(sbreaks, q.start - 1)
    sentence_start = max(sbreaks[s - 1] + 1 if s else 0, q.start - 2 * _REACH)
    # a list item starts after the previous figure of the same clause (扩建初中2所、小学1所)
    pre_start = clause_start
    if i > 0 and found[i - 1].end > clause_start and found[i - 1].end <= q.start:
        between = text[found[i - 1].end:q.start]
        # 6家已上市企业和13家…: the earlier item took the noun, this one starts after 和
        pre_start = q.start if t.conj_end.search(between) else found[i - 1].end
    pre = text[pre_start:q.start]
    if pre_start != clause_start:
        pre = pre[pre.rfind("、") + 1:] if "、" in pre[:-1] else pre
    # the line holds a 预期目标…： cue before this sentence (cues found once per text)
    line_start = text.rfind("\n", 0, sentence_start) + 1
    k = bisect_left(target_lines, line_start)
    target_line = k < len(target_lines) and target_lines[k] < sentence_start
    return Window(sentence_start, clause_start, pre, _post(text, q, i, found, clause_end),
                  text[sentence_start:q.start], text.startswith("的", q.end), target_line)


def _post(text: str, q: Quantity, i: int, found: tuple[Quantity, ...], clause_end: int) -> str:
    """The noun phrase after a count (115个【二级党组织换届选举】工作): up to the clause end,
    a following figure that closes its own item, or 等. Empty when the figure closes
    its own list item (超100亿元、新增…)."""
    t = tables()
    start, end = q.end, clause_end
    for j in range(i + 1, len(found)):       # (no slice: a copy per figure would be quadratic)
        nxt = found[j]
        if nxt.start >= end:
            break
        after = text[nxt.end:nxt.end + 1]
        # 三个千亩级的…, 2个亿元以上项目: a figure that qualifies the noun stays inside
        if after == "的" or nxt.text.endswith(("级", "以上")) and after and not t.breaks.match(after):
            continue
        if nxt.start <= start:
            start = max(start, nxt.end)      # 1646户6680人: adjacent figures share the noun after them
            continue
        end = nxt.start
        break
    post = text[start:end].strip()
    if end < clause_end:
        post = post.split("、")[0]           # 3个…台阶、年均增长5%: the next figure starts a new item
    if not post or post[0] in "、和及与" or t.growth_end.match(post[:4]):
        return ""
    stop = t.post_stop.search(post)
    if stop:
        post = post[:stop.start()]
    post = t.conj_end.sub("", post)
    post = post[1:] if post.startswith("的") else post
    return _untrail(t.post_drop.sub("", post))


# ---------------------------------------------------------------- metric

def _strip(phrase: str) -> str:
    """Strip time, scope and link words around a phrase; a verb-like lead word (完成,
    累计) only while 3 characters stay (累计完成投资 → 完成投资, not 投资)."""
    t = tables()
    while True:
        m = t.lead.match(phrase)
        if not m or not m.end() or m.group() in t.soft and len(phrase) - m.end() < 3:
            break
        phrase = phrase[m.end():]
    return _untrail(phrase)


def _untrail(phrase: str) -> str:
    """Drop the link words at the end; only the last 16 characters are scanned (the
    anchored regex would otherwise be tried at every position of a long phrase)."""
    if len(phrase) <= 16:
        return tables().trail.sub("", phrase)
    return phrase[:-16] + tables().trail.sub("", phrase[-16:])


def _clean(phrase: str) -> str:
    """A metric phrase from the words before a figure: stripped, and a long one cut at
    its last verb (带动街道各党组织书记【讲授专题党课】) unless the verb's object is only a
    head word (…生物医药产业实现总产值: the verb goes, the subject stays)."""
    t = tables()
    phrase = _strip(_strip(_after_instances(phrase)))
    if len(phrase) <= t.max_len:
        return phrase
    for m in reversed(list(t.verbs.finditer(phrase))):
        if m.start() == 0:
            break
        rest = phrase[m.end():]
        if len(rest) >= 4 and rest not in t.generic:
            return _strip(phrase[m.start():]) or phrase
        if m.end() < len(phrase):
            return _strip(phrase[:m.start()] + phrase[m.end():])
    # the last list item, not cut inside an aside (全市县（市、区）委书记…)
    masked = _SHORT_ASIDE.sub(lambda m: "（" + "·" * (len(m.group()) - 2) + "）", phrase)
    last_item = phrase[masked.rfind("、") + 1:]
    return _strip(last_item) if len(phrase) > 2 * t.max_len and len(last_item) >= 4 else phrase


def _after_instances(phrase: str) -> str:
    """博远电气等总投资 → 总投资, 国有建设用地、划拨用地和…临时用地等供地 → 供地: names
    listed before 等 are instances of what follows (a list is never cut inside)."""
    k = phrase.rfind("等")
    if k <= 0 or len(phrase) - k - 1 < 2 or phrase[k - 1] in "平高同对中上下初均相":
        return phrase
    return phrase[k + 1:]


def _metric(win: Window, growth: bool, unit: str) -> tuple[str, bool]:
    """The metric phrase and whether it is the noun after the figure (a count's noun)."""
    t = tables()
    pre = win.pre
    if growth:
        cue = t.growth_end.search(pre) or t.multiple_end.search(pre)
        pre = pre[:cue.start()] if cue else pre
        pre = re.sub(rf"(?:比|较|与|同)(?:{_YEAR}年|上年|去年|全市|全省|全县|全区)[^，,]*$", "", pre)
        return _clean(pre), False
    cue = t.growth_end.search(pre) if not win.post or unit in t.measure_units else None
    pre = pre[:cue.start()] if cue else pre  # 同比增加8天, 农村贫困人口减少1386万: the cue is not the metric
    named = "" if pre.rstrip().endswith("等") else _clean(pre)
    if win.post_de and win.post and unit == "%" and t.scope_end.search(named):
        # 贡献了全国38.7%的贸易增量: a share of a national total, named by the noun after 的
        scope = t.scope_end.search(named)
        return named[:scope.start()] + scope.group().lstrip("了") + win.post, False
    # after a measure the words are its noun only when short and straight after it (180亩【土地】)
    if not win.post or (unit in t.measure_units and len(named) >= 3 and (win.post_de or len(win.post) > 4)):
        return ("" if named in t.soft else named), False
    # 星药港、利洁时等5个省重大: what precedes 等 are instances, the noun after the count is the metric
    pre = named
    if len(pre) > t.max_pre_with_post or t.agent_end.search(win.pre.rstrip()):
        # 11家银行金融机构向【230家】企业: the agent before 向 is not what is counted
        pre = ""
    return pre + win.post, True


# ---------------------------------------------------------------- kind, firmness, period

def _kind(q: Quantity, win: Window, part: Part | None) -> Kind:
    t = tables()
    pre = win.pre.rstrip()
    if q.kind == Kind.RANK or q.unit == "名次":
        moved = t.rank_move_end.search(pre) or t.rank_move_end.match(q.text[:2] + " ")
        return Kind.GROWTH if moved else Kind.RANK
    plan = part is not None and part.name == "plan"
    if _is_rate(q, win) or q.kind == Kind.GROWTH:
        # a rate of change planned for the coming year is a target (增长6%左右)
        return Kind.TARGET if plan else Kind.GROWTH
    if plan:
        targeted = t.target.search(win.before) or win.target_line or t.firm_after.match(_tail(q, win))
        return Kind.TARGET if targeted else Kind.PLAN
    if t.target_head.search(win.post) and t.assigned.search(win.pre):
        return Kind.TARGET                   # 超额完成国家下达的110万人年度任务
    return Kind.PLAN if t.planned.search(win.pre) else Kind.ACTUAL


def _is_rate(q: Quantity, win: Window) -> bool:
    """A rate of change: a rate unit right after a growth cue (增长6.5%, 是2015年的两倍)."""
    t = tables()
    pre = win.pre.rstrip()
    return q.unit in t.growth_units and (q.unit == "个百分点" or "翻" in q.text or bool(t.growth_end.search(pre))
                                          or (q.unit == "倍" and bool(t.multiple_end.search(pre))))


def _joined_kind(kind: Kind, q: Quantity, win: Window, done: list, text: str):
    """分别增长5.8%和6.8%: a figure joined to the one before by 和/、 with nothing of its own
    in between is of the same kind (and, if nothing names it, measures the same)."""
    if win.pre.strip() or not done:
        return kind, None
    prev = done[0]
    between = text[prev.q.end:q.start].strip()
    if between in ("和", "、", "及", "与", "以及") and prev.q.unit == q.unit and prev.q.start >= win.clause_start - 40:
        return prev.q.kind, prev
    return kind, None


def _tail(q: Quantity, win: Window) -> str:
    """What follows the figure's digits: its own 以上/左右 or the first words after it."""
    return q.text[-2:] + win.post[:2] if q.text.endswith(("以上", "左右", "以内")) else win.post[:2]


def _firmness(q: Quantity, win: Window) -> str | None:
    t = tables()
    verbs = t.firm_verb.findall(win.before)
    if verbs:
        return min(verbs, key=t.firm_verbs.index)
    before = t.firm_before.search(win.pre)
    if before:
        return before.group().strip()
    for word in ("以上", "左右", "以内"):
        if q.text.endswith(word) or win.post.startswith(word):
            return word
    return None


def _period(q: Quantity, kind: Kind, win: Window, part: Part | None) -> str | None:
    t = tables()
    if q.unit == "年" and kind != Kind.GROWTH:
        return None                                  # a duration holds no year of its own
    if t.former_end.search(win.pre):
        return None
    year = part.year if part else None
    plan = part is not None and part.name == "plan"
    before = win.before
    as_of = t.as_of.search(before)
    if as_of and not plan:
        y = as_of.group(1) or year
        month = as_of.group(2) or as_of.group(3)
        return f"截至{y}年{month}月底" if month else (f"截至{y}" if y else None)
    if not plan and year and t.stock.search(win.pre):
        return f"截至{year}"                  # 已探明储量4144万吨: a stock, not a year's flow
    months = t.months.search(before)
    if months and year and not plan:
        return f"{year}年{months.group(1)}-{months.group(2)}月"
    clause = before[win.clause_start - win.sentence_start:]
    multi = _multi_years(part)
    if multi and t.multi_year.search(clause):
        return multi
    named = _named_year(before)
    if named:
        return named
    if multi and (t.multi_year.search(before) or part.multi_year and "累计" in clause):
        return multi
    if plan:
        if t.untimed.search(win.pre) or q.unit in t.measure_units and t.untimed.search(before):
            return None   # 总投资127亿元 and the project's 5000亩, not the 36个 projects it is the total of
        span = t.span_years.search(before)
        if span:
            return re.sub(r"\s", "", span.group(1))
    return str(year) if year else None


def _multi_years(part: Part | None) -> str | None:
    """The years a review looks back on when a figure sums several (五年来, 年均)."""
    if part is None or part.year is None or part.name == "plan":
        return None
    first, last = part.multi_year or (part.year - 4, part.year)
    return f"{first}-{last}"


def _named_year(before: str) -> str | None:
    """The last year written in the sentence before the figure, unless it is a
    comparison base (比2015年, 是2015年的)."""
    t = tables()
    for m in reversed(list(t.year_any.finditer(before))):
        lead = before[max(0, m.start() - 2):m.start()]
        if lead and lead[-1] in "比较是同与" or lead.endswith("相比"):
            continue
        if before[m.end():m.end() + 1] == "度" or before.startswith(("以前", "之前"), m.end()):
            continue                         # 2021年度高标准农田, 2000年以前建成的小区: a label year
        return m.group(1)
    return None


# ---------------------------------------------------------------- the stage

def _group_totals(text: str, out: list[Quantity]) -> list[Quantity]:
    """总投资56.5亿元的【9个】项目竣工投产: an amount that qualifies the count after it is the
    total of what is counted, so its metric is the count's noun with the amount's head
    (竣工投产项目总投资), not the 总投资 or the example list before it (博远电气等)."""
    t = tables()
    for i in range(len(out) - 1):
        q, count = out[i], out[i + 1]
        if count.start != q.end + 1 or text[q.end] != "的" or not q.metric or not count.metric \
                or count.unit in t.measure_units or q.unit in t.growth_units:
            continue
        head = t.group_head.search(q.metric)
        if head:
            out[i] = replace(q, metric=_predicate_first(count.metric) + head.group())
    return out


def _predicate_first(phrase: str) -> str:
    """项目建成投产 → 建成投产项目: the noun of a count with its predicate as a modifier."""
    m = tables().group_noun.search(phrase)
    if not m or re.search(r"[、和及与]", phrase[m.end():]):
        return phrase                    # 专项债项目和…项目前期: a list of nouns stays as it is
    return phrase[m.end():] + phrase[:m.end()]


_SHORT_ASIDE = re.compile(r"[（(][^（）()\n\d]{1,6}[）)]")


def _clause_breaks(text: str) -> list[int]:
    """Where clauses end; the brackets of a short aside (新（改）建) do not end one."""
    t = tables()
    aside = {p for m in _SHORT_ASIDE.finditer(text) for p in (m.start(), m.end() - 1)}
    return [m.start() for m in t.breaks.finditer(text) if m.start() not in aside]


@dataclass(frozen=True, slots=True)
class _Done:
    """A figure already annotated, as later figures of its sentence look back on it."""
    q: Quantity
    from_post: bool          # its metric is the noun after it (a count), not the words before
    verb: str                # the verb its metric starts with, carried across a 、 list
    subject: str | None      # its metric before a 分别 list was spread over the figures


def _base_of_growth(done: list[_Done], unit: str) -> _Done | None:
    """The figure a growth rate is a rate of: the last amount of the sentence, preferring
    one named before it (12.8万亿元) to a count of a noun after it (3个…台阶)."""
    t = tables()
    if unit == "名次":
        return next((d for d in done if d.q.kind == Kind.RANK), None)
    amounts = [d for d in done if d.q.kind != Kind.GROWTH and d.q.unit not in t.growth_units]
    return next((d for d in amounts if not d.from_post), amounts[0] if amounts else None)


def _sentence_subject(win: Window) -> str | None:
    """清苑科技创新能力成功跃升全省A类县，排名全市第7: the subject that opens the sentence,
    up to its first verb, or None when no verb marks where the subject ends."""
    t = tables()
    brk = t.breaks.search(win.before)
    first = win.before[:brk.start()] if brk else win.before
    verb = t.subject_end.search(first)
    return _strip(first[:verb.start()]) or None if verb and verb.start() >= 2 else None


def _with_head(prev: str, head: str | None) -> str:
    """The previous figure's metric with this figure's head word: 食用菌年产量 + 产值 → 食用菌产值."""
    if not head or head in prev:
        return prev
    t = tables()
    m = t.replaced_heads.search(prev)
    return (prev[:m.start()] if m and m.start() >= 2 else prev) + head


def _spread_items(metric: str | None, win: Window, done: list[_Done]) -> tuple[list[str], int]:
    """The subjects of a 分别 list and this figure's place after 分别 ([], -1 if none)."""
    k = win.before.rfind("分别")
    if not metric or k < 0:
        return [], -1
    items = [x for x in re.split(r"[、和及与]", metric) if x]
    after = win.sentence_start + k
    return (items, sum(1 for d in done if d.q.start > after)) if len(items) >= 2 else ([], -1)


def _spread(metric: str | None, win: Window, done: list[_Done]) -> str | None:
    """高新产业、新兴产业产值占比分别达48%、56.3%: the i-th figure after 分别 measures the
    i-th subject of the list, with the words they share: a head word from the table
    (城镇和农村居民人均可支配收入), or what follows a parallel first word (…产业|产值占比)."""
    items, i = _spread_items(metric, win, done)
    if not items or i >= len(items):
        return metric
    first, last = items[0], items[-1]
    n = len(first)
    if n >= 2 and len(last) > n and first[-2:] == last[n - 2:n]:
        shared = last[n:]                    # 高新产业 ~ 新兴产业 → 产值占比
    else:
        head = tables().heads.search(last)
        shared = head.group() if head else ""
    item = items[i]
    return item if not shared or item.endswith(shared) else item + shared


def _group_base(done: list[_Done], win: Window, metric: str | None) -> _Done | None:
    """分别达到42469元和18600元，分别增长5.8%和7.1%: the i-th rate is of the i-th amount."""
    items, i = _spread_items(metric, win, done)
    amounts = [d for d in reversed(done) if d.q.kind != Kind.GROWTH and d.q.unit not in tables().growth_units]
    if not items or i < 0 or len(amounts) < len(items):
        return None
    group = amounts[-len(items):]
    return group[i] if i < len(group) else None


def _carry_verb(metric: str, win: Window, text_between: str, done: list[_Done]) -> str:
    """扩建初中2所、小学1所: the second item's metric takes the first item's verb."""
    t = tables()
    if not done or not metric or not text_between.startswith("、") or t.verbs.match(metric):
        return metric
    verb = done[0].verb
    return verb + metric if verb and not metric.startswith(verb) else metric


def annotate(text: str, outline: Structure, found: tuple[Quantity, ...]) -> tuple[Quantity, ...]:
    """Fill metric, kind, of, period, section and firmness of each quantity."""
    if not found:
        return found
    t = tables()
    found = tuple(sorted(found, key=lambda q: (q.start, q.end)))
    breaks = _clause_breaks(text)
    sbreaks = [m.start() for m in t.sentence_breaks.finditer(text)]
    target_lines = [m.start() for m in t.target_line.finditer(text)]
    plist = parts(text, outline)
    done: list[_Done] = []                   # newest first
    out: list[Quantity] = []
    for i, q in enumerate(found):
        win = _window(text, q, i, found, breaks, sbreaks, target_lines)
        part = part_at(plist, q.start)
        kind = _kind(q, win, part)
        done = [d for d in done if d.q.start >= win.sentence_start]
        kind, joined = _joined_kind(kind, q, win, done, text)
        rate = kind == Kind.GROWTH or kind == Kind.TARGET and _is_rate(q, win)
        metric, from_post = _metric(win, rate, q.unit)
        if joined is not None and not metric:
            metric = joined.subject
        if done and done[0].subject and t.share_of.fullmatch(metric):
            metric = done[0].subject + metric + "比重"      # …产量增长43%、占全国1/4
        of = None
        if kind == Kind.GROWTH:
            subject = metric or (joined.subject if joined else None) \
                or next((d.subject for d in done if d.q.kind != Kind.GROWTH), None)
            base = _group_base(done, win, subject) or _base_of_growth(done, q.unit)
            if base is not None and metric and metric == base.subject:
                of = base.q.text                 # 分别增长5.8%和7.1% after 分别达到…元和…元
            elif base is not None and (not metric or metric in t.generic):
                of = base.q.text if q.unit != "名次" else None
                metric = base.subject
                if metric and ("增速" in win.pre or "增幅" in win.pre):
                    metric += "增速"
            elif not metric and done:
                metric = done[0].subject       # 赤字率2.8%，比去年预算高0.2个百分点
        elif not metric or metric in t.generic:
            prev = done[0].q if done else None
            if prev is not None and prev.metric:
                metric = _with_head(prev.metric, metric)
            elif kind == Kind.RANK:
                metric = _sentence_subject(win) or metric
        elif done and done[0].q.metric and (former := t.former_head.fullmatch(metric)):
            # 减税降费2.36万亿元，超过原定的近2万亿元规模 → 原定减税降费规模
            metric = former.group(1) + _with_head(done[0].q.metric, former.group(2))
        elif done and not from_post:
            metric = _carry_verb(metric, win, text[done[0].q.end:q.start], done)
        verb = t.verbs.match(metric or "")
        subject = metric
        metric = _spread(metric, win, done)
        out.append(replace(
            q, metric=metric or None, kind=kind, of=of,
            period=_period(q, kind, win, part),
            section=part.name if part else None,
            firmness=_firmness(q, win) if kind == Kind.TARGET else None))
        done.insert(0, _Done(out[-1], from_post, verb.group() if verb else "", subject))
    return tuple(_group_totals(text, out))
