// envdisclose: initialise the charts of a page. Each chart is a go-echarts
// container (.chart-box) followed by its option as inert JSON in
// <script type="application/json" id="<chart id>-option">. Without
// JavaScript (or without echarts) the containers stay hidden and the tables
// carry the same figures.
(function () {
  "use strict";
  if (!window.echarts) { return; }
  document.documentElement.classList.add("js-charts");
  var charts = [];
  document.querySelectorAll(".chart-box[data-chart]").forEach(function (box) {
    var id = box.getAttribute("data-chart");
    var el = document.getElementById(id);
    var src = document.getElementById(id + "-option");
    if (!el || !src) { return; }
    try {
      var chart = echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(JSON.parse(src.textContent));
      charts.push(chart);
    } catch (e) {
      box.hidden = true;
      if (window.console) { console.error("chart " + id + ": " + e); }
    }
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (c) { c.resize(); });
  });
  window.addEventListener("beforeprint", function () {
    charts.forEach(function (c) { c.resize(); });
  });
})();
