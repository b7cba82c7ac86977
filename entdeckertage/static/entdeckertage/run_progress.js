// Progressive enhancement for the allocation run page: while the run is queued or running, ask the JSON API
// for its progress every few seconds, show it, and reload the page once the run has finished (the figures and
// the publish button come from the server). Without JavaScript the page's "Aktualisieren" link does the same.
(function () {
  "use strict";
  var box = document.getElementById("run-status");
  if (!box || !box.dataset.poll) return;
  var url = box.dataset.poll;
  var failures = 0;
  function tick() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (run) {
        failures = 0;
        if (run.status !== box.dataset.status) { window.location.reload(); return; }  // started or finished
        document.getElementById("run-pct").textContent = run.progress;
        document.getElementById("run-progress").value = run.progress;
        document.getElementById("run-note").textContent = run.progress_note ? " · " + run.progress_note : "";
        window.setTimeout(tick, 2000);
      })
      .catch(function () { if (++failures < 5) window.setTimeout(tick, 5000); });
  }
  window.setTimeout(tick, 2000);
})();
