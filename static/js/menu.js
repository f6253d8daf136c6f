// The header menu at phone width: one button opens and closes it. Without this file the
// menu stays open (the links wrap), so nothing depends on it.
(function () {
  "use strict";
  const narrow = window.matchMedia("(max-width: 760px)");
  function setUp() {
    const button = document.querySelector(".menu-toggle");
    const header = document.querySelector(".topbar");
    if (!button || !header) return;
    header.classList.add("has-menu");
    button.hidden = false;
    button.addEventListener("click", function () {
      const open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      header.classList.toggle("menu-open", open);
    });
    narrow.addEventListener("change", function () {
      button.setAttribute("aria-expanded", "false");
      header.classList.remove("menu-open");
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
