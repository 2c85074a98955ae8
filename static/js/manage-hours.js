/* A weekly opening-hours editor that writes the OpenStreetMap opening_hours string.
   Two time slots per day; the raw string stays editable for anything the editor cannot show
   (public holidays, months, weeks…). Labels come from #hours-labels (json_script). */
(function () {
  "use strict";

  var raw = document.querySelector("[data-hours-raw]");
  var holder = document.getElementById("hours-editor");
  var labelsElement = document.getElementById("hours-labels");
  if (!raw || !holder || !labelsElement) {
    return;
  }
  var labels = JSON.parse(labelsElement.textContent);
  var DAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
  var SLOTS = 2;
  var TIME = /^([01]\d|2[0-4]):[0-5]\d$/;

  /* "Mo-Fr 10:00-18:00; Sa 14:00-18:00; PH off" → {week: {Mo: [["10:00","18:00"]], …}, holidaysOff: true}
     or null when the string uses syntax beyond days and times. */
  function parse(text) {
    var week = {};
    DAYS.forEach(function (day) {
      week[day] = [];
    });
    var holidaysOff = false;
    var rules = text.split(";").map(function (rule) {
      return rule.trim();
    }).filter(Boolean);
    for (var r = 0; r < rules.length; r++) {
      var rule = rules[r];
      if (rule === "PH off") {
        holidaysOff = true;
        continue;
      }
      var parts = rule.split(/\s+/);
      if (parts.length !== 2) {
        return null;
      }
      var days = expandDays(parts[0]);
      if (!days) {
        return null;
      }
      var slots = [];
      if (parts[1] !== "off" && parts[1] !== "closed") {
        var ranges = parts[1].split(",");
        for (var i = 0; i < ranges.length; i++) {
          var bounds = ranges[i].split("-");
          if (bounds.length !== 2 || !TIME.test(bounds[0]) || !TIME.test(bounds[1])) {
            return null;
          }
          slots.push(bounds);
        }
      }
      if (slots.length > SLOTS) {
        return null;
      }
      days.forEach(function (day) {
        week[day] = slots;
      });
    }
    return { week: week, holidaysOff: holidaysOff };
  }

  function expandDays(text) {
    var result = [];
    var pieces = text.split(",");
    for (var i = 0; i < pieces.length; i++) {
      var range = pieces[i].split("-");
      var start = DAYS.indexOf(range[0]);
      var end = range.length === 2 ? DAYS.indexOf(range[1]) : start;
      if (start < 0 || end < 0 || range.length > 2 || end < start) {
        return null;
      }
      for (var d = start; d <= end; d++) {
        result.push(DAYS[d]);
      }
    }
    return result;
  }

  /* The week back to a string, consecutive days with the same hours grouped: "Mo-Fr 10:00-18:00". */
  function format(week, holidaysOff) {
    var rules = [];
    var i = 0;
    while (i < DAYS.length) {
      var key = JSON.stringify(week[DAYS[i]]);
      var j = i;
      while (j + 1 < DAYS.length && JSON.stringify(week[DAYS[j + 1]]) === key) {
        j++;
      }
      if (week[DAYS[i]].length) {
        var days = i === j ? DAYS[i] : (j === i + 1 ? DAYS[i] + "," + DAYS[j] : DAYS[i] + "-" + DAYS[j]);
        rules.push(days + " " + week[DAYS[i]].map(function (slot) {
          return slot.join("-");
        }).join(","));
      }
      i = j + 1;
    }
    if (rules.length && holidaysOff) {
      rules.push("PH off");
    }
    return rules.join("; ");
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  /* ---- the table ---- */
  var inputs = {};
  var table = element("table", { class: "hours-table table-stack" });
  table.appendChild(element("caption", {}, labels.caption));
  var head = element("tr");
  head.appendChild(element("th", { scope: "col" }, labels.day));
  for (var s = 0; s < SLOTS; s++) {
    head.appendChild(element("th", { scope: "col" }, s === 0 ? labels.slot1 : labels.slot2));
  }
  table.appendChild(element("thead")).appendChild(head);
  var body = element("tbody");
  DAYS.forEach(function (day, index) {
    var row = element("tr");
    row.appendChild(element("th", { scope: "row" }, labels.days[index]));
    inputs[day] = [];
    for (var slot = 0; slot < SLOTS; slot++) {
      var cell = element("td", { "data-label": slot === 0 ? labels.slot1 : labels.slot2 });
      var pair = [];
      ["opens", "closes"].forEach(function (which) {
        var id = "hours-" + day + "-" + slot + "-" + which;
        var label = element("label", { for: id, class: "visually-hidden" }, labels.days[index] + ", " + (slot === 0 ? labels.slot1 : labels.slot2) + ", " + labels[which]);
        var input = element("input", { type: "time", id: id, step: "300" });
        input.addEventListener("change", write);
        cell.appendChild(label);
        cell.appendChild(input);
        if (which === "opens") {
          cell.appendChild(element("span", { "aria-hidden": "true" }, " – "));
        }
        pair.push(input);
      });
      inputs[day].push(pair);
      row.appendChild(cell);
    }
    body.appendChild(row);
  });
  table.appendChild(body);

  var holidaysId = "hours-holidays-off";
  var holidays = element("input", { type: "checkbox", id: holidaysId });
  holidays.addEventListener("change", write);
  // Laid out as the site's other checkboxes (.field-check): the box beside its label.
  var holidaysLine = element("div", { class: "field-check" });
  holidaysLine.appendChild(holidays);
  holidaysLine.appendChild(element("label", { for: holidaysId }, labels.holidays_off));
  var notice = element("p", { class: "hours-notice", role: "status" });
  // A time slot with only one of its two times: said here, and the form is not sent with it
  // (the times are the browser's only: sent half-filled, the slot would vanish without a word).
  var problemsId = "hours-problems";
  var problems = element("div", { id: problemsId, class: "hours-problems", role: "alert" });

  holder.appendChild(table);
  holder.appendChild(holidaysLine);
  holder.appendChild(notice);
  holder.appendChild(problems);
  holder.hidden = false;

  function fill(parsed) {
    DAYS.forEach(function (day) {
      for (var slot = 0; slot < SLOTS; slot++) {
        var value = parsed.week[day][slot] || ["", ""];
        inputs[day][slot][0].value = value[0] === "24:00" ? "23:59" : value[0];
        inputs[day][slot][1].value = value[1] === "24:00" ? "23:59" : value[1];
      }
    });
    holidays.checked = parsed.holidaysOff;
  }

  function setEnabled(enabled) {
    holder.querySelectorAll("input").forEach(function (input) {
      input.disabled = !enabled;
    });
    notice.textContent = enabled ? "" : labels.advanced;
  }

  function write() {
    var week = {};
    DAYS.forEach(function (day) {
      week[day] = inputs[day].filter(function (pair) {
        return pair[0].value && pair[1].value;
      }).map(function (pair) {
        return [pair[0].value, pair[1].value];
      });
    });
    raw.value = format(week, holidays.checked);
    if (problems.childNodes.length) {
      showProblems(halfFilled());  // corrected as the manager types
    }
  }

  /* [{input: the empty one, message}] for each slot with one time of two. */
  function halfFilled() {
    var found = [];
    DAYS.forEach(function (day, index) {
      inputs[day].forEach(function (pair, slot) {
        if (Boolean(pair[0].value) === Boolean(pair[1].value) || pair[0].disabled) {
          return;
        }
        var missing = pair[0].value ? 1 : 0;
        var template = missing ? labels.missing_closes : labels.missing_opens;
        found.push({
          input: pair[missing],
          message: template.replace("%(day)s", labels.days[index]).replace("%(slot)s", slot === 0 ? labels.slot1 : labels.slot2),
        });
      });
    });
    return found;
  }

  function showProblems(found) {
    problems.textContent = "";
    holder.querySelectorAll("input[aria-invalid]").forEach(function (input) {
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
    });
    if (!found.length) {
      return;
    }
    var list = element("ul", { class: "errorlist" });
    found.forEach(function (problem) {
      list.appendChild(element("li", {}, problem.message));
      problem.input.setAttribute("aria-invalid", "true");
      problem.input.setAttribute("aria-describedby", problemsId);
    });
    problems.appendChild(list);
  }

  if (raw.form) {
    raw.form.addEventListener("submit", function (event) {
      var found = halfFilled();
      showProblems(found);
      if (found.length) {
        event.preventDefault();
        found[0].input.focus();
      }
    });
  }

  /* The raw text folds away while the table can show it; it opens when only it can. */
  var rawDetails = raw.closest("details");

  function readRaw() {
    var parsed = parse(raw.value.trim());
    setEnabled(parsed !== null);
    if (rawDetails && parsed === null) {
      rawDetails.open = true;
    }
    if (parsed) {
      fill(parsed);
    }
  }

  raw.addEventListener("input", readRaw);
  if (rawDetails) {
    rawDetails.open = false;
  }
  readRaw();
})();
