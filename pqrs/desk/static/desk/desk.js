// Small behaviours of the desk; everything works without them except partial updates.
document.addEventListener("DOMContentLoaded", () => {
  // A template picked for a textarea replaces its current value (not only its default).
  document.body.addEventListener("htmx:beforeSwap", (event) => {
    const target = event.detail.target;
    if (target && target.tagName === "TEXTAREA") {
      target.value = event.detail.xhr.responseText;
      event.detail.shouldSwap = false;
      target.focus();
    }
    // Refused actions come back with 422 and the form with its message: show them.
    if (event.detail.xhr.status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  document.body.addEventListener("submit", (event) => {
    const message = event.target.dataset && event.target.dataset.confirm;
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  // "/" jumps to the search box, as in most work tools, unless one is typing already.
  document.addEventListener("keydown", (event) => {
    const typing = event.target.closest("input, textarea, select, [contenteditable]");
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      const box = document.getElementById("quick-q");
      if (box) {
        event.preventDefault();
        box.focus();
      }
    }
  });
  document.body.addEventListener("click", (event) => {
    if (event.target.matches("[data-print]")) window.print();
  });
  // No inline handlers (Content-Security-Policy): a select marked so submits its form.
  document.body.addEventListener("change", (event) => {
    if (event.target.matches("select[data-autosubmit]")) event.target.form.requestSubmit();
  });
});
