/* The address step: commune suggestions (from /places/suggest/) and a draggable pin that writes
   the latitude and longitude fields. Data comes from #map-config (json_script); no inline script. */
(function () {
  "use strict";

  var latInput = document.getElementById("id_latitude");
  var lonInput = document.getElementById("id_longitude");
  var manualInput = document.getElementById("id_location_manual");
  var communeInput = document.querySelector("[data-commune-input]");
  var postalInput = document.getElementById("id_postal_code");
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
    // As typing would: the page then warns before leaving with the pin moved and not saved.
    latInput.dispatchEvent(new Event("input", { bubbles: true }));
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

  /* ---- commune suggestions (commune-combobox.js) ---- */
  var listbox = document.getElementById("commune-listbox");
  if (!communeInput || !listbox || !window.AFNCommuneCombobox) {
    return;
  }
  AFNCommuneCombobox.attach(communeInput, listbox, {
    url: listbox.dataset.suggestUrl,
    onChoose: function (commune) {
      if (postalInput && commune.postal_codes.indexOf(postalInput.value) === -1) {
        postalInput.value = commune.postal_codes.length === 1 ? commune.postal_codes[0] : "";
      }
      if (map && commune.latitude !== null && !marker) {
        map.setView([commune.latitude, commune.longitude], 14);
      }
    }
  });
})();
