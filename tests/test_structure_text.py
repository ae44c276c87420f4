"""`luoshi extract FILE --format text`: the outline as an indented tree."""
import re

from click.testing import CliRunner

from conftest import EXAMPLE
from luoshi.cli import main


def test_structure_text_tree_shows_parts_items_topics_with_offsets(sample_text):
    res = CliRunner().invoke(main, ["extract", str(EXAMPLE), "--format", "text"])
    assert res.exit_code == 0, res.output
    lines = res.output.split("\n\n")[0].splitlines()     # the task list may follow the outline
    assert lines[0].startswith("东城街道") and "review 2021 → plan 2022" in lines[0]
    assert "review (review 2021) 一、2021年主要工作 [241-2727]" in lines
    assert "  一是 打造城市发展新引擎 [2826-3135]" in lines
    assert "    · 全力推进黄旗南项目 [2838-2847]" in lines
    # every [start-end] slices the text back to the words shown before it
    for line in lines[1:]:
        m = re.search(r"(\S+?)(?:…)? \[(\d+)-(\d+)\]$", line)
        assert m, line
        words, a, b = m.group(1), int(m.group(2)), int(m.group(3))
        assert words.split("、")[-1][:4] in sample_text[a:b]
