"""The directory as an RFC 7946 GeoJSON FeatureCollection, for the maps and the API.

Built from `.values()` rows (no model instances, no serializer per workshop) and cached as
encoded bytes. Cache keys carry a "directory generation" number that every save or delete of a
workshop, its machines, its photos, a machine type or a territory bumps (generation.py), so an
edit shows on the map at once; they also carry the digest of which opening hours are open now
(`querysets.open_signature`), which changes when a workshop opens or closes rather than every
minute. A short timeout bounds what a bulk update (which sends no signal) can leave stale; one
process at a time rebuilds a missing collection.
"""

import hashlib
import json

import orjson
from django.db.models import TextField
from django.db.models.functions import Cast
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse

from afn_directory.http_cache import single_flight
from territories.models import Commune, Department, Region

from . import hours
from .generation import bump_generation, generation
from .models import Equipment, EquipmentType, Photo, Workshop
from .querysets import effective_archetype, open_signature

CACHE_SECONDS = 60
ROW_FIELDS = (
    "slug",
    "name",
    "commune__name",
    "department_id",
    "region_id",
    "archetype",
    "archetype_override",
    "opening_hours",
    "latitude",
    "longitude",
    "categories_json",
)


# Saves and deletes of workshops and machines bump the directory generation.
receiver([post_save, post_delete], sender=Workshop, dispatch_uid="geojson-workshop")(bump_generation)
receiver([post_save, post_delete], sender=Equipment, dispatch_uid="geojson-equipment")(bump_generation)
# Not on the map, but a workshop's page and its API answers show its photos under the same ETag.
receiver([post_save, post_delete], sender=Photo, dispatch_uid="geojson-photo")(bump_generation)
# Every machine shown names its type, every workshop its commune, department and region (as staff
# edit them in the admin; a reload of the territories: classification._territories_loaded).
for model in (EquipmentType, Commune, Department, Region):
    receiver([post_save, post_delete], sender=model, dispatch_uid=f"geojson-{model.__name__}")(bump_generation)


def cache_key(query: list[tuple[str, list[str]]], base_url: str) -> str:
    """The key for one filter query (parameter → sorted values) served under one base URL."""
    canonical = json.dumps([base_url, sorted((name, sorted(values)) for name, values in query)])
    digest = hashlib.sha256(canonical.encode()).hexdigest()[:32]
    return f"geojson:{generation()}:{open_signature(Workshop)}:{digest}"


def feature_collection(queryset, base_url: str = "", at=None) -> dict:
    """A FeatureCollection of the located workshops of `queryset` (already filtered).

    `base_url` ("https://host") makes each feature's `url` absolute. When the queryset carries
    `distance_km` (a search around a point), each feature has it too.

    This is the cold path of the map layer (every workshop, rebuilt when the directory changes or a workshop opens or closes), so it reads
    tuples rather than dicts or instances, and passes each workshop's stored categories through
    as the JSON text the database holds (an orjson Fragment) instead of decoding and re-encoding
    them: about three times faster than building it from `.values()`.
    """
    queryset = queryset.located().annotate(categories_json=Cast("equipment_categories", TextField()))
    with_distance = "distance_km" in queryset.query.annotations
    rows = queryset.values_list(*ROW_FIELDS, *(("distance_km",) if with_distance else ()))
    url_prefix, url_suffix = (base_url + reverse("workshops:detail", args=["SLUG"])).split("SLUG")
    open_memo: dict[tuple[str, str | None], bool | None] = {}
    features = []
    for row in rows:
        slug, name, commune, department, region, archetype, override, opening_hours, lat, lon, categories = row[:11]
        key = (opening_hours, region)
        if key not in open_memo:
            open_memo[key] = hours.is_open(opening_hours, region, at=at)
        properties = {
            "slug": slug,
            "name": name,
            "commune": commune,
            "department": department,
            "archetype": effective_archetype(override, archetype),
            "equipment_categories": orjson.Fragment(categories) if categories else [],
            "open_now": open_memo[key],
            "url": url_prefix + slug + url_suffix,
        }
        if with_distance:
            properties["distance_km"] = round(row[11], 2)
        features.append(
            {
                "type": "Feature",
                "id": slug,
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": properties,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def encoded_feature_collection(queryset_factory, query, base_url: str = "") -> bytes:
    """The encoded collection for a filter query, from the cache or built and cached.

    `queryset_factory()` returns the filtered queryset; it is called only on a cache miss.
    """
    return single_flight(
        cache_key(query, base_url),
        lambda: orjson.dumps(feature_collection(queryset_factory(), base_url)),
        timeout=CACHE_SECONDS,
    )
