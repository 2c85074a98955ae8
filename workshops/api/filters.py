"""The API's filters: the directory's own (workshops.filters) plus an explicit ordering."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from ..filters import WorkshopFilter, WorkshopFilterForm

ORDERINGS = {
    "name": ("name", "pk"),
    "-name": ("-name", "-pk"),
    "updated_at": ("updated_at", "pk"),
    "-updated_at": ("-updated_at", "-pk"),
    "distance": ("distance_km", "pk"),
}


class OrderingForm(WorkshopFilterForm):
    def clean(self):
        data = super().clean()
        commune = data.get("commune")
        unplaced = data.get("lat") is None and (commune is None or commune.latitude is None)
        if data.get("ordering") == "distance" and unplaced and not self.has_error("lat"):
            self.add_error("ordering", _("Ordering by distance needs lat and lon, or commune."))
        return data


class WorkshopAPIFilter(WorkshopFilter):
    ordering = django_filters.ChoiceFilter(
        label=_("Ordering"),
        choices=[(key, key) for key in ORDERINGS],
        method="filter_noop",
        help_text=_(
            "name (default), updated_at, their reverse with a leading “-”, or distance (default with lat/lon or commune)."
        ),
    )

    class Meta(WorkshopFilter.Meta):
        form = OrderingForm

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        ordering = self.form.cleaned_data.get("ordering")
        if ordering:
            return queryset.order_by(*ORDERINGS[ordering])
        return queryset if self.position else queryset.order_by(*ORDERINGS["name"])


# For the OpenAPI schema: equipment takes type slugs (the filter's field is not a model field).
extend_schema_field(OpenApiTypes.STR)(WorkshopAPIFilter.base_filters["equipment"])
