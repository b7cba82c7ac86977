/* Progressive enhancement: the list is the page; this adds a map of the same results when Leaflet loads.
   Without JavaScript, Leaflet or tiles the map section stays hidden and nothing is lost. */
(function () {
  "use strict";
  function init() {
    var section = document.querySelector("[data-map-section]");
    var data = document.getElementById("mt-map-points");
    if (!section || !data || typeof L === "undefined") return;
    var points = JSON.parse(data.textContent || "[]");
    if (!points.length) return;
    section.hidden = false;
    var el = document.getElementById("mt-map");
    // Leaflet guesses its marker images from its CSS, which fails once the file names carry hashes
    // (ManifestStaticFilesStorage): give it the exact URLs instead.
    L.Icon.Default.imagePath = "";
    L.Icon.Default.mergeOptions({
      iconUrl: el.getAttribute("data-icon"),
      iconRetinaUrl: el.getAttribute("data-icon-2x"),
      shadowUrl: el.getAttribute("data-shadow")
    });
    var map = L.map(el, { scrollWheelZoom: false });
    var tiles = el.getAttribute("data-tiles");
    if (tiles) {
      L.tileLayer(tiles, {
        maxZoom: 18,
        attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>-Mitwirkende'
      }).addTo(map);
    }
    var bounds = [];
    points.forEach(function (p) {
      // keyboard: false: markers are a pointer view of the list above, which holds the same links with large
      // targets (WCAG 2.2 2.5.8 "equivalent" exception); overlapping markers would fail the 24 px spacing and add
      // 20 tab stops between a keyboard user and the rest of the page.
      var marker = L.marker([p.lat, p.lon], { title: p.title, alt: p.title, keyboard: false }).addTo(map);
      var link = document.createElement("a");
      link.href = p.url;
      link.textContent = p.title;
      var box = document.createElement("div");
      box.appendChild(link);
      box.appendChild(document.createTextNode(" – " + p.company));
      marker.bindPopup(box);
      bounds.push([p.lat, p.lon]);
    });
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
