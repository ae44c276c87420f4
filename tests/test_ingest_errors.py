"""Each bad input gives one line on stderr and exit code 2, never a traceback."""
import pytest
from click.testing import CliRunner

from ingest_fixtures import make_pdf, make_scanned_pdf
from luoshi import ingest
from luoshi.cli import main
from luoshi.errors import InputError


def _missing(tmp):
    return tmp / "nope.txt"


def _directory(tmp):
    (tmp / "reports").mkdir()
    return tmp / "reports"


def _empty(tmp):
    (tmp / "empty.txt").write_bytes(b"")
    return tmp / "empty.txt"


def _whitespace(tmp):
    (tmp / "blank.txt").write_text(" \n\t\u3000\n", encoding="utf-8")
    return tmp / "blank.txt"


def _binary(tmp):
    (tmp / "binary.txt").write_bytes(bytes(range(256)) * 4)
    return tmp / "binary.txt"


def _image(tmp):
    (tmp / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    return tmp / "scan.txt"


def _old_word(tmp):
    (tmp / "report.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    return tmp / "report.doc"


def _scanned(tmp):
    return make_scanned_pdf(tmp / "scanned.pdf")


def _encrypted(tmp):
    return make_pdf("一、2022年工作回顾\n经济平稳增长。", tmp / "locked.pdf", encrypt="secret")


def _truncated_pdf(tmp):
    (tmp / "truncated.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog")
    return tmp / "truncated.pdf"


def _broken_docx(tmp):
    (tmp / "broken.docx").write_bytes(b"PK\x03\x04 word/ not really a zip")
    return tmp / "broken.docx"


def _too_big(tmp):
    path = tmp / "huge.txt"
    with open(path, "wb") as f:
        f.truncate(ingest.MAX_BYTES + 1)      # sparse: no 50 MB written
    return path


def _undecodable(tmp):
    (tmp / "bad.txt").write_bytes("工作报告".encode("utf-8")[:-1] + b"\xff\xfe\x01\x81\x80" * 50)
    return tmp / "bad.txt"


CASES = [
    (_missing, "no such file"),
    (_directory, "is a directory"),
    (_empty, "empty file"),
    (_whitespace, "no text"),
    (_binary, "binary file"),
    (_image, "binary file"),
    (_old_word, "save it as .docx"),
    (_scanned, "no text layer: scanned PDFs need OCR first"),
    (_encrypted, "encrypted PDF"),
    (_truncated_pdf, "not a readable PDF"),
    (_broken_docx, "not a readable DOCX"),
    (_too_big, "over 50 MB"),
    (_undecodable, "cannot decode"),
]


@pytest.mark.parametrize("make, message", CASES, ids=[m.__name__.strip("_") for m, _ in CASES])
def test_ingest_error_is_one_line_exit_2(tmp_path, make, message):
    path = make(tmp_path)
    with pytest.raises(InputError, match=message):
        ingest.read_file(path)
    res = CliRunner().invoke(main, ["extract", str(path)])
    assert res.exit_code == 2
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in res.output
