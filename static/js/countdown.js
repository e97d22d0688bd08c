// Counts the server-rendered deadlines down, by the server's clock (not the visitor's), once a second. The
// <script> tag that loads this file (templates/marketplace/_countdown_script.html) carries the server's time and
// the translated phrases in data attributes: the Content-Security-Policy allows no inline script.
(() => {
  const settings = document.currentScript.dataset;
  const offset = Number(settings.serverNow) * 1000 - Date.now();
  const tick = () => {
    const now = Date.now() + offset;
    document.querySelectorAll("[data-countdown]").forEach((el) => {
      const left = Math.floor((Number(el.dataset.countdown) * 1000 - now) / 1000);
      if (left <= 0) {
        el.textContent = settings.passed;
        el.className = "badge text-bg-secondary";
        el.removeAttribute("data-countdown");
        return;
      }
      const parts = { d: Math.floor(left / 86400), h: Math.floor((left % 86400) / 3600), m: Math.floor((left % 3600) / 60), s: left % 60 };
      el.textContent = (parts.d ? settings.withDays : settings.withoutDays).replace(/\{(\w)\}/g, (match, key) => parts[key]);
    });
  };
  tick();
  setInterval(tick, 1000);
})();
