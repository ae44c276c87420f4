"""Offsets only: turn hand-written records (span + unique anchor) into jsonl, check text[start:end]==span,
and run the coverage check. Usage: python gold/offsets.py gold/heldout/<name> gold/heldout/<name>/records.txt"""
import json, re, sys
folder, ann = sys.argv[1], sys.argv[2]
T = open(f"{folder}/report.txt", encoding="utf-8").read()
cfg = {}
Q, N = [], []
used = set()
def locate(anchor, span):
    a = anchor or span
    n = T.count(a)
    assert n == 1, f"anchor {a!r} occurs {n} times"
    i = T.index(a)
    j = a.find(span)
    assert j >= 0, (a, span)
    s = i + j
    assert T[s:s+len(span)] == span
    return s, s + len(span)
def section(s):
    if s < cfg["review"]: return "intro"
    if s < cfg["plan"]: return "review"
    return "plan"
def num(x):
    if x in ("", "null", "None"): return None
    v = float(x)
    return int(v) if v == int(v) and "." not in x else v
for line in open(ann, encoding="utf-8"):
    line = line.rstrip("\n")
    if not line.strip() or line.startswith("#"): continue
    f = line.split("|")
    if f[0] == "CFG":
        cfg[f[1]] = T.index(f[2]); continue
    if f[0] == "L": continue
    s, e = locate(f[1], f[2])
    assert (s, e) not in used, ("duplicate", f[2], s); used.add((s, e))
    if f[0] == "Q":
        # Q|anchor|span|value|unit|unit_surface|qual|metric|kind|period|flags|of|note  (flags: b=borderline; low-high in value as 3~5)
        f += [""] * (13 - len(f))
        val, low, high = f[3], None, None
        if "~" in val:
            low, high = [num(x) for x in val.split("~")]; val = None
        else:
            val = num(val)
        r = dict(text=f[2], start=s, end=e, value=val, unit=f[4], unit_surface=f[5] or None,
                 qualifier=f[6] or None, low=low, high=high, metric=f[7], kind=f[8], of=f[11] or None,
                 period=f[9] or None, section=section(s), borderline="b" in f[10])
        if f[12]: r["note"] = f[12]
        Q.append(r)
    elif f[0] == "N":
        f += [""] * (5 - len(f))
        N.append(dict(text=f[2], start=s, end=e, reason=f[3], borderline="b" in f[4], section=section(s)))
    elif f[0] == "L":  # lexical token, excluded from both files (coverage only)
        pass
    else:
        raise SystemExit("bad line " + line)
Q.sort(key=lambda r: r["start"]); N.sort(key=lambda r: r["start"])
for a in Q + N:
    assert T[a["start"]:a["end"]] == a["text"]
spans = sorted([(r["start"], r["end"]) for r in Q + N])
for (a, b), (c, d) in zip(spans, spans[1:]):
    assert b <= c, ("overlap", T[a:b], T[c:d])
# coverage: every digit / Chinese numeral char is inside a record span or a lexical token
lex = [l.split("|") for l in open(ann, encoding="utf-8") if l.startswith("L|")]
lexpos = set()
for _, anchor, span, *rest in [[x.strip() for x in l] for l in lex]:
    if anchor == "*":  # every occurrence of a lexical word
        for m in re.finditer(re.escape(span), T): lexpos.update(range(m.start(), m.end()))
        continue
    s, e = locate(anchor, span); lexpos.update(range(s, e))
cov = set()
for s, e in spans: cov.update(range(s, e))
bad = [(i, T[max(0,i-8):i+8]) for i, ch in enumerate(T) if re.match(r"[0-9〇零一二三四五六七八九十百千万亿两双半]", ch) and i not in cov and i not in lexpos]
with open(f"{folder}/quantities.jsonl", "w", encoding="utf-8") as fh:
    for r in Q: fh.write(json.dumps(r, ensure_ascii=False) + "\n")
with open(f"{folder}/non_quantities.jsonl", "w", encoding="utf-8") as fh:
    for r in N: fh.write(json.dumps(r, ensure_ascii=False) + "\n")
print(f"{folder}: {len(T)} chars, {len(Q)} quantities ({sum(r['borderline'] for r in Q)} borderline), "
      f"{len(N)} non-quantities ({sum(r['borderline'] for r in N)} borderline), lexical {len(lex)}; uncovered {len(bad)}")
for i, ctx in bad: print("  UNCOVERED", i, repr(T[i]), ctx.replace("\n", "/"))
