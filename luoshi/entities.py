"""Named entities. (stub)"""
from __future__ import annotations

from .model import Entity


def extract(text: str) -> tuple[Entity, ...]:
    return ()
