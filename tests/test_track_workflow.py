"""The workflow as a library: assignment, receive, progress, review, close,
lights, history and optimistic locking, on SQLite and PostgreSQL."""
import json
from datetime import date

import pytest
from sqlalchemy import func, select

from luoshi import track
from luoshi.auth import AuthError, Forbidden
from luoshi.errors import LuoshiError
from luoshi.track import Conflict, Spec
from luoshi.track_tables import assignments, history, progress
from trackkit import db, pg_url, user  # noqa: F401 (fixtures)

MIDYEAR = date(2021, 7, 2)


def count(engine, table, *where):
    with engine.connect() as c:
        return c.execute(select(func.count()).select_from(table).where(*where)).scalar_one()


@pytest.mark.parametrize("deadline, due, expected", [
    (None, None, "2022-12-31"), ("年内", None, "2022-12-31"), ("上半年", None, "2022-06-30"),
    ("三季度", None, "2022-09-30"), ("一季度", None, "2022-03-31"), ("9月底前", None, "2022-09-30"),
    ("2023年上半年", None, "2023-06-30"), ("2025年底前", None, "2025-12-31"), ("3至5年", None, "2024-12-31"),
    ("两年内", None, "2023-12-31"), ("年内", "2022-11-30", "2022-11-30"), ("年内", "not-a-date", "2022-12-31"),
    ("2月底", None, "2022-02-28"),
])
def test_track_default_due_table(deadline, due, expected):
    assert track.default_due(deadline, due, 2022).isoformat() == expected


def test_track_default_due_from_deadline(db):
    engine, ids = db
    sup = user(engine, "sup")
    got = {tid: track.assign(engine, sup, Spec(tid, "区教委"), today=MIDYEAR)["due"] for tid in ids}
    assert [got[t].isoformat() for t in ids] == [
        "2021-12-31", "2021-06-30", "2021-12-31", "2021-12-31", "2021-09-30", "2021-12-31"]


def test_track_full_loop_with_history(db):
    engine, ids = db
    sup, fgw = user(engine, "sup"), user(engine, "fgw")
    a = track.assign(engine, sup, Spec(ids[0], "区发展改革委", co_units=("区财政局",), leader="张三",
                                       milestones=({"name": "完成立项", "due": "2021-06-30"},)), today=MIDYEAR)
    assert (a["version"], a["light"], a["process"]) == (1, "red", "滞后")   # half the year gone, nothing done
    a = track.receive(engine, fgw, ids[0], a["version"], today=MIDYEAR)
    pid = track.report(engine, fgw, ids[0], a["version"], text="已完成立项", percent=60, milestone="完成立项",
                       today=MIDYEAR)
    with engine.connect() as c:
        a = track.load(c, ids[0])
    assert a["percent"] is None and a["version"] == 3        # not accepted yet: the light stays
    a = track.review(engine, sup, pid, a["version"], accept=True, today=MIDYEAR)
    assert (a["percent"], a["light"], a["process"]) == (60, "green", "推进中")
    assert json.loads(a["milestones"])[0]["done"] is True
    a = track.close(engine, sup, ids[0], a["version"], verdict="基本完成", reason="年底核查", today=MIDYEAR)
    assert (a["process"], a["verdict"], a["version"]) == ("已完成", "基本完成", 5)
    with engine.connect() as c:
        rows = c.execute(select(history.c.action, history.c.username, history.c.reason, history.c.changes)
                         .where(history.c.task_id == ids[0]).order_by(history.c.id)).all()
    assert [r.action for r in rows] == ["assign", "receive", "progress", "accept", "close"]
    assert [r.username for r in rows] == ["sup", "fgw", "fgw", "sup", "sup"]
    assert rows[-1].reason == "年底核查"
    assert json.loads(rows[3].changes)["light"] == ["red", "green"]
    assert json.loads(rows[0].changes)["co_units"] == [[], ["区财政局"]]


def test_track_stale_version_is_a_conflict_and_changes_nothing(db):
    engine, ids = db
    sup, fgw = user(engine, "sup"), user(engine, "fgw")
    a = track.assign(engine, sup, Spec(ids[1], "区发展改革委"), today=MIDYEAR)
    track.report(engine, fgw, ids[1], a["version"], text="第一次", percent=10, today=MIDYEAR)
    before = count(engine, history)
    with pytest.raises(Conflict):
        track.report(engine, fgw, ids[1], a["version"], text="第二次，基于旧版本", percent=20, today=MIDYEAR)
    with pytest.raises(Conflict):
        track.assign(engine, sup, Spec(ids[1], "区教委", version=a["version"]), today=MIDYEAR)
    assert count(engine, history) == before
    assert count(engine, progress) == 1


def test_track_permissions_are_checked_in_the_library(db):
    engine, ids = db
    sup, fgw, jw, viewer = (user(engine, n) for n in ("sup", "fgw", "jw", "viewer"))
    a = track.assign(engine, sup, Spec(ids[2], "区发展改革委"), today=MIDYEAR)
    before = count(engine, history)
    for who in (jw, viewer):
        with pytest.raises(Forbidden):
            track.report(engine, who, ids[2], a["version"], text="越权", today=MIDYEAR)
    with pytest.raises(Forbidden):
        track.assign(engine, fgw, Spec(ids[2], "区发展改革委", version=a["version"]), today=MIDYEAR)
    with pytest.raises(AuthError):
        track.close(engine, None, ids[2], a["version"], verdict="完成")
    assert count(engine, history) == before


@pytest.mark.parametrize("spec, message", [
    (Spec("t00000", "不存在的单位"), "unknown unit"),
    (Spec("nope", "区教委"), "no task"),
    (Spec("t00000", "区教委", due=date(2020, 1, 1)), "after the due date"),
    (Spec("t00000", ""), "lead unit"),
])
def test_track_bad_assignments_are_refused(db, spec, message):
    engine, _ = db
    with pytest.raises(LuoshiError, match=message):
        track.assign(engine, user(engine, "sup"), spec)
    assert count(engine, assignments) == 0


def test_track_bulk_is_all_or_nothing_and_idempotent(db):
    engine, ids = db
    sup = user(engine, "sup")
    good = [Spec(t, "区教委") for t in ids[:3]]
    with pytest.raises(track.Rejected, match="未知单位"):
        track.assign_many(engine, sup, good + [Spec(ids[3], "未知单位")])
    assert count(engine, assignments) == 0
    done = track.assign_many(engine, sup, good, today=MIDYEAR)
    again = track.assign_many(engine, sup, [Spec(t, "区教委", version=1) for t in ids[:3]], today=MIDYEAR)
    assert [r["version"] for r in again.values()] == [1, 1, 1] == [r["version"] for r in done.values()]
    assert count(engine, history, history.c.action == "assign") == 3


@pytest.mark.parametrize("kwargs, message", [
    ({"text": " "}, "required"), ({"text": "x", "percent": 101}, "between"),
    ({"text": "x", "percent": "half"}, "whole number"), ({"text": "x", "milestone": "没有的节点"}, "no milestone"),
])
def test_track_bad_progress_is_refused(db, kwargs, message):
    engine, ids = db
    a = track.assign(engine, user(engine, "sup"), Spec(ids[0], "区发展改革委"))
    with pytest.raises(LuoshiError, match=message):
        track.report(engine, user(engine, "fgw"), ids[0], a["version"], **kwargs)
    assert count(engine, progress) == 0


def test_track_return_needs_a_reason_and_keeps_the_light(db):
    engine, ids = db
    sup, fgw = user(engine, "sup"), user(engine, "fgw")
    a = track.assign(engine, sup, Spec(ids[0], "区发展改革委"), today=MIDYEAR)
    pid = track.report(engine, fgw, ids[0], a["version"], text="完成", percent=100, today=MIDYEAR)
    with pytest.raises(LuoshiError, match="reason"):
        track.review(engine, sup, pid, a["version"] + 1, accept=False)
    a = track.review(engine, sup, pid, a["version"] + 1, accept=False, reason="缺少佐证材料", today=MIDYEAR)
    assert (a["percent"], a["light"]) == (None, "red")
    with pytest.raises(Conflict):
        track.review(engine, sup, pid, a["version"], accept=True)


def test_track_daily_recompute_moves_lights_with_the_calendar(db):
    engine, ids = db
    sup = user(engine, "sup")
    track.assign(engine, sup, Spec(ids[0], "区教委"), today=date(2021, 1, 5))
    assert track.recompute(engine, today=date(2021, 1, 6)) == 0
    assert track.recompute(engine, today=date(2021, 7, 2)) == 1
    with engine.connect() as c:
        assert track.load(c, ids[0])["light"] == "red"
    assert count(engine, history, history.c.action == "recompute") == 1


def test_track_rule_change_is_logged_and_recomputes(db):
    engine, ids = db
    sup = user(engine, "sup")
    a = track.assign(engine, sup, Spec(ids[0], "区教委"), today=MIDYEAR)
    track.report(engine, sup, ids[0], a["version"], text="x", percent=25, today=MIDYEAR)
    with engine.connect() as c:
        pid = c.execute(select(progress.c.id)).scalar_one()
    track.review(engine, sup, pid, a["version"] + 1, accept=True, today=MIDYEAR)
    with pytest.raises(Forbidden):
        track.set_rules(engine, user(engine, "fgw"), {"red_behind": 30})
    track.set_rules(engine, sup, {"red_behind": 30}, reason="放宽")
    with engine.connect() as c:
        assert track.rules(c).red_behind == 30
        logged = c.execute(select(history.c.changes).where(history.c.action == "rules")).scalar_one()
    assert json.loads(logged) == {"red_behind": [20, 30]}


def test_track_on_an_ingested_report(tmp_path, request):
    """The workflow over the store's real tasks: the sample report ingested, its tasks assigned
    with due dates from their deadlines, and re-ingesting keeps assignments."""
    from luoshi.track_views import board
    from conftest import EXAMPLE
    from trackkit import open_store, seed_people
    store = open_store("sqlite", tmp_path, request)
    store.ingest_path(EXAMPLE)
    seed_people(store.engine)
    sup = user(store.engine, "sup")
    rows = board(store.engine, limit=1000)["rows"]
    assert len(rows) > 50
    done = track.assign_many(store.engine, sup, [Spec(r["id"], "区教委") for r in rows])
    plan_year = rows[0]["plan_year"]
    for r in rows:
        expected = track.default_due(r["deadline"], r["due"], plan_year)
        assert done[r["id"]]["due"] == expected
    assert {d["due"].year for d in done.values()} >= {plan_year}
    store.ingest_path(EXAMPLE)                       # the same file again: nothing moves
    assert board(store.engine, assigned=True)["total"] == len(rows)
    store.close()
