// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Hide the identity fields while "anonymously" is chosen (the server ignores them anyway).
  var form = document.getElementById("filing-form");
  if (form) {
    var block = document.getElementById("identity-fields");
    var radios = form.querySelectorAll('input[name="identity"]');
    var sync = function () {
      var anon = form.querySelector('input[name="identity"][value="anonymous"]');
      if (block && anon) { block.hidden = anon.checked; }
    };
    radios.forEach(function (r) { r.addEventListener("change", sync); });
    sync();
  }
  // A second click while the first submission travels is ignored (the server is idempotent too).
  document.querySelectorAll("form").forEach(function (f) {
    f.addEventListener("submit", function (event) {
      var button = f.querySelector("button[data-once]");
      if (!button) { return; }
      if (f.dataset.sent === "1") { event.preventDefault(); return; }
      f.dataset.sent = "1";
      window.setTimeout(function () { button.disabled = true; }, 0);
    });
  });
  // Move focus to the error summary so screen readers announce it at once.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
})();
