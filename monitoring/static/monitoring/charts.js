/* Draws the charts of the monitoring pages from the same published figures as the tables (json_script
   "mon-data"). Progressive enhancement: without JavaScript (or Chart.js) the tables are all there is. */
(function () {
  "use strict";
  var source = document.getElementById("mon-data");
  if (!source || typeof window.Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var palette = ["#005a9c", "#c0392b", "#1e7b34", "#8e44ad", "#b9770e", "#2c3e50"];
  var common = {
    responsive: true, maintainAspectRatio: false, animation: reduce ? false : { duration: 300 },
    plugins: { legend: { position: "bottom" } }
  };

  function draw(key, config) {
    var holder = document.querySelector('[data-chart="' + key + '"]');
    if (!holder) { return; }
    holder.hidden = false;
    new window.Chart(holder.querySelector("canvas"), config);
  }

  data.tables.forEach(function (table) {
    if (!table.chart) { return; }
    var labels = table.rows.map(function (row) { return row.label; });
    var columns = table.columns.filter(function (c) { return table.chart_columns.indexOf(c.key) >= 0; });
    draw(table.key, {
      type: table.chart,
      data: {
        labels: labels,
        datasets: columns.map(function (column, i) {
          return {
            label: column.label, backgroundColor: palette[i % palette.length], borderColor: palette[i % palette.length],
            data: table.rows.map(function (row) { var v = row.values[column.key]; return v === null ? null : v; })
          };
        })
      },
      options: Object.assign({}, common, { indexAxis: table.chart === "bar" && labels.length > 6 ? "y" : "x" })
    });
  });

  if (data.trends && !data.trends.filtered) {
    var years = Object.keys(data.trends.years).sort().reverse();
    var datasets = [];
    data.trends.figures.forEach(function (f, fi) {
      if (["placements", "seats", "applications"].indexOf(f.key) < 0) { return; }
      years.forEach(function (year, yi) {
        datasets.push({
          label: f.label + " " + year, borderColor: palette[fi % palette.length], borderDash: yi ? [6, 4] : [],
          pointRadius: 0, spanGaps: true,
          data: data.trends.years[year].map(function (p) {
            var d = new Date(p.date); var start = new Date(d.getMonth() >= 7 ? d.getFullYear() : d.getFullYear() - 1, 7, 1);
            return { x: Math.round((d - start) / 86400000), y: p[f.key] };
          })
        });
      });
    });
    if (datasets.some(function (d) { return d.data.length; })) {
      draw("trends", {
        type: "line", data: { datasets: datasets },
        options: Object.assign({}, common, { scales: { x: { type: "linear", title: { display: true, text: document.querySelector('[data-chart="trends"]').getAttribute("data-x-label") } } } })
      });
    }
  }
}());
