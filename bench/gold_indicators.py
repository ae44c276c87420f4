"""Dev check of luoshi.indicators on GOLD spans: builds each gold figure as a Quantity
(text, offsets, value, unit, qualifier only), runs indicators.annotate, and reports
how often metric (the scorer's same_phrase), kind, period, section and `of` agree.

    .venv/bin/python bench/gold_indicators.py [GOLD_DIR…] [--errors]

Not a test: a tool to develop the indicator rules against the gold without waiting for
the detector. Without GOLD_DIR it reads ../shared/gold/dongcheng-2021 and excerpts/*.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from luoshi import indicators, structure
from luoshi.evaluate import gold_dirs, same_phrase
from luoshi.model import Kind, Qualifier, Quantity

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "gold"


def gold_quantities(d: Path) -> list[dict]:
    path = d / "quantities.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def as_found(g: dict) -> Quantity:
    """What the detector would hand over: no metric, kind only RANK (the detector sets it)."""
    return Quantity(text=g["text"], start=g["start"], end=g["end"], value=g["value"], unit=g["unit"] or "",
                    unit_surface=g.get("unit_surface"), qualifier=Qualifier(g["qualifier"]) if g.get("qualifier") else None,
                    low=g.get("low"), high=g.get("high"), kind=Kind.RANK if g["unit"] == "名次" else Kind.ACTUAL)


def main(argv: list[str]) -> int:
    show = "--errors" in argv
    dirs = gold_dirs([a for a in argv if not a.startswith("--")] or [str(SHARED)])
    total, right = Counter(), Counter()
    for d in dirs:
        text = (d / "report.txt").read_text(encoding="utf-8")
        every = gold_quantities(d)
        gold = [g for g in every if not g.get("borderline")]
        if not gold:
            continue
        found = tuple(as_found(g) for g in every)     # borderline figures are found too, but not scored
        got = {(q.start, q.end): q for q in indicators.annotate(text, structure.outline(text), found)}
        for g in gold:
            q = got[(g["start"], g["end"])]
            checks = {"metric": same_phrase(g["metric"], q.metric) if g.get("metric") else None,
                      "kind": g["kind"] == q.kind, "period": (g["period"] or None) == q.period,
                      "section": g["section"] == q.section, "of": (g["of"] or None) == q.of}
            for k, ok in checks.items():
                if ok is None:
                    continue
                total[k] += 1
                right[k] += ok
                if show and not ok:
                    want, have = g[k], getattr(q, k)
                    ctx = text[max(0, g["start"] - 20):g["start"]] + "【" + g["text"] + "】" + text[g["end"]:g["end"] + 8]
                    print(f"{d.name[:12]:12} {k:7} gold={want!s:20} got={have!s:20} | {ctx.replace(chr(10), '⏎')}")
    print("on gold spans:", "  ".join(f"{k} {right[k]}/{total[k]} = {right[k] / total[k]:.3f}" for k in total))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
