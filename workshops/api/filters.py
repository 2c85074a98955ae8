"""The API's filters: the directory's own (workshops.filters) plus an explicit ordering."""

import django_filters
from django import forms
from django.template import loader
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
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


class DirectoryFilterBackend(DjangoFilterBackend):
    """The directory's filters; the browsable API's form asks for a commune's code in a text box.

    As a select, the commune filter would list all ~35,000 communes: seconds and megabytes for
    every page of the browsable API.
    """

    def to_html(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return None
        field = filterset.form.fields.get("commune")
        if field is not None:
            field.widget = forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 5})
        return loader.get_template(self.template).render({"filter": filterset}, request)


# For the OpenAPI schema: equipment takes type slugs (the filter's field is not a model field).
extend_schema_field(OpenApiTypes.STR)(WorkshopAPIFilter.base_filters["equipment"])
