"""What static/js/map.js and the location picker need to draw a map, passed with json_script."""

from django.conf import settings
from django.utils.translation import gettext

from .vocabularies import Archetype


def map_config(**extra) -> dict:
    """The tiles, the default view and the archetype names every map shares, plus what a page adds.

    A page adds what only it needs: the GeoJSON URL of its workshops, its own texts, points drawn
    from the page itself.
    """
    return {
        "tiles": settings.MAP_TILES_URL,
        "attribution": settings.MAP_TILES_ATTRIBUTION or tiles_attribution(),
        "center": settings.LEAFLET_CONFIG["DEFAULT_CENTER"],
        "zoom": settings.LEAFLET_CONFIG["DEFAULT_ZOOM"],
        "archetypes": {str(value): str(label) for value, label in Archetype.choices},
        # After an archetype inferred from open data (a feature's archetype_provisional).
        "archetypeProvisional": gettext("(provisional)"),
        # Leaflet's own controls, which it names in English (static/js/map-controls.js).
        "controls": {
            "zoomIn": gettext("Zoom in"),
            "zoomOut": gettext("Zoom out"),
            "closePopup": gettext("Close this window"),
            "clusterOne": gettext("%(n)s workshop here: zoom in to see it"),
            "clusterOther": gettext("%(n)s workshops here: zoom in to see them"),
        },
        **extra,
    }


def approximate_texts() -> dict:
    """What a map says of a workshop placed at its commune only (its marker is the commune's, not
    the door's): in its popup, and after its name for screen readers."""
    return {
        "approximate": gettext("Approximate position: the marker shows the commune."),
        "approximateName": gettext("%(name)s (approximate position)"),
    }


def tiles_attribution() -> str:
    """The attribution OpenStreetMap France's tiles ask for, in the reader's language."""
    return gettext("&copy; OpenStreetMap contributors, tiles OpenStreetMap France")
