"""Content stored in both languages (French and English fields or keys), read in the current one."""

from django.utils.translation import get_language


def content_language() -> str:
    """ "en" when the request's language is English, else "fr" (the default, and the fallback)."""
    return "en" if (get_language() or "").startswith("en") else "fr"


def in_language(french, english):
    """The English text in English when there is one, else the French."""
    return english if content_language() == "en" and english else french
