"""Whole corpora: read and analyse every report of a folder in parallel and
write flat tables (documents, quantities, tasks, entities, errors) to SQLite,
Parquet, CSV or JSON Lines.

The per-file function `process_file` is the unit of work for every engine:
local worker processes here, a Dask cluster in `luoshi.batch_dask`. It never
raises: a file that cannot be read becomes a row of the `errors` table. Memory
stays flat because at most a few files per worker are in flight and the
writers flush in bounded chunks.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import sqlite3
import time
import tomllib
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

from .errors import LuoshiError

SUFFIXES = {".txt", ".htm", ".html", ".docx", ".pdf"}
TABLES = ("documents", "quantities", "tasks", "entities", "errors")
COLUMNS = {
    "documents": ["sha256", "path", "format", "encoding", "government", "level", "year",
                  "review_year", "plan_year", "chars", "n_quantities", "n_tasks", "n_entities"],
    "quantities": ["sha256", "government", "year", "text", "start", "end", "value", "unit",
                   "unit_surface", "qualifier", "low", "high", "metric", "kind", "of", "period",
                   "section", "firmness"],
    "tasks": ["sha256", "id", "text", "start", "end", "area", "topic", "verb", "object",
              "strength", "deadline", "due", "lead_unit"],
    "entities": ["sha256", "text", "start", "end", "type", "nested"],
    "errors": ["path", "sha256", "reason"],
}
FLUSH_FILES = 200          # a Parquet part / SQLite commit every this many files


@dataclass
class Summary:
    files: int = 0
    done: int = 0
    skipped: int = 0
    errors: int = 0
    seconds: float = 0.0
    broken: list[tuple[str, str]] = field(default_factory=list)

    def line(self) -> str:
        rate = self.done / self.seconds if self.seconds else 0.0
        return (f"{self.files} files: {self.done} analysed, {self.errors} errors, "
                f"{self.skipped} skipped as already done, {self.seconds:.1f} s ({rate:.1f} files/s)")


# ---------------------------------------------------------------- metadata

@cache
def _levels() -> dict:
    with open(Path(__file__).parent / "data" / "levels.toml", "rb") as f:
        return tomllib.load(f)


def government_level(name: str | None) -> str | None:
    """The administrative level of a government from its name.

    >>> government_level("保定市清苑区人民政府"), government_level("东城街道")
    ('district', 'township')
    >>> government_level("中华人民共和国国务院"), government_level("河北省人民政府")
    ('national', 'provincial')
    """
    if not name:
        return None
    table = _levels()
    if any(n in name for n in table["national"]):
        return "national"
    core = name
    for tail in ("人民政府", "政府", "办事处"):
        core = core.removesuffix(tail)
    for rule in table["suffix"]:
        if any(core.endswith(e) for e in rule["ends"]):
            return rule["level"]
    return None


def read_manifest(path: str | Path | None) -> dict[str, dict]:
    """A CSV manifest with a `file` column (name or path) and any of
    government, level, year: its values override what the text says."""
    if not path:
        return {}
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    if rows and "file" not in rows[0]:
        raise LuoshiError(f"{path}: a manifest needs a 'file' column")
    return {Path(r["file"]).name: {k: v for k, v in r.items() if k != "file" and v} for r in rows}


# ---------------------------------------------------------------- one file

def file_hash(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def process_file(path: str, meta: dict | None = None) -> dict[str, list[dict]]:
    """Read and analyse one report into rows of every table. Never raises."""
    try:
        sha = file_hash(path)
    except OSError as err:
        return {"errors": [{"path": path, "sha256": None, "reason": f"cannot read: {err.strerror}"}]}
    try:
        from . import pipeline
        doc = pipeline.read(path)
    except LuoshiError as err:
        return {"errors": [{"path": path, "sha256": sha, "reason": str(err)}]}
    except Exception as err:  # a bug must not stop a corpus run; it is recorded with its file
        return {"errors": [{"path": path, "sha256": sha, "reason": f"internal error: {type(err).__name__}: {err}"}]}
    return document_rows(doc, path, sha, meta or {})


def document_rows(doc, path: str, sha: str, meta: dict) -> dict[str, list[dict]]:
    s = doc.structure
    year = meta.get("year") or s.plan_year or (s.review_year + 1 if s.review_year else None)
    government = meta.get("government") or doc.government
    level = meta.get("level") or government_level(government)
    year = int(year) if year else None
    head = {"sha256": sha}
    out = {
        "documents": [{"sha256": sha, "path": path, "format": doc.source.format,
                       "encoding": doc.source.encoding, "government": government, "level": level,
                       "year": year, "review_year": s.review_year, "plan_year": s.plan_year,
                       "chars": len(doc.text), "n_quantities": len(doc.quantities),
                       "n_tasks": len(doc.tasks), "n_entities": len(doc.entities)}],
        "quantities": [dict(head, government=government, year=year, **_plain(q)) for q in doc.quantities],
        "tasks": [dict(head, **_plain(t, drop=("targets", "entities"))) for t in doc.tasks],
        "entities": [dict(head, **_plain(e)) for e in doc.entities],
    }
    return {t: [{c: r.get(c) for c in COLUMNS[t]} for r in rows] for t, rows in out.items()}


def _plain(record, drop: tuple[str, ...] = ()) -> dict:
    d = asdict(record)
    for k in drop:
        d.pop(k, None)
    return {k: (str(v) if hasattr(v, "value") and not isinstance(v, (int, float)) else v)
            for k, v in d.items()}


# ---------------------------------------------------------------- writers

def output_format(out: str | Path, fmt: str | None = None) -> str:
    if fmt:
        return fmt
    suffix = Path(out).suffix.lower()
    return {".sqlite": "sqlite", ".db": "sqlite", ".sqlite3": "sqlite", ".jsonl": "jsonl",
            ".csv": "csv", ".parquet": "parquet"}.get(suffix, "parquet")


class Writer:
    """Base of the output writers: `done_hashes()` for --resume, `write()` one
    file's rows, `close()`."""

    def done_hashes(self) -> set[str]:
        return set()

    def write(self, rows: dict[str, list[dict]]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        pass


class SqliteWriter(Writer):
    def __init__(self, path: Path):
        self.db = sqlite3.connect(path)
        self.db.execute("PRAGMA journal_mode=WAL")
        for t, cols in COLUMNS.items():
            quoted = ", ".join(f'"{c}"' for c in cols)
            self.db.execute(f"CREATE TABLE IF NOT EXISTS {t} ({quoted})")
        self.pending = 0

    def done_hashes(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT sha256 FROM documents UNION SELECT sha256 FROM errors")
                if r[0]}

    def write(self, rows):
        for t, recs in rows.items():
            if recs:
                cols = COLUMNS[t]
                self.db.executemany(
                    f"INSERT INTO {t} VALUES ({', '.join('?' * len(cols))})",
                    [[r[c] for c in cols] for r in recs])
        self.pending += 1
        if self.pending >= FLUSH_FILES:
            self.db.commit()
            self.pending = 0

    def close(self):
        self.db.commit()
        self.db.close()


class JsonlWriter(Writer):
    """One line per file: its document row with its lists, or its error."""

    def __init__(self, path: Path):
        self.path = path
        self.f = open(path, "a", encoding="utf-8")

    def done_hashes(self) -> set[str]:
        with open(self.path, encoding="utf-8") as f:
            return {json.loads(line).get("sha256") for line in f if line.strip()} - {None}

    def write(self, rows):
        if rows.get("errors"):
            rec = dict(rows["errors"][0], error=True)
        else:
            rec = dict(rows["documents"][0], **{t: rows[t] for t in ("quantities", "tasks", "entities")})
        self.f.write(json.dumps(rec, ensure_ascii=False) + "\n")

    def close(self):
        self.f.close()


class TableFolderWriter(Writer):
    """A folder with one CSV file per table, or one Parquet sub-folder per
    table written in parts of FLUSH_FILES files."""

    def __init__(self, path: Path, fmt: str):
        self.path, self.fmt = path, fmt
        path.mkdir(parents=True, exist_ok=True)
        self.buffer: dict[str, list[dict]] = {t: [] for t in TABLES}
        self.pending = 0
        self.part = len(list((path / "documents").glob("part-*.parquet"))) if fmt == "parquet" else 0

    def done_hashes(self) -> set[str]:
        done = set()
        for t in ("documents", "errors"):
            done |= {r["sha256"] for r in read_table(self.path, t) if r.get("sha256")}
        return done

    def write(self, rows):
        for t, recs in rows.items():
            self.buffer[t].extend(recs)
        self.pending += 1
        if self.pending >= FLUSH_FILES:
            self.flush()

    def flush(self):
        if not self.pending:
            return
        if self.fmt == "csv":
            for t, recs in self.buffer.items():
                target = self.path / f"{t}.csv"
                new = not target.exists()
                with open(target, "a", encoding="utf-8", newline="") as f:
                    w = csv.DictWriter(f, fieldnames=COLUMNS[t])
                    if new:
                        w.writeheader()
                    w.writerows(recs)
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq
            for t, recs in self.buffer.items():
                (self.path / t).mkdir(exist_ok=True)
                table = pa.Table.from_pylist(recs, schema=_arrow_schema(t))
                pq.write_table(table, self.path / t / f"part-{self.part:05d}.parquet")
            self.part += 1
        self.buffer = {t: [] for t in TABLES}
        self.pending = 0

    def close(self):
        self.flush()


_NUMERIC = {"start", "end", "year", "review_year", "plan_year", "chars", "n_quantities", "n_tasks",
            "n_entities"}


def _arrow_schema(table: str):
    import pyarrow as pa

    def typ(c):
        if c in _NUMERIC:
            return pa.int64()
        if c in ("value", "low", "high"):
            return pa.float64()
        if c == "nested":
            return pa.bool_()
        return pa.string()
    return pa.schema([(c, typ(c)) for c in COLUMNS[table]])


def open_writer(out: str | Path, fmt: str | None = None) -> Writer:
    out, fmt = Path(out), output_format(out, fmt)
    if fmt == "sqlite":
        return SqliteWriter(out)
    if fmt == "jsonl":
        out.touch()
        return JsonlWriter(out)
    if fmt in ("csv", "parquet"):
        return TableFolderWriter(out, fmt)
    raise LuoshiError(f"unknown output format {fmt!r}: use sqlite, parquet, csv or jsonl")


def read_table(out: str | Path, table: str, fmt: str | None = None) -> list[dict]:
    """Read one table of a batch output back as dicts (for the panel and tests)."""
    out, fmt = Path(out), output_format(out, fmt)
    if (fmt in ("csv", "parquet")) != out.is_dir() or not out.exists():
        raise LuoshiError(f"{out}: not a batch output ({fmt} expected; see luoshi batch --help)")
    if fmt == "sqlite":
        db = sqlite3.connect(f"file:{out}?mode=ro", uri=True)
        db.row_factory = sqlite3.Row
        try:
            return [dict(r) for r in db.execute(f"SELECT * FROM {table}")]
        except sqlite3.DatabaseError as err:
            raise LuoshiError(f"{out}: not a batch output ({err})") from None
        finally:
            db.close()
    if fmt == "jsonl":
        return list(_jsonl_table(out, table))
    if fmt == "csv":
        target = out / f"{table}.csv"
        if not target.exists():
            return []
        with open(target, encoding="utf-8", newline="") as f:
            return [_typed(r) for r in csv.DictReader(f)]
    parts = sorted((out / table).glob("part-*.parquet"))
    if not parts:
        return []
    import pyarrow.parquet as pq
    return [r for p in parts for r in pq.read_table(p).to_pylist()]


def _typed(row: dict) -> dict:
    """CSV cells back to numbers and None where the column is numeric."""
    out = {}
    for k, v in row.items():
        if v == "":
            out[k] = None
        elif k in _NUMERIC:
            out[k] = int(v)
        elif k in ("value", "low", "high"):
            out[k] = float(v)
        elif k == "nested":
            out[k] = v == "True"
        else:
            out[k] = v
    return out


def _jsonl_table(out: Path, table: str) -> Iterator[dict]:
    with open(out, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            if rec.get("error"):
                if table == "errors":
                    yield {c: rec.get(c) for c in COLUMNS["errors"]}
            elif table == "documents":
                yield {c: rec.get(c) for c in COLUMNS["documents"]}
            elif table != "errors":
                yield from rec.get(table, [])


# ---------------------------------------------------------------- running

def list_reports(input_dir: str | Path) -> list[Path]:
    root = Path(input_dir)
    if not root.is_dir():
        raise LuoshiError(f"{root}: not a folder")
    return sorted(p for p in root.rglob("*")
                  if p.suffix.lower() in SUFFIXES and p.is_file() and not p.name.startswith("."))


def run_local(paths: list[Path], manifest: dict, workers: int) -> Iterator[dict]:
    """Yield each file's rows as its worker finishes; at most 4 files per
    worker are in flight, so memory does not grow with the folder."""
    if workers <= 1:
        for p in paths:
            yield process_file(str(p), manifest.get(p.name))
        return
    todo = iter(paths)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        running = set()
        while True:
            for p in todo:
                running.add(pool.submit(process_file, str(p), manifest.get(p.name)))
                if len(running) >= 4 * workers:
                    break
            if not running:
                return
            finished, running = wait(running, return_when=FIRST_COMPLETED)
            for fut in finished:
                yield fut.result()


def batch(input_dir: str | Path, out: str | Path, *, workers: int | None = None, fmt: str | None = None,
          resume: bool = False, manifest: str | Path | None = None, engine: str = "local",
          scheduler: str | None = None, progress: bool = True) -> Summary:
    """Analyse every report under `input_dir` into `out`; see the module docstring."""
    paths = list_reports(input_dir)
    meta = read_manifest(manifest)
    if engine == "dask" and output_format(out, fmt) != "parquet":
        raise LuoshiError("a distributed run writes Parquet: give --out a folder or a .parquet name")
    if not resume and Path(out).exists() and (Path(out).is_file() or any(Path(out).iterdir())):
        raise LuoshiError(f"{out} already exists: use --resume to continue it, or another --out")
    writer = open_writer(out, fmt)
    summary = Summary(files=len(paths))
    try:
        if resume:
            done = writer.done_hashes()
            kept = [p for p in paths if file_hash(p) not in done]
            summary.skipped = len(paths) - len(kept)
            paths = kept
        if engine == "dask":
            from .batch_dask import run_dask
            results = run_dask(paths, meta, scheduler)
        else:
            results = run_local(paths, meta, workers or os.cpu_count() or 1)
        _consume(results, writer, summary, len(paths), progress)
    finally:
        writer.close()
    return summary


def _consume(results: Iterable[dict], writer: Writer, summary: Summary, total: int, progress: bool) -> None:
    from tqdm import tqdm
    t0 = time.perf_counter()
    bar = tqdm(total=total, unit="file", disable=not progress, dynamic_ncols=True)
    for rows in results:
        writer.write(rows)
        if rows.get("errors"):
            summary.errors += 1
            e = rows["errors"][0]
            summary.broken.append((e["path"], e["reason"]))
        else:
            summary.done += 1
        bar.update(1)
        bar.set_postfix(errors=summary.errors, refresh=False)
    bar.close()
    summary.seconds = time.perf_counter() - t0
