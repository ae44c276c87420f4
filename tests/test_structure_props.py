"""Any text, however odd, gives an outline whose spans slice back and nest."""
from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.structure import outline

PIECES = ["一、", "二、", "三、", "（一）", "（二）", "一是", "二是", "1.", "2.", "第一，", "首先，", "其次，",
          "2022年工作回顾", "2023年工作安排", "各位代表！", "附件1", "- 相关新闻", "推进项目建设", "。", "，",
          "；", "“", "”", "\n", "\n\n", "\r\n", " ", "\u3000", "要", "了", "增长5%",
          "——", "第一部分", "第二部分 ", "加大减税降费力度。", "2023年工作回顾 "]


def check(text: str) -> None:
    s = outline(text)

    def walk(items, lo, hi):
        for it in items:
            assert lo <= it.start < it.end <= hi
            assert it.start <= it.title_start <= it.title_end <= it.end
            assert text[it.title_start:it.title_end] == it.title
            for t in it.topics:
                assert text[t.start:t.end] == t.text
            walk(it.children, it.start, it.end)

    prev = -1
    for sec in s.sections:
        assert prev <= sec.start < sec.end <= len(text)
        prev = sec.end
        walk(sec.items, sec.start, sec.end)
    for span in s.sentences + s.clauses:
        assert text[span.start:span.end] == span.text and span.text.strip()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_structure_any_report_like_text_gives_valid_spans(text):
    check(text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_structure_any_text_gives_valid_spans(text):
    check(text)
