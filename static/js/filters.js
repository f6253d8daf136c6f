// The queue's filters at phone width: search stays, the rest fold behind one "More filters"
// button that says how many are on. Without this file every filter simply stays shown.
(function () {
  "use strict";
  const narrow = window.matchMedia("(max-width: 760px)");
  function activeCount(panel) {
    return Array.from(panel.querySelectorAll("input, select")).filter(function (field) {
      if (field.name === "sort") return field.value !== "newest";
      return field.value !== "";
    }).length;
  }
  function setUp() {
    const button = document.querySelector(".filters-toggle");
    const panel = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!panel) return;
    const form = button.closest("form");
    form.classList.add("collapsible");
    button.hidden = false;
    function label() {
      const on = activeCount(panel);
      button.textContent = on ? "More filters (" + on + " on)" : "More filters";
    }
    button.addEventListener("click", function () {
      const open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      form.classList.toggle("filters-open", open);
    });
    form.addEventListener("change", label);
    narrow.addEventListener("change", function () {
      button.setAttribute("aria-expanded", "false");
      form.classList.remove("filters-open");
    });
    label();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
