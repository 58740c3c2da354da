// ckm's page works without this script; it only saves clicks:
// selects and date fields marked data-autosubmit submit their form when
// changed, and "/" focuses the search box (as on many sites).
(function () {
  "use strict";
  document.querySelectorAll("[data-autosubmit]").forEach(function (el) {
    el.addEventListener("change", function () {
      if (el.form) {
        el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit();
      }
    });
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) {
      return;
    }
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) {
      return;
    }
    var box = document.querySelector("[data-focus-key='/']");
    if (box) {
      e.preventDefault();
      box.focus();
      box.select();
    }
  });
  document.documentElement.classList.add("js");
})();
