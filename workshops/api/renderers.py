from afn_directory.renderers import JSONRenderer


class GeoJSONRenderer(JSONRenderer):
    """Lets clients ask for `application/geo+json` (content negotiation would refuse it otherwise)."""

    media_type = "application/geo+json"
    format = "geojson"
