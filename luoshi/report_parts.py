"""The parts of a report as the indicator stage sees them (intro / review / plan, each
with its year), from the outline's sections, or, where the outline found none, from
the review and plan headings themselves (a short line with 工作回顾, 工作安排 …)."""
from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .model import Role, Structure

YEAR = r"(?:19|20)\d{2}"
_FIRST_YEAR = re.compile(rf"(?<!\d)({YEAR})年(?![\d０-９]{{1,2}}月)")


def alternation(words) -> str:
    """One alternation, longest words first so that 同比增长 wins over 增长."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _headings() -> tuple[re.Pattern, re.Pattern]:
    """Review and plan heading lines, from the [section] table of data/metrics.toml."""
    raw = tomllib.loads(resources.files("luoshi").joinpath("data/metrics.toml").read_text(encoding="utf-8"))
    line = r"^[ \t\u3000]*(?:[一二三四五六七八九十]+[、.．]\s*)?[^\n。；;]{{0,24}}?(?:{})[^\n。；;]{{0,12}}$"
    return (re.compile(line.format(alternation(raw["section"]["review"])), re.M),
            re.compile(line.format(alternation(raw["section"]["plan"])), re.M))


@dataclass(frozen=True, slots=True)
class Part:
    """A stretch of the report as the indicators see it: intro, review or plan."""
    name: str
    start: int
    end: int
    year: int | None
    multi_year: tuple[int, int] | None = None     # a five-year review: its first and last year


_FIVE_YEAR_PLANS = {"十二五": (2011, 2015), "十三五": (2016, 2020), "十四五": (2021, 2025), "十五五": (2026, 2030)}


def _multi_span(title: str, year: int | None) -> tuple[int, int] | None:
    """The years a review heading covers when it is more than one: 过去五年, “十三五”."""
    for name, span in _FIVE_YEAR_PLANS.items():
        if name in title:
            return span
    if year and re.search(r"五年|届", title):
        return (year - 4, year)
    return None


def review_year_of(text: str) -> int | None:
    """The year a report looks back on, when no heading says it: the meeting date in
    the byline (a report given in the first half of a year reviews the year before),
    the title's year (a 2022年政府工作报告 reviews 2021), or the first year named."""
    head = text[:400]
    date = re.search(rf"({YEAR})年(\d{{1,2}})月\d{{1,2}}日", head)
    if date:
        y, mo = int(date.group(1)), int(date.group(2))
        return y - 1 if mo <= 6 else y
    title = re.search(rf"({YEAR})年[^\n。]{{0,12}}工作报告", head)
    if title:
        return int(title.group(1)) - 1
    first = _FIRST_YEAR.search(text[:2000])
    return int(first.group(1)) if first else None


def _heading_year(text: str, start: int) -> int | None:
    line_end = text.find("\n", start)
    m = re.search(rf"({YEAR})年", text[start:line_end if line_end >= 0 else len(text)])
    return int(m.group(1)) if m else None


def parts(text: str, outline: Structure) -> list[Part]:
    """intro / review / plan parts, from the outline when it has sections, else from
    the review and plan headings (a short line with 工作回顾, 工作安排 …)."""
    if outline.sections:
        return _parts_from_outline(text, outline)
    review_head, plan_head = _headings()
    reviews = [h for h in review_head.finditer(text) if _is_heading(h.group(), plan_head)]
    plans = [h for h in plan_head.finditer(text) if _is_heading(h.group(), review_head)]
    plan_at = plans[0].start() if plans else len(text)
    review_at = reviews[0].start() if reviews and reviews[0].start() < plan_at else None
    if review_at is None:
        top = re.search(r"^[ \t\u3000]*[一二三四五六七八九十]+、", text[:plan_at], re.M)
        review_at = top.start() if top else (0 if plan_at > 0 else None)
    review_year = _heading_year(text, review_at) if review_at is not None else None
    review_year = review_year or review_year_of(text)
    plan_year = (_heading_year(text, plan_at) if plans else None) or (review_year + 1 if review_year else None)
    out = []
    if review_at:
        out.append(Part("intro", 0, review_at, review_year))
    if review_at is not None and review_at < plan_at:
        title = text[review_at:text.find("\n", review_at) if "\n" in text[review_at:] else len(text)]
        out.append(Part("review", review_at, plan_at, review_year, _multi_span(title, review_year)))
    if plan_at < len(text):
        out.append(Part("plan", plan_at, len(text), plan_year))
    return out or [Part("review", 0, len(text), review_year)]


def _is_heading(line: str, other: re.Pattern) -> bool:
    """A review or plan heading, not a title naming both parts (…工作总结和2022年工作思路)
    nor the report's own title."""
    return bool(line.strip()) and not other.match(line) and "报告" not in line


def _parts_from_outline(text: str, outline: Structure) -> list[Part]:
    review_year = outline.review_year or review_year_of(text)
    plan_year = outline.plan_year or (review_year + 1 if review_year else None)
    out: list[Part] = []
    for sec in outline.sections:
        if sec.role == Role.REVIEW:
            name, year = "review", sec.year or review_year
        elif sec.role == Role.PLAN:
            name, year = "plan", sec.year or plan_year
        else:
            name = out[-1].name if out else "intro"
            year = plan_year if name == "plan" else review_year
        multi = _multi_span(sec.title or "", year) if name == "review" else None
        out.append(Part(name, sec.start, sec.end, year, multi))
    return out


def part_at(plist: list[Part], pos: int) -> Part | None:
    """The part holding pos; in a gap between parts, the one before it."""
    k = bisect_right([p.start for p in plist], pos)
    return plist[k - 1] if k else (plist[0] if plist else None)
