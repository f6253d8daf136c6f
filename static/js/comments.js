// @mention autocomplete in the comment box: the server lists matching colleagues under the
// box (htmx); clicking one replaces the @word being typed. Without this file people type the name.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    const button = event.target.closest("[data-mention]");
    if (!button) return;
    const form = button.closest("form");
    const box = form && form.querySelector("textarea[name=body]");
    if (!box) return;
    const caret = box.selectionStart || box.value.length;
    const head = box.value.slice(0, caret).replace(/@[\w.@+-]*$/, "@" + button.dataset.mention + " ");
    box.value = head + box.value.slice(caret);
    box.focus();
    box.setSelectionRange(head.length, head.length);
    const list = document.getElementById("mention-suggestions");
    if (list) list.replaceChildren();
  });
})();
