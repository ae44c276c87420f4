"""Reading report files into plain text: .txt (UTF-8, GB18030/GBK, Big5),
.html/.htm (a government site page: the report body without navigation),
.docx (paragraphs and tables in order) and .pdf with a text layer (pages in
order, running headers, footers and page numbers removed, lines broken inside
a sentence re-joined). The text returned is the base of every offset.

Every failure a user can act on is an InputError with one line."""
from __future__ import annotations

import hashlib
import io
import re
import statistics
from collections import Counter
from pathlib import Path

from .errors import InputError
from .model import Source

MAX_BYTES = 50 * 1024 * 1024
# Encodings Chinese report files come in; charset-normalizer chooses among them.
CANDIDATE_ENCODINGS = ["gb18030", "big5", "utf_16", "utf_32"]
MAGIC = {b"%PDF": "pdf", b"PK\x03\x04": "zip", b"\x89PNG": "binary", b"\xff\xd8\xff": "binary",
         b"GIF8": "binary", b"\x7fELF": "binary", b"\xd0\xcf\x11\xe0": "ole"}
FORMATS = {".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html", ".shtml": "html",
           ".docx": "docx", ".pdf": "pdf"}


def read_file(path: str | Path) -> tuple[str, Source]:
    """The plain text of a report file and where it came from."""
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{p}: is a directory; give one report file (or use `luoshi batch`)")
    if not p.is_file():
        raise InputError(f"{p}: no such file")
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise InputError(f"{p}: file is over 50 MB ({size / 1024 / 1024:.0f} MB); split it or check it is a report")
    return read_bytes(p.read_bytes(), str(p))


def read_bytes(raw: bytes, name: str = "report.txt") -> tuple[str, Source]:
    """The plain text of a report given as bytes (an upload); `name` gives the format."""
    if len(raw) > MAX_BYTES:
        raise InputError(f"{name}: file is over 50 MB")
    if not raw.strip():
        raise InputError(f"{name}: empty file (no text in it)")
    fmt = _format(raw, name)
    if fmt == "pdf":
        text, encoding = pdf_text(raw, name), None
    elif fmt == "docx":
        text, encoding = docx_text(raw, name), None
    elif fmt == "html":
        text, encoding = html_text(raw, name)
    else:
        text, encoding = decode(raw, name)
    if not text.strip():
        raise InputError(f"{name}: the file holds no text (empty or only whitespace)")
    return text, Source(path=name, format=fmt, encoding=encoding,
                        sha256=hashlib.sha256(raw).hexdigest(), chars=len(text))


def _format(raw: bytes, name: str) -> str:
    """The format from the content's magic bytes first, then the file name."""
    for magic, kind in MAGIC.items():
        if raw.startswith(magic):
            if kind == "zip":
                return "docx" if b"word/" in raw[:65536] or name.lower().endswith(".docx") else "binary"
            if kind == "ole":
                raise InputError(f"{name}: an old Word/Excel file (.doc/.xls): save it as .docx first")
            if kind == "binary":
                raise InputError(f"{name}: binary file, not a report (expected .txt, .html, .docx or .pdf)")
            return kind
    fmt = FORMATS.get(Path(name).suffix.lower(), "txt")
    if fmt == "txt" and re.match(rb"\s*<(?:!doctype html|html)", raw[:512], re.I):
        return "html"
    return fmt


# ---------------------------------------------------------------- plain text

def decode(raw: bytes, name: str) -> tuple[str, str]:
    """Bytes to text: UTF-8 when it decodes strictly (a BOM dropped), else the
    encoding charset-normalizer finds among those Chinese files use."""
    from charset_normalizer import from_bytes

    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, enc = raw.decode("utf-16"), "utf-16"
        return _check_text(text, name), enc
    if b"\x00" in raw[:8192]:
        raise InputError(f"{name}: binary file, not a report (expected .txt, .html, .docx or .pdf)")
    try:
        return _check_text(raw.decode("utf-8-sig"), name), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(raw, cp_isolation=CANDIDATE_ENCODINGS).best()
    if best is None:
        raise InputError(f"{name}: cannot decode the text (not UTF-8, GB18030/GBK or Big5)")
    enc = best.encoding.replace("_", "-")
    return _check_text(str(best), name), enc


def _check_text(text: str, name: str) -> str:
    """Refuse text that is mostly control characters or has too few letters to be prose."""
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if sample and controls / len(sample) > 0.01:
        raise InputError(f"{name}: binary file, not a report (expected .txt, .html, .docx or .pdf)")
    return text


# ---------------------------------------------------------------- HTML

# Page parts that are never the report: site chrome and widgets.
CHROME_TAGS = ["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe",
               "button", "select", "svg", "template"]
CHROME_NAMES = re.compile(r"nav|menu|footer|header|breadcrumb|crumb|share|sidebar|copyright|related|"
                          r"toolbar|banner|login|search|position|location|bottom|foot|top-?bar|logo", re.I)
BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "pre", "section",
          "article", "td", "th", "dd", "dt", "center"}
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)


def html_text(raw: bytes, name: str) -> tuple[str, str]:
    """The report body of a web page, one paragraph a line."""
    from bs4 import BeautifulSoup

    declared = META_CHARSET.search(raw[:4096])
    text, enc = None, None
    if declared:
        try:
            enc = declared.group(1).decode("ascii").lower()
            text = raw.decode("gb18030" if enc in ("gb2312", "gbk") else enc)
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text, enc = decode(raw, name)
    soup = BeautifulSoup(text, "lxml")
    for tag in soup(CHROME_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.attrs is None or tag.name in ("html", "body"):
            continue
        names = " ".join([tag.get("id") or ""] + list(tag.get("class") or []))
        if names.strip() and CHROME_NAMES.search(names) and not _is_body_name(names):
            tag.decompose()
    root = _main_container(soup)
    lines = _block_lines(root)
    title = _title_above(root)
    if title and (not lines or lines[0] != title):
        lines.insert(0, title)
    return "\n".join(lines), enc


def _is_body_name(names: str) -> bool:
    return bool(re.search(r"content|article|text|zoom|TRS|detail|main", names, re.I)) and \
        not re.search(r"nav|footer|menu", names, re.I)


PARAGRAPHS = ["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "blockquote", "pre"]


def _main_container(soup):
    """The element holding the most prose. Text in a paragraph counts for the
    element around the paragraph, text set loose between <br>s for its own
    block; each also counts half one level up, so a body whose paragraphs sit
    in wrappers still beats its longest single paragraph. Link text counts not."""
    body = soup.body or soup
    scores: Counter = Counter()
    by_id = {id(body): body}

    def credit(node, n: float) -> None:
        if node is not None:
            by_id[id(node)] = node
            scores[id(node)] += n

    for string in body.find_all(string=True):
        n = len(string.strip())
        parent = string.parent
        if n < 2 or parent is None or parent.name == "a" or parent.find_parent("a"):
            continue
        para = parent if parent.name in PARAGRAPHS else parent.find_parent(PARAGRAPHS)
        holder = para.parent if para is not None else (
            parent if parent.name in BLOCKS else parent.find_parent(BLOCKS) or body)
        credit(holder, n)
        if holder is not body:
            credit(holder.parent, n / 2)
    if not scores:
        return body
    return by_id[scores.most_common(1)[0][0]]


def _title_above(root) -> str | None:
    """The page's headline (h1/h2 before the body, within a few levels) is the
    report's title when it names a report (a site's name is not)."""
    node = root
    for _ in range(3):
        if node.parent is None:
            break
        node = node.parent
        for h in node.find_all(["h1", "h2"], limit=3):
            text = re.sub(r"\s+", " ", h.get_text()).strip()
            if text and len(text) <= 60 and not any(p is root for p in h.parents) \
                    and re.search(r"报告|总结|计划|思路|安排|要点|工作", text):
                return text
    return None


def _block_lines(root) -> list[str]:
    """Text of `root`, a line per block element and <br>."""
    from bs4 import NavigableString, Tag

    out: list[str] = []
    buf: list[str] = []

    def flush():
        line = re.sub(r"[ \t\r\n\u00a0]+", " ", "".join(buf)).strip()
        if line:
            out.append(line)
        buf.clear()

    def walk(node):
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child).__name__ in ("Comment", "Doctype", "Declaration", "ProcessingInstruction"):
                    continue
                buf.append(str(child))
            elif isinstance(child, Tag):
                if child.name == "br":
                    flush()
                elif child.name in BLOCKS:
                    flush()
                    walk(child)
                    flush()
                else:
                    walk(child)
    walk(root)
    flush()
    return out


# ---------------------------------------------------------------- DOCX

def docx_text(raw: bytes, name: str) -> str:
    """Paragraphs and tables of a Word file in document order; a table row a
    line with its cells separated by tabs."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as err:  # python-docx raises several types for a broken package
        raise InputError(f"{name}: not a readable DOCX file ({type(err).__name__})") from None
    lines = []
    numbering = DocxNumbering(document)
    for el in document.element.body.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(el, document)
            lines.append(numbering.label(paragraph) + paragraph.text)
        elif tag == "tbl":
            for row in Table(el, document).rows:
                cells = []
                for cell in row.cells:
                    t = cell.text.strip()
                    if not cells or cells[-1] != t:      # merged cells repeat their text
                        cells.append(t)
                lines.append("\t".join(cells))
    return "\n".join(line.rstrip() for line in lines)


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CN_DIGITS = "〇一二三四五六七八九"


def cn_numeral(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 21 -> 二十一 (Word's chineseCounting).

    >>> [cn_numeral(n) for n in (1, 10, 12, 21, 100)]
    ['一', '十', '十二', '二十一', '100']
    """
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else CN_DIGITS[tens]) + "十" if tens else "") + (CN_DIGITS[ones] if ones else "")


NUMBER_FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "chineseCounting": cn_numeral,
    "chineseCountingThousand": cn_numeral,
    "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10],
    "decimalEnclosedCircle": lambda n: chr(ord("①") + n - 1) if n <= 20 else str(n),
    "decimalEnclosedCircleChinese": lambda n: chr(ord("①") + n - 1) if n <= 20 else str(n),
    "decimalFullWidth": lambda n: "".join(chr(ord(c) + 0xFEE0) for c in str(n)),
    "lowerLetter": lambda n: chr(ord("a") + (n - 1) % 26),
    "upperLetter": lambda n: chr(ord("A") + (n - 1) % 26),
}


def _val(el, tag: str, default: str) -> str:
    child = el.find(W + tag)
    return child.get(W + "val", default) if child is not None else default


class DocxNumbering:
    """Word's automatic list numbers (一、 （一） 1.) are not in the paragraph's
    text; this renders them as a reader sees them, counting per list and level."""

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}
        self.counts: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for a in root.iter(W + "abstractNum"):
            levels = {}
            for lvl in a.iter(W + "lvl"):
                levels[int(lvl.get(W + "ilvl", "0"))] = (int(_val(lvl, "start", "1")), _val(lvl, "numFmt", "decimal"),
                                                         _val(lvl, "lvlText", ""))
            abstract[a.get(W + "abstractNumId")] = levels
        for num in root.iter(W + "num"):
            ref = num.find(W + "abstractNumId")
            if ref is not None:
                self.levels[num.get(W + "numId")] = abstract.get(ref.get(W + "val"), {})

    def _num_pr(self, paragraph) -> tuple[str, int] | None:
        """numId and level from the paragraph, else from its style chain."""
        sources = [paragraph._p.pPr]
        style = paragraph.style
        while style is not None:
            sources.append(style.element.pPr)
            style = style.base_style
        for ppr in sources:
            npr = ppr.find(W + "numPr") if ppr is not None else None
            if npr is not None and npr.find(W + "numId") is not None:
                ilvl = npr.find(W + "ilvl")
                return npr.find(W + "numId").get(W + "val"), int(ilvl.get(W + "val")) if ilvl is not None else 0
        return None

    def label(self, paragraph) -> str:
        found = self._num_pr(paragraph)
        if not found or found[0] not in self.levels or not paragraph.text.strip():
            return ""
        num_id, ilvl = found
        levels, counts = self.levels[num_id], self.counts.setdefault(num_id, {})
        if ilvl not in levels:
            return ""
        counts[ilvl] = counts.get(ilvl, levels[ilvl][0] - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        _, fmt, text = levels[ilvl]
        if fmt not in NUMBER_FORMATS:        # bullets and exotic formats carry no number
            return ""
        for k in range(ilvl, -1, -1):
            if f"%{k + 1}" in text:
                kfmt = levels.get(k, (1, "decimal", ""))[1]
                text = text.replace(f"%{k + 1}", NUMBER_FORMATS.get(kfmt, str)(counts.get(k, 1)))
        return text


# ---------------------------------------------------------------- PDF

PAGE_NUMBER = re.compile(r"^[-—–－·\s]*(?:第\s*)?[\d一二三四五六七八九十]+\s*(?:页)?(?:\s*[/／]\s*\d+)?"
                         r"(?:\s*共\s*\d+\s*页)?[-—–－·\s]*$|^[Pp]age\s*\d+(?:\s*of\s*\d+)?$")
SENTENCE_END = tuple("。！？；;!?：:”）)")


def pdf_text(raw: bytes, name: str) -> str:
    """The text layer of a PDF, pages in order, one paragraph a line."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not _try_decrypt(reader):
            raise InputError(f"{name}: encrypted PDF: remove its password first")
        pages = [_page_lines(page) for page in reader.pages]
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError) as err:
        raise InputError(f"{name}: not a readable PDF ({type(err).__name__}: {str(err)[:80]})") from None
    except Exception as err:  # pypdf raises what its parsers hit on damaged files
        raise InputError(f"{name}: not a readable PDF ({type(err).__name__})") from None
    if sum(len(t) for page in pages for _, t in page) < 5 * len(pages) or not pages:
        raise InputError(f"{name}: no text layer: scanned PDFs need OCR first")
    pages = drop_running_lines(pages)
    return join_lines(pages)


def _try_decrypt(reader) -> bool:
    """PDFs locked only against editing open with the empty password."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # a missing AES backend or a real password
        return False


def _page_lines(page) -> list[tuple[int, str]]:
    """(indent, text) per line; layout mode keeps the indent of paragraph starts."""
    try:
        laid = page.extract_text(extraction_mode="layout")
    except Exception:  # layout mode fails on some fonts; plain mode still reads them
        laid = page.extract_text() or ""
    out = []
    for line in laid.splitlines():
        content = line.strip()
        if content:
            content = re.sub(r"(?<=[^\x00-\x7f]) +(?=[^\x00-\x7f])", "", content)
            out.append((len(line) - len(line.lstrip()), content))
    return out


def _norm(line: str) -> str:
    return re.sub(r"\d+", "#", line)


def drop_running_lines(pages: list[list[tuple[int, str]]]) -> list[list[tuple[int, str]]]:
    """Remove page numbers and lines repeated at the top or bottom of most pages."""
    edge = Counter()
    for page in pages:
        for _, t in page[:2] + page[-2:]:
            edge[_norm(t)] += 1
    running = {t for t, n in edge.items() if len(pages) >= 2 and n >= max(2, len(pages) // 2)}
    out = []
    for page in pages:
        keep = []
        for i, (ind, t) in enumerate(page):
            at_edge = i < 2 or i >= len(page) - 2
            if at_edge and (PAGE_NUMBER.match(t) or _norm(t) in running):
                continue
            keep.append((ind, t))
        out.append(keep)
    return out


def _width(s: str) -> int:
    """Display width: CJK characters and full-width punctuation count two."""
    return sum(2 if ord(ch) >= 0x2000 else 1 for ch in s)


def join_lines(pages: list[list[tuple[int, str]]]) -> str:
    """Re-join lines broken inside a paragraph: a line that runs to the right
    margin continues on the next one unless that one is indented or numbered."""
    from .structure import line_label

    lines = [ln for page in pages for ln in page]
    if not lines:
        return ""
    widths = [_width(t) + ind for ind, t in lines]
    full = statistics.quantiles(widths, n=50)[-1] if len(widths) >= 50 else max(widths)
    margin = Counter(ind for ind, _ in lines).most_common(1)[0][0]
    out: list[str] = []
    for n, (ind, t) in enumerate(lines):
        if out and n > 0:
            pind, prev = lines[n - 1]
            # a sentence end short of the margin closes a paragraph even without indents
            reach = (0.93 if prev.endswith(SENTENCE_END) else 0.8) * full
            continues = _width(prev) + pind >= reach and ind <= margin + 1 and not line_label(t)
            if continues:
                out[-1] += t
                continue
        out.append(t)
    return "\n".join(out)
