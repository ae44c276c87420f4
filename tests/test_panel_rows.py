import pytest

from luoshi.panel import canonical_metric, panel_rows


@pytest.mark.parametrize("phrase,canon", [
    ("GDP", "地区生产总值"), ("全市地区生产总值", "地区生产总值"), ("国内生产总值", "地区生产总值"),
    ("规上工业增加值", "规模以上工业增加值"), ("“社零总额”", "社会消费品零售总额"), ("人均绿地", "人均绿地"),
])
def test_panel_canonical_metric(phrase, canon):
    assert canonical_metric(phrase) == canon


def test_panel_rows_merge_actual_growth_and_target():
    docs = [{"sha256": "a", "government": "甲市", "level": "city", "year": 2022, "review_year": 2021,
             "plan_year": 2022}]
    q = [
        {"sha256": "a", "start": 10, "end": 15, "text": "670亿元", "value": 6.7e10, "unit": "元",
         "metric": "地区生产总值", "kind": "actual", "period": "2021", "firmness": None},
        {"sha256": "a", "start": 20, "end": 24, "text": "6.5%", "value": 6.5, "unit": "%",
         "metric": "GDP", "kind": "growth", "period": "2021", "firmness": None},
        {"sha256": "a", "start": 900, "end": 904, "text": "6%左右", "value": 6, "unit": "%",
         "metric": "生产总值", "kind": "target", "period": "2022", "firmness": "左右"},
        {"sha256": "a", "start": 950, "end": 954, "text": "3%", "value": 3, "unit": "%",
         "metric": "城镇调查失业率", "kind": "target", "period": "2022", "firmness": None},
    ]
    rows = panel_rows(docs, q, "GDP")
    assert [(r["year"], r["actual"], r["growth"], r["target"], r["firmness"]) for r in rows] == [
        (2021, 6.7e10, 6.5, None, None), (2022, None, None, 6, "左右")]
    assert len(panel_rows(docs, q)) == 3
