// Citizen web chat: sends to POST /api/chat, renders replies and buttons as text (never HTML),
// keeps the conversation across reloads in localStorage, and polls GET /api/chat/updates for
// messages pushed outside a turn (an operator's replies, status notifications).
(function () {
  "use strict";
  var STORE_KEY = "tanya-layanan-chat";
  var transcript = document.getElementById("transcript");
  var form = document.getElementById("composer");
  var input = document.getElementById("message");
  var status = document.getElementById("status");
  var state = load();

  function load() {
    try {
      var saved = JSON.parse(localStorage.getItem(STORE_KEY) || "null");
      if (saved && saved.senderId && Array.isArray(saved.items)) return saved;
    } catch (e) { /* start afresh */ }
    var id = (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + Math.random();
    return { senderId: "web-" + id, items: [], cursor: 0 };
  }
  function save() {
    state.items = state.items.slice(-200);
    try { localStorage.setItem(STORE_KEY, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }
  function render(item) {
    var li = document.createElement("li");
    var person = item.from === "operator";
    li.className = "msg " + (item.from === "me" ? "msg--me" : person ? "msg--operator" : item.from === "bot" ? "msg--bot" : "msg--notice");
    var label = document.createElement("span");
    label.className = person ? "msg__who" : "visually-hidden";
    label.textContent = item.from === "me" ? "Anda: " : person ? "Petugas: " : item.from === "bot" ? "Asisten: " : "Pemberitahuan: ";
    li.appendChild(label);
    li.appendChild(document.createTextNode(item.text || ""));
    if (item.buttons && item.buttons.length) {
      var box = document.createElement("div");
      box.className = "msg__buttons";
      item.buttons.forEach(function (b) {
        var btn = document.createElement("button");
        btn.type = "button";
        btn.textContent = b.title;
        btn.addEventListener("click", function () { send(b.payload, b.title); });
        box.appendChild(btn);
      });
      li.appendChild(box);
    }
    transcript.appendChild(li);
    li.scrollIntoView({ block: "end" });
  }
  function add(item) { state.items.push(item); save(); render(item); }
  function send(text, shown) {
    text = (text || "").trim();
    if (!text) { status.textContent = "Pesan masih kosong."; return; }
    add({ from: "me", text: shown || text });
    status.textContent = "Asisten sedang mengetik…";
    fetch("/api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender_id: state.senderId, text: text })
    }).then(function (r) {
      return r.json().then(function (body) { return { ok: r.ok, body: body }; });
    }).then(function (res) {
      status.textContent = "";
      if (!res.ok) { add({ from: "bot", text: (res.body.error && res.body.error.message) || "Maaf, terjadi kesalahan." }); return; }
      (res.body.messages || []).forEach(function (m) { add({ from: "bot", text: m.text, buttons: m.buttons }); });
    }).catch(function () {
      status.textContent = "Koneksi terputus. Periksa internet Anda lalu coba lagi.";
    });
  }
  form.addEventListener("submit", function (ev) { ev.preventDefault(); var t = input.value; input.value = ""; send(t); input.focus(); });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && !ev.shiftKey) { ev.preventDefault(); form.requestSubmit(); }
  });
  var polling = false;
  function poll() {
    if (polling) return;
    polling = true;
    fetch("/api/chat/updates?sender_id=" + encodeURIComponent(state.senderId) + "&after=" + (state.cursor || 0))
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        if (!body) return;
        (body.messages || []).forEach(function (m) { add({ from: m.from || "notify", text: m.text, buttons: m.buttons }); });
        if (typeof body.cursor === "number" && body.cursor !== state.cursor) { state.cursor = body.cursor; save(); }
      })
      .catch(function () { /* offline: try again at the next tick */ })
      .then(function () { polling = false; });
  }
  setInterval(poll, 2500);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) poll(); });
  state.items.forEach(render);
  poll();
  if (!state.items.length) {
    add({ from: "bot", text: "Halo! Saya asisten virtual Tanya Layanan. Silakan tanyakan syarat, alur, biaya, atau lokasi layanan publik." });
  }
})();
