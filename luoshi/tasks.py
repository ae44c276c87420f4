"""Tasks: the clause-level commitments of a report's plan sections.

A plan paragraph is read sentence by sentence; each sentence is cut into
clauses at commas (and at 、 where a new verb phrase starts), and the clauses
are grouped so that every group has one action verb of its own:

* adverbial clauses (按照…, 通过…, 以…为主阵地) go with the verb clause after them;
* a clause without a verb goes with the next clause, or, at the end of a
  sentence or after 及/以及, with the previous one;
* progress statements (已基本完成) and boilerplate (主要做好以下重要工作) are dropped.

The verb table is task_verbs (word lists in data/task_verbs.toml); the rules
follow shared/gold/dongcheng-2021/README.md §4.
"""
from __future__ import annotations

import bisect
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from . import deadlines
from .model import Entity, Item, Quantity, Role, Section, Strength, Structure, Task
from .task_verbs import (TRIM, Rules, dictionary_verbs, find_verb, head_verb, main_verb, rules, skip_prefix,
                         verbs_in)

SENTENCE_END = set("。！？!?；;\n")
CLAUSE_END = set("，,：:")
ANY_END = CLAUSE_END | SENTENCE_END
FULL_STOP = set("。！？!?\n")
OPEN = set("“‘《（(【「『")
CLOSE = set("”’》）)】」』")
SIGNIFICANT = re.compile("[" + re.escape("".join(sorted(ANY_END | OPEN | CLOSE | FULL_STOP | {"、", "\""}))) + "]")
LIST_MARK = "等"                       # a 、 list ending in 等 is one coordinated object
NOT_WORD = re.compile(r"[\W_]+")
# A sub-item label opening a sentence is not part of the task: （一） (1) 1. 1、 ①
LABEL = re.compile(r"(?:[（(](?:[一二三四五六七八九十]{1,3}|\d{1,2})[）)]|\d{1,2}[.、．](?!\d)|[①-⑳])\s*")
MAX_QUOTE = 50                         # characters a quotation may run before it counts as stray
PURPOSE = ("让", "使", "促使")             # 让人民群众得到实惠: a purpose, not a description
MIN_SPLIT = 4                          # both sides of a 、 split must be at least this long
BARE = 4                               # under 确保/力争, a 、 piece this short is a bare predicate


# --- cutting text into clauses -------------------------------------------

def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans between start and end: cut at 。！？；outside quotes
    (“这么近，那么美；…” is one quotation) and always at line ends."""
    out, s = [], start
    for i in _cuts(text, start, end, SENTENCE_END) + [end]:
        a, b = _trimmed(text, s, i)
        m = LABEL.match(text, a, b)
        a = m.end() if m else a
        if b > a:
            out.append((a, b))
        s = i + 1
    return out


def _cuts(text: str, start: int, end: int, marks: set[str]) -> list[int]:
    """Positions of `marks` outside quotes and brackets. A full stop (。！？)
    or a line end always cuts and closes what is open (“暖企行动。 may lack its
    closing mark), after the closing quote when one follows (…。”); a quote
    left open too long is stray as well."""
    depth, opened, out = 0, start, []
    hard = marks is SENTENCE_END
    for m in SIGNIFICANT.finditer(text, start, end):    # only punctuation can change anything
        i, ch = m.start(), m.group()
        if depth and i - opened > MAX_QUOTE:
            depth = 0
        if hard and ch in FULL_STOP:
            depth = 0
            out.append(i + 1 if i + 1 < end and text[i + 1] in CLOSE else i)
            continue
        if ch in OPEN or ch == "\"" and not depth:
            depth, opened = depth + 1, (i if not depth else opened)
        elif ch in CLOSE or ch == "\"":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in marks:
            out.append(i)
        elif depth == 0 and ch in ANY_END and "、" in marks:
            out.append(i)
    return out


@dataclass(frozen=True, slots=True)
class Clause:
    start: int
    end: int
    text: str
    colon: bool = False                  # ends with a colon: a lead-in


def clauses(text: str, start: int, end: int) -> list[Clause]:
    """Comma clauses of one sentence, each further cut at 、 before a new verb phrase."""
    out, s = [], start
    for i in _cuts(text, start, end, CLAUSE_END) + [end]:
        a, b = _trimmed(text, s, i)
        if b > a:
            colon = i < end and text[i] in "：:"
            out.extend(_split_list(text, a, b, colon))
        s = i + 1
    return out


def _split_list(text: str, start: int, end: int, colon: bool) -> list[Clause]:
    """Cut a clause at 、 where both sides are verb phrases (畅通举报渠道、开展明察暗访);
    a list that ends in 等 or names quantities stays one coordinated object."""
    r = rules()
    whole = text[start:end]
    if "、" not in whole:
        return [Clause(start, end, whole, colon)]
    cuts = [i for i in _cuts(text, start, end, {"、"}) if text[i] == "、"]
    if not cuts or any(ch.isdigit() for ch in whole) or r.prepositions.starts(whole) or r.framing.starts(whole):
        return [Clause(start, end, whole, colon)]
    scoped = r.markers.match(whole, skip_prefix(whole, 0, r)) in r.scoping
    pieces, s, prev = [], start, start
    for i in cuts:
        tail = text[i + 1:end]
        # each side a verb phrase of its own: 鼓励、支持、引导… is one list of verbs
        after = _next_len(text, i + 1, end, cuts)
        if scoped and after <= BARE:
            prev = i + 1                 # 确保各项政策直达快享、精准落地: a bare predicate of the complement
            continue
        if (i - prev >= MIN_SPLIT and after >= MIN_SPLIT
                and head_verb(tail, r) not in r.nominal | {None} and LIST_MARK not in tail and find_verb(text[s:i], r)):
            pieces.append((s, i))
            s = i + 1
        prev = i + 1
    pieces.append((s, end))
    return [Clause(a, b, text[a:b], colon and b == end) for a, b in pieces]


def _next_len(text: str, i: int, end: int, cuts: list[int]) -> int:
    later = [c for c in cuts if c >= i]
    return (later[0] if later else end) - i


def _kind(c: Clause, r: Rules) -> str:
    """drop (lead-in, boilerplate, progress), frame, cont, weak, verb or none."""
    s = c.text
    head = head_verb(s, r)
    if c.colon or r.boilerplate.search(s) or r.statement.search(s) or _copula(s, head, r):
        return "drop"
    if r.progress.search(s) and not head:        # 加快已开工项目建设: 已开工 names the projects
        return "drop"
    if r.continuation.starts(s) and not _longer_prefix(s, r.continuation.starts(s), r):
        return "cont"
    if _describes(s, r):
        return "drop"
    if result(s, r):
        return "verb"                    # 让“心向往之”成为现实: its own verb after the subject
    has_verb = find_verb(s, r) is not None
    if r.weak_continuation.starts(s) and not head_verb(s[1:], r) and not has_verb:
        return "cont"
    if _is_frame(s, r):
        return "frame"
    if has_verb or r.amount.search(s):
        return "verb"
    # 坚决兜住民生底线, 进一步扩充…库: an adverb or marker before words the
    # table does not know still opens a verb phrase
    head = skip_prefix(s, 0, r)
    word = s[head:head + 2]
    if len(s) - head >= 4 and word not in r.not_fallback and word in dictionary_verbs():
        return "verb"                    # 疏通货币政策传导渠道: a verb the table lacks
    marker = r.markers.match(s, skip_prefix(s, 0, r))
    adverb = r.prefix.starts(s)
    if not (marker or adverb and len(adverb) >= 2):     # 也考虑…: a one-character word says little
        return "none"
    head = skip_prefix(s, 0, r)
    head += len(marker or "")
    return "verb" if head <= len(s) - 2 else "none"


def result(s: str, r: Rules) -> str | None:
    """The opener of a result clause: 把/将/让/使 + a noun (将有限的土地资源
    用在刀刃上; 将加快… is "will"), or 进一步 + a verb; None otherwise."""
    if len(s) < 5 or s.startswith(r.not_openers):
        return None
    for w in r.result_openers:
        if s.startswith(w):
            rest = s[len(w):]
            opens = (r.verbs.match(rest, 0) or r.markers.match(rest, 0) or r.prefix.match(rest, 0)
                     or r.prepositions.starts(rest) or r.framing.starts(rest))     # 将以实际行动…: "will"
            return None if opens else w
    for w in r.result_adverbs:
        if s.startswith(w) and head_verb(s[len(w):], r):
            return w
    return None


def _copula(s: str, head: str | None, r: Rules) -> bool:
    """2023年是…开局之年: a statement. 重点仍是加大…力度: a command.
    发展是解决…的关键: a nominal verb before 是 is the subject."""
    if head in r.nominal and s.startswith("是", skip_prefix(s, 0, r) + len(head)):
        head = None
    m = None if head else r.copula.search(s)
    if not m:
        return False
    return not r.verbs.match(s, skip_prefix(s, m.end(), r)) or bool(r.copula_noun.search(s))


def _longer_prefix(s: str, word: str, r: Rules) -> bool:
    """及时 is an adverb, not 及 + 时."""
    p = r.prefix.starts(s)
    return bool(p) and len(p) > len(word)


def _describes(s: str, r: Rules) -> bool:
    """A subject-first clause reporting an achievement (脱贫攻坚成果举世瞩目),
    not what will be done: a word of past achievement and no modal before
    the verb."""
    if head_verb(s, r) or r.prepositions.starts(s) or r.framing.starts(s) or s.startswith(PURPOSE):
        return False
    if skip_prefix(s, 0, r):
        return False                     # 稳步推进…: an adverb opens a command
    verbs = verbs_in(s, r)
    first = verbs[0][1] if verbs else len(s)
    return not r.modal.search(s, 0, first) and any(w in s for w in r.achieved)


def _joined_len(cs: list[Clause], kinds: list[str], i: int) -> int:
    """Length from clause i through the first verb clause at or after it (or
    the sentence's end): what a framing clause before i would join."""
    last = None
    for j in range(i, len(cs)):
        if kinds[j] == "drop":
            break
        last = j
        if kinds[j] == "verb":
            break
    return cs[last].end - cs[i].start if last is not None else 0


def _own_verb(s: str, r: Rules) -> bool:
    """A table verb, a marker or a figure: a clause that commits by itself."""
    return bool(find_verb(s, r) or r.markers.match(s, skip_prefix(s, 0, r)) or r.amount.search(s) or result(s, r))


def _target_before(cs: list[Clause], first: int | None, i: int, r: Rules) -> bool:
    """为经营主体减负2500亿元以上，进一步稳定预期: a framing clause with a
    figure before a 进一步 clause is a target of its own, not its frame."""
    return (first is not None and cs[i].text.startswith(r.result_adverbs) and result(cs[i].text, r) is not None
            and any(r.amount.search(c.text) for c in cs[first:i]))


def _pivot(s: str, r: Rules) -> bool:
    """A causative verb with only a noun after it (推动机关事业单位党组织和在职
    党员): what those people are to do follows in the next clause."""
    verb, _, end, _ = main_verb(s, r)
    return verb in r.pivot_verbs and all(w in r.nominal for w, _ in verbs_in(s[end:], r))


def _is_frame(s: str, r: Rules) -> bool:
    w = r.framing.starts(s)
    if w:
        return True
    i = 0
    while r.prefix.match(s, i):          # 主动到…重点区域: past adverbs, even verb-like ones
        i += len(r.prefix.match(s, i))
    if s.startswith(r.movement, i) and not any(w not in r.nominal for w, _ in verbs_in(s[i + 1:], r)):
        return True
    # 以…为主阵地 / 以…为抓手: an adverbial 以 clause ends in 为 + a short noun
    return bool(re.match(r"以.{1,24}为.{1,5}$", s)) and not head_verb(s, r)


def groups(text: str, sentence: tuple[int, int]) -> list[tuple[int, int, Clause]]:
    """(start, end, main clause) of each commitment in a sentence."""
    r = rules()
    cs = clauses(text, *sentence)
    kinds = [_kind(c, r) for c in cs]
    for i, c in enumerate(cs):           # 省委…, 深入谋划…: the rest is theirs too
        if r.others.search(c.text):
            kinds[i:] = ["drop"] * (len(cs) - i)
            break
    for i in range(1, len(cs)):          # 推动X党组织和在职党员,在…中勇担重任: one pivot
        if kinds[i] == kinds[i - 1] == "verb" and cs[i].text.startswith(r.pivot_next) and _pivot(cs[i - 1].text, r):
            kinds[i] = "cont"
        # 让城市更加宜居，更具包容和人文关怀: the causee's second predicate
        elif kinds[i] == "verb" and result(cs[i - 1].text, r) in PURPOSE and not _own_verb(cs[i].text, r):
            kinds[i] = "cont"
    out: list[list] = []
    pending: int | None = None
    framed: int | None = None            # the first clause of `pending`
    after_drop = False                   # no merging back across a dropped clause
    for i, c in enumerate(cs):           # 依托…(long), 延伸…(short): two tasks
        if kinds[i] == "frame" and r.coverbs.starts(c.text) and len(c.text) > _joined_len(cs, kinds, i + 1):
            kinds[i] = "verb"
    for i, (c, k) in enumerate(zip(cs, kinds)):
        rest = any(kinds[j] != "drop" for j in range(i + 1, len(cs)))
        if k == "drop" or (k == "frame" and i + 1 < len(cs) and kinds[i + 1] == "drop"):
            pending, after_drop = None, True
        elif k == "cont" and out and not after_drop:
            out[-1][1] = c.end
        elif k == "frame" and rest:      # 按照…, 通过…: with the clause that follows
            pending, framed = (c.start, i) if pending is None else (pending, framed)
        elif k in ("none", "cont") or (k == "frame" and not find_verb(c.text, r)):
            if not rest and out and pending is None and not after_drop:
                out[-1][1] = c.end
            else:
                pending, framed = (c.start, i) if pending is None else (pending, framed)
        else:
            if pending is not None and _target_before(cs, framed, i, r):
                out.append([pending, cs[i - 1].end, cs[framed]])
                pending = None
            out.append([c.start if pending is None else pending, c.end, c])
            pending, after_drop = None, False
    return [(a, b, c) for a, b, c in out]


# --- the pipeline stage --------------------------------------------------

def extract(text: str, outline: Structure, quantities: tuple[Quantity, ...],
            entities: tuple[Entity, ...], government: str | None = None) -> tuple[Task, ...]:
    """Every clause-level commitment in the plan sections of `outline`."""
    r = rules()
    found: list[Task] = []
    seen: dict[str, int] = {}
    quantities, entities = _by_start(quantities), _by_start(entities)
    for section in outline.sections:
        if section.role != Role.PLAN:
            continue
        year = outline.plan_year or section.year
        for start, end, area, anchors, preamble in _blocks(text, section):
            for sent in sentences(text, start, end):
                found_in = groups(text, sent)
                if preamble:                     # the framing before the first item: one task a sentence
                    found_in = _joined(text, found_in)
                scope = None
                for a, b, main in found_in:
                    topic = _topic(anchors, a)
                    scope = _scope(main.text, scope, r)
                    task = _task(text, a, b, main, area, topic, year, quantities, entities, r, scope)
                    found.append(_with_id(task, government, year, seen))
    return tuple(found)


def _joined(text: str, found: list[tuple[int, int, Clause]]) -> list[tuple[int, int, Clause]]:
    """Adjacent commitments of a sentence as one; a dropped clause between
    two (a statement, boilerplate) keeps them apart."""
    out: list[tuple[int, int, Clause]] = []
    for a, b, main in found:
        if out and not text[out[-1][1]:a].strip(TRIM):
            out[-1] = (out[-1][0], b, out[-1][2])
        else:
            out.append((a, b, main))
    return out


def _blocks(text: str, section: Section):
    """(start, end, area, topic anchors, is preamble) of the parts of a plan
    section: the preamble, each top-level item without its title, and what
    follows the items. The preamble of a section with items frames them (the
    gold records it as one optional passage), so its commitments are taken a
    sentence at a time rather than a clause at a time."""
    body = section.heading_end if section.heading_end is not None else section.start
    pos = body
    for item in section.items:
        if item.start > pos:
            yield pos, item.start, None, (), pos == body
        head = item.title_end if item.title_end > item.start else item.start + len(item.label)
        yield head, item.end, _area(item), _anchors(item), False
        pos = max(pos, item.end)
    if section.end > pos:
        yield pos, section.end, None, (), False


def _area(item: Item) -> str:
    """（一） 稳定经济增长: a numbering label stays; a bullet (——) or no label
    (a paragraph lead) leaves the title alone."""
    label = item.label.strip() if any(ch.isalnum() for ch in item.label) else ""
    return f"{label} {item.title.strip()}".strip()


def _anchors(item: Item) -> tuple[tuple[int, str], ...]:
    """Lead phrases and sub-item titles of an item, by position."""
    out = [(t.start, t.text) for t in item.topics]
    for child in item.children:
        out.append((child.title_start, child.title))
        out.extend(_anchors(child))
    return tuple(sorted(out))


def _topic(anchors, pos: int) -> str | None:
    topic = None
    for start, label in anchors:
        if start <= pos:
            topic = label
    return topic


def _scope(s: str, current: Strength | None, r: Rules) -> Strength | None:
    """The strength a 确保/力争 clause lends to the clauses after it in its
    sentence (确保A建成投产，B达到形象进度，C尽快开工: all `must`): set by a
    clause opening with such a marker, kept by clauses that open with their
    subject, ended by one that opens with a verb or another marker."""
    i = skip_prefix(s, 0, r)
    marker = r.markers.match(s, i)
    if marker in r.scoping:
        return r.strength[marker]
    head = head_verb(s, r)
    if marker or result(s, r) or r.prepositions.match(s, i):
        return None                      # 继续向…迈进: a predicate, not a subject
    if head and (head not in r.nominal or not r.amount.search(s)):
        return None                      # 新增…200家 is a target's subject, 保障就业 a verb
    return current


def _task(text, a, b, main: Clause, area, topic, year, quantities, entities, r: Rules,
          scope: Strength | None = None) -> Task:
    span = text[a:b]
    verb, vs, ve, strength = main_verb(main.text, r)
    if strength == Strength.DO and scope:
        strength = scope
    obj = text[main.start + ve:b].strip(TRIM) if verb else None     # through any 及… continuation
    deadline = deadlines.find(span, r.verbs)
    return Task(
        id="", text=span, start=a, end=b, area=area, topic=topic, verb=verb,
        object=obj or None, strength=strength,
        deadline=deadline.text if deadline else None,
        due=deadlines.due(deadline.text, year) if deadline else None,
        targets=tuple(q.text for q in _inside(quantities, a, b)),
        entities=tuple(e.text for e in _inside(entities, a, b) if not e.nested),
        lead_unit=lead_unit(span),
    )


def _by_start(spans) -> tuple[tuple, list[int]]:
    ordered = tuple(sorted(spans, key=lambda x: x.start))
    return ordered, [x.start for x in ordered]


def _inside(indexed, a: int, b: int):
    """The annotations (indexed by _by_start) that lie inside [a, b)."""
    spans, starts = indexed
    lo = bisect.bisect_left(starts, a)
    hi = bisect.bisect_left(starts, b)
    return [x for x in spans[lo:hi] if x.end <= b]


def lead_unit(text: str) -> str | None:
    """The unit a task names as leading it (由…牵头, …负责).

    >>> lead_unit("由区商务局牵头，年底前建立重点企业服务机制")
    '区商务局'
    """
    m = rules().lead.search(text)
    return next((g for g in m.groups() if g), None) if m else None


def support_units(text: str) -> tuple[str, ...]:
    """Units named as helping (会同…, …配合), for the task table."""
    return tuple(next(g for g in m.groups() if g) for m in rules().support.finditer(text))


def normalise(s: str) -> str:
    """The text a task id hashes: NFKC, no spaces or punctuation."""
    return NOT_WORD.sub("", unicodedata.normalize("NFKC", s))


def _with_id(task: Task, government: str | None, year: int | None, seen: dict[str, int]) -> Task:
    key = f"{government or ''}|{year or ''}|{normalise(task.text)}"
    n = seen.get(key, 0)
    seen[key] = n + 1
    if n:                                # the same words twice in one plan: number them
        key += f"#{n + 1}"
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
    return Task(**{**{f: getattr(task, f) for f in Task.__slots__}, "id": digest})
