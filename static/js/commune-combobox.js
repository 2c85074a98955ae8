/* A commune box with the server's suggestions, for the place search and the address step: an
   ARIA 1.2 combobox with a list of options (WAI-ARIA Authoring Practices, list autocomplete).
   The options are /places/suggest/'s, in its order and as it found them ("besancon" → Besançon,
   "st etienne" → Saint-Étienne, "mans" → Le Mans): a <datalist> would let the browser hide every
   one that does not contain the typed text. Without script the box is a plain text box, which the
   server reads the same way. */
(function () {
  "use strict";

  window.AFNCommuneCombobox = {
    /* `input`: the text box; `listbox`: an empty, hidden <ul role="listbox"> under it, named.
       `options.url`: the suggestions' address; `options.onChoose(commune)`: after the box takes
       the chosen commune's label; `options.status` and `options.announce(count)`: a role=status
       element and the text that tells how many communes are suggested. */
    attach: function (input, listbox, options) {
      var communes = [];
      var items = [];
      var active = -1;
      var timer = null;
      var asked = null;

      input.setAttribute("role", "combobox");
      input.setAttribute("aria-autocomplete", "list");
      input.setAttribute("aria-controls", listbox.id);
      input.setAttribute("aria-expanded", "false");

      function activate(index) {
        active = index;
        items.forEach(function (item, i) {
          item.setAttribute("aria-selected", i === index ? "true" : "false");
        });
        if (index < 0) {
          input.removeAttribute("aria-activedescendant");
          return;
        }
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      }

      function setOpen(open) {
        listbox.hidden = !open;
        input.setAttribute("aria-expanded", open ? "true" : "false");
        if (!open) {
          activate(-1);
        }
      }

      function choose(index) {
        input.value = communes[index].label;
        setOpen(false);
        if (options.onChoose) {
          options.onChoose(communes[index]);
        }
      }

      function show(results) {
        communes = results;
        items = results.map(function (commune, index) {
          var item = document.createElement("li");
          item.id = listbox.id + "-" + index;
          item.setAttribute("role", "option");
          item.textContent = commune.label;
          if (commune.postal_codes.length) {
            var codes = document.createElement("span");
            codes.className = "suggestion-codes";
            codes.textContent = " " + commune.postal_codes.slice(0, 3).join(", ");
            item.appendChild(codes);
          }
          // mousedown, not click: the box keeps the focus, so it does not close the list first.
          item.addEventListener("mousedown", function (event) {
            event.preventDefault();
            choose(index);
          });
          return item;
        });
        listbox.replaceChildren.apply(listbox, items);
        setOpen(items.length > 0 && document.activeElement === input);
        if (options.status && options.announce) {
          options.status.textContent = items.length ? options.announce(items.length) : "";
        }
      }

      input.addEventListener("input", function () {
        clearTimeout(timer);
        var query = input.value.trim();
        if (query.length < 2) {
          show([]);
          return;
        }
        timer = setTimeout(function () {
          if (asked) {
            asked.abort();
          }
          asked = new AbortController();
          fetch(options.url + "?q=" + encodeURIComponent(query), {
            headers: { Accept: "application/json" },
            signal: asked.signal
          })
            .then(function (response) {
              return response.ok ? response.json() : { results: [] };
            })
            .then(function (payload) {
              if (input.value.trim() === query) {
                show(payload.results || []); // not an answer to what the box held before
              }
            })
            .catch(function (error) {
              if (error.name !== "AbortError") {
                show([]);
              }
            });
        }, 200);
      });

      input.addEventListener("keydown", function (event) {
        var open = !listbox.hidden;
        if (event.key === "ArrowDown" || event.key === "ArrowUp") {
          if (!items.length) {
            return;
          }
          event.preventDefault();
          if (!open) {
            setOpen(true);
          }
          var step = event.key === "ArrowDown" ? 1 : -1;
          activate(active < 0 ? (step > 0 ? 0 : items.length - 1) : (active + step + items.length) % items.length);
        } else if (event.key === "Enter" && open && active >= 0) {
          event.preventDefault(); // the commune is chosen; Enter again submits the form
          choose(active);
        } else if (event.key === "Escape" && open) {
          event.preventDefault();
          setOpen(false);
        }
      });

      input.addEventListener("blur", function () {
        setOpen(false);
      });
    }
  };
})();
