"""Figures with their metric, read the same way in plans and reviews."""
from pathlib import Path

import pytest

from luoshi.plan_targets import figures, similarity

CASES = [line.split("\t") for line in
         (Path(__file__).parent / "cases/reconcile/figures.tsv").read_text(encoding="utf-8").splitlines()
         if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("clause,text,value,unit,modifier,metric,growth,source", CASES, ids=[c[7] for c in CASES])
def test_figure_is_read_with_its_metric(clause, text, value, unit, modifier, metric, growth, source):
    found = [f for f in figures(clause) if f.text == text]
    assert found, [f.text for f in figures(clause)]
    f = found[0]
    assert clause[f.start:f.end] == f.text
    assert (f.value, f.unit, f.modifier, f.metric, f.growth) == (float(value), unit, modifier, metric, growth == "1")


@pytest.mark.parametrize("clause", ["总投资152.8亿元的32个重点项目", "力争引进1个投资100亿元以上的大项目"])
def test_a_figure_sizing_a_thing_is_attributive(clause):
    assert any(f.attributive for f in figures(clause))


@pytest.mark.parametrize("text", ["推进5G网络建设", "完善12345政务服务热线", "PM2.5浓度", "到2025年", "第一批试点",
                                  "选派第一书记"])
def test_names_and_years_are_not_figures(text):
    assert figures(text) == []


def test_second_figure_of_a_pair_shares_the_verb():
    f = figures("城乡居民人均可支配收入分别达到42469元和26000元，分别同比增长5.8%和6.8%")
    assert [x.metric for x in f] == ["城乡居民人均可支配收入"] * 4
    assert [x.growth for x in f] == [False, False, True, True]


@pytest.mark.parametrize("a,b,same", [
    ("国内生产总值", "地区生产总值", True),            # synonyms
    ("新增科技型中小企业", "新增省级科技型中小企业", True),  # level word dropped
    ("宜居宜业和美乡村", "省级和美乡村", True),
    ("宜居宜业和美乡村", "县级宜居宜业和美乡村示范区", False),  # a different head noun
    ("城镇登记失业率", "城镇调查失业率", False),
    ("专精特新中小企业", "创新型中小企业", False),
    ("单位国内生产总值能耗", "国内生产总值", False),
    ("城镇调查失业率全年", "年末城镇调查失业率", True),     # times dropped
    ("改造老旧小区", "完成老旧小区改造", True),             # the act around the thing dropped
])
def test_metric_similarity(a, b, same):
    assert (similarity(a, b) >= 0.55) is same, similarity(a, b)


def test_the_closer_metric_wins():
    target = "大型商业银行普惠小微企业贷款"
    assert similarity(target, "大型商业银行普惠小微企业贷款") > similarity(target, "银行业金融机构普惠小微企业贷款")


@pytest.mark.parametrize("text,value", [("三", 3), ("十", 10), ("十二", 12), ("二十", 20), ("两", 2), ("12", 12),
                                        ("百", None)])
def test_cn_number(text, value):
    from luoshi.plan_targets import cn_number
    assert cn_number(text) == value
