"""The indicator panel: government × year × metric rows from a batch output
(or any quantity rows), with metric names normalised through a synonym table
kept as data (luoshi/data/metric_synonyms.toml)."""
from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from .batch import read_table

# Scope words that do not change what is measured (全市地区生产总值 = 地区生产总值).
_SCOPE = re.compile(r"^(全国|全省|全市|全区|全县|全镇|全街道|全年|街道|我市|我省|我区|我县|全)")
_SPACE = re.compile(r"[\s“”\"'《》]")
PANEL_COLUMNS = ["government", "level", "year", "metric", "actual", "actual_unit", "growth",
                 "target", "target_unit", "firmness", "sha256", "source"]


@cache
def _synonyms() -> dict[str, str]:
    with open(Path(__file__).parent / "data" / "metric_synonyms.toml", "rb") as f:
        table = tomllib.load(f)["metric"]
    out = {}
    for canon, alts in table.items():
        for name in (canon, *alts):
            out[_clean(name)] = canon
    return out


def _clean(name: str) -> str:
    return _SCOPE.sub("", _SPACE.sub("", name)).upper()


def canonical_metric(name: str | None) -> str | None:
    """The panel's name for a metric phrase.

    >>> canonical_metric("全市GDP"), canonical_metric("规上工业增加值"), canonical_metric("人均绿地")
    ('地区生产总值', '规模以上工业增加值', '人均绿地')
    """
    if not name:
        return None
    return _synonyms().get(_clean(name), name)


def _year_of(q: dict, doc: dict) -> int | None:
    period = q.get("period") or ""
    m = re.fullmatch(r"(?:截至)?(\d{4})", period)
    if m:
        return int(m.group(1))
    if q.get("kind") in ("target", "plan"):
        return doc.get("plan_year") or doc.get("year")
    return doc.get("review_year") or (doc["year"] - 1 if doc.get("year") else None)


def panel_rows(documents: Iterable[dict], quantities: Iterable[dict], metric: str | None = None) -> list[dict]:
    """Merge quantities into one row per government × year × metric; the
    first figure of each kind in reading order wins (the headline comes first)."""
    docs = {d["sha256"]: d for d in documents}
    want = canonical_metric(metric) if metric else None
    rows: dict[tuple, dict] = {}
    for q in sorted(quantities, key=lambda q: (q["sha256"], q["start"])):
        doc = docs.get(q["sha256"])
        name = canonical_metric(q.get("metric"))
        if doc is None or not name or (want and name != want):
            continue
        key = (doc.get("government"), _year_of(q, doc), name)
        row = rows.setdefault(key, dict.fromkeys(PANEL_COLUMNS) | {
            "government": key[0], "level": doc.get("level"), "year": key[1], "metric": name,
            "sha256": q["sha256"], "source": []})
        _fill(row, q)
    return sorted(rows.values(), key=lambda r: (r["government"] or "", r["year"] or 0, r["metric"]))


def _fill(row: dict, q: dict) -> None:
    kind = q.get("kind")
    if kind == "growth" and row["growth"] is None:
        row["growth"] = q.get("value")
    elif kind == "actual" and row["actual"] is None:
        row["actual"], row["actual_unit"] = q.get("value"), q.get("unit")
    elif kind in ("target", "plan") and row["target"] is None:
        row["target"], row["target_unit"] = q.get("value"), q.get("unit")
        row["firmness"] = q.get("firmness")
    else:
        return
    row["source"].append(f"{q['start']}:{q['end']} {q['text']}")


def panel(out: str | Path, metric: str | None = None, fmt: str | None = None) -> list[dict]:
    """The panel of a batch output (SQLite, Parquet, CSV or JSON Lines)."""
    return panel_rows(read_table(out, "documents", fmt), read_table(out, "quantities", fmt), metric)


def write_panel(rows: list[dict], fmt: str, path: str | Path | None = None) -> str | None:
    """Write the panel as CSV, JSON or Parquet to `path`; without a path,
    return the CSV or JSON text."""
    import csv
    import io
    import json
    flat = [dict(r, source="; ".join(r["source"])) for r in rows]
    if fmt == "parquet":
        if not path:
            from .errors import LuoshiError
            raise LuoshiError("Parquet output needs --output FILE")
        import pyarrow as pa
        import pyarrow.parquet as pq
        pq.write_table(pa.Table.from_pylist(flat), path)
        return None
    if fmt == "json":
        text = json.dumps(flat, ensure_ascii=False, indent=1) + "\n"
    else:
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=PANEL_COLUMNS)
        w.writeheader()
        w.writerows(flat)
        text = buf.getvalue()
    if path:
        Path(path).write_text(text, encoding="utf-8")
        return None
    return text
