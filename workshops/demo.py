"""Deterministic, plausible demo workshops: six kinds of places, spread over real communes."""

import random
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify
from stdnum import luhn

from territories.models import Commune

from .classification import reclassify
from .demo_places import DEMO_PLACES
from .models import Equipment, EquipmentType, Workshop
from .vocabularies import Status

SEED = 2020
DEMO_SOURCE = "demo"
STREETS = [
    "rue Victor Hugo",
    "place de la République",
    "avenue Jean Jaurès",
    "rue des Arts",
    "quai de la Fosse",
    "rue de la Gare",
    "boulevard Pasteur",
    "rue du Moulin",
    "place du Marché",
    "rue des Ateliers",
    "impasse des Forges",
    "rue Louise Michel",
    "allée des Tisserands",
    "rue de l'Industrie",
    "chemin du Lavoir",
]
HOURS = [
    "Tu-Fr 14:00-19:00; Sa 10:00-18:00; PH off",
    "Mo-Fr 09:00-17:30; PH off",
    "We 14:00-18:00; Sa 10:00-17:00",
    "Mo-Fr 08:30-12:00,13:30-17:30; PH off",
    "Tu,Th 17:00-22:00; Sa 14:00-19:00",
    "Tu-Sa 10:00-19:00",
    "Mo-Th 09:00-18:00; Fr 09:00-17:00; PH off",
    "",
]


@dataclass
class Profile:
    key: str
    names: list[str]
    summaries: list[str]
    description: str
    carriers: list[str]
    access: list[str]
    pricing: list[str]
    services: list[str]
    audiences: list[str]
    labels: list[str]
    # (equipment type slug, brands/models) — a workshop draws 3 to 12 rows from its pool
    equipment: list[tuple[str, list[tuple[str, str]]]]
    professional: bool = False
    sizes: dict = field(default_factory=dict)


PRINTERS = [("Prusa", "MK4"), ("Bambu Lab", "P1S"), ("Ultimaker", "S5"), ("Creality", "Ender 3 V3")]
LASERS = [("Trotec", "Speedy 360"), ("Epilog", "Fusion Edge"), ("Full Spectrum", "Muse"), ("GCC", "LaserPro S400")]
CNC = [("Shaper", "Origin"), ("ShopBot", "PRSalpha"), ("Stepcraft", "D.840"), ("Datron", "neo")]

PROFILES = [
    Profile(
        key="mediation",
        names=[
            "Espace numérique de la médiathèque de {commune}",
            "EPN de {commune}",
            "Cyber-base de {commune}",
            "Le Labo numérique de la médiathèque de {commune}",
        ],
        summaries=[
            "Un espace public numérique de la médiathèque, avec imprimantes 3D et découpe vinyle, "
            "ouvert à tous et gratuit.",
            "Accompagnement au numérique et premiers pas en fabrication numérique, pour tous les âges.",
        ],
        description="Installé dans la médiathèque, l'espace accueille le public pour des ateliers d'initiation : "
        "impression 3D, découpe vinyle, robotique pour les enfants. Un médiateur numérique accompagne "
        "chaque séance et aide aussi aux démarches en ligne.",
        carriers=["public_digital_space", "local_authority"],
        access=["open"],
        pricing=["free"],
        services=["digital_inclusion", "training", "open_lab", "school_programs"],
        audiences=["general_public", "seniors", "children", "job_seekers"],
        labels=["numerique_inclusif", "france_services"],
        equipment=[
            ("imprimante-3d-fdm", PRINTERS),
            ("plotter-decoupe-vinyle", [("Silhouette", "Cameo 5"), ("Cricut", "Maker 3")]),
            ("graveur-laser-diode", [("xTool", "D1 Pro")]),
            ("robot-pedagogique", [("Thymio", "II"), ("Makeblock", "mBot")]),
            ("poste-cao", [("", "")]),
            ("kit-microcontroleurs", [("Arduino", "Uno")]),
            ("scanner-3d", [("Shining 3D", "EinScan SE")]),
        ],
        sizes={"surface": (40, 120), "staff": (1, 2), "budget": (15000, 60000), "public": (70, 95)},
    ),
    Profile(
        key="village",
        names=[
            "La Fabrique de {commune}",
            "Le Hangar — tiers-lieu de {commune}",
            "La Grange numérique de {commune}",
            "L'Atelier partagé de {commune}",
        ],
        summaries=[
            "Un tiers-lieu associatif : atelier de fabrication, coworking, café-réparation et scène culturelle.",
            "Lieu hybride où l'on fabrique, répare, travaille et se retrouve, au cœur du territoire.",
        ],
        description="Ancienne friche réhabilitée par une association d'habitants, le lieu mêle un atelier de "
        "fabrication (bois, laser, impression 3D), un espace de coworking, un café associatif et un "
        "repair café mensuel. Les artisans du territoire y louent les machines à la journée.",
        carriers=["association"],
        access=["open", "members"],
        pricing=["membership"],
        services=["coworking", "repair", "events", "open_lab", "training"],
        audiences=["general_public", "entrepreneurs", "artisans", "associations"],
        labels=["fabrique_de_territoire"],
        equipment=[
            ("imprimante-3d-fdm", PRINTERS),
            ("decoupeuse-laser-co2", LASERS),
            ("fraiseuse-cnc-grand-format", CNC),
            ("scie-a-format", [("Felder", "K 700")]),
            ("machine-a-coudre", [("Singer", "Heavy Duty")]),
            ("station-soudure", [("Weller", "WE1010")]),
            ("tour-a-bois", [("Record Power", "DML305")]),
            ("presse-a-chaud", [("Secabo", "TC7")]),
        ],
        sizes={"surface": (150, 600), "staff": (1, 3), "budget": (40000, 180000), "public": (30, 60)},
    ),
    Profile(
        key="fablab",
        names=["{commune} FabLab", "Fablab de {commune}", "Le Lab'{short}", "Makerspace de {commune}"],
        summaries=[
            "Fablab associatif ouvert à tous : on y apprend à fabriquer presque tout, entre pairs.",
            "Communauté de makers : open lab, formations aux machines et projets partagés.",
        ],
        description="Le fablab est animé par ses adhérents bénévoles et un fabmanager. Les soirées d'open lab "
        "permettent à chacun de venir avec son projet ; les formations « machine » sont obligatoires "
        "avant d'utiliser la découpeuse laser et la fraiseuse. Le lieu suit la charte des Fab Labs.",
        carriers=["association"],
        access=["open", "members"],
        pricing=["membership", "pay_per_use"],
        services=["open_lab", "training", "events", "repair", "prototyping"],
        audiences=["general_public", "students", "entrepreneurs", "children"],
        labels=["fab_charter", "rfflabs"],
        equipment=[
            ("imprimante-3d-fdm", PRINTERS),
            ("imprimante-3d-resine", [("Formlabs", "Form 3+"), ("Elegoo", "Saturn 3")]),
            ("decoupeuse-laser-co2", LASERS),
            ("fraiseuse-cnc-bureau", CNC),
            ("plotter-decoupe-vinyle", [("Roland", "GS2-24")]),
            ("fraiseuse-pcb", [("LPKF", "ProtoMat S64")]),
            ("station-soudure", [("Weller", "WE1010")]),
            ("brodeuse-numerique", [("Brother", "PR680W")]),
            ("scanner-3d", [("Shining 3D", "EinScan SP")]),
            ("oscilloscope", [("Rigol", "DS1054Z")]),
            ("thermoformeuse", [("Mayku", "FormBox")]),
        ],
        sizes={"surface": (80, 300), "staff": (0, 2), "budget": (20000, 120000), "public": (20, 50)},
    ),
    Profile(
        key="university",
        names=[
            "FabLab de l'Université de {commune}",
            "Plateforme de prototypage du campus de {commune}",
            "Innovation Lab de {commune}",
        ],
        summaries=[
            "Le fablab universitaire : machines professionnelles, ingénieurs dédiés, ouvert aux étudiants, "
            "chercheurs et entreprises.",
            "Plateforme technologique d'enseignement supérieur, ouverte aux partenaires industriels.",
        ],
        description="Adossé à l'université, le laboratoire sert d'abord aux projets étudiants et aux équipes de "
        "recherche. Une équipe technique de plusieurs ingénieurs accompagne aussi les PME et start-up du "
        "territoire pour leurs prototypes, sur devis.",
        carriers=["higher_education"],
        access=["on_request"],
        pricing=["pay_per_use", "quote"],
        services=["prototyping", "training", "business_support", "events"],
        audiences=["students", "researchers", "companies", "entrepreneurs"],
        labels=["fab_charter"],
        equipment=[
            ("imprimante-3d-poudre", [("Formlabs", "Fuse 1+"), ("EOS", "Formiga P 110")]),
            ("imprimante-3d-resine", [("Formlabs", "Form 4")]),
            ("imprimante-3d-fdm", PRINTERS),
            ("decoupeuse-laser-co2", LASERS),
            ("centre-usinage-cnc", [("DMG Mori", "DMU 50")]),
            ("tour-cnc", [("Haas", "ST-10")]),
            ("fraiseuse-pcb", [("LPKF", "ProtoMat S104")]),
            ("four-refusion", [("LPKF", "ProtoFlow S4")]),
            ("scanner-3d-portable", [("Creaform", "Go!SCAN 3D")]),
            ("poste-cao", [("Dell", "Precision 5860")]),
            ("oscilloscope", [("Keysight", "DSOX1204G")]),
        ],
        professional=True,
        sizes={"surface": (200, 800), "staff": (3, 8), "budget": (200000, 900000), "public": (60, 90)},
    ),
    Profile(
        key="prototyping",
        names=["{short} Prototypage", "Atelier {short} Industrie", "Proto{short} — bureau d'étude"],
        summaries=[
            "Bureau d'étude et atelier de prototypage : du fichier CAO à la pré-série, pour les entreprises.",
            "Prototypage rapide professionnel sur machines industrielles, sur devis.",
        ],
        description="Nos ingénieurs accompagnent les start-up, PME et artisans de la conception à la pré-série : "
        "impression 3D industrielle, usinage, découpe laser de tôle. Accès aux machines en location "
        "pour les professionnels formés.",
        carriers=["company"],
        access=["on_request"],
        pricing=["quote", "pay_per_use"],
        services=["prototyping", "fabrication", "machine_rental", "business_support"],
        audiences=["companies", "entrepreneurs", "artisans"],
        labels=["manufacture_de_proximite"],
        equipment=[
            ("imprimante-3d-poudre", [("HP", "Multi Jet Fusion 5200"), ("EOS", "P 396")]),
            ("imprimante-3d-grand-format", [("BigRep", "ONE")]),
            ("centre-usinage-cnc", [("Haas", "VF-2")]),
            ("graveur-laser-fibre", [("Trotec", "SpeedMarker 300")]),
            ("decoupeuse-laser-co2", LASERS),
            ("decoupeuse-plasma", [("Hypertherm", "Powermax65")]),
            ("plieuse-metal", [("Amada", "HG 1303")]),
            ("injecteuse-plastique", [("Arburg", "Allrounder 170")]),
            ("scanner-3d-portable", [("Creaform", "HandySCAN")]),
        ],
        professional=True,
        sizes={"surface": (300, 1500), "staff": (3, 12), "budget": (300000, 2000000), "public": (0, 20)},
    ),
    Profile(
        key="training",
        names=[
            "Campus numérique de {commune}",
            "Atelier numérique du lycée professionnel de {commune}",
            "École de la fabrication numérique de {commune}",
        ],
        summaries=[
            "Un atelier pensé pour la formation : parcours certifiants, insertion et reconversion vers les "
            "métiers du numérique et de l'industrie.",
            "Formations aux métiers de la fabrication numérique pour les demandeurs d'emploi et les jeunes.",
        ],
        description="Organisme de formation labellisé, l'atelier accueille des promotions de stagiaires pour des "
        "formations de fabmanager, de technicien en fabrication additive et de médiateur numérique. "
        "Les machines sont réservées aux apprenants, avec des journées portes ouvertes.",
        carriers=["school"],
        access=["internal", "on_request"],
        pricing=["free"],
        services=["training", "school_programs", "events"],
        audiences=["job_seekers", "students", "schools"],
        labels=["grande_ecole_numerique"],
        equipment=[
            ("imprimante-3d-fdm", PRINTERS),
            ("decoupeuse-laser-co2", LASERS),
            ("fraiseuse-cnc-bureau", CNC),
            ("poste-cao", [("HP", "Z2 G9")]),
            ("kit-microcontroleurs", [("Arduino", "Mega")]),
            ("casque-realite-virtuelle", [("Meta", "Quest 3")]),
            ("station-soudure", [("Weller", "WE1010")]),
        ],
        sizes={"surface": (100, 400), "staff": (2, 6), "budget": (100000, 500000), "public": (50, 90)},
    ),
]
# How often each kind appears: fablabs and mediation spaces are the most common in France.
PROFILE_CYCLE = [2, 0, 1, 2, 3, 0, 4, 2, 5, 1, 0, 2, 3, 1]


def _short(name: str) -> str:
    """A short form of a commune's name for brand-like names: "Saint-Dié-des-Vosges" → "Saint-Dié"."""
    parts = name.replace("'", "").split(" ")[0].split("-")
    if parts[0] in {"Saint", "Sainte", "Pointe", "Fort", "Le", "La", "Les"} and len(parts) > 1:
        return "-".join(parts[:2])
    return parts[0]


def _identifiers(rng: random.Random, carrier: str, index: int) -> dict:
    """A valid RNA number for an association, a valid SIRET (Luhn key) for any other carrier.

    One workshop in twenty has none yet, as in a real directory: the national export reports them.
    """
    if index % 20 == 7:
        return {"siret": "", "rna": ""}
    if carrier == "association":
        return {"siret": "", "rna": f"W{rng.randint(10, 97):02d}{rng.randint(0, 9999999):07d}"}
    siren = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(7))
    siren += luhn.calc_check_digit(siren)
    nic = f"{rng.randint(1, 99):04d}"
    return {"siret": siren + nic + luhn.calc_check_digit(siren + nic), "rna": ""}


def _maybe(rng: random.Random, value, chance=0.75):
    """Demo profiles leave some figures unknown, as real ones do."""
    return value if rng.random() < chance else None


def build(count: int, seed: int = SEED) -> list[dict]:
    """Plain data for `count` demo workshops, the same for the same count and seed."""
    rng = random.Random(seed)
    communes = {c.code: c for c in Commune.objects.filter(code__in=[p[0] for p in DEMO_PLACES])}
    places = [p for p in DEMO_PLACES if p[0] in communes]
    if not places:
        raise ValueError("No demo commune is loaded: run `manage.py load_territories` first.")
    rows, used_slugs = [], set()
    for index in range(count):
        code, lat, lon, postal_code = places[index % len(places)]
        commune = communes[code]
        if commune.latitude is not None:  # the position load_territories gave it
            lat, lon = commune.latitude, commune.longitude
        profile = PROFILES[PROFILE_CYCLE[index % len(PROFILE_CYCLE)]]
        name = rng.choice(profile.names).format(commune=commune.name, short=_short(commune.name))
        if index >= len(places):
            name = f"{name} ({index // len(places) + 1})"
        slug = slugify(name)[:110]
        while slug in used_slugs:
            slug = f"{slug}-{index}"
        used_slugs.add(slug)
        sizes = profile.sizes
        public = rng.randint(*sizes["public"])
        own = rng.randint(0, 100 - public)
        # Within ~300 m of the town centre, so inside the commune.
        jitter = 0.0025
        equipment = []
        for slug_type, models in rng.sample(profile.equipment, k=min(len(profile.equipment), rng.randint(3, 8))):
            brand, model = rng.choice(models)
            equipment.append(
                {
                    "type": slug_type,
                    "brand": brand,
                    "model": model,
                    "quantity": rng.randint(1, 4),
                    "professional_grade": profile.professional or None,
                    "requires_training": slug_type.startswith(("decoupeuse", "fraiseuse", "centre", "tour", "scie")),
                }
            )
        while len(equipment) < 3:
            equipment.append(
                {
                    "type": "imprimante-3d-fdm",
                    "brand": "Prusa",
                    "model": "MINI+",
                    "quantity": 1,
                    "professional_grade": None,
                    "requires_training": False,
                }
            )
        rows.append(
            {
                "source_id": str(index + 1),
                "slug": slug,
                "name": name,
                "summary": rng.choice(profile.summaries),
                "description": profile.description,
                "street": f"{rng.randint(1, 60)} {rng.choice(STREETS)}",
                "postal_code": postal_code,
                "commune": commune,
                "latitude": round(lat + rng.uniform(-jitter, jitter), 6),
                "longitude": round(lon + rng.uniform(-jitter, jitter), 6),
                "website": f"https://{slug[:40]}.example.fr",
                "email": f"contact@{slug[:40]}.example.fr",
                "phone": f"0{rng.randint(1, 5)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                "carrier_type": rng.choice(profile.carriers),
                "access": rng.choice(profile.access),
                "pricing": rng.choice(profile.pricing),
                "opening_hours": rng.choice(HOURS),
                "services": sorted(rng.sample(profile.services, k=rng.randint(2, len(profile.services)))),
                "audiences": sorted(rng.sample(profile.audiences, k=rng.randint(2, len(profile.audiences)))),
                "labels": sorted(rng.sample(profile.labels, k=rng.randint(0, len(profile.labels)))),
                "surface_m2": _maybe(rng, rng.randint(*sizes["surface"])),
                "staff_fte": _maybe(rng, rng.randint(*sizes["staff"])),
                "volunteers": _maybe(rng, rng.randint(0, 40), 0.5),
                "members": _maybe(rng, rng.randint(20, 400), 0.5) if profile.key in ("fablab", "village") else None,
                "yearly_users": _maybe(rng, rng.randint(200, 5000)),
                "yearly_budget_eur": _maybe(rng, rng.randint(*sizes["budget"]) // 1000 * 1000, 0.6),
                "revenue_public_pct": public,
                "revenue_own_pct": own,
                "revenue_private_pct": 100 - public - own,
                "equipment": equipment,
            }
        )
        # A generator of its own, so that the rest of the demo stays what it was.
        rows[-1].update(_identifiers(random.Random(f"{seed}-{index}"), rows[-1]["carrier_type"], index))
    return rows


@transaction.atomic
def seed(count: int, seed: int = SEED) -> tuple[int, int]:
    """Create the demo workshops not there yet; running it twice changes nothing.

    Returns (created, unchanged). Each workshop is validated like any other profile.
    """
    types = {t.slug: t for t in EquipmentType.objects.all()}
    existing = set(Workshop.objects.filter(source=DEMO_SOURCE).values_list("source_id", flat=True))
    created = unchanged = 0
    for row in build(count, seed):
        if row["source_id"] in existing:
            unchanged += 1
            continue
        row = dict(row)
        equipment = row.pop("equipment")
        commune = row.pop("commune")
        workshop = Workshop(
            **row,
            commune=commune,
            source=DEMO_SOURCE,
            status=Status.PUBLISHED,
            location_source="manual",
            location_precision="address",
        )
        workshop.full_clean()
        workshop.save()
        Equipment.objects.bulk_create(
            [Equipment(workshop=workshop, type=types[item.pop("type")], **item) for item in equipment]
        )
        reclassify(workshop)  # bulk_create sends no signal: classify with the equipment now in place
        if commune.latitude is None:
            centre = next(p for p in DEMO_PLACES if p[0] == commune.code)
            commune.latitude, commune.longitude = centre[1], centre[2]
            commune.save(update_fields=["latitude", "longitude"])
        created += 1
    return created, unchanged
