// Ticks every countdown ([data-ends-at]) once a second. The end time and "now" come from the
// server, so a phone with a wrong clock still shows what the projector shows.
(function () {
  "use strict";

  function pad(n) { return String(n).padStart(2, "0"); }

  function format(seconds) {
    var s = Math.abs(Math.round(seconds));
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), rest = s % 60;
    return (h ? h + ":" + pad(m) : String(m)) + ":" + pad(rest);
  }

  function tick() {
    document.querySelectorAll("[data-ends-at]").forEach(function (el) {
      if (el.dataset.offset === undefined) {
        el.dataset.offset = String(Date.parse(el.dataset.serverNow) - Date.now());
      }
      var now = Date.now() + Number(el.dataset.offset);
      var left = (Date.parse(el.dataset.endsAt) - now) / 1000;
      var value = el.querySelector(".countdown-value");
      if (!value) return;
      value.textContent = left >= 0
        ? el.dataset.labelLeft + " " + format(left)
        : el.dataset.labelOver + " " + format(left);
      el.classList.toggle("is-over", left < 0);
    });
  }

  tick();
  setInterval(tick, 1000);
})();
