// Line charts of the panel: one line per government over the years.
(function () {
  var data = JSON.parse(document.getElementById("panel-data").textContent);
  if (!data || !window.echarts) return;
  function draw(id, series) {
    var el = document.getElementById(id);
    if (!el) return;
    echarts.init(el).setOption({
      tooltip: {trigger: "axis"},
      legend: {type: "scroll"},
      xAxis: {type: "category", data: data.years},
      yAxis: {type: "value"},
      series: series.map(function (s) { return {name: s.name, type: "line", connectNulls: true, data: s.data}; })
    });
  }
  draw("chart-actual", data.actual);
  draw("chart-growth", data.growth);
})();
