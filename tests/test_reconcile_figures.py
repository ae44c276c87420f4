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


@pytest.mark.parametrize("clause,text,value", [("力争主要经济指标增速进入全省前三", "前三", 3),
                                               ("综合排名进入全市前10名", "前10名", 10)])
def test_a_top_place_is_a_ceiling(clause, text, value):
    f = [x for x in figures(clause) if x.text == text]
    assert f and (f[0].value, f[0].modifier) == (value, "at_most"), figures(clause)


def test_a_part_of_the_year_is_no_place():
    assert not [f for f in figures("全市前三季度地区生产总值增长5%") if f.base == "位次"]


@pytest.mark.parametrize("clause,text,modifier,value,decline,scope", [
    ("普惠小微贷款覆盖率近80%", "近80%", "around", 80, False, False),     # nearly: a goal "about" it
    ("单位地区生产总值能耗下降2.6%", "2.6%", "point", 2.6, True, False),    # the pipeline's sign is a fall
    ("对年应纳税所得额不到100万元的部分", "不到100万元", "at_most", 100, False, True),   # a policy scope
    ("新增城镇就业1000多人", "1000多人", "at_least", 1000, False, False),   # 多: more than
    ("加强3岁以下婴幼儿照护服务", "3岁以下", "at_most", 3, False, True),     # an age bracket names a group
    ("人均预期寿命达到79岁", "79岁", "point", 79, False, False),
])
def test_wording_from_the_pipeline_qualifier(clause, text, modifier, value, decline, scope):
    f = [x for x in figures(clause) if x.text == text]
    assert f, [x.text for x in figures(clause)]
    assert (f[0].modifier, f[0].value, f[0].decline, f[0].scope) == (modifier, value, decline, scope)


def test_a_policy_period_is_no_figure():
    assert figures("对脱贫县从脱贫之日起设立5年过渡期") == []
