// Indicator charts: growth rates and actual values by metric, drawn with the
// shipped ECharts build from the series the page's view computed.
(function () {
  var island = document.getElementById("chart-data");
  if (!island || typeof echarts === "undefined") return;
  var data = JSON.parse(island.textContent);
  function draw(id, part, kind) {
    var el = document.getElementById(id);
    if (!el) return;
    if (!part.metrics.length) { el.innerHTML = '<p class="muted">没有可绘制的数据。</p>'; el.style.height = "auto"; return; }
    var chart = echarts.init(el);
    chart.setOption({
      tooltip: {trigger: "axis"},
      legend: {type: "scroll", top: 0},
      grid: {left: 8, right: 8, bottom: 8, top: 32, containLabel: true},
      xAxis: {type: "category", data: part.metrics, axisLabel: {interval: 0, rotate: 40, width: 90, overflow: "truncate"}},
      yAxis: {type: "value", name: part.unit || "", scale: kind === "growth"},
      series: part.series.map(function (s) { return {name: s.name, type: "bar", data: s.data}; })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  draw("chart-growth", data.growth, "growth");
  draw("chart-actual", data.actual, "actual");
})();
