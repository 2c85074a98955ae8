"""The directory's text search, as people type: any case, with or without accents, words in any order.

"fablab rennes", "chateaubriant", "electronique", "laser" or "repair cafe" find what they name:
every word must be found in the workshop's name (also written without its spaces: "Fab Lab" is
found by "fablab"), its summary, its commune's, department's or region's name, the name of one
of its machines' types or their category, its carrier type, services, audiences or labels, or
its archetype's name (in French or English: "fablab" finds the generic fablabs). Single letters and the most common French
and English small words are left out ("fablab de rennes" is "fablab rennes"); digits are kept.

What a word is looked for in is stored on the workshop, folded (`Workshop.search_text`, kept in
step with the name, the summary, the commune and the machines by `workshops.classification`,
as the machines' types are), so that the search is a plain `LIKE '%word%'` for each word: on
PostgreSQL a trigram index serves it (migration 0020), on SQLite a scan of one column.
"""

import functools
import re
import unicodedata

from django.db.models import Q
from django.utils import translation

from .vocabularies import Archetype, Audience, CarrierType, EquipmentCategory, Label, Service

MAX_WORDS = 6
# fmt: off
STOPWORDS = frozenset([
    "le", "la", "les", "de", "des", "du", "un", "une", "et", "en", "au", "aux", "a", "d", "l", "pour", "sur",
    "dans", "avec", "par", "ou", "the", "and", "of", "in", "at", "for", "to",
])
# fmt: on
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "’": "'"})
_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower case, without accents or ligatures ("Œuvre Électronique" → "oeuvre electronique")."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold().translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def sort_key(name: str) -> str:
    """A name as French alphabetical order reads it: accents and case ignored, spaces made single
    ("École" with the E, "le Bêta Lab" with "Le Biome"), whatever the database's collation."""
    return " ".join(fold(name).split())[:200]


def words(text: str) -> list[str]:
    """The words a search looks for, folded; the text itself when it is only small words."""
    found = _WORD.findall(fold(text))
    kept = [word for word in dict.fromkeys(found) if (len(word) > 1 or word.isdigit()) and word not in STOPWORDS]
    if not kept and found:
        kept = [" ".join(found)]
    return kept[:MAX_WORDS]


def text_of(workshop, commune_name: str, types=(), *, divisions=(), archetype=None) -> str:
    """What a workshop's words are looked for in, folded: its name, summary and commune; each of
    its machines' types by its names and its category's; its carrier type, services, audiences and
    labels, in French and English; the names of its department and region (`divisions`); its
    archetype's name (`archetype`, the effective one) in French and English; its name without
    spaces or punctuation ("Le Fab-Lab" → "lefablab"). Separated by newlines, so that no word is
    found across two.

    `workshop` is anything with the workshop's fields (a model instance, a migration's historical
    one, a row the benchmark's seeder builds)."""
    parts = [workshop.name, workshop.summary, commune_name]
    for kind in types:
        parts += [kind.name, kind.name_en, *_names(EquipmentCategory, kind.category)]
    for vocabulary, codes in (
        (CarrierType, [workshop.carrier_type]),
        (Service, workshop.services),
        (Audience, workshop.audiences),
        (Label, workshop.labels),
    ):
        for code in codes or ():
            parts += _names(vocabulary, code)
    parts += divisions
    if archetype:
        parts += _names(Archetype, archetype)
    parts.append("".join(_WORD.findall(fold(workshop.name))))
    return fold("\n".join(dict.fromkeys(part for part in parts if part)))


@functools.cache
def _names(vocabulary, code: str) -> tuple[str, ...]:
    """A code's label in French and English (the catalogues do not change while a process runs)."""
    if code not in vocabulary.values:
        return ()
    label = vocabulary(code).label
    names = []
    for language in ("fr", "en"):
        with translation.override(language):
            names.append(str(label))
    return tuple(names)


def condition(text: str) -> Q | None:
    """The condition a workshop meets when its search text holds every word of `text` (None: no word)."""
    result = None
    for word in words(text):
        holds = Q(search_text__contains=word)
        result = holds if result is None else result & holds
    return result
