"""A workshop as a row of the national standard for *lieux de médiation numérique* (v1.0.2).

Schema: LaMednum/standard-mediation-num, Table Schema v1.0.2. Only what a workshop really says is
mapped; anything unknown stays empty rather than guessed. Two defects of v1.0.2 are avoided by
never emitting the affected values: the `formations_labels` pattern lacks the space in
"Étapes numériques (La Poste)" (no workshop label maps to it), and the `services` description
spells "Comprehension" where the pattern wants "Compréhension" (the pattern's spelling is used).
"""

import re
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import hours
from .vocabularies import Access, Archetype, CarrierType, Pricing

FIELDS = [
    "id",
    "pivot",
    "nom",
    "commune",
    "code_postal",
    "code_insee",
    "adresse",
    "complement_adresse",
    "latitude",
    "longitude",
    "typologie",
    "telephone",
    "courriels",
    "site_web",
    "horaires",
    "presentation_resume",
    "presentation_detail",
    "source",
    "itinerance",
    "structure_parente",
    "date_maj",
    "services",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "dispositif_programmes_nationaux",
    "formations_labels",
    "autres_formations_labels",
    "modalites_acces",
    "modalites_accompagnement",
    "fiche_acces_libre",
    "prise_rdv",
]
REQUIRED = ("id", "pivot", "nom", "commune", "code_postal", "adresse", "date_maj")
SOURCE = "Annuaire des ateliers de fabrication numérique"

SERVICES = {
    "open_lab": "Loisirs et créations numériques",
    "fabrication": "Loisirs et créations numériques",
    "prototyping": "Loisirs et créations numériques",
    "training": "Compréhension du monde numérique",
    "school_programs": "Compréhension du monde numérique",
    "digital_inclusion": "Maîtrise des outils numériques du quotidien",
}
AUDIENCES = {"children": "Jeunes", "students": "Étudiants", "seniors": "Seniors"}
PRICING = {
    Pricing.FREE: "Gratuit",
    Pricing.MEMBERSHIP: "Payant",
    Pricing.PAY_PER_USE: "Payant",
    Pricing.QUOTE: "Payant",
}
NATIONAL_PROGRAMMES = {"france_services": "France Services", "grande_ecole_numerique": "Grande école du numérique"}
TRAINING_LABELS = {"fabrique_de_territoire": "Fabriques de Territoire"}
OTHER_LABELS = {
    "manufacture_de_proximite": "Manufacture de proximité",
    "fab_charter": "Charte des Fab Labs (MIT)",
    "rfflabs": "Membre du RFFLabs",
    "numerique_inclusif": "Numérique inclusif",
}
SUPPORT = {"open_lab": "En autonomie", "training": "Dans un atelier collectif"}
TYPOLOGY_BY_CARRIER = {CarrierType.ASSOCIATION: "ASSO", CarrierType.PUBLIC_DIGITAL_SPACE: "EPN"}
# Calling codes the standard accepts, for the overseas regions whose numbers are not dialled with +33.
CALLING_CODES = {"01": "+590", "02": "+596", "03": "+594", "04": "+262", "06": "+262"}
PHONE_RE = re.compile(r"^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)(\d){6,9}$")
PIVOT_RE = re.compile(r"^[a-zA-Z0-9]{9,14}$")
POSTAL_CODE_RE = re.compile(r"^\d{5}$")
INSEE_RE = re.compile(r"^([013-9]\d|2[AB1-9])\d{3}$")

MISSING_LABELS = {
    "pivot": _("SIRET, SIREN or RNA number"),
    "commune": _("commune"),
    "code_postal": _("postal code (5 digits)"),
    "adresse": _("street address"),
    "nom": _("name"),
}


@dataclass(frozen=True)
class Coverage:
    """How much of a set of published workshops the national export holds."""

    held: int
    total: int

    @property
    def to_complete(self) -> int:
        return self.total - self.held


def complete():
    """The workshops that have every field the standard requires (the database's reading of `record`)."""
    pivot = Q(siret__regex=PIVOT_RE.pattern) | (Q(siret="") & Q(rna__regex=PIVOT_RE.pattern))
    return (
        pivot
        & Q(commune__isnull=False)
        & Q(postal_code__regex=POSTAL_CODE_RE.pattern)
        & Q(street__regex=r"\S")
        & ~Q(name="")
    )


def coverage(workshops) -> Coverage:
    """Of these workshops, how many the export holds (two counts, no row read)."""
    return Coverage(held=workshops.filter(complete()).count(), total=workshops.count())


def incomplete(workshops):
    """The workshops the export leaves out: for the list of profiles to complete."""
    return workshops.exclude(complete())


@dataclass(frozen=True)
class Problem:
    """A workshop left out of the national export, and the required fields it lacks."""

    slug: str
    name: str
    missing: tuple


def _join(values):
    return "|".join(dict.fromkeys(v for v in values if v))


def phone(number, region_code):
    """The number in the standard's international form, or "" when it cannot be made so."""
    digits = re.sub(r"[^\d+]", "", number or "")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if re.fullmatch(r"0\d{9}", digits):
        digits = CALLING_CODES.get(region_code or "", "+33") + digits[1:]
    return digits if PHONE_RE.match(digits) else ""


def _typology(workshop):
    codes = ["FABLAB", TYPOLOGY_BY_CARRIER.get(workshop.carrier_type)]
    if workshop.effective_archetype == Archetype.VILLAGE_SQUARE:
        codes.append("TIERS_LIEUX")
    return _join(codes)


def _access(workshop):
    if workshop.access == Access.INTERNAL:
        return "Ce lieu n'accueille pas de public"
    if workshop.access == Access.OPEN:
        return "Se présenter"
    if workshop.access == Access.ON_REQUEST:
        return _join(["Contacter par mail" if workshop.email else "", "Téléphoner" if workshop.phone else ""])
    return ""


def record(workshop):
    """(the row as a dict of strings, the required fields it lacks)."""
    services = workshop.services or []
    labels = workshop.labels or []
    pivot = workshop.siret or workshop.rna
    updated = workshop.verified_at or workshop.updated_at
    row = {
        "id": workshop.slug,
        "pivot": pivot if PIVOT_RE.match(pivot or "") else "",
        "nom": workshop.name,
        "commune": workshop.commune.name if workshop.commune_id else "",
        "code_postal": workshop.postal_code if POSTAL_CODE_RE.match(workshop.postal_code or "") else "",
        "code_insee": workshop.commune_id if INSEE_RE.match(workshop.commune_id or "") else "",
        "adresse": workshop.street.strip(),
        "complement_adresse": workshop.address_extra,
        "latitude": "" if workshop.latitude is None else f"{workshop.latitude:.6f}",
        "longitude": "" if workshop.longitude is None else f"{workshop.longitude:.6f}",
        "typologie": _typology(workshop),
        "telephone": phone(workshop.phone, workshop.region_id),
        "courriels": workshop.email,
        "site_web": workshop.website,
        "horaires": workshop.opening_hours if hours.parse(workshop.opening_hours) else "",
        "presentation_resume": workshop.summary[:280],
        "presentation_detail": workshop.description,
        "source": SOURCE,
        "date_maj": timezone.localdate(updated).isoformat() if updated else "",
        "services": _join(SERVICES.get(s) for s in services),
        "publics_specifiquement_adresses": _join(AUDIENCES.get(a) for a in workshop.audiences or []),
        "frais_a_charge": PRICING.get(workshop.pricing, ""),
        "dispositif_programmes_nationaux": _join(NATIONAL_PROGRAMMES.get(label) for label in labels),
        "formations_labels": _join(TRAINING_LABELS.get(label) for label in labels),
        "autres_formations_labels": _join(OTHER_LABELS.get(label) for label in labels),
        "modalites_acces": _access(workshop),
        "modalites_accompagnement": _join(SUPPORT.get(s) for s in services),
        "fiche_acces_libre": workshop.acceslibre_url,
    }
    missing = tuple(MISSING_LABELS.get(name, name) for name in REQUIRED if not row.get(name))
    return row, missing
