"""The curated equipment taxonomy, with the matching fablabs.io capability where one exists.

Loaded by a data migration; `slug` is stable and used by the API's `equipment` filter.
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
    ("centre-usinage-cnc", "Centre d'usinage CNC", "CNC machining centre", "cnc_milling", "precision_milling"),
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


def load_equipment_types(model):
    """Create or update the taxonomy rows; `model` is EquipmentType (or its migration state)."""
    for slug, name, name_en, category, capability in EQUIPMENT_TYPES:
        model.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "name_en": name_en, "category": category, "fablabs_capability": capability},
        )
