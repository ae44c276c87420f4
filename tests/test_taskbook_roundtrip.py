"""The 任务分解表 in Excel: 1,200 rows imported, exported, re-imported and
exported again without a difference; bad rows refuse the whole file."""
import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from luoshi.errors import InputError
from luoshi.taskbook import COLUMNS, export_taskbook, import_taskbook
from luoshi.track import Rejected
from luoshi.track_tables import assignments, history, units
from trackkit import UNITS, open_store, seed, user

N = 1200


@pytest.fixture
def big(tmp_path, request):
    store = open_store("sqlite", tmp_path, request)
    ids = seed(store.engine, n_tasks=N)
    yield store.engine, ids
    store.close()


def sheet(path, rows, header=("任务编号", "牵头单位", "配合单位", "责任领导", "完成日期", "目标值", "节点")):
    wb = Workbook()
    ws = wb.active
    ws.append(list(header))
    for r in rows:
        ws.append(list(r))
    wb.save(path)
    return path


def cells(path):
    return [tuple(r) for r in load_workbook(path).active.iter_rows(values_only=True)]


def test_taskbook_round_trip_of_1200_rows(big, tmp_path):
    engine, ids = big
    sup = user(engine, "sup")
    rows = [(tid, UNITS[i % 3], UNITS[(i + 1) % 3] + "、" + UNITS[(i + 2) % 3] if i % 4 == 0 else None,
             f"副区长{i % 7}", f"2021-{1 + i % 12:02d}-28", f"{i}个" if i % 5 == 0 else None,
             "完成立项（2021-03-31）\n开工建设" if i % 10 == 0 else None) for i, tid in enumerate(ids)]
    first = import_taskbook(engine, sup, sheet(tmp_path / "in.xlsx", rows))
    assert (first.rows, first.assigned, first.changed, first.skipped) == (N, N, N, 0)
    assert export_taskbook(engine, tmp_path / "out1.xlsx") == N
    again = import_taskbook(engine, sup, tmp_path / "out1.xlsx")
    assert (again.assigned, again.changed) == (N, 0)              # identical rows change nothing
    export_taskbook(engine, tmp_path / "out2.xlsx")
    exported = cells(tmp_path / "out1.xlsx")
    assert exported == cells(tmp_path / "out2.xlsx")
    assert exported[0] == tuple(h for h, _, _ in COLUMNS)
    by_id = {r[0]: dict(zip(exported[0], r)) for r in exported[1:]}
    for tid, lead, co, leader, due, target, ms in rows:     # every typed value came back out
        got = by_id[tid]
        assert (got["牵头单位"], got["配合单位"], got["责任领导"], got["完成日期"], got["目标值"], got["节点"]) == (
            lead, "、".join(sorted(co.split("、"))) if co else None, leader, due, target,
            ms)
    with engine.connect() as c:
        assert c.execute(select(func.count()).select_from(history).where(history.c.action == "assign")
                         ).scalar_one() == N


def test_taskbook_unknown_units_are_reported_not_created(big, tmp_path):
    engine, ids = big
    rows = [(ids[0], "区教委"), (ids[1], "区住建委"), (ids[2], "区教委"), (ids[3], "区教委", "区水务局")]
    with pytest.raises(Rejected) as err:
        import_taskbook(engine, user(engine, "sup"), sheet(tmp_path / "bad.xlsx", rows))
    message = str(err.value)
    assert "第3行" in message and "区住建委" in message and "第5行" in message and "区水务局" in message
    with engine.connect() as c:
        assert c.execute(select(func.count()).select_from(assignments)).scalar_one() == 0
        assert sorted(c.execute(select(units.c.name)).scalars()) == sorted(UNITS)


@pytest.mark.parametrize("rows, message", [
    ([("nope", "区教委")], "no task"),
    ([("t00000", "区教委", None, None, "明年")], "not a date"),
    ([("t00000", "区教委"), ("t00000", "区财政局")], "more than once"),
])
def test_taskbook_bad_rows_refuse_the_file(big, tmp_path, rows, message):
    engine, _ = big
    with pytest.raises(Rejected, match=message):
        import_taskbook(engine, user(engine, "sup"), sheet(tmp_path / "bad.xlsx", rows))


def test_taskbook_not_a_workbook(big, tmp_path):
    engine, _ = big
    bad = tmp_path / "x.xlsx"
    bad.write_text("not excel")
    with pytest.raises(InputError, match="not an Excel"):
        import_taskbook(engine, user(engine, "sup"), bad)
    with pytest.raises(InputError, match="no column"):
        import_taskbook(engine, user(engine, "sup"), sheet(tmp_path / "h.xlsx", [("a",)], header=("编号",)))
