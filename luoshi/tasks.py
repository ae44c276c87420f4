"""Tasks. (stub)"""
from __future__ import annotations

from .model import Entity, Quantity, Structure, Task


def extract(text: str, outline: Structure, quantities: tuple[Quantity, ...],
            entities: tuple[Entity, ...], government: str | None = None) -> tuple[Task, ...]:
    return ()
