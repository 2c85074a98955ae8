"""Content stored in both languages (French and English fields or keys), read in the current one."""

from django.utils.translation import get_language, gettext, pgettext


def content_language() -> str:
    """ "en" when the request's language is English, else "fr" (the default, and the fallback)."""
    return "en" if (get_language() or "").startswith("en") else "fr"


def in_language(french, english):
    """The English text in English when there is one, else the French."""
    return english if content_language() == "en" and english else french


# The letters before which French elides "de" ("d’Angers", not "de Angers"); "h" is left out, as
# many names start with an aspirated one ("de Hayange").
_VOWELS = frozenset("aeiouàâäéèêëîïôöûüœæAEIOUÀÂÄÉÈÊËÎÏÔÖÛÜŒÆ")


def of_place(name: str) -> str:
    """ "of Angers" as the page's language writes it: "de Nantes", "d’Angers" in French."""
    if name[:1] in _VOWELS:
        return pgettext("before a vowel", "of %(place)s") % {"place": name}
    return gettext("of %(place)s") % {"place": name}
