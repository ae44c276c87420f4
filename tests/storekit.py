"""Shared set-up for the store, web and export tests: a store on SQLite and on
the real PostgreSQL (the database fixtures come from trackkit), and small
hand-built documents, so the tests do not depend on what extraction finds."""
from __future__ import annotations

import hashlib

import pytest

from luoshi.model import (Document, Entity, EntityType, Item, Kind, Quantity, Role, Section, Source, Span,
                          Strength, Structure, Task)
from luoshi.store import Store
from trackkit import open_store, pg_url  # noqa: F401  (pg_url is a fixture open_store asks for)

REVIEW = "一、2021年工作回顾\n全年地区生产总值增长6.5%，新建停车位1200个。\n"
PLAN_HEAD = "二、2022年工作安排\n"
TASKS = ("全力推进黄旗南项目建设", "确保新增停车位500个以上", "力争引进重点企业10家", "探索社区治理新模式")


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    """An empty, migrated store on each database."""
    s = open_store(request.param, tmp_path, request)
    yield s
    s.close()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def shared_store(request, tmp_path_factory):
    """One store per database for a module of read-only tests, holding make_doc()."""
    s = open_store(request.param, tmp_path_factory.mktemp("store"), request)
    s.ingest(make_doc())
    yield s
    s.close()


def make_doc(task_texts=TASKS, government: str | None = "测试区", plan_year: int | None = 2022) -> Document:
    """A small report: a review with two figures, a plan whose lines are the tasks."""
    text = f"{government or ''}{plan_year or ''}年政府工作报告\n" + REVIEW + PLAN_HEAD
    plan_start = text.index(PLAN_HEAD)
    tasks, quantities, entities = [], [], []
    for i, words in enumerate(task_texts):
        start = len(text)
        text += words + "。\n"
        tid = hashlib.sha1(f"{government}|{plan_year}|{words}".encode()).hexdigest()[:16]
        strength = {"确保": Strength.MUST, "力争": Strength.AIM, "探索": Strength.EXPLORE}.get(words[:2], Strength.DO)
        tasks.append(Task(id=tid, text=words, start=start, end=start + len(words), area="一是 发展经济",
                          verb=words[2:4], strength=strength, deadline="年内" if i == 0 else None))
        for name, typ in (("黄旗南项目", EntityType.PROJECT),):
            if name in words:
                a = start + words.index(name)
                entities.append(Entity(name, a, a + len(name), typ))
        for figure, value, unit in (("500个", 500.0, "个"), ("10家", 10.0, "家")):
            if figure in words:
                a = start + words.index(figure)
                quantities.append(Quantity(figure, a, a + len(figure), value, unit, metric="新增停车位",
                                           kind=Kind.TARGET))
    g = text.index("6.5%")
    p = text.index("1200个")
    quantities[:0] = [Quantity("6.5%", g, g + 4, 6.5, "%", metric="地区生产总值", kind=Kind.GROWTH),
                      Quantity("1200个", p, p + 5, 1200.0, "个", metric="新建停车位", kind=Kind.ACTUAL)]
    review_start = text.index(REVIEW)
    sections = (
        Section("review", "一", "2021年工作回顾", Role.REVIEW, review_start, plan_start, year=2021),
        Section("plan", "二", "2022年工作安排", Role.PLAN, plan_start, len(text), year=2022,
                items=(Item("一是", "发展经济", tasks[0].start, len(text), tasks[0].start, tasks[0].end,
                            topics=(Span(tasks[0].text, tasks[0].start, tasks[0].end),)),)),
    )
    raw = text.encode("utf-8")
    return Document(text=text, source=Source(path="test.txt", sha256=hashlib.sha256(raw).hexdigest(),
                                             chars=len(text)),
                    government=government,
                    structure=Structure(sections=sections, review_year=2021 if plan_year else None,
                                        plan_year=plan_year),
                    quantities=tuple(quantities), tasks=tuple(tasks), entities=tuple(entities))


def counts(store: Store) -> dict[str, int]:
    """Rows per store table: what 'the database is as it was' compares."""
    from sqlalchemy import func, select
    from luoshi.db_schema import STORE_TABLES
    with store.engine.connect() as c:
        return {t.name: c.execute(select(func.count()).select_from(t)).scalar() for t in STORE_TABLES}
