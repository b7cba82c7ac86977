/* The occupation filter as an autocomplete (WAI-ARIA combobox with a listbox popup, "list autocomplete
   with manual selection"). Progressive enhancement: without this script the field is a plain text input
   that the server matches by name. Suggestions come from the reference API (/api/v1/reference/occupations/). */
(function () {
  "use strict";
  var MAX = 8;
  var DELAY_MS = 150;

  function setup(box) {
    var input = box.querySelector("[data-occupation-autocomplete]");
    if (!input) return;
    var source = box.getAttribute("data-source");
    var listId = input.id + "-listbox";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "mt-combobox__list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", box.querySelector("label").textContent);
    list.hidden = true;
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.insertAdjacentElement("afterend", list);
    list.insertAdjacentElement("afterend", status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var options = [];
    var active = -1;
    var timer = null;
    var pending = null;
    var lastQuery = null;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(i) {
      options.forEach(function (li, j) { li.setAttribute("aria-selected", j === i ? "true" : "false"); });
      active = i;
      if (i >= 0) {
        input.setAttribute("aria-activedescendant", options[i].id);
        options[i].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(i) {
      input.value = options[i].getAttribute("data-name");
      close();
      status.textContent = "";
    }

    function say(n) {
      var text = n === 0 ? box.getAttribute("data-found-none")
        : n === 1 ? box.getAttribute("data-found-one")
        : box.getAttribute("data-found-many").replace("%(n)s", String(n));
      status.textContent = text;
    }

    function render(items, total) {
      list.textContent = "";
      options = items.slice(0, MAX).map(function (o, i) {
        var li = document.createElement("li");
        li.id = listId + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.setAttribute("data-name", o.name);
        li.textContent = o.name;
        li.addEventListener("mousedown", function (e) { e.preventDefault(); });  // keep focus in the input
        li.addEventListener("click", function () { choose(i); input.focus(); });
        list.appendChild(li);
        return li;
      });
      active = -1;
      var open = options.length > 0;
      list.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      say(total);
    }

    function lookup() {
      var q = input.value.trim();
      if (q.length < 2) { close(); lastQuery = null; return; }
      if (q === lastQuery) return;
      lastQuery = q;
      if (pending && pending.abort) pending.abort();
      pending = typeof AbortController === "function" ? new AbortController() : null;
      var url = source + "?page_size=" + MAX + "&q=" + encodeURIComponent(q);
      fetch(url, { headers: { Accept: "application/json" }, signal: pending ? pending.signal : undefined })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data || input.value.trim() !== q) return;
          var items = Array.isArray(data) ? data : (data.results || []);
          render(items, typeof data.count === "number" ? data.count : items.length);
        })
        .catch(function () { /* offline or aborted: the plain text input still works */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(lookup, DELAY_MS);
    });
    input.addEventListener("keydown", function (e) {
      var open = !list.hidden && options.length > 0;
      if (e.key === "ArrowDown") {
        if (!open) { lastQuery = null; lookup(); return; }
        e.preventDefault();
        highlight(active < options.length - 1 ? active + 1 : 0);
      } else if (e.key === "ArrowUp" && open) {
        e.preventDefault();
        highlight(active > 0 ? active - 1 : options.length - 1);
      } else if (e.key === "Enter" && open && active >= 0) {
        e.preventDefault();  // choose, do not submit yet
        choose(active);
      } else if (e.key === "Escape" && open) {
        e.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-combobox]"), setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
