"""The store on SQLite and PostgreSQL: a report lands whole or not at all, the
same file again changes nothing, a corrected file keeps unchanged tasks."""
from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from luoshi.db_schema import task_entities, task_quantities, tasks
from luoshi import store as store_module
from luoshi.errors import LuoshiError
from luoshi.store import Store, StoreError, resolve_url
from storekit import TASKS, counts, make_doc, pg_url, store  # noqa: F401


def test_store_ingest_lands_every_annotation(store):
    doc = make_doc()
    result = store.ingest(doc)
    assert (result.status, result.government, result.year) == ("new", "测试区", 2022)
    assert (result.tasks, result.quantities, result.entities) == (len(doc.tasks), len(doc.quantities),
                                                                  len(doc.entities))
    ann = store.annotations(result.report_id)
    text = store.report(result.report_id)["text"]
    for name in ("quantities", "tasks", "entities"):
        assert [text[a["start"]:a["end"]] for a in ann[name]] == [a["text"] for a in ann[name]]
    assert [s["title"] for s in ann["sections"]] == ["2021年工作回顾", "2022年工作安排", "发展经济"]
    assert ann["sections"][2]["parent"] == 1


def test_store_ingest_links_contained_annotations(store):
    store.ingest(make_doc())
    with store.engine.connect() as c:
        q_links = c.execute(select(task_quantities.c.task_id)).scalars().all()
        e_links = c.execute(select(task_entities.c.task_id)).scalars().all()
    by_text = {t.id: t.text for t in make_doc().tasks}
    assert sorted(by_text[t] for t in q_links) == sorted([TASKS[1], TASKS[2]])
    assert [by_text[t] for t in e_links] == [TASKS[0]]


def test_store_reingest_same_file_changes_nothing(store):
    first = store.ingest(make_doc())
    before = counts(store)
    again = store.ingest(make_doc())
    assert (again.status, again.report_id) == ("unchanged", first.report_id)
    assert counts(store) == before


def test_store_refresh_reanalyses_same_file(store):
    first = store.ingest(make_doc())
    again = store.ingest(make_doc(), refresh=True)
    assert (again.status, again.report_id, again.kept, again.appeared, again.disappeared) == \
        ("updated", first.report_id, len(TASKS), (), ())


def test_store_corrected_file_keeps_unchanged_tasks(store):
    first = store.ingest(make_doc())
    old_ids = {t.id for t in make_doc().tasks}
    corrected = make_doc(TASKS[:2] + ("推进老旧小区改造", TASKS[3]))
    result = store.ingest(corrected)
    new_ids = {t.id for t in corrected.tasks}
    assert result.status == "updated" and result.report_id == first.report_id
    assert set(result.appeared) == new_ids - old_ids and len(result.appeared) == 1
    assert set(result.disappeared) == old_ids - new_ids and len(result.disappeared) == 1
    assert result.kept == 3
    with store.engine.connect() as c:
        stored = {r.id: r.start for r in c.execute(select(tasks.c.id, tasks.c.start))}
    assert stored == {t.id: t.start for t in corrected.tasks}      # kept rows moved with the text


@pytest.mark.parametrize("stage", ["_section_rows", "_insert_many", "_upsert_tasks", "_link"])
@pytest.mark.parametrize("first", [True, False], ids=["new", "correction"])
def test_store_crash_mid_ingest_leaves_database_as_it_was(store, monkeypatch, stage, first):
    """A crash at each step of writing a report (stage: the helper that raises)."""
    if not first:
        store.ingest(make_doc())
    before = counts(store)

    def crash(*args, **kwargs):
        raise RuntimeError(f"simulated crash in {stage}")
    monkeypatch.setattr(store_module, stage, crash)
    with pytest.raises(RuntimeError, match="simulated crash"):
        store.ingest(make_doc() if first else make_doc(TASKS[1:] + ("新增一项任务",)))
    monkeypatch.undo()
    assert counts(store) == before
    if not first:
        assert store.tasks()["total"] == len(TASKS)


@pytest.mark.parametrize("government, plan_year, kwargs, message", [
    (None, 2022, {}, "which government"),
    ("测试区", None, {}, "year"),
    ("测试区", 2022, {"year": 1800}, "plausible"),
])
def test_store_ingest_refuses_unplaceable_report(store, government, plan_year, kwargs, message):
    doc = dataclasses.replace(make_doc(government=government, plan_year=plan_year),
                              structure=dataclasses.replace(make_doc().structure, plan_year=plan_year,
                                                            review_year=None))
    with pytest.raises(StoreError, match=message):
        store.ingest(doc, **kwargs)
    assert sum(counts(store).values()) == 0


def test_store_same_text_under_two_years_is_two_reports(store):
    a = store.ingest(make_doc())
    b = store.ingest(make_doc(), year=2030)
    assert a.report_id != b.report_id and b.status == "new"
    assert store.tasks()["total"] == 2 * len(TASKS)
    assert {r["year"] for r in store.reports()} == {2022, 2030}


def test_store_bad_file_leaves_database_as_it_was(store, tmp_path):
    store.ingest(make_doc())
    before = counts(store)
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    with pytest.raises(LuoshiError):
        store.ingest_path(bad)
    with pytest.raises(LuoshiError):
        store.ingest_path(tmp_path / "missing.txt")
    assert counts(store) == before


def test_store_sample_report_lands(store, sample_text, tmp_path):
    path = tmp_path / "dongcheng-2021.txt"
    path.write_text(sample_text, encoding="utf-8")
    result = store.ingest_path(path)
    assert result.status == "new" and store.report(result.report_id)["text"] == sample_text
    assert store.ingest_path(path).status == "unchanged"


@pytest.mark.parametrize("given, expected", [
    ("/tmp/x.sqlite", "sqlite:////tmp/x.sqlite"),
    ("sqlite:///rel.db", "sqlite:///rel.db"),
    ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
])
def test_store_resolve_url(given, expected):
    assert resolve_url(given) == expected


def test_store_default_url_follows_env(monkeypatch, tmp_path):
    monkeypatch.setenv("LUOSHI_DB", f"sqlite:///{tmp_path / 'env.db'}")
    assert resolve_url(None).endswith("env.db")


@pytest.mark.parametrize("url, message", [
    ("nosuch://x", "not a database URL"),
    ("postgresql+psycopg://nobody@127.0.0.1:1/x", "cannot open the database"),
])
def test_store_open_bad_url_is_one_line(url, message):
    with pytest.raises(StoreError, match=message) as err:
        Store.open(url)
    assert "\n" not in str(err.value)
