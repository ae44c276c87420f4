"""Table-driven cases for tasks: main verb and strength of a clause, the
commitments of a sentence, deadlines and due dates (tests/cases/tasks/*.toml,
each case with its source)."""
import tomllib
from pathlib import Path

import pytest

from luoshi import deadlines, tasks
from luoshi.model import Item, Role, Section, Span, Structure

CASES = Path(__file__).parent / "cases" / "tasks"


def load(name: str) -> list[dict]:
    with open(CASES / name, "rb") as f:
        return tomllib.load(f)["case"]


@pytest.mark.parametrize("case", load("verbs.toml"), ids=lambda c: c["clause"][:12])
def test_tasks_main_verb_and_strength(case):
    verb, start, end, strength = tasks.main_verb(case["clause"])
    assert (verb, strength.value) == (case["verb"], case["strength"])
    assert case["clause"][start:end] == verb


@pytest.mark.parametrize("case", load("segments.toml"), ids=lambda c: c["sentence"][:12])
def test_tasks_sentence_commitments(case):
    s = case["sentence"]
    got = [s[a:b] for sent in tasks.sentences(s, 0, len(s)) for a, b, _ in tasks.groups(s, sent)]
    assert got == case["tasks"]


@pytest.mark.parametrize("case", load("deadlines.toml"), ids=lambda c: c["text"][:12])
def test_tasks_deadline_and_due(case):
    found = deadlines.find(case["text"], tasks.rules().verbs)
    assert (found.text if found else "") == case["deadline"]
    if found:
        assert (deadlines.due(found.text, case["year"]) or "") == case["due"]
        assert case["text"][found.start:found.end] == found.text


PLAN = "二、2022年工作安排\n一是做好招商引资工作。增强政府企业服务功能。由区商务局牵头，年底前建立重点企业服务机制，推动6家企业上市。\n"


def plan_outline(text: str) -> Structure:
    """A hand-made outline of PLAN: one plan section, one item, one topic."""
    item_start = text.index("一是")
    title = "做好招商引资工作"
    topic = "增强政府企业服务功能"
    item = Item(label="一是", title=title, start=item_start, end=len(text) - 1,
                title_start=text.index(title), title_end=text.index(title) + len(title),
                topics=(Span(topic, text.index(topic), text.index(topic) + len(topic)),))
    section = Section(id="plan", label="二", title="2022年工作安排", role=Role.PLAN, start=0,
                      end=len(text), heading_start=0, heading_end=text.index("\n"), items=(item,))
    return Structure(sections=(section,), plan_year=2022)


def test_tasks_fields_from_outline():
    found = tasks.extract(PLAN, plan_outline(PLAN), (), (), government="东城街道")
    texts = [t.text for t in found]
    assert texts == ["增强政府企业服务功能", "由区商务局牵头，年底前建立重点企业服务机制", "推动6家企业上市"]
    lead = found[1]
    assert lead.area == "一是 做好招商引资工作" and lead.topic == "增强政府企业服务功能"
    assert (lead.verb, lead.deadline, lead.due, lead.lead_unit) == ("建立", "年底前", "2022-12-31", "区商务局")
    assert all(PLAN[t.start:t.end] == t.text for t in found)


def test_tasks_ids_are_stable_and_distinct():
    outline = plan_outline(PLAN)
    first = tasks.extract(PLAN, outline, (), (), government="东城街道")
    again = tasks.extract(PLAN, outline, (), (), government="东城街道")
    other = tasks.extract(PLAN, outline, (), (), government="南城街道")
    assert [t.id for t in first] == [t.id for t in again]
    assert len({t.id for t in first}) == len(first)
    assert not {t.id for t in first} & {t.id for t in other}


def test_tasks_only_plan_sections():
    outline = plan_outline(PLAN)
    review = Structure(sections=(Section(**{**{f: getattr(outline.sections[0], f) for f in Section.__slots__},
                                            "role": Role.REVIEW}),), plan_year=2022)
    assert tasks.extract(PLAN, review, (), ()) == ()


@pytest.mark.parametrize("case", load("units.toml"), ids=lambda c: c["text"][:12])
def test_tasks_lead_and_support_units(case):
    assert (tasks.lead_unit(case["text"]) or "") == case["lead"]
    assert list(tasks.support_units(case["text"])) == case["support"]


def test_tasks_preamble_is_taken_a_sentence_at_a_time():
    text = "二、2022年工作安排\n2022年，街道将加强统筹，推进改革，综合考虑了各方面因素，提升服务。主要做好以下工作：\n" + PLAN.split("\n", 1)[1]
    found = tasks.extract(text, plan_outline(text), (), ())
    preamble = [t.text for t in found if t.area is None]
    # the 了 statement is dropped and keeps the clauses on either side apart
    assert preamble == ["2022年，街道将加强统筹，推进改革", "提升服务"]
    assert [t.text for t in found if t.area] == ["增强政府企业服务功能", "由区商务局牵头，年底前建立重点企业服务机制", "推动6家企业上市"]


def bare_plan(sentence: str) -> tuple[str, Structure]:
    """A plan section with no items holding one sentence after its heading."""
    text = "二、2024年工作安排\n" + sentence + "\n"
    heading_end = text.index("\n")
    section = Section(id="plan", label="二", title="2024年工作安排", role=Role.PLAN, start=0, end=len(text),
                      heading_start=0, heading_end=heading_end)
    return text, Structure(sections=(section,), plan_year=2024)


@pytest.mark.parametrize("case", load("scope.toml"), ids=lambda c: c["sentence"][:12])
def test_tasks_strength_marker_scopes_over_its_series(case):
    text, outline = bare_plan(case["sentence"])
    found = tasks.extract(text, outline, (), ())
    assert [[t.text, t.strength.value] for t in found] == case["tasks"]


@pytest.mark.parametrize("label,style,area", [
    ("——", "——", "推动绿色发展"),               # a dash bullet (corpus 003): no bare dash in the area
    ("", "¶", "推动绿色发展"),                   # a paragraph lead (corpus 002): no leading space
    ("（二）", "（一）", "（二） 推动绿色发展"),
])
def test_tasks_area_of_bullets_and_paragraph_leads(label, style, area):
    text = f"二、2024年工作安排\n{label}推动绿色发展。加强山水林田湖草系统治理。\n"
    title_start = text.index("推动")
    item = Item(label=label, title="推动绿色发展", start=text.index("\n") + 1, end=len(text) - 1,
                title_start=title_start, title_end=title_start + 6, style=style)
    section = Section(id="plan", label="二", title="2024年工作安排", role=Role.PLAN, start=0, end=len(text),
                      heading_start=0, heading_end=text.index("\n"), items=(item,))
    found = tasks.extract(text, Structure(sections=(section,), plan_year=2024), (), ())
    assert [(t.text, t.area) for t in found] == [("加强山水林田湖草系统治理", area)]
