"""The pipeline: one explicit function that runs each stage in order."""
from __future__ import annotations

from pathlib import Path

from . import entities, ingest, quantities, structure, tasks
from .model import Document, Source


def analyze(text: str, source: Source | None = None) -> Document:
    """Analyse a report's plain text; every annotation indexes `text`."""
    source = source or Source(chars=len(text))
    outline = structure.outline(text)
    government = structure.find_government(text)
    quants = quantities.extract(text, outline)
    ents = entities.extract(text)
    task_list = tasks.extract(text, outline, quants, ents, government=government)
    return Document(text=text, source=source, title=structure.find_title(text),
                    government=government, structure=outline,
                    quantities=quants, tasks=task_list, entities=ents)


def read(path: str | Path) -> Document:
    """Read a report file (txt, HTML, DOCX, PDF) and analyse it."""
    text, source = ingest.read_file(path)
    return analyze(text, source)
