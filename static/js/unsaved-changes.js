/* Before leaving a page whose form holds unsaved edits (a tab of the profile, a registration step,
   any link), the browser asks whether to leave, in its own words and language: what was typed is
   not dropped without a word. Forms opt in with `data-unsaved-warning`; sending the form (when no
   other script stops it) clears the warning. Scripts that write a field themselves (the map's pin)
   send an "input" event, as typing does. */
(function () {
  "use strict";
  var SELECTOR = "form[data-unsaved-warning]";
  if (!document.querySelector(SELECTOR)) {
    return;
  }
  var edited = false;

  function mark(event) {
    if (event.target.closest && event.target.closest(SELECTOR)) {
      edited = true;
    }
  }
  document.addEventListener("input", mark);
  document.addEventListener("change", mark);
  // On the document, so that it runs after the form's own handlers (which may refuse to send).
  document.addEventListener("submit", function (event) {
    if (!event.defaultPrevented) {
      edited = false;
    }
  });
  window.addEventListener("beforeunload", function (event) {
    if (edited) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
