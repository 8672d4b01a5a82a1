// Monitoring charts, drawn from the tables on the page (progressive enhancement: without
// JavaScript, or without Chart.js, the tables alone carry every number).
//
// A table marked class="chart-source" with data-chart="bar" (data-chart-axis="y" for horizontal
// bars) is charted into the element with data-chart-for="<table id>": one series per header cell
// marked data-series, one point per body row (label: the row's first cell; value: the cell's
// data-value, whole rupiah).
(function () {
  "use strict";
  var COLOURS = ["#0b5d3b", "#8a1c1c", "#f4b400", "#0a4a8a", "#4a5360"];
  // Words come from the page (translated there); numbers keep the Indonesian format in every language.
  var script = document.currentScript;
  var NOTE = (script && script.dataset.note) || "(grafik; angka ada di tabel)";
  var UNITS = ((script && script.dataset.units) || "jt M T").split(" ");

  function rupiah(value) {
    return "Rp" + Math.round(value).toLocaleString("id-ID");
  }

  function short(value) {
    var abs = Math.abs(value);
    if (abs >= 1e12) { return (value / 1e12).toLocaleString("id-ID", {maximumFractionDigits: 1}) + " " + UNITS[2]; }
    if (abs >= 1e9) { return (value / 1e9).toLocaleString("id-ID", {maximumFractionDigits: 1}) + " " + UNITS[1]; }
    if (abs >= 1e6) { return (value / 1e6).toLocaleString("id-ID", {maximumFractionDigits: 1}) + " " + UNITS[0]; }
    return value.toLocaleString("id-ID");
  }

  function readTable(table) {
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var series = [];
    headers.forEach(function (cell, index) {
      if (cell.hasAttribute("data-series")) { series.push({label: cell.textContent.trim(), index: index, data: []}); }
    });
    var labels = [];
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      labels.push(row.cells[0].textContent.trim());
      series.forEach(function (s) {
        var cell = row.cells[s.index];
        s.data.push(cell ? Number(cell.getAttribute("data-value") || 0) : 0);
      });
    });
    return {labels: labels, series: series};
  }

  function draw(box, table) {
    var data = readTable(table);
    var horizontal = table.getAttribute("data-chart-axis") === "y";
    var canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", (table.caption ? table.caption.textContent + " " : "") + NOTE);
    box.appendChild(canvas);
    var valueAxis = {ticks: {callback: function (v) { return short(v); }}, beginAtZero: true};
    /* global Chart */
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (s, i) {
          return {label: s.label, data: s.data, backgroundColor: COLOURS[i % COLOURS.length]};
        })
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        maintainAspectRatio: false,
        animation: false,
        scales: horizontal ? {x: valueAxis} : {y: valueAxis},
        plugins: {
          legend: {display: data.series.length > 1},
          tooltip: {callbacks: {label: function (ctx) { return ctx.dataset.label + ": " + rupiah(ctx.parsed[horizontal ? "x" : "y"]); }}}
        }
      }
    });
    box.classList.add("chart-drawn");
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof Chart === "undefined") { return; }
    Array.prototype.forEach.call(document.querySelectorAll("[data-chart-for]"), function (box) {
      var table = document.getElementById(box.getAttribute("data-chart-for"));
      if (table && table.tHead && table.tBodies.length) { draw(box, table); }
    });
  });
})();
