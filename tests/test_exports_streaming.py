"""Exports stream: memory stays flat however many workshops there are."""

import tracemalloc

import pytest

from tests.factories import commune
from workshops import exports
from workshops.models import Workshop
from workshops.vocabularies import Status

pytestmark = pytest.mark.django_db


def _create(count, start=0):
    nantes = commune("44109")
    Workshop.objects.bulk_create(
        [
            Workshop(
                slug=f"atelier-{start + i}",
                name=f"Atelier {start + i}",
                summary="Un atelier de fabrication numérique ouvert à tous.",
                street="2 rue de la Gare",
                postal_code="44000",
                commune=nantes,
                department_id=nantes.department_id,
                region_id=nantes.region_id,
                latitude=47.2,
                longitude=-1.55,
                status=Status.PUBLISHED,
                surface_m2=100 + i % 50,
            )
            for i in range(count)
        ],
        batch_size=2000,
    )


def _peak_while_streaming(fmt):
    """(the peak memory traced while consuming the export, how many bytes it produced)."""
    export = exports.build(fmt, Workshop.objects.all(), private=True)
    size = 0
    tracemalloc.start()
    try:
        for chunk in export.chunks:
            size += len(chunk)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, size


def test_it_streams_20000_rows_in_flat_memory():
    _create(2000)
    _peak_while_streaming("csv")  # warm up: imports, URL resolver, translations are not the export's memory
    peak_small, size_small = _peak_while_streaming("csv")
    _create(18000, start=2000)
    peak_large, size_large = _peak_while_streaming("csv")
    assert size_large > 9 * size_small  # ten times the rows...
    assert peak_large < 1.3 * peak_small  # ...in the same memory: one chunk at a time
    assert peak_large < size_large  # the file is never held whole, nor its rows


def test_geojson_streams_too():
    _create(1000)
    _peak_while_streaming("geojson")
    peak_small, _size = _peak_while_streaming("geojson")
    _create(3000, start=1000)
    peak_large, _size = _peak_while_streaming("geojson")
    assert peak_large < 1.3 * peak_small
