// The reading view: hovering a highlight outlines the whole annotation;
// clicking shows what was extracted (value, metric, kind, strength, deadline).
(function () {
  var island = document.getElementById("annotations");
  var text = document.getElementById("text");
  var panel = document.getElementById("detail");
  if (!island || !text || !panel) return;
  var ann = JSON.parse(island.textContent);
  var outline = document.querySelector(".outline details");
  if (outline && window.innerWidth < 760) outline.open = false;   // on a phone the text comes first
  var LABELS = {
    kind: {actual: "实际", target: "目标", plan: "计划", growth: "增速", rank: "排名"},
    strength: {must: "确保", aim: "力争", explore: "探索", do: "推进"},
    qualifier: {approx: "约", over: "以上", under: "以内", range: "区间"},
    type: {ORG: "机构", GOV: "政府部门", PLACE: "地点", PROJECT: "项目", POLICY: "政策"}
  };
  var FIELDS = {
    q: [["text", "原文"], ["value", "数值"], ["unit", "单位"], ["qualifier", "限定"], ["low", "下限"], ["high", "上限"],
        ["metric", "指标"], ["kind", "类型"], ["period", "时期"], ["of", "增长基数"], ["firmness", "措辞"]],
    t: [["text", "任务"], ["area", "领域"], ["verb", "动词"], ["object", "对象"], ["strength", "力度"],
        ["deadline", "完成时限"], ["due", "截止日期"], ["targets", "量化目标"], ["id", "任务编号"]],
    e: [["text", "实体"], ["type", "类别"]]
  };
  var TITLES = {q: "数量", t: "任务", e: "实体"};

  function fmt(key, v) {
    if (v === null || v === undefined || v === "" || (Array.isArray(v) && !v.length)) return null;
    if (Array.isArray(v)) return v.join("；");
    if (LABELS[key] && LABELS[key][v]) return LABELS[key][v];
    if (typeof v === "number") return v.toLocaleString("zh-CN", {maximumFractionDigits: 6});
    return String(v);
  }
  function layerOf(el) {  // the innermost annotation: a quantity or entity before its task
    for (var k of ["q", "e", "t"]) if (el.dataset[k] !== undefined) return k;
    return null;
  }
  function mark(k, i, on) {
    text.querySelectorAll('[data-' + k + '="' + i + '"]').forEach(function (s) { s.classList.toggle("on", on); });
  }
  function show(k, i) {
    var a = ann[k][i];
    var rows = FIELDS[k].map(function (f) {
      var v = fmt(f[0], a[f[0]]);
      return v === null ? "" : "<dt>" + f[1] + "</dt><dd>" + esc(v) + "</dd>";
    }).join("");
    panel.innerHTML = '<button class="close" aria-label="关闭">×</button><strong>' + TITLES[k] + "</strong><dl>" + rows + "</dl>";
    panel.hidden = false;
    panel.dataset.kind = k;
    panel.querySelector(".close").onclick = function () { panel.hidden = true; };
  }
  function esc(s) { var d = document.createElement("div"); d.textContent = s; return d.innerHTML; }
  var current = null;
  text.addEventListener("mouseover", function (ev) {
    var el = ev.target.closest("span[data-t],span[data-q],span[data-e]");
    if (current) mark(current[0], current[1], false);
    current = null;
    if (!el) return;
    var k = layerOf(el);
    current = [k, el.dataset[k]];
    mark(k, current[1], true);
  });
  text.addEventListener("click", function (ev) {
    var el = ev.target.closest("span[data-t],span[data-q],span[data-e]");
    if (!el) return;
    var k = layerOf(el);
    show(k, +el.dataset[k]);
  });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") panel.hidden = true; });
})();
