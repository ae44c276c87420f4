"""Reconcile a plan with the next year's report: for each quantitative target
of the plan year, the actual value stated in the later report's review and a
verdict under the target's wording; for each task, the review's evidence and a
suggested verdict (luoshi.evidence). The output is the format of
shared/spec/reconcile-format.md.

Only the texts are needed: the plan and review sections are found from the
reports' own top-level headings (一、2021年工作回顾 / 三、2021年重点工作),
else from the pipeline's outline. Targets and actuals are the pipeline's
quantities (a Document's, else luoshi.quantities.scan of the text), read for
their metric and wording by luoshi.plan_targets the same way on both sides;
rules are data in data/reconcile.toml."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from . import evidence, quantities
from .errors import LuoshiError
from .plan_targets import Figure, alternation, canonical, figures, rules, same_kind, similarity

CN_DIGITS = "一二三四五六七八九十"
HEADING = re.compile(rf"^[ \t　]*([{CN_DIGITS}]+)[、.．]\s*(.{{2,60}})$", re.M)
YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)年")
MIN_SIMILARITY = 0.55


@dataclass(frozen=True, slots=True)
class Side:
    """One report of the pair with the part of it that matters here."""
    text: str
    path: str | None
    sha256: str | None
    government: str | None
    year: int | None
    start: int                   # the plan section (plan report) or review (later report)
    end: int
    quantities: tuple = ()       # the pipeline's quantities of the whole text


# ------------------------------------------------------------------ sections

def headings(text: str) -> list[tuple[int, str]]:
    """Top-level headings (一、… 二、…) as (offset, title)."""
    return [(m.start(), m.group(2).strip()) for m in HEADING.finditer(text)]


def report_year(text: str) -> int | None:
    """The year a report was delivered: its date line, else the year after the
    one its review heading names, else the first year a heading names."""
    m = re.search(r"((?:19|20)\d\d)年\d{1,2}月\d{1,2}日", text[:400])
    if m:
        return int(m.group(1))
    titles = [t for _, t in headings(text)]
    for t in titles:
        y = YEAR.search(t)
        if y and "回顾" in t:
            return int(y.group(1)) + 1
    for t in titles:
        y = YEAR.search(t)
        if y:
            return int(y.group(1))
    return None


def review_span(text: str, year: int | None) -> tuple[int, int] | None:
    """The review of the previous year: a heading with 回顾 (or naming that
    year's work) up to the next top-level heading."""
    hs = headings(text)
    for i, (pos, title) in enumerate(hs):
        looks_back = ("回顾" in title or title.startswith(("过去一年", "去年"))
                      or (year and f"{year - 1}年" in title and "工作" in title))
        if looks_back:
            return pos, hs[i + 1][0] if i + 1 < len(hs) else len(text)
    return None


def plan_span(text: str, year: int | None) -> tuple[int, int] | None:
    """The plan of the report's year: the first heading that names this year
    (not a review, not a five-year outlook) to the end of the text."""
    hs = headings(text)
    for pos, title in hs:
        if "回顾" in title or re.search(r"五年|十.五", title):
            continue
        if (year and f"{year}年" in title) or "今年" in title:
            return pos, len(text)
    for pos, title in hs:
        if "回顾" not in title and re.search(r"任务|安排|重点工作", title):
            return pos, len(text)
    return None


def outline_span(doc, role: str, year: int | None) -> tuple[int, int] | None:
    """The pipeline's section of this role (for a plan, of this year and not a
    five-year outlook), when the report's headings did not say."""
    secs = [s for s in getattr(getattr(doc, "structure", None), "sections", ())
            if str(s.role) == role and not re.search(r"五年|十.五", s.title or "")]
    if role == "plan":
        secs = [s for s in secs if s.year in (None, year)]
        return (secs[0].start, len(doc.text)) if secs else None
    return (secs[0].start, secs[0].end) if secs else None


def _halves(text: str, role: str) -> tuple[int, int]:
    """Without headings or an outline: the review comes first, the plan after."""
    mid = len(text) // 2
    return (mid, len(text)) if role == "plan" else (0, mid)


GOV = re.compile(r"(国务院|[\u4e00-\u9fff]{2,12}?人民政府)")


def find_government(text: str) -> str | None:
    m = GOV.search(text[:600])
    if not m:
        return None
    return m.group(1).removesuffix("人民政府")


def side(doc, role: str) -> Side:
    text = doc.text
    year = getattr(getattr(doc, "structure", None), "plan_year", None) if role == "plan" else None
    year = year or report_year(text)
    own = plan_span(text, year) if role == "plan" else review_span(text, year)
    if own is None and role == "review" and (ahead := plan_span(text, year)):
        own = (0, ahead[0])             # no review heading: the review is what precedes the plan
    span = own or outline_span(doc, role, year) or _halves(text, role)
    src = getattr(doc, "source", None)
    return Side(text=text, path=getattr(src, "path", None), sha256=getattr(src, "sha256", None),
                government=getattr(doc, "government", None) or find_government(text),
                year=year, start=span[0], end=span[1],
                quantities=tuple(getattr(doc, "quantities", ())) or quantities.scan(text))


# ------------------------------------------------------------------- targets

def _years_before(text: str, f: Figure) -> set[int]:
    """Years named in the sentence up to the figure's clause end."""
    stop = f.end
    while stop < f.sentence_end and text[stop] not in "，；。":
        stop += 1
    return {int(y) for y in YEAR.findall(text[f.sentence_start:stop])}


def _multi_year(text: str, f: Figure, year: int | None, from_clause: bool = False) -> bool:
    """Whether the figure speaks of several years or another year. A review's
    five-year sentence opens with 过去五年, so the whole sentence up to the
    figure counts there; a plan's long sentence may name 十四五 in passing, so
    only the figure's own and the previous clause count there."""
    lo = f.sentence_start
    if from_clause:
        lo = max(lo, _clause_start(text, _clause_start(text, f.start, lo) - 1, lo))
    head = text[lo:f.end]
    if any(w in head for w in rules()["period"]["multi_year"]):
        return True
    return bool(year and _years_before(text, f) - {year})


def _clause_start(text: str, pos: int, lo: int) -> int:
    while pos > lo and text[pos - 1] not in "，；：。,;:":
        pos -= 1
    return pos


def plan_targets(plan: Side) -> list[Figure]:
    """The plan year's quantitative targets in the plan section."""
    out: list[Figure] = []
    seen: set[tuple] = set()
    for f in figures(plan.text, plan.start, plan.end, plan.quantities):
        if f.attributive or f.scope or _multi_year(plan.text, f, plan.year, from_clause=True):
            continue
        if not _in_digits(f):
            continue                    # 两项指标, 六个百分之百: a phrase's numeral, not a target
        key = (f.value, f.unit, f.modifier, f.growth)
        if key in seen and "目标" in f.metric:
            continue                    # "今年预期目标设定为6%以上" restates a target
        seen.add(key)
        out.append(f)
    return out


def _in_digits(f: Figure) -> bool:
    """Targets are statistics, written in Arabic digits (GB/T 15835); a
    number in Chinese characters is a phrase's word. Doublings (翻一番) and
    places (前三) are targets in any script."""
    return any(c.isdigit() for c in f.text) or f.base in ("倍", "位次")


def review_figures(later: Side, plan_year: int | None) -> list[Figure]:
    """Figures the review states for the plan year (not multi-year, not other
    years, not part of the year)."""
    return [f for f in figures(later.text, later.start, later.end, later.quantities)
            if not f.attributive and not _multi_year(later.text, f, plan_year)
            and not _five_year_paragraph(later, f) and not _part_year(later.text, f)]


PART_YEAR = re.compile(r"\d{1,2}\s*[-—–~～至到]\s*\d{1,2}月")


def _part_year(text: str, f: Figure) -> bool:
    """A quarter's or half-year's figure (一季度, 上半年, 1—11月) is not the year's."""
    head = text[_clause_start(text, f.start, f.sentence_start):f.start]
    return bool(PART_YEAR.search(head)) or any(w in head for w in rules()["period"]["part_year"])


def _five_year_paragraph(later: Side, f: Figure) -> bool:
    """A figure in a paragraph that opened on the five years past (过去五年，…
    国内生产总值增加到121万亿元) is not the plan year's, even in a later sentence."""
    start = later.text.rfind("\n", later.start, f.start) + 1
    return any(w in later.text[start:f.start] for w in rules()["period"]["multi_year_paragraph"])


def match_actual(target: Figure, candidates: list[Figure]) -> tuple[Figure | None, float]:
    """The review figure for the target's metric: same kind of count, most
    similar metric. A metric of one or two characters (项目) names no one
    indicator, so it is not matched at all."""
    best, best_sim = None, 0.0
    if len(canonical(target.metric)) < 3:
        return None, 0.0
    for c in candidates:
        if not same_kind(target, c):
            continue
        if target.flow and c.stock:
            continue                    # 新增20家 is not met by a stock of 112
        sim = similarity(target.metric, c.metric)
        if target.growth and target.decline != c.decline:
            sim *= 0.5                  # 能耗降低3% is not matched by a rise
        if sim > best_sim:
            best, best_sim = c, sim
    return (best, best_sim) if best_sim >= MIN_SIMILARITY else (None, best_sim)


def actual_value(target: Figure, actual: Figure) -> float:
    """The actual in the target's unit and sense (a fall counts as a fall)."""
    v = actual.value * actual.scale / target.scale
    return -v if target.growth and actual.decline != target.decline else v


def group_support(later: Side) -> tuple[str, int, int] | None:
    for phrase in rules()["support"]["group_met"]:
        i = later.text.find(phrase, later.start, later.end)
        if i >= 0:
            return phrase, i, i + len(phrase)
    return None


def verdict(target: Figure, value: float, support) -> tuple[str, str]:
    t = target.value
    mod = target.modifier
    if mod == "range":
        low = t if target.low is None else target.low
        high = t if target.high is None else target.high
        ok = low <= value <= high
        return ("met" if ok else "not_met"), f"{value:g} {'in' if ok else 'outside'} {low:g}–{high:g}"
    if mod == "at_most":
        ok = value <= t
        return ("met" if ok else "not_met"), f"{value:g} {'≤' if ok else '>'} {t:g} ({target.text})"
    if mod == "around":
        band = rules()["band"]["around_relative"]
        dev = abs(value - t) / abs(t) if t else abs(value)
        if dev <= band:
            return "met", f"{value:g} within ±{band:.0%} of {t:g} (左右)"
        if support:
            return "met", f"{value:g} outside ±{band:.0%} of {t:g}, but the report says {support[0]}"
        return "not_met", f"{value:g} outside ±{band:.0%} of {t:g} (左右)"
    ok = value >= t
    word = "以上" if mod == "at_least" else "point target"
    return ("met" if ok else "not_met"), f"{value:g} {'≥' if ok else '<'} {t:g} ({word})"


def target_record(target: Figure, actual: Figure | None, sim: float, support, base: Figure | None = None) -> dict:
    rec = {"metric": target.metric, "plan_text": target.text, "plan_start": target.start,
           "plan_end": target.end, "target_value": target.value, "unit": target.unit,
           "modifier": target.modifier, "growth": target.growth}
    if target.modifier == "range":
        rec.update(low=target.low, high=target.high)
    if actual is None:
        rec.update(actual_text=None, actual_start=None, actual_end=None, actual_value=None,
                   verdict="not_reported", reason="the later review states no value for this metric")
        return rec
    value = actual_value(target, actual)
    if base is not None:                # a flow from two stocks, in the target's unit
        value = (actual.in_unit(1) - base.in_unit(1)) / target.scale
    v, reason = verdict(target, value, support if target.modifier == "around" else None)
    rec.update(actual_text=actual.text, actual_start=actual.start, actual_end=actual.end,
               actual_value=round(value, 6), actual_metric=actual.metric,
               match=round(sim, 3), verdict=v, reason=reason)
    if base is not None:
        rec.update(actual_derived=True, derivation=f"{actual.text} − {base.text}", base_text=base.text,
                   base_start=base.start, base_end=base.end, reason=f"{actual.text} − {base.text} = {value:g}; "
                   + reason)
    if support and "but the report says" in reason:
        rec.update(support_text=support[0], support_start=support[1], support_end=support[2])
    return rec


DERIVE_SIMILARITY = 0.7


def _core(metric: str) -> str:
    """A metric without the words that make it a flow (新增高新技术企业 → 高新技术企业)."""
    return re.sub(alternation(rules()["metric"]["flow_words"]), "", metric) or metric


def _stock_for(target: Figure, figs: list[Figure]) -> Figure | None:
    """The stock of the target's thing among `figs`, if one is named closely enough."""
    core = _core(target.metric)
    best, best_sim = None, DERIVE_SIMILARITY
    for f in figs:
        if not f.stock or f.growth or f.attributive or not same_kind(target, f):
            continue
        sim = similarity(core, _core(f.metric))
        if sim >= best_sim:
            best, best_sim = f, sim
    return best


def derive(target: Figure, later_figs: list[Figure], plan_figs: list[Figure]) -> tuple[Figure, Figure] | None:
    """A flow target (新增20家) the review answers only with a stock (达到112家):
    the realised flow is that stock less the stock the plan report gave for
    the start of the year, when it gave one."""
    if not target.flow or target.growth:
        return None
    end_stock = _stock_for(target, later_figs)
    start_stock = _stock_for(target, plan_figs) if end_stock else None
    if not start_stock or end_stock.in_unit(1) <= start_stock.in_unit(1):
        return None
    return end_stock, start_stock


def reconcile_targets(plan: Side, later: Side) -> list[dict]:
    cands = review_figures(later, plan.year)
    before_plan = [f for f in figures(plan.text, 0, plan.start, plan.quantities)
                   if not _multi_year(plan.text, f, plan.year - 1 if plan.year else None)]
    support = group_support(later)
    out = []
    for t in plan_targets(plan):
        actual, sim = match_actual(t, cands)
        derived = None if actual else derive(t, cands, before_plan)
        rec = target_record(t, actual or (derived and derived[0]), sim, support, derived and derived[1])
        out.append(rec)
    return out


# ---------------------------------------------------------------------- all

def header(s: Side) -> dict:
    return {"path": s.path, "sha256": s.sha256, "government": s.government, "year": s.year,
            "section_start": s.start, "section_end": s.end}


AREA = re.compile(rf"^[ \t　]*(?:[（(][{CN_DIGITS}]+[）)]|[{CN_DIGITS}]+、)[^。\n]{{1,40}}", re.M)


def areas(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """The plan's work areas, （一）… or 一、…, as (offset, name)."""
    return [(m.start(), m.group().strip()[:24]) for m in AREA.finditer(text, start, end)]


def with_areas(records: list[dict], marks: list[tuple[int, str]], key: str) -> list[dict]:
    """Each record's work area: the last heading before it."""
    for r in records:
        names = [name for pos, name in marks if pos <= r[key]]
        r["area"] = names[-1] if names else None
    return records


def summary(result: dict) -> list[dict]:
    """Counts of verdicts by area, targets and tasks, for a table."""
    rows: dict[str, Counter] = {}
    first: dict[str, int] = {}
    for kind, key in (("target", "plan_start"), ("task", "task_start")):
        for t in result[kind + "s"]:
            area = t.get("area") or "—"
            rows.setdefault(area, Counter())[f"{kind}_{t['verdict']}"] += 1
            first[area] = min(first.get(area, t[key]), t[key])
    return [{"area": a, **rows[a]} for a in sorted(rows, key=first.get)]


def reconcile(plan_doc, later_doc) -> dict:
    """Reconcile two analysed reports (luoshi.model.Document or anything with
    `.text`): the plan report and the next year's report."""
    plan, later = side(plan_doc, "plan"), side(later_doc, "review")
    if plan.year and later.year and later.year <= plan.year:
        raise LuoshiError(f"the later report ({later.year}) must come after the plan ({plan.year})")
    marks = areas(plan.text, plan.start, plan.end)
    plan_tasks = getattr(plan_doc, "tasks", ())
    return {"plan": header(plan), "later": header(later),
            "targets": with_areas(reconcile_targets(plan, later), marks, "plan_start"),
            "tasks": with_areas(evidence.reconcile_tasks(plan, later, plan_tasks), marks, "task_start")}


def reconcile_paths(plan_path: str, later_path: str) -> dict:
    """Read both report files, find the plan's tasks, then reconcile them.
    Only the stages reconciling needs are run: the outline, the quantities and
    the tasks, not the entities, whose dictionary takes seconds
    to load and which a reconciliation does not use."""
    return reconcile(_light_read(plan_path, with_tasks=True), _light_read(later_path, with_tasks=False))


def _light_read(path: str, with_tasks: bool):
    from . import ingest, structure, tasks
    from .model import Document
    text, source = ingest.read_file(path)
    outline = structure.outline(text)
    government = structure.find_government(text)
    amounts = quantities.extract(text, outline)
    found = tasks.extract(text, outline, amounts, (), government=government) if with_tasks else ()
    return Document(text=text, source=source, government=government, structure=outline,
                    quantities=amounts, tasks=found)


# ------------------------------------------------------------------- output

def as_text(result: dict) -> str:
    """A plain-text summary for people: one line per target and per task."""
    p, l = result["plan"], result["later"]
    lines = [f"{p['government'] or '?'} {p['year']} plan → {l['government'] or '?'} {l['year']} review", ""]
    counts = Counter(t["verdict"] for t in result["targets"])
    lines.append("targets: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    for t in result["targets"]:
        actual = t["actual_text"] or "—"
        lines.append(f"  [{t['verdict']:>12}] {t['metric']} {t['plan_text']} → {actual}  ({t['reason']})")
    counts = Counter(t["verdict"] for t in result["tasks"])
    lines += ["", "tasks: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))]
    for t in result["tasks"]:
        ev = t["evidence"][0]["text"][:40] if t["evidence"] and t["verdict"] != "not_mentioned" else ""
        lines.append(f"  [{t['verdict']:>13}] {t['task_text'][:40]}  {ev}")
    return "\n".join(lines)


def write_xlsx(result: dict, path: str) -> None:
    """Two sheets, targets and tasks, one row each."""
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.title = "targets"
    cols = ["metric", "plan_text", "modifier", "target_value", "unit", "actual_text", "actual_value",
            "verdict", "reason"]
    ws.append(cols)
    for t in result["targets"]:
        ws.append([t.get(c) for c in cols])
    ws = wb.create_sheet("tasks")
    ws.append(["task_text", "verdict", "confidence", "reason", "evidence"])
    for t in result["tasks"]:
        ws.append([t["task_text"], t["verdict"], t["confidence"], t["reason"],
                   t["evidence"][0]["text"] if t["evidence"] else ""])
    try:
        wb.save(path)
    except OSError as err:
        raise LuoshiError(f"cannot write {path}: {err.strerror}") from err
