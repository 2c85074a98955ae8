"""OpenAPI pieces that no serializer describes: the GeoJSON collection and error bodies."""

from drf_spectacular.utils import OpenApiExample

from ..vocabularies import Archetype, EquipmentCategory, LocationPrecision

FEATURE_COLLECTION = {
    "type": "object",
    "description": "An RFC 7946 FeatureCollection of workshops.",
    "required": ["type", "features"],
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "id", "geometry", "properties"],
                "properties": {
                    "type": {"type": "string", "enum": ["Feature"]},
                    "id": {"type": "string", "description": "The workshop's slug."},
                    "geometry": {
                        "type": "object",
                        "required": ["type", "coordinates"],
                        "properties": {
                            "type": {"type": "string", "enum": ["Point"]},
                            "coordinates": {
                                "type": "array",
                                "description": "[longitude, latitude] in WGS84.",
                                "items": {"type": "number"},
                                "minItems": 2,
                                "maxItems": 2,
                            },
                        },
                    },
                    "properties": {
                        "type": "object",
                        "required": [
                            "slug",
                            "name",
                            "commune",
                            "department",
                            "archetype",
                            "archetype_provisional",
                            "equipment_categories",
                            "open_now",
                            "location_precision",
                            "url",
                        ],
                        "properties": {
                            "slug": {"type": "string"},
                            "name": {"type": "string"},
                            "commune": {"type": "string", "nullable": True},
                            "department": {"type": "string", "nullable": True, "description": "INSEE code."},
                            "archetype": {
                                "type": "integer",
                                "nullable": True,
                                "enum": [*Archetype.values, None],
                                "description": "The study's archetype number (1–6), null when unknown.",
                            },
                            "archetype_provisional": {
                                "type": "boolean",
                                "description": "The archetype is inferred from open data (a census), not yet from "
                                "what the workshop's managers declared; false when staff set it or it is unknown.",
                            },
                            "equipment_categories": {
                                "type": "array",
                                "items": {"type": "string", "enum": EquipmentCategory.values},
                            },
                            "open_now": {
                                "type": "boolean",
                                "nullable": True,
                                "description": "Null when the opening hours are unknown.",
                            },
                            "location_precision": {
                                "type": "string",
                                "enum": [*LocationPrecision.values, ""],
                                "description": "What the point is: the workshop's address, its street, or only its "
                                "commune (the marker is then the commune's, not the door's); empty when unknown.",
                            },
                            "url": {"type": "string", "format": "uri", "description": "The workshop's public page."},
                            "distance_km": {
                                "type": "number",
                                "description": "Only when searching around lat/lon or a commune.",
                            },
                        },
                    },
                },
            },
        },
    },
}

FEATURE_COLLECTION_EXAMPLE = OpenApiExample(
    "A workshop in Nantes",
    value={
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": "plateforme-c-nantes",
                "geometry": {"type": "Point", "coordinates": [-1.5536, 47.2184]},
                "properties": {
                    "slug": "plateforme-c-nantes",
                    "name": "Plateforme C",
                    "commune": "Nantes",
                    "department": "44",
                    "archetype": 3,
                    "archetype_provisional": False,
                    "equipment_categories": ["3d_printing", "laser_cutting"],
                    "open_now": True,
                    "location_precision": "address",
                    "url": "https://annuaire.example.fr/workshops/plateforme-c-nantes/",
                },
            }
        ],
    },
)

ERRORS = {
    "type": "object",
    "description": "Each invalid parameter or field with its messages (for a list field, keyed by item index).",
    "additionalProperties": {
        "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "object"}],
    },
}

DETAIL = {
    "type": "object",
    "required": ["detail"],
    "properties": {"detail": {"type": "string"}},
}

MOVED = {
    "type": "object",
    "required": ["detail", "slug", "url"],
    "properties": {"detail": {"type": "string"}, "slug": {"type": "string"}, "url": {"type": "string"}},
}

CONFLICT = {
    "type": "object",
    "required": ["detail", "version", "changed_fields"],
    "properties": {
        "detail": {"type": "string"},
        "version": {"type": "integer", "description": "The current version: read the workshop again."},
        "changed_fields": {
            "type": "array",
            "items": {"type": "string"},
            "description": "The fields you sent that someone else changed meanwhile.",
        },
    },
}
