"""Build luoshi/data/divisions.tsv from JioNLP's national division list.

Dev-time only: `pip install jionlp==1.5.31` into .venv, then
    .venv/bin/python tools/build_divisions.py luoshi/data/divisions.tsv
JioNLP (Apache-2.0, https://github.com/dongrixinyu/JioNLP) ships
dictionary/china_location.zip, a tab-indented tree of provinces, cities,
counties/districts, townships and villages compiled from the 民政部 / 国家统计局
code lists. We keep the first four levels (villages would be ~650k rows).

A short form (广东 for 广东省) is kept only where it is safe to match on its
own: two characters or more and not a common word in jieba's dictionary
(和平, 新建, 城区 are frequent words; 清苑, 铜仁 are rare; 上海 is a frequent place).
Township short forms are written but the extractor uses them only when the
full name occurs in the same report.
"""
from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import jieba
import jionlp

LEVELS = ("province", "city", "county", "town")
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "直辖县级行政区划"}
TOWN_SUFFIXES = ("街道办事处", "民族乡", "街道", "苏木", "镇", "乡")


RARE = 50      # below this a jieba word of any tag may still be a county's name
COMMON = 500   # a jieba frequency above which a word is too common to be read as a place


def jieba_words() -> dict[str, tuple[int, str]]:
    path = Path(jieba.__file__).parent / "dict.txt"
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3:
            out[parts[0]] = (int(parts[1]), parts[2])
    return out


def safe(name: str, words: dict[str, tuple[int, str]], depth: int = 2) -> bool:
    """A name may be matched alone unless it is a common word: rare in
    jieba's dictionary, or a province or city jieba tags as a place (上海)."""
    freq, tag = words.get(name, (0, ""))
    if len(name) < 2:
        return False
    if depth != 2:
        # provinces and cities; and townships, whose short form is only used in
        # a report that also writes the full name (东城 after 东城街道)
        return freq < COMMON or tag.startswith("ns")
    # a county's short form must not be a word of another kind (惠民 nr, 新建 v)
    return freq < RARE or tag.startswith("ns") and freq < COMMON


def town_short(name: str) -> str:
    for suf in TOWN_SUFFIXES:
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            return name[: -len(suf)]
    return ""


def rows(lines, words):
    seen = set()
    code = {0: "", 1: "", 2: ""}
    for raw in lines:
        line = raw.rstrip("\r\n")
        depth = len(line) - len(line.lstrip("\t"))
        if depth > 3 or not line.strip():
            continue
        parts = line.strip("\t").split("\t")
        name = parts[0]
        if depth < 3:
            code[depth] = parts[1] if len(parts) > 1 else code.get(depth - 1, "")
        if name in PLACEHOLDERS:
            continue
        if depth < 3:
            short = parts[2] if len(parts) > 2 and parts[2] != name else ""
            row_code = code[depth]
        else:
            short = town_short(name)
            row_code = code[2] or code[1]
            if not short:
                continue          # farms, parks and zones (东莞港, 产业集聚区) are not townships
        if not safe(name, words, depth):
            continue
        if short and not safe(short, words, depth):
            short = ""
        key = (name, depth, row_code)
        if key not in seen:
            seen.add(key)
            yield name, short, LEVELS[depth], row_code


def main() -> None:
    zpath = Path(jionlp.__file__).parent / "dictionary" / "china_location.zip"
    with zipfile.ZipFile(zpath) as z:
        text = io.TextIOWrapper(z.open("china_location.txt"), encoding="utf-8").readlines()
    words = jieba_words()
    out = open(sys.argv[1], "w", encoding="utf-8")  # jionlp prints banners on stdout
    out.write("# China's administrative divisions: province, city, county/district, township.\n")
    out.write(f"# Source: JioNLP {jionlp.__version__} dictionary/china_location.zip "
              "(https://github.com/dongrixinyu/JioNLP), Apache License 2.0;\n")
    out.write("# compiled there from the 民政部 / 国家统计局 division code lists. Built by tools/build_divisions.py.\n")
    out.write("# Columns: name, short form (empty when unsafe to match alone), level, code "
              "(townships carry their county's code).\n")
    for r in rows(text, words):
        out.write("\t".join(r) + "\n")
    out.close()


if __name__ == "__main__":
    main()
