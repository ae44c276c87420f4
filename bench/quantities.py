"""Benchmark: luoshi's quantity + indicator extraction side by side with the tools a
user would reach for today (see shared/spec/PEERS.md), on the same texts in one run.

    .venv/bin/python bench/quantities.py [--gold DIR…] [--corpus DIR] [--corpus-chars N]

For each tool: value F1 and found F1 with luoshi's scorer (an equal implementation of
shared/tools/score.py) over the gold folders, non-quantities reported per 5,000
characters, characters per second on the gold texts and on a corpus sample, and
luoshi's ratio to it. The peers are the optional extra `bench` (pip install -e '.[bench]');
a peer that is not installed is skipped with a note.

The glue around each peer is what a user would write: run clause by clause where the
tool merges neighbours (JioNLP), fold 万/亿 into the value, take a following classifier
as the unit, drop calendar dates. Not a test: numbers depend on the machine's load.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from luoshi import quantities, structure  # noqa: E402
from luoshi.evaluate import gold_dirs, score, totals  # noqa: E402

SHARED = ROOT.parent / "shared"
CLAUSE = re.compile(r"[^。；;，,！？!?\n]+")
# the unit a user's glue takes from the words right after a number
UNITS = ["平方公里", "平方米", "万人次", "人次", "场次", "个百分点", "公里", "公顷", "万元", "亿元", "元", "亩", "吨",
         "个", "家", "人", "名", "所", "场", "期", "件", "宗", "项", "条", "批", "座", "套", "户", "次", "处", "口", "倍", "%"]
SCALE = {"万元": ("元", 1e4), "亿元": ("元", 1e8), "万人次": ("人次", 1e4)}
DIMENSIONS = {"Square meter": "平方米", "Square kilometer": "平方公里", "Mu": "亩", "Kilometer": "公里", "Ton": "吨",
              "Hectare": "公顷", "Meter": "米", "Kilogram": "千克"}


def unit_after(text: str, end: int) -> tuple[str, float, int]:
    """(unit, scale, end) from the words right after a number; ('', 1, end) if none."""
    for u in UNITS:
        if text.startswith(u, end):
            base, scale = SCALE.get(u, (u, 1.0))
            return base, scale, end + len(u)
    return "", 1.0, end


def is_date(text: str, end: int) -> bool:
    return text[end:end + 1] in ("年", "月", "日", "号") or text[end:end + 1] == "·"


def record(text: str, start: int, end: int, value: float | None, unit: str, **extra) -> dict:
    return dict(text=text[start:end], start=start, end=end, value=value, unit=unit, **extra)


# ---------------------------------------------------------------- the tools

def luoshi_tool():
    def run(text: str, outline) -> list[dict]:
        return [dict(text=q.text, start=q.start, end=q.end, value=q.value, unit=q.unit, qualifier=q.qualifier,
                     low=q.low, high=q.high, metric=q.metric, kind=q.kind) for q in quantities.extract(text, outline)]
    return run


def jionlp_tool():
    with contextlib.redirect_stdout(io.StringIO()):           # its banner
        import jionlp
    extract_money = jionlp.ner.extract_money

    def run(text: str, outline) -> list[dict]:
        out = []
        for clause in CLAUSE.finditer(text):                 # whole lines merge neighbouring amounts
            for m in extract_money(clause.group(), with_parsing=True):
                s, e = m["offset"][0] + clause.start(), m["offset"][1] + clause.start()
                num = m["detail"]["num"]
                if isinstance(num, list):
                    lo, hi = (float(x) for x in num[:2])
                    out.append(record(text, s, e, None, m["detail"]["case"], qualifier="range", low=lo, high=hi))
                else:
                    out.append(record(text, s, e, float(num), m["detail"]["case"]))
        return out
    return run


DELTA_UNITS = {"year": "年", "month": "月", "day": "天", "hour": "小时", "minute": "分钟"}


def jionlp_time_tool():
    """JioNLP as PEERS.md ran it: money, plus extract_time for durations (time_delta)."""
    import logging
    money = jionlp_tool()
    import jionlp
    logging.getLogger().setLevel(logging.CRITICAL)          # its time parser logs every failed guess
    extract_time = jionlp.ner.extract_time

    def run(text: str, outline) -> list[dict]:
        out = money(text, outline)
        for clause in CLAUSE.finditer(text):
            for m in extract_time(clause.group(), with_parsing=True):
                if m["type"] != "time_delta" or not isinstance(m["detail"].get("time"), dict):
                    continue
                (key, value), = list(m["detail"]["time"].items())[:1] or [(None, None)]
                if key in DELTA_UNITS and isinstance(value, (int, float)):
                    s, e = m["offset"][0] + clause.start(), m["offset"][1] + clause.start()
                    out.append(record(text, s, e, float(value), DELTA_UNITS[key]))
        return out
    return run


def recognizers_tool():
    from recognizers_suite import (Culture, recognize_currency, recognize_dimension, recognize_number,
                                   recognize_percentage)

    def run(text: str, outline) -> list[dict]:
        found: list[dict] = []
        for r in recognize_currency(text, Culture.Chinese):
            unit = "元" if r.resolution.get("isoCurrency") == "CNY" else r.resolution.get("unit", "")
            found.append(record(text, r.start, r.end + 1, _num(r.resolution.get("value")), unit))
        for r in recognize_dimension(text, Culture.Chinese):
            if r.resolution.get("value") is not None:
                unit = DIMENSIONS.get(r.resolution.get("unit"), r.resolution.get("unit", ""))
                found.append(record(text, r.start, r.end + 1, _num(r.resolution["value"]), unit))
        for r in recognize_percentage(text, Culture.Chinese):
            found.append(record(text, r.start, r.end + 1, _num(str(r.resolution.get("value")).rstrip("%")), "%"))
        taken = [(f["start"], f["end"]) for f in found]
        for r in recognize_number(text, Culture.Chinese):
            s, e = r.start, r.end + 1
            if is_date(text, e) or any(a < e and s < b for a, b in taken):
                continue
            unit, scale, e2 = unit_after(text, e)
            value = _num(r.resolution.get("value"))
            found.append(record(text, s, e2, value * scale if value is not None else None, unit))
        return found
    return run


NUMERAL = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?[万亿]?|[零〇一二两三四五六七八九十百千万亿]{1,8}")


def cn2an_tool():
    import cn2an

    def run(text: str, outline) -> list[dict]:
        out = []
        for m in NUMERAL.finditer(text):
            if is_date(text, m.end()):
                continue
            try:
                value = float(cn2an.cn2an(m.group(), "smart"))
            except (ValueError, KeyError, TypeError):
                continue
            unit, scale, end = unit_after(text, m.end())
            if unit:                                          # a bare numeral is most often part of a word
                out.append(record(text, m.start(), end, value * scale, unit))
        return out
    return run


def _num(v) -> float | None:
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


TOOLS: list[tuple[str, Callable, str]] = [
    ("luoshi", luoshi_tool, "quantities.extract (detector + indicators)"),
    ("jionlp", jionlp_tool, "jionlp.ner.extract_money, clause by clause"),
    ("jionlp+time", jionlp_time_tool, "the same, plus extract_time durations (as PEERS.md measured JioNLP)"),
    ("recognizers", recognizers_tool, "Recognizers-Text Chinese number/percentage/currency/dimension"),
    ("regex+cn2an", cn2an_tool, "numeral regex + cn2an.cn2an(smart) + following unit"),
]


# ---------------------------------------------------------------- the run

@dataclass
class Result:
    name: str
    value_f1: float
    found_f1: float
    nonq_per_5000: float
    gold_cps: float
    corpus_cps: float
    n_pred: int


def timed(run: Callable, texts: list[tuple[str, object]], min_seconds: float = 1.0) -> tuple[float, list]:
    """Characters per CPU second: the best of repeated passes, up to about min_seconds."""
    chars = sum(len(t) for t, _ in texts)
    best, out, spent = float("inf"), [], 0.0
    for _ in range(5):
        t0 = time.process_time()               # CPU time of this process: per core, whatever else runs
        out = [run(t, o) for t, o in texts]
        took = time.process_time() - t0
        best, spent = min(best, took), spent + took
        if spent >= min_seconds:
            break
    return chars / best if best > 0 else float("inf"), out


def corpus_sample(folder: Path, limit: int) -> list[str]:
    out, total = [], 0
    for f in sorted(folder.glob("*.txt")):
        if total >= limit:
            break
        t = f.read_text(encoding="utf-8")[: limit - total]
        out.append(t)
        total += len(t)
    return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", nargs="*", default=[str(SHARED / "gold")])
    ap.add_argument("--corpus", default=str(SHARED / "corpus"))
    ap.add_argument("--corpus-chars", type=int, default=100_000, help="characters of the corpus to time (default 100,000)")
    args = ap.parse_args(argv)
    dirs = gold_dirs(args.gold)
    gold = [((d / "report.txt").read_text(encoding="utf-8"), d) for d in dirs]
    gold_texts = [(t, structure.outline(t)) for t, _ in gold]
    corpus = corpus_sample(Path(args.corpus), args.corpus_chars) if Path(args.corpus).is_dir() else []
    corpus_texts = [(t, structure.outline(t)) for t in corpus]
    print(f"gold: {len(dirs)} folders, {sum(len(t) for t, _ in gold):,} chars; "
          f"corpus sample: {len(corpus)} files, {sum(len(t) for t in corpus):,} chars (outline computed beforehand)")
    results = []
    for name, make, what in TOOLS:
        try:
            run = make()
        except ImportError as err:
            print(f"  {name}: skipped, not installed ({err.name}); pip install -e '.[bench]'")
            continue
        gold_cps, preds = timed(run, gold_texts)
        corpus_cps = timed(run, corpus_texts)[0] if corpus_texts else 0.0
        scored = [score(d, {"quantities": p}) for (_, d), p in zip(gold, preds)]
        t = totals(scored)
        results.append(Result(name, t["quantity_value_f1"], t["quantity_found_f1"], t["non_quantities_per_5000"],
                              gold_cps, corpus_cps, t["n_quantity_pred"]))
        print(f"  {name}: {what}")
    print(f"\n{'tool':12} {'value F1':>8} {'found F1':>8} {'nonq/5k':>8} {'pred':>5} {'gold c/s':>11} {'corpus c/s':>11}")
    for r in results:
        print(f"{r.name:12} {r.value_f1:8.3f} {r.found_f1:8.3f} {r.nonq_per_5000:8.2f} {r.n_pred:5d} "
              f"{r.gold_cps:11,.0f} {r.corpus_cps:11,.0f}")
    ours = next((r for r in results if r.name == "luoshi"), None)
    if ours:
        print("\nluoshi / peer")
        for r in results:
            if r is ours:
                continue
            f1 = f"{ours.value_f1 / r.value_f1:.1f}x" if r.value_f1 else "inf"
            speed = ours.corpus_cps / r.corpus_cps if r.corpus_cps else ours.gold_cps / r.gold_cps
            print(f"  vs {r.name:12} value F1 {f1:>6}   speed {speed:7.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
