"""Reconciliations of two stored reports, and the verdicts people give them.

    result = reconcile_reports(store, plan_id, later_id)   # suggested + confirmed verdicts
    record_verdict(store, plan_id, later_id, "task", task_id, "done", note="…", username="li")

A decision is a row appended to `reconcile_reviews` (revision reconcile_0001);
the newest row for an item is the verdict in force, the older ones its
history. The suggestion itself is recomputed from the stored texts each time
(about 30 ms), so a better rule shows at once beside the people's decisions."""
from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import datetime, timezone
from types import SimpleNamespace

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, insert, select

from .errors import LuoshiError
from .reconcile import reconcile, summary

metadata = MetaData()
reviews = Table(
    "reconcile_reviews", metadata,
    Column("id", Integer, primary_key=True),
    Column("plan_report_id", Integer, nullable=False),
    Column("later_report_id", Integer, nullable=False),
    Column("kind", String(8), nullable=False),
    Column("item", String(64), nullable=False),
    Column("suggested", String(16)),
    Column("verdict", String(16), nullable=False),
    Column("note", Text),
    Column("username", String(64)),
    Column("created_at", DateTime, nullable=False),
)

VERDICTS = {"target": ("met", "not_met", "not_reported"), "task": ("done", "progress", "not_mentioned")}


def target_keys(targets: list[dict]) -> list[str]:
    """Names for targets that survive a corrected plan text: the metric, the
    target's words and which occurrence of the two it is (offsets would move)."""
    seen: dict[tuple[str, str], int] = defaultdict(int)
    keys = []
    for t in targets:
        n = seen[(t["metric"], t["plan_text"])]
        seen[(t["metric"], t["plan_text"])] += 1
        digest = hashlib.sha1(f"{t['metric']}|{t['plan_text']}|{n}".encode()).hexdigest()[:12]
        keys.append(f"t:{digest}")
    return keys


def _doc(store, report_id: int, with_tasks: bool) -> SimpleNamespace:
    r = store.report(report_id)
    if r is None:
        raise LuoshiError(f"no report {report_id}")
    tasks = ()
    if with_tasks:
        tasks = tuple(SimpleNamespace(id=t["id"], text=t["text"], start=t["start"], end=t["end"], area=t.get("area"))
                      for t in store.annotations(report_id)["tasks"])
    return SimpleNamespace(text=r["text"], government=r["government"], tasks=tasks,
                           source=SimpleNamespace(path=r.get("filename"), sha256=r.get("sha256")),
                           structure=SimpleNamespace(plan_year=r.get("plan_year") or r["year"], sections=()),
                           report=r)


def history(store, plan_id: int, later_id: int) -> dict[tuple[str, str], list[dict]]:
    """Every decision on this pair, newest first, by (kind, item)."""
    out: dict[tuple[str, str], list[dict]] = defaultdict(list)
    with store.engine.connect() as conn:
        rows = conn.execute(select(reviews).where(reviews.c.plan_report_id == plan_id,
                                                  reviews.c.later_report_id == later_id)
                            .order_by(reviews.c.id.desc())).all()
    for r in rows:
        d = dict(r._mapping)
        d["created_at"] = d["created_at"].isoformat(timespec="seconds")
        out[(d["kind"], d["item"])].append(d)
    return out


def reconcile_reports(store, plan_id: int, later_id: int) -> dict:
    """The reconciliation of two stored reports of one government, each item
    with its suggested verdict, the verdict in force and the decisions made."""
    plan, later = _doc(store, plan_id, True), _doc(store, later_id, False)
    if plan.government != later.government:
        raise LuoshiError(f"the reports are of two governments: {plan.government} and {later.government}")
    result = reconcile(plan, later)
    result["plan"].update(id=plan_id, text=plan.text)
    result["later"].update(id=later_id, text=later.text)
    decided = history(store, plan_id, later_id)
    for rec, key in zip(result["targets"], target_keys(result["targets"])):
        rec["key"] = key
    for rec in result["tasks"]:
        rec["key"] = rec["id"]
    for kind in ("target", "task"):
        for rec in result[kind + "s"]:
            rec["suggested"] = rec["verdict"]
            rec["history"] = decided.get((kind, rec["key"]), [])
            if rec["history"]:
                rec["verdict"] = rec["history"][0]["verdict"]
            rec["confirmed"] = bool(rec["history"])
    result["summary"] = summary(result)
    return result


def record_verdict(store, plan_id: int, later_id: int, kind: str, item: str, verdict: str,
                   note: str | None = None, username: str | None = None) -> dict:
    """Append a person's verdict on one target or task of the pair."""
    if verdict not in VERDICTS.get(kind, ()):
        raise LuoshiError(f"{verdict!r} is not a verdict for a {kind} (use one of "
                          f"{', '.join(VERDICTS.get(kind, VERDICTS['task']))})")
    result = reconcile_reports(store, plan_id, later_id)
    rec = next((r for r in result[kind + "s"] if r["key"] == item), None)
    if rec is None:
        raise LuoshiError(f"no {kind} {item} in this reconciliation")
    row = {"plan_report_id": plan_id, "later_report_id": later_id, "kind": kind, "item": item,
           "suggested": rec["suggested"], "verdict": verdict, "note": (note or "").strip()[:2000] or None,
           "username": username, "created_at": datetime.now(timezone.utc).replace(tzinfo=None)}
    with store.engine.begin() as conn:
        row["id"] = conn.execute(insert(reviews).values(**row)).inserted_primary_key[0]
    row["created_at"] = row["created_at"].isoformat(timespec="seconds")
    return row


def report_pairs(store) -> list[dict]:
    """Stored reports of one government in consecutive years: what can be reconciled."""
    by_gov: dict[str, dict[int, dict]] = defaultdict(dict)
    for r in store.reports():
        by_gov[r["government"]][r["year"]] = r
    return [{"government": g, "plan": years[y], "later": years[y + 1]}
            for g, years in sorted(by_gov.items()) for y in sorted(years) if y + 1 in years]
