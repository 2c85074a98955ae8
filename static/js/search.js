/* Search helpers: place suggestions, "around me", and the list page's filters updating the
   list and the map together without reloading. Everything here is an enhancement: the forms
   work as plain GET forms without it. */
(function () {
  "use strict";

  var config = document.getElementById("map-config");
  var text = config ? JSON.parse(config.textContent).text : {};

  /* Suggestions for the place box, from /places/suggest/: a combobox with a list of options
     (WAI-ARIA Authoring Practices, "list autocomplete"). The options are the server's, as it found
     them ("besancon" → Besançon, "st etienne" → Saint-Étienne, "mans" → Le Mans): a <datalist>
     would hide every one that does not contain the typed text. Without script the box is a plain
     text box, which the search understands as well. */
  var placeInput = document.getElementById("id_place");
  var listbox = document.getElementById("place-listbox");
  var placeStatus = document.getElementById("place-status");
  if (placeInput && listbox) {
    var suggestTimer = null;
    var asked = null;
    var options = [];
    var active = -1;
    var lang = document.documentElement.lang;
    placeInput.setAttribute("role", "combobox");
    placeInput.setAttribute("aria-autocomplete", "list");
    placeInput.setAttribute("aria-controls", listbox.id);
    placeInput.setAttribute("aria-expanded", "false");

    var setOpen = function (open) {
      listbox.hidden = !open;
      placeInput.setAttribute("aria-expanded", open ? "true" : "false");
      if (!open) {
        activate(-1);
      }
    };
    var activate = function (index) {
      active = index;
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index < 0) {
        placeInput.removeAttribute("aria-activedescendant");
        return;
      }
      placeInput.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    };
    var choose = function (option) {
      placeInput.value = option.dataset.value;
      setOpen(false);
      // The list page forgets a position found by "around me" when the place changes.
      placeInput.dispatchEvent(new Event("change", { bubbles: true }));
    };
    var show = function (results) {
      options = results.map(function (commune, index) {
        var option = document.createElement("li");
        option.id = "place-option-" + index;
        option.setAttribute("role", "option");
        option.dataset.value = commune.label;
        option.textContent = commune.label;
        if (commune.postal_codes.length) {
          var codes = document.createElement("span");
          codes.className = "place-option-codes";
          codes.textContent = " " + commune.postal_codes.slice(0, 3).join(", ");
          option.appendChild(codes);
        }
        // mousedown, not click: the box keeps the focus, so it does not close the list first.
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(option);
        });
        return option;
      });
      listbox.replaceChildren.apply(listbox, options);
      setOpen(options.length > 0 && document.activeElement === placeInput);
      if (placeStatus) {
        var one = new Intl.PluralRules(lang).select(options.length) === "one";
        placeStatus.textContent = options.length
          ? (one ? text.suggestedOne : text.suggestedOther).replace("%(n)s", options.length.toLocaleString(lang))
          : "";
      }
    };

    placeInput.addEventListener("input", function () {
      clearTimeout(suggestTimer);
      var query = placeInput.value.trim();
      if (query.length < 2) {
        show([]);
        return;
      }
      suggestTimer = setTimeout(function () {
        if (asked) {
          asked.abort();
        }
        asked = new AbortController();
        fetch(placeInput.dataset.suggestUrl + "?q=" + encodeURIComponent(query), { signal: asked.signal })
          .then(function (response) {
            return response.ok ? response.json() : { results: [] };
          })
          .then(function (data) {
            show(data.results);
          })
          .catch(function (error) {
            if (error.name !== "AbortError") {
              show([]);
            }
          });
      }, 200);
    });
    placeInput.addEventListener("keydown", function (event) {
      var open = !listbox.hidden;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!options.length) {
          return;
        }
        event.preventDefault();
        if (!open) {
          setOpen(true);
        }
        var step = event.key === "ArrowDown" ? 1 : -1;
        activate(active < 0 ? (step > 0 ? 0 : options.length - 1) : (active + step + options.length) % options.length);
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault(); // the place is chosen; Enter again searches
        choose(options[active]);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        setOpen(false);
      }
    });
    placeInput.addEventListener("blur", function () {
      setOpen(false);
    });
  }

  function setHidden(form, name, value) {
    var input = form.querySelector("input[type=hidden][name=" + name + "]");
    if (value === null) {
      if (input) {
        input.remove();
      }
      return;
    }
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      form.appendChild(input);
    }
    input.value = value;
  }

  /* "Around me": the browser's position replaces the typed place. */
  document.querySelectorAll("button.locate").forEach(function (button) {
    if (!("geolocation" in navigator)) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var form = button.form;
      var status = document.getElementById("map-status");
      if (status) {
        status.textContent = text.locating || "";
      }
      navigator.geolocation.getCurrentPosition(
        function (position) {
          placeInput.value = "";
          setHidden(form, "lat", position.coords.latitude.toFixed(5));
          setHidden(form, "lon", position.coords.longitude.toFixed(5));
          form.requestSubmit();
        },
        function () {
          if (status) {
            status.textContent = text.locateFailed || "";
          }
        },
        { timeout: 10000, maximumAge: 600000 }
      );
    });
  });

  /* The list page: filters update the results and the map in place. */
  var filters = document.getElementById("filters");
  if (!filters) {
    return;
  }
  /* On a phone the filters fold behind a "Filters (n)" button, so that the results come first. */
  var toggle = document.getElementById("filters-toggle");
  var narrow = window.matchMedia("(max-width: 60rem)");
  function activeFilters() {
    var count = 0;
    var place = false;
    new FormData(filters).forEach(function (value, name) {
      if (value === "" || name === "page" || name === "radius_km") {
        return;
      }
      if (name === "place" || name === "lat" || name === "lon") {
        place = true;
      } else {
        count += 1;
      }
    });
    return count + (place ? 1 : 0);
  }
  function setFolded(folded) {
    filters.classList.toggle("filters-folded", folded);
    toggle.setAttribute("aria-expanded", folded ? "false" : "true");
  }
  if (toggle) {
    toggle.hidden = false;
    setFolded(narrow.matches);
    toggle.addEventListener("click", function () {
      setFolded(toggle.getAttribute("aria-expanded") === "true");
    });
    narrow.addEventListener("change", function () {
      setFolded(narrow.matches);
    });
    filters.addEventListener("change", function () {
      toggle.textContent = toggle.dataset.label.replace("%(n)s", activeFilters());
    });
  }

  if (placeInput) {
    placeInput.addEventListener("change", function () {
      setHidden(filters, "lat", null);
      setHidden(filters, "lon", null);
    });
  }

  function queryString() {
    var params = new URLSearchParams();
    new FormData(filters).forEach(function (value, name) {
      if (value !== "") {
        params.append(name, value);
      }
    });
    return params.toString();
  }

  function showPlaceError(message) {
    var error = document.getElementById("place-error");
    if (!message) {
      if (error) {
        error.remove();
      }
      placeInput.removeAttribute("aria-invalid");
      placeInput.setAttribute("aria-describedby", "place-help");
      return;
    }
    if (!error) {
      error = document.createElement("p");
      error.className = "error";
      error.id = "place-error";
      placeInput.parentNode.insertBefore(error, placeStatus ? placeStatus.nextSibling : placeInput.nextSibling);
    }
    error.textContent = message;
    placeInput.setAttribute("aria-invalid", "true");
    placeInput.setAttribute("aria-describedby", "place-help place-error");
  }

  var pending = null;
  function update() {
    var query = queryString();
    var url = filters.action + (query ? "?" + query : "");
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    document.getElementById("results").setAttribute("aria-busy", "true");
    fetch(url, { headers: { "X-Partial": "results" }, signal: pending.signal })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("results");
        document.getElementById("results").replaceWith(fresh);
        history.replaceState(null, "", url);
        if (placeInput) {
          showPlaceError(fresh.dataset.placeError);
        }
        if (window.AFNMap) {
          window.AFNMap.load(fresh.dataset.geojson);
        }
      })
      .catch(function (error) {
        if (error.name !== "AbortError") {
          window.location.href = url;
        }
      });
  }

  filters.addEventListener("submit", function (event) {
    event.preventDefault();
    update();
  });
  filters.addEventListener("change", function (event) {
    // Text boxes update on Enter (submit); lists and boxes to tick update at once.
    if (event.target.type !== "search" && event.target.type !== "text") {
      update();
    }
  });
})();
