"""The report parts the indicators fall back on when the outline has no sections."""
import pytest

from luoshi.model import Structure
from luoshi.report_parts import parts, review_year_of

CASES = [
    ("headings with years", "报告正文\n一、2021年主要工作\n甲。\n二、2022年工作安排\n乙。",
     [("intro", 2021), ("review", 2021), ("plan", 2022)]),
    ("a title naming both parts is no heading", "西溪街道2021年工作总结和2022年工作思路\n\n一、2021年工作回顾\n甲。",
     [("intro", 2021), ("review", 2021)]),
    ("unnumbered review heading, year from the byline", "——2020年1月4日在太仓市人民代表大会上\n各位代表：\n政府工作回顾\n甲。",
     [("intro", 2019), ("review", 2019)]),
    ("no keyword: the first 一、 starts the review", "2022年，街道稳步发展。\n一、沉心静气、真抓实干\n甲。",
     [("intro", 2022), ("review", 2022)]),
    ("a plan alone", "二、2023年工作计划\n乙。", [("plan", 2023)]),
]


@pytest.mark.parametrize("text, want", [pytest.param(t, w, id=n) for n, t, w in CASES])
def test_parts_from_headings(text, want):
    assert [(p.name, p.year) for p in parts(text, Structure())] == want


@pytest.mark.parametrize("text, year", [
    ("（2018年12月26日在兴文县人民代表大会上）", 2018),   # a December meeting reviews its own year
    ("——2022年6月24日在调风镇人民代表大会上", 2021),
    ("木洞镇人民政府\n2024年政府工作报告", 2023),
    ("没有年份", None),
])
def test_review_year_from_byline_or_title(text, year):
    assert review_year_of(text) == year


@pytest.mark.parametrize("heading, span", [
    ("广东省政府工作报告（2023年1月12日）\n一、过去五年工作回顾\n甲。", (2018, 2022)),
    ("——2020年12月27日在兴文县人民代表大会上\n“十三五”发展成就和2020年工作回顾\n甲。", (2016, 2020)),
    ("一、2021年工作回顾\n甲。", None),
])
def test_multi_year_review(heading, span):
    review = [p for p in parts(heading, Structure()) if p.name == "review"][0]
    assert review.multi_year == span
