"""Workshops (ateliers de fabrication numérique), their equipment and who manages them."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, Lower
from django.db.models.lookups import LessThanOrEqual
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from afn_directory.i18n import in_language
from afn_directory.input_guard import validate_no_bidi_controls
from territories.process_copy import ProcessCopy

from . import photos, validators
from .querysets import WorkshopQuerySet, effective_archetype, effective_archetype_provisional, provisional_access
from .vocabularies import (
    LIST_VOCABULARIES,
    Access,
    ActivityStatus,
    Archetype,
    CarrierType,
    EquipmentCategory,
    EquipmentLevel,
    Governance,
    InitiativeOrigin,
    LocationPrecision,
    LocationSource,
    Pricing,
    Purpose,
    Status,
    Wheelchair,
)

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]
# What a workshop's figures can plausibly be, as the managers' questionnaire bounds them
# (surveys/questionnaires/manager.toml; tests/test_manage.py holds the two together): the profile
# form, the API and imports refuse "99 999 999 999 m²" rather than show it on the public page.
PLAUSIBLE_MAX = {
    "surface_m2": 100_000,
    "staff_fte": 500,
    "volunteers": 10_000,
    "members": 100_000,
    "yearly_users": 1_000_000,
    "yearly_budget_eur": 100_000_000,
}
REVENUE_FIELDS = ("revenue_public_pct", "revenue_own_pct", "revenue_private_pct")
# Size and economics of a workshop, as its managers state them (profile form, questionnaire, admin).
ECONOMICS_FIELDS = (
    "surface_m2",
    "staff_fte",
    "volunteers",
    "members",
    "yearly_users",
    "yearly_budget_eur",
    *REVENUE_FIELDS,
)


# How long a process trusts the machine types it keeps (`EquipmentTypeManager.by_slug`): a slug
# it does not know is looked up at once; a save or a delete in this process forgets them.
TYPES_SECONDS = 600


class EquipmentTypeManager(models.Manager):
    """The taxonomy, a few dozen rows that an administrator's edit changes: each process keeps the
    types by slug, so that a search for a machine checks the slugs it is given without a query. A
    slug it does not know sends it to the database again: a type just added is found at once."""

    @cached_property
    def _types(self) -> ProcessCopy:
        return ProcessCopy(lambda: {kind.slug: kind for kind in self.all()}, TYPES_SECONDS)

    def by_slug(self, slugs) -> dict:
        """{slug: type} of those of `slugs` that exist."""
        return self._types.rows(slugs)

    def every(self) -> list:
        """The whole taxonomy, from the process's copy."""
        return list(self._types.whole().values())

    def forget(self) -> None:
        self._types.forget()


class EquipmentType(models.Model):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=EquipmentCategory.choices, db_index=True)
    fablabs_capability = models.CharField(
        _("fablabs.io capability"),
        max_length=40,
        blank=True,
        help_text=_("The matching capability code of fablabs.io, if there is one."),
    )
    wikidata_id = models.CharField(
        _("Wikidata item"),
        max_length=20,
        blank=True,
        validators=[validators.validate_wikidata_id],
        help_text=_("The Wikidata item of this kind of machine or process, e.g. Q229367."),
    )
    wikipedia_url = models.URLField(
        _("Wikipedia article"),
        max_length=200,
        blank=True,
        help_text=_("The English Wikipedia article Open Know-Where names the equipment by."),
    )

    objects = EquipmentTypeManager()

    class Meta:
        ordering = ["category", "name"]
        verbose_name = _("equipment type")
        verbose_name_plural = _("equipment types")

    def __str__(self):
        return self.label  # in the page's language: a machine's card, the history, the admin

    @property
    def label(self):
        return in_language(self.name, self.name_en)


@receiver([post_save, post_delete], sender=EquipmentType, dispatch_uid="equipment-types-kept")
def _forget_kept_types(**kwargs):
    EquipmentType.objects.forget()


class Workshop(models.Model):
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=200, validators=[validate_no_bidi_controls])
    summary = models.CharField(_("summary"), max_length=280, blank=True, validators=[MaxLengthValidator(280)])
    description = models.TextField(_("description"), blank=True)

    street = models.CharField(_("street address"), max_length=200, blank=True)
    address_extra = models.CharField(_("address complement"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    commune = models.ForeignKey(
        "territories.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workshops",
        verbose_name=_("commune"),
    )
    # Derived from the commune, stored for fast filtering.
    department = models.ForeignKey(
        "territories.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="workshops",
        verbose_name=_("department"),
    )
    region = models.ForeignKey(
        "territories.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="workshops",
        verbose_name=_("region"),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    location_source = models.CharField(_("location source"), max_length=10, choices=LocationSource.choices, blank=True)
    location_precision = models.CharField(
        _("location precision"), max_length=10, choices=LocationPrecision.choices, blank=True
    )

    website = models.URLField(_("website"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[validators.validate_phone])
    # Contacts that came from open data and look personal (a person's e-mail, a mobile number):
    # kept for staff and managers, never shown or exported until a manager publishes them.
    private_email = models.EmailField(_("e-mail from an import (not public)"), blank=True)
    private_phone = models.CharField(_("phone from an import (not public)"), max_length=30, blank=True)
    # Other addresses of the workshop on the web: [{"url": …, "kind": "social" | "code" | "website"}].
    links = models.JSONField(_("other links"), default=list, blank=True)
    siret = models.CharField(
        _("SIRET or SIREN"), max_length=20, blank=True, validators=[validators.validate_siret_or_siren]
    )
    rna = models.CharField(_("RNA number"), max_length=10, blank=True, validators=[validators.validate_rna])

    carrier_type = models.CharField(_("carrier type"), max_length=30, choices=CarrierType.choices, blank=True)
    initiative_origin = models.CharField(
        _("origin of the initiative"), max_length=20, choices=InitiativeOrigin.choices, blank=True
    )
    governance = models.CharField(_("governance"), max_length=20, choices=Governance.choices, blank=True)
    purpose = models.CharField(_("main purpose"), max_length=20, choices=Purpose.choices, blank=True)
    declared_equipment_level = models.CharField(
        _("declared equipment level"), max_length=20, choices=EquipmentLevel.choices, blank=True
    )
    access = models.CharField(_("access"), max_length=20, choices=Access.choices, blank=True)
    pricing = models.CharField(_("pricing"), max_length=20, choices=Pricing.choices, blank=True)
    wheelchair = models.CharField(
        _("wheelchair access"),
        max_length=10,
        choices=Wheelchair.choices,
        blank=True,
        help_text=_("As OpenStreetMap says it: yes (step-free everywhere), limited (partly) or no."),
    )
    acceslibre_url = models.URLField(
        _("Acceslibre page"),
        max_length=300,
        blank=True,
        validators=[validators.validate_acceslibre_url],
        help_text=_("The place's page on acceslibre.beta.gouv.fr, which details its accessibility."),
    )
    opening_hours = models.CharField(
        _("opening hours"),
        max_length=255,
        blank=True,
        validators=[validators.validate_opening_hours],
        help_text=_("OpenStreetMap opening_hours syntax, e.g. “Tu-Fr 14:00-19:00; Sa 10:00-18:00; PH off”."),
    )
    services = models.JSONField(_("services"), default=list, blank=True)
    audiences = models.JSONField(_("audiences"), default=list, blank=True)
    labels = models.JSONField(_("labels"), default=list, blank=True)

    surface_m2 = models.PositiveIntegerField(
        _("surface (m²)"), null=True, blank=True, validators=[MaxValueValidator(PLAUSIBLE_MAX["surface_m2"])]
    )
    staff_fte = models.DecimalField(
        _("staff (full-time equivalent)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(PLAUSIBLE_MAX["staff_fte"])],
    )
    volunteers = models.PositiveIntegerField(
        _("volunteers"), null=True, blank=True, validators=[MaxValueValidator(PLAUSIBLE_MAX["volunteers"])]
    )
    members = models.PositiveIntegerField(
        _("members"), null=True, blank=True, validators=[MaxValueValidator(PLAUSIBLE_MAX["members"])]
    )
    yearly_users = models.PositiveIntegerField(
        _("users per year"), null=True, blank=True, validators=[MaxValueValidator(PLAUSIBLE_MAX["yearly_users"])]
    )
    yearly_budget_eur = models.PositiveBigIntegerField(
        _("yearly budget (€)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(PLAUSIBLE_MAX["yearly_budget_eur"])],
    )
    revenue_public_pct = models.PositiveSmallIntegerField(
        _("public funding (% of revenue)"), null=True, blank=True, validators=PERCENT
    )
    revenue_own_pct = models.PositiveSmallIntegerField(
        _("own revenue (% of revenue)"), null=True, blank=True, validators=PERCENT
    )
    revenue_private_pct = models.PositiveSmallIntegerField(
        _("private funding (% of revenue)"), null=True, blank=True, validators=PERCENT
    )
    funders = models.JSONField(_("funders"), default=list, blank=True)

    archetype = models.PositiveSmallIntegerField(
        _("archetype"), choices=Archetype.choices, null=True, blank=True, db_index=True
    )
    archetype_scores = models.JSONField(_("archetype scores"), default=dict, blank=True)
    archetype_reasons = models.JSONField(_("archetype reasons"), default=list, blank=True)
    archetype_rules_version = models.CharField(_("archetype rules version"), max_length=20, blank=True)
    # The classifier's archetype rests on criteria inferred from open data (its reasons say which),
    # kept as a column so that the map layer, the officials' counts and the exports read it without
    # the reasons (workshops.classification.stored_values).
    archetype_provisional = models.BooleanField(_("provisional archetype"), default=False, editable=False)
    # The categories of its machines, kept in step with the equipment (workshops.classification):
    # the map layer reads them without aggregating every machine of the directory.
    equipment_categories = models.JSONField(_("equipment categories"), default=list, blank=True, editable=False)
    # The ids of its machines' types, kept in step the same way: on PostgreSQL the search by
    # machine reads them from the territory and nearby indexes (INCLUDE) instead of probing the
    # machines of every candidate workshop (a region's count at 100,000: 25 → 4 ms).
    equipment_types = models.JSONField(_("equipment types"), default=list, blank=True, editable=False)
    # What the text search looks words in, folded (workshops.search.text_of), kept in step the same way.
    search_text = models.TextField(_("search text"), default="", blank=True, editable=False)
    # The name as French alphabetical order reads it (folded: "École" among the E, "zBis" among the
    # Z, whatever the database's collation), kept in step the same way: lists are ordered by it.
    sort_name = models.CharField(_("sort name"), max_length=200, default="", blank=True, editable=False)
    archetype_override = models.PositiveSmallIntegerField(
        _("archetype set by staff"), choices=Archetype.choices, null=True, blank=True
    )
    archetype_override_reason = models.TextField(_("reason for the override"), blank=True)
    archetype_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("override by"),
    )

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    activity_status = models.CharField(
        _("activity"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.ACTIVE
    )
    activity_started_on = models.DateField(_("opened on"), null=True, blank=True)
    activity_closed_on = models.DateField(_("closed on"), null=True, blank=True)
    verified_at = models.DateTimeField(_("profile confirmed on"), null=True, blank=True)
    # Criteria inferred from open data (workshops.importers.inference), read by the classifier only
    # where the managers said nothing: {field: {"value": …, "source": …, "fr": …, "en": …}}.
    provisional_profile = models.JSONField(_("provisional criteria"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    source = models.CharField(_("source"), max_length=30, blank=True)
    source_id = models.CharField(_("identifier in the source"), max_length=100, blank=True)

    history = HistoricalRecords(
        excluded_fields=[
            "updated_at",
            "archetype_scores",
            "archetype_reasons",
            "equipment_categories",
            "equipment_types",
            "search_text",
            "sort_name",
        ]
    )

    objects = WorkshopQuerySet.as_manager()

    class Meta:
        ordering = ["sort_name", "id"]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        indexes = [
            models.Index(fields=["latitude", "longitude"], name="workshop_lat_lon"),
            # A territory's count, filtered by opening hours ("open now") and machine, is read from
            # these alone on PostgreSQL (an index-only scan; SQLite has no INCLUDE).
            models.Index(
                fields=["status", "region"],
                include=["opening_hours", "equipment_types"],
                name="workshop_status_region",
            ),
            models.Index(
                fields=["status", "department"],
                include=["opening_hours", "equipment_types"],
                name="workshop_status_department",
            ),
            # Lists of a territory come in name order: walking these stops after one page
            # instead of sorting every workshop of the region (30 → 4 ms at 100,000).
            models.Index(fields=["region", "sort_name"], name="workshop_region_name"),
            models.Index(fields=["department", "sort_name"], name="workshop_department_name"),
            # "Open now" reads the directory's distinct (hours, region) pairs: an index-only scan
            # instead of the whole table (70 → 9 ms at 100,000 on PostgreSQL).
            models.Index(fields=["opening_hours", "region"], name="workshop_hours_region"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="workshop_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="workshop_longitude_range",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="workshop_coordinates_pair",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lte": 100}),
                    name=f"workshop_{field}_max_100",
                )
                for field in REVENUE_FIELDS
            ],
            models.CheckConstraint(
                condition=LessThanOrEqual(sum(Coalesce(models.F(f), 0) for f in REVENUE_FIELDS), 100),
                name="workshop_revenue_shares_sum",
            ),
            models.CheckConstraint(
                condition=Q(staff_fte__isnull=True) | Q(staff_fte__gte=0), name="workshop_staff_fte_non_negative"
            ),
            models.UniqueConstraint(
                fields=["source", "source_id"], condition=~Q(source=""), name="workshop_unique_source_id"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # department and region are a stored copy of the commune's, for fast filtering.
        self.set_commune(self.commune if self.commune_id else None)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "commune" in update_fields:
            kwargs["update_fields"] = {*update_fields, "department", "region"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("workshops:detail", args=[self.slug])

    @property
    def effective_archetype(self):
        return effective_archetype(self.archetype_override, self.archetype)

    @property
    def effective_archetype_provisional(self) -> bool:
        """The archetype shown is inferred from open data: the classifier's, resting on inferred
        criteria (staff's override is never provisional)."""
        return effective_archetype_provisional(self.archetype_provisional, self.archetype_override, self.archetype)

    @property
    def effective_archetype_label(self):
        """The effective archetype's name, or "" when it is unknown."""
        number = self.effective_archetype
        return Archetype(number).label if number else ""

    @property
    def provisional_access(self):
        """The access inferred from open data while the managers have given none ("" otherwise)."""
        return provisional_access(self.access, ((self.provisional_profile or {}).get("access") or {}).get("value"))

    def get_provisional_access_display(self):
        code = self.provisional_access
        return Access(code).label if code in Access.values else ""

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED

    def set_commune(self, commune):
        """Point at a commune and keep the stored department and region in step."""
        self.commune = commune
        self.department_id = commune.department_id if commune else None
        self.region_id = commune.region_id if commune else None

    def clean(self):
        errors = {}
        if (
            self.postal_code
            and self.commune_id
            and not self.commune.postal_codes.filter(code=self.postal_code).exists()
        ):
            known = ", ".join(self.commune.postal_code_list) or gettext("none")
            errors["postal_code"] = ValidationError(
                gettext("The postal code %(code)s does not belong to %(commune)s (its postal codes: %(known)s)."),
                code="postal_code_mismatch",
                params={"code": self.postal_code, "commune": self.commune.name, "known": known},
            )
        try:
            validators.validate_coordinates(self.latitude, self.longitude)
        except ValidationError as exc:
            errors["latitude"] = exc
        for field, vocabulary in LIST_VOCABULARIES.items():
            try:
                validators.validate_choices(getattr(self, field), vocabulary, self._meta.get_field(field).verbose_name)
            except ValidationError as exc:
                errors[field] = exc
        shares = [getattr(self, f) for f in REVENUE_FIELDS]
        if sum(s or 0 for s in shares) > 100:
            errors["revenue_public_pct"] = ValidationError(
                gettext("The revenue shares add up to %(total)d%%; they cannot exceed 100%%."),
                code="revenue_sum",
                params={"total": sum(s or 0 for s in shares)},
            )
        if self.siret:
            self.siret = validators.normalize_siret(self.siret)
        if self.rna:
            self.rna = self.rna.strip().upper()
        if errors:
            raise ValidationError(errors)


class Equipment(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="equipment")
    type = models.ForeignKey(EquipmentType, on_delete=models.PROTECT, related_name="equipment", verbose_name=_("type"))
    brand = models.CharField(_("brand"), max_length=100, blank=True)
    model = models.CharField(_("model"), max_length=100, blank=True)
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1, validators=[MinValueValidator(1)])
    work_area = models.CharField(
        _("work area"), max_length=100, blank=True, help_text=_("e.g. 600 × 400 mm, or 250 × 210 × 220 mm")
    )
    power_w = models.PositiveIntegerField(_("power (W)"), null=True, blank=True)
    professional_grade = models.BooleanField(
        _("professional grade"),
        null=True,
        blank=True,
        help_text=_("An industrial or professional machine rather than a hobbyist one."),
    )
    requires_training = models.BooleanField(_("training required"), default=False)
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["type__category", "type__name", "id"]
        verbose_name = _("equipment")
        verbose_name_plural = _("equipment")
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1), name="equipment_quantity_positive")]
        # "Has a laser cutter" is an EXISTS on (workshop, type): without this index SQLite scans
        # every machine of that type for each workshop.
        indexes = [models.Index(fields=["workshop", "type"], name="equipment_workshop_type")]

    def __str__(self):
        return f"{self.type} ({self.make_and_model})" if self.make_and_model else str(self.type)

    @property
    def make_and_model(self) -> str:
        """The brand and the model, whichever are known ("Trotec Speedy 100", "Trotec"), with no stray space."""
        return " ".join(filter(None, [self.brand, self.model]))


class Photo(models.Model):
    """A photo of a workshop, as its managers uploaded it, drawn again (workshops/photos.py)."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), max_length=200)
    thumbnail = models.ImageField(_("thumbnail"), max_length=200)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    alt_text = models.CharField(
        _("what the photo shows"),
        max_length=250,
        validators=[validate_no_bidi_controls],
        help_text=_(
            "Read aloud to people who cannot see the photo: e.g. “Two members at the laser cutter, in the main room”."
        ),
    )
    credit = models.CharField(
        _("credit"),
        max_length=200,
        blank=True,
        validators=[validate_no_bidi_controls],
        help_text=_("Shown under the photo: the photographer, and the licence if there is one."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    # Who added, described, reordered or removed a photo, on the workshop's history; not its files,
    # which go with it.
    history = HistoricalRecords(excluded_fields=["image", "thumbnail", "width", "height", "added_by", "added_at"])

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.alt_text

    @property
    def thumbnail_width(self) -> int:
        """The thumbnail's width (it keeps the photo's proportions), for the page's srcset."""
        return max(1, round(self.width * min(1, photos.SMALL / max(self.width, self.height))))


@receiver(post_delete, sender=Photo, dispatch_uid="photo-files")
def _delete_photo_files(sender, instance, **kwargs):
    """A photo removed (or its workshop deleted) takes its files with it, once that is committed."""
    photos.delete_files(instance.image.name, instance.thumbnail.name)


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        EDITOR = "editor", _("Editor")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.EDITOR)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "workshop"], name="unique_membership")]

    def __str__(self):
        return f"{self.user} → {self.workshop} ({self.get_role_display()})"


class ClaimRequest(models.Model):
    class Decision(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        MORE_INFO = "more_info", _("More information requested")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="claims")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="claims")
    message = models.TextField(_("message"), blank=True)
    proof_email = models.EmailField(_("e-mail at the workshop's domain"), blank=True)
    email_domain_verified = models.BooleanField(_("e-mail domain verified"), default=False)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("claim request")
        verbose_name_plural = _("claim requests")

    def __str__(self):
        return f"{self.user} → {self.workshop}"


class WorkshopSource(models.Model):
    """One record of an open-data source that feeds a workshop, and what it said last time.

    A workshop seen in two sources has two of these. `imported_values` keeps the values the
    importer last took from this source, field by field: a re-import changes a field only while
    it still holds that value, so an edit by a manager or staff is never overwritten.
    """

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="sources")
    source = models.CharField(_("source"), max_length=30)
    source_id = models.CharField(_("identifier in the source"), max_length=100)
    imported_values = models.JSONField(_("values last imported"), default=dict, blank=True)
    matched_by = models.CharField(
        _("linked by"),
        max_length=10,
        blank=True,
        help_text=_(
            "How this record was recognised as an existing workshop: “siret”, “nearby”, “commune” or “merged”; "
            "empty if it created it."
        ),
    )
    source_date = models.DateField(_("date of the source"), null=True, blank=True)
    # Why this source's last row keeps the workshop pending, as codes and figures
    # (importers.holds), so that the moderators read it in their own language; empty when it does not.
    holds = models.JSONField(_("why the import held it"), default=list, blank=True)
    first_seen = models.DateTimeField(_("first imported"), auto_now_add=True)
    last_seen = models.DateTimeField(_("last imported"))

    class Meta:
        ordering = ["source", "source_id"]
        verbose_name = _("workshop source")
        verbose_name_plural = _("workshop sources")
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="workshop_source_unique_id"),
        ]

    def __str__(self):
        return f"{self.source} #{self.source_id}"


def new_invitation_token():
    return secrets.token_urlsafe(32)


class ManagerInvitation(models.Model):
    """A workshop's manager invites someone, by e-mail, to manage it with them."""

    VALID_DAYS = 14

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    role = models.CharField(
        _("role"), max_length=10, choices=[("owner", _("Owner")), ("editor", _("Editor"))], default="editor"
    )
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        db_table = "accounts_managerinvitation"  # created by the accounts app, kept when moved here
        ordering = ["-created_at"]
        constraints = [
            # One waiting invitation per workshop and address (manage.people._invite renews it):
            # one link, which one withdrawal ends.
            models.UniqueConstraint(
                "workshop",
                Lower("email"),
                condition=Q(accepted_at__isnull=True),
                name="one_waiting_invitation_per_address",
            )
        ]
        verbose_name = _("manager invitation")
        verbose_name_plural = _("manager invitations")

    def __str__(self):
        return f"{self.email} → {self.workshop}"

    @property
    def expired(self):
        return self.created_at < timezone.now() - timedelta(days=self.VALID_DAYS)


class ProfileReminder(models.Model):
    """A reminder sent to a workshop's managers to confirm a profile left unconfirmed.

    One per workshop and per confirmation date: running the reminder command again sends nothing
    new until the managers confirm (a new `confirmed_since`) and that ages in turn.
    """

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="reminders")
    confirmed_since = models.DateTimeField(_("profile unconfirmed since"))
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        db_table = "accounts_profilereminder"  # created by the accounts app, kept when moved here
        ordering = ["-sent_at"]
        verbose_name = _("profile reminder")
        verbose_name_plural = _("profile reminders")
        constraints = [
            models.UniqueConstraint(fields=["workshop", "confirmed_since"], name="one_reminder_per_confirmation")
        ]

    def __str__(self):
        return f"{self.workshop} ({self.sent_at:%Y-%m-%d})"


class PossibleDuplicate(models.Model):
    """Two workshops that may be one place, found by an import: staff merge them or keep them apart."""

    class State(models.TextChoices):
        OPEN = "open", _("To review")
        MERGED = "merged", _("Merged")
        KEPT_APART = "kept_apart", _("Kept apart")

    # A merge deletes one of the two: the pair stays, as a record of the decision.
    first = models.ForeignKey(
        Workshop, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("workshop")
    )
    second = models.ForeignKey(
        Workshop, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("other workshop")
    )
    distance_m = models.PositiveIntegerField(_("distance (m)"), null=True, blank=True)
    similarity = models.FloatField(_("name similarity"), default=0)
    reason = models.CharField(_("why"), max_length=300, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.OPEN, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("found at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        constraints = [models.UniqueConstraint(fields=["first", "second"], name="possible_duplicate_unique_pair")]

    def __str__(self):
        return f"{self.first_id} ~ {self.second_id}"


class MergedSlug(models.Model):
    """The address of a workshop merged into another: its old links lead to the one that was kept."""

    slug = models.SlugField(_("old slug"), max_length=120, unique=True)
    # A later merge of the kept workshop moves these rows too (moderation.merging moves every relation).
    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="merged_slugs", verbose_name=_("kept workshop")
    )
    merged_at = models.DateTimeField(_("merged at"), auto_now_add=True)

    class Meta:
        verbose_name = _("merged workshop's address")
        verbose_name_plural = _("merged workshops' addresses")

    def __str__(self):
        return f"{self.slug} → {self.workshop_id}"
