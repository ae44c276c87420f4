"""Batch throughput and memory: the shared corpus repeated to N files, run with
1 and 2 workers; prints files/s, characters/s, the scaling ratio and the peak
resident memory of the run (parent and the largest worker), once at N/10 and
once at N files, so that memory growth with the number of files shows.

    .venv/bin/python bench/batch.py [--files 10000] [--corpus ../shared/corpus]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, resource, sys, time
from luoshi.batch import batch
src, out, workers = sys.argv[1], sys.argv[2], int(sys.argv[3])
t = time.perf_counter()
s = batch(src, out, workers=workers, progress=False)
dt = time.perf_counter() - t
me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"files": s.done, "errors": s.errors, "seconds": dt, "rss_parent_mb": me / 1024,
                  "rss_worker_mb": kids / 1024}))
"""


def make_corpus(src: Path, n: int, dest: Path) -> int:
    files = sorted(src.glob("*.txt"))
    dest.mkdir()
    chars = 0
    for i in range(n):
        f = files[i % len(files)]
        (dest / f"{i:06d}_{f.name}").symlink_to(f.resolve())
        chars += len(f.read_text(encoding="utf-8"))
    return chars


def run(folder: Path, workers: int, tmp: Path) -> dict:
    out = tmp / f"out-{folder.name}-{workers}.sqlite"
    res = subprocess.run([sys.executable, "-c", CHILD, str(folder), str(out), str(workers)],
                         capture_output=True, text=True, check=True)
    return json.loads(res.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=10_000)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        sizes = sorted({max(args.files // 10, 1), args.files})
        folders = {n: (tmp / f"c{n}", make_corpus(args.corpus, n, tmp / f"c{n}")) for n in sizes}
        rate = {}
        for n, (folder, chars) in folders.items():
            for w in (1, 2):
                r = run(folder, w, tmp)
                rate[n, w] = r["files"] / r["seconds"]
                print(f"{n:>6} files, {w} worker(s): {rate[n, w]:7.1f} files/s, "
                      f"{chars / r['seconds'] / 1e6:5.2f} M chars/s, errors {r['errors']}, "
                      f"peak RSS parent {r['rss_parent_mb']:.0f} MB, worker {r['rss_worker_mb']:.0f} MB")
        for n in sizes:
            print(f"scaling at {n} files, 2 workers / 1 worker: {rate[n, 2] / rate[n, 1]:.2f}x")


if __name__ == "__main__":
    main()
