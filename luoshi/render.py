"""Renderings of a Document for people: the outline as text, the task table as XLSX."""
from __future__ import annotations

from .model import Document


def as_text(doc: Document) -> str:
    """The outline as an indented tree (filled in by the outline issue)."""
    lines = []
    for s in doc.structure.sections:
        lines.append(f"[{s.role}] {s.label or ''} {s.title or ''} @{s.start}-{s.end}")
    return "\n".join(lines)


def write_task_xlsx(doc: Document, path: str) -> None:
    raise NotImplementedError
