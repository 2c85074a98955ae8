/* The address step: commune suggestions (from /places/suggest/) and a draggable pin that writes
   the latitude and longitude fields. Data comes from #map-config (json_script); no inline script. */
(function () {
  "use strict";

  var latInput = document.getElementById("id_latitude");
  var lonInput = document.getElementById("id_longitude");
  var manualInput = document.getElementById("id_location_manual");
  var communeInput = document.querySelector("[data-commune-input]");
  var postalInput = document.getElementById("id_postal_code");
  var listHolder = document.getElementById("commune-suggestions");
  var configElement = document.getElementById("map-config");
  var mapElement = document.getElementById("location-map");

  /* ---- the pin ---- */
  var map = null;
  var marker = null;

  function round(value) {
    return Math.round(value * 1e6) / 1e6;
  }

  function writePosition(latlng) {
    latInput.value = round(latlng.lat);
    lonInput.value = round(latlng.lng);
    if (manualInput) {
      manualInput.value = "True";
    }
  }

  function placeMarker(latlng) {
    if (marker) {
      marker.setLatLng(latlng);
      return;
    }
    marker = L.marker(latlng, { draggable: true, autoPan: true, title: config.text.pin, alt: config.text.pin });
    marker.on("dragend", function () {
      writePosition(marker.getLatLng());
    });
    marker.addTo(map);
  }

  var config = configElement ? JSON.parse(configElement.textContent) : null;
  if (config && mapElement && window.L && latInput && lonInput) {
    map = AFNMapControls.create(mapElement, { scrollWheelZoom: false }, config.controls);
    L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
    var lat = parseFloat(latInput.value);
    var lon = parseFloat(lonInput.value);
    if (!isNaN(lat) && !isNaN(lon)) {
      map.setView([lat, lon], 17);
      placeMarker(L.latLng(lat, lon));
    } else if (config.commune) {
      map.setView(config.commune, 14);
    } else {
      map.setView(config.center, config.zoom);
    }
    map.on("click", function (event) {
      placeMarker(event.latlng);
      writePosition(event.latlng);
    });
    [latInput, lonInput].forEach(function (input) {
      input.addEventListener("change", function () {
        var typedLat = parseFloat(latInput.value);
        var typedLon = parseFloat(lonInput.value);
        if (isNaN(typedLat) || isNaN(typedLon)) {
          return;
        }
        placeMarker(L.latLng(typedLat, typedLon));
        map.panTo([typedLat, typedLon]);
        if (manualInput) {
          manualInput.value = "True";
        }
      });
    });
  }

  /* ---- commune suggestions: an ARIA 1.2 combobox ---- */
  if (!communeInput || !listHolder || !listHolder.dataset.suggestUrl) {
    return;
  }
  var listbox = document.createElement("ul");
  listbox.id = "commune-listbox";
  listbox.setAttribute("role", "listbox");
  listbox.setAttribute("aria-label", config ? config.text.suggestions : "");
  listHolder.appendChild(listbox);
  communeInput.setAttribute("role", "combobox");
  communeInput.setAttribute("aria-autocomplete", "list");
  communeInput.setAttribute("aria-expanded", "false");
  communeInput.setAttribute("aria-controls", listbox.id);

  var results = [];
  var active = -1;
  var timer = null;
  var lastQuery = "";

  function close() {
    listHolder.hidden = true;
    communeInput.setAttribute("aria-expanded", "false");
    communeInput.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    var options = listbox.querySelectorAll("[role=option]");
    options.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    active = index;
    if (options[index]) {
      communeInput.setAttribute("aria-activedescendant", options[index].id);
    }
  }

  function choose(index) {
    var commune = results[index];
    if (!commune) {
      return;
    }
    communeInput.value = commune.label;
    if (postalInput && commune.postal_codes.indexOf(postalInput.value) === -1) {
      postalInput.value = commune.postal_codes.length === 1 ? commune.postal_codes[0] : "";
    }
    if (map && commune.latitude !== null && !marker) {
      map.setView([commune.latitude, commune.longitude], 14);
    }
    close();
  }

  function show(items) {
    results = items;
    listbox.textContent = "";
    items.forEach(function (commune, index) {
      var option = document.createElement("li");
      option.id = "commune-option-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.textContent = commune.label + (commune.postal_codes.length ? " — " + commune.postal_codes.slice(0, 3).join(", ") : "");
      option.addEventListener("mousedown", function (event) {
        event.preventDefault();
        choose(index);
      });
      listbox.appendChild(option);
    });
    listHolder.hidden = items.length === 0;
    communeInput.setAttribute("aria-expanded", items.length ? "true" : "false");
    active = -1;
  }

  function fetchSuggestions() {
    var query = communeInput.value.trim();
    if (query.length < 2 || query === lastQuery) {
      if (query.length < 2) {
        close();
      }
      return;
    }
    lastQuery = query;
    fetch(listHolder.dataset.suggestUrl + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : { results: [] };
      })
      .then(function (payload) {
        if (communeInput.value.trim() === query) {
          show(payload.results || []);
        }
      })
      .catch(close);
  }

  communeInput.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 200);
  });
  communeInput.addEventListener("keydown", function (event) {
    if (listHolder.hidden) {
      return;
    }
    if (event.key === "ArrowDown") {
      event.preventDefault();
      highlight(Math.min(active + 1, results.length - 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      highlight(Math.max(active - 1, 0));
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      choose(active);
    } else if (event.key === "Escape") {
      close();
    }
  });
  communeInput.addEventListener("blur", function () {
    setTimeout(close, 150);
  });
})();
