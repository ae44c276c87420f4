"""Tasks on real reports: the dev gold's bars (shared/gold/dongcheng-2021,
scored by shared/tools/score.py) and sanity on every corpus report."""
import importlib.util
import random
import re
from dataclasses import asdict

import pytest

from conftest import shared_or_skip
from luoshi import pipeline, tasks
from luoshi.model import Role

# What a review sentence says and a commitment does not: past 了, 已…完成.
REVIEW_CUES = re.compile(r"(?<![为除])了(?![解结之就却])|已(?:经)?(?:基本|全面|顺利)?(?:完成|建成|实现|取得)")


def scorer():
    spec = importlib.util.spec_from_file_location("score", shared_or_skip() / "tools" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_tasks_dev_gold_bars(shared):
    gold = shared / "gold" / "dongcheng-2021"
    doc = pipeline.read(gold / "report.txt")
    result = scorer().score(gold, {"tasks": [asdict(t) for t in doc.tasks]}, 0)
    assert result["task_f1"] >= 0.95            # the bar is 0.90; this holds the gain
    assert result["task_strength_acc"] >= 0.95
    assert result["task_deadline_acc"] >= 0.98
    assert result["span_errors"] == 0


@pytest.fixture(scope="module")
def corpus():
    folder = shared_or_skip() / "corpus"
    return {p.name: pipeline.read(p) for p in sorted(folder.glob("*.txt"))}


def test_tasks_every_plan_section_yields_valid_tasks(corpus):
    for name, doc in corpus.items():
        plans = [s for s in doc.structure.sections if s.role == Role.PLAN]
        assert plans, name
        for s in plans:
            assert any(s.start <= t.start < s.end for t in doc.tasks), (name, s.title)
        for t in doc.tasks:
            assert doc.text[t.start:t.end] == t.text, (name, t)
            assert doc.structure.section_at(t.start).role == Role.PLAN, (name, t.text)
        assert len({t.id for t in doc.tasks}) == len(doc.tasks), name


def test_tasks_no_review_sentence_becomes_a_task(corpus):
    rng = random.Random(4)
    for name, doc in corpus.items():
        review = [s for s in doc.structure.sections if s.role == Role.REVIEW]
        sentences = [(a, b) for s in review for a, b in tasks.sentences(doc.text, s.start, s.end)]
        for a, b in rng.sample(sentences, min(40, len(sentences))):
            assert not any(t.start < b and a < t.end for t in doc.tasks), (name, doc.text[a:b])
        for t in doc.tasks:
            assert not REVIEW_CUES.search(t.text), (name, t.text)


def test_tasks_strengths_and_deadlines_occur(corpus):
    found = [t for doc in corpus.values() for t in doc.tasks]
    kinds = {str(t.strength) for t in found}
    assert kinds == {"must", "aim", "explore", "do"}
    dated = [t for t in found if t.due]
    assert dated and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", t.due) for t in dated)
