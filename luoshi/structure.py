"""The outline of a report: its parts (intro / review / plan / other), their
numbered items nested by label style, the lead phrases (topics) of plan
items, sentences and clauses, and the years reviewed and planned.

Everything is found on the text as given (lines split at \\n only), so every
offset indexes the caller's string. Word tables live in data/structure.toml."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .labels import Label, cn_number, inline_labels, line_label
from .model import Item, Role, Section, Span, Structure
from .sentences import clauses, sentences, trim_end
from .topics import paragraph_items, tables, with_topics

__all__ = ["outline", "find_government", "find_title", "sentences", "clauses", "line_label",
           "cn_number"]


@dataclass(frozen=True, slots=True)
class Line:
    start: int
    end: int          # end of the content, trailing whitespace dropped
    text: str


def split_lines(text: str) -> list[Line]:
    """The non-blank lines of `text` with their offsets."""
    out, pos = [], 0
    for raw in text.split("\n"):
        stripped = raw.rstrip()
        lead = len(stripped) - len(stripped.lstrip())
        if stripped.strip():
            out.append(Line(pos + lead, pos + len(stripped), stripped[lead:]))
        pos += len(raw) + 1
    return out


# ---------------------------------------------------------------- part headings

YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?=年)")
NO_HEADING_PUNCT = re.compile(r"[，,。；;：:！？!?]")
APPENDIX = re.compile(r"^(?:附件|附录)[\s\d一二三四五六七八九十：:、]*")


def _heading_like(rest: str) -> bool:
    """The text after 一、 is a part title, not a numbered paragraph."""
    core = rest.rstrip("。")
    return 0 < len(core) <= tables()["heading"]["max_len"] and not re.search(r"[。！？!?；;]", core)


# A part title sharing its line with the body: 一、2023年工作回顾 2023年是… / 一、2023年工作回顾。2023年是…
INLINE_HEAD = re.compile(r"([^\s，,。；;：:！？!?]{2,40})([ \u3000]+|。)(?=\S)")


def _names_a_part(title: str, by_gap: bool) -> bool:
    """A short lead names a part when it holds a heading word (工作回顾, 工作安排),
    or, set off by a space, a year (2023年经济社会发展)."""
    return any(w in title for w in tables()["heading"]["words"]) or (by_gap and bool(YEAR.search(title)))


def heading_len(rest: str) -> int | None:
    """How much of `rest` (a line after its label) is a part title: all of a short
    line, or the lead before a space or 。 when the body follows on the same line;
    None when `rest` is a numbered paragraph."""
    if _heading_like(rest):
        return len(rest)
    m = INLINE_HEAD.match(rest)
    if m and len(m.group(1)) <= tables()["heading"]["max_len"] and _names_a_part(m.group(1), m.group(2) != "。"):
        return m.end(1)
    return None


# A first line naming a government or a report is the title, not a part heading.
TITLE_LIKE = re.compile(r"报告|[\u4e00-\u9fff](?:街道|镇|乡|县|区|市|省|政府)")


def _unnumbered_heading(line: Line) -> bool:
    t = line.text[:unnumbered_len(line.text)]
    return (len(t) <= 30 and not NO_HEADING_PUNCT.search(t) and not t.startswith("—")
            and any(w in t for w in tables()["heading"]["words"]))


def unnumbered_len(t: str) -> int:
    """An unnumbered heading ends its line or a space before the body (2022年工作回顾 过去一年…)."""
    m = INLINE_HEAD.match(t)
    return m.end(1) if m and m.group(2) != "。" and _names_a_part(m.group(1), False) else len(t)


def _appendix(line: Line) -> bool:
    return bool(APPENDIX.match(line.text)) and len(line.text) <= 20


def _boilerplate(line: Line) -> bool:
    return len(line.text) <= 20 and any(w in line.text for w in tables()["trailer"]["boilerplate"])


def find_parts(lines: list[Line]) -> list[tuple[int, str]]:
    """(line index, kind) of every part heading; kind is numbered / unnumbered /
    appendix / boilerplate. Numbered parts (一、二、…) must run in order;
    unnumbered ones (2022年工作回顾) are used when they come first."""
    numbered, unnumbered, extra, big = [], [], [], []
    expect = 1
    for i, ln in enumerate(lines):
        lab = line_label(ln.text)
        if _boilerplate(ln) and i > 0:              # before appendices: 附件下载 is a site widget
            extra.append((i, "boilerplate"))
        elif _appendix(ln):
            extra.append((i, "appendix"))
        elif lab and lab.style == "第一部分":       # 第一部分 … 第二部分: they hold any 一、
            if lab.number == len(big) + 1 and not any(k == "appendix" for _, k in extra):
                big.append(i)
        elif lab and lab.style == "一、" and heading_len(ln.text[lab.end:]) is not None:
            if lab.number == expect and not any(k == "appendix" for _, k in extra):
                numbered.append(i)
                expect += 1
        elif not lab and (i > 0 or not TITLE_LIKE.search(ln.text)) and _unnumbered_heading(ln):
            unnumbered.append(i)
    numbered = big or numbered
    use_unnumbered = unnumbered and (not numbered or unnumbered[0] < numbered[0]) and not big
    chosen = [(i, "unnumbered") for i in unnumbered] if use_unnumbered else [(i, "numbered") for i in numbered]
    if chosen:
        first = chosen[0][0]
        extra = [(i, k) for i, k in extra if i > first]
    return sorted(chosen + extra)


# ---------------------------------------------------------------- years and roles

DATE_LINE = re.compile(r"((?:19|20)\d\d)年(\d{1,2})月\d{1,2}日")


def report_years(lines: list[Line], headings: list[str]) -> tuple[int | None, int | None]:
    """(review year, plan year): from the part headings first, then the meeting
    date (a December meeting plans the next year), then the title."""
    review = plan = None
    words = tables()["role"]
    for h in headings:
        ys = [int(y) for y in YEAR.findall(h)]
        if not ys:
            continue
        if any(w in h for w in words["review_strong"]) or (
                any(w in h for w in words["review"]) and not any(w in h for w in words["plan"])):
            review = review or ys[0]
        elif any(w in h for w in words["plan"]) or plan is None and review is not None:
            plan = plan or ys[-1]
    heading_years = sorted({int(y) for h in headings for y in YEAR.findall(h)})
    if review is None and plan is None and len(heading_years) >= 2:
        review, plan = heading_years[0], heading_years[-1]
    if review is None and plan is None:
        for ln in lines[:8]:
            m = DATE_LINE.search(ln.text)
            if m and ("会议" in ln.text or ln.text.startswith(("—", "（", "("))):
                y, mo = int(m.group(1)), int(m.group(2))
                review, plan = (y, y + 1) if mo >= 10 else (y - 1, y)
                break
    if review is None and plan is None:
        review, plan = title_years(lines)
    if review is None and plan is None:
        review, plan = opening_year(lines)
    if review is None and plan is not None:
        review = plan - 1
    if plan is None and review is not None:
        plan = review + 1
    return review, plan


TITLE_PLAN = ("报告", "计划", "安排", "思路", "打算", "要点")
OPENING_YEAR = re.compile(r"((?:19|20)\d\d)年[，,是]")


def opening_year(lines: list[Line]) -> tuple[int | None, int | None]:
    """A report without title or dated headings that opens on its year and says
    what it does: 2022年，东港街道…现将我街道今年工作总结报告如下 reviews 2022."""
    for ln in lines[:3]:
        m = OPENING_YEAR.match(ln.text)
        if not m:
            continue
        year = int(m.group(1))
        if any(w in ln.text for w in tables()["role"]["review_strong"]):
            return year, None
        if any(w in ln.text for w in TITLE_PLAN[1:]):
            return None, year
    return None, None


def title_years(lines: list[Line]) -> tuple[int | None, int | None]:
    """Years from a title line: 2021年…政府工作报告 plans 2021; 西溪街道2021年工作总结和
    2022年工作思路 reviews 2021 and plans 2022."""
    for ln in lines[:3]:
        ys = [int(y) for y in YEAR.findall(ln.text)]
        if not ys or ln.text.startswith(("—", "（", "(")) or len(ln.text) > 40 \
                or NO_HEADING_PUNCT.search(ln.text):              # a body sentence, not a title
            continue
        plan_w = any(w in ln.text for w in TITLE_PLAN)
        review_w = any(w in ln.text for w in tables()["role"]["review_strong"])
        if plan_w and review_w and len(ys) >= 2:
            return ys[0], ys[-1]
        if plan_w:
            return None, ys[0]
        if review_w:
            return ys[0], None
    return None, None


def title_role(lines: list[Line]) -> Role:
    """What a whole document does by its title (南城街道2023年工作计划 is a plan)."""
    for ln in lines[:2]:
        review_w = any(w in ln.text for w in tables()["role"]["review_strong"])
        plan_w = any(w in ln.text for w in TITLE_PLAN[1:])
        if review_w != plan_w:
            return Role.REVIEW if review_w else Role.PLAN
    return Role.OTHER


def tense(body: str) -> Role:
    """Review or plan from the body's verbs where no heading says which."""
    t = tables()["tense"]
    future = sum(body.count(w) for w in t["future"]) - sum(body.count(w) for w in t["not_future"])
    past = sum(body.count(w) for w in t["past"])
    if future == past == 0:
        return Role.OTHER
    return Role.PLAN if future > past else Role.REVIEW


def heading_role(heading: str, body: str, review_year: int | None, plan_year: int | None,
                 fallback: Role = Role.OTHER) -> Role:
    """A part's role: its heading's words and year, else its body's tense,
    else `fallback` (the document's or the previous part's role)."""
    w = tables()["role"]
    has = lambda key: any(x in heading for x in w[key])  # noqa: E731
    if has("other") and not YEAR.search(heading):
        return Role.OTHER
    if has("review_strong"):
        return Role.REVIEW
    years = [int(y) for y in YEAR.findall(heading)]
    if years and plan_year and years[-1] >= plan_year:
        return Role.PLAN
    if years and review_year and years[0] <= review_year and not has("plan"):
        return Role.REVIEW
    plan_w, review_w = has("plan"), has("review")
    if plan_w != review_w:
        return Role.PLAN if plan_w else Role.REVIEW
    return tense(body) if tense(body) != Role.OTHER else fallback


# ---------------------------------------------------------------- items

@dataclass(slots=True)
class Node:
    label: Label
    line_end: int
    inline: bool
    end: int = -1
    title_end: int = -1
    children: list["Node"] = field(default_factory=list)
    one_line: bool = False    # a —— bullet is its own line: what follows is not inside it


TITLE_END = re.compile(r"[。！？；;!?：:]")


# A space after a Chinese word sets a short title off from its body: （一）稳增长 全年…
TITLE_GAP = re.compile(r"(?<=[\u4e00-\u9fff）)”》])[ \u3000]+(?=\S)")


def _title_end(text: str, lab: Label, line_end: int) -> int:
    """A title runs to its sentence's end or a colon (1.医疗卫生方面：…), or to
    a space after a short lead."""
    m = TITLE_END.search(text, lab.title_start, line_end)
    end = m.start() if m else line_end
    gap = TITLE_GAP.search(text, lab.title_start, end)
    if gap and gap.start() - lab.title_start <= tables()["heading"]["max_len"]:
        return gap.start()
    return end


class ItemTree:
    """The items read so far and the stack of those still open."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.roots: list[Node] = []
        self.stack: list[tuple[str, Node]] = []

    def close(self, depth: int, boundary: int) -> None:
        """Close the open items below `depth` where the text before `boundary` ends."""
        while len(self.stack) > depth:
            _, node = self.stack.pop()
            node.end = trim_end(self.text, node.label.start, boundary)

    def place(self, key: str, node: Node, at: int) -> None:
        """A style already open closes its level and below and adds a sibling there;
        a new style nests under the open item."""
        keys = [k for k, _ in self.stack]
        if key in keys:
            self.close(keys.index(key), at)
        (self.stack[-1][1].children if self.stack else self.roots).append(node)
        self.stack.append((key, node))


def build_items(text: str, lines: list[Line]) -> tuple[list[Node], list[int]]:
    """The item tree of one part's body lines, and the offsets of address lines
    (各位代表…) that close all open items."""
    tree, closers = ItemTree(text), []
    address = tuple(tables()["trailer"]["address"])
    for ln in lines:
        while tree.stack and (tree.stack[-1][1].inline or tree.stack[-1][1].one_line):  # end with their line
            tree.close(len(tree.stack) - 1, tree.stack[-1][1].line_end)
        if ln.text.startswith(address):
            tree.close(0, ln.start)
            closers.append(ln.start)
            continue
        lab = line_label(ln.text)
        if lab:
            lab = lab.shifted(ln.start)
            tree.place(lab.style, Node(lab, ln.end, False, one_line=lab.style == "——"), ln.start)
        for il in inline_labels(ln.text, skip=lab.end - ln.start if lab else 0):
            il = il.shifted(ln.start)
            tree.place(il.style + "@inline", Node(il, ln.end, True), il.start)
    return tree.roots, closers


def finish_items(text: str, roots: list[Node], section_end: int) -> tuple[Item, ...]:
    """Close open items at the section end and freeze the tree. Runs inside a
    line (…：一是…；二是…) outside any numbered line are kept only where the
    part has no numbered lines: elsewhere they enumerate inside a preamble."""
    if any(not n.inline for n in roots):
        roots = [n for n in roots if not n.inline]

    def freeze(node: Node, limit: int) -> Item:
        end = node.end if node.end >= 0 else limit
        if node.inline or node.one_line:
            end = min(end, node.line_end)
        end = trim_end(text, node.label.start, min(end, limit))
        lab = node.label
        t_end = max(lab.title_start, min(_title_end(text, lab, node.line_end), end))
        kids = tuple(freeze(c, end) for c in counted(node.children))
        return Item(label=lab.text, title=text[lab.title_start:t_end], start=lab.start, end=end,
                    title_start=lab.title_start, title_end=t_end, style=lab.style, children=kids)
    return tuple(freeze(n, section_end) for n in counted(roots))


# A paragraph opening with 首先， or 第一， counts only beside a 其次 / 第二.
NEED_A_SECOND = ("首先", "第一，")


def counted(nodes: list[Node]) -> list[Node]:
    """`nodes` without lone 首先/第一 paragraphs (their sub-items take their place)."""
    styles = Counter(n.label.style for n in nodes)
    out: list[Node] = []
    for n in nodes:
        if n.label.style in NEED_A_SECOND and styles[n.label.style] == 1:
            out.extend(counted(n.children))
        else:
            out.append(n)
    return out


# ---------------------------------------------------------------- sections

def _section_id(role: Role, kind: str, seen: dict[str, int]) -> str:
    base = {"appendix": "appendix", "boilerplate": "trailer", "trailer": "trailer"}.get(kind, str(role))
    seen[base] = seen.get(base, 0) + 1
    return base if seen[base] == 1 else f"{base}-{seen[base]}"


def _split_trailer(text: str, chunk: list[Line]) -> tuple[list[Line], list[Line]]:
    """The last part and its closing words: an address line (各位代表！…) after
    the part's first body line and after its last numbered item starts them."""
    body = chunk[1:]
    roots, closers = build_items(text, body)
    last_label = max((n.label.start for n in roots), default=-1)
    cut = next((c for c in closers if c > body[0].start and c > last_label), None) if body else None
    if cut is None:
        return chunk, []
    return [ln for ln in chunk if ln.start < cut], [ln for ln in chunk if ln.start >= cut]


@dataclass(frozen=True, slots=True)
class Heading:
    label: str | None
    title: str | None
    start: int
    end: int
    body: list[Line]      # the part's lines after the heading (a body sharing its line comes first)


def _heading(lines: list[Line], kind: str) -> Heading | None:
    """A part's heading (a whole-text body has none): 一、2023年工作回顾, with any
    body on its line split off; a bare 第一部分 takes a title line under it."""
    if kind == "body":
        return None
    head, rest = lines[0], lines[1:]
    lab = line_label(head.text) if kind == "numbered" else None
    after = lab.title_start if lab else 0
    if lab and after == len(head.text) and rest and not line_label(rest[0].text) and _heading_like(rest[0].text):
        return Heading(lab.text, rest[0].text.rstrip("。：:"), head.start, rest[0].end, rest[1:])
    size = (heading_len(head.text[after:]) if lab else unnumbered_len(head.text)) or len(head.text) - after
    cut = head.start + after + size
    body_start = cut + 1 if head.text[after + size:after + size + 1] == "。" else cut
    while body_start < head.end and head.text[body_start - head.start].isspace():
        body_start += 1
    if body_start < head.end:
        rest = [Line(body_start, head.end, head.text[body_start - head.start:])] + rest
    title = head.text[after:after + size].rstrip("。：:")
    return Heading(lab.text if lab else None, title or None, head.start, cut, rest)


def head_text(lines: list[Line], i: int, kind: str) -> str:
    """The title of the part heading at line i, for its years and role words."""
    h = _heading(lines[i:i + 2], kind)
    return (h.title or "") if h else ""


def _section_year(role: Role, title: str | None, review_year: int | None, plan_year: int | None) -> int | None:
    ys = [int(y) for y in YEAR.findall(title or "")]
    if role == Role.REVIEW:
        return ys[0] if ys else review_year
    if role == Role.PLAN:
        return ys[-1] if ys else plan_year
    return None


def _preamble(text: str, body_lines: list[Line], items: tuple[Item, ...]) -> Span | None:
    """The text between a heading and the part's first item."""
    if not body_lines or not items:
        return None
    a = body_lines[0].start
    b = trim_end(text, a, items[0].start)
    return Span(text[a:b], a, b) if b > a else None


def _make_section(text, lines, kind, review_year, plan_year, seen, force_role=None,
                  fallback=Role.OTHER) -> Section:
    head = _heading(lines, kind)
    label, title = (head.label, head.title) if head else (None, None)
    start, end = lines[0].start, lines[-1].end
    body_lines = head.body if head else lines
    body = text[head.end if head else start:end]
    role = force_role or (Role.OTHER if kind in ("appendix", "boilerplate")
                          else heading_role(title or "", body, review_year, plan_year, fallback))
    roots, _ = build_items(text, body_lines)
    items = finish_items(text, roots, end)
    if role == Role.PLAN:
        items = with_topics(text, items) or paragraph_items(text, body_lines)
    return Section(id=_section_id(role, kind, seen), label=label, title=title, role=role, start=start, end=end,
                   heading_start=head.start if head else None, heading_end=head.end if head else None,
                   year=_section_year(role, title, review_year, plan_year),
                   preamble=_preamble(text, body_lines, items), items=items)


def outline(text: str) -> Structure:
    """The outline of a report's plain text."""
    lines = split_lines(text)
    parts = find_parts(lines)
    heads = [head_text(lines, i, k) for i, k in parts if k in ("numbered", "unnumbered")]
    review_year, plan_year = report_years(lines, heads)
    sections: list[Section] = []
    seen: dict[str, int] = {}
    doc_role = title_role(lines)
    first = parts[0][0] if parts else len(lines)
    if first > 0:
        sections.append(Section(id="intro", label=None, title=None, role=Role.OTHER, start=lines[0].start,
                                end=lines[first - 1].end))
    bounds = [i for i, _ in parts] + [len(lines)]
    last_main = max((n for n, (_, k) in enumerate(parts) if k in ("numbered", "unnumbered")), default=-1)
    for n, (i, kind) in enumerate(parts):
        chunk = lines[i:bounds[n + 1]]
        rest: list[Line] = []
        if n == last_main:
            chunk, rest = _split_trailer(text, chunk)
        known = [x.role for x in sections if x.role != Role.OTHER]
        fallback = known[-1] if known else doc_role
        sections.append(_make_section(text, chunk, kind, review_year, plan_year, seen, fallback=fallback))
        if rest:
            sections.append(_make_section(text, rest, "trailer", review_year, plan_year, seen, Role.OTHER))
    if not parts and lines:         # no headings: the whole text is one part
        sections = [_make_section(text, lines, "body", review_year, plan_year, seen, fallback=doc_role)]
    return Structure(sections=tuple(sections), sentences=sentences(text), clauses=clauses(text),
                     review_year=review_year, plan_year=plan_year)




# ---------------------------------------------------------------- title and government

# A name starts after a non-Chinese character, after 代表 or after a year (2021年兴文县人民政府…).
# (Big5 files come in traditional characters: 縣 區 鎮 鄉 辦事處.)
GOV_NAME = re.compile(r"(?:(?<=代表)|(?<=\d年)|(?<![\u4e00-\u9fff]))(?!我|年|代表|现在|現在)"
                      r"([\u4e00-\u9fff]{1,20}?(?:省|自治区|市|自治州|州|盟|区|區|县|縣|旗|镇|鎮|乡|鄉|街道))"
                      r"(?:人民政府|办事处|辦事處)")
LEVEL_WORDS = ("省", "市", "区", "區", "县", "縣", "镇", "鎮", "乡", "鄉", "街道", "自治区", "自治州", "自治县", "旗")
TITLE_GOV = re.compile(r"(?:\d{4}年)?([\u4e00-\u9fff]{2,20}?(?:省|自治区|市|州|区|县|旗|镇|乡))(?:人民)?政府工作报告")
# The subject of the opening sentence: 2021年,东城街道在… / …之年，城西街道在区委…
OPENING_GOV = re.compile(r"(?<![\u4e00-\u9fff])(?![全各本我该])([\u4e00-\u9fff]{2,8}?(?:街道|镇|乡))"
                         r"(?=在|坚持|坚决|党工委|办事处|紧紧|深入|全面|围绕)")
TITLE_WORDS = ("报告", "工作总结", "工作计划", "工作思路", "工作安排", "工作要点")


def _opening(text: str) -> list[Line]:
    """The lines before the body: up to the first part heading or 12 lines."""
    lines = split_lines(text[:3000])
    parts = find_parts(lines)
    return lines[:min(parts[0][0] if parts else 12, 12)]


def find_government(text: str) -> str | None:
    """The government that reports: 国务院, …省人民政府, …区人民政府, 东城街道;
    None when the opening does not say."""
    head = _opening(text)
    joined = "\n".join(ln.text for ln in head)
    if "代表国务院" in joined:
        return "国务院"
    for ln in head:
        for m in GOV_NAME.finditer(ln.text):
            name = m.group(0)
            if not name.startswith(LEVEL_WORDS):      # 我代表县人民政府: no name in it
                return name
    for ln in head:
        m = TITLE_GOV.search(ln.text)
        if m:
            return m.group(1) + "人民政府"
    for ln in head[:3]:
        m = re.match(r"([\u4e00-\u9fff]{2,10}?(?:街道|镇|乡))(?:办事处)?\d{4}年", ln.text)
        if m:
            return m.group(1)
    m = OPENING_GOV.search(text[:400])
    return m.group(1) if m else None


def find_title(text: str) -> str | None:
    """The report's title from its opening lines (政府工作报告, 西溪街道2021年工作总结…)."""
    head = _opening(text)
    for n, ln in enumerate(head[:4]):
        t = re.sub(r"[ \u3000]+", "", ln.text)
        if len(t) <= 40 and any(w in t for w in TITLE_WORDS) and not t.startswith(("—", "现在")) \
                and not re.search(r"\d{1,2}月\d{1,2}日在", t):
            prev = head[n - 1].text if n else ""
            if prev.endswith(("人民政府", "办事处")) and n == 1:
                t = prev + t
            return re.sub(r"[（(][^）)]*\d{1,2}月\d{1,2}日[^）)]*[）)]$", "", t)
    return None
