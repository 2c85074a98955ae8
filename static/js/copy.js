/* "Copy the code" buttons (hidden without this script): data-copy names the field whose text they
   copy, the status beside them says it was copied, or selects the text for Ctrl+C where the
   browser does not let a page write to the clipboard (an address without HTTPS). */
(function () {
  "use strict";

  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector("[role=status]");
    if (!field || !status) {
      return;
    }
    function say(text) {
      status.textContent = "";
      window.setTimeout(function () {
        status.textContent = text;
      }, 50); // an emptied status first, so that a second copy is announced again
    }
    function selectForTheKeyboard() {
      field.focus();
      field.select();
      say(button.getAttribute("data-selected"));
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(function () {
          say(button.getAttribute("data-copied"));
        }, selectForTheKeyboard);
      } else {
        selectForTheKeyboard();
      }
    });
  });
})();
