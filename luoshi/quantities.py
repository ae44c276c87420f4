"""Quantities. (stub)"""
from __future__ import annotations

from . import indicators
from .model import Quantity, Structure


def extract(text: str, outline: Structure) -> tuple[Quantity, ...]:
    found: tuple[Quantity, ...] = ()
    return indicators.annotate(text, outline, found)
