"""Score luoshi's extraction against hand-made gold folders (`luoshi eval`).

The scoring logic is an equal implementation of the project's reference scorer,
shared/tools/score.py (same matching, same figures, same names), copied here so that
luoshi runs without ../shared; tests/test_evaluate_scorer.py checks that both give the
same numbers on every gold folder. Besides the scorer's figures, `score` returns the
raw counts that let figures be summed over several folders.
"""
from __future__ import annotations

import json
import math
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError

# ---------------------------------------------------------------- the reference scorer's logic
# (from shared/tools/score.py; keep in step with it)


def load_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def overlap(a: dict, b: dict) -> int:
    return max(0, min(a["end"], b["end"]) - max(a["start"], b["start"]))


def iou(a: dict, b: dict) -> float:
    inter = overlap(a, b)
    union = max(a["end"], b["end"]) - min(a["start"], b["start"])
    return inter / union if union > 0 else 0.0


def norm(s) -> str:
    if s is None:
        return ""
    s = unicodedata.normalize("NFKC", str(s))
    return "".join(ch for ch in s if not ch.isspace() and ch not in "“”\"'‘’《》")


def same_number(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


UNIT_ALIASES = {"％": "%", "percent": "%", "元人民币": "元", "人民币": "元", "CNY": "元"}


def same_unit(a, b) -> bool:
    a, b = norm(a), norm(b)
    return UNIT_ALIASES.get(a, a) == UNIT_ALIASES.get(b, b)


def bigrams(s: str) -> set[str]:
    return {s[i:i + 2] for i in range(len(s) - 1)} or {s}


def same_phrase(gold, pred) -> bool:
    """Metric/object phrases: equal after normalisation; or one contains the other and the
    shorter keeps at least half of the longer; or their character bigrams overlap with
    Dice >= 0.5."""
    g, p = norm(gold), norm(pred)
    if not g and not p:
        return True
    if not g or not p:
        return False
    if g == p:
        return True
    short, long_ = sorted((g, p), key=len)
    if short in long_ and len(short) >= 0.5 * len(long_):
        return True
    bg, bp = bigrams(g), bigrams(p)
    return 2 * len(bg & bp) / (len(bg) + len(bp)) >= 0.5


def greedy_match(gold: list[dict], pred: list[dict], score) -> list[tuple[int, int]]:
    """One-to-one matching, best pairs first; score(g, p) > 0 means matchable."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            s = score(g, p)
            if s > 0:
                pairs.append((s, gi, pi))
    pairs.sort(key=lambda t: -t[0])
    used_g, used_p, out = set(), set(), []
    for _, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi))
    return out


def drop_dont_care(pred: list[dict], dont_care: list[dict], core: list[dict], min_iou: float = 0.0,
                   exact: bool = False) -> list[dict]:
    """Remove predictions that match a don't-care gold record better than any core one."""
    def fits(g, p):
        if exact:
            return (g["start"], g["end"]) == (p["start"], p["end"])
        return overlap(g, p) > 0 and iou(g, p) >= min_iou

    kept = []
    for p in pred:
        best_dc = max((iou(g, p) for g in dont_care if fits(g, p)), default=0.0)
        best_core = max((iou(g, p) for g in core if fits(g, p)), default=0.0)
        if best_dc > 0 and best_dc >= best_core:
            continue
        kept.append(p)
    return kept


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def valid_spans(items: list[dict], text: str, errors: list[str], what: str) -> list[dict]:
    good = []
    for it in items:
        try:
            s, e = int(it["start"]), int(it["end"])
        except (KeyError, TypeError, ValueError):
            errors.append(f"{what}: no integer start/end: {json.dumps(it, ensure_ascii=False)[:120]}")
            continue
        if not (0 <= s < e <= len(text)):
            errors.append(f"{what}: span out of range {s}:{e}")
            continue
        if "text" in it and it["text"] is not None and text[s:e] != it["text"]:
            errors.append(f"{what}: text[{s}:{e}]={text[s:e]!r} but 'text' says {it['text']!r}")
        good.append(dict(it, start=s, end=e))
    return good


def quantity_value_ok(g: dict, p: dict) -> bool:
    if g.get("qualifier") == "range":
        return same_number(g.get("low"), p.get("low")) and same_number(g.get("high"), p.get("high")) \
            and same_unit(g.get("unit"), p.get("unit"))
    return same_number(g.get("value"), p.get("value")) and same_unit(g.get("unit"), p.get("unit"))


def in_region(items: list[dict], region: dict | None) -> list[dict]:
    """Where the gold covers only part of the report (region.json), score only what starts inside it."""
    if not region:
        return items
    return [it for it in items if isinstance(it.get("start"), int) and region["start"] <= it["start"] < region["end"]]


@dataclass(frozen=True, slots=True)
class Scored:
    """One gold folder's figures (named as score.py names them), the counts behind
    them, and the misses (score.py's --show-errors lines)."""
    figures: dict
    counts: dict = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)


def score(gold_dir: Path, pred: dict) -> Scored:
    text = (gold_dir / "report.txt").read_text(encoding="utf-8")
    region_path = gold_dir / "region.json"
    region = json.loads(region_path.read_text(encoding="utf-8")) if region_path.exists() else None
    pred = {k: in_region(v, region) if k in ("quantities", "tasks", "entities") and isinstance(v, list) else v
            for k, v in pred.items()}
    errors: list[str] = []
    out: dict = {}
    counts: dict = {"chars": len(text) if not region else region["end"] - region["start"]}
    misses: list[str] = []
    _score_quantities(gold_dir, pred, text, errors, out, counts, misses)
    _score_tasks(gold_dir, pred, text, errors, out, counts, misses)
    _score_entities(gold_dir, pred, text, errors, out, counts)
    _score_structure(gold_dir, pred, out, counts)
    out["span_errors"] = len(errors)
    return Scored(out, counts, errors + misses)


def _score_quantities(gold_dir, pred, text, errors, out, counts, misses) -> None:
    gq_all = load_jsonl(gold_dir / "quantities.jsonl")
    gq = [g for g in gq_all if not g.get("borderline")]
    gn = [n for n in load_jsonl(gold_dir / "non_quantities.jsonl") if not n.get("borderline")]
    pq = valid_spans(pred.get("quantities") or [], text, errors, "quantity")
    # a prediction on a borderline record is neither right nor wrong
    pq = drop_dont_care(pq, [g for g in gq_all if g.get("borderline")], gq)
    m = greedy_match(gq, pq, lambda g, p: iou(g, p) if overlap(g, p) else 0)
    p, r, f = prf(len(m), len(pq), len(gq))
    out.update(quantity_found_p=p, quantity_found_r=r, quantity_found_f1=f)
    value_ok = [(gi, pi) for gi, pi in m if quantity_value_ok(gq[gi], pq[pi])]
    p, r, f = prf(len(value_ok), len(pq), len(gq))
    out.update(quantity_value_p=p, quantity_value_r=r, quantity_value_f1=f)
    out.update(n_quantity_gold=len(gq), n_quantity_pred=len(pq), n_quantity_found=len(m), n_quantity_value_ok=len(value_ok))
    qual_ok = sum(1 for gi, pi in m if (gq[gi].get("qualifier") or None) == (pq[pi].get("qualifier") or None))
    out["quantity_qualifier_acc"] = qual_ok / len(m) if m else 0.0
    out["n_qualifier_ok"] = qual_ok
    qualified = [(gi, pi) for gi, pi in m if gq[gi].get("qualifier")]
    qual_hit = sum(1 for gi, pi in qualified if gq[gi]["qualifier"] == pq[pi].get("qualifier"))
    out["qualified_acc"] = qual_hit / len(qualified) if qualified else 0.0
    out.update(n_qualified=len(qualified), n_qualified_ok=qual_hit)
    with_metric = [(gi, pi) for gi, pi in m if gq[gi].get("metric")]
    metric_ok = [(gi, pi) for gi, pi in with_metric if same_phrase(gq[gi]["metric"], pq[pi].get("metric"))]
    out["metric_acc"] = len(metric_ok) / len(with_metric) if with_metric else 0.0
    out["metric_recall"] = len(metric_ok) / sum(1 for g in gq if g.get("metric")) if gq else 0.0
    out.update(n_metric_ok=len(metric_ok), n_metric_gold=sum(1 for g in gq if g.get("metric")))
    kind_ok = sum(1 for gi, pi in m if gq[gi].get("kind") == pq[pi].get("kind"))
    out["kind_acc"] = kind_ok / len(m) if m else 0.0
    out["n_kind_ok"] = kind_ok
    fp_non = sum(1 for n in gn if any(overlap(n, q) for q in pq))
    out["non_quantities_reported"] = fp_non
    out["non_quantities_total"] = len(gn)
    counts["n_metric_matched"] = len(with_metric)
    counts["n_period_ok"] = sum(1 for gi, pi in m if norm(gq[gi].get("period")) == norm(pq[pi].get("period")))
    matched_g = {gi for gi, _ in value_ok}
    for gi, g in enumerate(gq):
        if gi not in matched_g:
            misses.append(f"quantity missed or wrong: {g['text']} @{g['start']} (gold value {g.get('value')} {g.get('unit')})")
    for gi, pi in m:
        if gq[gi].get("metric") and (gi, pi) not in metric_ok:
            misses.append(f"metric: {gq[gi]['text']} @{gq[gi]['start']} gold {gq[gi]['metric']!r} got {pq[pi].get('metric')!r}")
    # luoshi's additions to the misses: wrong kinds and reported non-quantities
    for gi, pi in m:
        if gq[gi].get("kind") != pq[pi].get("kind"):
            misses.append(f"kind: {gq[gi]['text']} @{gq[gi]['start']} gold {gq[gi].get('kind')} got {pq[pi].get('kind')}")
    matched_p = {pi for _, pi in m}
    for pi, q in enumerate(pq):
        if pi not in matched_p:
            misses.append(f"quantity not in gold: {q.get('text')} @{q['start']}")
    for n in gn:
        if any(overlap(n, q) for q in pq):
            misses.append(f"non-quantity reported: {n['text']} @{n['start']} ({n.get('reason', '')})")


def _score_tasks(gold_dir, pred, text, errors, out, counts, misses) -> None:
    gt_all = load_jsonl(gold_dir / "tasks.jsonl")
    gt = [g for g in gt_all if not g.get("optional")]
    pt = valid_spans(pred.get("tasks") or [], text, errors, "task")
    pt = drop_dont_care(pt, [g for g in gt_all if g.get("optional")], gt, min_iou=0.5)
    m = greedy_match(gt, pt, lambda g, p: iou(g, p) if iou(g, p) >= 0.5 else 0)
    p, r, f = prf(len(m), len(pt), len(gt))
    out.update(task_p=p, task_r=r, task_f1=f)
    strength_ok = sum(1 for gi, pi in m if gt[gi].get("strength") == pt[pi].get("strength"))
    deadline_ok = sum(1 for gi, pi in m if norm(gt[gi].get("deadline")) == norm(pt[pi].get("deadline")))
    out["task_strength_acc"] = strength_ok / len(m) if m else 0.0
    out["task_deadline_acc"] = deadline_ok / len(m) if m else 0.0
    counts.update(n_task_gold=len(gt), n_task_pred=len(pt), n_task_match=len(m),
                  n_strength_ok=strength_ok, n_deadline_ok=deadline_ok)
    matched_g = {gi for gi, _ in m}
    for gi, g in enumerate(gt):
        if gi not in matched_g:
            misses.append(f"task missed: {g['text'][:40]}… @{g['start']}")


def _score_entities(gold_dir, pred, text, errors, out, counts) -> None:
    ge_all = load_jsonl(gold_dir / "entities.jsonl")
    ge = [g for g in ge_all if not g.get("borderline") and not g.get("nested")]
    pe = valid_spans(pred.get("entities") or [], text, errors, "entity")
    pe = drop_dont_care(pe, [g for g in ge_all if g.get("borderline") or g.get("nested")], ge, exact=True)

    def type_ok(g, p):
        t = norm(p.get("type")).upper()
        return t == norm(g.get("type")).upper() or (g.get("alt_type") and t == norm(g["alt_type"]).upper())

    exact = greedy_match(ge, pe, lambda g, p: 1 if (g["start"], g["end"]) == (p["start"], p["end"]) and type_ok(g, p) else 0)
    p, r, f = prf(len(exact), len(pe), len(ge))
    out.update(entity_exact_p=p, entity_exact_r=r, entity_exact_f1=f)
    loose = greedy_match(ge, pe, lambda g, p: iou(g, p) if overlap(g, p) else 0)
    p, r, f = prf(len(loose), len(pe), len(ge))
    out.update(entity_overlap_f1=f)
    counts.update(n_entity_gold=len(ge), n_entity_pred=len(pe), n_entity_exact=len(exact), n_entity_loose=len(loose))


def _flatten(nodes, acc):
    for n in nodes or []:
        if n.get("label") or n.get("kind") in ("item", "topic") or "text" in n:
            acc.append(n)
        _flatten(n.get("children") or n.get("items"), acc)
        _flatten(n.get("topics"), acc)
    return acc


def _start_of(n) -> int:
    try:
        return int(n.get("heading_start", n.get("start", -99)))
    except (TypeError, ValueError):
        return -99


def _score_structure(gold_dir, pred, out, counts) -> None:
    """Numbered items, matched by start offset within 3 characters."""
    gs_path = gold_dir / "structure.json"
    gs = _flatten(json.loads(gs_path.read_text(encoding="utf-8")).get("sections", []), []) if gs_path.exists() else []
    ps_raw = pred.get("structure") or []
    if isinstance(ps_raw, dict):
        ps_raw = ps_raw.get("sections", [])
    ps = _flatten(ps_raw, [])
    m = greedy_match(gs, ps, lambda g, p: 1 if abs(_start_of(g) - _start_of(p)) <= 3 else 0)
    p, r, f = prf(len(m), len(ps), len(gs))
    out.update(structure_p=p, structure_r=r, structure_f1=f)
    counts.update(n_structure_gold=len(gs), n_structure_pred=len(ps), n_structure_match=len(m))


# ---------------------------------------------------------------- running luoshi over gold folders

def gold_dirs(paths: list[str]) -> list[Path]:
    """Gold folders under each path: the path itself when it holds report.txt and a
    quantities.jsonl, else every such folder below it (sorted)."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if not p.is_dir():
            raise InputError(f"{raw}: not a folder")
        found = [p] if _is_gold(p) else sorted(d for d in p.rglob("*") if d.is_dir() and _is_gold(d))
        if not found:
            raise InputError(f"{raw}: no gold folder (report.txt with quantities.jsonl) in it")
        out.extend(d for d in found if d not in out)
    return out


def _is_gold(d: Path) -> bool:
    return (d / "report.txt").is_file() and (d / "quantities.jsonl").is_file()


def predict(text: str) -> dict:
    """luoshi's extraction of one report, as the scorer reads it."""
    from .pipeline import analyze
    return json.loads(json.dumps(analyze(text).to_dict(), ensure_ascii=False, default=str))


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Every folder's scores and their sum."""
    folders: list[tuple[str, Scored]]
    total: dict


_SUMMED = ("n_quantity_gold", "n_quantity_pred", "n_quantity_found", "n_quantity_value_ok", "n_qualifier_ok",
           "n_qualified", "n_qualified_ok", "n_metric_ok", "n_metric_gold", "n_kind_ok", "non_quantities_reported",
           "non_quantities_total", "span_errors")
_COUNTED = ("chars", "n_metric_matched", "n_period_ok", "n_task_gold", "n_task_pred", "n_task_match",
            "n_strength_ok", "n_deadline_ok", "n_entity_gold", "n_entity_pred", "n_entity_exact",
            "n_entity_loose", "n_structure_gold", "n_structure_pred", "n_structure_match")


def evaluate(dirs: list[Path], predictions: dict[Path, dict] | None = None) -> Evaluation:
    """Score each gold folder (luoshi's extraction unless a prediction is given) and sum."""
    folders = []
    for d in dirs:
        pred = (predictions or {}).get(d)
        if pred is None:
            pred = predict((d / "report.txt").read_text(encoding="utf-8"))
        folders.append((d.name, score(d, pred)))
    return Evaluation(folders, totals([s for _, s in folders]))


def totals(scored: list[Scored]) -> dict:
    """The scorer's figures over several folders: counts summed, then divided."""
    s = {k: sum(x.figures.get(k, 0) for x in scored) for k in _SUMMED}
    s.update({k: sum(x.counts.get(k, 0) for x in scored) for k in _COUNTED})
    div = lambda a, b: a / b if b else 0.0  # noqa: E731
    out = dict(s)
    out["quantity_found_f1"] = prf(s["n_quantity_found"], s["n_quantity_pred"], s["n_quantity_gold"])[2]
    out["quantity_value_p"], out["quantity_value_r"], out["quantity_value_f1"] = \
        prf(s["n_quantity_value_ok"], s["n_quantity_pred"], s["n_quantity_gold"])
    out["quantity_qualifier_acc"] = div(s["n_qualifier_ok"], s["n_quantity_found"])
    out["qualified_acc"] = div(s["n_qualified_ok"], s["n_qualified"])
    out["metric_acc"] = div(s["n_metric_ok"], s["n_metric_matched"])
    out["kind_acc"] = div(s["n_kind_ok"], s["n_quantity_found"])
    out["period_acc"] = div(s["n_period_ok"], s["n_quantity_found"])
    out["non_quantities_per_5000"] = div(5000 * s["non_quantities_reported"], s["chars"])
    if s["n_task_gold"]:
        out["task_f1"] = prf(s["n_task_match"], s["n_task_pred"], s["n_task_gold"])[2]
        out["task_strength_acc"] = div(s["n_strength_ok"], s["n_task_match"])
        out["task_deadline_acc"] = div(s["n_deadline_ok"], s["n_task_match"])
    if s["n_entity_gold"]:
        out["entity_exact_f1"] = prf(s["n_entity_exact"], s["n_entity_pred"], s["n_entity_gold"])[2]
        out["entity_overlap_f1"] = prf(s["n_entity_loose"], s["n_entity_pred"], s["n_entity_gold"])[2]
    if s["n_structure_gold"]:
        out["structure_f1"] = prf(s["n_structure_match"], s["n_structure_pred"], s["n_structure_gold"])[2]
    return out


# ---------------------------------------------------------------- what `luoshi eval` prints

_QUANTITY_COLUMNS = (("found", "quantity_found_f1"), ("value", "quantity_value_f1"),
                     ("qual", "quantity_qualifier_acc"), ("metric", "metric_acc"), ("kind", "kind_acc"),
                     ("period", "period_acc"))


def _row(name: str, f: dict) -> str:
    cells = " ".join(f"{f.get(k, 0.0):6.3f}" for _, k in _QUANTITY_COLUMNS)
    return (f"{name[:40]:40} {f.get('n_quantity_gold', 0):4d} {f.get('n_quantity_pred', 0):4d} {cells} "
            f"{f.get('non_quantities_reported', 0):4d}")


def _folder_figures(s: Scored) -> dict:
    """A folder's figures with the ones only luoshi adds (period, non-quantities per 5,000)."""
    return totals([s])


def report(ev: Evaluation, errors: bool = False) -> str:
    """The table `luoshi eval` prints: one row per gold folder and the total; then the
    task, entity and outline figures where the gold has them; with errors, the misses."""
    head = f"{'gold folder':40} {'gold':>4} {'pred':>4} " + " ".join(f"{c:>6}" for c, _ in _QUANTITY_COLUMNS) + f" {'nonq':>4}"
    lines = ["quantities (F1 for found/value, accuracy on matched figures)", head]
    lines += [_row(name, _folder_figures(s)) for name, s in ev.folders]
    lines.append(_row(f"TOTAL ({len(ev.folders)} folders)", ev.total))
    t = ev.total
    lines.append(f"non-quantities reported: {t['non_quantities_reported']} of {t['non_quantities_total']} "
                 f"({t['non_quantities_per_5000']:.2f} per 5,000 characters of {t['chars']:,})")
    for name, s in ev.folders:
        f = _folder_figures(s)
        extra = []
        if "task_f1" in f:
            extra.append(f"task F1 {f['task_f1']:.3f} strength {f['task_strength_acc']:.3f} "
                         f"deadline {f['task_deadline_acc']:.3f}")
        if "entity_exact_f1" in f:
            extra.append(f"entity exact F1 {f['entity_exact_f1']:.3f} overlap F1 {f['entity_overlap_f1']:.3f}")
        if "structure_f1" in f:
            extra.append(f"structure F1 {f['structure_f1']:.3f}")
        if extra:
            lines.append(f"{name}: " + "; ".join(extra))
    if errors:
        for name, s in ev.folders:
            if s.misses:
                lines.append(f"-- {name}")
                lines += [f"  {m}" for m in s.misses]
    return "\n".join(lines)


def as_json(ev: Evaluation) -> str:
    payload = {"folders": {name: dict(s.figures, **s.counts) for name, s in ev.folders}, "total": ev.total}
    return json.dumps(payload, ensure_ascii=False, indent=1)


# ---------------------------------------------------------------- the indicator stage alone, on gold spans

def indicator_agreement(dirs: list[Path]) -> tuple[dict, dict, list[str]]:
    """Run luoshi.indicators on the gold figures themselves (text, offsets, value, unit,
    qualifier, as the detector hands them over; kind only RANK) and count agreement of
    metric (same_phrase), kind, period, section and `of` with the gold: (right, total, misses)."""
    from . import indicators, structure
    from .model import Kind, Qualifier, Quantity
    right = dict.fromkeys(("metric", "kind", "period", "section", "of"), 0)
    total = dict(right)
    misses: list[str] = []
    for d in dirs:
        text = (d / "report.txt").read_text(encoding="utf-8")
        every = load_jsonl(d / "quantities.jsonl")
        found = tuple(Quantity(text=g["text"], start=g["start"], end=g["end"], value=g.get("value"),
                               unit=g.get("unit") or "", unit_surface=g.get("unit_surface"),
                               qualifier=Qualifier(g["qualifier"]) if g.get("qualifier") else None,
                               low=g.get("low"), high=g.get("high"),
                               kind=Kind.RANK if g.get("unit") == "名次" else Kind.ACTUAL) for g in every)
        got = {(q.start, q.end): q for q in indicators.annotate(text, structure.outline(text), found)}
        for g in every:
            if g.get("borderline"):
                continue                      # found like any figure, but not scored
            q = got[(g["start"], g["end"])]
            checks = {"metric": same_phrase(g["metric"], q.metric) if g.get("metric") else None,
                      "kind": g.get("kind") == q.kind, "period": (g.get("period") or None) == q.period,
                      "section": g.get("section") == q.section, "of": (g.get("of") or None) == q.of}
            for k, ok in checks.items():
                if ok is None:
                    continue
                total[k] += 1
                right[k] += bool(ok)
                if not ok:
                    ctx = text[max(0, g["start"] - 20):g["start"]] + "【" + g["text"] + "】" + text[g["end"]:g["end"] + 8]
                    misses.append(f"{d.name[:14]:14} {k:7} gold={g.get(k)!s:20} got={getattr(q, k)!s:20} | "
                                  + ctx.replace("\n", "⏎"))
    return right, total, misses
