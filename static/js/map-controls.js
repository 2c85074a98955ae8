/* What every map of the site shares: Leaflet's own controls in the page's language (the zoom
   buttons, a popup's close button: Leaflet names them in English) and cluster icons that say what
   they hold ("12 workshops here: zoom in", not "12"). The texts come with the page's map
   configuration (workshops/maps.py, `controls`). Loaded after Leaflet, before the map's script. */
(function () {
  "use strict";

  if (!window.L) {
    return;
  }

  // A cluster's icon as Leaflet.markercluster draws it, named for whoever cannot see its number.
  var ClusterIcon = L.DivIcon.extend({
    createIcon: function (oldIcon) {
      var icon = L.DivIcon.prototype.createIcon.call(this, oldIcon);
      icon.setAttribute("aria-label", this.options.label);
      return icon;
    }
  });

  window.AFNMapControls = {
    // The text for `count` things from its two forms ("%(n)s" for the number), as the page's
    // language chooses between them (Intl.PluralRules: "1 atelier", "2 ateliers").
    counted: function (count, one, other) {
      var lang = document.documentElement.lang;
      var form = new Intl.PluralRules(lang).select(count) === "one" ? one : other;
      return form.replace("%(n)s", count.toLocaleString(lang));
    },

    // A workshop's marker options: named by the workshop; paler, and named so ("… (position
    // approximative)", `text.approximateName`), when it is placed at its commune only.
    marker: function (name, approximate, text) {
      var label = approximate ? text.approximateName.replace("%(name)s", name) : name;
      return { title: label, alt: label, opacity: approximate ? 0.6 : 1 };
    },

    // A popup's options on a map drawn in `element`. A popup taller than the map (a phone's map is
    // 16rem) panned its marker out of the map, where markercluster took the marker away and closed
    // the popup: it scrolls instead. It pans clear of the zoom buttons, over its title otherwise.
    popupOptions: function (element) {
      return {
        maxHeight: Math.max(120, element.clientHeight - 110),
        maxWidth: Math.max(160, Math.min(300, element.clientWidth - 120)),
        autoPanPaddingTopLeft: L.point(50, 10)
      };
    },

    // L.map(element, options), its zoom buttons and its popups' close button named in `controls`.
    create: function (element, options, controls) {
      var map = L.map(element, L.extend({}, options, { zoomControl: false }));
      L.control.zoom({ zoomInTitle: controls.zoomIn, zoomOutTitle: controls.zoomOut }).addTo(map);
      map.on("popupopen", function (event) {
        var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
        if (close) {
          close.setAttribute("aria-label", controls.closePopup);
        }
      });
      return map;
    },

    // markerClusterGroup's iconCreateFunction: its default icon, with a name.
    clusterIcon: function (controls) {
      return function (cluster) {
        var count = cluster.getChildCount();
        var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
        return new ClusterIcon({
          html: "<div><span>" + count + "</span></div>",
          className: "marker-cluster marker-cluster-" + size,
          iconSize: L.point(40, 40),
          label: window.AFNMapControls.counted(count, controls.clusterOne, controls.clusterOther)
        });
      };
    }
  };
})();
