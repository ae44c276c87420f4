"""Traffic lights (红黄绿灯) for tasks under supervision.

A light compares the progress accepted so far with the elapsed share of the
task's period (序时进度): a task due at the end of the year that is half-way
through the year should be about half done. The thresholds are data
(luoshi/data/lights.toml) that the office may override; `describe` turns the
rules into the sentences the UI shows, so the page and the code cannot drift.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from datetime import date
from enum import StrEnum
from importlib import resources

from .errors import LuoshiError


class Light(StrEnum):
    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"


LABELS = {Light.RED: "红灯", Light.YELLOW: "黄灯", Light.GREEN: "绿灯"}


@dataclass(frozen=True, slots=True)
class Rules:
    red_behind: int = 20
    yellow_days: int = 15
    yellow_behind: int = 10
    stall_days: int = 45


@dataclass(frozen=True, slots=True)
class Assessment:
    light: Light
    reasons: tuple[str, ...]
    elapsed: int          # 序时进度 in percent
    behind: int           # points behind 序时进度 (negative: ahead)
    overdue: bool


def default_rules() -> Rules:
    """The shipped defaults from luoshi/data/lights.toml."""
    text = resources.files("luoshi").joinpath("data/lights.toml").read_text(encoding="utf-8")
    return with_overrides(Rules(), tomllib.loads(text))


def with_overrides(rules: Rules, values: dict) -> Rules:
    """Rules with `values` applied; unknown keys or bad numbers are a user error."""
    known = {f.name for f in fields(Rules)}
    clean = {}
    for key, value in values.items():
        if key not in known:
            raise LuoshiError(f"unknown light rule {key!r} (known: {', '.join(sorted(known))})")
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise LuoshiError(f"light rule {key} must be a whole number, not {value!r}") from None
        if not 0 <= number <= 366:
            raise LuoshiError(f"light rule {key} must be between 0 and 366, not {number}")
        clean[key] = number
    out = replace(rules, **clean)
    if out.yellow_behind > out.red_behind:
        raise LuoshiError("the yellow gap cannot be larger than the red gap")
    return out


def elapsed_share(start: date, due: date, today: date) -> int:
    """序时进度: the share of the period from `start` to `due` that has passed, 0–100.

    >>> elapsed_share(date(2021, 1, 1), date(2021, 12, 31), date(2021, 7, 2))
    50
    """
    if due <= start:
        return 100 if today >= due else 0
    share = (today - start).days / (due - start).days
    return round(100 * min(1.0, max(0.0, share)))


def assess(*, start: date, due: date, percent: int | None, done: bool, today: date,
           rules: Rules) -> Assessment:
    """The light of one task. A finished task is green whatever its dates."""
    elapsed = elapsed_share(start, due, today)
    behind = elapsed - (percent or 0)
    overdue = not done and today > due
    if done:
        return Assessment(Light.GREEN, ("已完成",), elapsed, behind, False)
    red = _reasons(overdue and "已超期", behind > rules.red_behind and f"落后序时进度{behind}个百分点")
    if red:
        return Assessment(Light.RED, red, elapsed, behind, overdue)
    days_left = (due - today).days
    yellow = _reasons(days_left <= rules.yellow_days and f"距完成时限{days_left}天",
                      behind > rules.yellow_behind and f"落后序时进度{behind}个百分点")
    if yellow:
        return Assessment(Light.YELLOW, yellow, elapsed, behind, False)
    return Assessment(Light.GREEN, ("按序时推进",), elapsed, behind, False)


def _reasons(*candidates) -> tuple[str, ...]:
    return tuple(c for c in candidates if c)


def describe(rules: Rules) -> list[tuple[str, str]]:
    """The rules as (light label, sentence) pairs for the rules page."""
    return [
        (LABELS[Light.RED], f"已超过完成时限仍未完成，或进度落后序时进度超过{rules.red_behind}个百分点"),
        (LABELS[Light.YELLOW], f"距完成时限不足{rules.yellow_days}天且未完成，"
                               f"或进度落后序时进度超过{rules.yellow_behind}个百分点"),
        (LABELS[Light.GREEN], "其他情况：按序时推进或已完成"),
        ("停滞", f"超过{rules.stall_days}天未报送进展"),
        ("序时进度", "自任务起始日至完成时限已过去的时间占比"),
    ]
