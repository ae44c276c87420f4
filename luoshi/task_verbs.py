"""The verb table of tasks: which words make a clause a commitment, which
words before the verb only colour it, and how strong the commitment is
(must / aim / explore / do). The word lists are data/task_verbs.toml; words
are matched longest first through an index by first character, so no word
segmenter is needed. jieba's dictionary is read only as a fallback, lazily."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from . import deadlines
from .model import Strength

TRIM = " \t\r\u3000—-·•。；;！？!?，,、：:"


@dataclass(frozen=True, slots=True)
class Lexicon:
    """A word set matched longest first at a position. Words are indexed by
    their first character, so most positions are rejected by one lookup."""
    words: frozenset[str]
    lengths: dict[str, tuple[int, ...]]          # first character → word lengths, longest first

    @classmethod
    def of(cls, words) -> "Lexicon":
        ws = frozenset(w for w in words if w)
        by_first: dict[str, set[int]] = {}
        for w in ws:
            by_first.setdefault(w[0], set()).add(len(w))
        return cls(ws, {ch: tuple(sorted(ls, reverse=True)) for ch, ls in by_first.items()})

    def match(self, s: str, i: int) -> str | None:
        if i >= len(s):
            return None
        for k in self.lengths.get(s[i], ()):
            if s[i:i + k] in self.words:
                return s[i:i + k]
        return None

    def starts(self, s: str) -> str | None:
        return self.match(s, 0)


@dataclass(frozen=True, slots=True)
class Rules:
    verbs: Lexicon
    nominal: frozenset[str]
    skip_before_verb: frozenset[str]
    not_fallback: frozenset[str]
    prefix: Lexicon
    markers: Lexicon
    strength: dict[str, Strength]
    embedding: frozenset[str]
    framing: Lexicon
    coverbs: Lexicon
    continuation: Lexicon
    weak_continuation: Lexicon
    prepositions: Lexicon
    pivot_verbs: frozenset[str]
    pivot_next: tuple[str, ...]
    progress: re.Pattern
    statement: re.Pattern
    copula: re.Pattern
    copula_noun: re.Pattern
    others: re.Pattern
    amount: re.Pattern
    modal: re.Pattern
    verb_tail: tuple[str, ...]
    achieved: tuple[str, ...]
    boilerplate: re.Pattern
    lead: re.Pattern
    support: re.Pattern
    scoping: frozenset[str]              # 确保/力争 heading a series of clauses
    result_openers: tuple[str, ...]      # 把/将/让/使/进一步: a clause of its own
    not_openers: tuple[str, ...]         # 把握, 使用, 将来: words, not openers
    result_adverbs: tuple[str, ...]      # 进一步 + verb: a further commitment
    movement: tuple[str, ...]            # 到/赴/前往 + a place: a locative frame


@cache
def rules() -> Rules:
    """The verb table, read once per process on first use."""
    raw = tomllib.loads(resources.files("luoshi.data").joinpath("task_verbs.toml").read_text("utf-8"))
    strength = {w: Strength(k) for k in ("must", "aim", "explore") for w in raw["strength"][k]}
    c = raw["clauses"]
    units = raw["units"]
    return Rules(
        verbs=Lexicon.of(raw["verbs"]["action"]),
        nominal=frozenset(raw["verbs"]["nominal"]),
        skip_before_verb=frozenset(raw["verbs"]["skip_before_verb"]),
        not_fallback=frozenset(raw["verbs"]["not_fallback"]),
        prefix=Lexicon.of(raw["prefix"]["words"]),
        markers=Lexicon.of(list(strength) + raw["embedding"]["markers"]),
        strength=strength,
        embedding=frozenset(raw["embedding"]["markers"]),
        framing=Lexicon.of(c["framing"]),
        coverbs=Lexicon.of(c["coverbs"]),
        continuation=Lexicon.of(c["continuation"]),
        weak_continuation=Lexicon.of(c["weak_continuation"]),
        prepositions=Lexicon.of(c["prepositions"]),
        pivot_verbs=frozenset(c["pivot_verbs"]),
        pivot_next=tuple(c["pivot_next"]),
        progress=re.compile("|".join(raw["cues"]["progress"])),
        statement=re.compile("|".join(raw["cues"]["statement"])),
        copula=re.compile(raw["cues"]["copula"]),
        copula_noun=re.compile(raw["cues"]["copula_noun"]),
        others=re.compile("|".join(raw["cues"]["others"])),
        amount=re.compile(raw["cues"]["amount"]),
        modal=re.compile(raw["cues"]["modal"]),
        verb_tail=tuple(raw["cues"]["verb_tail"]),
        achieved=tuple(raw["cues"]["achieved"]),
        boilerplate=re.compile("|".join(raw["cues"]["boilerplate"])),
        lead=re.compile("|".join(units["lead"])),
        support=re.compile("|".join(units["support"])),
        scoping=frozenset(raw["strength"]["scoping"]),
        result_openers=tuple(c["result_openers"]),
        not_openers=tuple(c["not_openers"]),
        result_adverbs=tuple(c["result_adverbs"]),
        movement=tuple(c["movement"]),
    )


@cache
def dictionary_verbs() -> frozenset[str]:
    """Two-character words jieba's dictionary tags as verbs (v), read once per
    process on first use (a fallback for clauses the verb table leaves bare)."""
    import jieba                         # only here: never at import time
    with jieba.get_dict_file() as f:
        lines = f.read().decode("utf-8").splitlines()
    return frozenset(w for w, _, tag in (ln.split(" ") for ln in lines if ln.count(" ") == 2)
                     if tag == "v" and len(w) == 2)

def skip_prefix(s: str, i: int, r: Rules) -> int:
    """Past adverbs and discourse words. A word that is also a verb is
    skipped only before another verb (统筹推进 → 推进, 统筹好辖区… → 统筹)."""
    while i < len(s):
        w = r.prefix.match(s, i)
        v = r.verbs.match(s, i)
        if not w or v and (len(v) > len(w) or not r.verbs.match(s, i + len(w))):
            return i
        i += len(w)
    return i


def head_verb(s: str, r: Rules | None = None) -> str | None:
    """The verb that opens a clause after adverbs and markers, if any.

    >>> head_verb("积极推进牛山原海关地块收储工作")
    '推进'
    >>> head_verb("黄旗南土地权属重构经济测算已基本完成") is None
    True
    """
    r = r or rules()
    i = skip_prefix(s, 0, r)
    while i < len(s):
        m = r.markers.match(s, i)
        v = r.verbs.match(s, i)
        if m and (not v or len(m) >= len(v)):
            i = skip_prefix(s, i + len(m), r)
            if not r.verbs.match(s, i) and not r.markers.match(s, i):
                return m if m in r.embedding else None
            continue
        return v
    return None


def find_verb(s: str, r: Rules | None = None) -> tuple[str, int] | None:
    """The first action verb anywhere in s, with its position."""
    r = r or rules()
    for i in range(len(s)):
        v = r.verbs.match(s, i)
        if v:
            return v, i
    return None


def main_verb(s: str, r: Rules | None = None) -> tuple[str | None, int, int, Strength]:
    """(verb, start, end, strength) of a clause. Adverbial 加快/深入/持续… before
    another verb are skipped; 力争/确保/探索 + verb phrase are strength markers
    and the embedded verb is the verb; a marker inside the object does not count.

    >>> main_verb("力争实现“两个下降、一个不发生”的目标")[::3]
    ('实现', <Strength.AIM: 'aim'>)
    >>> main_verb("强化党建全面引领基层治理")[::3]
    ('强化', <Strength.DO: 'do'>)
    """
    r = r or rules()
    co = r.coverbs.starts(s)
    if co:                               # 依托…资源 standing alone: 依托 is its verb
        co = co.removesuffix("以").removesuffix("于")
        return co, 0, len(co), Strength.DO
    strength: Strength | None = None
    skipped: tuple[str, int] | None = None       # 大力支持、大胆使用: the first verb of a list
    i = 0
    while i < len(s):
        m = r.markers.match(s, i)
        v = r.verbs.match(s, i)
        if m and (not v or len(m) >= len(v)):
            strength = strength or r.strength.get(m)
            j = _skip_time(s, skip_prefix(s, i + len(m), r), r)
            if r.verbs.match(s, j) or r.markers.match(s, j):
                i = j                    # 力争实现…, 争取3至5年实现…: the embedded verb
                continue
            if m in r.embedding:         # 力争儿童公园…2022年动工建设: the clause's verb
                later = [(w, k) for w, k in verbs_in(s[j:], r) if w not in r.nominal and s[j + k - 1] != "的"]
                if later and s[j + later[-1][1] + len(later[-1][0]):].strip(TRIM) in ("", *r.verb_tail):
                    w, k = later[-1]             # only a verb that ends the clause
                    return w, j + k, j + k + len(w), strength or Strength.DO
                return m, i, i + len(m), strength or Strength.DO
            i = j
            continue
        if v and (attributive(s, i + len(v)) or v in r.nominal and r.verbs.match(s, i + len(v))):
            skipped = skipped or (v, i)
            i += len(v)                  # 审批等方面, 投资增长: not the verb
            continue
        if v and v in r.nominal and r.prepositions.starts(s):
            later = [k for w, k in verbs_in(s[i + len(v):], r) if w not in r.nominal]
            if later:                    # 把经济开发区打造成…: 开发区 is in the object
                i += len(v) + later[0]
                continue
        if v:
            if v in r.skip_before_verb:
                j = skip_prefix(s, i + len(v), r)
                if r.verbs.match(s, j) or r.markers.match(s, j):
                    i = j
                    continue
                if r.prepositions.starts(s[j:]):     # 加快向产业链高端攀升
                    later = [(w, k) for w, k in verbs_in(s[j:], r) if not attributive(s, j + k + len(w))]
                    if later:
                        w, k = later[0]
                        return w, j + k, j + k + len(w), strength or Strength.DO
            return v, i, i + len(v), strength or Strength.DO
        w = r.prefix.match(s, i)
        i += len(w) if w else 1
    if skipped:
        return skipped[0], skipped[1], skipped[1] + len(skipped[0]), strength or Strength.DO
    return None, 0, 0, strength or Strength.DO


def _skip_time(s: str, i: int, r: Rules) -> int:
    """Past a deadline right after a marker (争取3至5年实现)."""
    d = deadlines.find(s[i:i + 12], r.verbs, after_marker=True)
    if d and d.start == 0:
        return skip_prefix(s, i + d.end, r)
    return i


def attributive(s: str, end: int) -> bool:
    """A verb followed by 、 等 的 or 之 inside a clause names a thing
    (审批等方面, 统筹的工作思路); it is not the clause's verb. Before 、 and
    another verb it heads a list of verbs (大力支持、大胆使用…) and is."""
    if end >= len(s) or s[end] not in "、等的之":
        return False
    if s[end] == "、":
        r = rules()
        return not r.verbs.match(s, skip_prefix(s, end + 1, r))
    return True


# --- grouping clauses into commitments -----------------------------------

def verbs_in(s: str, r: Rules) -> list[tuple[str, int]]:
    """Every table verb in s with its position, left to right, longest first."""
    out, i = [], 0
    while i < len(s):
        v = r.verbs.match(s, i)
        if v:
            out.append((v, i))
        i += len(v) if v else 1
    return out
