"""The directory's REST API, version 1: public reads, managers' writes."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from afn_directory.renderers import JSONRenderer
from afn_directory.staff import has_staff_powers
from territories.models import Department, Region

from .. import geojson
from ..editing import StaleVersion, save_profile
from ..http_cache import COMPRESSED_ONLY, public_api
from ..models import Equipment, EquipmentType, Membership, Photo, Workshop
from ..provenance import attach_sources
from ..vocabularies import ActivityStatus, Archetype, Status
from . import schema
from .filters import WorkshopAPIFilter
from .pagination import WorkshopPagination
from .permissions import EquipmentManagersWrite, ManagersWrite
from .renderers import GeoJSONRenderer
from .serializers import (
    ArchetypeSerializer,
    DepartmentSerializer,
    EquipmentSerializer,
    EquipmentTypeSerializer,
    PhotoSerializer,
    RegionSerializer,
    WorkshopSerializer,
    WorkshopUpdateSerializer,
    as_workshops,
    attach_machines,
    listed_rows,
    published_rows,
    published_workshop_rows,
)

GEOJSON_MEDIA_TYPE = "application/geo+json"
# Token first: an anonymous write then gets 401 with `WWW-Authenticate: Token`, not a bare 403.
AUTHENTICATION = [TokenAuthentication, SessionAuthentication]
PUBLISHED = Q(status=Status.PUBLISHED)
FILTER_ERRORS = {400: OpenApiResponse(schema.ERRORS, description="A filter value is invalid.")}
WRITE_ERRORS = {
    400: OpenApiResponse(schema.ERRORS),
    401: schema.DETAIL,
    403: schema.DETAIL,
    404: schema.DETAIL,
}


def visible_workshops(user):
    """Published workshops, plus the ones this user manages (all of them for staff)."""
    if has_staff_powers(user):
        return Workshop.objects.all()
    if not user.is_authenticated:
        return Workshop.objects.published()
    managed = Exists(Membership.objects.filter(workshop=OuterRef("pk"), user=user))
    return Workshop.objects.filter(PUBLISHED | managed)


def with_relations(queryset):
    # The machines come after, as plain rows (serializers.attach_machines); regions and
    # departments are named from what each process keeps (territories.models.DivisionManager).
    return queryset.select_related("commune")


def raise_model_errors(exc: DjangoValidationError):
    raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})


@extend_schema_view(
    list=extend_schema(
        summary="Published workshops",
        description="Paginated; filters combine. `lat`+`lon` (and `radius_km`, default 50, max 500) "
        "add `distance_km` and sort nearest first. `commune` (INSEE code) alone gives that commune's "
        "workshops (a city's include its arrondissements') nearest its centre first; with `radius_km`, "
        "every workshop within that distance of the commune's position. A commune whose position is "
        "not known is a 400 naming it.",
        responses={200: WorkshopSerializer(many=True), 400: OpenApiResponse(schema.ERRORS)},
    ),
    retrieve=extend_schema(
        summary="A workshop",
        description="A workshop merged into another answers 301, its `Location` the kept workshop's URL "
        "(the body gives its `slug` and `url` too).",
        responses={200: WorkshopSerializer, 301: OpenApiResponse(schema.MOVED), 404: schema.DETAIL},
    ),
)
class WorkshopViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_field = "slug"
    # Any path segment reaches the view, so that an unknown slug gets the API's JSON 404.
    lookup_value_regex = "[^/]+"
    serializer_class = WorkshopSerializer
    authentication_classes = AUTHENTICATION
    permission_classes = [ManagersWrite]
    filter_backends = [DjangoFilterBackend]
    filterset_class = WorkshopAPIFilter
    pagination_class = WorkshopPagination

    def get_queryset(self):
        if self.action == "list":
            return published_rows()  # as rows (serializers.listed_rows), not model instances
        if self.action == "geojson":
            return Workshop.objects.published()
        return visible_workshops(self.request.user)

    def filter_queryset(self, queryset):
        # The directory's filters apply to the collections, not to one workshop's URL.
        if self.action not in ("list", "geojson"):
            return queryset
        return super().filter_queryset(queryset)

    @public_api(keep_body=True)
    def list(self, request, *args, **kwargs):
        # The page as plain rows (serializers.published_rows, then the filters), then one query
        # for its machines and one for its sources: the same queries for any page size.
        page = as_workshops(self.paginate_queryset(self.filter_queryset(self.get_queryset())))
        attach_machines(page)
        attach_sources(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @public_api(keep_body=True)
    def retrieve(self, request, *args, **kwargs):
        # Read as a row, as a page of the list is: the same representation, without building a
        # model of every column (a change, below, reads the model); an anonymous read, the
        # public one, without compiling its query either.
        slug = self.kwargs["slug"]
        if request.user.is_authenticated:
            found = as_workshops(listed_rows(self.get_queryset().filter(slug=slug)))
        else:
            found = as_workshops(published_workshop_rows(slug))
        if not found:
            # A workshop merged into another: its old URL leads, for good, to the one that was kept.
            kept = self.get_queryset().filter(merged_slugs__slug=slug).first()
            if kept is None:
                raise Http404
            return self._moved(kept)
        [workshop] = found
        self.check_object_permissions(request, workshop)
        attach_machines(found)
        attach_sources(found)
        response = Response(self.get_serializer(workshop).data)
        # A workshop that only its managers (or staff) see is nobody else's business.
        response.personal = workshop.status != Status.PUBLISHED
        return response

    def _moved(self, kept):
        """301 to the kept workshop, as a moved resource: the body says where, for clients that do not follow."""
        url = self.request.build_absolute_uri(reverse("api:workshop-detail", args=[kept.slug]))
        detail = _("This workshop was merged into “%(name)s”: it is now at %(url)s.") % {"name": kept.name, "url": url}
        return Response(
            {"detail": detail, "slug": kept.slug, "url": url},
            status=status.HTTP_301_MOVED_PERMANENTLY,
            headers={"Location": url},
        )

    def get_object(self):
        queryset = with_relations(self.get_queryset())
        workshop = get_object_or_404(queryset, slug=self.kwargs["slug"])
        self.check_object_permissions(self.request, workshop)
        attach_machines([workshop])
        attach_sources([workshop])
        return workshop

    @extend_schema(
        summary="Change a workshop (its managers, staff)",
        description="Send the `version` you read with the fields to change. If the workshop changed "
        "since, the answer is 409 with the current version and nothing is written.",
        request=WorkshopUpdateSerializer,
        responses={
            200: WorkshopSerializer,
            **WRITE_ERRORS,
            409: OpenApiResponse(schema.CONFLICT, description="Someone saved the workshop since `version`."),
        },
    )
    def partial_update(self, request, slug=None):
        workshop = self.get_object()
        serializer = WorkshopUpdateSerializer(workshop, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        version = changes.pop("version", None)
        if version is None:
            raise ValidationError({"version": [_("Send the version you read, to avoid overwriting a change.")]})
        # The state the client read, so that a 409 names the fields changed since.
        read = workshop.history.filter(version=version).order_by("-history_date").first()
        try:
            save_profile(read.instance if read else workshop, changes, expected_version=version, user=request.user)
        except StaleVersion as stale:
            body = {
                "detail": _("This workshop was changed since version %(version)s.") % {"version": version},
                "version": stale.current.version,
                "changed_fields": stale.changed_fields,
            }
            return Response(body, status=status.HTTP_409_CONFLICT)
        except DjangoValidationError as exc:
            raise_model_errors(exc)
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        summary="Published workshops as GeoJSON",
        description=(
            "An RFC 7946 FeatureCollection of the published, located workshops matching the filters "
            "(the same as the list's), not paginated; workshops that have closed only with `closed=true`. Coordinates are [longitude, latitude]. "
            "`open_now` is null when the opening hours are unknown; `distance_km` is present only "
            "when searching around `lat`/`lon`. Public: shared caches may keep it for a minute, "
            "and a request with `If-None-Match` gets 304 while nothing changed."
        ),
        responses={
            (200, GEOJSON_MEDIA_TYPE): OpenApiResponse(
                response=schema.FEATURE_COLLECTION, examples=[schema.FEATURE_COLLECTION_EXAMPLE]
            ),
            400: OpenApiResponse(response=schema.ERRORS, description="A filter value is invalid."),
        },
        filters=True,  # the list's filters, documented as the list's
    )
    @action(detail=False, pagination_class=None, renderer_classes=[JSONRenderer, GeoJSONRenderer])
    @public_api(keep_body=COMPRESSED_ONLY)
    def geojson(self, request):
        # Validate first (400 naming the parameter), then answer from the cache when possible.
        filterset = self.filterset_class(request.query_params, queryset=self.get_queryset(), request=request)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        query = [(name, request.query_params.getlist(name)) for name in filterset.filters if name != "ordering"]
        base_url = request.build_absolute_uri("/").rstrip("/")
        if filterset.form.cleaned_data.get("closed"):
            workshops = lambda: filterset.qs  # noqa: E731
        else:
            workshops = lambda: filterset.qs.exclude(activity_status=ActivityStatus.CLOSED)  # noqa: E731
        content = geojson.encoded_feature_collection(workshops, query, base_url)
        return HttpResponse(content, content_type=GEOJSON_MEDIA_TYPE)


@extend_schema_view(
    list=extend_schema(
        summary="A workshop's equipment", responses={200: EquipmentSerializer(many=True), 404: schema.DETAIL}
    ),
    create=extend_schema(
        summary="Add a machine (managers, staff)", responses={201: EquipmentSerializer, **WRITE_ERRORS}
    ),
    partial_update=extend_schema(
        summary="Change a machine (managers, staff)", responses={200: EquipmentSerializer, **WRITE_ERRORS}
    ),
    destroy=extend_schema(summary="Remove a machine (managers, staff)", responses={204: None, **WRITE_ERRORS}),
)
class EquipmentViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = EquipmentSerializer
    authentication_classes = AUTHENTICATION
    permission_classes = [EquipmentManagersWrite]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    @cached_property
    def workshop(self):
        return get_object_or_404(visible_workshops(self.request.user), slug=self.kwargs["workshop_slug"])

    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no workshop in the URL
            return Equipment.objects.none()
        return Equipment.objects.filter(workshop=self.workshop).select_related("type")

    def _save(self, equipment):
        # The history records who changed the inventory (token requests have no session user).
        equipment._history_user = self.request.user
        try:
            equipment.full_clean()
        except DjangoValidationError as exc:
            raise_model_errors(exc)
        equipment.save()
        return equipment

    def perform_create(self, serializer):
        serializer.instance = self._save(Equipment(workshop=self.workshop, **serializer.validated_data))

    def perform_update(self, serializer):
        for field, value in serializer.validated_data.items():
            setattr(serializer.instance, field, value)
        self._save(serializer.instance)

    def perform_destroy(self, instance):
        instance._history_user = self.request.user
        instance.delete()


@extend_schema_view(
    list=extend_schema(
        summary="A workshop's photos, the first one first",
        description="Uploaded by its managers on their profile pages. Photos are not part of the open data: "
        "show each with its credit.",
        responses={200: PhotoSerializer(many=True), 404: schema.DETAIL},
    ),
)
class PhotoViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = PhotoSerializer
    authentication_classes = AUTHENTICATION
    permission_classes = [AllowAny]
    filter_backends = []
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no workshop in the URL
            return Photo.objects.none()
        workshop = get_object_or_404(visible_workshops(self.request.user), slug=self.kwargs["workshop_slug"])
        return workshop.photos.all()


@extend_schema_view(
    list=extend_schema(
        summary="The equipment taxonomy", responses={200: EquipmentTypeSerializer(many=True), **FILTER_ERRORS}
    ),
    retrieve=extend_schema(summary="An equipment type", responses={200: EquipmentTypeSerializer, 404: schema.DETAIL}),
)
class EquipmentTypeViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = EquipmentType.objects.all()
    serializer_class = EquipmentTypeSerializer
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"
    permission_classes = [AllowAny]
    filterset_fields = ["category"]


@extend_schema_view(list=extend_schema(summary="The study's six archetypes, with published workshop counts"))
class ArchetypeViewSet(viewsets.GenericViewSet):
    serializer_class = ArchetypeSerializer
    permission_classes = [AllowAny]
    filter_backends = []

    def list(self, request):
        counts = dict(
            Workshop.objects.published()
            .with_effective_archetype()
            .filter(effective__isnull=False)
            .values("effective")
            .annotate(n=Count("pk"))
            .values_list("effective", "n")
            .order_by()
        )
        rows = [ArchetypeSerializer.build(number, counts.get(number, 0)) for number in Archetype.values]
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class _TerritoryViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    lookup_field = "code"
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        count = Count("workshops", filter=Q(workshops__status=Status.PUBLISHED))
        return self.model.objects.annotate(workshop_count=count).order_by("code")


@extend_schema_view(
    list=extend_schema(summary="Regions"),
    retrieve=extend_schema(summary="A region", responses={200: RegionSerializer, 404: schema.DETAIL}),
)
class RegionViewSet(_TerritoryViewSet):
    model = Region
    serializer_class = RegionSerializer


@extend_schema_view(
    list=extend_schema(summary="Departments", responses={200: DepartmentSerializer(many=True), **FILTER_ERRORS}),
    retrieve=extend_schema(summary="A department", responses={200: DepartmentSerializer, 404: schema.DETAIL}),
)
class DepartmentViewSet(_TerritoryViewSet):
    model = Department
    serializer_class = DepartmentSerializer
    filterset_fields = ["region"]
