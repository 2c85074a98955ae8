"""The directory generation: a number every save or delete of a workshop or a machine bumps.

Cached answers (the GeoJSON, list counts, the opening-hours pairs) carry it in their keys, so an
edit shows at once. It knows no model: geojson.py connects it to the saves and deletes.
"""

import time

from django.core.cache import cache

GENERATION_KEY = "directory:generation"


def generation() -> int:
    return cache.get_or_set(GENERATION_KEY, 1, timeout=None)


def bump_generation(**kwargs) -> None:
    """Make every cached collection obsolete (the directory changed)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not in the cache yet (or evicted): any new value differs from the old keys
        cache.set(GENERATION_KEY, int(time.time()), timeout=None)
