"""Lead phrases (topics) of plan items: the short sentences that head the
clauses after them (夯实城市绿心建设基础。), and the led paragraphs of a plan part
without numbered items. The outline's word tables (data/structure.toml) are
loaded here too."""
from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from functools import cache
from importlib import resources

from .model import Item, Span
from .sentences import sentences


@cache
def tables() -> dict:
    with resources.files("luoshi.data").joinpath("structure.toml").open("rb") as f:
        return tomllib.load(f)


QUOTES = "“”‘’《》\"'"


def _core_len(s: str) -> int:
    return sum(1 for ch in s if ch not in QUOTES and not ch.isspace())


def _paired(core: str) -> bool:
    """Two short parallel clauses lead a paragraph too: 狠抓颜值提标，打造精致城市。"""
    m = re.fullmatch(r"([^，,；;：:]+)[，,]([^，,；;：:]+)", core)
    most = tables()["topic"]["max_pair_clause"]
    return bool(m) and all(4 <= _core_len(part) <= most for part in m.groups())


def item_topics(text: str, item: Item) -> tuple[Span, ...]:
    """Lead phrases inside a plan item: short sentences that head the clauses
    after them; the item's first sentence after its title may lead with its
    first clause (全力推进黄旗南项目,加快…)."""
    cfg = tables()["topic"]
    region_end = item.children[0].start if item.children else item.end
    body_start = item.title_end + 1 if text[item.title_end:item.title_end + 1] in "。！？；;：:" else item.title_end
    out: list[Span] = []
    first = True
    first_line_end = text.find("\n", item.start, region_end)
    first_line_end = region_end if first_line_end < 0 else first_line_end
    sents = sentences(text, body_start, region_end)
    for s in sents:
        core = s.text.rstrip("。！？；;!? ")
        # on the item's own line any short sentence leads; past it, only one opening a paragraph
        opens_line = not text[text.rfind("\n", 0, s.start) + 1:s.start].strip()
        on_item_line = s.start < first_line_end
        longest = cfg["max_len"] if on_item_line else cfg["max_len_paragraph"]
        if s.text.endswith("。") and s.end < region_end and (on_item_line or opens_line) \
                and (4 <= _core_len(core) <= longest and not re.search(r"[，,；;：:]", core)
                     or opens_line and not on_item_line and _paired(core)):
            out.append(Span(core, s.start, s.start + len(core)))
        elif first and "\n" not in text[item.title_end:s.start] and _core_len(core) <= cfg["max_lead_sentence"]:
            # a short two-clause sentence: lead phrase, then its first task
            m = re.fullmatch(r"([^，,；;：:]+)[，,][^，,；;：:]+", core)
            if m and 4 <= _core_len(m.group(1)) <= cfg["max_first_clause"]:
                out.append(Span(m.group(1), s.start, s.start + m.end(1)))
        first = False
    if len(out) >= 2 and item.style != "¶":
        out = sorted(out + _goal_leads(sents, out, first_line_end), key=lambda t: t.start)
    return tuple(out)


def _goal_leads(sents, found: list[Span], line_end: int) -> list[Span]:
    """In an item laid out lead → tasks on one line (two leads found at least),
    a sentence whose short first clause names a goal and whose second clause
    starts on a manner adverb leads too: 夯实基层党建战斗堡垒,扎实推进…机制。
    Not right after a lead (that is the lead's first task), and not when the
    first clause itself starts on an adverb (科学谋划…,进一步深化…)."""
    cfg = tables()["topic"]
    adverbs = tuple(cfg["adverbs"])
    leads = {t.start for t in found}
    out = []
    for prev, s in zip(sents, sents[1:]):
        if s.start >= line_end or not prev.text.endswith("。") or prev.start in leads or s.start in leads:
            continue
        m = re.fullmatch(r"([^，,；;：:]+)[，,]([^，,；;：:]+)", s.text.rstrip("。"))
        if m and s.text.endswith("。") and 4 <= _core_len(m.group(1)) <= cfg["max_first_clause"] \
                and m.group(2).startswith(adverbs) and not m.group(1).startswith(adverbs):
            out.append(Span(m.group(1), s.start, s.start + m.end(1)))
    return out


def with_topics(text: str, items: tuple[Item, ...]) -> tuple[Item, ...]:
    return tuple(replace(it, topics=item_topics(text, it), children=with_topics(text, it.children))
                 for it in items)


def paragraph_items(text: str, body_lines: list) -> tuple[Item, ...]:
    """A plan part without numbered items (national 2020 parts 三–八) is led
    paragraph by paragraph: 加大减税降费力度。强化阶段性政策… Each paragraph
    opening with a short lead sentence is an item (style ¶, no label) titled by
    that lead; two such paragraphs at least, else the part is plain prose."""
    most = tables()["topic"]["max_len_paragraph"]
    out = []
    for ln in body_lines:
        first = next(iter(sentences(text, ln.start, ln.end)), None)
        if first is None or not first.text.endswith("。") or first.end >= ln.end:
            continue
        core = first.text.rstrip("。")
        if 4 <= _core_len(core) <= most and not re.search(r"[，,；;：:]", core) or _paired(core):
            out.append(Item(label="", title=core, start=ln.start, end=ln.end, title_start=first.start,
                            title_end=first.start + len(core), style="¶"))
    return tuple(out) if len(out) >= 2 else ()

