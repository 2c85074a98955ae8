"""The directory generation: a number every save or delete of a workshop, a machine, a photo or a
machine type bumps (workshops/geojson.py), and `reclassify_workshops` and a reload of the
territories (workshops/classification.py).

Cached answers (the GeoJSON, list counts, the opening-hours pairs) carry it in their keys, so an
edit shows at once. It knows no model: geojson.py connects it to the saves and deletes.

During a request it is read from the cache once (its ETag, its count, its open-now state all ask
for it): the answer is then built for one state of the directory, and a public read costs one
round trip to Redis less per question. A change made by the request itself is seen at once.
Outside requests (commands, workers) every call reads the cache.

A generation is never given twice: when the cache has lost it (a restart of Redis, an
eviction), the next one is the clock in nanoseconds, later than any before. Processes keep
what they derive from a generation (which opening hours exist, which are open now) under it,
and would otherwise take a directory of days ago for today's.
"""

import threading
import time
from contextlib import contextmanager

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.dispatch import receiver

GENERATION_KEY = "directory:generation"
_request = threading.local()


def generation() -> int:
    value = getattr(_request, "generation", None)
    if value is None:
        value = cache.get_or_set(GENERATION_KEY, time.time_ns, timeout=None)
        if getattr(_request, "active", False):
            _request.generation = value
    return value


def adopt_generation(value: int | None) -> None:
    """The generation a caller read with a round trip of its own (KeptAnswerMiddleware, with the
    answer it may serve): the request goes on with it rather than asking again."""
    if value is not None and getattr(_request, "active", False):
        _request.generation = value


def bump_generation(**kwargs) -> None:
    """Make every cached collection obsolete (the directory changed)."""
    _request.generation = None
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not in the cache yet (or evicted): a new value, later than any before
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


@contextmanager
def request_scope():
    """What a request's start and end do (the signals), for an answer given before Django's handler
    (afn_directory/wsgi.py): the generation is read once within it."""
    _remember_during_the_request()
    try:
        yield
    finally:
        _forget_after_the_request()


@receiver(request_started, dispatch_uid="generation-request-started")
def _remember_during_the_request(**kwargs):
    _request.active, _request.generation = True, None


@receiver(request_finished, dispatch_uid="generation-request-finished")
def _forget_after_the_request(**kwargs):
    _request.active, _request.generation = False, None
