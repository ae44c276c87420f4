"""The same per-file function on a Dask cluster (dask.distributed).

Workers must see the input paths (a shared file system, or the same machine
for a LocalCluster). Files are submitted in bounded waves so the scheduler
never holds the whole corpus, and results stream back to the writer in the
client process, exactly as in a local run."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .batch import process_file
from .errors import LuoshiError

IN_FLIGHT = 64


def run_dask(paths: list[Path], manifest: dict, scheduler: str | None) -> Iterator[dict]:
    from distributed import Client
    if not scheduler:
        raise LuoshiError("--engine dask needs --scheduler tcp://HOST:PORT")
    try:
        client = Client(scheduler, timeout="60s")
    except OSError as err:
        raise LuoshiError(f"cannot reach the Dask scheduler at {scheduler}: {err}") from None
    try:
        yield from _stream(client, paths, manifest)
    finally:
        client.close()


def _stream(client, paths: list[Path], manifest: dict) -> Iterator[dict]:
    from distributed import as_completed
    todo = iter(paths)
    first = [client.submit(process_file, str(p), manifest.get(p.name), pure=False)
             for p, _ in zip(todo, range(IN_FLIGHT))]
    queue = as_completed(first)
    for fut in queue:
        yield fut.result()
        fut.release()
        nxt = next(todo, None)
        if nxt is not None:
            queue.add(client.submit(process_file, str(nxt), manifest.get(nxt.name), pure=False))
