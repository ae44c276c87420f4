"""The 督查通报: a bulletin for a period as a Word document — the counts,
the red and yellow tasks, and each unit's standing — built from the same
dicts as the dashboard, so the bulletin and the screen never disagree."""
from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from .errors import LuoshiError
from .track import ReportState
from .track_tables import progress
from .track_views import board, dashboard

UNIT_HEADERS = ("单位", "牵头任务", "已完成", "红灯", "黄灯", "绿灯", "完成率")


def bulletin_data(engine: Engine, start: date, end: date, title: str | None = None) -> dict:
    """Everything the bulletin says, as one dict (the page shows the same)."""
    if start > end:
        raise LuoshiError(f"the period starts ({start}) after it ends ({end})")
    dash = dashboard(engine, today=end)
    lo, hi = datetime.combine(start, time.min), datetime.combine(end, time.max)
    with engine.connect() as conn:
        states = dict(conn.execute(select(progress.c.state, func.count())
                                   .where(progress.c.created_at.between(lo, hi))
                                   .group_by(progress.c.state)).all())
    lights = {c: board(engine, light=c, limit=500)["rows"] for c in ("red", "yellow")}
    units = dash["by_unit"]
    return {
        "title": title or "重点任务督查通报", "start": start, "end": end, "total": dash["total"],
        "done": sum(u["done"] for u in units), "closed": sum(u["closed"] for u in units),
        "counts": {c: sum(u[c] for u in units) for c in ("red", "yellow", "green")},
        "reports": sum(states.values()), "accepted": states.get(ReportState.ACCEPTED.value, 0),
        "returned": states.get(ReportState.RETURNED.value, 0),
        "red": lights["red"], "yellow": lights["yellow"], "units": units,
    }


def write_bulletin(data: dict, out: str | Path) -> Path:
    doc = Document()
    doc.styles["Normal"].font.size = Pt(12)
    head = doc.add_heading(data["title"], level=0)
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(f"（{_d(data['start'])}至{_d(data['end'])}）").alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_heading("一、总体情况", level=1)
    c = data["counts"]
    rate = round(100 * data["done"] / data["total"]) if data["total"] else 0
    doc.add_paragraph(
        f"纳入督查的重点任务共{data['total']}项，已完成{data['done']}项（完成率{rate}%），已办结{data['closed']}项；"
        f"红灯{c['red']}项、黄灯{c['yellow']}项、绿灯{c['green']}项。本期各单位报送进展{data['reports']}条，"
        f"采纳{data['accepted']}条，退回{data['returned']}条。")
    _task_list(doc, "二、红灯任务", data["red"], "本期无红灯任务。")
    _task_list(doc, "三、黄灯任务", data["yellow"], "本期无黄灯任务。")
    doc.add_heading("四、各单位推进情况", level=1)
    _unit_table(doc, data["units"])
    doc.add_heading("五、工作要求", level=1)
    doc.add_paragraph("请红灯、黄灯任务的牵头单位对照完成时限和序时进度，查找原因、制定措施，"
                      "按时报送进展情况；督查室将持续跟踪，确保各项任务闭环落实。")
    out = Path(out)
    doc.save(out)
    return out


def _task_list(doc, heading: str, rows: list[dict], empty: str) -> None:
    doc.add_heading(heading, level=1)
    if not rows:
        doc.add_paragraph(empty)
    for i, r in enumerate(rows, start=1):
        doc.add_paragraph(f"{i}. {r['text']}（牵头单位：{r['lead_unit'] or '未明确'}；"
                          f"完成时限：{_d(r['due_date'])}；{r['light_reason']}）")


def _unit_table(doc, units: list[dict]) -> None:
    table = doc.add_table(rows=1, cols=len(UNIT_HEADERS))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, UNIT_HEADERS):
        cell.text = text
    for u in units:
        cells = table.add_row().cells
        for cell, value in zip(cells, (u["name"], u["tasks"], u["done"], u["red"], u["yellow"], u["green"],
                                       f"{u['rate']}%")):
            cell.text = str(value)


def _d(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else "未定"
