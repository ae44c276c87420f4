"""Bookkeeping only: turn the hand-written records.txt of one held-out folder into tasks.jsonl, entities.jsonl and
structure.json. Every span is found by a forward search from the previous record of its kind (so repeated words resolve
to the occurrence the annotator was reading), and text[start:end] == span is asserted.
records.txt lines:
  A|span                                  item-title clause (optional area record)
  P|span                                  lead phrase (optional topic record)
  R|span                                  preamble commitment (optional)
  T|strength|deadline|verb|span|targets   core task (targets separated by ';')
  E|type|alt_type|flags|span              entity (flags: n = nested inside the previous non-nested record,
                                          i = inside it but core (parent is borderline), b = borderline)
Usage: python gold/heldout-tasks/offsets_tasks.py gold/heldout-tasks/<name>"""
import json, re, sys
folder = sys.argv[1]
T = open(f"{folder}/report.txt", encoding="utf-8").read()
ITEM = re.compile(r"^（([一二三四五六七八九十]+)）(.*)$", re.M)
items = []
for m in ITEM.finditer(T):
    items.append({"label": f"（{m.group(1)}）", "title": None, "start": m.start(), "end": None,
                  "title_start": m.start(2), "title_end": None, "topics": []})
for i, it in enumerate(items):
    it["end"] = (items[i + 1]["start"] - 1) if i + 1 < len(items) else len(T)
def item_at(s):
    cur = None
    for it in items:
        if it["start"] <= s:
            cur = it
    return cur
tasks, ents = [], []
tcur, ecur, parent = 0, 0, None
topic = None
def find(span, cur):
    s = T.find(span, cur)
    assert s >= 0, f"{span!r} not found after {cur}: {T[cur:cur+30]!r}"
    assert T[s:s + len(span)] == span
    return s, s + len(span)
for line in open(f"{folder}/records.txt", encoding="utf-8"):
    line = line.rstrip("\n")
    if not line.strip() or line.startswith("#"):
        continue
    f = line.split("|")
    if f[0] == "E":
        typ, alt, flags, span = f[1], f[2] or None, f[3], f[4]
        if "n" in flags or "i" in flags:  # i: inside a borderline parent, but itself core
            s, e = find(span, parent[0])
            assert e <= parent[1], ("nested outside parent", span)
        else:
            s, e = find(span, ecur)
            ecur, parent = e, (s, e)
        ents.append({"text": span, "start": s, "end": e, "type": typ, "alt_type": alt,
                     "borderline": "b" in flags, "nested": "n" in flags})
        continue
    if f[0] in "APR":
        span = f[1]
        s, e = find(span, tcur)
        tcur = e
        it = item_at(s)
        level = {"A": "area", "P": "topic", "R": "preamble"}[f[0]]
        if level == "area" and it["title"] is None:
            pass
        if level == "topic":
            topic = span
            it["topics"].append({"text": span, "start": s, "end": e})
        tasks.append({"level": level, "optional": True, "area": None, "topic": None, "text": span, "start": s,
                      "end": e, "verb": None, "object": None, "strength": "do", "deadline": None, "targets": [],
                      "entities": []})
        continue
    assert f[0] == "T", line
    strength, deadline, verb, span = f[1], f[2] or None, f[3], f[4]
    targets = [x for x in (f[5].split(";") if len(f) > 5 else []) if x]
    s, e = find(span, tcur)
    tcur = e
    assert verb in span, (verb, span)
    assert strength in ("do", "must", "aim", "explore"), line
    for t in targets:
        assert t in span, (t, span)
    obj = span[span.index(verb) + len(verb):] or None
    tasks.append({"level": "task", "optional": False, "area": None, "topic": topic, "text": span, "start": s, "end": e,
                  "verb": verb, "object": obj, "strength": strength, "deadline": deadline, "targets": targets,
                  "entities": []})
# item titles: the text of the item line up to its first 。 (or the whole line)
for it in items:
    line_end = T.find("\n", it["start"])
    line_end = len(T) if line_end < 0 else line_end
    dot = T.find("。", it["title_start"], line_end)
    it["title_end"] = dot if dot >= 0 else line_end
    it["title"] = T[it["title_start"]:it["title_end"]]
for t in tasks:
    it = item_at(t["start"])
    t["area"] = f"{it['label']} {it['title']}" if it else None
    if t["level"] != "task":
        continue
    t["entities"] = [x["text"] for x in ents if not x["nested"] and not x["borderline"]
                     and t["start"] <= x["start"] and x["end"] <= t["end"]]
seen = set()
for x in tasks + ents:
    assert T[x["start"]:x["end"]] == x["text"]
heading_end = T.index("\n")
structure = {"source": "report.txt", "length": len(T), "sections": [{
    "id": "plan", "label": T[0], "title": T[2:heading_end], "role": "plan", "heading_start": 0,
    "heading_end": heading_end, "start": 0, "end": len(T), "items": items}]}
with open(f"{folder}/tasks.jsonl", "w", encoding="utf-8") as fh:
    for t in tasks:
        fh.write(json.dumps(t, ensure_ascii=False) + "\n")
with open(f"{folder}/entities.jsonl", "w", encoding="utf-8") as fh:
    for x in ents:
        fh.write(json.dumps(x, ensure_ascii=False) + "\n")
with open(f"{folder}/structure.json", "w", encoding="utf-8") as fh:
    json.dump(structure, fh, ensure_ascii=False, indent=1)
core = [t for t in tasks if t["level"] == "task"]
print(folder, "tasks", len(core), "optional", len(tasks) - len(core), "entities", len(ents),
      "core entities", sum(1 for x in ents if not x["nested"] and not x["borderline"]), "items", len(items))
