"""Named entities: ORG, GOV, PLACE, PROJECT and POLICY spans in a report.

Rule matching is kept apart from annotating: small recognisers each propose
candidate spans (quoted names, the division gazetteer, organ words, names
ending in a suffix from luoshi/data/entities.toml, coordinated lists), names
learnt once are then found at every occurrence, and one overlap rule decides:
the longest span wins; a PLACE or GOV inside a winning PROJECT or PLACE is
kept as `nested`. jieba segments only small windows to the left of a suffix,
to find where a name starts; its dictionary loads once, on first use.
"""
from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from . import gazetteer
from .model import Entity, EntityType
from .toponyms import CLAUSE_END, FUNCTION_CHARS, STOP, Toponyms, city_stems

TABLES = Path(__file__).parent / "data" / "entities.toml"
RANK = {EntityType.POLICY: 5, EntityType.PROJECT: 4, EntityType.ORG: 4,
        EntityType.GOV: 3, EntityType.PLACE: 2}
ORDINAL = re.compile(r"^第[一二三四五六七八九十百0-9]+$")
# counts, not names: 第一批央企总部, 六大进口基地
BATCH = re.compile(r"^(?:第[一二三四五六七八九十百0-9]+批|[一二三四五六七八九十两]+大$)")
NAME_TAGS = {"ns", "nr", "nz", "nt", "j"}      # jieba's tags for names and abbreviations
STOP_TAGS = {"v", "p", "c", "u", "uj", "ul", "ud", "d", "ad", "r", "f", "b", "a", "i", "l", "t"}
DIVISION_SUFFIXES = ("街道", "镇", "乡", "市", "区", "县", "省", "社区", "村", "新区", "高新区", "开发区", "经开区")


@dataclass(frozen=True, slots=True)
class Cand:
    start: int
    end: int
    type: EntityType
    rank: int = 0            # breaks ties between equal spans; quoted names win


@dataclass(frozen=True, slots=True)
class Rules:
    t: dict                  # the TOML tables
    boundary: frozenset[str]
    suffix_re: re.Pattern    # every ORG / PLACE / PROJECT suffix
    suffix_type: dict[str, str]
    gov_re: re.Pattern
    skip_quoted: tuple[re.Pattern, ...]


def alternation(words) -> str:
    """A regex alternation, longest alternative first.

    >>> alternation(["市", "市委"])
    '市委|市'
    """
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def rules() -> Rules:
    t = tomllib.loads(TABLES.read_text(encoding="utf-8"))
    suffix_type = {}
    for s in t["place"]["suffixes"]:
        suffix_type[s] = "PLACE"
    for s in t["project"]["suffixes"]:
        suffix_type[s] = "PROJECT"
    for s in t["org"]["strong"] + t["org"]["weak"]:
        suffix_type[s] = "ORG"
    gov = t["gov"]
    gov_re = re.compile(f"(?:{re.escape(gov['prefix'])})?(?:{alternation(gov['organs'])})")
    return Rules(t, frozenset(t["boundary"]["words"]), re.compile(alternation(suffix_type)),
                 suffix_type, gov_re, tuple(re.compile(p) for p in t["policy"]["skip"]))


@cache
def tags() -> dict[str, str]:
    """jieba's part-of-speech tag for every dictionary word (read once)."""
    import jieba
    path = Path(jieba.__file__).parent / "dict.txt"
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                out[parts[0]] = parts[2]
    return out


@cache
def tokenizer():
    """jieba's default tokenizer, initialised once. It is shared with the
    rest of the process, so it is not changed: division names and names learnt
    from the report are kept whole by `Reader.words_of` instead."""
    import jieba
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.dt


class Learnt(dict):
    """Names learnt from this report, with an index by first two characters
    (longest first) for the segmenter."""

    def __init__(self):
        super().__init__()
        self.heads: dict[str, list[str]] = {}

    def __setitem__(self, name: str, typ: EntityType) -> None:
        if name not in self and len(name) >= 2:
            group = self.heads.setdefault(name[:2], [])
            group.append(name)
            group.sort(key=len, reverse=True)
        super().__setitem__(name, typ)

    def setdefault(self, name: str, typ: EntityType) -> EntityType:
        if name not in self:
            self[name] = typ
        return self[name]


class Reader(Toponyms):
    """One pass over one text: what it proposes and what it learns."""

    def __init__(self, text: str):
        self.text = text
        self.r = rules()
        self.gaz = gazetteer.load()
        self.tok = tokenizer()
        self.tags = tags()
        self.not_names = frozenset(self.r.t["name"]["not_names"])
        self.generic_places = frozenset(self.r.t["place"]["generic"])
        self.regions = frozenset(self.r.t["place"]["regions"])
        self.city_stems = city_stems()
        self.cands: list[Cand] = []
        self.learnt = Learnt()                      # names to find at every occurrence
        self._cuts: dict[tuple[int, int], set[int]] = {}

    # -- helpers ------------------------------------------------------------
    def add(self, start: int, end: int, typ: EntityType, rank: int = 0, learn: bool = False) -> None:
        if end - start >= 2:
            self.cands.append(Cand(start, end, typ, RANK[typ] * 10 + rank))
            if learn:
                self.learnt.setdefault(self.text[start:end], typ)

    def proper(self, word: str) -> bool:
        """A word that reads like part of a name: unknown or rare to jieba,
        a place, a code with Latin letters or digits, or an ordinal."""
        if len(word) < 2:
            return False
        if word in self.gaz.names or word in self.learnt or ORDINAL.match(word) or word in self.city_stems:
            return True
        if word in self.not_names:
            return False
        if re.search(r"[A-Za-z0-9]", word):
            return True
        freq = self.tok.FREQ.get(word, 0)
        if self.tags.get(word, "")[:2] in NAME_TAGS and freq < self.r.t["name"]["named_freq"]:
            return True
        return freq < self.r.t["name"]["rare_freq"]

    def bounds(self, word: str) -> bool:
        """A word no name holds: a boundary word, a number, or one of jieba's
        stock phrases that starts with a boundary word (全面实施, 进一步提高)."""
        if word in self.r.boundary or re.search(r"[0-9]", word) and not re.search(r"[A-Za-z]", word):
            return True
        if BATCH.match(word) or word == "批":
            return True
        return len(word) >= 4 and (word[:2] in self.r.boundary or word[:3] in self.r.boundary)

    def stops(self, word: str) -> bool:
        """`bounds`, or a verb, adverb, preposition, conjunction, pronoun,
        locative or time word (jieba's tags)."""
        return self.bounds(word) or (len(word) >= 2 and self.tags.get(word) in STOP_TAGS
                                     and word not in self.city_stems)

    def named(self, words: list[str]) -> bool:
        """Stricter than `proper`: a place, a code, a rare dictionary word or a
        name-tagged one, or an unknown word of three characters or more (an
        unknown pair such as 奶业 or 非遗 is as often jargon as a name)."""
        for w in words:
            if w in self.not_names or len(w) < 2:
                continue
            freq = self.tok.FREQ.get(w, 0)
            if (w in self.gaz.names or w in self.learnt or w in self.city_stems
                    or re.search(r"[A-Za-z0-9]", w) or ORDINAL.match(w)):
                return True
            if freq == 0 and len(w) >= 3:
                return True
            if self.tags.get(w, "")[:2] in NAME_TAGS and freq < self.r.t["name"]["named_freq"]:
                return True
        return False

    def proper_words(self, words: list[str]) -> bool:
        """Some word is proper, or two single characters in a row are (jieba
        breaks a name it does not know into characters: 火/炼/树)."""
        if any(self.proper(w) for w in words):
            return True
        return any(len(a) == len(b) == 1 and not self.stops(a) and a not in STOP
                   for a, b in zip(words, words[1:]))

    def segment(self, lo: int, hi: int) -> list[str]:
        """jieba's words for text[lo:hi], keeping names learnt in this report whole."""
        return self.words_of(self.text[lo:hi])

    def words_of(self, chunk: str) -> list[str]:
        heads = self.learnt.heads
        out, pos = [], 0
        for i in [i for i in range(len(chunk) - 1) if chunk[i:i + 2] in heads]:
            if i < pos:
                continue
            for name in heads[chunk[i:i + 2]]:
                if chunk.startswith(name, i):
                    out += self.cut(chunk[pos:i])
                    out.append(name)
                    pos = i + len(name)
                    break
        return out + self.cut(chunk[pos:])

    def cut(self, s: str) -> list[str]:
        """jieba's dictionary segmentation (no HMM), without its per-call
        regex splitting, which costs more than the cut on short windows."""
        if not s:
            return []
        dag = self.tok.get_DAG(s)
        route: dict = {}
        self.tok.calc(s, dag, route)
        out, x, loose = [], 0, False
        while x < len(s):
            y = route[x][1] + 1
            w = s[x:y]
            if out and w.isascii() and w.isalnum() and out[-1].isascii() and out[-1].isalnum():
                out[-1] += w                      # M0, 1号: keep Latin letters and digits together
            elif len(w) == 1 and loose and w not in FUNCTION_CHARS and w not in STOP and not w.isascii():
                out[-1] += w                      # 同/沙 → 同沙: the unknown word jieba's HMM would find
            else:
                out.append(w)
            loose = len(w) == 1 and w not in FUNCTION_CHARS and w not in STOP and not w.isascii()
            x = y
        return out

    def aligned(self, start: int, end: int) -> bool:
        """Whether jieba puts word boundaries at both ends of the span (the
        clause around it is segmented once and its cuts kept)."""
        return start in self.cuts_around(start) and end in self.cuts_around(max(start, end - 1))

    def cuts_around(self, pos: int) -> set[int]:
        lo = self.clause_start(pos)
        hi = pos
        while hi < len(self.text) and self.text[hi] not in STOP and hi - lo < 200:
            hi += 1
        cuts = self._cuts.get((lo, hi))
        if cuts is None:
            cuts, at = {lo, hi}, lo
            for w in self.cut(self.text[lo:hi]):
                at += len(w)
                cuts.add(at)
            self._cuts[(lo, hi)] = cuts
        return cuts

    def clause_start(self, pos: int) -> int:
        """Where the stretch between stop characters that holds `pos` starts
        (cut into 200-character blocks, so every position of a clause shares
        one segmentation)."""
        lo = pos
        while lo > 0 and self.text[lo - 1] not in STOP:
            lo -= 1
        return lo + (pos - lo) // 200 * 200

    def name_words(self, end: int, tagged: bool = True) -> list[str]:
        """The words of the name that ends at `end`, walking left until a
        stop character, a boundary word or (if `tagged`) a verb-like word."""
        limit = self.r.t["name"]["max_prefix"]
        lo = end
        while lo > 0 and end - lo < limit and self.text[lo - 1] not in STOP:
            lo -= 1
        words = self.segment(lo, end) if lo < end else []
        out: list[str] = []
        for w in reversed(words):
            if self.bounds(w) or not tagged and w in self.r.boundary:
                break
            if tagged and self.stops(w) and not (out and len(out[0]) == 1 and out[0] not in FUNCTION_CHARS):
                break                             # but 火炼/树: a tagged word before a lone character is a name's start
            out.insert(0, w)
        if out and lo > 0 and self.text[lo - 1] not in STOP and end - lo >= limit:
            out = out[1:]                       # the window cut a word in two
        return out

    # -- recognisers --------------------------------------------------------
    def quoted(self) -> None:
        """“…” and 《…》 names: the inner text is the POLICY."""
        pol = self.r.t["policy"]
        for m in re.finditer(r"“([^“”\n]{2,60})”|《([^《》\n]{2,60})》", self.text):
            g = 1 if m.group(1) is not None else 2
            inner = m.group(g)
            if len(inner) > pol["max_len"] or any(p.search(inner) for p in self.r.skip_quoted):
                continue
            if g == 1 and re.search(r"[，,。；;！!？?]", inner):
                continue                          # a quoted sentence, not a name
            if inner in self.regions:
                continue                          # “北上广深”: a quoted region is still a place
            if g == 1 and self.common_word(inner):
                continue
            learn = len(inner) >= pol["recur_min"]
            self.add(m.start(g), m.end(g), EntityType.POLICY, rank=2, learn=learn)
        for name in pol["known"]:
            self.learnt.setdefault(name, EntityType.POLICY)

    def common_word(self, word: str) -> bool:
        """A short quoted period word (“窗口期”, “过渡期”): a time, not a programme;
        quoted metaphors (“一盘棋”, “直通车”) stay POLICY, as the guide has them."""
        return len(word) <= 3 and word.endswith(tuple(self.r.t["policy"]["period_ends"]))

    def organs(self) -> None:
        """Party and state organs; a place right before one belongs to it."""
        gov = self.r.t["gov"]
        for m in self.r.gov_re.finditer(self.text):
            word = m.group()
            if word.endswith("中央") and self.text.startswith(tuple(gov["not_followed_by"]), m.end()):
                continue
            self.add(m.start(), m.end(), EntityType.GOV)

    def suffixed(self, types: tuple[str, ...]) -> None:
        """Names that end in an ORG, PLACE or PROJECT suffix."""
        for m in self.r.suffix_re.finditer(self.text):
            typ = self.r.suffix_type[m.group()]
            if typ not in types:
                continue
            road = m.group() in self.r.t["place"]["road_suffixes"]
            words = self.road_words(m.start()) if road else self.name_words(m.start())
            if not words or not self.aligned(m.end(), m.end()):
                continue                          # 中学 in 中小学, 电子 in 电子信息
            if len(m.group()) == 1 and self.tok.FREQ.get(words[-1][-1] + m.group(), 0) >= self.r.t["name"]["rare_freq"]:
                continue                          # 村 in 乡村, 岛 in 海岛
            if m.group() == "项目" and words[-1] in self.r.suffix_type:
                continue                          # 第三幼儿园项目: the name is 第三幼儿园
            start = m.start() - len("".join(words))
            check = getattr(self, f"ok_{typ.lower()}")
            if road or check(words, m.group(), self.text[start:m.end()]):
                end = m.end()
                if typ == "PROJECT":
                    start, end = self.widen(start, end)
                self.add(start, end, EntityType(typ), learn=True)
                self.learn_toponym(words, typ, m.group())
                if typ == "PLACE" and self.text[end - 1] in self.r.t["place"]["road_ends"]:
                    self.listed_roads(end)

    def widen(self, start: int, end: int) -> tuple[int, int]:
        """A facility's name with what the walk leaves out: a phase after it
        (（二期）), a developer before a · (中南高科·清苑…产业园), a starting
        place before 至 (石家庄至张家口高铁)."""
        phase = re.match(self.r.t["project"]["phase"], self.text[end:end + 6])
        if phase:
            end += phase.end()
        if start > 1 and self.text[start - 1] in "·至":
            words = self.name_words(start - 1)
            joined = "".join(words)
            if words and (self.text[start - 1] == "·" and self.proper_words(words)
                          or all(w in self.gaz.names for w in words)):
                start -= len(joined) + 1
        return start, end

    def learn_toponym(self, words: list[str], typ: str, suffix: str) -> None:
        """周屋社区 teaches 周屋; 同沙科技园 teaches 同沙 (a word jieba does
        not know, or knows as a place, at the head of a facility name)."""
        if typ == "PLACE" and suffix in self.r.t["place"]["alias_suffixes"]:
            self.learnt.setdefault("".join(words), EntityType.PLACE)
        elif typ == "PROJECT" and suffix not in ("项目", "工程") and len(words) >= 2 and len(words[0]) >= 2:
            head = words[0]
            if head in self.not_names or head in self.r.boundary:
                return
            if not self.tok.FREQ.get(head):
                if head not in self.learnt and self.aligned(self.text.find(head), self.text.find(head) + len(head)):
                    self.learnt[head] = EntityType.PLACE

    def ok_org(self, words: list[str], suffix: str, span: str) -> bool:
        org = self.r.t["org"]
        if generic(span, org["generic"]) or len(span) > 12 or "企业" in span:
            return False
        if suffix in org["strong"]:
            return self.proper(words[0]) and not ORDINAL.match(words[0]) and len(words) <= 4  # not 第一时间调度保险公司
        # an industry word needs a coined name before it: 生益电子, not 新能源汽车
        return (len(words) == 1 and 2 <= len(words[0]) <= 3 and not self.tok.FREQ.get(words[0])
                and words[0] not in self.not_names)

    def ok_place(self, words: list[str], suffix: str, span: str) -> bool:
        # 高新区 alone is generic, 雄安高新区 a name: the suffix itself counts only whole
        if span == suffix or generic(span, [g for g in self.r.t["place"]["generic"] if g != suffix]):
            return False
        first = words[:2] if len(words[0]) == 1 else words[:1]   # 火/炼/树社区: an unknown name in characters
        if any(w in self.r.t["place"]["generic"] for w in words):
            return False                          # 行政村村级, 农村单村
        return len(words) <= 3 and not ORDINAL.match(words[0]) and self.proper_words(first)

    def ok_project(self, words: list[str], suffix: str, span: str) -> bool:
        proj = self.r.t["project"]
        # 项目 and 工程 follow jargon as often as names (奶业项目), so they need a
        # stronger sign than an unknown pair; 京张高铁 and 同沙科技园 do not
        loose = suffix not in ("项目", "工程")
        if span in proj["categories"] or generic(span, proj["generic_spans"]) or len(words) > proj["max_words"]:
            return False                          # 国家公园 alone is a category; 岭南国家公园 a name
        strict = not loose or suffix in proj["strict"]
        has_proper = self.named(words) if strict else self.proper_words(words)
        if len(suffix) == 1 and suffix in proj["strict"] and len(words[-1]) == 1 and self.tok.FREQ.get(words[-1] + suffix):
            return False                          # 临港, 空港: a word, not 湛江临 + 港
        if suffix in proj["need_proper"] and not has_proper:
            return suffix == "公园" and words[-1] not in proj["generic_heads"] and len(words) == 1
        head = next((h for h in proj["generic_heads"] if "".join(words).endswith(h)), None)
        if head and not self.named(self.words_of("".join(words)[:-len(head)])):
            return False
        return True

    def lists(self) -> None:
        """A、B以及C等变电站 / 温塘、桑园等…村 / 企业如A、B: each item is a name."""
        heads = {h: EntityType.PROJECT for h in self.r.t["project"]["list_heads"]}
        heads.update({h: EntityType.PLACE for h in self.r.t["place"]["list_heads"]})
        head_re = re.compile(alternation(heads))
        for m in re.finditer("等", self.text):
            tail = re.match(r"[^，,。；;：:、！？\n]{0,12}", self.text[m.end():]).group()
            hm = head_re.search(tail)
            if hm and not (heads[hm.group()] is EntityType.PLACE
                           and tail.startswith(tuple(self.r.t["place"]["not_list_head_before"]), hm.end())):
                self.list_items(m.start(), heads[hm.group()])
        org_head = re.compile(f"等[^，,。；;：:、！？\n]{{0,4}}?(?:{alternation(self.r.t['org']['list_heads'])})")
        for m in org_head.finditer(self.text):
            self.list_items(m.start(), EntityType.ORG, vetted=False)
        for m in re.finditer(f"等(?:{alternation(self.r.t['org']['list_after'])})", self.text):
            self.list_items(m.start(), EntityType.ORG, vetted=False)
        cue_re = re.compile(alternation(self.r.t["org"]["cues"]))
        for m in cue_re.finditer(self.text):
            end = m.end()
            while end < len(self.text) and self.text[end] not in CLAUSE_END and self.text[end] != "等":
                end += 1
            self.list_items(end, EntityType.ORG, lo=m.end(), walk=False)

    def list_items(self, end: int, typ: EntityType, lo: int | None = None, walk: bool = True,
                   vetted: bool = True) -> None:
        """Add each item of the 、/以及/和 list that ends at `end`; the first
        item is walked back past the clause's verb."""
        if lo is None:
            lo = end
            while lo > 0 and self.text[lo - 1] not in CLAUSE_END:
                lo -= 1
        cuts = [lo] + [x for mm in re.finditer("、|以及", self.text[lo:end])
                       for x in (lo + mm.start(), lo + mm.end())] + [end]
        items = list(zip(cuts[::2], cuts[1::2]))
        if typ is not EntityType.ORG and len(items) < 2:
            return
        spans = []
        for k, (s, e) in enumerate(items):
            if k == 0 and walk:
                s = e - len("".join(self.name_words(e)))
                if e - s < 2:                     # 学前站: jieba reads 学前 as a verb
                    s = e - len("".join(self.name_words(e, tagged=False)))
            if 2 <= e - s <= 10 and not STOP & set(self.text[s:e]):
                spans += self.joined(s, e)
        if typ is EntityType.ORG:                 # after 企业如 every item; after 等…企业 coined names
            passed = spans if vetted else [(s, e) for s, e in spans if self.org_item(self.text[s:e])]
        else:
            strict = typ is EntityType.PROJECT   # 临港工业、滨海旅游等项目 are not names
            passed = [(s, e) for s, e in spans if self.list_name(self.text[s:e], typ, strict)]
            strong = [(s, e) for s, e in passed if self.list_name(self.text[s:e], typ, strict=True)]
            if 2 * len(strong) >= len(items):     # most items are surely names: so are the rest (周屋)
                passed = [(s, e) for s, e in spans if self.proper_words(self.cut(self.text[s:e]))]
        for s, e in passed:
            self.add(s, e, typ, rank=-1, learn=True)

    def joined(self, s: int, e: int) -> list[tuple[int, int]]:
        """An item that is two names of this report joined by 及/和/与
        (雄忻高铁及保定南站) is two items."""
        m = re.fullmatch(r"(.{2,}?)[及和与](.{2,})", self.text[s:e])
        if m and m.group(1) in self.learnt and m.group(2) in self.learnt:
            return [(s, s + m.end(1)), (s + m.start(2), e)]
        return [(s, e)]

    def org_item(self, item: str) -> bool:
        """A firm in 华为、比亚迪等企业: a coined first word (not 钢铁、煤炭等企业)."""
        words = self.words_of(item)
        if generic(item, self.r.t["org"]["generic"]) or not words or len(item) > 8:
            return False
        return self.proper(words[0]) and words[0] not in self.gaz.names

    def list_name(self, item: str, typ: EntityType, strict: bool = False) -> bool:
        """A list item is a name if it holds a place or a code (桑园中集, 黄旗1号),
        or, in a list of facilities, ends like one (学前站); 奶业 and 曲棍球
        in 奶业、中央厨房等…工程 are not."""
        words = self.words_of(item)
        if strict:                                # a name of this report, a code, a facility,
            rest = [w for w in words if w not in self.gaz.names]   # or a place and a coined name
            return (any(w in self.learnt for w in words) or bool(re.search(r"[A-Za-z0-9]", item))
                    or item[-1] in self.r.t["project"]["list_item_ends"] and len(words) > 1   # not 高校, 医院
                    or len(rest) < len(words) and any(not self.tok.FREQ.get(w) and len(w) >= 2 for w in rest))
        if self.named(words):
            return True
        if typ is EntityType.PLACE:
            return self.proper_words(words)       # 温塘、桑园等…村: villages are unknown words
        return item[-1] in self.r.t["project"]["list_item_ends"] and self.proper_words(words)

    def patterned(self) -> None:
        """Facilities matched by a pattern of the table (110kV邓阮线)."""
        for pattern in self.r.t["project"]["patterns"]:
            for m in re.finditer(pattern, self.text):
                self.add(m.start(), m.end(), EntityType.PROJECT, learn=True)

    def brought_in(self) -> None:
        """招引中建铁投。: a short proper name right after 招引/引进 and before a stop."""
        verbs = alternation(self.r.t["org"]["bring_in"])
        for m in re.finditer(f"(?:{verbs})([^{re.escape(''.join(sorted(STOP)))}]{{2,6}})(?=[，,。；;])", self.text):
            words = self.cut(m.group(1))
            if self.named(words) and len(words) <= 3 and not re.search(r"[0-9]", m.group(1)):
                self.add(m.start(1), m.end(1), EntityType.ORG, learn=True)

    def recurrences(self) -> None:
        """Every occurrence of a name learnt anywhere in the report."""
        # each name on its own, so 东城 is found inside 东城体育公园 too (as nested)
        for word, typ in list(self.learnt.items()):
            at = self.text.find(word)
            while at >= 0:
                if self.aligned(at, at + len(word)):     # not 地等项目 inside 基地等项目
                    self.add(at, at + len(word), typ, rank=-2)
                at = self.text.find(word, at + 1)

    def merge_organs(self, cands: list[Cand]) -> list[Cand]:
        """保定市 + 清苑区 + 人民政府 → one GOV; 东莞 + 县委 → 东莞县委."""
        places = {c.end: c for c in cands if c.type is EntityType.PLACE}
        out = []
        for c in cands:
            if c.type is EntityType.GOV:
                start = c.start
                while start in places or (start + 1 in places and self.text[start] in "省市区县州"):
                    p = places.get(start) or places[start + 1]
                    if p.start >= start:
                        break
                    start = p.start
                if self.text.startswith(self.r.t["gov"]["prefix"], start - 2):
                    start -= 2
                c = Cand(start, c.end, c.type, c.rank)
            out.append(c)
        return out

    def run(self) -> tuple[Entity, ...]:
        self.quoted()
        self.region_names()
        self.places()
        self.waters()
        self.organs()
        self.suffixed(("PLACE",))             # toponyms first: they teach names to the rest
        self.suffixed(("ORG", "PROJECT"))
        self.lists()
        self.brought_in()
        self.patterned()
        self.recurrences()
        return resolve(self.text, self.merge_organs(self.cands))


def generic(span: str, table: list[str]) -> bool:
    """Whether a span is a generic word of the table: equal to a short entry
    or ending in a longer one (精细化管理示范村 ends in 示范村).

    >>> generic("周屋社区", ["社区"]), generic("精细化管理示范村", ["示范村"])
    (False, True)
    """
    return any(span == g or len(g) >= 3 and span.endswith(g) for g in table)


def resolve(text: str, cands: list[Cand]) -> tuple[Entity, ...]:
    """Longest span wins; ties go to the higher rank. A PLACE or GOV inside a
    winning PROJECT or PLACE is kept as nested; other overlaps are dropped."""
    order = sorted(set(cands), key=lambda c: (-(c.end - c.start), -c.rank, c.start))
    taken: list[Cand] = []
    owner: list[Cand | None] = [None] * len(text)    # which taken span holds each character
    nested: dict[tuple[int, int], Cand] = {}
    for c in order:
        hit = list({id(t): t for t in owner[c.start:c.end] if t is not None}.values())
        if not hit:
            taken.append(c)
            owner[c.start:c.end] = [c] * (c.end - c.start)
        elif (c.type in (EntityType.PLACE, EntityType.GOV) and len(hit) == 1
              and hit[0].type in (EntityType.PROJECT, EntityType.PLACE)
              and hit[0].start <= c.start and c.end <= hit[0].end
              and (c.start, c.end) != (hit[0].start, hit[0].end)
              and c.start == hit[0].start and text[c.end:hit[0].end] not in DIVISION_SUFFIXES):
            inner = [n for n in nested.values() if n.start < c.end and c.start < n.end]
            if not inner:
                nested[(c.start, c.end)] = c
    out = [Entity(text[c.start:c.end], c.start, c.end, c.type) for c in taken]
    out += [Entity(text[c.start:c.end], c.start, c.end, c.type, nested=True) for c in nested.values()]
    return tuple(sorted(out, key=lambda e: (e.start, -e.end)))


def extract(text: str) -> tuple[Entity, ...]:
    """The named entities of a report, sorted by position.

    >>> [(e.text, e.type.value) for e in extract("落实省委“双统筹”部署")]
    [('省委', 'GOV'), ('双统筹', 'POLICY')]
    """
    if not text:
        return ()
    return Reader(text).run()
