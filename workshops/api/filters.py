"""The API's filters: the directory's own (workshops.filters) plus an explicit ordering."""

import copy

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from ..filters import WorkshopFilter, WorkshopFilterForm

ORDERINGS = {
    "name": ("sort_name", "pk"),  # French alphabetical order (Workshop.sort_name)
    "-name": ("-sort_name", "-pk"),
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


class SharedFields(dict):
    """A form class's fields that each of its forms uses as they are, instead of a deep copy."""

    def __deepcopy__(self, memo):
        return SharedFields(self)


class WorkshopAPIFilter(WorkshopFilter):
    ordering = django_filters.ChoiceFilter(
        label=_("Ordering"),
        choices=[(key, key) for key in ORDERINGS],
        method="filter_noop",
        help_text=_(
            "name (default; French alphabetical order, accents and case ignored), updated_at, their reverse with a "
            "leading “-”, or distance (default with lat/lon or commune)."
        ),
    )

    class Meta(WorkshopFilter.Meta):
        form = OrderingForm

    @classmethod
    def _form_class(cls):
        """The directory's form class, whose forms share their fields.

        Django gives each form a deep copy of its fields (choices and their lazy labels,
        querysets, widgets) so that a view may adjust them for one visitor: for a search of the
        API that copy cost as much as all the rest of building its filters (~0.4 ms). Nothing
        adjusts the API's fields per request; they are copied once here, away from the
        directory's page, whose view does adjust its own. The browsable API asks for a commune's
        code in a text box: as a select it would list all ~35,000 communes.
        """
        form = super()._form_class()
        if not isinstance(form.base_fields, SharedFields):
            fields = copy.deepcopy(form.base_fields)
            fields["commune"].widget = forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 5})
            for name in ("open_now", "closed"):  # typed: closed=false says what a checkbox cannot
                fields[name].widget = forms.TextInput()
            form.base_fields = SharedFields(fields)
        return form

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        ordering = self.form.cleaned_data.get("ordering")
        if ordering:
            return queryset.order_by(*ORDERINGS[ordering])
        return queryset if self.position else queryset.order_by(*ORDERINGS["name"])


# For the OpenAPI schema: equipment takes type slugs (the filter's field is not a model field).
extend_schema_field(OpenApiTypes.STR)(WorkshopAPIFilter.base_filters["equipment"])
