"""Place names in a report: the division gazetteer, regional and city-cluster
names, rivers and lakes, roads. A mixin of luoshi.entities.Reader (it uses the
reader's text, segmentation and `add`); kept apart because place names follow
rules of their own (a road's name is whatever word stands before 西路; a
county name inside a road name is not a place).
"""
from __future__ import annotations

import re
from functools import cache

from . import gazetteer
from .model import EntityType

# The text's character classes, shared with luoshi.entities.
STOP = set("，,。；;：:、！!？?（）()《》“”‘’\"'\n\r\t 　…·—-[]【】/")
CLAUSE_END = set("，,。；;：:！!？?\n")
FUNCTION_CHARS = set("的了和与及或等在对为把将是由向从于到至如其各个被让给以含")


class Toponyms:
    """Place recognisers of luoshi.entities.Reader."""

    def region_names(self) -> None:
        """Regional and city-cluster names (京津冀, 长三角, 雄安) wherever they
        stand; a two-character one only on jieba's word boundaries."""
        taken: set[int] = set()
        for name in sorted(self.regions, key=len, reverse=True):   # not 北上广 inside 北上广深
            at = self.text.find(name)
            while at >= 0:
                if at not in taken and (len(name) > 2 or self.region_at(at, name)):
                    self.add(at, at + len(name), EntityType.PLACE, rank=1)
                    taken.update(range(at, at + len(name)))
                at = self.text.find(name, at + 1)

    def region_at(self, at: int, name: str) -> bool:
        """A two-character region starts a word (not 关中 in 机关中) and ends
        one, unless jieba does not know it (雄安中 is cut 雄/安/中 and merged)."""
        cuts = self.cuts_around(at)
        return at in cuts and (at + 2 in self.cuts_around(at + 1) or not self.tok.FREQ.get(name))

    def waters(self) -> None:
        """Rivers, lakes and mountains jieba knows as place names (潮白河, 白洋淀)."""
        ends = self.r.t["place"]["water_ends"]
        for i, ch in enumerate(self.text):
            if ch not in ends:
                continue
            for n in (4, 3, 2):
                word = self.text[max(0, i - n + 1):i + 1]
                if (len(word) == n and self.tags.get(word) == "ns" and not set(word) <= set(ends)
                        and word not in self.r.t["place"]["not_waters"] and self.aligned(i - n + 1, i + 1)
                        and not self.tags.get(word[:2], "").startswith("v")   # 留得青山 is a saying
                        and not self.r.suffix_re.match(self.text, i + 1)):    # 青山 in 青山水库
                    self.add(i - n + 1, i + 1, EntityType.PLACE, learn=True)
                    break

    def places(self) -> None:
        """Division names from the gazetteer; township short forms only where
        the report writes the full name."""
        text, gaz = self.text, self.gaz
        heads = gaz.by_head
        hits: list[tuple[int, int]] = []
        for i in [i for i in range(len(text) - 1) if text[i:i + 2] in heads]:
            if hits and i < hits[-1][1]:
                continue
            name = gaz.match_at(text, i)
            if name in self.generic_places or name and self.inside_road(i, i + len(name)):
                continue
            if name and (len(name) >= 4 or self.aligned(i, i + len(name))):
                hits.append((i, i + len(name)))
                short = gaz.town_short.get(name)
                if short:
                    self.learnt.setdefault(short, EntityType.PLACE)
        # adjacent divisions, each under the one before, are one place name:
        # 贵州铜仁万山, 保定市清苑区; but not 清苑北京招商中心
        merged: list[list[int]] = []
        for s, e in hits:
            if merged and merged[-1][1] == s and self.level_below(text[merged[-1][2]:s], text[s:e]):
                merged[-1][1:] = [e, s]
            else:
                merged.append([s, e, s])         # start, end, start of the last part
        for s, e, _ in merged:
            self.add(s, e, EntityType.PLACE)

    def inside_road(self, start: int, end: int) -> bool:
        """A division name inside a road's name (阳城 in 壁阳城街): a name
        character before it and 街/路 right after it."""
        return (start > 0 and self.text[start - 1] not in STOP and self.text[start - 1] not in FUNCTION_CHARS
                and self.text[end:end + 1] in tuple(self.r.t["place"]["road_ends"]))

    def level_below(self, upper: str, lower: str) -> bool:
        """Whether division `lower` sits at a lower level than `upper`.

        >>> from luoshi.entities import Reader
        >>> r = Reader("")
        >>> r.level_below("贵州", "铜仁"), r.level_below("北京", "河北")
        (True, False)
        """
        order = {"province": 0, "city": 1, "county": 2, "town": 3}
        return order.get(self.gaz.names.get(upper), 9) < order.get(self.gaz.names.get(lower), -1)

    def road_words(self, end: int) -> list[str]:
        """The road name before 西路 / 大街: its last word whatever it means
        (发展西路), or two short ones (火/炬), up to four characters."""
        words = self.name_words(end, tagged=False)
        out: list[str] = []
        for w in reversed(words):
            if len("".join(out)) + len(w) > 4 or w in FUNCTION_CHARS:
                break
            out.insert(0, w)
        return out if len("".join(out)) >= 2 else []

    def listed_roads(self, end: int) -> None:
        """Roads listed after a road: 新华西路、壁阳城街和发展西路."""
        ends = self.r.t["place"]["road_ends"]
        item = re.compile(f"[、和及与]([^{re.escape(''.join(sorted(STOP)))}和及与]{{1,5}}?[{ends}])(?![道口网段])")
        m = item.match(self.text, end)
        while m:
            self.add(m.start(1), m.end(1), EntityType.PLACE, rank=-1)
            m = item.match(self.text, m.end())


@cache
def city_stems() -> frozenset[str]:
    """Cities' names without 市 (保定): a name's head in 保定南站, though not
    matched alone, since the division list marks some of them unsafe (保定 is a verb too)."""
    names = gazetteer.load().names
    return frozenset(n[:-1] for n, level in names.items() if level == "city" and n.endswith("市") and len(n) >= 3)
