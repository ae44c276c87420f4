"""Table-driven cases for the outline: labels, heading roles, small reports
(tests/cases/structure/*.toml, each case with its source)."""
import tomllib
from pathlib import Path

import pytest

from luoshi.model import Role
from luoshi.structure import clauses, find_government, find_title, heading_role, line_label, outline, sentences

CASES = Path(__file__).parent / "cases" / "structure"


def load(name: str) -> list[dict]:
    with open(CASES / name, "rb") as f:
        return tomllib.load(f)["case"]


@pytest.mark.parametrize("case", load("labels.toml"), ids=lambda c: c["line"][:12])
def test_structure_line_label(case):
    lab = line_label(case["line"])
    if not case["style"]:
        assert lab is None
        return
    assert (lab.style, lab.number, lab.text) == (case["style"], case["number"], case["text"])
    assert case["line"][lab.title_start:] == case["title"]


@pytest.mark.parametrize("case", load("headings.toml"), ids=lambda c: c["heading"][:14])
def test_structure_heading_role(case):
    review, plan = case["years"]
    assert heading_role(case["heading"], case.get("body", ""), review, plan) == Role(case["role"])


def render(st) -> list[str]:
    out = []

    def walk(items, depth):
        for it in items:
            out.append(f"{'  ' * depth}{it.label} {it.title.rstrip('。')}")
            walk(it.children, depth + 1)
    for s in st.sections:
        out.append(f"{s.id} {s.label}")
        walk(s.items, 1)
    return out


@pytest.mark.parametrize("case", load("outlines.toml"), ids=lambda c: c["name"])
def test_structure_outline_case(case):
    st = outline(case["text"])
    assert render(st) == case["expect"]
    if "sections" in case:
        assert [f"{s.id} {s.role} {s.year} {s.title}" for s in st.sections] == case["sections"]
    if "topics" in case:
        got = [t.text for s in st.sections for it in s.items for t in it.topics]
        assert got == case["topics"]


@pytest.mark.parametrize("text, want", [
    ("增长6.1%。城镇新增就业1352万人；调查失业率5%", ["增长6.1%。", "城镇新增就业1352万人；", "调查失业率5%"]),
    ("落实“外防输入、内防反弹。”总策略;强化监测", ["落实“外防输入、内防反弹。”总策略;", "强化监测"]),
    ("继续服务企业。;对12家企业实施行动", ["继续服务企业。;", "对12家企业实施行动"]),
    ("发展新动能！\n改革开放？", ["发展新动能！", "改革开放？"]),
])
def test_structure_sentences(text, want):
    got = sentences(text)
    assert [s.text for s in got] == want
    assert all(text[s.start:s.end] == s.text for s in got)


@pytest.mark.parametrize("text, want", [
    ("2022年,围绕“科技创新,先进制造”的特色,想方设法。", ["2022年", "围绕“科技创新,先进制造”的特色", "想方设法"]),
    ("投资1,200亿元，增长5%；完成", ["投资1,200亿元", "增长5%", "完成"]),
])
def test_structure_clauses(text, want):
    assert [c.text for c in clauses(text)] == want


@pytest.mark.parametrize("case", load("government.toml"), ids=lambda c: c["source"])
def test_structure_government_and_title(case):
    assert (find_government(case["text"]) or "") == case["government"]
    assert (find_title(case["text"]) or "") == case["title"]


@pytest.mark.parametrize("text, years", [
    ("政府工作报告\n——2020年12月27日在兴文县第十六届人民代表大会第六次会议上\n各位代表：", (2020, 2021)),
    ("政府工作报告\n——2024年1月23日在重庆市巴南区木洞镇第二十届\n各位代表：", (2023, 2024)),
    ("南城街道2023年工作计划\n\n紧紧围绕党的二十大新部署新要求。", (2022, 2023)),
    ("西溪街道2021年工作总结和2022年工作思路\n\n2021年是“十四五”规划开局之年。", (2021, 2022)),
    # excerpts/025 donggang: no title, undated headings; the opening line says what it reviews
    ("2022年，东港街道狠抓落实、奋力攻坚。现将我街道今年工作总结报告如下：\n一、沉心静气、真抓实干，经济社会稳步发展", (2022, 2023)),
    ("2023年，我们将全力推进项目建设，现将今年工作计划报告如下：\n一、全力以赴稳增长", (2022, 2023)),
])
def test_structure_years_without_headings(text, years):
    st = outline(text)
    assert (st.review_year, st.plan_year) == years
