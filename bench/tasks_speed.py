"""Benchmark (not a test): tasks + entities on one report, after start-up.

    .venv/bin/python bench/tasks_speed.py [REPORT]   (default: the 20,513-character
    national report of 2019 in ../shared/corpus)

Prints the median of 15 runs of entities.extract and tasks.extract in CPU time
(process time, so that other load on a shared machine does not count); the bar
is 100 ms together for a 20,000-character report on one core."""
import statistics
import sys
import time
from pathlib import Path

from luoshi import entities, quantities, structure, tasks

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "001_national_guowuyuan_2019.txt"


def main() -> None:
    text = Path(sys.argv[1] if len(sys.argv) > 1 else DEFAULT).read_text(encoding="utf-8")
    outline = structure.outline(text)
    quants = quantities.extract(text, outline)
    tasks.extract(text, outline, quants, entities.extract(text))      # start-up: tables, dictionaries
    runs = []
    for _ in range(15):
        t0 = time.process_time()
        ents = entities.extract(text)
        t1 = time.process_time()
        found = tasks.extract(text, outline, quants, ents)
        runs.append((t1 - t0, time.process_time() - t1))
    ent, tsk = (statistics.median(r[i] for r in runs) * 1000 for i in (0, 1))
    print(f"{len(text)} chars, {len(found)} tasks: entities {ent:.1f} ms, tasks {tsk:.1f} ms, "
          f"together {ent + tsk:.1f} ms (median of 15)")


if __name__ == "__main__":
    main()
