"""Sentences and clauses by punctuation: a sentence ends at 。！？；; (or its
line), a clause also at a comma; quotes “…” stay whole; an ASCII comma
between digits (1,200) separates nothing."""
from __future__ import annotations

import re

from .model import Span


def trim_end(text: str, start: int, end: int) -> int:
    """`end` moved back over whitespace, not past `start`."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end



# A sentence runs to 。！？；; (quotes “…” kept whole) or to the end of its line.
SENTENCE = re.compile(r"(?:“[^”\n]*”|[^。！？；;!?\n“]|“)+[。！？；;!?…]*|[。！？；;!?]+")
# A clause also ends at a comma (an ASCII one only between non-digits).
CLAUSE = re.compile(r"(?:“[^”\n]*”|[^。！？；;!?\n“，,]|(?<=\d),(?=\d)|“)+")


def _pieces(pattern: re.Pattern, text: str, start: int, end: int | None) -> tuple[Span, ...]:
    out = []
    for m in pattern.finditer(text, start, len(text) if end is None else end):
        a, b = m.start(), m.end()
        while a < b and text[a].isspace():
            a += 1
        b = trim_end(text, a, b)
        if b > a and text[a:b].strip("。！？；;!?…"):
            out.append(Span(text[a:b], a, b))
    return tuple(out)


def sentences(text: str, start: int = 0, end: int | None = None) -> tuple[Span, ...]:
    r"""Sentences of text[start:end], each with its end punctuation.

    >>> [s.text for s in sentences("他说“好。走”。再见；下回\n新行")]
    ['他说“好。走”。', '再见；', '下回', '新行']
    """
    return _pieces(SENTENCE, text, start, end)


def clauses(text: str, start: int = 0, end: int | None = None) -> tuple[Span, ...]:
    """Clauses of text[start:end]: pieces between commas and sentence ends, without them.

    >>> [c.text for c in clauses("增长1,200万元,同比“一,二”增长。好")]
    ['增长1,200万元', '同比“一,二”增长', '好']
    """
    return _pieces(CLAUSE, text, start, end)

