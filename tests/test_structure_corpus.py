"""Every corpus report yields a sane outline: a review and a plan part, spans
that slice back to their text, items inside their parents and numbered
consecutively, the sample's outline as annotated."""
import json
import re
from dataclasses import asdict

import pytest

from conftest import shared_or_skip
from luoshi.model import Role
from luoshi.structure import cn_number, outline

def corpus_files():
    try:
        return sorted((shared_or_skip() / "corpus").glob("*.txt"))
    except BaseException:          # skipped or failed: collected as one skip
        return []


def _number(item):
    return cn_number(re.sub(r"[（()）第是]", "", item.label))


def walk(items, parent_start, parent_end, text, problems, where):
    runs: dict[str, list[int]] = {}
    for it in items:
        if not (parent_start <= it.start < it.end <= parent_end):
            problems.append(f"{where}: {it.label} {it.start}-{it.end} outside {parent_start}-{parent_end}")
        if text[it.title_start:it.title_end] != it.title:
            problems.append(f"{where}: title of {it.label} does not slice")
        if it.style not in ("首先", "——", "¶"):          # bullets and led paragraphs are not counted
            runs.setdefault(it.style, []).append(_number(it))
        for t in it.topics:
            if text[t.start:t.end] != t.text or not (it.start <= t.start < t.end <= it.end):
                problems.append(f"{where}: topic {t.text} bad span")
        walk(it.children, it.start, it.end, text, problems, f"{where}/{it.label}")
    for style, nums in runs.items():
        # a style may restart once (a list after closing words), each run counts 1, 2, 3…
        starts = [i for i, n in enumerate(nums) if n == 1] or [0]
        for a, b in zip(starts, starts[1:] + [len(nums)]):
            run = nums[a:b]
            if run != list(range(run[0], run[0] + len(run))):
                problems.append(f"{where}: {style} numbered {run}")


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_structure_corpus_outline_is_sane(path):
    text = path.read_text(encoding="utf-8")
    st = outline(text)
    roles = {s.role for s in st.sections}
    assert Role.REVIEW in roles and Role.PLAN in roles
    assert st.review_year and st.plan_year == st.review_year + 1
    problems: list[str] = []
    last_end = -1
    for s in st.sections:
        assert last_end < s.start < s.end <= len(text) or s.start == 0, s.id
        last_end = s.end
        if s.heading_start is not None:
            assert s.start == s.heading_start < s.heading_end <= s.end
        if s.preamble:
            assert text[s.preamble.start:s.preamble.end] == s.preamble.text
        walk(s.items, s.start, s.end, text, problems, s.id)
    assert not problems, problems[:5]
    for span in st.sentences[::7] + st.clauses[::11]:
        assert text[span.start:span.end] == span.text


def test_structure_corpus_national_parts_are_review_then_plan(shared):
    text = (shared / "corpus" / "004_national_guowuyuan_2022.txt").read_text(encoding="utf-8")
    st = outline(text)
    parts = [(s.label, s.role) for s in st.sections if s.label]
    assert parts == [("一", Role.REVIEW), ("二", Role.PLAN), ("三", Role.PLAN)]
    tasks = st.sections[3]
    assert [i.label for i in tasks.items] == [f"（{n}）" for n in "一二三四五六七八九"]
    assert st.sections[-1].id == "trailer" and st.sections[-1].role == Role.OTHER


def test_structure_sample_matches_the_gold(shared):
    """The gold's sections, items and topics by start offset (the scorer's rule, ±3)."""
    gold_dir = shared / "gold" / "dongcheng-2021"
    text = (gold_dir / "report.txt").read_text(encoding="utf-8")
    gold = json.loads((gold_dir / "structure.json").read_text(encoding="utf-8"))
    st = outline(text)

    def starts(sections):
        out = []
        for s in sections:
            if s.get("label"):
                out.append(s.get("heading_start", s["start"]))
            for it in s.get("items", []):
                out.append(it["start"])
                out.extend(t["start"] for t in it.get("topics", []))
        return out

    got = starts([asdict(s) for s in st.sections])
    want = starts(gold["sections"])
    hits = sum(1 for w in want if any(abs(w - g) <= 3 for g in got))
    precision, recall = hits / len(got), hits / len(want)
    assert 2 * precision * recall / (precision + recall) >= 0.95
    ids = [s.id for s in st.sections]
    assert ids == ["intro", "review", "plan", "trailer"]
    assert (st.review_year, st.plan_year) == (2021, 2022)
    plan = st.sections[2]
    assert plan.preamble and plan.preamble.start == 2740 and plan.preamble.end == 2825


def test_structure_corpus_years_match_the_index(shared):
    """The years reviewed and planned agree with the corpus index (its leading year:
    "2019 (and early 2020)" reviews 2019)."""
    wrong = []
    for line in (shared / "corpus" / "index.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        st = outline((shared / "corpus" / row["file"]).read_text(encoding="utf-8"))
        want = tuple(int(str(row[k])[:4]) for k in ("reviews", "plans"))
        if (st.review_year, st.plan_year) != want:
            wrong.append((row["file"], want, (st.review_year, st.plan_year)))
    assert not wrong
