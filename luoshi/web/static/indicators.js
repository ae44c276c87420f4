// Indicator charts: growth rates and actual values by metric, drawn with the
// shipped ECharts build from the series the page's view computed.
(function () {
  var island = document.getElementById("chart-data");
  if (!island || typeof echarts === "undefined") return;
  var data = JSON.parse(island.textContent);
  function cn(v) {  // 670亿, 1.6万: axis labels as a Chinese reader writes them
    var a = Math.abs(v);
    if (a >= 1e12) return +(v / 1e12).toPrecision(4) + "万亿";
    if (a >= 1e8) return +(v / 1e8).toPrecision(4) + "亿";
    if (a >= 1e4) return +(v / 1e4).toPrecision(4) + "万";
    return String(+v.toPrecision(6));
  }
  function draw(id, part, kind) {
    var el = document.getElementById(id);
    if (!el) return;
    if (!part.metrics.length) { el.innerHTML = '<p class="muted">没有可绘制的数据。</p>'; el.style.height = "auto"; return; }
    var chart = echarts.init(el);
    chart.setOption({
      tooltip: {trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : cn(v) + (part.unit || ""); }},
      legend: {type: "scroll", top: 0},
      grid: {left: 8, right: 8, bottom: 8, top: 32, containLabel: true},
      xAxis: {type: "category", data: part.metrics, axisLabel: {interval: 0, rotate: 40, width: 90, overflow: "truncate"}},
      yAxis: {type: "value", name: part.unit || "", axisLabel: {formatter: cn}},
      series: part.series.map(function (s) { return {name: s.name, type: "bar", data: s.data}; })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  draw("chart-growth", data.growth, "growth");
  draw("chart-actual", data.actual, "actual");
})();
