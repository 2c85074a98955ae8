"""The idiomatic DRF path, as a baseline: ModelSerializers over model instances (DRF's own field
walk, for the workshops and their machines), the machines and the sources prefetched, DRF's own
paginator (which counts on every page), the same filters. It answers the same JSON as the
application (the benchmark checks it), so that the ratio says what the application's own work
(cached counts, pages and machines as rows, the layer built from tuples and cached) is worth.

Mounted under /baseline/ by bench/urls.py, in the benchmark worker only.
"""

from django.urls import path, reverse
from rest_framework import generics, serializers
from rest_framework.response import Response

from workshops import hours
from workshops.api.filters import WorkshopAPIFilter
from workshops.api.pagination import Pagination
from workshops.api.serializers import EquipmentSerializer, WorkshopSerializer
from workshops.models import Workshop
from workshops.provenance import provenance


class BaselineEquipmentSerializer(EquipmentSerializer):
    # DRF's own field walk, not the application's hand-written one.
    to_representation = serializers.ModelSerializer.to_representation


class BaselineWorkshopSerializer(WorkshopSerializer):
    equipment = BaselineEquipmentSerializer(many=True, read_only=True)

    to_representation = serializers.ModelSerializer.to_representation

    def get_provenance(self, workshop):
        # From the prefetched sources (the application's own helper would read them one
        # workshop at a time here: an N+1 that no DRF code written with care would have).
        workshop.source_rows = [
            {"source": s.source, "source_date": s.source_date, "last_seen": s.last_seen} for s in workshop.sources.all()
        ]
        return provenance(workshop)


class BaselineFeatureSerializer(serializers.ModelSerializer):
    type = serializers.SerializerMethodField()
    id = serializers.CharField(source="slug")
    geometry = serializers.SerializerMethodField()
    properties = serializers.SerializerMethodField()

    class Meta:
        model = Workshop
        fields = ["type", "id", "geometry", "properties"]

    def get_type(self, workshop):
        return "Feature"

    def get_geometry(self, workshop):
        return {"type": "Point", "coordinates": [workshop.longitude, workshop.latitude]}

    def get_properties(self, workshop):
        properties = {
            "slug": workshop.slug,
            "name": workshop.name,
            "commune": workshop.commune.name if workshop.commune else None,
            "department": workshop.department_id,
            "archetype": workshop.effective_archetype,
            "archetype_provisional": workshop.effective_archetype_provisional,
            "equipment_categories": workshop.equipment_categories or [],
            "open_now": hours.is_open(workshop.opening_hours, workshop.region_id),
            "location_precision": workshop.location_precision,
            "url": self.context["request"].build_absolute_uri(reverse("workshops:detail", args=[workshop.slug])),
        }
        if hasattr(workshop, "distance_km"):
            properties["distance_km"] = round(workshop.distance_km, 2)
        return properties


class BaselineList(generics.ListAPIView):
    serializer_class = BaselineWorkshopSerializer
    filterset_class = WorkshopAPIFilter
    pagination_class = Pagination
    throttle_classes = []

    def get_queryset(self):
        return (
            Workshop.objects.published()
            .select_related("commune", "department", "region")
            .prefetch_related("equipment__type", "sources")
        )


class BaselineGeoJSON(generics.ListAPIView):
    serializer_class = BaselineFeatureSerializer
    filterset_class = WorkshopAPIFilter
    pagination_class = None
    throttle_classes = []

    def get_queryset(self):
        return Workshop.objects.published().located().select_related("commune")

    def list(self, request, *args, **kwargs):
        features = self.get_serializer(self.filter_queryset(self.get_queryset()), many=True).data
        return Response({"type": "FeatureCollection", "features": features})


urlpatterns = [
    path("baseline/workshops/", BaselineList.as_view()),
    path("baseline/workshops/geojson/", BaselineGeoJSON.as_view()),
]
