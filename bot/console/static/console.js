// Operator console: live updates through server-sent events. On each event the page
// fetches its server-rendered fragment again (HTML escaped by the server), so the browser
// never builds markup from event data.
(function () {
  "use strict";
  var target = document.querySelector("[data-live-src]");
  if (!target || !window.EventSource) return;
  var state = document.getElementById("live-state");
  var onlyId = target.getAttribute("data-conversation");
  var pending = null;
  function refresh() {
    pending = null;
    fetch(target.getAttribute("data-live-src"), { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (r) { if (r.redirected || !r.ok) throw new Error("stale"); return r.text(); })
      .then(function (html) { target.innerHTML = html; target.dispatchEvent(new CustomEvent("live-updated")); })
      .catch(function () { if (state) state.textContent = "Gagal memperbarui; muat ulang halaman."; });
  }
  var source = new EventSource("/operator/events");
  source.addEventListener("conversation", function (ev) {
    if (onlyId) {
      try { if (String(JSON.parse(ev.data).conversation_id) !== onlyId) return; } catch (e) { return; }
      var status = document.getElementById("status-label");
      var next = JSON.parse(ev.data).status;
      if (status && next && status.getAttribute("data-status") !== next) { window.location.reload(); return; }
    }
    if (!pending) pending = setTimeout(refresh, 150);
  });
  source.addEventListener("open", function () { if (state) state.textContent = "Memperbarui otomatis"; });
  source.addEventListener("error", function () { if (state) state.textContent = "Menyambung ulang…"; });
})();
