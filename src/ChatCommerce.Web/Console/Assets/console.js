// ChatCommerce staff console: live refresh over SignalR and SLA countdowns. No inline script:
// the pages' Content-Security-Policy allows only this file and the SignalR client.
(() => {
  "use strict";
  const body = document.body;
  const lang = document.documentElement.lang === "en" ? "en" : "th";

  async function refresh(el) {
    const response = await fetch(el.dataset.refresh, { headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" });
    if (response.status === 401) { location.reload(); return; }
    if (response.ok) {
      el.innerHTML = await response.text();
      tick();
      body.dataset.refreshed = String(Number(body.dataset.refreshed || "0") + 1);
    }
  }

  function refreshFor(keys) {
    document.querySelectorAll("[data-refresh]").forEach(el => {
      const watch = el.dataset.watch;
      if (!watch || keys.includes(watch)) refresh(el);
    });
  }

  // "2 h 05 min" left, or how long overdue.
  function tick() {
    const now = Date.now();
    document.querySelectorAll("[data-due]").forEach(el => {
      const ms = Number(el.dataset.due) - now;
      const minutes = Math.floor(Math.abs(ms) / 60000);
      const text = (minutes >= 60 ? Math.floor(minutes / 60) + (lang === "en" ? " h " : " ชม. ") : "") + (minutes % 60) + (lang === "en" ? " min" : " นาที");
      el.textContent = ms >= 0 ? text : (lang === "en" ? "overdue " : "เกินกำหนด ") + text;
      el.classList.toggle("overdue", ms < 0);
    });
  }

  tick();
  setInterval(tick, 15000);

  const transcript = document.querySelector(".transcript");
  if (transcript) transcript.scrollTop = transcript.scrollHeight;

  if (body.dataset.live && window.signalR) {
    const connection = new signalR.HubConnectionBuilder().withUrl("/console/hub").withAutomaticReconnect().build();
    connection.on("changed", keys => refreshFor(keys));
    connection.onreconnected(() => refreshFor([]));
    connection.onclose(() => { body.dataset.connected = "0"; });
    connection.start().then(() => { body.dataset.connected = "1"; }).catch(() => { body.dataset.connected = "0"; });
  }
})();
