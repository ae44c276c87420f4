"""Traffic lights against 序时进度, with the default and overridden rules."""
from datetime import date

import pytest

from luoshi.errors import LuoshiError
from luoshi.lights import Light, Rules, assess, default_rules, describe, elapsed_share, with_overrides

YEAR = (date(2021, 1, 1), date(2021, 12, 31))


@pytest.mark.parametrize("today, percent, done, light, why", [
    # overdue and not done: red whatever the percent
    (date(2022, 1, 5), 95, False, Light.RED, "已超期"),
    # done: green even when overdue
    (date(2022, 1, 5), 100, True, Light.GREEN, "已完成"),
    # mid-year, 50% elapsed: 25% reported is 25 points behind → red
    (date(2021, 7, 2), 25, False, Light.RED, "落后序时进度25个百分点"),
    # 30% is 20 points behind: not more than 20 → yellow (more than 10)
    (date(2021, 7, 2), 30, False, Light.YELLOW, "落后序时进度20个百分点"),
    # 40% is 10 behind: not more than 10 → green
    (date(2021, 7, 2), 40, False, Light.GREEN, "按序时推进"),
    # no report at all counts as 0%
    (date(2021, 7, 2), None, False, Light.RED, "落后序时进度50个百分点"),
    # due within 15 days and not done → yellow even when on schedule
    (date(2021, 12, 20), 99, False, Light.YELLOW, "距完成时限11天"),
    (date(2021, 12, 16), 99, False, Light.YELLOW, "距完成时限15天"),
    (date(2021, 12, 15), 99, False, Light.GREEN, "按序时推进"),
    # early in the year nothing is behind
    (date(2021, 1, 10), None, False, Light.GREEN, "按序时推进"),
])
def test_lights_default_rules(today, percent, done, light, why):
    got = assess(start=YEAR[0], due=YEAR[1], percent=percent, done=done, today=today, rules=Rules())
    assert got.light is light
    assert why in got.reasons


def test_lights_defaults_come_from_the_data_file():
    assert default_rules() == Rules(red_behind=20, yellow_days=15, yellow_behind=10, stall_days=45)


@pytest.mark.parametrize("values, light", [
    ({"red_behind": 30}, Light.YELLOW),     # 25 behind is no longer red
    ({"red_behind": 30, "yellow_behind": 26}, Light.GREEN),
    ({}, Light.RED),
])
def test_lights_overrides_move_the_thresholds(values, light):
    rules = with_overrides(Rules(), values)
    assert assess(start=YEAR[0], due=YEAR[1], percent=25, done=False, today=date(2021, 7, 2), rules=rules).light is light


@pytest.mark.parametrize("values", [{"nope": 1}, {"red_behind": "x"}, {"red_behind": -1},
                                    {"yellow_behind": 30}])
def test_lights_bad_overrides_are_refused(values):
    with pytest.raises(LuoshiError):
        with_overrides(Rules(), values)


@pytest.mark.parametrize("start, due, today, share", [
    (date(2021, 1, 1), date(2021, 12, 31), date(2020, 12, 1), 0),
    (date(2021, 1, 1), date(2021, 12, 31), date(2022, 3, 1), 100),
    (date(2021, 1, 1), date(2021, 6, 30), date(2021, 4, 1), 50),
    (date(2021, 6, 30), date(2021, 6, 30), date(2021, 6, 30), 100),
])
def test_lights_elapsed_share(start, due, today, share):
    assert elapsed_share(start, due, today) == share


def test_lights_description_shows_the_numbers():
    text = " ".join(s for _, s in describe(with_overrides(Rules(), {"red_behind": 25})))
    assert "25个百分点" in text and "15天" in text


@pytest.mark.parametrize("percent, verdict, last_report, today, process, light", [
    (None, None, None, date(2021, 1, 10), "未启动", "green"),
    (None, None, None, date(2021, 7, 2), "滞后", "red"),
    (45, None, date(2021, 6, 30), date(2021, 7, 2), "推进中", "green"),
    (45, None, date(2021, 4, 1), date(2021, 7, 2), "停滞", "green"),       # no report for > 45 days
    (45, None, date(2021, 6, 30), date(2022, 1, 2), "滞后", "red"),        # overdue
    (100, None, date(2021, 6, 30), date(2022, 1, 2), "已完成", "green"),
    (60, "基本完成", date(2021, 6, 30), date(2022, 1, 2), "已完成", "green"),
    (60, "部分完成", date(2021, 6, 30), date(2022, 1, 2), "滞后", "red"),
])
def test_lights_process_status_follows_the_light(percent, verdict, last_report, today, process, light):
    from datetime import datetime

    from luoshi.track import derive
    row = {"start": date(2021, 1, 1), "due": date(2021, 12, 31), "percent": percent, "verdict": verdict,
           "last_report_at": datetime.combine(last_report, datetime.min.time()) if last_report else None}
    got = derive(row, today, default_rules())
    assert (got["process"], got["light"]) == (process, light)
