"""Evidence for a plan's tasks in the later report's review, and a suggested
verdict: done / progress / not_mentioned.

Retrieval is a weighted character-bigram overlap (no model, no download): a
review segment's score is the share of the task's bigram weight it contains,
each bigram weighted by its inverse document frequency over the segments of
both reports; bigrams of generic plan words (推进, 加强, 工作…) weigh nothing,
so that what is left is the task's object (国企改革三年行动, 魏村路). A
completion word in the matched clause (建成, 出台, 举办…) makes it `done`."""
from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

from .plan_targets import alternation, rules

SEGMENT_END = "。！？!?；;\n"
CLAUSE_SPLIT = re.compile(r"[，,：:、]")
CJK = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{2}")
SHORT_NUMBER = re.compile(r"(?<!\d)\d{1,3}(?:[.．]\d+)?(?!\d)|\d+[.．]\d+")
LABEL = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+[、是]|\d+[.．、])")


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    start: int
    end: int


def segments(text: str, start: int, end: int, stops: str = SEGMENT_END) -> list[Segment]:
    """Stretches of text[start:end] between stop characters, trimmed."""
    out, a = [], start
    for i in range(start, end + 1):
        if i == end or text[i] in stops:
            s, e = a, i
            while s < e and text[s] in " \t　\r":
                s += 1
            if e - s >= 2:
                out.append(Segment(text[s:e], s, e))
            a = i + 1
    return out


def plan_clauses(text: str, start: int, end: int) -> list[Segment]:
    """Clauses of the plan section, as tasks when the pipeline gives none:
    every clause at ，；：with a few characters of content, labels stripped."""
    out = []
    for c in segments(text, start, end, SEGMENT_END + "，,：:"):
        m = LABEL.match(c.text)
        if m:
            c = Segment(c.text[m.end():], c.start + m.end(), c.end)
        if len(c.text) >= 4:
            out.append(c)
    return out


@lru_cache(maxsize=1)
def _generic() -> frozenset[str]:
    grams: set[str] = set()
    for w in rules()["task"]["generic"]:
        grams |= {w[i:i + 2] for i in range(len(w) - 1)}
    return frozenset(grams)


def grams(s: str) -> set[str]:
    """Character bigrams of words; figures are left out (600万亩 would match
    every 600), except long digit runs that name things (12345热线)."""
    s = SHORT_NUMBER.sub(" ", s)
    return {g for i in range(len(s) - 1) if CJK.fullmatch(g := s[i:i + 2])}


class Index:
    """Bigram postings over the review's segments, with weights from both texts."""

    def __init__(self, review: list[Segment], plan: list[Segment]):
        self.segs = review
        self.seg_grams = [grams(s.text) for s in review]
        df = Counter()
        for gs in self.seg_grams:
            df.update(gs)
        for p in plan:
            df.update(grams(p.text))
        n = len(review) + len(plan)
        generic = _generic()
        self.weight = defaultdict(lambda: math.log(n + 1))
        for g, k in df.items():
            self.weight[g] = 0.0 if g in generic else math.log((n + 1) / (k + 0.5))
        self.postings: dict[str, list[int]] = defaultdict(list)
        for i, gs in enumerate(self.seg_grams):
            for g in gs:
                self.postings[g].append(i)

    def search_parts(self, query: str, k: int = 3) -> list[tuple[float, int, set[str]]]:
        """The best segments for the whole query or any of its clauses: a task
        of two clauses is reported on when either is."""
        parts = [p for p in re.split(r"[，,；;：:]", query) if len(p) >= 4]
        best: dict[int, tuple[float, int, set[str]]] = {}
        for q in {query, *parts}:
            for hit in self.search(q, k):
                if hit[1] not in best or hit[0] > best[hit[1]][0]:
                    best[hit[1]] = hit
        return sorted(best.values(), key=lambda h: (-h[0], h[1]))[:k]

    def search(self, query: str, k: int = 3) -> list[tuple[float, int, set[str]]]:
        q = grams(query)
        total = sum(self.weight[g] for g in q)
        if total <= 0:
            return []
        hits: dict[int, float] = defaultdict(float)
        for g in q:
            w = self.weight[g]
            if w > 0:
                for i in self.postings.get(g, ()):
                    hits[i] += w
        ranked = sorted(hits.items(), key=lambda kv: (-kv[1], len(self.segs[kv[0]].text)))[:k]
        return [(s / total, i, q & self.seg_grams[i]) for i, s in ranked]


@lru_cache(maxsize=1)
def _words() -> dict[str, re.Pattern]:
    t = rules()["task"]
    return {"done": re.compile(alternation(t["completion_words"])),
            "soft": re.compile(f"(?:{alternation(t['modifier_words'])})$")}


def best_clause(seg: Segment, matched: set[str]) -> Segment:
    """The clause of a segment that holds most of the matched bigrams."""
    parts = segments(seg.text, 0, len(seg.text), "，,：:")
    if not parts:
        return seg
    best = max(parts, key=lambda p: len(grams(p.text) & matched))
    return Segment(best.text, seg.start + best.start, seg.start + best.end)


def completion(clause: str, task: str = "") -> str | None:
    """A completion word that reports the task's act done. Not one softened
    just before (基本完成); not 完成/实现 with an amount (完成176.6亿元 is a
    statistic); a transitive one (建成, 举办) only before the task's object,
    as Chinese puts the verb first (…公司牵头设立产业引导基金 is another act);
    none inside a name the task shares (庆祝中国共产党成立一百周年)."""
    w, t = _words(), rules()["task"]
    first = _first_shared(clause, task)
    for m in w["done"].finditer(clause):
        word, at = m.group(), m.start()
        if w["soft"].search(clause[max(0, at - 2):at]):
            continue
        if word in t["statistic_words"] and re.search(r"\d", clause[m.end():]):
            continue
        if word not in t["result_words"] and task and at > first:
            continue
        if task and _inside_shared(clause, task, at, m.end()):
            continue
        return word
    return None


def _first_shared(clause: str, task: str) -> int:
    """Where the clause first shares a bigram with the task (its object)."""
    tg = grams(task)
    hits = [i for i in range(len(clause) - 1) if clause[i:i + 2] in tg]
    return hits[0] if hits else 0


def _inside_shared(clause: str, task: str, a: int, b: int) -> bool:
    """Whether clause[a:b] lies inside, not at the head of, a run the task shares."""
    lo = a
    while lo > 0 and clause[lo - 1:b] in task:
        lo -= 1
    return lo < a and clause[lo:b] in task


def repeated_act(task: str, clause: str) -> str | None:
    """The task's own discrete act, repeated by the review (开展党史学习教育)."""
    t = rules()["task"]
    run = longest_common(task, clause)
    if len(run) >= max(4, t["act_cover"] * len(task)) and any(run.startswith(v) for v in t["act_verbs"]):
        return run[:2]
    return None


def longest_common(a: str, b: str) -> str:
    best = ""
    for i in range(len(a)):
        j = i + len(best) + 1
        while j <= len(a) and a[i:j] in b:
            best = a[i:j]
            j += 1
    return best


@lru_cache(maxsize=1)
def _campaign() -> re.Pattern:
    words = alternation(rules()["task"]["campaign_words"])
    return re.compile(f"“[^”]{{1,20}}(?:{words})”|“[^”]{{2,20}}”(?:{words})")


def mention_bar(task: str) -> float:
    """How much of the task a review segment must share to speak of it. A
    named campaign (“开发区实力倍增计划”) is rarely named again: a review
    reporting on its field reports on it, so its bar is lower."""
    t = rules()["task"]
    return t["campaign_mention"] if _campaign().search(task) else t["mention"]


def judge(task: str, hits, index: Index) -> tuple[str, str, float]:
    t = rules()["task"]
    bar = mention_bar(task)
    if not hits or hits[0][0] < bar:
        top = hits[0][0] if hits else 0.0
        return "not_mentioned", f"no review segment shares the task's key words (best {top:.2f})", \
            round(1 - top / bar / 2, 2)
    score, i, matched = hits[0]
    clause = best_clause(index.segs[i], matched)
    shared = _shared_words(task, clause.text)
    done = completion(clause.text, task) or repeated_act(task, clause.text)
    if any(w in task for w in t["open_task_words"]):
        done = None                     # a continuous commitment is never finished
    if done and score >= t["strong"]:
        return "done", f"evidence: {shared} (completion word {done})", round(min(0.95, 0.5 + score / 2), 2)
    why = f"completion word {done} but weak match" if done else "no completion word"
    return "progress", f"evidence: {shared} ({why})", round(min(0.9, 0.3 + score / 2), 2)


def _shared_words(task: str, clause: str, size: int = 2) -> str:
    """The longest runs of the task found in the clause, for the reason."""
    runs, i = [], 0
    while i < len(task) - 1:
        j = i + size
        if task[i:j] not in clause:
            i += 1
            continue
        while j < len(task) and task[i:j + 1] in clause:
            j += 1
        runs.append(task[i:j])
        i = j
    runs = sorted({r for r in runs if r not in rules()["task"]["generic"]}, key=len, reverse=True)
    return "、".join(runs[:3]) or clause[:12]


def task_id(text: str, start: int) -> str:
    return hashlib.sha1(f"{start}:{text}".encode()).hexdigest()[:12]


def reconcile_tasks(plan, later, pipeline_tasks=()) -> list[dict]:
    """Every task of the plan section with ranked evidence and a verdict."""
    clauses = plan_clauses(plan.text, plan.start, plan.end)
    tasks = [(t.id, t.text, t.start, t.end, t.area) for t in pipeline_tasks
             if plan.start <= t.start < plan.end]
    tasks += [(task_id(c.text, c.start), c.text, c.start, c.end, None) for c in clauses
              if not any(s < c.end and c.start < e for _, _, s, e, _ in tasks)]
    tasks.sort(key=lambda t: t[2])
    index = Index(segments(later.text, later.start, later.end), clauses)
    out = []
    for tid, text, start, end, area in tasks:
        hits = index.search_parts(text)
        v, reason, conf = judge(text, hits, index)
        ev = [{"text": index.segs[i].text, "start": index.segs[i].start, "end": index.segs[i].end,
               "score": round(s, 3)} for s, i, _ in hits]
        out.append({"id": tid, "task_text": text, "task_start": start, "task_end": end, "area": area,
                    "evidence": ev, "verdict": v, "reason": reason, "confidence": conf})
    return out
