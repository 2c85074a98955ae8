"""The pages that say who runs the directory: about, legal notice, accessibility statement, contact.

Their prose is written once per language (templates/pages/<language>/), as legal texts are; the
facts that change with the deployment (publisher, host, contact address) come from settings.
"""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from workshops.archetypes import DEFINITIONS

PAGES = ("about", "legal", "accessibility", "contact")


def publisher() -> dict:
    """Who publishes the site and answers for its data; empty values are shown as not configured."""
    return {
        "name": settings.PUBLISHER_NAME,
        "address": settings.PUBLISHER_ADDRESS,
        "director": settings.PUBLICATION_DIRECTOR,
        "email": settings.CONTACT_EMAIL,
        "host": settings.HOSTING_PROVIDER,
    }


def _page(request, name, **context):
    language = "en" if (get_language() or "").startswith("en") else "fr"
    context |= {"publisher": publisher(), "page": name}
    return render(request, f"pages/{language}/{name}.html", context)


@require_safe
def about(request):
    language = "en" if (get_language() or "").startswith("en") else "fr"
    archetypes = [(d.number, d.name(language), d.definition(language)) for d in DEFINITIONS.values()]
    return _page(request, "about", archetypes=archetypes)


@require_safe
def legal(request):
    return _page(request, "legal")


@require_safe
def accessibility(request):
    return _page(request, "accessibility")


@require_safe
def contact(request):
    return _page(request, "contact")
