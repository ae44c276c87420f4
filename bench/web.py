"""Web benchmark: N reports in a SQLite store (the corpus repeated under
different years), the app served by uvicorn on loopback, and the latency of
the pages that must stay fast, measured request by request over keep-alive.

    .venv/bin/python bench/web.py [--reports 100] [--requests 200] [--corpus ../shared/corpus]

Prints p50 / p95 / max per URL; the bar is p95 < 150 ms for the tasks page
and the indicators API."""
from __future__ import annotations

import argparse
import http.client
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from luoshi import pipeline  # noqa: E402
from luoshi.store import Store  # noqa: E402
from luoshi.web.app import create_app  # noqa: E402

URLS = ("/tasks", "/tasks?page=100", "/tasks?sort=deadline&desc=true", "/tasks?strength=must&q=%E5%BB%BA%E8%AE%BE",
        "/api/tasks", "/api/indicators", "/indicators", "/api/search?q=" + quote("停车"), "/", "/reports/1")
BAR_MS = 150


def fill(store: Store, corpus: Path, n: int) -> int:
    """Analyse each corpus file once; file the analyses under successive years until n reports."""
    docs = []
    for path in sorted(corpus.glob("*.txt")):
        try:
            docs.append((path.name, pipeline.read(path)))
        except Exception as err:          # a file the reader refuses is not this benchmark's business
            print(f"skip {path.name}: {err}", file=sys.stderr)
    for i in range(n):                     # a year of its own for each, so none replaces another
        name, doc = docs[i % len(docs)]
        store.ingest(doc, government=doc.government or name, year=1950 + i, filename=name)
    return store.tasks(per_page=1)["total"]


def serve(store: Store) -> int:
    import uvicorn
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(store=store), host="127.0.0.1", port=port,
                                           log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return port


def measure(port: int, url: str, n: int) -> list[float]:
    conn = http.client.HTTPConnection("127.0.0.1", port)
    times = []
    for i in range(n + 5):
        t = time.perf_counter()
        conn.request("GET", url)
        resp = conn.getresponse()
        resp.read()
        if resp.status != 200:
            raise SystemExit(f"{url}: HTTP {resp.status}")
        if i >= 5:                         # the first few warm caches
            times.append((time.perf_counter() - t) * 1000)
    conn.close()
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=100)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--db", default=None, help="Reuse this SQLite file (filled on the first run).")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(args.db or f"sqlite:///{tmp}/bench.db")
        t = time.perf_counter()
        total = store.tasks(per_page=1)["total"] if store.reports() else fill(store, args.corpus, args.reports)
        print(f"{len(store.reports())} reports, {total} tasks ready in {time.perf_counter() - t:.1f} s")
        port = serve(store)
        print(f"{'URL':48} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for url in URLS:
            times = sorted(measure(port, url, args.requests))
            p95 = times[int(0.95 * (len(times) - 1))]
            flag = "" if p95 < BAR_MS else f"  over {BAR_MS} ms"
            print(f"{url:48} {statistics.median(times):8.1f} {p95:8.1f} {times[-1]:8.1f}{flag}")


if __name__ == "__main__":
    main()
