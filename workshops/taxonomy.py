"""The curated equipment taxonomy, with the matching fablabs.io capability where one exists.

Loaded by a data migration; `slug` is stable and used by the API's `equipment` filter. Each
type also carries its standard references (REFERENCES): the English Wikipedia article Open
Know-Where names equipment by, and the Wikidata item where one has been checked by hand.
fablabs.io capabilities: three_d_printing, laser, cnc_milling, precision_milling,
vinyl_cutting, circuit_production.
"""

# (slug, French name, English name, category, fablabs.io capability)
EQUIPMENT_TYPES = [
    ("imprimante-3d-fdm", "Imprimante 3D à filament (FDM)", "FDM 3D printer", "3d_printing", "three_d_printing"),
    (
        "imprimante-3d-resine",
        "Imprimante 3D résine (SLA/DLP)",
        "Resin 3D printer (SLA/DLP)",
        "3d_printing",
        "three_d_printing",
    ),
    (
        "imprimante-3d-poudre",
        "Imprimante 3D poudre (SLS)",
        "Powder 3D printer (SLS)",
        "3d_printing",
        "three_d_printing",
    ),
    (
        "imprimante-3d-grand-format",
        "Imprimante 3D grand format",
        "Large-format 3D printer",
        "3d_printing",
        "three_d_printing",
    ),
    ("decoupeuse-laser-co2", "Découpeuse laser CO₂", "CO₂ laser cutter", "laser_cutting", "laser"),
    ("graveur-laser-fibre", "Graveur laser fibre", "Fibre laser engraver", "laser_cutting", "laser"),
    ("graveur-laser-diode", "Graveur laser à diode", "Diode laser engraver", "laser_cutting", "laser"),
    (
        "fraiseuse-cnc-grand-format",
        "Fraiseuse numérique grand format",
        "Large-format CNC router",
        "cnc_milling",
        "cnc_milling",
    ),
    ("fraiseuse-cnc-bureau", "Fraiseuse numérique de bureau", "Desktop CNC mill", "cnc_milling", "precision_milling"),
    ("centre-usinage-cnc", "Centre d’usinage CNC", "CNC machining centre", "cnc_milling", "precision_milling"),
    ("tour-cnc", "Tour à commande numérique", "CNC lathe", "cnc_milling", "precision_milling"),
    ("plotter-decoupe-vinyle", "Plotter de découpe vinyle", "Vinyl cutter", "vinyl_cutting", "vinyl_cutting"),
    ("presse-a-chaud", "Presse à chaud (flocage)", "Heat press", "vinyl_cutting", ""),
    ("fraiseuse-pcb", "Graveuse de circuits imprimés", "PCB milling machine", "electronics", "circuit_production"),
    ("station-soudure", "Station de soudure électronique", "Soldering station", "electronics", ""),
    ("four-refusion", "Four de refusion CMS", "Reflow oven", "electronics", "circuit_production"),
    ("oscilloscope", "Oscilloscope", "Oscilloscope", "electronics", ""),
    (
        "kit-microcontroleurs",
        "Kits microcontrôleurs (Arduino, ESP32…)",
        "Microcontroller kits (Arduino, ESP32…)",
        "electronics",
        "",
    ),
    ("scanner-3d", "Scanner 3D", "3D scanner", "3d_scanning", ""),
    ("scanner-3d-portable", "Scanner 3D portable", "Handheld 3D scanner", "3d_scanning", ""),
    ("brodeuse-numerique", "Brodeuse numérique", "Digital embroidery machine", "textile", ""),
    ("machine-a-coudre", "Machine à coudre", "Sewing machine", "textile", ""),
    ("surjeteuse", "Surjeteuse", "Overlocker", "textile", ""),
    ("machine-a-tricoter", "Machine à tricoter numérique", "Digital knitting machine", "textile", ""),
    ("scie-a-format", "Scie à format", "Panel saw", "wood", ""),
    ("scie-a-ruban", "Scie à ruban", "Band saw", "wood", ""),
    ("raboteuse-degauchisseuse", "Raboteuse-dégauchisseuse", "Planer-thicknesser", "wood", ""),
    ("tour-a-bois", "Tour à bois", "Wood lathe", "wood", ""),
    ("poste-soudure-metal", "Poste à souder (MIG/TIG)", "Welding station (MIG/TIG)", "metal", ""),
    ("decoupeuse-plasma", "Découpeuse plasma", "Plasma cutter", "metal", ""),
    ("plieuse-metal", "Plieuse à tôle", "Sheet-metal bender", "metal", ""),
    ("thermoformeuse", "Thermoformeuse", "Vacuum former", "printing", ""),
    ("imprimante-grand-format", "Imprimante grand format", "Large-format printer", "printing", ""),
    ("sublimation", "Équipement de sublimation", "Sublimation printer", "printing", ""),
    ("poste-cao", "Poste de CAO / modélisation 3D", "CAD / 3D modelling workstation", "computing", ""),
    ("casque-realite-virtuelle", "Casque de réalité virtuelle", "Virtual reality headset", "computing", ""),
    ("robot-pedagogique", "Robots pédagogiques", "Educational robots", "computing", ""),
    ("injecteuse-plastique", "Presse à injecter plastique", "Plastic injection moulder", "other", ""),
    (
        "broyeur-recyclage-plastique",
        "Broyeur et extrudeuse de recyclage plastique",
        "Plastic recycling shredder and extruder",
        "other",
        "",
    ),
]


WIKIPEDIA = "https://en.wikipedia.org/wiki/"
# slug → (Wikidata item, English Wikipedia article). A Wikidata item is given only once checked
# against published material (docs/data-quality.md lists the sources, and the types still without
# one): a wrong identifier would send a reuser to another thing; an empty one only says "not yet".
# The item names the kind of machine (milling machine, 3D scanner) where the article is its process.
REFERENCES = {
    "imprimante-3d-fdm": ("", "Fused_filament_fabrication"),
    "imprimante-3d-resine": ("", "Stereolithography"),
    "imprimante-3d-poudre": ("", "Selective_laser_sintering"),
    "imprimante-3d-grand-format": ("Q229367", "3D_printing"),
    # Q593053 is *laser cutting*, the process (as the article): it covers every laser cutter, not
    # the CO₂ machine alone.
    "decoupeuse-laser-co2": ("Q593053", "Laser_cutting"),
    "graveur-laser-fibre": ("", "Laser_engraving"),
    "graveur-laser-diode": ("", "Laser_engraving"),
    "fraiseuse-cnc-grand-format": ("", "CNC_router"),
    "fraiseuse-cnc-bureau": ("Q623106", "Milling_(machining)"),
    "centre-usinage-cnc": ("", "Numerical_control"),
    "tour-cnc": ("Q187833", "Lathe"),
    "plotter-decoupe-vinyle": ("", "Vinyl_cutter"),
    "presse-a-chaud": ("", "Heat_press"),
    "fraiseuse-pcb": ("", "Printed_circuit_board_milling"),
    "station-soudure": ("", "Soldering_iron"),
    "four-refusion": ("", "Reflow_oven"),
    "oscilloscope": ("Q174320", "Oscilloscope"),
    "kit-microcontroleurs": ("Q165678", "Microcontroller"),
    "scanner-3d": ("Q1775257", "3D_scanning"),
    "scanner-3d-portable": ("Q1775257", "3D_scanning"),
    "brodeuse-numerique": ("", "Machine_embroidery"),
    "machine-a-coudre": ("Q49013", "Sewing_machine"),
    "surjeteuse": ("", "Serger"),
    "machine-a-tricoter": ("", "Knitting_machine"),
    "scie-a-format": ("", "Panel_saw"),
    "scie-a-ruban": ("", "Bandsaw"),
    "raboteuse-degauchisseuse": ("", "Thickness_planer"),
    "tour-a-bois": ("", "Woodturning"),
    "poste-soudure-metal": ("", "Gas_metal_arc_welding"),
    "decoupeuse-plasma": ("", "Plasma_cutting"),
    "plieuse-metal": ("", "Press_brake"),
    "thermoformeuse": ("", "Vacuum_forming"),
    "imprimante-grand-format": ("", "Wide-format_printer"),
    "sublimation": ("", "Dye-sublimation_printer"),
    "poste-cao": ("", "Computer-aided_design"),
    "casque-realite-virtuelle": ("Q19600329", "Virtual_reality_headset"),
    "robot-pedagogique": ("", "Educational_robotics"),
    "injecteuse-plastique": ("", "Injection_moulding"),
    "broyeur-recyclage-plastique": ("", "Plastic_recycling"),
}

# Types whose item names the machine while their article describes its process: Wikipedia's item
# for the article is expected to differ, and `manage.py resolve_wikidata` keeps the stored one.
MACHINE_ITEMS = frozenset({"fraiseuse-cnc-bureau", "scanner-3d", "scanner-3d-portable"})


def references(slug: str) -> tuple[str, str]:
    """(Wikidata item, full Wikipedia URL) of a type; empty strings when none is known."""
    wikidata, article = REFERENCES.get(slug, ("", ""))
    return wikidata, (WIKIPEDIA + article if article else "")


def load_equipment_types(model):
    """Create or update the taxonomy rows; `model` is EquipmentType (or its migration state).

    An early migration's state lacks the later columns: only the fields it has are set. A type
    without a checked item here keeps the one the database holds (filled by `resolve_wikidata`
    or by staff in the admin): a later data migration never blanks it.
    """
    known = {f.name for f in model._meta.get_fields()}
    for slug, name, name_en, category, capability in EQUIPMENT_TYPES:
        wikidata, wikipedia = references(slug)
        defaults = {
            "name": name,
            "name_en": name_en,
            "category": category,
            "fablabs_capability": capability,
            "wikidata_id": wikidata,
            "wikipedia_url": wikipedia,
        }
        if not wikidata:
            del defaults["wikidata_id"]
        model.objects.update_or_create(slug=slug, defaults={k: v for k, v in defaults.items() if k in known})
