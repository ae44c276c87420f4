"""Indicators: what each quantity measures. (stub)"""
from __future__ import annotations

from .model import Quantity, Structure


def annotate(text: str, outline: Structure, found: tuple[Quantity, ...]) -> tuple[Quantity, ...]:
    """Fill metric, kind, of, period, section and firmness of each quantity."""
    return found
