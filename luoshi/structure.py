"""The outline of a report. (stub: filled in by the outline issue)"""
from __future__ import annotations

from .model import Structure


def outline(text: str) -> Structure:
    return Structure()


def find_government(text: str) -> str | None:
    return None


def find_title(text: str) -> str | None:
    return None
