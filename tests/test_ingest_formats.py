"""The sample saved as GB18030, GBK, UTF-8 with BOM, Big5, an HTML page, a
DOCX and a PDF reads back to the same outline as the plain text."""
import pytest

from conftest import EXAMPLE
from ingest_fixtures import make_docx, make_html, make_pdf
from luoshi import ingest
from luoshi.structure import outline


def shape(text: str) -> list[tuple]:
    """Labels, titles and roles of the outline: what must survive any format."""
    out = []

    def walk(items, depth):
        for it in items:
            out.append((depth, it.label, it.title))
            walk(it.children, depth + 1)
    for s in outline(text).sections:
        out.append((0, s.id, s.label, s.title, str(s.role)))
        walk(s.items, 1)
    return out


@pytest.fixture(scope="module")
def sample() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding, prefix, want", [
    ("utf-8", b"", "utf-8"),
    ("utf-8", b"\xef\xbb\xbf", "utf-8"),
    ("gb18030", b"", "gb18030"),
    ("gbk", b"", "gb18030"),        # GBK is a subset of GB18030: decoded the same
])
def test_ingest_txt_encodings_give_the_same_text(tmp_path, sample, encoding, prefix, want):
    path = tmp_path / "report.txt"
    path.write_bytes(prefix + sample.encode(encoding))
    text, source = ingest.read_file(path)
    assert text == sample
    assert (source.format, source.encoding, source.chars) == ("txt", want, len(sample))


BIG5_REPORT = ("各位代表：\n現在，我代表縣人民政府，向大會報告工作，請予審議。\n一、過去一年工作回顧\n"
               "過去一年，面對複雜嚴峻的經濟形勢，我們堅持穩中求進工作總基調，經濟社會發展取得新成績。\n"
               "二、今年工作安排\n（一）加快產業轉型升級。\n（二）持續改善民生福祉。\n")


def test_ingest_big5_is_detected(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(BIG5_REPORT.encode("big5"))
    text, source = ingest.read_file(path)
    assert text == BIG5_REPORT and source.encoding == "big5"
    assert [s.role for s in outline(text).sections][-2:] == ["review", "plan"]


def test_ingest_crlf_line_ends_are_kept(tmp_path, sample):
    path = tmp_path / "report.txt"
    path.write_bytes(sample.replace("\n", "\r\n").encode("utf-8"))
    text, _ = ingest.read_file(path)
    assert text == sample.replace("\n", "\r\n")
    assert shape(text) == shape(sample)


@pytest.mark.parametrize("maker, suffix, fmt", [
    (make_html, ".html", "html"),
    (make_docx, ".docx", "docx"),
    (make_pdf, ".pdf", "pdf"),
])
def test_ingest_formats_give_the_same_outline(tmp_path, sample, maker, suffix, fmt):
    path = maker(sample, tmp_path / f"report{suffix}")
    text, source = ingest.read_file(path)
    assert source.format == fmt and source.chars == len(text)
    assert shape(text) == shape(sample)


def test_ingest_html_drops_site_chrome_and_keeps_paragraphs(tmp_path, sample):
    text, _ = ingest.read_file(make_html(sample, tmp_path / "page.htm", title="东城街道2021年工作总结"))
    assert text.split("\n")[0] == "东城街道2021年工作总结"
    assert text.split("\n")[1:] == [ln for ln in sample.split("\n") if ln.strip()]
    for chrome in ("首页", "当前位置", "版权所有", "var x", "发布时间"):
        assert chrome not in text


def test_ingest_html_in_gbk_with_a_meta_charset(tmp_path):
    report = "一、2022年工作回顾\n一是经济平稳增长。\n二、2023年工作安排\n一是扩大有效投资。"
    text, source = ingest.read_file(make_html(report, tmp_path / "page.html", encoding="gbk"))
    assert text.endswith(report) and source.format == "html"


def test_ingest_docx_tables_become_lines_in_order(tmp_path):
    path = make_docx("一、2022年主要指标\n下表为主要指标。", tmp_path / "t.docx",
                     table=[["指标", "数值"], ["地区生产总值", "670亿元"]])
    text, _ = ingest.read_file(path)
    assert text.split("\n") == ["一、2022年主要指标", "下表为主要指标。", "指标\t数值", "地区生产总值\t670亿元"]


@pytest.mark.parametrize("indent", [2, 0], ids=["indented", "flush-left"])
def test_ingest_pdf_drops_headers_and_page_numbers_and_rejoins_lines(tmp_path, sample, indent):
    text, _ = ingest.read_file(make_pdf(sample, tmp_path / "r.pdf", header="东城街道工作报告", indent=indent))
    assert "东城街道工作报告" not in text and "— 1 —" not in text
    assert text.split("\n") == [ln for ln in sample.split("\n") if ln.strip()]


def test_ingest_pdf_locked_only_against_editing_opens(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption

    lock = StandardEncryption("", ownerPassword="owner", canModify=0)
    text, _ = ingest.read_file(make_pdf("一、2022年工作回顾\n经济平稳增长。", tmp_path / "r.pdf", encrypt=lock))
    assert "经济平稳增长" in text


def test_ingest_read_bytes_takes_the_format_from_content(sample):
    text, source = ingest.read_bytes(sample.encode("gb18030"), "upload.bin")
    assert text == sample and source.format == "txt"


REPORT_LINES = ["各位代表：", "现在，我代表县人民政府，向大会报告工作，请予审议。", "一、2022年工作回顾",
                "过去一年，面对复杂严峻的经济形势，我们坚持稳中求进工作总基调，经济社会发展取得新成绩。",
                "二、2023年工作安排", "（一）加快产业转型升级。推动传统产业改造提升，培育壮大新兴产业。"]
RELATED = ('<div class="xgxw"><h3>相关新闻</h3><ul><li><a href="/1">县长主持召开常务会议研究部署重点工作推进落实情况'
           '</a></li><li><a href="/2">关于开展2023年度安全生产大检查工作的实施方案解读</a></li></ul></div>'
           '<div>主办单位：某某县人民政府办公室 地址：某某县人民路1号</div>')


@pytest.mark.parametrize("body", [
    # each paragraph in a wrapper of its own (gov.cn style UCAP-CONTENT)
    '<div id="UCAP-CONTENT">' + "".join(f'<div><p style="text-indent:2em">{x}</p></div>' for x in REPORT_LINES) + "</div>",
    # lines set loose between <br>s (TRS_Editor style)
    '<div class="TRS_Editor">' + "<br>".join(REPORT_LINES) + "</div>",
    # an old table layout
    "<table><tr><td>" + "".join(f"<p>{x}</p>" for x in REPORT_LINES) + "</td></tr></table>",
], ids=["wrapped", "br", "table"])
def test_ingest_html_finds_the_body_in_common_page_layouts(body):
    page = ('<html><head><meta charset="utf-8"></head><body><table><tr><td><a href="/">首页</a></td>'
            '<td><a href="/a">机构概况</a></td></tr></table>' + body + RELATED + "</body></html>")
    text, _ = ingest.read_bytes(page.encode("utf-8"), "page.html")
    assert text.split("\n") == REPORT_LINES


def test_ingest_docx_list_numbers_become_labels(tmp_path):
    from ingest_fixtures import make_numbered_docx

    path = make_numbered_docx([(0, "2022年工作回顾"), (1, "经济平稳增长。"), (2, "工业投资增长了8%。"),
                               (2, "消费恢复了。"), (1, "民生持续改善。"), (0, "2023年工作安排"),
                               (None, "重点抓好以下工作："), (1, "扩大有效投资。")], tmp_path / "n.docx")
    text, _ = ingest.read_file(path)
    assert text.split("\n") == ["一、2022年工作回顾", "（一）经济平稳增长。", "1.工业投资增长了8%。", "2.消费恢复了。",
                                "（二）民生持续改善。", "二、2023年工作安排", "重点抓好以下工作：", "（一）扩大有效投资。"]
