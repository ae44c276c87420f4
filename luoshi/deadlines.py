"""Deadlines of tasks: found as written (年底前, 2022年, 3至5年) and
normalised to an ISO date where one follows from the plan year.
The patterns are data (the [deadline] table of data/task_verbs.toml)."""
from __future__ import annotations

import calendar
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
DATEISH = re.compile("[年月季]|十.五|前")
QUARTER_END = {"一": (3, 31), "二": (6, 30), "三": (9, 30), "四": (12, 31)}


@dataclass(frozen=True, slots=True)
class Deadline:
    text: str
    start: int                           # offsets into the searched string
    end: int
    kind: str                            # absolute / relative / duration


@dataclass(frozen=True, slots=True)
class _Patterns:
    absolute: re.Pattern
    relative: re.Pattern
    duration: re.Pattern
    event: re.Pattern                    # 汛期前, 入冬前: a season or event
    event_dates: dict[str, str]          # event → MM-DD of the day before it
    duration_lead: tuple[str, ...]
    year_lead: tuple[str, ...]
    follow: tuple[str, ...]


@cache
def _patterns() -> _Patterns:
    raw = tomllib.loads(resources.files("luoshi.data").joinpath("task_verbs.toml").read_text("utf-8"))
    d = raw["deadline"]
    return _Patterns(re.compile(d["absolute"]), re.compile(d["relative"]), re.compile(d["duration"]),
                     re.compile(d["event"]), dict(d["event_dates"]), tuple(d["duration_lead"]), tuple(d["year_lead"]), tuple(d["follow"]))


def cn_int(s: str) -> int | None:
    """An integer written in digits or small Chinese numerals.

    >>> cn_int("二〇二二"), cn_int("十二"), cn_int("两"), cn_int("35")
    (2022, 12, 2, 35)
    """
    if s.isdigit():
        return int(s)
    if s and all(ch in CN_DIGITS for ch in s):
        return int("".join(str(CN_DIGITS[ch]) for ch in s))
    if "十" in s and all(ch in CN_DIGITS or ch == "十" for ch in s):
        tens, _, ones = s.partition("十")
        return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)
    return None


def find(span: str, verbs=None, after_marker: bool = False) -> Deadline | None:
    """The first deadline stated in a task's text.

    >>> find("力争儿童公园、横岭村综合改造2022年动工建设").text
    '2022年'
    >>> find("争取3至5年实现工业投资超100亿元").text
    '3至5年'
    >>> find("落实基层党建三年行动计划") is None
    True
    """
    if not DATEISH.search(span):
        return None                      # most tasks name no time: skip the patterns
    p = _patterns()
    found = []
    for kind, pat in (("absolute", p.absolute), ("relative", p.relative), ("duration", p.duration),
                      ("event", p.event)):
        for m in pat.finditer(span):
            if _counts(span, m, kind, p, verbs, after_marker):
                found.append(Deadline(m.group(), m.start(), m.end(), kind))
    if not found:
        return None
    return min(found, key=lambda d: (d.start, -(d.end - d.start)))


def _counts(span: str, m: re.Match, kind: str, p: _Patterns, verbs, after_marker: bool) -> bool:
    """A bare year or number of years is a deadline only next to a verb or marker."""
    text, after = m.group(), span[m.end():]
    acts = after.startswith(p.follow) or (verbs is not None and verbs.match(after, 0))
    if after.startswith(("的", "到期")) or not acts and _object_of_verb(span, m.start(), p, verbs):
        return False                     # 6月前到期的政策, 制定2030年前碳达峰方案: it dates a thing
    if kind in ("relative", "event"):
        return True
    if kind == "absolute" and not text.endswith("年"):
        return True                      # 2022年底前, 2025年6月: dated already
    if kind == "duration" and text[-1] in "内间右":
        return True
    before = span[:m.start()]
    if kind == "absolute" and before.endswith(p.year_lead):
        return True                      # 到2025年, 力争2023年…
    if acts:
        return kind == "absolute" or before.endswith(p.duration_lead) or (after_marker and not before)
    return False


def _object_of_verb(span: str, start: int, p: _Patterns, verbs) -> bool:
    """The time opens the object of a verb just before it (制定2030年前碳达峰
    方案); 综合改造2022年动工建设 has a verb after the time, so it dates that."""
    if verbs is None:
        return False
    for k in (4, 3, 2):
        word = span[max(0, start - k):start]
        if len(word) == k and word in verbs.words and not word.endswith(p.year_lead + p.duration_lead):
            return True
    return False


def due(deadline: str, plan_year: int | None) -> str | None:
    """The ISO date a deadline falls on, counted from the plan year.

    >>> due("年内", 2022), due("上半年", 2022), due("6月底前", 2022), due("2025年前", None)
    ('2022-12-31', '2022-06-30', '2022-06-30', '2025-12-31')
    >>> due("3至5年", 2022) is None
    True
    >>> due("“十四五”末", 2023)
    '2025-12-31'

    """
    event = _patterns().event.fullmatch(deadline)
    if event:                            # 汛期前 has no fixed day; 国庆前 has
        day = next((md for name, md in _patterns().event_dates.items() if name in deadline), None)
        return f"{plan_year + deadline.startswith('明年')}-{day}" if day and plan_year else None
    fyp = re.search(r"十([一二三四五六七八九])五", deadline)
    if fyp:                              # the end of a five-year plan: 十四五 ends in 2025
        return f"{1955 + 5 * (10 + CN_DIGITS[fyp.group(1)])}-12-31"
    m = re.match(r"(\d{4}|二〇[〇一二三四五六七八九]{2})年", deadline)
    year = cn_int(m.group(1)) if m else plan_year
    rest = deadline[m.end():] if m else deadline
    if year is None:
        return None
    if rest.startswith("明年"):
        year, rest = year + 1, rest[2:]
    dur = re.fullmatch(r"(\d{1,2}|[一二三四五六七八九十两]{1,2})年(?:内|时间|左右)?", deadline)
    if dur:
        n = cn_int(dur.group(1))
        return f"{year + n - 1}-12-31" if n else None
    if re.search(r"[至到\-—~～]", deadline):
        return None                      # a range of years has no single date
    month, day = _month_day(rest)
    if month is None:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _month_day(rest: str) -> tuple[int | None, int]:
    """Month and day a relative deadline ends on."""
    if "上半年" in rest:
        return 6, 30
    if "前三季度" in rest:
        return 9, 30
    q = re.search(r"([一二三四])季度", rest)
    if q:
        return QUARTER_END[q.group(1)]
    mm = re.search(r"(\d{1,2}|[一二三四五六七八九十]{1,2})月(?:(\d{1,2})日)?(底|末)?(前|以前|之前)?", rest)
    if mm:
        month = cn_int(mm.group(1)) or 12
        if mm.group(2):
            return month, int(mm.group(2))
        if mm.group(4) and not mm.group(3):   # 6月前: before June starts
            month = 12 if month == 1 else month - 1
        return month, calendar.monthrange(2001, month)[1]
    if rest.endswith("年中"):
        return 6, 30
    return 12, 31                        # 年内, 年底前, 下半年, a bare year
