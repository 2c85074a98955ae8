"""The directory's filters, shared by the list page, the map's GeoJSON and the API.

Machines mean "any of": ticking a CO₂ laser and a diode laser finds the workshops that have
either; a category (`equipment_category=laser_cutting`) stands for every type in it.

One FilterSet so that `/workshops/?…` and `/api/v1/workshops/?…` accept the same parameters and
mean the same thing. Invalid values make the form invalid: the API answers 400 naming the
parameter, the page shows the error next to the field. A yes/no parameter is read strictly
(`YesNoField`), whichever FilterSet declares it: "maybe" is an error, never a silent yes or no.
"""

import copy

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django_filters.filters import FilterMethod

from territories.models import Commune, Department, Region

from .models import EquipmentType, Workshop
from .vocabularies import Access, ActivityStatus, Archetype, Audience, EquipmentCategory, Pricing, Service

MAX_RADIUS_KM = 500
DEFAULT_RADIUS_KM = 50


class WorkshopFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        lat, lon = data.get("lat"), data.get("lon")
        if (lat is None) != (lon is None) and not self.has_error("lat") and not self.has_error("lon"):
            self.add_error("lon" if lon is None else "lat", _("Give both lat and lon to search around a point."))
        commune = data.get("commune")
        unplaced = lat is None and commune is None and not self.has_error("lat") and not self.has_error("commune")
        if data.get("radius_km") is not None and unplaced:
            self.add_error("radius_km", _("radius_km needs lat and lon, or commune."))
        if commune is not None and lat is None and commune.latitude is None and data.get("radius_km") is not None:
            self.add_error(
                "commune",
                _("The position of %(commune)s (%(code)s) is not known: give lat and lon instead.")
                % {"commune": commune.name, "code": commune.code},
            )
        return data


class DivisionChoiceField(django_filters.fields.ModelChoiceField):
    """A region or a department by its code, checked against the names each process keeps
    (`DivisionManager.name_of`, which reads them again for a code it does not know) rather than
    by a query at every search."""

    def to_python(self, value):
        if value in self.empty_values or self.null_label is not None:
            return super().to_python(value)
        model = self.queryset.model
        name = model.objects.name_of(str(value))
        if name is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})
        return model(code=str(value), name=name)


class DivisionFilter(django_filters.ModelChoiceFilter):
    field_class = DivisionChoiceField


class TypesChoiceField(django_filters.fields.ModelMultipleChoiceField):
    """Machine types by their slugs, checked against the types each process keeps
    (`EquipmentTypeManager.by_slug`) rather than by a query, and one queryset, per slug at every
    search; the same errors as Django's."""

    def _check_values(self, value):
        if self.null_label is not None:
            return super()._check_values(value)
        try:
            slugs = sorted({str(slug) for slug in value})
        except TypeError:  # a list of lists is not hashable
            raise ValidationError(self.error_messages["invalid_list"], code="invalid_list") from None
        for slug in slugs:
            self.validate_no_null_characters(slug)
        kept = self.queryset.model.objects.by_slug(slugs)
        for slug in slugs:
            if slug not in kept:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": slug}
                )
        return list(kept.values())


# What a yes/no parameter may say, in any case: a ticked checkbox sends "on" (the directory's "Open
# now", the officials' list), links and the API say true/false, 1/0, yes/no.
YES, NO = ("true", "1", "yes", "on"), ("false", "0", "no", "off")


def _yes_no(value) -> bool | None:
    """True, False or None (absent, empty) for a yes/no parameter; ValueError for anything else."""
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text == "":
        return None
    if text in YES or text in NO:
        return text in YES
    raise ValueError(value)


def _ticked(value) -> bool:
    try:
        return _yes_no(value) is True
    except ValueError:
        return False


class YesNoCheckbox(forms.CheckboxInput):
    """A checkbox that hands its field the parameter as sent, for the field to read: Django's own
    reads any text but "false" as ticked ("0", "maybe"), and shows it ticked too."""

    def __init__(self, attrs=None):
        super().__init__(attrs, check_test=_ticked)

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class YesNoField(forms.NullBooleanField):
    """A yes/no parameter: see YES and NO; absent or empty is no condition; anything else is an
    error naming the parameter and what it accepts.

    "No" sets a condition only where the filter gives it a meaning (`negatable`: `closed=false`
    leaves out the workshops that have closed); elsewhere it is no condition, as absent, so no list
    says it as one: `open_now=false` is not "closed now", and was shown as "Open now: no" while
    listing every workshop.
    """

    widget = YesNoCheckbox

    def __init__(self, *, negatable=False, **kwargs):
        self.negatable = negatable
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            answer = _yes_no(value)
        except ValueError:
            raise ValidationError(_("Give true or false (or 1 or 0)."), code="invalid") from None
        return None if answer is False and not self.negatable else answer

    def validate(self, value):
        pass


class YesNoFilter(django_filters.BooleanFilter):
    field_class = YesNoField


def _form_field(filter_):
    """The filter's form field; a yes/no filter a subclass declared as django-filter's own (the
    officials' `mediation`) gets a strict one too, whose "no" is no condition."""
    if isinstance(filter_, django_filters.BooleanFilter) and not isinstance(filter_, YesNoFilter):
        return YesNoField(required=False, label=filter_.label)
    return filter_.field


class BoundedNumberFilter(django_filters.NumberFilter):
    """A number with its own bounds (`min_value`, `max_value`): django-filter's guard against
    huge numbers (at most 1e+50) is left out, so that a huge one is told its real bound only."""

    def get_max_validator(self):
        return None


class TypesFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = TypesChoiceField


def _chosen(value):
    """The items chosen in a multiple-choice filter; none chosen is empty without a query.

    An empty choice is a `.none()` queryset, which a truth test would compile (and which
    django-filter does not count as empty, so the filter's method is called with it)."""
    if value is None or (isinstance(value, QuerySet) and value.query.is_empty()):
        return ()
    return value


def _bound_copy(filter_, filterset):
    """A filter of `filterset`: a shallow copy whose method, if any, resolves on that filterset."""
    bound = copy.copy(filter_)
    if filter_.method is not None:
        bound.filter = FilterMethod(bound)
    bound.model = filterset.queryset.model
    bound.parent = filterset
    return bound


class WorkshopFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        max_length=100,
        help_text=_(
            "Words to find in the name, the summary, the commune, the machines' types, the carrier type, the "
            "services, audiences or labels, in any case, with or without accents: every word must be found."
        ),
        widget=forms.TextInput(attrs={"aria-describedby": "id_q-help"}),
    )
    region = DivisionFilter(
        label=_("Region"), queryset=Region.objects.all(), to_field_name="code", method="filter_region"
    )
    department = DivisionFilter(
        label=_("Department"), queryset=Department.objects.all(), to_field_name="code", method="filter_department"
    )
    commune = django_filters.ModelChoiceFilter(
        label=_("Commune (INSEE code)"), queryset=Commune.objects.all(), to_field_name="code", method="filter_noop"
    )
    archetype = django_filters.TypedChoiceFilter(
        label=_("Archetype"), choices=Archetype.choices, coerce=int, method="filter_archetype"
    )
    equipment = TypesFilter(
        label=_("Equipment"),
        queryset=EquipmentType.objects.all(),
        to_field_name="slug",
        method="filter_equipment",
        help_text=_("Equipment types (slugs); a workshop with any of them matches."),
    )
    equipment_category = django_filters.MultipleChoiceFilter(
        label=_("Any machine of the category"),
        choices=EquipmentCategory.choices,
        method="filter_equipment",
        help_text=_("Equipment categories; a workshop with any machine of one of them matches."),
    )
    access = django_filters.ChoiceFilter(
        label=_("Access"),
        choices=Access.choices,
        method="filter_access",
        help_text=_(
            "The access its managers declared or, where they declared none, the one open data gives "
            "(shown as provisional)."
        ),
    )
    pricing = django_filters.ChoiceFilter(label=_("Pricing"), choices=Pricing.choices)
    service = django_filters.ChoiceFilter(label=_("Service"), choices=Service.choices, method="filter_service")
    audience = django_filters.ChoiceFilter(label=_("Audience"), choices=Audience.choices, method="filter_audience")
    open_now = YesNoFilter(label=_("Open now"), method="filter_open_now")
    # The map leaves workshops that have closed out unless asked (the API's geojson action);
    # elsewhere, closed=false leaves them out and no value sets no condition.
    closed = YesNoFilter(label=_("Include workshops that have closed"), method="filter_closed", negatable=True)
    lat = BoundedNumberFilter(label=_("Latitude"), method="filter_noop", min_value=-90, max_value=90)
    lon = BoundedNumberFilter(label=_("Longitude"), method="filter_noop", min_value=-180, max_value=180)
    radius_km = BoundedNumberFilter(
        label=_("Distance (km)"), method="filter_noop", min_value=0.1, max_value=MAX_RADIUS_KM
    )

    class Meta:
        model = Workshop
        fields = []
        form = WorkshopFilterForm

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if data is not None and "" in data.getlist("equipment"):
            # "Any machine" on the home page sends an empty value: no condition, not an error.
            data = data.copy()
            data.setlist("equipment", [slug for slug in data.getlist("equipment") if slug])
        # As django-filter's FilterSet.__init__, but each filter is copied shallowly: its deep copy
        # (form field, choices, lazy labels, for a dozen filters) was a third of what a search
        # costs before its queries. A filter holds nothing a request changes but its parent.
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = self._meta.model._default_manager.all() if queryset is None else queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: _bound_copy(f, self) for name, f in self.base_filters.items()}

    @classmethod
    def _form_class(cls):
        """The form of this FilterSet class, built once: a form copies its fields when it is made."""
        if "_built_form_class" not in cls.__dict__:
            for filter_ in cls.base_filters.values():
                filter_.model = cls._meta.model  # as on the copies: a label may come from the model
            fields = {name: _form_field(filter_) for name, filter_ in cls.base_filters.items()}
            cls._built_form_class = type(f"{cls.__name__}Form", (cls._meta.form,), fields)
        return cls._built_form_class

    def get_form_class(self):
        return self._form_class()

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_region(self, queryset, name, value):
        return queryset.in_region(value.code)

    def filter_department(self, queryset, name, value):
        return queryset.in_department(value.code)

    def filter_archetype(self, queryset, name, value):
        return queryset.with_archetype(value)

    def filter_equipment(self, queryset, name, value):
        # Types and categories together mean "any of": CO₂ laser + diode laser is their union.
        # Both parameters are read here, once, whichever of them triggered the call.
        types = _chosen(self.form.cleaned_data.get("equipment"))
        if name == "equipment_category" and types:
            return queryset
        categories = self.form.cleaned_data.get("equipment_category") or ()
        if not (types or categories):
            return queryset
        return queryset.with_any_equipment(types=types, categories=categories)

    def filter_access(self, queryset, name, value):
        return queryset.with_access(value)

    def filter_service(self, queryset, name, value):
        return queryset.with_service(value)

    def filter_audience(self, queryset, name, value):
        return queryset.with_audience(value)

    def filter_open_now(self, queryset, name, value):
        # Unchecked means "no condition", not "closed now".
        return queryset.open_now() if value else queryset

    def filter_closed(self, queryset, name, value):
        return queryset.exclude(activity_status=ActivityStatus.CLOSED) if value is False else queryset

    def filter_noop(self, queryset, name, value):
        # lat, lon, commune and radius_km act together in filter_queryset.
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        commune, radius = data.get("commune"), data.get("radius_km")
        if commune is not None and radius is None:
            # The commune itself (a city with its arrondissements), nearest its centre first.
            queryset = queryset.in_commune(commune.code)
        position = self.position
        if position is not None:
            if commune is not None and radius is None:
                queryset = queryset.by_distance(*position)
            else:
                queryset = queryset.nearby(*position, float(radius or DEFAULT_RADIUS_KM))
        return queryset

    @property
    def position(self):
        """(lat, lon) when the search is around a point (given, or a commune's), else None.

        Another filter's error does not stop it: a wrong distance leaves the default one, said
        with the errors, not the whole directory in alphabetical order."""
        if not self.is_bound or any(self.form.has_error(name) for name in ("lat", "lon", "commune")):
            return None
        data = self.form.cleaned_data
        if data.get("lat") is not None and data.get("lon") is not None:
            return float(data["lat"]), float(data["lon"])
        commune = data.get("commune")
        if commune is not None and commune.latitude is not None:
            return commune.latitude, commune.longitude
        return None


def described_filters(filterset, leave_out=()) -> list[tuple[str, str, str]]:
    """(name, label, value) of each filter a valid filterset was given, as a list page says them
    (an official's list reached from a figure says what it counts; a search that found nothing
    offers to drop one of them)."""
    described = []
    for name, form_field in filterset.form.fields.items():
        value = filterset.form.cleaned_data.get(name)
        given = [raw for raw in filterset.data.getlist(name) if raw]
        if name in leave_out or not given or value is None or value == "":
            continue
        items = list(value) if isinstance(value, list | tuple | QuerySet) else [value]
        if not items:
            continue
        described.append((name, str(form_field.label), ", ".join(_said(form_field, item) for item in items)))
    return described


def _said(form_field, item) -> str:
    if isinstance(item, bool):
        return str(_("yes") if item else _("no"))
    if isinstance(item, Model) or isinstance(form_field, forms.ModelChoiceField):
        # never the field's choices: a query over every EPCI
        return str(getattr(item, "label", item))  # a machine type in the page's language
    labels = {str(key): label for key, label in getattr(form_field, "choices", ())}
    return str(labels.get(str(item), item))
