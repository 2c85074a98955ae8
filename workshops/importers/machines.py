"""Machines named in a source's free text ("imprimante 3D", "découpe laser"…), as equipment types.

The national mediation data and data·inclusion have no machine list: what a place has is said,
if at all, in its description. These patterns recognise the machines a fabrication workshop is
defined by, so that a tiers-lieu "with machines" can be told from one without, and the machines
can be added to its profile. Matching is done on `cleaning.name_key` text (no accents, no case).
"""

import re

from .cleaning import name_key

# (pattern on the name_key of the text, equipment type slug)
PATTERNS = [
    (r"\b(imprimantes? 3 ?d|impression 3 ?d|3 ?d printers?|3 ?d printing)\b", "imprimante-3d-fdm"),
    (r"\b(imprimantes? (a )?resine|stereolithographie)\b", "imprimante-3d-resine"),
    (r"\b(decoupeuses? laser|decoupe laser|graveuses? laser|gravure laser|laser cutters?)\b", "decoupeuse-laser-co2"),
    (r"\b(fraiseuses? (a commande )?numeriques?|fraiseuses? cnc|cnc|defonceuses? numeriques?)\b",
     "fraiseuse-cnc-grand-format"),
    (r"\b(plotters?|traceurs? de decoupe|decoupe vinyle|vinyl cutters?)\b", "plotter-decoupe-vinyle"),
    (r"\b(brodeuses? numeriques?|broderie numerique)\b", "brodeuse-numerique"),
    (r"\b(scanners? 3 ?d|scan 3 ?d)\b", "scanner-3d"),
    (r"\b(arduino|raspberry|microcontroleurs?)\b", "kit-microcontroleurs"),
    (r"\b(stations? de soudure|fers? a souder)\b", "station-soudure"),
    (r"\b(thermoformeuses?|thermoformage)\b", "thermoformeuse"),
    (r"\b(machines? a coudre)\b", "machine-a-coudre"),
]  # fmt: skip
_COMPILED = [(re.compile(pattern), slug) for pattern, slug in PATTERNS]
# Words that say a place is a fabrication workshop even when it names no machine.
FABRICATION_WORDS = re.compile(r"\b(fab ?labs?|makerspaces?|fabrication numerique|atelier de fabrication|fabmanager)\b")


def named_machines(*texts: str) -> tuple[str, ...]:
    """The equipment type slugs whose machines the texts name, in the taxonomy's order, once each."""
    key = " ".join(name_key(text) for text in texts if text)
    return tuple(dict.fromkeys(slug for pattern, slug in _COMPILED if pattern.search(key)))


def speaks_of_fabrication(*texts: str) -> bool:
    """True when the texts call the place a fablab or makerspace, or name one of its machines."""
    key = " ".join(name_key(text) for text in texts if text)
    return bool(FABRICATION_WORDS.search(key)) or bool(named_machines(*texts))
