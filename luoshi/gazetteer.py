"""China's administrative divisions as a matcher over report text.

The division list (luoshi/data/divisions.tsv, built by tools/build_divisions.py
from JioNLP's national list) is read once, lazily, on first use.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

DIVISIONS = Path(__file__).parent / "data" / "divisions.tsv"


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """`names` maps every matchable surface to its level; `town_short` maps
    a township's full name to its short form, which is matched only in a
    report that also writes the full name (东城 after 东城街道)."""
    names: dict[str, str]
    town_short: dict[str, str]
    by_head: dict[str, tuple[int, ...]]    # first two characters -> name lengths, longest first

    def match_at(self, text: str, i: int) -> str | None:
        """The longest division name starting at text[i]."""
        lengths = self.by_head.get(text[i:i + 2])
        if lengths:
            for n in lengths:
                if text[i:i + n] in self.names:
                    return text[i:i + n]
        return None


def index_by_head(names) -> dict[str, tuple[int, ...]]:
    """The lengths of the names that start with each two characters, longest first.

    >>> index_by_head(["东城", "东城街道", "东莞"])["东城"]
    (4, 2)
    """
    out: dict[str, set[int]] = {}
    for n in names:
        if len(n) >= 2:
            out.setdefault(n[:2], set()).add(len(n))
    return {k: tuple(sorted(v, reverse=True)) for k, v in out.items()}


@cache
def load() -> Gazetteer:
    names: dict[str, str] = {}
    town_short: dict[str, str] = {}
    for line in DIVISIONS.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        name, short, level, _code = line.split("\t")
        names.setdefault(name, level)
        if not short:
            continue
        if level == "town":
            town_short[name] = short
        else:
            names.setdefault(short, level)
    return Gazetteer(names, town_short, index_by_head(names))
