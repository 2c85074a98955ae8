"""The directory's text search, as people type: any case, with or without accents, words in any order.

"fablab rennes", "chateaubriant", "electronique" or "laser" find what they name: every word must
be found in the workshop's name, its summary, its commune's name or the name of one of its
machines' types (in French or English) or their category. Single letters and the most common French
and English small words are left out ("fablab de rennes" is "fablab rennes"); digits are kept.

Accents and case are folded on both sides by one function, `unaccent(lower(…))`: PostgreSQL's
unaccent extension (migration 0020), and on SQLite the same folding in Python, registered on each
connection (`register_sqlite_unaccent`).
"""

import re
import unicodedata

from django.db.models import CharField, Func, Q, Value
from django.db.models.functions import Concat, Lower
from django.utils import translation

MAX_WORDS = 6
STOPWORDS = frozenset(
    [
        "le",
        "la",
        "les",
        "de",
        "des",
        "du",
        "un",
        "une",
        "et",
        "en",
        "au",
        "aux",
        "a",
        "d",
        "l",
        "pour",
        "sur",
        "dans",
        "avec",
        "par",
        "ou",
        "the",
        "and",
        "of",
        "in",
        "at",
        "for",
        "to",
    ]
)
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "’": "'"})
_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower case, without accents or ligatures ("Œuvre Électronique" → "oeuvre electronique")."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold().translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The words a search looks for, folded; the text itself when it is only small words."""
    found = _WORD.findall(fold(text))
    kept = [word for word in dict.fromkeys(found) if (len(word) > 1 or word.isdigit()) and word not in STOPWORDS]
    if not kept and found:
        kept = [" ".join(found)]
    return kept[:MAX_WORDS]


class Unaccent(Func):
    """`unaccent(lower(expression))`: folded as `fold` folds a word."""

    function = "unaccent"
    output_field = CharField()

    def __init__(self, expression, **extra):
        super().__init__(Lower(expression), **extra)


def folded(word: str) -> Unaccent:
    """A folded word on the database's side, so that both sides are folded by the same function."""
    return Unaccent(Value(word, output_field=CharField()))


def _types_named(word: str, types) -> set[int]:
    """The ids of the equipment types whose name or category, in French or English, holds `word`."""
    categories = {}
    for language in ("fr", "en"):
        with translation.override(language):
            for kind in types:
                categories.setdefault(kind.pk, []).append(str(kind.get_category_display()))
    return {
        kind.pk for kind in types if any(word in fold(name) for name in [kind.name, kind.name_en, *categories[kind.pk]])
    }


def searched_text() -> Unaccent:
    """What a word is looked for in, folded once per row: the name, the summary and the commune's name,
    separated by spaces, so that no word is found across two of them (one unaccent() per row and
    word rather than three: 100,000 rows in ~0.3 s less)."""
    return Unaccent(Concat("name", Value(" "), "summary", Value(" "), "commune__name", output_field=CharField()))


def condition(text: str, types, any_type) -> Q | None:
    """The condition a workshop meets when it holds every word of `text` (None: no word, no filter).

    Needs the queryset aliased with `_search_text=searched_text()`. `types` is the taxonomy;
    `any_type(ids)` the condition "has a machine of one of these types".
    """
    result = None
    for word in words(text):
        holds = Q(_search_text__contains=folded(word))
        ids = _types_named(word, types)
        if ids:
            holds |= any_type(ids)
        result = holds if result is None else result & holds
    return result


def register_sqlite_unaccent(sender, connection, **kwargs):
    """SQLite has no unaccent: each new connection gets `fold` under that name (deterministic)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("unaccent", 1, _sqlite_fold, deterministic=True)


def _sqlite_fold(text):
    return None if text is None else fold(text)
