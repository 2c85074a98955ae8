"""What the API shows of a workshop, and what its managers may change.

The public representation is an allow-list: the size and economics a manager gave (budget,
revenue shares, staff, volunteers, members, yearly users), who manages the workshop, the legal
identifiers and the import source stay private. `tests/api/test_workshops.py` pins the list.
"""

import re
from functools import cache
from types import SimpleNamespace
from typing import NamedTuple

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from afn_directory.i18n import content_language, in_language
from territories.models import Commune, Department, Region

from .. import hours, validators
from ..archetypes import DEFINITIONS
from ..models import Equipment, EquipmentType, Photo, Workshop
from ..page_rows import MACHINE_FIELDS, CompiledRows, machine_rows
from ..provenance import provenance
from ..querysets import effective_archetype, is_open_now
from ..vocabularies import (
    Access,
    Archetype,
    Audience,
    CarrierType,
    EquipmentCategory,
    Label,
    Pricing,
    Service,
    Wheelchair,
)

# A slug as Django's slug converter takes it: put in a URL as it is (no quoting to do).
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
URL_SLUG_MARK = "workshop-slug"


class PlaceSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


def attach_machines(workshops) -> None:
    """Give each workshop its machines as plain rows (`machine_rows`), in one query.

    A page of the list carries hundreds of machines: rows build no model instance, and leave
    no reference cycle (a prefetched machine points back at its workshop) for the garbage
    collector to find; their SQL is written once (`page_rows`), not compiled for every page.
    """
    by_workshop = machine_rows([w.pk for w in workshops])
    for workshop in workshops:
        workshop.machine_rows = by_workshop[workshop.pk]


def machine_representation(row: dict, types: dict) -> dict:
    """A machine's JSON from its row; `types` describes each machine type once per request.

    A page names the same few dozen types hundreds of times: each is described once in the
    current language, not once per machine. The result is DRF's own field walk of
    EquipmentSerializer (tests/api/test_workshops.py compares the two).
    """
    if row["type_id"] not in types:
        label = in_language(row["type_name_fr"], row["type_name_en"])
        types[row["type_id"]] = (row["type_slug"], label, row["type_category"])
    slug, name, category = types[row["type_id"]]
    return {
        "id": row["id"],
        "type": slug,
        "type_name": name,
        "category": category,
        **{field: row[field] for field in MACHINE_FIELDS},
    }


class EquipmentSerializer(serializers.ModelSerializer):
    type = serializers.SlugRelatedField(slug_field="slug", queryset=EquipmentType.objects.all())
    type_name = serializers.CharField(source="type.label", read_only=True)
    category = serializers.ChoiceField(source="type.category", choices=EquipmentCategory.choices, read_only=True)

    class Meta:
        model = Equipment
        fields = ["id", "type", "type_name", "category", *MACHINE_FIELDS]

    def to_representation(self, machine):
        machine_type = machine.type
        row = {field: getattr(machine, field) for field in MACHINE_FIELDS}
        row.update(
            id=machine.pk,
            type_id=machine.type_id,
            type_slug=machine_type.slug,
            type_name_fr=machine_type.name,
            type_name_en=machine_type.name_en,
            type_category=machine_type.category,
        )
        return machine_representation(row, {})


class IntervalSerializer(serializers.Serializer):
    opens = serializers.CharField(help_text="HH:MM, local time")
    closes = serializers.CharField(help_text="HH:MM, local time; 24:00 for midnight")


class WeekSerializer(serializers.Serializer):
    Mo = IntervalSerializer(many=True)
    Tu = IntervalSerializer(many=True)
    We = IntervalSerializer(many=True)
    Th = IntervalSerializer(many=True)
    Fr = IntervalSerializer(many=True)
    Sa = IntervalSerializer(many=True)
    Su = IntervalSerializer(many=True)


class OpeningHoursSerializer(serializers.Serializer):
    osm = serializers.CharField(help_text="OpenStreetMap opening_hours syntax; empty when unknown.")
    weekly = WeekSerializer(
        allow_null=True, help_text="Opening intervals of the coming week per weekday; null when unknown."
    )


class SourceSerializer(serializers.Serializer):
    source = serializers.CharField(help_text="The open-data source's code, e.g. “cget-2019”, “fablabs-io”.")
    name = serializers.CharField()
    date = serializers.DateField(help_text="As of when the source described the workshop.")


class ProvenanceSerializer(serializers.Serializer):
    sources = SourceSerializer(many=True, help_text="Empty for a workshop registered by its managers.")
    confirmed_by_manager = serializers.BooleanField()
    possibly_outdated = serializers.BooleanField(
        help_text="Imported, never confirmed by a manager, and its newest source is more than two years old."
    )


class ReasonSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=["for", "against", "missing", "provisional"],
        help_text="“provisional”: a criterion inferred from open data, not said by the workshop's managers.",
    )
    criterion = serializers.CharField()
    text = serializers.CharField()


class ArchetypeSummarySerializer(serializers.Serializer):
    number = serializers.ChoiceField(choices=Archetype.choices)
    name = serializers.CharField()
    provisional = serializers.BooleanField(
        help_text="True when the classifier relied on criteria inferred from open data (see the reasons)."
    )
    set_by = serializers.ChoiceField(
        choices=["classifier", "staff"], help_text="Computed from the profile, or set by the directory's staff."
    )
    explanation = serializers.CharField(allow_blank=True)
    reasons = ReasonSerializer(many=True)


def _weekly(expression: str, memo: dict) -> dict | None:
    if expression not in memo:
        if hours.parse(expression) is None:
            memo[expression] = None
        else:
            week = hours.weekly(expression)
            memo[expression] = {
                day: [{"opens": start, "closes": end} for start, end in intervals] for day, intervals in week.items()
            }
    return memo[expression]


def _archetype(workshop: Workshop, language: str | None = None) -> dict | None:
    """The archetype's summary; `language` ("fr"/"en"), when a page already knows it, saves asking."""
    number = workshop.effective_archetype
    if number is None:
        return None
    language = language or content_language()
    provisional = False
    if workshop.archetype_override:
        explanation, reasons = "", []
    else:
        summary, *details = workshop.archetype_reasons or [{}]
        explanation = summary.get(language, "")
        provisional = bool(summary.get("provisional"))
        reasons = [
            {"kind": r["kind"], "criterion": r["criterion"], "text": r[language]}
            for r in details
            if r.get("kind") in ("for", "against", "missing", "provisional")
        ]
    return {
        "number": number,
        "name": str(Archetype(number).label),
        "set_by": "staff" if workshop.archetype_override else "classifier",
        "provisional": provisional,
        "explanation": explanation,
        "reasons": reasons,
    }


_DATETIME = serializers.DateTimeField()


def _division(model, code: str | None) -> dict | None:
    """A region or a department as {"code", "name"}, named from what the process keeps (no join)."""
    return {"code": code, "name": model.objects.name_of(code)} if code else None


def _datetime(value):
    return _DATETIME.to_representation(value) if value is not None else None


def _date(value):
    return value.isoformat() if value is not None else None


# What a page of the list (and a workshop's URL) reads of each workshop: the columns its
# representation shows, and what decides some of them (the archetype's override and reasons,
# whether it was imported, whether it is public).
ROW_COLUMNS = (
    "id",
    "slug",
    "name",
    "summary",
    "description",
    "street",
    "address_extra",
    "postal_code",
    "commune_id",
    "department_id",
    "region_id",
    "latitude",
    "longitude",
    "location_precision",
    "website",
    "email",
    "phone",
    "carrier_type",
    "access",
    "pricing",
    "wheelchair",
    "acceslibre_url",
    "opening_hours",
    "services",
    "audiences",
    "labels",
    "surface_m2",
    "archetype",
    "archetype_override",
    "archetype_reasons",
    "activity_status",
    "activity_started_on",
    "activity_closed_on",
    "verified_at",
    "updated_at",
    "version",
    "source",
    "status",
)


class Place(NamedTuple):
    code: str
    name: str


class WorkshopRow(SimpleNamespace):
    """A workshop of a page read as a row (`listed_rows`): what its representation reads, and no
    model instance — building one for the 66 fields of a workshop, 20 to 200 times a page, costs
    more than the row itself."""

    def __init__(self, row: dict):
        code, name = row["commune_id"], row.pop("commune_name")
        super().__init__(
            **row,
            pk=row["id"],
            commune=Place(code, name) if code is not None else None,
            effective_archetype=effective_archetype(row["archetype_override"], row["archetype"]),
        )


def listed_rows(queryset):
    """A collection's workshops as a page of the API reads them: ROW_COLUMNS (and the distance,
    when searching around a point) as plain rows; `as_workshops` makes the page's rows readable
    by WorkshopSerializer. The commune's name is read for the page's rows only (a subquery, not a
    join: the count leaves it out and stays an index-only scan, the nearby walk keeps its order);
    regions and departments are named from what each process keeps. bench.plans explains this
    query."""
    distance = ("distance_km",) if "distance_km" in queryset.query.annotations else ()
    commune_name = Subquery(Commune.objects.filter(code=OuterRef("commune_id")).order_by().values("name"))
    return queryset.values(*ROW_COLUMNS, *distance, commune_name=commune_name)


@cache
def _published_rows():
    return listed_rows(Workshop.objects.published())


def published_rows():
    """The published workshops as `listed_rows` reads them, for a collection's filters to narrow
    (Django filters, orders and annotates a values() queryset as any other: a search around a
    point adds its `distance_km` to the rows). The 40 columns are named once per process, not
    once per request (~0.4 ms a page: `values()` resolves every name); each call is a clone."""
    return _published_rows().all()


# A published workshop's row, by its slug (the API's public read of a workshop): `listed_rows`,
# compiled once per connection.
published_workshop_rows = CompiledRows(
    Workshop, lambda slug: listed_rows(Workshop.objects.published().filter(slug=slug))
)


def as_workshops(rows) -> list[WorkshopRow]:
    return [WorkshopRow(row) for row in rows]


class WorkshopSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    commune = serializers.SerializerMethodField()
    department = serializers.SerializerMethodField()
    region = serializers.SerializerMethodField()
    opening_hours = serializers.SerializerMethodField()
    open_now = serializers.SerializerMethodField()
    archetype = serializers.SerializerMethodField()
    equipment = serializers.SerializerMethodField()
    services = serializers.ListField(child=serializers.ChoiceField(choices=Service.choices))
    audiences = serializers.ListField(child=serializers.ChoiceField(choices=Audience.choices))
    labels = serializers.ListField(child=serializers.ChoiceField(choices=Label.choices))
    distance_km = serializers.SerializerMethodField()
    provenance = serializers.SerializerMethodField()

    class Meta:
        model = Workshop
        fields = [
            "slug",
            "name",
            "url",
            "summary",
            "description",
            "street",
            "address_extra",
            "postal_code",
            "commune",
            "department",
            "region",
            "latitude",
            "longitude",
            "location_precision",
            "website",
            "email",
            "phone",
            "carrier_type",
            "access",
            "pricing",
            "wheelchair",
            "acceslibre_url",
            "opening_hours",
            "open_now",
            "services",
            "audiences",
            "labels",
            "surface_m2",
            "archetype",
            "activity_status",
            "activity_started_on",
            "activity_closed_on",
            "equipment",
            "verified_at",
            "provenance",
            "updated_at",
            "version",
            "distance_km",
        ]

    @extend_schema_field(ProvenanceSerializer)
    def get_provenance(self, workshop):
        return provenance(workshop)

    def to_representation(self, workshop):
        """DRF's field walk, written out: the same JSON (tests/api/test_workshops.py compares
        them), about three times cheaper for a page of the list, where the walk visits 33
        fields of every workshop through generic field objects."""
        return {
            "slug": workshop.slug,
            "name": workshop.name,
            "url": self.get_url(workshop),
            "summary": workshop.summary,
            "description": workshop.description,
            "street": workshop.street,
            "address_extra": workshop.address_extra,
            "postal_code": workshop.postal_code,
            "commune": self._place(workshop.commune),
            "department": _division(Department, workshop.department_id),
            "region": _division(Region, workshop.region_id),
            "latitude": workshop.latitude,
            "longitude": workshop.longitude,
            "location_precision": workshop.location_precision,
            "website": workshop.website,
            "email": workshop.email,
            "phone": workshop.phone,
            "carrier_type": workshop.carrier_type,
            "access": workshop.access,
            "pricing": workshop.pricing,
            "wheelchair": workshop.wheelchair,
            "acceslibre_url": workshop.acceslibre_url,
            "opening_hours": self.get_opening_hours(workshop),
            "open_now": self.get_open_now(workshop),
            "services": list(workshop.services),
            "audiences": list(workshop.audiences),
            "labels": list(workshop.labels),
            "surface_m2": workshop.surface_m2,
            "archetype": _archetype(workshop, self._language),
            "activity_status": workshop.activity_status,
            "activity_started_on": _date(workshop.activity_started_on),
            "activity_closed_on": _date(workshop.activity_closed_on),
            "equipment": self.get_equipment(workshop),
            "verified_at": _datetime(workshop.verified_at),
            "provenance": provenance(workshop),
            "updated_at": _datetime(workshop.updated_at),
            "version": workshop.version,
            "distance_km": self.get_distance_km(workshop),
        }

    def get_url(self, workshop) -> str:
        if not SLUG.fullmatch(workshop.slug):
            return self._absolute(reverse("workshops:detail", args=[workshop.slug]))
        before, after = self._url_around_slug
        return f"{before}{workshop.slug}{after}"

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    @cached_property
    def _url_around_slug(self) -> tuple[str, str]:
        """A workshop's URL before and after its slug, resolved once for a page rather than per
        workshop (`reverse` asks the URL resolver and the current language every time)."""
        return tuple(self._absolute(reverse("workshops:detail", args=[URL_SLUG_MARK])).rsplit(URL_SLUG_MARK, 1))

    @cached_property
    def _language(self) -> str:
        return content_language()

    @staticmethod
    def _place(place) -> dict | None:
        return {"code": place.code, "name": place.name} if place is not None else None

    @extend_schema_field(PlaceSerializer(allow_null=True))
    def get_commune(self, workshop):
        return self._place(workshop.commune)

    @extend_schema_field(PlaceSerializer(allow_null=True))
    def get_department(self, workshop):
        return _division(Department, workshop.department_id)

    @extend_schema_field(PlaceSerializer(allow_null=True))
    def get_region(self, workshop):
        return _division(Region, workshop.region_id)

    @extend_schema_field(OpeningHoursSerializer)
    def get_opening_hours(self, workshop):
        memo = self.context.setdefault("weekly_memo", {})
        return {"osm": workshop.opening_hours, "weekly": _weekly(workshop.opening_hours, memo)}

    @extend_schema_field(serializers.BooleanField(allow_null=True, help_text="Null when the hours are unknown."))
    def get_open_now(self, workshop):
        # Evaluated once per process and minute for the whole directory (querysets.open_states).
        return is_open_now(Workshop, workshop.opening_hours, workshop.region_id)

    @extend_schema_field(ArchetypeSummarySerializer(allow_null=True))
    def get_archetype(self, workshop):
        return _archetype(workshop)

    @extend_schema_field(EquipmentSerializer(many=True, read_only=True))
    def get_equipment(self, workshop):
        if not hasattr(workshop, "machine_rows"):  # not read with its page (views attach them)
            attach_machines([workshop])
        types = self.context.setdefault("machine_types", {})
        return [machine_representation(row, types) for row in workshop.machine_rows]

    @extend_schema_field(
        serializers.FloatField(allow_null=True, help_text="Only when searching around lat/lon or a commune; else null.")
    )
    def get_distance_km(self, workshop):
        distance = getattr(workshop, "distance_km", None)
        return round(distance, 2) if distance is not None else None


class WorkshopUpdateSerializer(serializers.ModelSerializer):
    """The public profile fields a manager may change, with the version they started from; the
    instance is the workshop as stored, which the changes apply to."""

    version = serializers.IntegerField(
        min_value=1, help_text="The version you read; a stale one gets 409 and nothing is written."
    )
    commune = serializers.SlugRelatedField(
        slug_field="code", queryset=Commune.objects.all(), allow_null=True, required=False, help_text="INSEE code."
    )
    carrier_type = serializers.ChoiceField(choices=CarrierType.choices, allow_blank=True, required=False)
    access = serializers.ChoiceField(choices=Access.choices, allow_blank=True, required=False)
    pricing = serializers.ChoiceField(choices=Pricing.choices, allow_blank=True, required=False)
    wheelchair = serializers.ChoiceField(
        choices=Wheelchair.choices, allow_blank=True, required=False, help_text="OpenStreetMap's wheelchair values."
    )
    services = serializers.ListField(child=serializers.ChoiceField(choices=Service.choices), required=False)
    audiences = serializers.ListField(child=serializers.ChoiceField(choices=Audience.choices), required=False)
    labels = serializers.ListField(child=serializers.ChoiceField(choices=Label.choices), required=False)

    class Meta:
        model = Workshop
        fields = [
            "version",
            "name",
            "summary",
            "description",
            "street",
            "address_extra",
            "postal_code",
            "commune",
            "latitude",
            "longitude",
            "website",
            "email",
            "phone",
            "carrier_type",
            "access",
            "pricing",
            "wheelchair",
            "acceslibre_url",
            "opening_hours",
            "services",
            "audiences",
            "labels",
            "surface_m2",
            "activity_status",
        ]
        # Model validators (opening hours syntax, coordinates, postal code ↔ commune) run in
        # save_profile's full_clean, so that forms and the API refuse the same things.
        extra_kwargs = {"version": {"required": True}}

    def validate_opening_hours(self, value):
        if problems := hours.slot_problems(value):
            raise serializers.ValidationError(problems)
        return value

    def validate(self, attrs):
        if ("latitude" in attrs) != ("longitude" in attrs):
            missing = "longitude" if "latitude" in attrs else "latitude"
            raise serializers.ValidationError({missing: _("Give latitude and longitude together.")})
        self._check_pin_near_commune(attrs)
        return attrs

    def _check_pin_near_commune(self, attrs):
        """The address form's rule, on the workshop as the change leaves it: a new pin against its
        commune, a new commune against its pin, or both new. Said on the position when it was sent,
        else on the commune."""
        sent = [name for name in ("latitude", "longitude", "commune") if name in attrs]
        if not sent:
            return
        commune, latitude, longitude = (
            attrs[name] if name in attrs else getattr(self.instance, name)
            for name in ("commune", "latitude", "longitude")
        )
        try:
            validators.validate_pin_near_commune(commune, latitude, longitude)
        except DjangoValidationError as error:
            fields = [name for name in sent if name != "commune"] or sent
            raise serializers.ValidationError(dict.fromkeys(fields, error.messages)) from None


class PhotoSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The photo, at most 1,600 pixels on its longer side (JPEG).")
    thumbnail_url = serializers.SerializerMethodField(help_text="The same, at most 480 pixels (JPEG).")
    alt_text = serializers.CharField(help_text="What the photo shows, for people who cannot see it.")
    credit = serializers.CharField(help_text="Its author and licence, to show with it; photos are not open data.")

    class Meta:
        model = Photo
        fields = ["url", "thumbnail_url", "width", "height", "alt_text", "credit"]

    def get_url(self, photo) -> str:
        return self.context["request"].build_absolute_uri(photo.image.url)

    def get_thumbnail_url(self, photo) -> str:
        return self.context["request"].build_absolute_uri(photo.thumbnail.url)


class EquipmentTypeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="label")
    category_name = serializers.CharField(source="get_category_display")

    class Meta:
        model = EquipmentType
        fields = ["slug", "name", "category", "category_name", "fablabs_capability", "wikidata_id", "wikipedia_url"]


class ArchetypeSerializer(serializers.Serializer):
    number = serializers.ChoiceField(choices=Archetype.choices)
    name = serializers.CharField()
    definition = serializers.CharField()
    workshop_count = serializers.IntegerField(help_text="Published workshops of this archetype.")

    @staticmethod
    def build(number: int, count: int) -> dict:
        definition = DEFINITIONS.get(number)
        return {
            "number": number,
            "name": str(Archetype(number).label),
            "definition": definition.definition(content_language()) if definition else "",
            "workshop_count": count,
        }


class RegionSerializer(serializers.ModelSerializer):
    workshop_count = serializers.IntegerField(read_only=True, help_text="Published workshops.")

    class Meta:
        model = Region
        fields = ["code", "name", "overseas", "workshop_count"]


class DepartmentSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region_id", help_text="INSEE code of the region.")
    workshop_count = serializers.IntegerField(read_only=True, help_text="Published workshops.")

    class Meta:
        model = Department
        fields = ["code", "name", "region", "workshop_count"]
