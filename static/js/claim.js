// Live character count for the "claim reviewed" wording (warn above the ClaimReview guideline).
// The server shows the same warning after saving; this only makes it immediate.
(function () {
  "use strict";
  document.addEventListener("input", function (event) {
    const input = event.target;
    const limit = Number(input.dataset && input.dataset.warnLength);
    if (!limit) return;
    const count = document.querySelector(`[data-count-for="${input.id}"]`);
    const warn = document.querySelector(`[data-warn-for="${input.id}"]`);
    if (count) count.textContent = input.value.length;
    if (warn) warn.hidden = input.value.length <= limit;
  });
})();

// Enter in the library search looks sources up instead of submitting the evidence form.
document.addEventListener("keydown", function (event) {
  if (event.key === "Enter" && event.target.id === "source-q") {
    event.preventDefault();
    if (window.htmx) htmx.trigger(event.target, "search");
  }
});
