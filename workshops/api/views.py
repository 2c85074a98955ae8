"""The directory's REST API, version 1: public reads, managers' writes."""

from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer

from .. import geojson
from ..filters import WorkshopFilter
from ..models import Workshop
from . import schema
from .renderers import GeoJSONRenderer

GEOJSON_MEDIA_TYPE = "application/geo+json"


def public_workshops():
    return Workshop.objects.published()


class WorkshopViewSet(viewsets.GenericViewSet):
    lookup_field = "slug"
    filter_backends = [DjangoFilterBackend]
    filterset_class = WorkshopFilter

    def get_queryset(self):
        return public_workshops()

    @extend_schema(
        summary="Published workshops as GeoJSON",
        description=(
            "An RFC 7946 FeatureCollection of the published, located workshops matching the filters "
            "(the same as the list's), not paginated. Coordinates are [longitude, latitude]. "
            "`open_now` is null when the opening hours are unknown; `distance_km` is present only "
            "when searching around `lat`/`lon`. Cached for up to a minute; edits show at once."
        ),
        responses={
            (200, GEOJSON_MEDIA_TYPE): OpenApiResponse(
                response=schema.FEATURE_COLLECTION, examples=[schema.FEATURE_COLLECTION_EXAMPLE]
            ),
            400: OpenApiResponse(response=schema.ERRORS, description="A filter value is invalid."),
        },
    )
    @action(detail=False, pagination_class=None, renderer_classes=[JSONRenderer, GeoJSONRenderer])
    def geojson(self, request):
        # Validate first (400 naming the parameter), then answer from the cache when possible.
        filterset = self.filterset_class(request.query_params, queryset=self.get_queryset(), request=request)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        query = [(name, request.query_params.getlist(name)) for name in filterset.filters]
        base_url = request.build_absolute_uri("/").rstrip("/")
        content = geojson.encoded_feature_collection(lambda: filterset.qs, query, base_url)
        response = HttpResponse(content, content_type=GEOJSON_MEDIA_TYPE)
        patch_cache_control(response, public=True, max_age=geojson.CACHE_SECONDS)
        return response
