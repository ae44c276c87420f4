"""Score reconciliations against pair gold folders (shared/gold/pairs/<P>/):
the figures of shared/tools/score_pairs.py, computed the same way (a test
holds the two equal), for `luoshi eval --pairs`.

Targets marked `borderline` are left out; each gold target takes the unused
predicted target whose plan span overlaps it most; an `alt_verdict` counts as
right. Each gold task takes the predicted task that overlaps it most (none:
`not_mentioned`); evidence recall@3 asks whether any of the three best-scored
evidence spans overlaps a gold evidence span."""
from __future__ import annotations

import json
from pathlib import Path

from .errors import LuoshiError

KEYS = ("targets_gold", "targets_pred", "target_found_r", "target_found_p", "target_actual_acc",
        "target_verdict_acc", "tasks_gold", "task_verdict_acc", "evidence_recall_at3")


def load_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def overlap(a0, a1, b0, b1) -> int:
    if None in (a0, a1, b0, b1):
        return 0
    return max(0, min(a1, b1) - max(a0, b0))


def _best_unused(g: dict, preds: list[dict], used: set[int]) -> int | None:
    best, best_ov = None, 0
    for i, p in enumerate(preds):
        if i in used:
            continue
        ov = overlap(g["plan_start"], g["plan_end"], p.get("plan_start"), p.get("plan_end"))
        if ov > best_ov:
            best, best_ov = i, ov
    return best


def score_targets(gold: list[dict], preds: list[dict], notes: list[str]) -> dict:
    found = actual_ok = verdict_ok = 0
    used: set[int] = set()
    for g in gold:
        best = _best_unused(g, preds, used)
        if best is None:
            notes.append(f"target not found: {g['plan_clause']} @{g['plan_start']}")
            continue
        used.add(best)
        p = preds[best]
        found += 1
        if g.get("actual_start") is None:
            a_ok = p.get("actual_start") is None
        else:
            a_ok = overlap(g["actual_start"], g["actual_end"], p.get("actual_start"), p.get("actual_end")) > 0
        v_ok = p.get("verdict") in (g["verdict"], g.get("alt_verdict"))
        actual_ok += a_ok
        verdict_ok += v_ok
        if not a_ok:
            notes.append(f"actual: {g['metric']} gold {g.get('actual_text')!r}@{g.get('actual_start')} "
                         f"got @{p.get('actual_start')}")
        if not v_ok:
            notes.append(f"verdict: {g['metric']} gold {g['verdict']} got {p.get('verdict')}")
    n = len(gold)
    return {"targets_gold": n, "targets_pred": len(preds),
            "target_found_r": found / n if n else 0.0,
            "target_found_p": found / len(preds) if preds else 0.0,
            "target_actual_acc": actual_ok / n if n else 0.0,
            "target_verdict_acc": verdict_ok / n if n else 0.0}


def score_tasks(gold: list[dict], preds: list[dict], notes: list[str]) -> dict:
    v_ok = ev_hit = ev_n = 0
    for g in gold:
        best, best_ov = None, 0
        for p in preds:
            ov = overlap(g["task_start"], g["task_end"], p.get("task_start"), p.get("task_end"))
            if ov > best_ov:
                best, best_ov = p, ov
        verdict = best.get("verdict") if best else "not_mentioned"
        v_ok += verdict == g["verdict"]
        if verdict != g["verdict"]:
            notes.append(f"task verdict: {g['task_text'][:30]} gold {g['verdict']} got {verdict}")
        if g.get("evidence"):
            ev_n += 1
            top = sorted((best or {}).get("evidence") or [], key=lambda e: -float(e.get("score", 0)))[:3]
            if any(overlap(e["start"], e["end"], t.get("start"), t.get("end")) for e in g["evidence"] for t in top):
                ev_hit += 1
    return {"tasks_gold": len(gold), "task_verdict_acc": v_ok / len(gold) if gold else 0.0,
            "evidence_recall_at3": ev_hit / ev_n if ev_n else 0.0}


def score(pair_dir: Path, pred: dict) -> tuple[dict, list[str]]:
    """The scorer's figures for one prediction, and its error notes."""
    notes: list[str] = []
    gold_t = [t for t in load_jsonl(pair_dir / "targets.jsonl") if not t.get("borderline")]
    out = score_targets(gold_t, pred.get("targets") or [], notes)
    out.update(score_tasks(load_jsonl(pair_dir / "tasks_sample.jsonl"), pred.get("tasks") or [], notes))
    return out, notes


def format_scores(name: str, res: dict) -> list[str]:
    lines = [f"== {name}"]
    for k in KEYS:
        v = res[k]
        lines.append(f"{k:24s} {v:.3f}" if isinstance(v, float) else f"{k:24s} {v}")
    return lines


def evaluate_pairs(dirs, errors: bool = False) -> str:
    """Reconcile plan.txt with later.txt in each pair folder and score it."""
    from .reconcile import reconcile_paths
    lines: list[str] = []
    for d in map(Path, dirs):
        if not (d / "plan.txt").is_file() or not (d / "later.txt").is_file():
            raise LuoshiError(f"{d}: not a pair folder (needs plan.txt and later.txt)")
        res, notes = score(d, reconcile_paths(str(d / "plan.txt"), str(d / "later.txt")))
        lines += format_scores(d.name, res)
        if errors:
            lines += ["  " + n for n in notes]
    return "\n".join(lines)
