// Keyboard shortcuts for the claim queue: j/k move, Enter opens, x selects,
// a assigns to me, / focuses search, ? toggles the list. No framework; the page
// works without this file (links, checkboxes and forms do the same things).
(function () {
  "use strict";
  let current = -1;

  function rows() {
    return Array.from(document.querySelectorAll("#queue-rows tbody tr[data-href]"));
  }

  function focusRow(index) {
    const all = rows();
    if (!all.length) return;
    current = Math.max(0, Math.min(index, all.length - 1));
    all.forEach((row, i) => row.classList.toggle("current", i === current));
    all[current].scrollIntoView({ block: "nearest" });
    all[current].setAttribute("aria-current", "true");
    all.forEach((row, i) => { if (i !== current) row.removeAttribute("aria-current"); });
  }

  function currentRow() {
    const all = rows();
    return current >= 0 && current < all.length ? all[current] : null;
  }

  function typing(event) {
    const el = event.target;
    return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName);
  }

  function toggleHelp() {
    const dialog = document.getElementById("keys-help");
    if (!dialog) return;
    if (dialog.open) dialog.close(); else dialog.showModal();
  }

  function assignToMe(row) {
    const token = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"];
    const index = current;
    htmx.ajax("POST", row.dataset.assignUrl, {
      source: row, target: "#queue-rows", select: "#queue-rows", swap: "outerHTML",
      values: { assignee: "me", next: window.location.pathname + window.location.search },
      headers: { "X-CSRFToken": token },
    }).then(() => focusRow(index));
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Escape" && typing(event) && event.target.id === "f-q") { event.target.blur(); return; }
    if (typing(event)) return;
    const row = currentRow();
    switch (event.key) {
      case "j": focusRow(current + 1); break;
      case "k": focusRow(current <= 0 ? 0 : current - 1); break;
      case "Enter": if (row) window.location.assign(row.dataset.href); else return; break;
      case "x": if (row) { const box = row.querySelector("input[type=checkbox]"); box.checked = !box.checked; } break;
      case "a": if (row && window.htmx) assignToMe(row); break;
      case "/": document.getElementById("f-q").focus(); break;
      case "?": toggleHelp(); break;
      default: return;
    }
    event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-keys-help]")) toggleHelp();
  });

  // Select all on this page: the header box ticks or clears every row's box, and shows "some" when mixed.
  function showSelectAll() {
    const all = document.querySelector("#queue-rows [data-select-all]");
    if (all) all.hidden = rows().length === 0;
  }
  function boxes() {
    return Array.from(document.querySelectorAll("#queue-rows tbody input[name=ids]"));
  }
  document.addEventListener("change", function (event) {
    const all = document.querySelector("#queue-rows [data-select-all]");
    if (!all) return;
    if (event.target === all) {
      boxes().forEach((box) => { box.checked = all.checked; });
    } else if (event.target.name === "ids") {
      const ticked = boxes().filter((box) => box.checked).length;
      all.checked = ticked > 0 && ticked === boxes().length;
      all.indeterminate = ticked > 0 && ticked < boxes().length;
    }
  });
  showSelectAll();

  // Bulk actions: show only the fields the chosen action uses (without this file every field shows,
  // and the server reads only the chosen action's fields either way).
  function showBulkFields() {
    const action = document.getElementById("bulk-action");
    if (!action) return;
    document.querySelectorAll("#bulk-form [data-bulk-action]").forEach((field) => {
      field.hidden = field.dataset.bulkAction !== action.value;
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.id === "bulk-action") showBulkFields();
  });
  showBulkFields();

  // Rows are replaced when filters change: start again from the top.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "queue-rows") current = -1;
    showSelectAll();
    showBulkFields();
  });
})();
