"""GET /api/v1/exports/workshops.{csv,xlsx,geojson}: a territory's workshops for officials and staff.

Mounted under the API's routes (workshops/api/urls.py includes this module by name); the work
is done by the exports service (officials/exports.py), which the dashboard's downloads call too.

Session or token authentication; anyone without an official scope (anonymous, managers) gets 403.
The filters are the officials' list filters (`region`, `department`, `archetype`, `equipment`, …);
a territory outside the caller's scope is refused with 403, never silently emptied.
"""

from django.core import exceptions as django_exceptions
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.views import APIView

from afn_directory.renderers import JSONRenderer
from workshops import exports

from .exports import scoped_export
from .models import ExportLog
from .scopes import NO_SCOPE, scope_for

API_FORMATS = ("csv", "xlsx", "geojson")


class IsOfficialOrStaff(BasePermission):
    message = NO_SCOPE

    def has_permission(self, request, view):
        return not scope_for(request.user).is_empty


class FileNegotiation(BaseContentNegotiation):
    """The file's format is in the URL; the Accept header cannot make it a 406."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class WorkshopExport(APIView):
    permission_classes = [IsAuthenticated, IsOfficialOrStaff]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = FileNegotiation

    @extend_schema(
        summary="Export a territory's workshops (officials and staff)",
        description=(
            "The published workshops of the caller's territory with public and private fields, streamed, "
            "in French alphabetical order of their names. "
            "CSV: UTF-8 with BOM, `;` separator (decimal comma) unless `delimiter=,`. XLSX: header row, "
            "frozen panes, an autofilter, numbers as numbers, an `a_propos` sheet with date, licence and filters. "
            "GeoJSON: RFC 7946 with a `metadata` member. An unknown value is an empty cell (`null` in GeoJSON): "
            "`equipment_items` when no machine is listed, `archetype_provisional` (`true` when the archetype is "
            "the classifier's, resting on criteria inferred from open data) when the archetype is unknown. "
            "Each export is logged with the territory it resolved to."
        ),
        parameters=[
            OpenApiParameter("region", str, description="Region INSEE code, within your scope."),
            OpenApiParameter("department", str, description="Department INSEE code, within your scope."),
            OpenApiParameter(
                "public",
                str,
                enum=["true", "declared", "provisional"],
                description=(
                    "Open to the public (open to all or on request): `true` as declared by the managers or, where "
                    "they gave no access, provisionally (inferred from open data); `declared` or `provisional` "
                    "alone. The `access_provisional` column holds the inferred access, `access` the declared one."
                ),
            ),
            OpenApiParameter(
                "position",
                str,
                enum=["door", "street", "commune", "none"],
                description=(
                    "How precisely the workshop is placed: at its address, in its street, at its commune only "
                    "(approximate), or not at all. The `location_precision` column says it for each workshop."
                ),
            ),
            OpenApiParameter("delimiter", str, enum=[";", ","], description="CSV only; `;` by default."),
        ],
        responses={
            (200, "application/octet-stream"): OpenApiResponse(response=OpenApiTypes.BINARY),
            403: OpenApiResponse(description="Not an official or staff, or a territory outside the scope."),
            400: OpenApiResponse(description="A filter value is invalid."),
        },
    )
    def get(self, request, fmt):
        if fmt not in API_FORMATS:
            raise ValidationError(
                {
                    "format": [
                        _("Unknown format “%(format)s”: choose one of %(formats)s.")
                        % {"format": fmt, "formats": ", ".join(API_FORMATS)}
                    ]
                }
            )
        try:
            export = scoped_export(request.user, fmt, ExportLog.Via.API, request.query_params, request=request)
        except django_exceptions.ValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        except django_exceptions.PermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        return exports.response(export)


urlpatterns = [
    path("exports/workshops.<str:fmt>", WorkshopExport.as_view(), name="export-workshops"),
]
