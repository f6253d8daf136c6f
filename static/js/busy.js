// A form marked data-busy shows that it is working while its POST runs: the button is disabled
// (no second copy from a double click) and a status line counts the seconds. Submitting a long
// article without a worker (make run) extracts it inside the request.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!form.matches("form[data-busy]") || event.defaultPrevented) return;
    const status = form.querySelector("[data-busy-status]");
    const button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    if (!status) return;
    const started = Date.now();
    status.hidden = false;
    const tick = function () {
      status.textContent = `${form.dataset.busy} ${Math.round((Date.now() - started) / 1000)} s`;
    };
    tick();
    window.setInterval(tick, 1000);
  });
  // Back/forward cache: a page restored after leaving must be usable again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-busy] button[type=submit]").forEach((b) => { b.disabled = false; });
    document.querySelectorAll("[data-busy-status]").forEach((s) => { s.hidden = true; });
  });
})();
