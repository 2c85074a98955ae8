"""Provisional criteria inferred from what open data does say, each with its reason.

The sources carry almost none of the study's five criteria, so nearly every imported workshop was
"not classified". Some facts are still there: a place typed as a fablab claims the Fab Charter and
its open-lab access; names and e-mail domains often name the carrier (an IUT, a lycée, a
médiathèque); coworking in a fablab makes a hybrid tiers-lieu. These become *provisional* values:
stored apart from the profile (`Workshop.provisional_profile`), read by the classifier only where
the managers said nothing, and shown as provisional. The census's commune size class says whether
the commune is rural, which the study's village square often is. Pure functions: a row in, {field: value and
reason} out.
"""

import re

from ..vocabularies import Access, Audience, CarrierType, Label, Pricing, Service
from .cleaning import name_key

# (carrier type, words of a name or an e-mail domain that say so, in French and English), first match wins.
CARRIER_CUES = (
    (CarrierType.HIGHER_EDUCATION, ("iut", "universite", "univ", "insa", "polytech", "cnam", "inria", "cnrs",
                                    "enseirb", "ensam", "ensci", "ensad", "ecole d ingenieurs", "ingenieurs",
                                    "utc", "utt", "utbm", "supelec", "telecom", "campus")),
    (CarrierType.SCHOOL, ("lycee", "college", "cfa", "greta", "afpa", "ecole")),
    (CarrierType.PUBLIC_DIGITAL_SPACE, ("mediatheque", "bibliotheque", "epn", "cyberbase", "cyber base",
                                        "espace public numerique", "ludotheque")),
    (CarrierType.LOCAL_AUTHORITY, ("mairie", "agglomeration", "agglo", "metropole", "communaute de communes",
                                   "conseil departemental", "departement", "ville de")),
    (CarrierType.ASSOCIATION, ("mjc", "maison des jeunes", "maison pour tous", "centre social", "foyer rural",
                               "association", "asso", "petits debrouillards")),
    (CarrierType.OTHER, ("cci", "chambre de commerce", "chambre de metiers", "cma")),
)  # fmt: skip
# Who carries the place, in the reason's two languages (each stored as it is read, never the
# label in the importer's own language).
CARRIER_REASONS = {
    CarrierType.HIGHER_EDUCATION: ("l’enseignement supérieur ou la recherche", "higher education or research"),
    CarrierType.SCHOOL: ("un établissement scolaire ou un organisme de formation", "a school or a training body"),
    CarrierType.PUBLIC_DIGITAL_SPACE: (
        "un espace public numérique ou une médiathèque",
        "a public digital space or a library",
    ),
    CarrierType.LOCAL_AUTHORITY: ("une collectivité", "a local authority"),
    CarrierType.ASSOCIATION: ("une association", "an association"),
    CarrierType.OTHER: ("une chambre consulaire", "a chamber of commerce or trades"),
}
COWORKING_WORDS = ("coworking", "co working", "tiers lieu", "tiers lieux")
# Census commune size classes of fewer than 5,000 inhabitants: a rural place.
RURAL_CLASSES = {"0-5000"}


def _phrase_in(phrases, text: str) -> str:
    padded = f" {text} "
    return next((phrase for phrase in phrases if f" {phrase} " in padded), "")


def _domain_words(email: str) -> str:
    domain = email.rsplit("@", 1)[1] if "@" in (email or "") else ""
    return " ".join(re.split(r"[^a-z0-9]+", domain.lower()))


def carrier(name: str, email: str = "") -> tuple[str, str] | None:
    """(carrier type, the word that says so) from a name or an e-mail domain, or None."""
    domain = _domain_words(email)
    if domain.startswith("ac "):  # ac-rennes.fr…: a school of the Éducation nationale
        return CarrierType.SCHOOL, "ac-"
    for text in (name_key(name), domain):
        for kind, words in CARRIER_CUES:
            found = _phrase_in(words, text)
            if found:
                return kind, found
    return None


def _value(value, fr: str, en: str) -> dict:
    return {"value": value, "fr": fr, "en": en}


def infer(
    name: str, email: str = "", *, fablab: bool = False, charter: bool = False, rural: bool = False, commune: str = ""
) -> dict:
    """The provisional criteria a source's facts support, with their reasons (French and English)."""
    inferred = {}
    found = carrier(name, email)
    if found:
        kind, word = found
        carrier_fr, carrier_en = CARRIER_REASONS[kind]
        inferred["carrier_type"] = _value(
            kind,
            f"« {word} » dans le nom ou l’adresse e-mail : portée par {carrier_fr}",
            f"“{word}” in the name or e-mail address: carried by {carrier_en}",
        )
    if fablab or charter:
        why_fr = "membre de fablabs.io (charte des Fab Labs)" if charter else "typé « fablab » par le recensement"
        why_en = "listed on fablabs.io (Fab Lab charter)" if charter else "typed “fablab” by the census"
        # A named carrier (an IUT, a lycée, an EPN) says more than the census's "fablab" type: the
        # charter is then claimed only where fablabs.io lists the lab, so the carrier decides.
        if charter or not found:
            inferred["labels"] = _value(
                [Label.FAB_CHARTER], f"{why_fr} : se réclame de la charte", f"{why_en}: claims the charter"
            )
        services = [Service.OPEN_LAB]
        if _phrase_in(COWORKING_WORDS, name_key(name)):
            services.append(Service.COWORKING)
        if found and found[0] == CarrierType.SCHOOL:
            services += [Service.TRAINING, Service.SCHOOL_PROGRAMS]
        inferred["services"] = _value(services, f"{why_fr} : sessions d’open lab", f"{why_en}: open lab sessions")
        inferred["access"] = _value(
            Access.OPEN, f"{why_fr} : un fablab est ouvert au public", f"{why_en}: a fab lab is open to the public"
        )
    if found and found[0] == CarrierType.HIGHER_EDUCATION:
        inferred["audiences"] = _value(
            [Audience.STUDENTS],
            "porté par l’enseignement supérieur : accueille des étudiants",
            "carried by higher education: serves students",
        )
    if found and found[0] == CarrierType.PUBLIC_DIGITAL_SPACE:
        inferred["pricing"] = _value(
            Pricing.FREE, "espace public numérique ou médiathèque : accès gratuit", "public digital space: free access"
        )
    if rural:
        # The size class is the commune's where the source placed it: it says nothing of another one.
        inferred["rural"] = {
            **_value(True, "commune de moins de 5 000 habitants", "a commune of fewer than 5,000 people"),
            "commune": commune,
        }
    return inferred


def infer_census(row: dict, fields: dict) -> dict:
    """Provisional criteria of a CGET census row (its TYPO, name, e-mail and commune size class)."""
    typo = name_key(row.get("TYPO") or "")
    return infer(
        fields.get("name", ""),
        fields.get("email", ""),
        fablab="fablab" in typo.split(),
        rural=(row.get("COMCLASS") or "").strip() in RURAL_CLASSES,
        commune=fields.get("commune", ""),
    )
