"""The report text as HTML with its annotations highlighted. The text is cut
at every annotation boundary; each piece is a <span> naming the task,
quantity and entity that cover it (by index into the page's annotation
lists), so the page's script can show a whole annotation on hover or click.
Anchors mark section starts (#s<ord>), task starts (#t-<id>) and a search hit."""
from __future__ import annotations

import json

from markupsafe import Markup, escape

LAYERS = (("t", "tasks"), ("q", "quantities"), ("e", "entities"))


def _cover(n: int, spans: list[dict]) -> list[int]:
    """For each character, the index of the annotation covering it; where
    annotations nest, the inner one (starting later or ending sooner) wins."""
    out = [-1] * n
    for idx in sorted(range(len(spans)), key=lambda i: (spans[i]["start"], -spans[i]["end"])):
        for i in range(max(0, spans[idx]["start"]), min(n, spans[idx]["end"])):
            out[i] = idx
    return out


def highlighted(data: dict, hit: tuple[int, int] | None = None) -> Markup:
    text = data["report"]["text"]
    n = len(text)
    layers = {}
    cuts = {0, n}
    for key, name in LAYERS:
        spans = data.get(name) or []
        layers[key] = _cover(n, spans)
        cuts.update(min(max(a["start"], 0), n) for a in spans)
        cuts.update(min(max(a["end"], 0), n) for a in spans)
    anchors: dict[int, list[str]] = {}
    for s in data.get("sections") or []:
        anchors.setdefault(s["start"], []).append(f's{s["ord"]}')
    for t in data.get("tasks") or []:
        anchors.setdefault(t["start"], []).append(f't-{t["id"]}')
    if hit:
        anchors.setdefault(hit[0], []).append("hit")
        cuts.update(hit)
    cuts.update(a for a in anchors if 0 <= a <= n)
    return Markup("".join(_pieces(text, sorted(cuts), layers, anchors, hit)))


def _pieces(text, cuts, layers, anchors, hit):
    for a, b in zip(cuts, cuts[1:]):
        for name in anchors.get(a, ()):
            yield f'<a class="anchor" id="{escape(name)}"></a>'
        piece = escape(text[a:b])
        attrs = [(k, layers[k][a]) for k in ("t", "q", "e") if layers[k][a] >= 0]
        is_hit = hit is not None and hit[0] <= a < hit[1]
        if not attrs and not is_hit:
            yield str(piece)
            continue
        classes = " ".join(["a-" + k for k, _ in attrs] + (["hit"] if is_hit else []))
        data = "".join(f' data-{k}="{i}"' for k, i in attrs)
        yield f'<span class="{classes}"{data}>{piece}</span>'


FIELDS = {
    "quantities": ("text", "value", "unit", "qualifier", "low", "high", "metric", "kind", "period", "of",
                   "firmness", "start", "end"),
    "tasks": ("id", "text", "area", "topic", "verb", "object", "strength", "deadline", "due", "targets",
              "start", "end"),
    "entities": ("text", "type", "start", "end"),
}


def annotation_json(data: dict) -> Markup:
    """The annotations the page's script shows on click, as a JSON island
    (</ escaped so report text cannot close the script element)."""
    out = {key: [{f: a.get(f) for f in FIELDS[name]} for a in data.get(name) or []] for key, name in LAYERS}
    return Markup(json.dumps(out, ensure_ascii=False).replace("</", "<\\/"))
