"""Item labels of Chinese reports: 第一部分 一、 （一） 一是 第一， 1. （1） ① 首先
and —— bullets at the start of a line, and runs of 一是 / 第一， / 首先 inside one. A label knows its
style (the key that nests items), its number and where its title starts."""
from __future__ import annotations

import re
from dataclasses import dataclass

CN = "一二三四五六七八九十"
CN_VALUE = {c: i for i, c in enumerate("〇一二三四五六七八九", start=0)}

LINE_LABEL = re.compile(rf"""
    (?P<bufen>第[{CN}]{{1,3}}部分)[、，,：:．.]?       # 第一部分 a part of a long report
  | (?P<dash>——)(?![—\s]*(?:19|20)\d\d年\d{{1,2}}月)    # ——经济运行总体平稳。 a bullet (not the date line)
  | (?P<part>[{CN}]{{1,3}})[、．.]                  # 一、 a part or a numbered paragraph
  | (?P<paren>[（(][{CN}]{{1,3}}[）)])[、，,.．]?    # （一）
  | (?P<shi>[{CN}]{{1,3}}是)                        # 一是
  | (?P<di>第[{CN}]{{1,3}})[，,、：:]               # 第一，
  | (?P<digit>\d{{1,2}})[.．、](?!\d)               # 1. 1、 but not 1.5
  | (?P<pdigit>[（(]\d{{1,2}}[）)])                  # （1）
  | (?P<circ>[①-⑳])                                # ①
  | (?P<seq>首先|其次|再次|最后)[，,、：:]           # 首先，
""", re.X)

# Labels inside a line follow a sentence break (一是 also a comma): …；二是…
INLINE_LABEL = re.compile(rf"""
    (?<=[。；;！？!?：:，,])[ \u3000]*
    (?:(?P<shi>[{CN}]{{1,3}}是)
      |(?P<di>第[{CN}]{{1,3}})[，,、]
      |(?P<seq>首先|其次|再次|最后)[，,])
""", re.X)

STYLE = {"bufen": "第一部分", "dash": "——", "part": "一、", "paren": "（一）", "shi": "一是", "di": "第一，", "digit": "1.",
         "pdigit": "（1）", "circ": "①", "seq": "首先"}
SEQ_VALUE = {"首先": 1, "其次": 2, "再次": 3, "最后": 0}   # 最后 closes any run


def cn_number(s: str) -> int:
    """'三' -> 3, '十二' -> 12, '二十一' -> 21, '12' -> 12.

    >>> [cn_number(x) for x in ("三", "十", "十二", "二十一", "12")]
    [3, 10, 12, 21, 12]
    """
    if s.isdigit():
        return int(s)
    if "十" not in s:
        return CN_VALUE.get(s, 0)
    tens, _, ones = s.partition("十")
    return (CN_VALUE.get(tens, 0) if tens else 1) * 10 + (CN_VALUE.get(ones, 0) if ones else 0)


@dataclass(frozen=True, slots=True)
class Label:
    style: str         # the style key: 一、 （一） 一是 第一， 1. （1） ① 首先
    number: int        # 0 for 最后
    text: str          # as written, without trailing punctuation: 一 / （一） / 一是 / 第一 / 1
    start: int
    end: int           # after the label's punctuation
    title_start: int   # after any spaces following the label

    def shifted(self, by: int) -> "Label":
        return Label(self.style, self.number, self.text, self.start + by, self.end + by, self.title_start + by)


def _label(m: re.Match, base: int = 0) -> Label:
    kind = m.lastgroup
    raw = m.group(kind)
    if kind == "seq":
        number = SEQ_VALUE[raw]
    elif kind == "dash":
        number = 0                # bullets are not counted
    elif kind == "bufen":
        number = cn_number(raw[1:-2])
    elif kind == "circ":
        number = ord(raw) - ord("①") + 1
    else:
        number = cn_number(raw.strip("（()）第是"))
    title = m.end()
    while title < len(m.string) and m.string[title] in " \u3000\t":
        title += 1
    return Label(STYLE[kind], number, raw, m.start(kind) - base, m.end() - base, title - base)


def line_label(line: str) -> Label | None:
    """The label a line starts with, if any."""
    m = LINE_LABEL.match(line)
    return _label(m) if m else None


def inline_labels(line: str, skip: int = 0) -> list[Label]:
    """Runs of labels inside a line (…：一是…；二是…), numbered 1, 2, 3…;
    a lone 一是 or a broken count is no run."""
    found = [_label(m) for m in INLINE_LABEL.finditer(line, skip)]
    found = [lab for lab in found if lab.style == "一是" or line[lab.start - 1] not in "，,"]
    out: list[Label] = []
    for style in {lab.style for lab in found}:
        run: list[Label] = []
        for lab in (x for x in found if x.style == style):
            if lab.number == 1:
                run = [lab]
            elif run and (lab.number == run[-1].number + 1 or lab.number == 0):
                run.append(lab)
            else:
                continue
            if len(run) == 2:
                out.extend(run)
            elif len(run) > 2:
                out.append(lab)
    return sorted(out, key=lambda lab: lab.start)

