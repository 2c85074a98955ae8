"""The six archetypes of the DGE/ANCT study and the pure classifier that assigns them.

Source: *La dynamique des ateliers de fabrication numérique en France* (DGE/ANCT, 2020,
Ocalia – Terre d'Avance). No ORM here: `classification.py` builds the plain profile.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Definition:
    number: int
    name_fr: str
    name_en: str
    definition_fr: str
    definition_en: str

    def name(self, language: str) -> str:
        return self.name_en if (language or "").startswith("en") else self.name_fr

    def definition(self, language: str) -> str:
        return self.definition_en if (language or "").startswith("en") else self.definition_fr


DEFINITIONS: dict[int, Definition] = {
    1: Definition(
        1,
        "Nouveaux espaces de médiation numérique",
        "New digital mediation spaces",
        "Des espaces publics numériques (EPN, médiathèques, tiers-lieux d’inclusion) qui ont ajouté des "
        "imprimantes 3D ou des découpeuses à leur offre : services de base aux particuliers, gratuits ou "
        "peu chers, pour le grand public.",
        "Public digital-inclusion spaces (public digital spaces, libraries) that added 3D printers or "
        "cutters to what they offer: basic services to individuals, free or cheap, for the general public.",
    ),
    2: Definition(
        2,
        "Place de village 4.0",
        "Village square 4.0",
        "Un atelier de fabrication au sein d’un tiers-lieu hybride qui mêle activités et publics (coworking, "
        "café, réparation, culture), souvent en milieu rural, à gouvernance associative, au service de "
        "l’attractivité du territoire.",
        "A fabrication workshop inside a hybrid third place mixing activities and audiences (coworking, café, "
        "repair, culture), often rural, with associative governance, serving the attractiveness of its "
        "territory.",
    ),
    3: Definition(
        3,
        "Fablabs génériques",
        "Generic fablabs",
        "Le fablab de la communauté des makers : adhésion, apprentissage entre pairs, partage des "
        "savoir-faire, ouvert à tous, le plus souvent associatif.",
        "The maker-community fablab: membership, peer learning, skill sharing, open to all, most often run "
        "by an association.",
    ),
    4: Definition(
        4,
        "Laboratoires territoriaux d’innovation",
        "Territorial innovation laboratories",
        "Portés par l’enseignement supérieur et la recherche ou liés à eux : bien équipés, avec une équipe "
        "technique solide, ils servent étudiants et chercheurs et s’ouvrent aux entreprises.",
        "Carried by or tied to higher education and research: well equipped, with a strong technical staff, "
        "they serve students and researchers and open up to companies.",
    ),
    5: Definition(
        5,
        "Bureaux d’étude et ateliers de prototypage professionnels",
        "Professional design offices and prototyping workshops",
        "Le prototypage professionnel pour les entreprises et les entrepreneurs : machines de niveau "
        "professionnel, prestations payantes, clientèle d’entreprises.",
        "Professional prototyping for companies and entrepreneurs: professional-grade machines, paid "
        "services, business customers.",
    ),
    6: Definition(
        6,
        "Nouveaux espaces de formation numérique",
        "New digital training spaces",
        "Des espaces centrés sur la formation (écoles, formation professionnelle, lieux de type « Grande École "
        "du Numérique ») : apprenants, jeunes et demandeurs d’emploi.",
        "Training-centred spaces (schools, vocational training, “Grande École du Numérique”-like places): "
        "learners, young people and job seekers.",
    ),
}


RULES_VERSION = "2026.2"  # 2026.2: a rural commune weighs for the village square

# The study's five criteria, in its order: (French, English) label and what to ask for when unknown.
CRITERIA: dict[str, tuple[str, str, str, str]] = {
    "governance": (
        "origine de l’initiative et gouvernance",
        "origin of the initiative and governance",
        "la structure porteuse, l’origine de l’initiative ou sa gouvernance",
        "the carrier, the origin of the initiative or its governance",
    ),
    "positioning": (
        "positionnement et profils d’usagers",
        "positioning and user profiles",
        "la vocation, les publics accueillis ou les services proposés",
        "the purpose, the audiences or the services offered",
    ),
    "access": (
        "conditions d’accès",
        "conditions of access",
        "les conditions d’accès ou la tarification",
        "the conditions of access or the pricing",
    ),
    "equipment": (
        "niveau d’équipement",
        "equipment level",
        "l’inventaire des machines ou le niveau d’équipement déclaré",
        "the machine inventory or the declared equipment level",
    ),
    "business_model": (
        "modèle économique",
        "business model",
        "la répartition des recettes (public, propres, privé)",
        "the revenue mix (public, own, private)",
    ),
}
# Thresholds, each named and justified in docs/archetypes.md ("Thresholds").
MIN_CRITERIA = 3  # fewer known criteria than this and the service does not guess
MIN_SCORE = 5  # a winner needs at least this much positive evidence
# A revenue source "dominates" when it brings more than half of the revenue: the plain meaning of
# "mostly", and it makes "mostly X" and "hybrid (no dominant source)" exclude each other.
DOMINANT_SHARE_PCT = 50
# Professional-grade machines that make a park, not an exception (one pro laser is common in fablabs).
INDUSTRIAL_MIN_PROFESSIONAL = 3
ADVANCED_MIN_KINDS = 5
INTERMEDIATE_MIN_KINDS = 3
INTERMEDIATE_MIN_MACHINES = 6
HEAVY_CATEGORIES = frozenset({"cnc_milling", "wood", "metal"})
NON_FABRICATION_CATEGORIES = frozenset({"computing", "other"})


@dataclass(frozen=True)
class EquipmentSummary:
    """What the inventory says: machines (by quantity), professional-grade ones, categories (and
    the ids of the machines' types, which the classifier does not read: they are stored for the search)."""

    machines: int = 0
    professional: int = 0
    categories: frozenset[str] = frozenset()
    types: frozenset[int] = frozenset()

    @property
    def level(self) -> str | None:
        """basic / intermediate / advanced / industrial; None when nothing is listed."""
        if self.machines <= 0:
            return None
        kinds = len(self.categories - NON_FABRICATION_CATEGORIES)
        heavy = bool(self.categories & HEAVY_CATEGORIES)
        if self.professional >= INDUSTRIAL_MIN_PROFESSIONAL:
            return "industrial"
        if self.professional >= 1 or kinds >= ADVANCED_MIN_KINDS or (heavy and kinds >= ADVANCED_MIN_KINDS - 1):
            return "advanced"
        if heavy or kinds >= INTERMEDIATE_MIN_KINDS or self.machines >= INTERMEDIATE_MIN_MACHINES:
            return "intermediate"
        return "basic"


@dataclass(frozen=True)
class Profile:
    """The five criteria of the study, as plain data. Empty string / empty set / None = unknown.

    Built from a workshop by `classification.profile_of`; any other source (imported data, a
    test) builds the same structure.
    """

    # 1. origin of the initiative and governance
    carrier_type: str = ""
    labels: frozenset[str] = frozenset()
    initiative_origin: str = ""
    governance: str = ""
    # 2. positioning and user profiles
    audiences: frozenset[str] = frozenset()
    services: frozenset[str] = frozenset()
    purpose: str = ""
    # 3. conditions of access
    access: str = ""
    pricing: str = ""
    # 4. equipment level: the inventory, else what the managers declare (basic/intermediate/advanced)
    equipment: EquipmentSummary = EquipmentSummary()
    declared_equipment_level: str = ""
    # 5. business model (shares of revenue, in %)
    revenue_public_pct: int | None = None
    revenue_own_pct: int | None = None
    revenue_private_pct: int | None = None
    # The territory, not one of the five criteria: True when the commune has fewer than 5,000
    # inhabitants (the study's "often rural" village square); None: unknown.
    rural: bool | None = None

    @property
    def equipment_level(self) -> str | None:
        """The inventory's level when machines are listed, else the declared one; None: unknown."""
        return self.equipment.level or self.declared_equipment_level or None

    def known_criteria(self) -> tuple[str, ...]:
        known = {
            "governance": bool(self.carrier_type or self.labels or self.initiative_origin or self.governance),
            "positioning": bool(self.audiences or self.services or self.purpose),
            "access": bool(self.access or self.pricing),
            "equipment": self.equipment_level is not None,
            "business_model": any(
                v is not None for v in (self.revenue_public_pct, self.revenue_own_pct, self.revenue_private_pct)
            ),
        }
        return tuple(c for c in CRITERIA if known[c])


@dataclass(frozen=True)
class Rule:
    """A signal of one criterion: when `test` holds, each archetype gets its points."""

    criterion: str
    test: object  # Callable[[Profile], bool]
    points: dict[int, int]
    fr: str
    en: str


def _value(field, code):
    return lambda p: getattr(p, field) == code


def _has(field, *codes):
    return lambda p: bool(getattr(p, field) & set(codes))


def _dominant(field):
    """The share is known and brings more than half of the revenue."""
    return lambda p: getattr(p, field) is not None and getattr(p, field) > DOMINANT_SHARE_PCT


def _no_dominant_share(p):
    shares = (p.revenue_public_pct, p.revenue_own_pct, p.revenue_private_pct)
    return all(s is not None and s <= DOMINANT_SHARE_PCT for s in shares)


def _level(*levels):
    return lambda p: p.equipment_level in levels


# The study's village square is a hybrid third place "often in rural areas": a rural commune weighs
# for it a little (as much as hosting the local associations), never enough alone to make one; a
# coworking place in a rural commune is the study's very picture of it.
# fmt: off
RURAL_RULES = (
    Rule("positioning", lambda p: p.rural is True, {2: 2},
         "dans une commune rurale (moins de 5 000 habitants)", "in a rural commune (fewer than 5,000 people)"),
    Rule("positioning", lambda p: p.rural is True and "coworking" in p.services, {2: 3},
         "un lieu hybride (coworking) en milieu rural, comme la place de village de l’étude",
         "a hybrid place (coworking) in a rural area, like the study's village square"),
)
# fmt: on

SELLS_SERVICES = {"fabrication", "machine_rental", "prototyping", "business_support"}
MIXES_ACTIVITIES = {"coworking", "repair", "events", "residencies"}

# Rules as data: criterion, test, points per archetype, the fact in French and English.
# fmt: off
RULES: tuple[Rule, ...] = (
    # 1. origin of the initiative and governance
    Rule("governance", _value("carrier_type", "public_digital_space"), {1: 5},
         "portée par un espace public numérique ou une médiathèque", "carried by a public digital space or a library"),
    Rule("governance", _value("carrier_type", "local_authority"), {1: 2, 2: 1, 3: 1},
         "portée par une collectivité", "carried by a local authority"),
    Rule("governance", _value("carrier_type", "association"), {2: 2, 3: 3},
         "portée par une association", "run by an association"),
    Rule("governance", _value("carrier_type", "third_place"), {2: 5},
         "portée par un tiers-lieu", "carried by a third place (tiers-lieu)"),
    Rule("governance", _value("carrier_type", "higher_education"), {4: 6},
         "portée par l’enseignement supérieur ou la recherche", "carried by higher education or research"),
    Rule("governance", _value("carrier_type", "school"), {6: 6},
         "portée par un établissement scolaire ou un organisme de formation", "carried by a school or training body"),
    Rule("governance", _value("carrier_type", "company"), {5: 6, 1: -2, 3: -1},
         "portée par une entreprise", "carried by a company"),
    Rule("governance", _value("initiative_origin", "citizens"), {3: 3, 2: 1},
         "née d’un collectif de citoyens ou de makers", "started by a group of citizens or makers"),
    Rule("governance", _value("initiative_origin", "local_authority"), {1: 1, 2: 1},
         "née d’une collectivité", "started by a local authority"),
    Rule("governance", _value("initiative_origin", "third_place"), {2: 3},
         "née d’un tiers-lieu existant", "started by an existing third place"),
    Rule("governance", _value("initiative_origin", "higher_education"), {4: 3},
         "née d’un établissement d’enseignement supérieur ou de recherche",
         "started by a higher education or research institution"),
    Rule("governance", _value("initiative_origin", "school"), {6: 3},
         "née d’un établissement scolaire ou d’un organisme de formation", "started by a school or training body"),
    Rule("governance", _value("initiative_origin", "company"), {5: 3},
         "née d’une entreprise", "started by a company"),
    Rule("governance", _value("governance", "members"), {3: 2, 2: 1},
         "gouvernée par ses membres", "governed by its members"),
    Rule("governance", _value("governance", "public_body"), {1: 1},
         "gouvernée par une administration publique", "governed by a public administration"),
    Rule("governance", _value("governance", "institution"), {4: 2, 6: 2},
         "gouvernée par un établissement d’enseignement ou de recherche",
         "governed by an education or research institution"),
    Rule("governance", _value("governance", "company"), {5: 2},
         "gouvernée par une entreprise", "governed by a company"),
    Rule("governance", _value("governance", "cooperative"), {2: 3},
         "gouvernée en coopérative (SCIC, SCOP)", "governed as a cooperative (SCIC, SCOP)"),
    Rule("governance", _value("governance", "shared"), {2: 1, 4: 1},
         "gouvernée par plusieurs partenaires", "governed by several partners"),
    Rule("governance", _has("labels", "fabrique_de_territoire"), {2: 4},
         "labellisée Fabrique de Territoire", "labelled Fabrique de Territoire"),
    Rule("governance", _has("labels", "france_tiers_lieux", "familles_rurales"), {2: 3},
         "membre du réseau France Tiers-Lieux ou de Familles Rurales",
         "belongs to the France Tiers-Lieux network or Familles Rurales"),
    Rule("governance", _has("labels", "manufacture_de_proximite"), {5: 2, 2: 1},
         "labellisée Manufacture de proximité", "labelled Manufacture de proximité"),
    Rule("governance", _has("labels", "fab_charter", "rfflabs"), {3: 4, 4: 1},
         "se réclame de la charte des Fab Labs ou du RFFLabs", "follows the Fab Lab charter or belongs to RFFLabs"),
    Rule("governance", _has("labels", "france_services", "numerique_inclusif"), {1: 2},
         "labellisée France Services ou Numérique inclusif", "labelled France Services or Numérique inclusif"),
    Rule("governance", _has("labels", "grande_ecole_numerique"), {6: 3},
         "labellisée Grande École du Numérique", "labelled Grande École du Numérique"),
    # 2. positioning and user profiles
    Rule("positioning", _value("purpose", "digital_inclusion"), {1: 4},
         "vocation : la médiation numérique", "purpose: digital mediation"),
    Rule("positioning", _value("purpose", "territory"), {2: 4},
         "vocation : l’animation du territoire", "purpose: bringing life to the area"),
    Rule("positioning", _value("purpose", "community"), {3: 4},
         "vocation : la communauté de makers", "purpose: the maker community"),
    Rule("positioning", _value("purpose", "innovation"), {4: 3, 5: 1},
         "vocation : l’innovation et la recherche", "purpose: innovation and research"),
    Rule("positioning", _value("purpose", "business"), {5: 4},
         "vocation : le prototypage pour les entreprises", "purpose: prototyping for companies"),
    Rule("positioning", _value("purpose", "training"), {6: 4},
         "vocation : la formation", "purpose: training"),
    Rule("positioning", _has("audiences", "general_public", "seniors"), {1: 2, 2: 1, 3: 1},
         "accueille le grand public", "welcomes the general public"),
    Rule("positioning", _has("services", "digital_inclusion"), {1: 4},
         "accompagne l’inclusion numérique", "supports digital inclusion"),
    Rule("positioning", _has("services", "coworking"), {2: 3},
         "propose du coworking", "offers coworking"),
    Rule("positioning", lambda p: len(p.services & MIXES_ACTIVITIES) >= 2, {2: 2},
         "mêle fabrication, travail et vie locale (coworking, réparation, événements, résidences)",
         "mixes making, work and local life (coworking, repair, events, residencies)"),
    Rule("positioning", _has("services", "open_lab"), {3: 4, 2: 1},
         "ouvre des sessions d’open lab entre pairs", "runs peer-learning open lab sessions"),
    Rule("positioning", lambda p: {"open_lab", "training"} <= p.services, {3: 2},
         "fait apprendre en faisant : open lab et formations aux machines",
         "learning by doing: open lab and machine training"),
    Rule("positioning", _has("audiences", "researchers"), {4: 3},
         "accueille des chercheurs", "serves researchers"),
    Rule("positioning", _has("audiences", "students"), {4: 2, 6: 1},
         "accueille des étudiants", "serves students"),
    Rule("positioning", _has("audiences", "companies"), {5: 3, 4: 1, 1: -1},
         "sert des entreprises", "serves companies"),
    Rule("positioning", _has("audiences", "entrepreneurs", "artisans"), {5: 1, 2: 1},
         "sert des entrepreneurs ou des artisans", "serves entrepreneurs or craftspeople"),
    Rule("positioning", _has("audiences", "associations"), {2: 2},
         "accueille les associations du territoire", "hosts the local associations"),
    Rule("positioning", _has("audiences", "job_seekers"), {6: 3, 1: 1},
         "accueille des demandeurs d’emploi", "welcomes job seekers"),
    Rule("positioning", _has("services", "training", "school_programs"), {6: 2},
         "propose des formations", "offers training"),
    Rule("positioning", lambda p: {"training", "school_programs"} <= p.services, {6: 2},
         "a la formation au cœur de son offre (formations et programmes scolaires)",
         "puts training at the centre (courses and school programmes)"),
    Rule("positioning", _has("services", "prototyping", "fabrication", "business_support"), {5: 2, 4: 2},
         "prototype et accompagne des projets professionnels", "prototypes and supports professional projects"),
    *RURAL_RULES,
    # 3. conditions of access
    Rule("access", _value("access", "open"), {1: 1, 2: 1, 3: 1},
         "ouvert à tous", "open to all"),
    Rule("access", _value("access", "members"), {3: 2, 2: 1},
         "réservé à ses adhérents", "for its members"),
    Rule("access", _value("access", "on_request"), {4: 2, 5: 2},
         "accessible sur demande", "accessible on request"),
    Rule("access", _value("access", "internal"), {6: 4, 4: 1, 1: -2, 3: -2},
         "réservé à ses usagers internes", "internal use only"),
    Rule("access", _value("pricing", "free"), {1: 2, 6: 2},
         "gratuit", "free of charge"),
    Rule("access", _value("pricing", "membership"), {3: 2, 2: 2},
         "accès par adhésion", "access through membership"),
    Rule("access", _value("pricing", "pay_per_use"), {5: 1, 4: 1, 3: 1},
         "payant à l’usage", "pay per use"),
    Rule("access", _value("pricing", "quote"), {5: 3, 4: 1, 1: -1},
         "prestations sur devis", "services on quote"),
    # 4. equipment level
    Rule("equipment", _level("basic"), {1: 3, 6: 1, 4: -2, 5: -3},
         "équipement de base (quelques machines d’initiation)", "basic equipment (a few entry-level machines)"),
    Rule("equipment", _level("intermediate"), {3: 2, 2: 2, 6: 1, 1: 1},
         "équipement intermédiaire (plusieurs familles de machines)",
         "intermediate equipment (several kinds of machines)"),
    Rule("equipment", _level("advanced"), {3: 2, 4: 2, 2: 1, 5: 1, 1: -1},
         "équipement avancé (machines variées ou professionnelles)", "advanced equipment (varied or professional machines)"),
    Rule("equipment", _level("industrial"), {5: 3, 4: 3, 1: -3, 2: -1},
         "équipement de niveau industriel (plusieurs machines professionnelles)",
         "industrial-grade equipment (several professional machines)"),
    # 5. business model
    Rule("business_model", _dominant("revenue_public_pct"), {1: 1, 4: 1, 6: 1, 5: -2},
         "financé surtout par des fonds publics", "mostly publicly funded"),
    # Own revenue is memberships and training as much as sales: weak evidence, shared by 3 and 5.
    Rule("business_model", _dominant("revenue_own_pct"), {3: 1, 5: 1},
         "vit surtout de ses recettes propres (adhésions, prestations, formations)",
         "lives mostly on its own revenue (memberships, services, training)"),
    Rule("business_model", _no_dominant_share, {2: 2, 3: 2},
         "modèle économique hybride (aucune source majoritaire)", "hybrid business model (no dominant source)"),
    Rule("business_model", lambda p: bool(p.services & SELLS_SERVICES) and p.pricing in ("quote", "pay_per_use"),
         {5: 2, 4: 1},
         "vend des prestations (prototypage, fabrication, location de machines)",
         "sells services (prototyping, fabrication, machine rental)"),
)
# fmt: on


@dataclass(frozen=True)
class Reason:
    """One line of "why": a fact of one criterion and what it weighed for the archetype."""

    kind: str  # "for", "against" or "missing"
    criterion: str
    fr: str
    en: str
    points: int = 0

    def text(self, language: str) -> str:
        return self.en if (language or "").startswith("en") else self.fr

    def as_dict(self) -> dict:
        return {"kind": self.kind, "criterion": self.criterion, "points": self.points, "fr": self.fr, "en": self.en}


@dataclass(frozen=True)
class Classification:
    archetype: int | None  # None: not classified
    scores: dict[int, int]
    summary_fr: str
    summary_en: str
    reasons: tuple[Reason, ...]  # for and against the chosen archetype, then what is missing
    missing: tuple[str, ...]  # criteria the profile says nothing about
    deciding: tuple[str, ...]  # criteria that put the winner ahead of the runner-up
    confidence: float  # 0 (not classified) to 1
    rules_version: str = RULES_VERSION

    @property
    def classified(self) -> bool:
        return self.archetype is not None

    def summary(self, language: str) -> str:
        return self.summary_en if (language or "").startswith("en") else self.summary_fr

    def stored_reasons(self) -> list[dict]:
        """The JSON kept on the workshop: a summary entry first, then each reason."""
        summary = {"kind": "summary", "confidence": self.confidence, "fr": self.summary_fr, "en": self.summary_en}
        return [summary, *(r.as_dict() for r in self.reasons)]


def _criteria_text(codes, language_index: int) -> str:
    # Semicolons: the criteria's own names contain "and" (French puts a space before them).
    return (" ; ", "; ")[language_index].join(CRITERIA[c][language_index] for c in codes)


def _missing_reasons(missing) -> tuple[Reason, ...]:
    return tuple(
        Reason("missing", c, f"Non renseigné : {CRITERIA[c][2]}.", f"Not given: {CRITERIA[c][3]}.") for c in missing
    )


def _not_classified(scores, missing, fr: str, en: str) -> Classification:
    return Classification(None, scores, fr, en, _missing_reasons(missing), missing, (), 0.0)


def classify(profile: Profile) -> Classification:
    """The archetype of a profile, its score for each of the six, and why; never a guess."""
    scores = dict.fromkeys(DEFINITIONS, 0)
    by_criterion = {number: dict.fromkeys(CRITERIA, 0) for number in DEFINITIONS}
    matched = [rule for rule in RULES if rule.test(profile)]
    for rule in matched:
        for number, points in rule.points.items():
            scores[number] += points
            by_criterion[number][rule.criterion] += points
    known = profile.known_criteria()
    missing = tuple(c for c in CRITERIA if c not in known)
    if len(known) < MIN_CRITERIA or not {"governance", "positioning"} & set(known):
        return _not_classified(
            scores,
            missing,
            f"Non classé : trop peu d’informations ({len(known)} critère(s) sur 5 renseigné(s)).",
            f"Not classified: too little is known ({len(known)} of 5 criteria given).",
        )
    ranking = sorted(DEFINITIONS, key=lambda n: (-scores[n], n))
    best, second = ranking[0], ranking[1]
    if scores[best] < MIN_SCORE:
        return _not_classified(
            scores,
            missing,
            f"Non classé : aucun archétype ne rassemble assez d’indices ({scores[best]} points au mieux).",
            f"Not classified: no archetype gathers enough evidence ({scores[best]} points at best).",
        )
    if scores[best] == scores[second]:
        return _not_classified(
            scores,
            missing,
            f"Non classé : égalité entre les archétypes {best} et {second} ({scores[best]} points).",
            f"Not classified: archetypes {best} and {second} are tied ({scores[best]} points).",
        )
    deciding = tuple(c for c in CRITERIA if by_criterion[best][c] > by_criterion[second][c])
    reasons = [
        Reason("for" if rule.points[best] > 0 else "against", rule.criterion, rule.fr, rule.en, rule.points[best])
        for rule in matched
        if rule.points.get(best)
    ]
    reasons.sort(key=lambda r: (r.kind != "for", -abs(r.points), list(CRITERIA).index(r.criterion)))
    margin = scores[best] - scores[second]
    confidence = round(0.5 * len(known) / len(CRITERIA) + 0.5 * min(1.0, margin / 8), 2)
    name = DEFINITIONS[best]
    summary_fr = (
        f"Archétype {best} « {name.name_fr} » : {scores[best]} points, devant l’archétype {second} "
        f"({scores[second]} points). Critères décisifs : {_criteria_text(deciding, 0)}."
    )
    summary_en = (
        f"Archetype {best} “{name.name_en}”: {scores[best]} points, ahead of archetype {second} "
        f"({scores[second]} points). Deciding criteria: {_criteria_text(deciding, 1)}."
    )
    return Classification(
        best, scores, summary_fr, summary_en, (*reasons, *_missing_reasons(missing)), missing, deciding, confidence
    )
