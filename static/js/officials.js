/* The officials' dashboard map (points coloured by archetype) and the embeddable map (clustered).
   Data comes from #officials-points and #officials-map-config (json_script); no inline script. */
(function () {
  "use strict";

  var mapElement = document.getElementById("officials-map");
  var pointsElement = document.getElementById("officials-points");
  var configElement = document.getElementById("officials-map-config");
  if (!mapElement || !pointsElement || !configElement || !window.L) {
    return;
  }
  var points = JSON.parse(pointsElement.textContent);
  var config = JSON.parse(configElement.textContent);
  // Colour-blind-safe palette (Okabe–Ito), one per archetype; grey when unknown. Same as officials.css.
  var COLOURS = { 1: "#0072B2", 2: "#E69F00", 3: "#009E73", 4: "#CC79A7", 5: "#D55E00", 6: "#56B4E9" };
  var embedded = mapElement.getAttribute("data-cluster") === "1";
  var text = config.text || {};

  var map = AFNMapControls.create(mapElement, { scrollWheelZoom: false }, config.controls);
  L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 19 }).addTo(map);

  function popup(point) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = point.url;
    link.textContent = point.name;
    if (embedded) {
      link.target = "_blank";
      link.rel = "noopener";
    }
    box.appendChild(link);
    var meta = document.createElement("p");
    var archetype = config.archetypes[String(point.archetype)] || "";
    if (archetype && point.provisional) {
      archetype += " " + config.archetypeProvisional;  // inferred from open data, as the public map says
    }
    meta.textContent = [point.commune, archetype].filter(Boolean).join(" — ");
    box.appendChild(meta);
    if (point.approximate) {
      var approximate = document.createElement("p");
      approximate.className = "popup-approximate";
      approximate.textContent = text.approximate;
      box.appendChild(approximate);
    }
    return box;
  }

  var circles = [];
  var popupOptions = AFNMapControls.popupOptions(mapElement);
  var layer =
    embedded && L.markerClusterGroup
      ? L.markerClusterGroup({ iconCreateFunction: AFNMapControls.clusterIcon(config.controls) })
      : L.featureGroup();
  points.forEach(function (point) {
    var marker = embedded
      ? L.marker([point.lat, point.lon], AFNMapControls.marker(point.name, point.approximate, text))
      : L.circleMarker([point.lat, point.lon], {
          radius: 7,
          weight: 1,
          color: "#1e1e1e",
          dashArray: point.approximate ? "2 2" : null,  // paler and dashed: placed at its commune only
          fillColor: COLOURS[point.archetype] || "#8a8a8a",
          fillOpacity: point.approximate ? 0.4 : 0.9
        });
    marker.bindPopup(popup(point), popupOptions);
    layer.addLayer(marker);
    if (!embedded) {
      circles.push([marker, point]);
    }
  });
  layer.addTo(map);
  if (points.length) {
    // Room for the zoom buttons and a marker's height above its point (top left), and for the
    // attribution, two lines on a phone (bottom right): no workshop hidden at the edge.
    map.fitBounds(layer.getBounds(), { paddingTopLeft: [50, 50], paddingBottomRight: [30, 40], maxZoom: 12 });
  } else {
    map.setView([46.6, 2.4], 5);
  }
  // A circle is an SVG path, which neither the keyboard nor a screen reader reaches as Leaflet's
  // markers are: each gets a tab stop and the marker's name, and Enter or Space opens its popup
  // (whose link leads to the workshop), as a click does. Once the map has a view: Leaflet adds
  // (draws) the layers only then.
  circles.forEach(function (pair) {
    var marker = pair[0];
    var element = marker.getElement();
    if (!element) {
      return;
    }
    element.setAttribute("tabindex", "0");
    element.setAttribute("role", "button");
    element.setAttribute("aria-label", AFNMapControls.marker(pair[1].name, pair[1].approximate, text).title);
    element.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        marker.openPopup();
      }
    });
  });
})();
