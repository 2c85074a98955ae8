// Questionnaires: show-if rules, one group of questions per screen with progress, client-side
// checks of required answers, bounds and "none" answers given with others (the server checks again),
// and one submission only.
(function () {
  "use strict";
  var form = document.getElementById("survey-form");
  if (!form) return;
  var messagesNode = document.getElementById("survey-i18n");
  var t = messagesNode ? JSON.parse(messagesNode.textContent) : {};
  var steps = Array.prototype.slice.call(form.querySelectorAll(".survey-step"));
  var stepped = !form.classList.contains("survey-all") && steps.length > 1;
  var current = 0;
  var progress = form.querySelector(".survey-progress");
  var back = document.getElementById("survey-back");
  var next = document.getElementById("survey-next");
  var submit = document.getElementById("survey-submit");
  var toggle = document.getElementById("survey-show-all");

  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }

  function answers() {
    var result = {};
    new FormData(form).forEach(function (value, name) {
      if (name.indexOf("q_") !== 0 || value === "") return;
      var code = name.slice(2);
      (result[code] = result[code] || []).push(String(value));
    });
    return result;
  }

  function holds(rule, given) {
    var values = given[rule.question];
    if (!values || !values.length) return false;
    if ("answered" in rule) return Boolean(rule.answered);
    var norm = function (v) { return v === true ? "yes" : v === false ? "no" : String(v); };
    if ("equals" in rule) return values.indexOf(norm(rule.equals)) !== -1;
    if ("not_equals" in rule) return values.indexOf(norm(rule.not_equals)) === -1;
    return rule["in"].some(function (v) { return values.indexOf(norm(v)) !== -1; });
  }

  // Questions hidden by a rule are disabled, so that nothing of theirs is sent.
  function applyRules() {
    var nodes = form.querySelectorAll(".sq[data-code]");
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      var rule = node.getAttribute("data-show-if");
      var visible = !rule || holds(JSON.parse(rule), answers());
      node.hidden = !visible;
      var inputs = node.querySelectorAll("input, textarea");
      for (var j = 0; j < inputs.length; j++) inputs[j].disabled = !visible;
      var condition = node.querySelector(".sq-condition");
      if (condition) condition.hidden = true;
    }
  }

  function setError(node, message) {
    var box = node.querySelector(".sq-error");
    node.classList.toggle("sq-invalid", Boolean(message));
    if (!message) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("p");
      box.className = "sq-error js-error";
      box.id = "js-error-" + (node.getAttribute("data-code") || "consent");
      var anchor = node.querySelector("legend, label.sq-label");
      if (anchor) anchor.insertAdjacentElement("afterend", box); else node.insertBefore(box, node.firstChild);
    }
    box.textContent = message;
  }

  function checkQuestion(node) {
    var inputs = Array.prototype.slice.call(node.querySelectorAll("input:not([type=hidden]), textarea"));
    if (!inputs.length || node.hidden) return "";
    var kind = inputs[0].type;
    var required = node.querySelector(".sq-required") || node.querySelector("[data-required]");
    if (kind === "radio" || kind === "checkbox") {
      var chosen = inputs.some(function (input) { return input.checked; });
      if (node.id === "question-consent" && !chosen) return t.consent;
      if (required && !chosen) return kind === "checkbox" ? t.required_multiple : t.required;
      var checked = inputs.filter(function (input) { return input.checked; });
      var exclusive = checked.filter(function (input) { return input.hasAttribute("data-exclusive"); })[0];
      if (exclusive && checked.length > 1) {
        var legend = node.querySelector("legend");
        return format(t.exclusive, {
          choice: exclusive.parentNode.textContent.trim(),
          question: legend ? legend.firstChild.textContent.trim() : ""
        });
      }
      return "";
    }
    var value = inputs[0].value.trim();
    if (!value) return required ? t.required : "";
    if (inputs[0].inputMode === "decimal") {
      var number = Number(value.replace(/\s/g, "").replace(",", "."));
      if (!isFinite(number)) return t.number;
      var min = inputs[0].getAttribute("data-min"), max = inputs[0].getAttribute("data-max");
      if (min !== null && number < Number(min)) return format(t.min, { min: Number(min) });
      if (max !== null && number > Number(max)) return format(t.max, { max: Number(max) });
    }
    return "";
  }

  function checkStep(step) {
    var firstBad = null;
    var nodes = step.querySelectorAll(".sq");
    for (var i = 0; i < nodes.length; i++) {
      var message = checkQuestion(nodes[i]);
      setError(nodes[i], message);
      if (message && !firstBad) firstBad = nodes[i];
    }
    if (firstBad) {
      var focusable = firstBad.querySelector("input, textarea");
      if (focusable) focusable.focus();
    }
    return !firstBad;
  }

  function show(index) {
    current = index;
    steps.forEach(function (step, i) { step.hidden = stepped && i !== index; });
    if (!stepped) {
      if (progress) progress.hidden = true;
      if (back) back.hidden = next.hidden = true;
      submit.hidden = false;
      return;
    }
    progress.hidden = false;
    document.getElementById("survey-progress-text").textContent = format(t.step, { n: index + 1, total: steps.length });
    var bar = document.getElementById("survey-progress");
    bar.max = steps.length;
    bar.value = index + 1;
    back.hidden = index === 0;
    next.hidden = index === steps.length - 1;
    submit.hidden = index !== steps.length - 1;
  }

  function move(delta) {
    if (delta > 0 && !checkStep(steps[current])) return;
    show(current + delta);
    var title = steps[current].querySelector(".survey-step-title");
    steps[current].scrollIntoView({ block: "start" });
    if (title) { title.tabIndex = -1; title.focus({ preventScroll: true }); }
  }

  form.addEventListener("change", function (event) {
    applyRules();
    var node = event.target.closest(".sq");
    if (node && node.classList.contains("sq-invalid")) setError(node, checkQuestion(node));
  });
  form.addEventListener("input", applyRules);
  if (next) next.addEventListener("click", function () { move(1); });
  if (back) back.addEventListener("click", function () { move(-1); });
  if (toggle) toggle.addEventListener("click", function () {
    stepped = !stepped;
    toggle.textContent = stepped ? t.all_steps : t.one_step;
    show(stepped ? current : 0);
  });
  if (toggle && steps.length > 1) toggle.parentNode.hidden = false;

  form.addEventListener("submit", function (event) {
    // Every step checked, each of its questions marked (`every` would stop at the first step in
    // error, and the others' errors come one round at a time).
    var ok = steps.map(function (step) { return checkStep(step); }).every(Boolean);
    if (!ok) {
      event.preventDefault();
      var bad = form.querySelector(".sq-invalid");
      var index = steps.findIndex(function (step) { return step.contains(bad); });
      if (stepped && index >= 0) show(index);
      var focusable = bad.querySelector("input, textarea");
      if (focusable) focusable.focus();
      return;
    }
    // A double click sends one response (the server also refuses a second one).
    submit.disabled = true;
    submit.textContent = t.sending;
  });

  applyRules();
  var errorSummary = document.getElementById("survey-errors");
  var firstInvalid = form.querySelector(".sq-invalid");
  var startAt = firstInvalid ? steps.findIndex(function (step) { return step.contains(firstInvalid); }) : 0;
  show(Math.max(startAt, 0));
  if (errorSummary) errorSummary.focus();
})();
