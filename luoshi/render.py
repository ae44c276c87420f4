"""Renderings of a Document for people: the outline as text, the task table as XLSX."""
from __future__ import annotations

from .errors import LuoshiError
from .model import Document


def as_text(doc: Document, width: int = 24) -> str:
    """The outline as an indented tree for a person: each part with its role
    and year, each item and lead phrase with its first words and [start-end]."""
    st = doc.structure
    years = f"review {st.review_year} → plan {st.plan_year}" if st.review_year or st.plan_year else "years unknown"
    head = " · ".join(x for x in (doc.title, doc.government, years, f"{len(doc.text)} chars") if x)
    lines = [head]

    def first(text: str | None) -> str:
        t = " ".join((text or "").split())
        return t if len(t) <= width else t[:width] + "…"

    def items(nodes, depth: int) -> None:
        for it in nodes:
            lines.append(f"{'  ' * depth}{it.label} {first(it.title)} [{it.start}-{it.end}]")
            for tp in it.topics:
                lines.append(f"{'  ' * (depth + 1)}· {first(tp.text)} [{tp.start}-{tp.end}]")
            items(it.children, depth + 1)

    for s in st.sections:
        name = f"{s.label}、{s.title}" if s.label else (s.title or doc.text[s.start:s.end])
        year = f" {s.year}" if s.year else ""
        lines.append(f"{s.id} ({s.role}{year}) {first(name)} [{s.start}-{s.end}]")
        if s.preamble:
            lines.append(f"  preamble {first(s.preamble.text)} [{s.preamble.start}-{s.preamble.end}]")
        items(s.items, 1)
    return "\n".join(lines)


TASK_COLUMNS = ("序号", "领域", "任务", "牵头单位", "配合单位", "完成时限", "目标值", "原文位置")
STRENGTH_LABEL = {"must": "必须", "aim": "力争", "explore": "探索", "do": "一般"}
COLUMN_WIDTHS = (6, 28, 60, 14, 14, 18, 22, 14)


def task_rows(doc: Document) -> list[dict]:
    """The task table (任务分解表) as plain rows, one per task, keyed by
    TASK_COLUMNS plus 强度 and 要点 (the lead phrase); the text list and the
    XLSX file are both made from these rows."""
    from .tasks import support_units
    rows = []
    for n, t in enumerate(doc.tasks, 1):
        due = f"（{t.due}）" if t.due else ""
        rows.append({
            "序号": n,
            "领域": t.area or _section_name(doc, t.start),
            "任务": t.text,
            "牵头单位": t.lead_unit or "",
            "配合单位": "、".join(support_units(t.text)),
            "完成时限": f"{t.deadline}{due}" if t.deadline else "",
            "目标值": "；".join(t.targets),
            "原文位置": f"{t.start}-{t.end}",
            "强度": STRENGTH_LABEL.get(str(t.strength), str(t.strength)),
            "要点": t.topic or "",
        })
    return rows


def _section_name(doc: Document, pos: int) -> str:
    s = doc.structure.section_at(pos)
    if s is None:
        return "（其他）"
    return f"{s.label}、{s.title}" if s.label and s.title else (s.title or "（总体要求）")


def tasks_as_text(doc: Document) -> str:
    """The task list grouped by area and lead phrase, each task with its
    strength, deadline, targets and lead unit: a 任务分解表 draft to read."""
    rows = task_rows(doc)
    year = doc.structure.plan_year
    head = f"任务分解表（{doc.government or '本级政府'}{f' {year}年' if year else ''}，共{len(rows)}项）"
    lines, area, topic = [head], None, None
    for row in rows:
        if row["领域"] != area:
            area, topic = row["领域"], None
            lines.append(f"\n{area}")
        if row["要点"] and row["要点"] != topic:
            topic = row["要点"]
            lines.append(f"  ■ {topic}")
        lines.append(f"    {row['序号']}. [{row['强度']}] {row['任务']}{_details(row)}")
    return "\n".join(lines)


def _details(row: dict) -> str:
    parts = [f"{label}：{row[key]}" for key, label in
             (("完成时限", "时限"), ("目标值", "目标"), ("牵头单位", "牵头"), ("配合单位", "配合")) if row[key]]
    return f"（{'；'.join(parts)}）" if parts else ""


def write_task_xlsx(doc: Document, path: str) -> None:
    """Write the task table to an XLSX file: a header row of TASK_COLUMNS,
    one row per task, frozen header, wrapped task text."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "任务分解表"
    ws.append(list(TASK_COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in task_rows(doc):
        ws.append([row[c] for c in TASK_COLUMNS])
    wrap = Alignment(wrap_text=True, vertical="top")
    for i, width in enumerate(COLUMN_WIDTHS, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for cells in ws.iter_rows(min_row=2):
        for cell in cells:
            cell.alignment = wrap
    ws.freeze_panes = "A2"
    try:
        wb.save(path)
    except OSError as err:
        raise LuoshiError(f"cannot write the task table to {path}: {err.strerror or err}") from err
