"""Task verdict words and evidence retrieval (luoshi.evidence)."""
import pytest

from luoshi.evidence import Index, Segment, completion, repeated_act, segments


@pytest.mark.parametrize("clause,task,word", [
    ("成功举办进博会、广交会、服贸会及首届消博会等重大展会", "办好进博会、广交会", "举办"),
    ("推动区域全面经济伙伴关系协定生效实施", "推动区域全面经济伙伴关系协定尽早生效实施", "生效"),   # follows its subject
    ("区人代会确定的20项民生实事基本完成", "把实事办实、好事办好", None),                      # softened
    ("全年地区生产总值完成176.6亿元", "地区生产总值增长7%", None),                          # a statistic
    ("保定市农业产业有限公司牵头设立产业引导基金", "发挥农业产业公司作用", None),              # another act
    ("隆重庆祝中国共产党成立一百周年", "以优异成绩庆祝中国共产党成立100周年", None),          # inside a name
    ("完成殡葬管理所二期建设", "完成殡葬管理所改（扩）建二期工程", "完成"),
])
def test_completion_word(clause, task, word):
    assert completion(clause, task) == word


@pytest.mark.parametrize("task,clause,act", [
    ("扎实开展党史学习教育", "开展党史学习教育", "开展"),
    ("深入实施国企改革三年行动", "深入实施国企改革三年行动", None),    # 实施 is open-ended
    ("严格落实“三重一大”集体决策", "《“三重一大”集体决策制度实施办法》", None),
])
def test_repeated_act(task, clause, act):
    assert repeated_act(task, clause) == act


def test_search_ranks_the_segment_naming_the_object_first():
    text = "推进要素市场化配置等改革。深入实施国企改革三年行动。支持民营企业健康发展。"
    idx = Index(segments(text, 0, len(text)), [Segment("开展国企改革", 0, 6)])
    score, i, _ = idx.search_parts("深入实施国企改革三年行动")[0]
    assert idx.segs[i].text == "深入实施国企改革三年行动" and score == pytest.approx(1.0)


@pytest.mark.parametrize("task,campaign", [
    ("实施“开发区实力倍增计划”", True),
    ("开展“招商引资突破年”行动", True),
    ("深入开展人居环境、基础设施、智能管理提升“三大行动”", True),
    ("在建工地严格落实“六个百分之百”和“两个全覆盖”", False),
    ("力争更多项目列入省“千项技改”项目库", False),
    ("开展粮食节约行动", False),
])
def test_named_campaigns_have_a_lower_mention_bar(task, campaign):
    from luoshi.evidence import mention_bar, rules
    assert (mention_bar(task) < rules()["task"]["mention"]) is campaign
