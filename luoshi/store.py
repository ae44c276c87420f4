"""The store: reports and what they say, in SQLite (the default) or PostgreSQL.

    store = Store.open()                       # LUOSHI_DB, else a file in the user data dir
    store = Store.open("postgresql+psycopg://postgres@127.0.0.1:5432/luoshi")
    result = store.ingest_path("report.docx")  # one transaction: the report lands whole or not at all
    store.reports(); store.tasks(report_id=1, page=2)   # plain dicts out

Opening a store runs the Alembic migrations (luoshi/migrations/versions/) up
to head. To add tables: put their SQLAlchemy Core `Table`s in a module of your
own (as luoshi/db_schema.py does), and write a new revision file in
luoshi/migrations/versions/ whose `down_revision` is the newest existing one,
with explicit `op.create_table` calls. Never edit a released revision.
Use `store.engine` for your own queries; a `Store` holds no other state.

Queries live in luoshi/queries.py; this module opens databases and ingests.
"""
from __future__ import annotations

import bisect
import functools
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, delete, event, insert, select, update
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from . import queries
from .db_schema import entities, governments, quantities, reports, sections, task_entities, task_quantities, tasks
from .errors import LuoshiError
from .model import Document, Item, Section

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class StoreError(LuoshiError):
    """The database cannot be opened or written, or a report cannot be placed in it."""


def default_url() -> str:
    """LUOSHI_DB if set, else a SQLite file under the user's data directory."""
    if os.environ.get("LUOSHI_DB"):
        return os.environ["LUOSHI_DB"]
    from platformdirs import user_data_dir
    folder = Path(user_data_dir("luoshi", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'luoshi.sqlite'}"


def resolve_url(url: str | None) -> str:
    """A database URL from a URL, a plain file path (SQLite), or the default."""
    if not url:
        return default_url()
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    return url


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # WAL lets the web app read while an ingest writes; SQLite leaves foreign
    # keys off unless asked, per connection.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def make_engine(url: str | None = None) -> Engine:
    url = resolve_url(url)
    try:
        parsed = make_url(url)
        engine = create_engine(parsed, pool_pre_ping=parsed.get_backend_name() != "sqlite")
    except (ArgumentError, ValueError) as err:
        raise StoreError(f"not a database URL: {url} ({err})") from None
    except ModuleNotFoundError as err:
        raise StoreError(f"no database driver for {url}: {err.name} is not installed") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


@functools.cache
def _heads() -> frozenset[str]:
    return frozenset(ScriptDirectory.from_config(_config()).get_heads())


def migrate(engine: Engine, revision: str = "heads") -> None:
    """Bring the database schema up to `revision` (every head by default);
    a database already at the heads costs one query."""
    with engine.begin() as conn:
        if revision == "heads" and frozenset(MigrationContext.configure(conn).get_current_heads()) == _heads():
            return
        cfg = _config()                 # a fresh one per run: its attributes carry the connection
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What one ingest did. `status`: new / unchanged / updated."""
    report_id: int
    government: str
    year: int
    status: str
    tasks: int = 0
    quantities: int = 0
    entities: int = 0
    appeared: tuple[str, ...] = ()       # task ids new in a corrected file
    disappeared: tuple[str, ...] = ()    # task ids the corrected file no longer has
    kept: int = 0

    def line(self) -> str:
        head = f"{self.government} {self.year}: report {self.report_id}"
        if self.status == "unchanged":
            return f"{head} unchanged"
        counts = f"{self.tasks} tasks, {self.quantities} quantities, {self.entities} entities"
        if self.status == "new":
            return f"{head} added ({counts})"
        return (f"{head} updated ({counts}); tasks kept {self.kept}, "
                f"appeared {len(self.appeared)}, disappeared {len(self.disappeared)}")


@dataclass(slots=True)
class Store:
    engine: Engine
    url: str = ""

    @classmethod
    def open(cls, url: str | None = None, *, upgrade: bool = True) -> "Store":
        url = resolve_url(url)
        engine = make_engine(url)
        try:
            if upgrade:
                migrate(engine)
        except OperationalError as err:
            engine.dispose()
            raise StoreError(f"cannot open the database {make_url(url).render_as_string()}: "
                             f"{str(err.orig).strip().splitlines()[0]}") from None
        return cls(engine, url)

    def close(self) -> None:
        self.engine.dispose()

    # -- ingest ---------------------------------------------------------------

    def ingest_path(self, path: str | Path, government: str | None = None, year: int | None = None,
                    filename: str | None = None, refresh: bool = False) -> IngestResult:
        """Read, analyse and store one report file."""
        from .pipeline import read
        doc = read(path)
        return self.ingest(doc, government=government, year=year, filename=filename or Path(path).name,
                           refresh=refresh)

    def ingest(self, doc: Document, government: str | None = None, year: int | None = None,
               filename: str | None = None, refresh: bool = False) -> IngestResult:
        """Store `doc` as the report of (government, year), in one transaction.
        The same bytes again change nothing (unless `refresh`: a newer luoshi's
        analysis replaces the stored one); different bytes for the same
        government and year replace the report, keeping unchanged task ids."""
        gov, yr = _identity(doc, government, year, filename)
        sha = doc.source.sha256 or hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
        try:
            with self.engine.begin() as conn:
                gid = _government_id(conn, gov)
                old = conn.execute(select(reports.c.id, reports.c.sha256).where(
                    reports.c.government_id == gid, reports.c.year == yr)).first()
                if old is not None and old.sha256 == sha and not refresh:
                    return IngestResult(old.id, gov, yr, "unchanged")
                return self._write(conn, doc, gid, gov, yr, sha, filename, old.id if old else None)
        except SQLAlchemyError as err:
            raise StoreError(f"cannot store the report: {str(getattr(err, 'orig', err)).strip().splitlines()[0]}") \
                from None

    def _write(self, conn: Connection, doc: Document, gid: int, gov: str, yr: int, sha: str,
               filename: str | None, report_id: int | None) -> IngestResult:
        meta = _report_row(doc, gid, yr, sha, filename)
        status = "new" if report_id is None else "updated"
        if report_id is None:
            report_id = conn.execute(insert(reports).values(**meta, ingested_at=meta["updated_at"])
                                     ).inserted_primary_key[0]
            before: set[str] = set()
        else:
            conn.execute(update(reports).where(reports.c.id == report_id).values(**meta))
            before = _clear(conn, report_id)
        if doc.structure.sections:
            conn.execute(insert(sections), _section_rows(doc, report_id))
        q_ids = _insert_many(conn, quantities, [_quantity_row(q, report_id, i) for i, q in enumerate(doc.quantities)])
        e_ids = _insert_many(conn, entities, [_entity_row(e, report_id, i) for i, e in enumerate(doc.entities)])
        rows = _task_rows(doc, report_id, gov, yr)
        after = {r["id"] for r in rows}
        _upsert_tasks(conn, rows, before)
        _link(conn, rows, doc, q_ids, e_ids)
        kept = before & after
        return IngestResult(report_id, gov, yr, status, len(rows), len(q_ids), len(e_ids),
                            tuple(sorted(after - before)) if status == "updated" else (),
                            tuple(sorted(before - after)), len(kept))

    # -- queries (plain dicts; see luoshi/queries.py) -------------------------

    def reports(self) -> list[dict]:
        with self.engine.connect() as conn:
            return queries.report_list(conn)

    def report(self, report_id: int) -> dict | None:
        with self.engine.connect() as conn:
            return queries.report(conn, report_id)

    def annotations(self, report_id: int) -> dict:
        with self.engine.connect() as conn:
            return queries.annotations(conn, report_id)

    def tasks(self, **filters) -> dict:
        with self.engine.connect() as conn:
            return queries.tasks_page(conn, **filters)

    def task(self, task_id: str) -> dict | None:
        with self.engine.connect() as conn:
            return queries.task(conn, task_id)

    def search(self, q: str, limit: int = 50) -> list[dict]:
        with self.engine.connect() as conn:
            return queries.search(conn, q, limit=limit)


# -- ingest helpers -------------------------------------------------------------

def _identity(doc: Document, government: str | None, year: int | None, filename: str | None) -> tuple[str, int]:
    """The (government, plan year) a report is filed under."""
    name = filename or doc.source.path or "the report"
    gov = (government or doc.government or "").strip()
    if not gov:
        raise StoreError(f"{name}: cannot tell which government issued it; give its name (--government, or 政府 on the upload form)")
    s = doc.structure
    yr = year or s.plan_year or (s.review_year + 1 if s.review_year else None)
    if not yr:
        raise StoreError(f"{name}: cannot tell the report's year; give the plan year (--year, or 年份 on the upload form)")
    if not 1949 <= int(yr) <= 2200:
        raise StoreError(f"{name}: {yr} is not a plausible report year")
    return gov[:100], int(yr)


def _government_id(conn: Connection, name: str) -> int:
    gid = conn.execute(select(governments.c.id).where(governments.c.name == name)).scalar()
    if gid is None:
        gid = conn.execute(insert(governments).values(name=name, created_at=_now())).inserted_primary_key[0]
    return gid


def _report_row(doc: Document, gid: int, yr: int, sha: str, filename: str | None) -> dict:
    s, src = doc.structure, doc.source
    return {"government_id": gid, "year": yr, "review_year": s.review_year, "plan_year": s.plan_year,
            "title": (doc.title or "")[:300] or None, "filename": (filename or "")[:300] or None,
            "format": src.format or "txt", "encoding": src.encoding, "sha256": sha,
            "chars": len(doc.text), "text": doc.text, "updated_at": _now()}


def _clear(conn: Connection, report_id: int) -> set[str]:
    """Drop a report's annotations before a corrected file replaces them;
    tasks stay (they are matched by id). Returns the old task ids."""
    old_tasks = select(tasks.c.id).where(tasks.c.report_id == report_id)
    conn.execute(delete(task_quantities).where(task_quantities.c.task_id.in_(old_tasks)))
    conn.execute(delete(task_entities).where(task_entities.c.task_id.in_(old_tasks)))
    for table in (sections, quantities, entities):
        conn.execute(delete(table).where(table.c.report_id == report_id))
    return set(conn.execute(old_tasks).scalars())


def _section_rows(doc: Document, report_id: int) -> list[dict]:
    rows: list[dict] = []

    def add(node: Section | Item, depth: int, parent: int | None) -> None:
        ord_ = len(rows)
        is_section = isinstance(node, Section)
        rows.append({"report_id": report_id, "ord": ord_, "parent": parent, "depth": depth,
                     "key": node.id if is_section else None, "label": (node.label or "")[:32] or None,
                     "title": node.title, "role": str(node.role) if is_section else None,
                     "year": node.year if is_section else None, "start": node.start, "end": node.end})
        for child in node.items if is_section else node.children:
            add(child, depth + 1, ord_)

    for sec in doc.structure.sections:
        add(sec, 0, None)
    return rows


def _quantity_row(q, report_id: int, i: int) -> dict:
    return {"report_id": report_id, "ord": i, "start": q.start, "end": q.end, "text": q.text[:200],
            "value": q.value, "unit": q.unit or "", "unit_surface": q.unit_surface,
            "qualifier": str(q.qualifier) if q.qualifier else None, "low": q.low, "high": q.high,
            "metric": (q.metric or "")[:200] or None, "kind": str(q.kind), "of": (q.of or "")[:200] or None,
            "period": q.period, "section": q.section, "firmness": q.firmness}


def _entity_row(e, report_id: int, i: int) -> dict:
    return {"report_id": report_id, "ord": i, "start": e.start, "end": e.end, "text": e.text[:300],
            "type": str(e.type), "nested": bool(e.nested)}


def _task_id(task_id: str, doc: Document, gov: str, yr: int) -> str:
    """The extraction's id when the report is filed under the government and
    year the text names (the id hashes those); otherwise a hash that adds them,
    so that one text filed under two years gives two sets of tasks."""
    if gov == doc.government and yr == doc.structure.plan_year:
        return task_id
    return hashlib.sha1(f"{gov}|{yr}|{task_id}".encode("utf-8")).hexdigest()[:16]


def _task_rows(doc: Document, report_id: int, gov: str, yr: int) -> list[dict]:
    return [{"id": _task_id(t.id, doc, gov, yr), "report_id": report_id, "ord": i, "start": t.start,
             "end": t.end, "text": t.text, "area": (t.area or "")[:300] or None,
             "topic": (t.topic or "")[:300] or None, "verb": t.verb, "object": t.object,
             "strength": str(t.strength), "deadline": t.deadline, "due": t.due,
             "targets": json.dumps(list(t.targets), ensure_ascii=False), "lead_unit": t.lead_unit}
            for i, t in enumerate(doc.tasks)]


def _insert_many(conn: Connection, table, rows: list[dict]) -> list[int]:
    """Insert rows and return their ids in the rows' order."""
    if not rows:
        return []
    result = conn.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
    return [r[0] for r in result]


def _upsert_tasks(conn: Connection, rows: list[dict], before: set[str]) -> None:
    after = {r["id"] for r in rows}
    gone = before - after
    if gone:
        conn.execute(delete(tasks).where(tasks.c.id.in_(gone)))
    fresh = [r for r in rows if r["id"] not in before]
    if fresh:
        clash = set(conn.execute(select(tasks.c.id).where(tasks.c.id.in_([r["id"] for r in fresh]))).scalars())
        if clash:
            raise StoreError(f"task ids already belong to another report: {', '.join(sorted(clash)[:3])}")
        conn.execute(insert(tasks), fresh)
    for r in rows:
        if r["id"] in before:
            conn.execute(update(tasks).where(tasks.c.id == r["id"]).values(
                **{k: v for k, v in r.items() if k != "id"}))


def _link(conn: Connection, rows: list[dict], doc: Document, q_ids: list[int], e_ids: list[int]) -> None:
    """Link each quantity and entity to the task whose span contains it."""
    spans = sorted((r["start"], r["end"], r["id"]) for r in rows)
    starts = [sp[0] for sp in spans]
    for anns, ids, table, key in ((doc.quantities, q_ids, task_quantities, "quantity_id"),
                                  (doc.entities, e_ids, task_entities, "entity_id")):
        links = [{"task_id": tid, key: ann_id} for ann, ann_id in zip(anns, ids)
                 if (tid := _containing(spans, starts, ann.start, ann.end))]
        if links:
            conn.execute(insert(table), links)


def _containing(spans: list[tuple[int, int, str]], starts: list[int], start: int, end: int) -> str | None:
    """The id of the task that starts last at or before `start` and reaches `end`."""
    i = bisect.bisect_right(starts, start) - 1
    for a, b, tid in reversed(spans[max(0, i - 3):i + 1]):   # tasks rarely overlap; look a few back
        if a <= start and end <= b:
            return tid
    return None
