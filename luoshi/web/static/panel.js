// Line charts of the panel: one line per government over the years.
(function () {
  var data = JSON.parse(document.getElementById("panel-data").textContent);
  if (!data || !window.echarts) return;
  // 1.2万亿, 670亿, 3.5万: axis labels as a Chinese reader writes them
  function cn(v) {
    var scales = [[1e12, "万亿"], [1e8, "亿"], [1e4, "万"]];
    for (var i = 0; i < scales.length; i++) {
      if (Math.abs(v) >= scales[i][0]) return +(v / scales[i][0]).toPrecision(4) + scales[i][1];
    }
    return String(v);
  }
  function draw(id, series) {
    var el = document.getElementById(id);
    if (!el) return;
    echarts.init(el).setOption({
      tooltip: {trigger: "axis"},
      legend: {type: "scroll"},
      xAxis: {type: "category", data: data.years},
      yAxis: {type: "value", axisLabel: {formatter: cn}},
      series: series.map(function (s) { return {name: s.name, type: "line", connectNulls: true, data: s.data}; })
    });
  }
  draw("chart-actual", data.actual);
  draw("chart-growth", data.growth);
})();
