"""Report files made from a text inside the tests: DOCX with python-docx, PDF
with reportlab (its built-in CID font STSong-Light, which pypdf reads back),
HTML pages with site chrome around the body."""
from __future__ import annotations

import html
from pathlib import Path

CHROME_TOP = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>东城街道</title>
<style>p {margin: 0}</style><script>var x = "各位代表";</script></head><body>
<div class="nav"><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | <a href="/news">新闻中心</a></div>
<div class="position">当前位置：首页 &gt; 政务公开 &gt; 工作报告</div>
<div class="article"><h1>{title}</h1><div class="info">发布时间：2022-01-10 来源：东城街道</div>
<div class="content">"""
CHROME_BOTTOM = """</div></div><div class="footer"><p>版权所有：东莞市东城街道办事处 粤ICP备12345678号</p>
<p>地址：东莞市东城区 电话：0769-12345678</p></div></body></html>"""


def make_html(text: str, path: Path, title: str = "工作报告", encoding: str = "utf-8") -> Path:
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n") if line.strip())
    page = CHROME_TOP.replace("{title}", title).replace('charset="utf-8"', f'charset="{encoding}"')
    path.write_bytes((page + body + CHROME_BOTTOM).encode(encoding))
    return path


def make_docx(text: str, path: Path, table: list[list[str]] | None = None) -> Path:
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                t.cell(r, c).text = cell
    document.save(str(path))
    return path


def _wrap(line: str, width: float, measure) -> list[str]:
    out, cur = [], ""
    for ch in line:
        if measure(cur + ch) > width and cur:
            out.append(cur)
            cur = ""
        cur += ch
    return out + ([cur] if cur else [])


def make_pdf(text: str, path: Path, header: str = "东城街道2021年工作总结", encrypt=None, indent: int = 2) -> Path:
    """Paragraphs wrapped at the right margin, first lines indented two
    characters, a running header and a page number on every page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font, size, left, right, top, bottom = "STSong-Light", 12, 60, 535, 780, 70
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    measure = lambda s: pdfmetrics.stringWidth(s, font, size)  # noqa: E731
    c = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt)
    page, y = 1, top

    def furniture():
        c.setFont(font, 9)
        c.drawCentredString(A4[0] / 2, 810, header)
        c.drawCentredString(A4[0] / 2, 40, f"— {page} —")
        c.setFont(font, size)

    furniture()
    for para in text.split("\n"):
        if not para.strip():
            continue
        first_indent = indent * size
        for n, piece in enumerate(_wrap(para, right - left - first_indent, measure)):
            if y < bottom:
                c.showPage()
                page += 1
                y = top
                furniture()
            c.drawString(left + (first_indent if n == 0 else 0), y, piece)
            y -= size * 1.6
            if n == 0:
                first_indent = 0
    c.showPage()
    c.save()
    return path


def make_scanned_pdf(path: Path) -> Path:
    """A PDF whose pages are drawings only: no text layer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(2):
        c.rect(50, 50, 400, 600, fill=1)
        c.showPage()
    c.save()
    return path


def make_numbered_docx(paragraphs: list[tuple[int | None, str]], path: Path) -> Path:
    """A DOCX whose labels are Word list numbers, not text: level 0 一、, level 1
    （一）, level 2 1. (None: a plain paragraph)."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    numbering = document.part.numbering_part.element
    levels = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")]
    lvl_xml = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                      f'<w:lvlText w:val="{text}"/></w:lvl>' for i, (fmt, text) in enumerate(levels))
    numbering.insert(0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{lvl_xml}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for level, text in paragraphs:
        p = document.add_paragraph(text)
        if level is not None:
            p._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    document.save(str(path))
    return path
