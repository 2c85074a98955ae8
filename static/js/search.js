/* Search helpers: place suggestions, "around me", and the list page's filters updating the
   list and the map together without reloading. Everything here is an enhancement: the forms
   work as plain GET forms without it. */
(function () {
  "use strict";

  var config = document.getElementById("map-config");
  var text = config ? JSON.parse(config.textContent).text : {};

  /* The place box suggests communes as the search understands them (commune-combobox.js). */
  var placeInput = document.getElementById("id_place");
  var placeListbox = document.getElementById("place-listbox");
  var placeStatus = document.getElementById("place-status");
  if (placeInput && placeListbox && window.AFNCommuneCombobox) {
    AFNCommuneCombobox.attach(placeInput, placeListbox, {
      url: placeInput.dataset.suggestUrl,
      status: placeStatus,
      announce: function (count) {
        return AFNMapControls.counted(count, text.suggestedOne, text.suggestedOther); // loaded with the page's map
      },
      onChoose: function () {
        // The list page forgets a position found by "around me" when the place changes.
        placeInput.dispatchEvent(new Event("change", { bubbles: true }));
      }
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
        if (response.redirected) {
          // A region or department typed as the place: its list, with the filter set, as a page.
          window.location.href = response.url;
          return new Promise(function () {});
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
