"""Dev check of luoshi.indicators on GOLD spans: each gold figure is handed to
indicators.annotate as the detector would hand it over (text, offsets, value, unit,
qualifier), and metric (the scorer's same_phrase), kind, period, section and `of`
are compared with the gold.

    .venv/bin/python bench/gold_indicators.py [GOLD_DIR…] [--errors]

Without GOLD_DIR it reads ../shared/gold (dongcheng-2021 and excerpts/*).
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from luoshi.evaluate import gold_dirs, indicator_agreement  # noqa: E402


def main(argv: list[str]) -> int:
    dirs = gold_dirs([a for a in argv if not a.startswith("--")] or [str(ROOT.parent / "shared" / "gold")])
    right, total, misses = indicator_agreement(dirs)
    if "--errors" in argv:
        print("\n".join(misses))
    print("on gold spans:", "  ".join(f"{k} {right[k]}/{total[k]} = {right[k] / total[k]:.3f}" for k in total if total[k]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
