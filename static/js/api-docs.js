/* Swagger UI (the API's interactive documentation) draws controls that assistive technologies
   cannot name or reach; each is mended as it appears (WCAG 4.1.2, 2.5.3, 2.1.1):
   - the dialogs' close button is a bare icon: it is named;
   - the dialogs' "Authorize" button is labelled "Apply credentials", which a voice user cannot
     say from what they see: its visible text names it;
   - a curl command or a response that scrolls sideways becomes focusable, to scroll it from the
     keyboard. */
(function () {
  "use strict";
  function mend(root) {
    root.querySelectorAll(".close-modal:not([aria-label])").forEach(function (button) {
      button.setAttribute("aria-label", "Close");
    });
    root.querySelectorAll('.auth-btn-wrapper [aria-label="Apply credentials"]').forEach(function (button) {
      button.removeAttribute("aria-label");
    });
    root.querySelectorAll(".curl, .microlight").forEach(function (block) {
      if (!block.hasAttribute("tabindex")) {
        block.setAttribute("tabindex", "0");
      }
    });
  }
  var target = document.getElementById("swagger-ui");
  new MutationObserver(function () { mend(target); }).observe(target, { childList: true, subtree: true });
})();
