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
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import F, TextField
from django.db.models.functions import Cast
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from psycopg.adapt import Loader
from psycopg.types.json import Jsonb

from afn_directory.http_cache import single_flight
from territories.models import Commune, Department, Region

from . import hours
from .generation import bump_generation, generation
from .models import Equipment, EquipmentType, Photo, Workshop
from .querysets import (
    effective_archetype,
    effective_archetype_provisional,
    effective_archetype_provisional_sql,
    effective_archetype_sql,
    open_signature,
    open_states,
)

CACHE_SECONDS = 60
ROW_FIELDS = (
    "slug",
    "name",
    "commune__name",
    "department_id",
    "region_id",
    "archetype",
    "archetype_override",
    "archetype_provisional",
    "opening_hours",
    "latitude",
    "longitude",
    "categories_json",
    "location_precision",
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
        slug, name, commune, department, region, archetype, override, provisional, opening_hours = row[:9]
        lat, lon, categories, precision = row[9:13]
        key = (opening_hours, region)
        if key not in open_memo:
            open_memo[key] = hours.is_open(opening_hours, region, at=at)
        properties = {
            "slug": slug,
            "name": name,
            "commune": commune,
            "department": department,
            "archetype": effective_archetype(override, archetype),
            "archetype_provisional": effective_archetype_provisional(provisional, override, archetype),
            "equipment_categories": orjson.Fragment(categories) if categories else [],
            "open_now": open_memo[key],
            "location_precision": precision,
            "url": url_prefix + slug + url_suffix,
        }
        if with_distance:
            properties["distance_km"] = round(row[13], 2)
        features.append(
            {
                "type": "Feature",
                "id": slug,
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": properties,
            }
        )
    return {"type": "FeatureCollection", "features": features}


# One feature of `feature_collection` as PostgreSQL writes it: the same members in the same order,
# compact as orjson writes them. Strings through to_json (its escapes are orjson's), numbers
# through their text (the shortest that reads back the same, as orjson's).
FEATURE_SQL = """
SELECT format(
    '{"type":"Feature","id":%%1$s,"geometry":{"type":"Point","coordinates":[%%2$s,%%3$s]},'
    '"properties":{"slug":%%1$s,"name":%%4$s,"commune":%%5$s,"department":%%6$s,"archetype":%%7$s,'
    '"archetype_provisional":%%12$s,"equipment_categories":%%8$s,"open_now":%%9$s,"location_precision":%%11$s,'
    '"url":%%10$s}}',
    to_json(layer.layer_slug), layer.layer_longitude, layer.layer_latitude, to_json(layer.layer_name),
    COALESCE(to_json(layer.layer_commune)::text, 'null'), COALESCE(to_json(layer.layer_department)::text, 'null'),
    COALESCE(layer.layer_archetype::text, 'null'), COALESCE(layer.layer_categories, '[]'),
    COALESCE(%s ->> (layer.layer_opening_hours || chr(31) || COALESCE(layer.layer_region, '')), 'null'),
    to_json(%s || layer.layer_slug || %s),
    to_json(layer.layer_location_precision),
    layer.layer_archetype_provisional::text
)
FROM ({rows}) AS layer
"""
LAYER_COLUMNS = {
    "layer_slug": F("slug"),
    "layer_name": F("name"),
    "layer_commune": F("commune__name"),
    "layer_department": F("department_id"),
    "layer_region": F("region_id"),
    "layer_archetype": effective_archetype_sql(),
    "layer_opening_hours": F("opening_hours"),
    "layer_categories": Cast("equipment_categories", TextField()),
    "layer_latitude": F("latitude"),
    "layer_longitude": F("longitude"),
    "layer_location_precision": F("location_precision"),
    "layer_archetype_provisional": effective_archetype_provisional_sql(),
}


def open_states_json(states) -> Jsonb:
    """`querysets.open_states` as `FEATURE_SQL` reads them: a JSON object of each (opening hours,
    region) pair whose state is known, "true" or "false". Sent as jsonb (not text to cast, which a
    prepared plan would parse again for every feature), a lookup in it costs a feature the same
    for any number of pairs, where a list would be walked pair by pair."""
    return Jsonb(
        {
            f"{expression}\x1f{region or ''}": "true" if state else "false"
            for (expression, region), state in states.items()
            if state is not None
        }
    )


def encoded(queryset, base_url: str = "", at=None) -> bytes:
    """`feature_collection` of `queryset`, encoded as JSON: the map layer's cold path.

    On PostgreSQL the database writes each feature (`FEATURE_SQL`, over the queryset's own rows in
    its own order) and the collection is their concatenation: no tuple or dict per workshop in
    Python. `open_now` comes from this minute's states of the directory's (opening hours,
    region) pairs (`querysets.open_states`, what `feature_collection` asks of `hours.is_open`
    pair by pair), `null` for a pair they do not hold. A search around a point (its
    `distance_km` rounded as Python rounds) and SQLite take `feature_collection`.
    """
    connection = connections[queryset.db]
    if connection.vendor != "postgresql" or "distance_km" in queryset.query.annotations:
        return orjson.dumps(feature_collection(queryset, base_url, at))  # located() there
    queryset = queryset.located()
    states = open_states_json(open_states(queryset.model, at))
    url_prefix, url_suffix = (base_url + reverse("workshops:detail", args=["SLUG"])).split("SLUG")
    try:
        rows, params = queryset.values(**LAYER_COLUMNS).query.sql_with_params()
    except EmptyResultSet:
        return orjson.dumps(feature_collection(queryset.none()))
    with connection.cursor() as cursor:
        cursor.cursor.adapters.register_loader("text", UTF8Bytes)  # on this cursor only, not the connection
        cursor.execute(FEATURE_SQL.replace("{rows}", rows), (states, url_prefix, url_suffix, *params))
        features = b",".join(row[0] for row in cursor.fetchall())
    return b'{"type":"FeatureCollection","features":[' + features + b"]}"


class UTF8Bytes(Loader):
    """Text as the UTF-8 bytes the connection receives: the features are sent as they come, not
    decoded to str and encoded back."""

    def load(self, data) -> bytes:
        return bytes(data)


def encoded_feature_collection(queryset_factory, query, base_url: str = "") -> bytes:
    """The encoded collection for a filter query, from the cache or built and cached.

    `queryset_factory()` returns the filtered queryset; it is called only on a cache miss.
    """
    return single_flight(
        cache_key(query, base_url),
        lambda: encoded(queryset_factory(), base_url),
        timeout=CACHE_SECONDS,
    )
