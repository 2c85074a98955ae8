/* The directory's maps: every workshop of a search (clustered), or one workshop's position.
   Data comes from #map-config (and #map-point) written with json_script; no inline script. */
(function () {
  "use strict";

  var configElement = document.getElementById("map-config");
  var mapElement = document.getElementById("map");
  if (!configElement || !mapElement || !window.L) {
    return;
  }
  var config = JSON.parse(configElement.textContent);
  var text = config.text;
  var status = document.getElementById("map-status");
  // Metropolitan France; overseas workshops are on the same layer, reached by panning or by search.
  var METROPOLE = L.latLngBounds([41.3, -5.2], [51.1, 9.6]);

  var map = AFNMapControls.create(mapElement, { scrollWheelZoom: false, minZoom: 2 }, config.controls);
  L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 19 }).addTo(map);

  var pointElement = document.getElementById("map-point");
  if (pointElement) {
    var point = JSON.parse(pointElement.textContent);
    map.setView([point.lat, point.lon], 15);
    // Placed at its commune only: paler, and named so, as on the directory's maps (the page says why).
    var options = L.extend(AFNMapControls.marker(point.name, point.approximate, text), { keyboard: false });
    L.marker([point.lat, point.lon], options).addTo(map);
    return;
  }
  map.setView(config.center, config.zoom);

  function element(tag, className, content) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (content) {
      node.textContent = content;
    }
    return node;
  }

  function popupContent(properties) {
    var box = element("div", "popup");
    var title = element("p", "popup-title");
    var link = element("a", "", properties.name);
    link.href = properties.url;
    title.appendChild(link);
    box.appendChild(title);
    var place = properties.commune ? properties.commune + (properties.department ? " (" + properties.department + ")" : "") : "";
    if (place) {
      box.appendChild(element("p", "popup-meta", place));
    }
    if (properties.location_precision === "commune") {
      box.appendChild(element("p", "popup-approximate", text.approximate));
    }
    var archetype = config.archetypes[String(properties.archetype)];
    box.appendChild(
      element("p", "popup-archetype", archetype ? archetype + (properties.archetype_provisional ? " " + config.archetypeProvisional : "") : text.archetypeUnknown)
    );
    var categories = (properties.equipment_categories || []).map(function (code) {
      return config.categories[code] || code;
    });
    box.appendChild(element("p", "popup-machines", categories.length ? categories.join(", ") : text.equipmentUnknown));
    var open = properties.open_now;
    box.appendChild(
      element(
        "p",
        open === true ? "badge badge-open" : open === false ? "badge badge-closed" : "popup-hours",
        open === true ? text.open : open === false ? text.closed : text.hoursUnknown
      )
    );
    if (typeof properties.distance_km === "number") {
      box.appendChild(element("p", "popup-meta", properties.distance_km.toLocaleString(document.documentElement.lang, { maximumFractionDigits: 1 }) + " km"));
    }
    var more = element("a", "popup-more", text.more);
    more.href = properties.url;
    box.appendChild(more);
    return box;
  }

  var cluster = L.markerClusterGroup({
    chunkedLoading: true,
    showCoverageOnHover: false,
    maxClusterRadius: 50,
    iconCreateFunction: AFNMapControls.clusterIcon(config.controls)
  });
  map.addLayer(cluster);

  function draw(collection, fit) {
    cluster.clearLayers();
    var approximate = 0;
    var popupOptions = AFNMapControls.popupOptions(mapElement);
    var markers = collection.features.map(function (feature) {
      var coordinates = feature.geometry.coordinates;
      // Placed at its commune only: a paler marker, and its name says so to screen readers.
      var atCommune = feature.properties.location_precision === "commune";
      approximate += atCommune ? 1 : 0;
      var options = L.extend(AFNMapControls.marker(feature.properties.name, atCommune, text), { keyboard: true });
      var marker = L.marker([coordinates[1], coordinates[0]], options);
      marker.bindPopup(function () {
        return popupContent(feature.properties);
      }, popupOptions);
      return marker;
    });
    cluster.addLayers(markers);
    mapElement.dataset.markers = String(markers.length);
    if (status) {
      status.textContent = AFNMapControls.counted(markers.length, text.shownOne, text.shownOther) +
        (approximate ? ", " + AFNMapControls.counted(approximate, text.approximateOne, text.approximateOther) : "");
    }
    var bounds = cluster.getBounds();
    if (fit && markers.length && bounds.isValid()) {
      // A search near a place or in a region: show what was found. Everything: show the metropole.
      map.fitBounds(bounds, { padding: [30, 30], maxZoom: 13, animate: false });
    } else {
      map.fitBounds(METROPOLE, { animate: false });
    }
  }

  // The overseas departments, far off the metropole's frame: a small map each under the large one
  // (drawn for the eye only), and a button that shows the territory on the large map.
  var insets = (config.insets || []).map(function (inset) {
    return { name: inset.name, bounds: L.latLngBounds(inset.bounds) };
  });
  var insetBox = null;

  function drawInsets(collection, fitted) {
    if (!insets.length || mapElement.dataset.single) {
      return;
    }
    if (fitted && insetBox) {
      insetBox.hidden = true;  // a search near a place or in a territory: the large map shows it
      return;
    }
    if (fitted) {
      return;
    }
    if (!insetBox) {
      insetBox = element("div", "map-insets");
      insetBox.setAttribute("role", "group");
      insetBox.setAttribute("aria-label", text.insetsTitle);
      mapElement.parentNode.insertBefore(insetBox, status ? status.nextSibling : mapElement.nextSibling);
      insets.forEach(function (inset) {
        var box = element("div", "map-inset");
        var view = element("div", "map-inset-map");
        view.setAttribute("aria-hidden", "true");
        inset.button = element("button", "map-inset-button");
        inset.button.type = "button";
        inset.button.addEventListener("click", function () {
          map.fitBounds(inset.bounds, { animate: false });
          mapElement.scrollIntoView({ block: "nearest" });
        });
        box.appendChild(view);
        box.appendChild(inset.button);
        insetBox.appendChild(box);
        inset.map = L.map(view, {
          zoomControl: false, attributionControl: false, dragging: false, scrollWheelZoom: false,
          doubleClickZoom: false, boxZoom: false, keyboard: false, touchZoom: false
        });
        L.tileLayer(config.tiles, { maxZoom: 19 }).addTo(inset.map);
        inset.map.fitBounds(inset.bounds, { animate: false });
        inset.layer = L.layerGroup().addTo(inset.map);
      });
    }
    insets.forEach(function (inset) {
      inset.layer.clearLayers();
      var count = 0;
      collection.features.forEach(function (feature) {
        var position = L.latLng(feature.geometry.coordinates[1], feature.geometry.coordinates[0]);
        if (inset.bounds.contains(position)) {
          count += 1;
          L.circleMarker(position, { radius: 5, weight: 1, color: "#fff", fillColor: "#000091", fillOpacity: 1, interactive: false }).addTo(inset.layer);
        }
      });
      inset.button.textContent = text.insetShow.replace("%(place)s", inset.name).replace("%(n)s", count.toLocaleString(document.documentElement.lang));
      var box = inset.button.parentNode;
      box.dataset.markers = String(count);
      // A search that finds nothing overseas shows no empty inset.
      var wasHidden = box.hidden;
      box.hidden = count === 0;
      if (wasHidden && !box.hidden) {
        inset.map.invalidateSize();
        inset.map.fitBounds(inset.bounds, { animate: false });
      }
    });
    insetBox.hidden = insets.every(function (inset) { return inset.button.parentNode.hidden; });
  }

  function load(url) {
    mapElement.setAttribute("aria-busy", "true");
    return fetch(url, { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (collection) {
        var fitted = /[?&](lat|region|department|commune)=/.test(url);
        draw(collection, fitted);
        drawInsets(collection, fitted);
      })
      .catch(function () {
        if (status) {
          status.textContent = text.loadFailed;
        }
      })
      .finally(function () {
        mapElement.removeAttribute("aria-busy");
        mapElement.dataset.loaded = "1";
      });
  }

  window.AFNMap = { load: load, map: map, config: config, cluster: cluster };
  load(config.geojson);
})();
