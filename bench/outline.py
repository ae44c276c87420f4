"""Outline parser throughput: `structure.outline` over every .txt of the
corpus, best of a few passes, in characters per CPU second (one core).
Goal: at least 2,000,000 chars/s.

    .venv/bin/python bench/outline.py [--corpus ../shared/corpus] [--passes 5]
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from luoshi.structure import outline

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--passes", type=int, default=5)
    args = ap.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(args.corpus.glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no .txt files in {args.corpus}")
    chars = sum(map(len, texts))
    best = float("inf")
    for _ in range(args.passes):
        t = time.process_time()
        for text in texts:
            outline(text)
        best = min(best, time.process_time() - t)
    print(f"outline: {len(texts)} files, {chars:,} chars, {best:.3f} CPU s, {chars / best:,.0f} chars/s")


if __name__ == "__main__":
    main()
