// Small behaviours of the desk; everything works without them except partial updates.
document.addEventListener("DOMContentLoaded", () => {
  // A template picked for a textarea replaces its current value (not only its default), but
  // never what the officer wrote without asking: cancelling keeps the text and the picker
  // goes back to "—", so the form does not claim a template it does not hold. Picking "—"
  // finds no template and changes nothing.
  document.body.addEventListener("htmx:beforeSwap", (event) => {
    const target = event.detail.target;
    if (target && target.tagName === "TEXTAREA") {
      event.detail.shouldSwap = false;
      if (event.detail.xhr.status !== 200) return;
      const text = event.detail.xhr.responseText;
      const picker = event.detail.requestConfig && event.detail.requestConfig.elt;
      const question = picker && picker.dataset.replaceConfirm;
      const written = target.value.trim() && target.value !== text;
      if (written && question && !window.confirm(question)) {
        picker.value = "";
      } else {
        target.value = text;
      }
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
