"""Target verdicts by the target's wording, and actuals found or not."""
import pytest

from luoshi.model import Document
from luoshi.plan_targets import figures
from luoshi.reconcile import reconcile, verdict


def target(clause: str):
    return figures(clause)[0]


@pytest.mark.parametrize("clause,actual,support,expected", [
    ("国内生产总值增长6%以上", 8.1, None, "met"),
    ("国内生产总值增长6%以上", 5.5, None, "not_met"),
    ("地区生产总值增长7%", 5.5, None, "not_met"),           # point: actual ≥ target
    ("新增设施农业2万亩", 1.27, None, "not_met"),
    ("城镇调查失业率5.5%左右", 5.1, None, "met"),            # within ±10%
    ("居民消费价格涨幅3%左右", 0.9, None, "not_met"),         # outside the band …
    ("居民消费价格涨幅3%左右", 0.9, ("主要宏观经济指标符合预期", 0, 1), "met"),  # … unless the report says so
    ("城镇登记失业率4.5%以内", 3.6, None, "met"),
    ("城镇登记失业率控制在4.5%以内", 4.8, None, "not_met"),
    ("国内生产总值增长6%－6.5%", 6.1, None, "met"),
    ("国内生产总值增长6%－6.5%", 6.9, None, "not_met"),
])
def test_verdict_by_wording(clause, actual, support, expected):
    assert verdict(target(clause), actual, support)[0] == expected


PLAN = """政府工作报告
——2023年1月5日在某某县第一届人民代表大会第一次会议上
某某县人民政府县长
一、2022年工作回顾
去年地区生产总值增长4%。
二、2023年工作目标和主要任务
全县经济社会发展的预期目标是：地区生产总值增长7%，城镇新增就业3000人以上，新增高新技术企业10家，单位地区生产总值能耗降低3%左右。
（一）抓项目。完成魏村路路域环境整治，开展“招商引资突破年”行动，谋划全民健身中心项目。
"""
LATER = """政府工作报告
——2024年1月6日在某某县第一届人民代表大会第二次会议上
某某县人民政府县长
一、2023年工作回顾
全年地区生产总值完成100亿元，同比增长7.5%；城镇新增就业2800人。高新技术企业达到120家。
完成魏村路路域环境整治提升。招商引资成效明显，签约项目35个。
二、2024年工作目标和主要任务
地区生产总值增长6%，能耗降低3%。
"""


@pytest.fixture
def result():
    return reconcile(Document(text=PLAN), Document(text=LATER))


def test_headers(result):
    assert (result["plan"]["year"], result["later"]["year"]) == (2023, 2024)
    assert result["plan"]["government"] == result["later"]["government"] == "某某县"


@pytest.mark.parametrize("plan_text,verdict_,actual_text", [
    ("7%", "met", "7.5%"),
    ("3000人以上", "not_met", "2800人"),
    ("10家", "not_reported", None),          # a stock (达到120家) does not answer a flow target
    ("3%左右", "not_reported", None),         # the later plan's 能耗降低3% is not the review
])
def test_targets_against_the_review(result, plan_text, verdict_, actual_text):
    t = next(t for t in result["targets"] if t["plan_text"] == plan_text)
    assert (t["verdict"], t["actual_text"]) == (verdict_, actual_text)
    assert PLAN[t["plan_start"]:t["plan_end"]] == plan_text
    if actual_text:
        assert LATER[t["actual_start"]:t["actual_end"]] == actual_text


@pytest.mark.parametrize("task,expected", [
    ("完成魏村路路域环境整治", "done"),
    ("谋划全民健身中心项目", "not_mentioned"),
])
def test_task_verdicts(result, task, expected):
    t = next(t for t in result["tasks"] if t["task_text"] == task)
    assert t["verdict"] == expected
    for e in t["evidence"]:
        assert LATER[e["start"]:e["end"]] == e["text"]


def test_a_flow_from_two_stocks():
    plan = PLAN.replace("去年地区生产总值增长4%。", "去年地区生产总值增长4%，高新技术企业总数达到100家。") \
               .replace("新增高新技术企业10家", "新增高新技术企业20家")
    later = LATER.replace("高新技术企业达到120家", "高新技术企业总数达到125家")
    t = next(t for t in reconcile(Document(text=plan), Document(text=later))["targets"] if t["plan_text"] == "20家")
    assert (t["verdict"], t["actual_value"], t["actual_text"], t["base_text"]) == ("met", 25, "125家", "100家")


def test_a_list_under_one_flow_word_is_no_stock():
    f = figures("新增省级单项冠军企业4家、规模以上工业企业21家")
    assert [x.flow for x in f] == [True, True]


def test_five_year_paragraphs_do_not_answer_the_plan_year():
    later = LATER.replace("一、2023年工作回顾\n", "一、过去一年和五年工作回顾\n过去五年，我们砥砺奋进。城镇新增就业3500人。\n")
    t = next(t for t in reconcile(Document(text=PLAN), Document(text=later))["targets"]
             if t["plan_text"] == "3000人以上")
    assert t["actual_text"] == "2800人"


def test_a_part_of_the_year_does_not_answer_the_year():
    later = LATER.replace("全年地区生产总值完成100亿元，同比增长7.5%；", "上半年地区生产总值增长8%；")
    t = next(t for t in reconcile(Document(text=PLAN), Document(text=later))["targets"] if t["plan_text"] == "7%")
    assert t["verdict"] == "not_reported"
